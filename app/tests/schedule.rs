//! Schedule baselines, slip and dependency warnings on SQLite and PostgreSQL: a planner approves
//! the plan, a milestone moves and shows its slip (page, list, comparison), milestones added and
//! removed since are listed; a milestone starting before what it depends on ends is flagged on
//! its page, in the list and in 需关注.

mod common;

use app::db::plan;
use app::db::Db;
use app::domain::dependency_check::DependencyWarning;
use app::error::AppError;
use app::model::{MilestoneFilter, SlipBand};
use common::{count, seeded, today, user};

async fn detail(db: &Db, id: i64) -> app::model::MilestoneDetail {
    app::service::milestone_detail(db, id, today())
        .await
        .expect("read")
        .expect("milestone")
}

#[tokio::test]
async fn an_approved_plan_shows_each_milestones_slip_and_what_changed_since() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let state = plan::state(&db).await.expect("state");
        let moved = state.milestones.last().expect("a milestone");
        assert!(
            detail(&db, moved.id).await.slip.is_none(),
            "no baseline yet"
        );
        let empty = app::edit::baselines::comparison(&db, None)
            .await
            .expect("compare");
        assert!(empty.chosen.is_none());

        let id = app::edit::baselines::approve(&db, Some(&planner), " 2026年度计划 ", today())
            .await
            .expect("approve");
        let milestones = count(&db, "SELECT COUNT(*) FROM milestones").await;
        let comparison = app::edit::baselines::comparison(&db, None)
            .await
            .expect("compare");
        let chosen = comparison.chosen.expect("the new baseline");
        assert_eq!((chosen.id, chosen.name.as_str()), (id, "2026年度计划"));
        assert_eq!(chosen.milestones, milestones, "{}", db.backend_name());
        assert_eq!(comparison.moved_total, 0);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'baseline'"
            )
            .await,
            1
        );
        // The same name again, or a viewer, is refused and changes nothing.
        let again =
            app::edit::baselines::approve(&db, Some(&planner), "2026年度计划", today()).await;
        assert!(matches!(again, Err(AppError::Invalid(_))), "{again:?}");
        let viewer = user(&db, "viewer").await;
        let refused = app::edit::baselines::approve(&db, Some(&viewer), "另一个", today()).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM schedule_baselines").await,
            1
        );

        // A milestone moves 12 days later: its page, the list and the comparison say so.
        let mut form = moved.draft.form();
        form.due_date = (moved.draft.due_date + chrono::Duration::days(12)).to_string();
        app::edit::milestones::update(&db, Some(&planner), moved.id, moved.version, &form)
            .await
            .expect("move");
        let slip = detail(&db, moved.id).await.slip.expect("slip");
        assert_eq!((slip.days, slip.baseline_due), (12, moved.draft.due_date));
        assert_eq!(slip.baseline, "2026年度计划");
        let list = app::service::milestone_list(&db, &MilestoneFilter::default(), today())
            .await
            .expect("list");
        let on_page: Vec<i64> = list.rows.iter().map(|r| r.id).collect();
        if on_page.contains(&moved.id) {
            assert!(list
                .slips
                .iter()
                .any(|(m, s)| *m == moved.id && s.days == 12));
        }
        let comparison = app::edit::baselines::comparison(&db, Some(id))
            .await
            .expect("compare");
        assert_eq!(comparison.moved_total, 1);
        assert_eq!(
            (comparison.moved[0].id, comparison.moved[0].days),
            (moved.id, 12)
        );
        let late: i64 = comparison
            .bands
            .iter()
            .filter(|(p, b, _)| *p == moved.draft.pillar_id && *b == SlipBand::UpTo30)
            .map(|(_, _, n)| n)
            .sum();
        assert_eq!(late, 1);

        // One milestone added, one removed since.
        let mut new = moved.draft.form();
        new.title = "基线之后新增的任务".into();
        let added = app::edit::milestones::create(&db, Some(&planner), &new)
            .await
            .expect("add");
        let gone = &state.milestones[0];
        app::edit::milestones::delete(&db, Some(&planner), gone.id, gone.version, true)
            .await
            .expect("delete");
        let comparison = app::edit::baselines::comparison(&db, Some(id))
            .await
            .expect("compare");
        assert_eq!((comparison.added_total, comparison.removed_total), (1, 1));
        assert_eq!(comparison.added[0].id, Some(added));
        assert_eq!(comparison.removed[0].title, gone.draft.title);
        assert_eq!(comparison.removed[0].code, gone.code);
    }
}

#[tokio::test]
async fn a_milestone_starting_before_what_it_depends_on_ends_is_flagged() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let state = plan::state(&db).await.expect("state");
        // Two open milestones of the same pillar; the later one is made to depend on a new one
        // that ends 20 days after the later one starts.
        let first = state
            .milestones
            .iter()
            .rev()
            .find(|m| m.draft.start_date > today())
            .expect("a milestone not started");
        let mut predecessor = first.draft.form();
        predecessor.title = "前置：数据治理方案".into();
        predecessor.start_date = (first.draft.start_date - chrono::Duration::days(60)).to_string();
        predecessor.due_date = (first.draft.start_date + chrono::Duration::days(20)).to_string();
        let before = app::edit::milestones::create(&db, Some(&planner), &predecessor)
            .await
            .expect("create");
        let code = detail(&db, before).await.row.code.expect("a code");
        // Added by its code, as the page's field takes it.
        app::edit::milestones::add_dependency(&db, Some(&planner), first.id, &code)
            .await
            .expect("depend");
        let warnings = detail(&db, first.id).await.dependency_warnings;
        assert_eq!(
            warnings,
            [DependencyWarning::StartsBeforePredecessorEnds {
                other: format!("{code} 前置：数据治理方案"),
                days: 20
            }],
            "{}",
            db.backend_name()
        );
        assert!(matches!(
            detail(&db, before).await.dependency_warnings.as_slice(),
            [DependencyWarning::EndsAfterSuccessorStarts { days: 20, .. }]
        ));
        let overview =
            app::dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
                .await
                .expect("dashboard");
        assert!(
            overview
                .attention
                .dependency_clashes
                .iter()
                .any(|c| c.milestone.id == first.id),
            "{:?}",
            overview.attention.dependency_clashes
        );
        // An unknown code is a clear refusal.
        let unknown =
            app::edit::milestones::add_dependency(&db, Some(&planner), first.id, "YW-1999-001")
                .await;
        assert!(matches!(unknown, Err(AppError::Invalid(_))), "{unknown:?}");
        // Moving the predecessor to end before the start clears the warning.
        let stored = plan::state(&db).await.expect("state");
        let before_now = stored.milestones.iter().find(|m| m.id == before).unwrap();
        let mut fixed = before_now.draft.form();
        fixed.due_date = (first.draft.start_date - chrono::Duration::days(1)).to_string();
        app::edit::milestones::update(&db, Some(&planner), before, before_now.version, &fixed)
            .await
            .expect("fix");
        assert!(detail(&db, first.id).await.dependency_warnings.is_empty());
    }
}
