//! Saved views and bulk edits on SQLite and PostgreSQL: a person keeps named views of the
//! milestone list, one of them their default, and nobody else sees or changes them; a planner
//! previews a change to several milestones, confirms it in one journalled transaction, and a
//! milestone saved by someone else after the preview stops all of it.

mod common;

use app::db::{plan, Db};
use app::domain::problem::Problem;
use app::error::AppError;
use app::model::{BulkEditForm, CurrentUser, MilestoneFilter, SavedViewForm};
use common::{count, seeded, user};

fn view_form(name: &str, query: &str, make_default: bool) -> SavedViewForm {
    SavedViewForm {
        name: name.into(),
        query: query.into(),
        make_default: make_default.then(|| "on".to_string()),
    }
}

/// The problem of a refused save.
fn problem(result: Result<impl std::fmt::Debug, AppError>) -> Problem {
    match result {
        Err(AppError::Invalid(errors)) => errors.0[0].problem.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn people_keep_their_own_named_views_and_one_default() {
    for db in seeded().await {
        let name = db.backend_name();
        let viewer = user(&db, "viewer").await;
        let planner = user(&db, "planner").await;
        let views = |who: &CurrentUser| {
            let (db, who) = (db.clone(), who.clone());
            async move {
                app::edit::views::list(&db, Some(&who))
                    .await
                    .expect("views")
            }
        };

        // Saved as the list showed it: the page is not kept, unknown fields are dropped.
        let id = app::edit::views::save(
            &db,
            Some(&viewer),
            &view_form(
                " 红灯 ",
                "status=red&cols=unit.weight&sort=due&page=3&x=1",
                true,
            ),
        )
        .await
        .expect("save");
        let mine = views(&viewer).await.views;
        assert_eq!(mine.len(), 1, "{name}");
        assert_eq!(mine[0].name, "红灯");
        assert_eq!(mine[0].query, "status=red&cols=unit.weight&sort=due");
        assert!(mine[0].is_default);
        assert_eq!(
            mine[0].href(),
            "/milestones?status=red&cols=unit.weight&sort=due",
            "the link anyone can open"
        );
        assert_eq!(
            app::edit::views::default_href(&db, &viewer).await.unwrap(),
            Some(mine[0].href()),
            "the navigation opens the default view"
        );

        // The same name again replaces the view; a second default takes over.
        let again = app::edit::views::save(&db, Some(&viewer), &view_form("红灯", "unit=2", false))
            .await
            .expect("replace");
        assert_eq!(again, id);
        let other =
            app::edit::views::save(&db, Some(&viewer), &view_form("本单位", "unit=3", true))
                .await
                .expect("second");
        let mine = views(&viewer).await.views;
        assert_eq!(mine.len(), 2);
        let defaults: Vec<i64> = mine.iter().filter(|v| v.is_default).map(|v| v.id).collect();
        assert_eq!(defaults, vec![other], "{name}: one default");
        assert_eq!(
            mine.iter().find(|v| v.id == id).map(|v| v.query.as_str()),
            Some("unit=2")
        );

        // Someone else's view is neither listed nor changed by them.
        assert!(views(&planner).await.views.is_empty());
        assert!(matches!(
            app::edit::views::delete(&db, Some(&planner), id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            app::edit::views::make_default(&db, Some(&planner), Some(id)).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(
            app::edit::views::default_href(&db, &planner).await.unwrap(),
            None
        );
        assert!(matches!(
            app::edit::views::save(&db, None, &view_form("x", "", false)).await,
            Err(AppError::Unauthenticated)
        ));

        // A name is required; a person keeps at most so many views.
        assert_eq!(
            problem(app::edit::views::save(&db, Some(&viewer), &view_form("  ", "", false)).await),
            Problem::Required(app::domain::problem::Label::ViewName)
        );
        for n in 2..app::edit::views::VIEWS_MAX {
            app::edit::views::save(&db, Some(&viewer), &view_form(&format!("v{n}"), "", false))
                .await
                .expect("room for more");
        }
        assert_eq!(
            problem(
                app::edit::views::save(&db, Some(&viewer), &view_form("one more", "", false)).await
            ),
            Problem::TooManyViews {
                max: app::edit::views::VIEWS_MAX
            }
        );

        // No default any more, then deleting: the navigation opens the whole list.
        app::edit::views::make_default(&db, Some(&viewer), None)
            .await
            .expect("clear");
        assert_eq!(
            app::edit::views::default_href(&db, &viewer).await.unwrap(),
            None
        );
        app::edit::views::delete(&db, Some(&viewer), id)
            .await
            .expect("delete");
        assert!(views(&viewer).await.views.iter().all(|v| v.id != id));
    }
}

/// The first `n` milestones of the sample's plan with their stored fields.
async fn some_milestones(db: &Db, n: usize) -> Vec<app::domain::plan_sheet::StoredMilestone> {
    let state = plan::state(db).await.expect("state");
    state.milestones.into_iter().take(n).collect()
}

fn ids(milestones: &[app::domain::plan_sheet::StoredMilestone]) -> String {
    milestones
        .iter()
        .map(|m| m.id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test]
async fn a_bulk_edit_previews_then_changes_every_milestone_in_one_journalled_transaction() {
    for db in seeded().await {
        let name = db.backend_name();
        let planner = user(&db, "planner").await;
        let chosen = some_milestones(&db, 3).await;
        let reference = app::db::queries::reference_data(&db)
            .await
            .expect("reference");
        let unit = reference
            .units
            .iter()
            .find(|u| chosen.iter().all(|m| m.draft.unit_id != u.id))
            .expect("a unit none of them is in")
            .clone();
        let form = BulkEditForm {
            selection: ids(&chosen),
            unit: unit.id.to_string(),
            shift_days: "14".into(),
            ..Default::default()
        };

        let preview = app::edit::bulk_edit::preview(&db, Some(&planner), &form)
            .await
            .expect("preview");
        assert_eq!(preview.items.len(), 3, "{name}");
        assert_eq!(preview.changed(), 3);
        assert!(!preview.has_problems());
        for item in &preview.items {
            let fields: Vec<&str> = item.changes.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, ["unit", "start_date", "due_date"], "{name}");
            assert_eq!(item.changes[0].new, unit.name);
        }
        let journal_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        assert_eq!(
            some_milestones(&db, 3).await[0].draft,
            chosen[0].draft,
            "a preview writes nothing"
        );

        // A viewer may not; the planner confirms at the versions the preview read.
        let viewer = user(&db, "viewer").await;
        let confirm = BulkEditForm {
            selection: preview.selection.clone(),
            ..form.clone()
        };
        assert!(matches!(
            app::edit::bulk_edit::apply(&db, Some(&viewer), &confirm).await,
            Err(AppError::Forbidden)
        ));
        let changed = app::edit::bulk_edit::apply(&db, Some(&planner), &confirm)
            .await
            .expect("apply");
        assert_eq!(changed, 3);
        let after = some_milestones(&db, 3).await;
        for (before, now) in chosen.iter().zip(&after) {
            assert_eq!(now.id, before.id);
            assert_eq!(now.draft.unit_id, unit.id, "{name}");
            assert_eq!(
                now.draft.due_date,
                before.draft.due_date + chrono::Duration::days(14)
            );
            assert_eq!(now.version, before.version + 1);
        }
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log").await,
            journal_before + 9,
            "three fields of three milestones"
        );
        let filter = MilestoneFilter {
            unit: Some(unit.id),
            ..Default::default()
        };
        let listed = app::service::milestone_list(&db, &filter, common::today())
            .await
            .expect("list");
        assert!(chosen
            .iter()
            .all(|m| listed.rows.iter().any(|r| r.id == m.id)));

        // The same confirm again is stale: the versions moved on.
        assert!(matches!(
            problem(app::edit::bulk_edit::apply(&db, Some(&planner), &confirm).await),
            Problem::MilestonesChangedMeanwhile { .. }
        ));
    }
}

#[tokio::test]
async fn a_milestone_saved_after_the_preview_or_a_broken_rule_stops_the_whole_edit() {
    for db in seeded().await {
        let name = db.backend_name();
        let planner = user(&db, "planner").await;
        let chosen = some_milestones(&db, 2).await;
        let form = BulkEditForm {
            selection: ids(&chosen),
            weight: "7".into(),
            ..Default::default()
        };
        let preview = app::edit::bulk_edit::preview(&db, Some(&planner), &form)
            .await
            .expect("preview");

        // Someone saves the second milestone between the preview and the confirm.
        let second = &chosen[1];
        let mut edited = second.draft.form();
        edited.title = format!("{}（已调整）", second.draft.title);
        app::edit::milestones::update(&db, Some(&planner), second.id, second.version, &edited)
            .await
            .expect("someone else's save");
        let journal_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        let confirm = BulkEditForm {
            selection: preview.selection.clone(),
            ..form.clone()
        };
        match problem(app::edit::bulk_edit::apply(&db, Some(&planner), &confirm).await) {
            Problem::MilestonesChangedMeanwhile { titles } => {
                assert_eq!(titles.len(), 1, "{name}");
                assert!(titles[0].contains("已调整"), "{titles:?}");
            }
            other => panic!("{name}: {other:?}"),
        }
        let now = some_milestones(&db, 2).await;
        assert_eq!(
            now[0].draft.weight, chosen[0].draft.weight,
            "{name}: nothing written"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log").await,
            journal_before
        );

        // Dates moved out of the roadmap break the form's rule: listed in the preview, refused.
        let far = BulkEditForm {
            selection: ids(&chosen),
            shift_days: "-3650".into(),
            ..Default::default()
        };
        let preview = app::edit::bulk_edit::preview(&db, Some(&planner), &far)
            .await
            .expect("preview");
        assert!(preview.has_problems(), "{name}");
        assert!(preview.items.iter().all(|i| i
            .problems
            .iter()
            .any(|p| matches!(p, Problem::OutsideRoadmap { .. }))));
        let refused = app::edit::bulk_edit::apply(
            &db,
            Some(&planner),
            &BulkEditForm {
                selection: preview.selection.clone(),
                ..far
            },
        )
        .await;
        assert_eq!(problem(refused), Problem::BulkHasProblems { count: 2 });

        // Asking for nothing, or for a pillar that does not exist, is refused before anything.
        let nothing = BulkEditForm {
            selection: preview.selection.clone(),
            ..Default::default()
        };
        assert_eq!(
            problem(app::edit::bulk_edit::apply(&db, Some(&planner), &nothing).await),
            Problem::BulkNothingChosen
        );
        let unknown = BulkEditForm {
            pillar: "99999".into(),
            ..nothing
        };
        assert!(matches!(
            problem(app::edit::bulk_edit::preview(&db, Some(&planner), &unknown).await),
            Problem::NoSuchChoice(_)
        ));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log").await,
            journal_before
        );
    }
}
