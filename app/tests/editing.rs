//! Editing rules on SQLite and PostgreSQL: roles, validation, optimistic locking, the audit
//! journal, progress, dependencies, problems, deletion, sign-in and sessions.

mod common;

use app::db::problems::ProblemOn;
use app::db::sessions::{self, SignIn};
use app::db::{with_pool, Db};
use app::edit::{self, milestones, problems};
use app::error::AppError;
use app::model::{
    CurrentUser, JournalFilter, MilestoneForm, MilestoneId, ProblemForm, ProgressForm, ProjectId,
};
use app::service;
use common::{d, seeded, today};

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) =
        with_pool!(db, pool => sqlx::query_as(&sql).fetch_one(pool).await.expect("count"));
    n
}

/// Every table an edit could touch, to prove a refused edit changed nothing.
async fn fingerprint(db: &Db) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "milestones",
        "milestone_progress",
        "milestone_dependencies",
        "project_milestones",
        "problems",
        "audit_log",
    ] {
        counts.push(count(db, table).await);
    }
    let (sum,): (i64,) = with_pool!(db, pool => sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(version + percent + weight), 0) AS BIGINT) FROM milestones"
    ).fetch_one(pool).await.expect("sum"));
    counts.push(sum);
    counts
}

/// Signs a demo account in and returns the user its session resolves to.
async fn sign_in_as(db: &Db, username: &str) -> (CurrentUser, String) {
    let (signed_in, token) = common::sign_in_as(db, username).await;
    (signed_in.user, token)
}

async fn first_milestone(db: &Db) -> (i64, i64) {
    with_pool!(db, pool => sqlx::query_as("SELECT id, version FROM milestones ORDER BY id LIMIT 1")
        .fetch_one(pool).await.expect("milestone"))
}

async fn form_of(db: &Db, id: i64) -> MilestoneForm {
    service::milestone_detail(db, id, today())
        .await
        .expect("detail")
        .expect("exists")
        .form()
}

fn progress(percent: &str, on: &str, note: &str) -> ProgressForm {
    ProgressForm {
        percent: percent.into(),
        reported_on: on.into(),
        note: note.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn viewers_and_anonymous_requests_change_nothing() {
    for db in seeded().await {
        let name = db.backend_name();
        let (viewer, _) = sign_in_as(&db, "viewer").await;
        let (id, version) = first_milestone(&db).await;
        let form = form_of(&db, id).await;
        let before = fingerprint(&db).await;
        for (actor, expected) in [
            (None, AppError::Unauthenticated),
            (Some(&viewer), AppError::Forbidden),
        ] {
            let results = [
                milestones::create(&db, actor, &form).await.map(|_| ()),
                milestones::update(&db, actor, id, version, &form)
                    .await
                    .map(|_| ()),
                milestones::delete(&db, actor, id, version, true).await,
                milestones::record_progress(
                    &db,
                    actor,
                    id,
                    &progress("50", "2026-11-01", "x"),
                    today(),
                )
                .await,
                milestones::add_dependency(&db, actor, id, "2").await,
                milestones::remove_dependency(&db, actor, id, 2).await,
                milestones::link_project(&db, actor, MilestoneId(id), "1").await,
                milestones::unlink_project(&db, actor, MilestoneId(id), ProjectId(1)).await,
                problems::open(
                    &db,
                    actor,
                    ProblemOn::Milestone(id),
                    &ProblemForm {
                        description: "x".into(),
                        ..Default::default()
                    },
                    today(),
                )
                .await
                .map(|_| ()),
                problems::respond(&db, actor, 1, "x", true, today()).await,
                edit::settings::set_anonymous_read(&db, actor, true).await,
            ];
            for (i, result) in results.into_iter().enumerate() {
                assert_eq!(result, Err(expected.clone()), "{name}: call {i}");
            }
        }
        let (planner, _) = sign_in_as(&db, "planner").await;
        assert_eq!(
            edit::settings::set_anonymous_read(&db, Some(&planner), true).await,
            Err(AppError::Forbidden),
            "{name}: planners do not administer"
        );
        assert_eq!(fingerprint(&db).await, before, "{name}");
        assert!(!sessions::anonymous_read(&db).await.unwrap());
    }
}

#[tokio::test]
async fn a_planner_creates_and_edits_and_the_journal_says_who_changed_what() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (template_id, _) = first_milestone(&db).await;
        let mut form = form_of(&db, template_id).await;
        form.title = "  乡镇视频会议系统全覆盖  ".into();
        form.start_date = "2026-01-01".into();
        form.due_date = "2026-12-31".into();
        form.weight = "3".into();
        let id = milestones::create(&db, Some(&planner), &form)
            .await
            .expect("create");
        let detail = service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            detail.row.title, "乡镇视频会议系统全覆盖",
            "{name}: trimmed"
        );
        assert_eq!(
            (detail.row.weight, detail.row.percent, detail.version),
            (3, 0, 1)
        );
        assert!(detail
            .history
            .iter()
            .any(|e| e.action == "create" && e.field == "title" && e.username == "planner"));

        form.title = "乡镇视频会议系统全覆盖（二期）".into();
        form.weight = "2".into();
        let version = milestones::update(&db, Some(&planner), id, 1, &form)
            .await
            .expect("update");
        assert_eq!(version, 2);
        let detail = service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        let title_change = detail
            .history
            .iter()
            .find(|e| e.action == "update" && e.field == "title")
            .expect("journal");
        assert_eq!(title_change.old_value, "乡镇视频会议系统全覆盖");
        assert_eq!(title_change.new_value, "乡镇视频会议系统全覆盖（二期）");
        assert_eq!(title_change.username, "planner");
        assert!(detail
            .history
            .iter()
            .any(|e| e.field == "weight" && e.old_value == "3" && e.new_value == "2"));
        // Saving the same values again changes nothing and writes no journal line.
        let lines = count(&db, "audit_log").await;
        assert_eq!(
            milestones::update(&db, Some(&planner), id, 2, &form).await,
            Ok(2)
        );
        assert_eq!(count(&db, "audit_log").await, lines, "{name}");
    }
}

#[tokio::test]
async fn the_second_of_two_editors_is_refused_and_shown_what_changed() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (admin, _) = sign_in_as(&db, "admin").await;
        let (id, version) = first_milestone(&db).await;
        // Both open the same milestone at the same version.
        let mut first = form_of(&db, id).await;
        let mut second = first.clone();
        first.title = "第一位编辑改的名称".into();
        second.weight = "9".into();
        milestones::update(&db, Some(&planner), id, version, &first)
            .await
            .expect("first save");
        let before = fingerprint(&db).await;
        let refused = milestones::update(&db, Some(&admin), id, version, &second).await;
        let Err(AppError::Conflict(changes)) = refused else {
            panic!("{name}: expected a conflict, got {refused:?}");
        };
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "title");
        assert_eq!(changes[0].new_value, "第一位编辑改的名称");
        assert_eq!(changes[0].username, "planner");
        assert_eq!(
            fingerprint(&db).await,
            before,
            "{name}: nothing overwritten"
        );
        let detail = service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.row.title, "第一位编辑改的名称");
        assert_ne!(detail.row.weight, 9);
        // Deleting with the stale version is refused too.
        assert!(matches!(
            milestones::delete(&db, Some(&admin), id, version, true).await,
            Err(AppError::Conflict(_))
        ));
    }
}

#[tokio::test]
async fn invalid_input_is_refused_field_by_field_and_changes_nothing() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (id, version) = first_milestone(&db).await;
        let good = form_of(&db, id).await;
        let before = fingerprint(&db).await;
        let bad = MilestoneForm {
            title: String::new(),
            start_date: "2026-05-01".into(),
            due_date: "2026-04-30".into(),
            weight: "abc".into(),
            unit: "999999".into(),
            ..good.clone()
        };
        let Err(AppError::Invalid(errors)) =
            milestones::update(&db, Some(&planner), id, version, &bad).await
        else {
            panic!("{name}: expected field errors");
        };
        assert_eq!(zh(&errors, "title").as_deref(), Some("请填写里程碑名称"));
        assert_eq!(
            zh(&errors, "due_date").as_deref(),
            Some("完成期限不能早于开始日期")
        );
        assert_eq!(
            zh(&errors, "weight").as_deref(),
            Some("权重应为 0 到 100 之间的整数")
        );
        assert_eq!(
            zh(&errors, "unit").as_deref(),
            Some("所选责任单位不存在，请重新选择")
        );
        assert!(milestones::create(&db, Some(&planner), &bad).await.is_err());
        let Err(AppError::Invalid(errors)) = milestones::record_progress(
            &db,
            Some(&planner),
            id,
            &progress("120", "2030-01-01", ""),
            today(),
        )
        .await
        else {
            panic!("{name}: expected progress field errors");
        };
        assert!(
            zh(&errors, "percent").as_deref().is_some()
                && zh(&errors, "reported_on").as_deref().is_some()
                && zh(&errors, "note").as_deref().is_some()
        );
        assert_eq!(fingerprint(&db).await, before, "{name}");
        assert_eq!(
            milestones::update(&db, Some(&planner), 987_654, 1, &good).await,
            Err(AppError::NotFound),
            "{name}"
        );
    }
}

#[tokio::test]
async fn progress_follows_the_newest_update_and_moves_the_overview() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let mut form = form_of(&db, first_milestone(&db).await.0).await;
        form.title = "新里程碑".into();
        form.start_date = "2026-01-01".into();
        form.due_date = "2026-12-31".into();
        form.weight = "5".into();
        let id = milestones::create(&db, Some(&planner), &form)
            .await
            .unwrap();
        let overall_before =
            app::dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
                .await
                .unwrap()
                .overall;

        milestones::record_progress(
            &db,
            Some(&planner),
            id,
            &progress("60", "2026-10-31", "设备到货安装"),
            today(),
        )
        .await
        .unwrap();
        // A late entry for an earlier day goes into the history but does not lower the percent.
        milestones::record_progress(
            &db,
            Some(&planner),
            id,
            &progress("30", "2026-09-30", "补录九月进展"),
            today(),
        )
        .await
        .unwrap();
        let detail = service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.row.percent, 60, "{name}");
        assert_eq!(detail.progress.len(), 2);
        assert_eq!(detail.progress[0].note, "设备到货安装", "newest first");
        assert_eq!(detail.progress[0].author.as_deref(), Some("示例规划员"));
        assert!(detail
            .history
            .iter()
            .any(|e| e.field == "percent" && e.old_value == "0%" && e.new_value == "60%"));

        let with_problem = ProgressForm {
            problem: "资金未到位".into(),
            problem_due: "2026-12-15".into(),
            ..progress("100", "2026-11-20", "已完成验收")
        };
        milestones::record_progress(&db, Some(&planner), id, &with_problem, today())
            .await
            .unwrap();
        let detail = service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (detail.row.percent, detail.completed_on),
            (100, Some(d(2026, 11, 20))),
            "{name}"
        );
        assert_eq!(detail.problems.len(), 1);
        assert_eq!(detail.problems[0].description, "资金未到位");

        let overall_after =
            app::dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
                .await
                .unwrap()
                .overall;
        assert!(
            overall_after.actual > overall_before.actual,
            "{name}: {overall_before:?} → {overall_after:?}"
        );
    }
}

#[tokio::test]
async fn dependencies_refuse_cycles_and_links_are_journalled() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let ids: Vec<(i64,)> = with_pool!(&db, pool => sqlx::query_as(
            "SELECT id FROM milestones m WHERE NOT EXISTS (SELECT 1 FROM milestone_dependencies x WHERE x.milestone_id = m.id OR x.depends_on_id = m.id) ORDER BY id LIMIT 3"
        ).fetch_all(pool).await.unwrap());
        let (a, b, c) = (ids[0].0, ids[1].0, ids[2].0);
        milestones::add_dependency(&db, Some(&planner), b, &a.to_string())
            .await
            .unwrap();
        milestones::add_dependency(&db, Some(&planner), c, &b.to_string())
            .await
            .unwrap();
        let before = fingerprint(&db).await;
        let Err(AppError::Invalid(errors)) =
            milestones::add_dependency(&db, Some(&planner), a, &c.to_string()).await
        else {
            panic!("{name}: a → c → b → a must be refused");
        };
        assert!(zh(&errors, "depends_on")
            .as_deref()
            .unwrap()
            .contains("循环依赖"));
        assert!(
            milestones::add_dependency(&db, Some(&planner), a, &a.to_string())
                .await
                .is_err()
        );
        assert_eq!(fingerprint(&db).await, before, "{name}");
        let detail = service::milestone_detail(&db, a, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            detail.dependents.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![b]
        );
        assert!(
            !detail
                .dependency_candidates
                .iter()
                .any(|m| m.id == b || m.id == c || m.id == a),
            "{name}: no cyclic candidates"
        );

        milestones::remove_dependency(&db, Some(&planner), c, b)
            .await
            .unwrap();
        milestones::add_dependency(&db, Some(&planner), a, &c.to_string())
            .await
            .expect("no cycle any more");

        let (project,): (i64,) = with_pool!(&db, pool => sqlx::query_as("SELECT id FROM projects ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap());
        milestones::link_project(&db, Some(&planner), MilestoneId(a), &project.to_string())
            .await
            .unwrap();
        milestones::link_project(&db, Some(&planner), MilestoneId(a), &project.to_string())
            .await
            .expect("linking twice is harmless");
        let detail = service::milestone_detail(&db, a, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.projects.len(), 1);
        assert_eq!(
            detail
                .history
                .iter()
                .filter(|e| e.field == "projects")
                .count(),
            1,
            "{name}"
        );
        milestones::unlink_project(&db, Some(&planner), MilestoneId(a), ProjectId(project))
            .await
            .unwrap();
        assert!(service::milestone_detail(&db, a, today())
            .await
            .unwrap()
            .unwrap()
            .projects
            .is_empty());
    }
}

#[tokio::test]
async fn deleting_needs_confirmation_and_takes_the_history_with_it() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (id, version): (i64, i64) = with_pool!(&db, pool => sqlx::query_as(
            "SELECT m.id, m.version FROM milestones m WHERE EXISTS (SELECT 1 FROM milestone_progress p WHERE p.milestone_id = m.id)
               AND EXISTS (SELECT 1 FROM milestone_dependencies x WHERE x.depends_on_id = m.id) ORDER BY m.id LIMIT 1"
        ).fetch_one(pool).await.unwrap());
        let before = fingerprint(&db).await;
        let Err(AppError::Invalid(errors)) =
            milestones::delete(&db, Some(&planner), id, version, false).await
        else {
            panic!("{name}: deleting without confirmation must be refused");
        };
        assert!(zh(&errors, "confirm").as_deref().is_some());
        assert_eq!(fingerprint(&db).await, before);
        milestones::delete(&db, Some(&planner), id, version, true)
            .await
            .expect("delete");
        assert_eq!(
            service::milestone_detail(&db, id, today()).await.unwrap(),
            None
        );
        let orphans: (i64,) = with_pool!(&db, pool => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM milestone_progress WHERE milestone_id = $1) + (SELECT COUNT(*) FROM milestone_dependencies WHERE depends_on_id = $1) + (SELECT COUNT(*) FROM problems WHERE milestone_id = $1)"
        ).bind(id).fetch_one(pool).await.unwrap());
        assert_eq!(orphans.0, 0, "{name}");
        let journal = app::db::journal::history(&db, "milestone", id)
            .await
            .unwrap();
        assert_eq!(journal[0].action, "delete");
    }
}

#[tokio::test]
async fn problems_are_raised_answered_and_closed() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (id, _) = first_milestone(&db).await;
        let bad = ProblemForm {
            description: " ".into(),
            unit: "x".into(),
            due_date: "2026-01-01".into(),
        };
        let Err(AppError::Invalid(errors)) =
            problems::open(&db, Some(&planner), ProblemOn::Milestone(id), &bad, today()).await
        else {
            panic!("{name}");
        };
        assert_eq!(
            zh(&errors, "description").as_deref(),
            Some("请填写存在问题")
        );
        assert_eq!(
            zh(&errors, "due_date").as_deref(),
            Some("整改期限不能早于提出问题的日期")
        );
        let form = ProblemForm {
            description: "网络割接窗口未确定".into(),
            unit: String::new(),
            due_date: "2026-12-10".into(),
        };
        let problem = problems::open(
            &db,
            Some(&planner),
            ProblemOn::Milestone(id),
            &form,
            today(),
        )
        .await
        .unwrap();
        assert!(
            problems::respond(&db, Some(&planner), problem, "", false, today())
                .await
                .is_err(),
            "an answer needs text"
        );
        problems::respond(
            &db,
            Some(&planner),
            problem,
            "已与运营商确定12月8日夜间割接",
            false,
            today(),
        )
        .await
        .unwrap();
        let p = |detail: app::model::MilestoneDetail| {
            detail
                .problems
                .into_iter()
                .find(|p| p.id == problem)
                .unwrap()
        };
        let answered = p(service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap());
        assert_eq!(answered.status.code(), "answered");
        assert_eq!(answered.answer, "已与运营商确定12月8日夜间割接");
        problems::respond(&db, Some(&planner), problem, "", true, today())
            .await
            .unwrap();
        let closed = p(service::milestone_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap());
        assert_eq!(
            (closed.status.code(), closed.closed_on),
            ("closed", Some(today())),
            "{name}"
        );
        assert_eq!(
            closed.answer, "已与运营商确定12月8日夜间割接",
            "closing keeps the answer"
        );
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down_and_idle_sessions_end() {
    for db in seeded().await {
        let name = db.backend_name();
        let now = 1_800_000_000;
        for _ in 0..4 {
            assert_eq!(
                sessions::sign_in(&db, "planner", "wrong", now)
                    .await
                    .unwrap(),
                SignIn::Refused
            );
        }
        assert_eq!(
            sessions::sign_in(&db, "planner", "wrong", now)
                .await
                .unwrap(),
            SignIn::SlowedDown { wait_seconds: 30 },
            "{name}: the fifth failure in a row"
        );
        // Even the right password waits until the pause is over.
        assert_eq!(
            sessions::sign_in(&db, "planner", "roadmap-planner", now + 10)
                .await
                .unwrap(),
            SignIn::SlowedDown { wait_seconds: 20 }
        );
        let SignIn::Accepted { token, .. } =
            sessions::sign_in(&db, "planner", "roadmap-planner", now + 31)
                .await
                .unwrap()
        else {
            panic!("{name}: the right password after the pause");
        };
        // The counter starts again after a success.
        assert_eq!(
            sessions::sign_in(&db, "planner", "wrong", now + 32)
                .await
                .unwrap(),
            SignIn::Refused
        );
        assert_eq!(
            sessions::sign_in(&db, "nobody", "whatever", now)
                .await
                .unwrap(),
            SignIn::Refused
        );

        let idle = 600;
        assert!(sessions::session_user(&db, &token, now + 31 + idle, idle)
            .await
            .unwrap()
            .is_some());
        // Each request keeps the session alive; a long pause ends it.
        assert!(
            sessions::session_user(&db, &token, now + 31 + 2 * idle, idle)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            sessions::session_user(&db, &token, now + 31 + 4 * idle, idle)
                .await
                .unwrap()
                .is_none(),
            "{name}"
        );
        assert!(sessions::session_user(&db, "forged-token", now, idle)
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn changing_the_password_signs_out_the_other_browsers() {
    for db in seeded().await {
        let name = db.backend_name();
        let (viewer, here) = sign_in_as(&db, "viewer").await;
        let (_, elsewhere) = sign_in_as(&db, "viewer").await;
        let wrong = edit::settings::change_password(
            &db,
            Some(&viewer),
            Some(&here),
            "nope",
            "new-password-1",
            "new-password-1",
        )
        .await;
        assert!(
            matches!(wrong, Err(AppError::Invalid(ref e)) if zh(e, "current").as_deref() == Some("当前密码不正确")),
            "{name}"
        );
        let short = edit::settings::change_password(
            &db,
            Some(&viewer),
            Some(&here),
            "roadmap-viewer",
            "short",
            "short",
        )
        .await;
        assert!(
            matches!(short, Err(AppError::Invalid(ref e)) if zh(e, "new").as_deref().is_some())
        );
        let mismatch = edit::settings::change_password(
            &db,
            Some(&viewer),
            Some(&here),
            "roadmap-viewer",
            "new-password-1",
            "new-password-2",
        )
        .await;
        assert!(
            matches!(mismatch, Err(AppError::Invalid(ref e)) if zh(e, "confirm").as_deref().is_some())
        );
        edit::settings::change_password(
            &db,
            Some(&viewer),
            Some(&here),
            "roadmap-viewer",
            "new-password-1",
            "new-password-1",
        )
        .await
        .expect("change");
        let now = chrono::Utc::now().timestamp();
        assert!(sessions::session_user(&db, &here, now, 3600)
            .await
            .unwrap()
            .is_some());
        assert!(
            sessions::session_user(&db, &elsewhere, now, 3600)
                .await
                .unwrap()
                .is_none(),
            "{name}"
        );
        assert_eq!(
            sessions::sign_in(&db, "viewer", "roadmap-viewer", now)
                .await
                .unwrap(),
            SignIn::Refused
        );
        assert!(matches!(
            sessions::sign_in(&db, "viewer", "new-password-1", now)
                .await
                .unwrap(),
            SignIn::Accepted { .. }
        ));
    }
}

#[tokio::test]
async fn the_admin_journal_filters_by_user_record_and_date() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (admin, _) = sign_in_as(&db, "admin").await;
        let (id, version) = first_milestone(&db).await;
        let mut form = form_of(&db, id).await;
        form.weight = "7".into();
        milestones::update(&db, Some(&planner), id, version, &form)
            .await
            .unwrap();
        edit::settings::set_anonymous_read(&db, Some(&admin), true)
            .await
            .unwrap();
        assert!(sessions::anonymous_read(&db).await.unwrap());

        let all = app::db::journal::search(&db, &JournalFilter::default())
            .await
            .unwrap()
            .entries;
        assert_eq!(all.len(), 2, "{name}");
        assert_eq!(all[0].entity, "settings", "newest first");
        let by_planner = JournalFilter {
            user: Some("planner".into()),
            ..Default::default()
        };
        let rows = app::db::journal::search(&db, &by_planner)
            .await
            .unwrap()
            .entries;
        assert_eq!((rows.len(), rows[0].field.as_str()), (1, "weight"));
        let settings = JournalFilter {
            entity: Some("settings".into()),
            ..Default::default()
        };
        assert_eq!(
            app::db::journal::search(&db, &settings)
                .await
                .unwrap()
                .entries[0]
                .username,
            "admin"
        );
        let today_utc = chrono::Utc::now().date_naive();
        let window = JournalFilter {
            from: today_utc.pred_opt(),
            to: today_utc.succ_opt(),
            ..Default::default()
        };
        assert_eq!(
            app::db::journal::search(&db, &window)
                .await
                .unwrap()
                .page
                .total,
            2
        );
        let long_ago = JournalFilter {
            to: Some(d(2020, 1, 1)),
            ..Default::default()
        };
        assert!(
            app::db::journal::search(&db, &long_ago)
                .await
                .unwrap()
                .entries
                .is_empty(),
            "{name}"
        );
    }
}

fn project_form() -> app::model::ProjectForm {
    app::model::ProjectForm {
        kind: "major".into(),
        code: "2026-339901-65-01-77777A".into(),
        name: "县域物联感知平台".into(),
        unit: "1".into(),
        location: "城关镇".into(),
        construction_type: "new".into(),
        pillar: "3".into(),
        start_year: "2026".into(),
        end_year: "2027".into(),
        total: "1,234.56".into(),
        fund_provincial: "234.56".into(),
        fund_county: "1000".into(),
        status: "preparing".into(),
        contact_phone: "0579-12345678".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn projects_are_created_and_edited_with_exact_amounts_and_unique_codes() {
    use app::edit::projects;
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (viewer, _) = sign_in_as(&db, "viewer").await;
        let before = fingerprint(&db).await;
        assert_eq!(
            projects::create(&db, Some(&viewer), &project_form()).await,
            Err(AppError::Forbidden)
        );
        let taken: (String,) = with_pool!(&db, pool => sqlx::query_as("SELECT code FROM projects WHERE code IS NOT NULL ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap());
        let duplicate = app::model::ProjectForm {
            code: taken.0.clone(),
            ..project_form()
        };
        let Err(AppError::Invalid(errors)) =
            projects::create(&db, Some(&planner), &duplicate).await
        else {
            panic!("{name}: duplicate code");
        };
        assert!(
            zh(&errors, "code").as_deref().unwrap().contains("已被项目"),
            "{name}"
        );
        let unbalanced = app::model::ProjectForm {
            fund_county: "999.99".into(),
            ..project_form()
        };
        let Err(AppError::Invalid(errors)) =
            projects::create(&db, Some(&planner), &unbalanced).await
        else {
            panic!("{name}: unbalanced split");
        };
        assert_eq!(
            zh(&errors, "fund_social").as_deref(),
            Some("资金来源合计 1234.55 万元，与总投资 1234.56 万元不一致")
        );
        assert_eq!(fingerprint(&db).await, before);
        let projects_before = count(&db, "projects").await;
        assert!(projects::create(&db, Some(&planner), &unbalanced)
            .await
            .is_err());
        assert_eq!(
            count(&db, "projects").await,
            projects_before,
            "{name}: nothing written"
        );

        let id = projects::create(&db, Some(&planner), &project_form())
            .await
            .expect("create");
        let detail = service::project_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            detail.row.total_investment,
            app::domain::money::Wan(123_456),
            "{name}"
        );
        assert_eq!(detail.form.fund_provincial, "234.56");
        assert_eq!(detail.row.code.as_deref(), Some("2026-339901-65-01-77777A"));

        // Two editors: the second save is refused with the first one's change.
        let mut first = detail.form.clone();
        first.visible_progress = "完成可研批复".into();
        let mut second = detail.form.clone();
        second.status = "in_progress".into();
        assert_eq!(
            projects::update(&db, Some(&planner), id, detail.version, &first, today()).await,
            Ok(detail.version + 1)
        );
        let Err(AppError::Conflict(changes)) =
            projects::update(&db, Some(&planner), id, detail.version, &second, today()).await
        else {
            panic!("{name}: expected a conflict");
        };
        assert_eq!(
            (changes[0].field.as_str(), changes[0].new_value.as_str()),
            ("visible_progress", "完成可研批复")
        );
        let saved = service::project_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        // The new 形象进度 is part of the project's dated history.
        let progress: Vec<(chrono::NaiveDate, &str)> = saved
            .progress
            .iter()
            .map(|p| (p.reported_on, p.note.as_str()))
            .collect();
        assert_eq!(progress, [(today(), "完成可研批复")], "{name}");
        let history = saved.history;
        assert!(history
            .iter()
            .any(|e| e.action == "create" && e.field == "total" && e.new_value == "1234.56"));
        assert!(history
            .iter()
            .any(|e| e.field == "visible_progress" && e.username == "planner"));
    }
}

#[tokio::test]
async fn the_investment_ledger_takes_months_inside_the_construction_years() {
    use app::edit::projects;
    use app::model::LedgerForm;
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let id = projects::create(&db, Some(&planner), &project_form())
            .await
            .unwrap();
        let month = |year: &str, month: &str, planned: &str, completed: &str| LedgerForm {
            year: year.into(),
            month: month.into(),
            planned: planned.into(),
            completed: completed.into(),
        };
        projects::set_ledger(
            &db,
            Some(&planner),
            id,
            &month("2026", "3", "100.10", "80.05"),
        )
        .await
        .unwrap();
        projects::set_ledger(&db, Some(&planner), id, &month("2026", "4", "50", "60.01"))
            .await
            .unwrap();
        projects::set_ledger(&db, Some(&planner), id, &month("2026", "3", "100.10", "90"))
            .await
            .expect("correcting a month");
        let Err(AppError::Invalid(errors)) =
            projects::set_ledger(&db, Some(&planner), id, &month("2025", "13", "1.234", "")).await
        else {
            panic!("{name}");
        };
        assert_eq!(
            zh(&errors, "year").as_deref(),
            Some("年份应为 2026 到 2027 之间的整数")
        );
        assert!(
            zh(&errors, "month").as_deref().is_some()
                && zh(&errors, "planned").as_deref().is_some()
        );
        let detail = service::project_detail(&db, id, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.ledger.len(), 2, "{name}");
        assert_eq!(
            detail.row.completed_investment,
            app::domain::money::Wan(15_001),
            "{name}: 90 + 60.01"
        );
        assert_eq!(
            detail
                .history
                .iter()
                .filter(|e| e.field == "ledger")
                .count(),
            3
        );
        projects::set_ledger(&db, Some(&planner), id, &month("2026", "4", "0", "0"))
            .await
            .unwrap();
        assert_eq!(
            service::project_detail(&db, id, today())
                .await
                .unwrap()
                .unwrap()
                .ledger
                .len(),
            1,
            "0 and 0 removes a month"
        );
    }
}

fn phase_forms(phases: &[app::model::PhaseInfo]) -> Vec<app::model::PhaseForm> {
    phases
        .iter()
        .map(|p| app::model::PhaseForm {
            id: p.id.to_string(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            start_date: p.start_date.to_string(),
            end_date: p.end_date.to_string(),
        })
        .collect()
}

#[tokio::test]
async fn admins_move_phase_boundaries_without_gaps_and_change_thresholds() {
    use app::edit::admin;
    for db in seeded().await {
        let name = db.backend_name();
        let (admin_user, _) = sign_in_as(&db, "admin").await;
        let (planner, _) = sign_in_as(&db, "planner").await;
        let phases = app::db::queries::phases(&db).await.unwrap();
        let mut forms = phase_forms(&phases);
        assert_eq!(
            admin::save_phases(&db, Some(&planner), &forms).await,
            Err(AppError::Forbidden)
        );
        // Move the boundary between the first two phases to the end of March 2024.
        forms[0].end_date = "2024-03-31".into();
        forms[1].start_date = "2024-04-01".into();
        admin::save_phases(&db, Some(&admin_user), &forms)
            .await
            .expect("contiguous phases");
        let saved = app::db::queries::phases(&db).await.unwrap();
        assert_eq!(saved[0].end_date, d(2024, 3, 31), "{name}");
        assert_eq!(saved[1].start_date, d(2024, 4, 1));
        // A gap is refused on the later phase and nothing is saved.
        forms[1].start_date = "2024-04-02".into();
        let Err(AppError::Invalid(errors)) =
            admin::save_phases(&db, Some(&admin_user), &forms).await
        else {
            panic!("{name}: a gap must be refused");
        };
        assert!(zh(&errors, "phase1_start_date")
            .as_deref()
            .unwrap()
            .contains("空档"));
        assert_eq!(
            app::db::queries::phases(&db).await.unwrap(),
            saved,
            "{name}"
        );

        let red_before =
            app::dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
                .await
                .unwrap()
                .counts;
        assert!(admin::save_thresholds(&db, Some(&admin_user), "20", "10")
            .await
            .is_err());
        admin::save_thresholds(&db, Some(&admin_user), "5", "15")
            .await
            .unwrap();
        let t = app::db::queries::thresholds(&db).await.unwrap();
        assert_eq!((t.yellow_points, t.red_points), (5.0, 15.0));
        let red_after =
            app::dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
                .await
                .unwrap()
                .counts;
        assert!(
            red_after.red >= red_before.red,
            "{name}: stricter thresholds never turn fewer milestones red"
        );
        assert_ne!(
            red_after, red_before,
            "{name}: the stricter thresholds change the status counts"
        );

        admin::rename(
            &db,
            Some(&admin_user),
            "pillar",
            1,
            "一朵政务云",
            "One government cloud",
        )
        .await
        .unwrap();
        assert_eq!(
            app::db::queries::pillars(&db).await.unwrap()[0].name_zh,
            "一朵政务云"
        );
        assert!(
            admin::rename(&db, Some(&admin_user), "users", 1, "x", "")
                .await
                .is_err(),
            "{name}: only pillars and domains"
        );
        let journal = app::db::journal::search(
            &db,
            &JournalFilter {
                user: Some("admin".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .entries;
        assert!(journal
            .iter()
            .any(|e| e.entity == "phase" && e.field == "end_date" && e.new_value == "2024-03-31"));
        assert!(journal
            .iter()
            .any(|e| e.entity == "pillar" && e.new_value == "一朵政务云"));
    }
}

#[tokio::test]
async fn admins_manage_units_and_accounts() {
    use app::edit::admin;
    use app::model::{NewUserForm, UnitForm};
    for db in seeded().await {
        let name = db.backend_name();
        let (admin_user, _) = sign_in_as(&db, "admin").await;
        let unit = UnitForm {
            name: "县档案馆".into(),
            kind: "department".into(),
            ..Default::default()
        };
        let unit_id = admin::add_unit(&db, Some(&admin_user), &unit)
            .await
            .unwrap();
        let Err(AppError::Invalid(errors)) = admin::add_unit(&db, Some(&admin_user), &unit).await
        else {
            panic!("{name}: duplicate unit");
        };
        assert_eq!(
            zh(&errors, "name").as_deref(),
            Some("已有名为“县档案馆”的单位")
        );
        let (used,): (i64,) = with_pool!(&db, pool => sqlx::query_as("SELECT unit_id FROM milestones ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap());
        assert!(
            matches!(admin::delete_unit(&db, Some(&admin_user), used).await, Err(AppError::Refused(m)) if app::i18n::Locale::Zh.problem(&m).contains("不能删除"))
        );
        admin::delete_unit(&db, Some(&admin_user), unit_id)
            .await
            .expect("an unused unit can go");

        let form = NewUserForm {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            role: "planner".into(),
            password: "Harbor-mint-2026".into(),
            units: String::new(),
        };
        let id = admin::add_user(&db, Some(&admin_user), &form)
            .await
            .unwrap();
        assert!(
            matches!(admin::add_user(&db, Some(&admin_user), &form).await, Err(AppError::Invalid(ref e)) if zh(e, "username").as_deref().is_some())
        );
        let (zhangsan, _) = {
            let now = chrono::Utc::now().timestamp();
            let SignIn::Accepted { token, .. } =
                sessions::sign_in(&db, "zhangsan", "Harbor-mint-2026", now)
                    .await
                    .unwrap()
            else {
                panic!("{name}: new account signs in");
            };
            (
                sessions::session_user(&db, &token, now, 3600)
                    .await
                    .unwrap()
                    .unwrap()
                    .user,
                token,
            )
        };
        assert_eq!(
            (zhangsan.display_name.as_str(), zhangsan.role.code()),
            ("张三", "planner")
        );
        assert_eq!(
            admin::update_user(&db, Some(&zhangsan), id, "admin", false, "").await,
            Err(AppError::Forbidden)
        );
        assert!(
            admin::update_user(&db, Some(&admin_user), admin_user.id, "viewer", false, "")
                .await
                .is_err(),
            "no self-demotion"
        );
        assert!(
            admin::update_user(&db, Some(&admin_user), admin_user.id, "admin", true, "")
                .await
                .is_err(),
            "no self-disabling"
        );
        admin::update_user(&db, Some(&admin_user), id, "planner", true, "")
            .await
            .unwrap();
        let now = chrono::Utc::now().timestamp();
        assert_eq!(
            sessions::sign_in(&db, "zhangsan", "Harbor-mint-2026", now)
                .await
                .unwrap(),
            SignIn::Refused,
            "{name}: disabled"
        );
        admin::update_user(&db, Some(&admin_user), id, "viewer", false, "")
            .await
            .unwrap();
        admin::reset_password(&db, Some(&admin_user), id, "reset-pass-1")
            .await
            .unwrap();
        assert!(admin::reset_password(&db, Some(&admin_user), id, "short")
            .await
            .is_err());
        let SignIn::Accepted { token, .. } =
            sessions::sign_in(&db, "zhangsan", "reset-pass-1", now)
                .await
                .unwrap()
        else {
            panic!("{name}: the reset password works");
        };
        let user = sessions::session_user(&db, &token, now, 3600)
            .await
            .unwrap()
            .unwrap()
            .user;
        assert_eq!(user.role.code(), "viewer");
        let data = admin::admin_data(&db, Some(&admin_user)).await.unwrap();
        assert!(data
            .users
            .iter()
            .any(|u| u.username == "zhangsan" && !u.disabled));
        assert_eq!(
            admin::admin_data(&db, Some(&user)).await,
            Err(AppError::Forbidden)
        );
    }
}

/// The first problem with `field`, as a Chinese reader sees it.
fn zh(errors: &app::domain::validate::FieldErrors, field: &str) -> Option<String> {
    errors.get(field).map(|p| app::i18n::Locale::Zh.problem(p))
}

#[tokio::test]
async fn archived_projects_leave_the_lists_and_only_unreported_ones_can_be_deleted() {
    for db in seeded().await {
        let name = db.backend_name();
        let (planner, _) = sign_in_as(&db, "planner").await;
        let (viewer, _) = sign_in_as(&db, "viewer").await;
        let all = service::project_list(&db, &app::model::ProjectFilter::default())
            .await
            .unwrap();
        let first = all.rows[0].id;
        let second = all.rows[1].id;
        assert_eq!(
            edit::projects::set_archived(&db, Some(&viewer), first, true, today()).await,
            Err(AppError::Forbidden)
        );
        edit::projects::set_archived(&db, Some(&planner), first, true, today())
            .await
            .unwrap();
        let listed = service::project_list(&db, &app::model::ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(listed.rows.len(), all.rows.len() - 1, "{name}");
        assert!(listed.rows.iter().all(|p| p.id != first));
        let sheet = app::db::report::report_projects(
            &db,
            &app::model::ProjectFilter::default(),
            app::db::report::Source::Current { year: 2026 },
        )
        .await
        .unwrap();
        assert!(
            sheet.iter().all(|(id, _)| *id != first),
            "exports leave it out"
        );
        let with_archived = app::model::ProjectFilter {
            archived: true,
            ..app::model::ProjectFilter::default()
        };
        let listed = service::project_list(&db, &with_archived).await.unwrap();
        assert_eq!(listed.rows.len(), all.rows.len());
        let detail = service::project_detail(&db, first, today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.archived_on, Some(today()), "its page stays");
        edit::projects::set_archived(&db, Some(&planner), first, false, today())
            .await
            .unwrap();
        assert_eq!(
            service::project_list(&db, &app::model::ProjectFilter::default())
                .await
                .unwrap()
                .rows
                .len(),
            all.rows.len()
        );

        // Locking a period keeps every project in its baseline: none can be deleted after.
        assert!(
            service::project_detail(&db, second, today())
                .await
                .unwrap()
                .unwrap()
                .deletable
        );
        assert!(matches!(
            edit::projects::delete(&db, Some(&planner), second, false).await,
            Err(AppError::Invalid(_))
        ));
        app::db::report::lock_period(
            &db,
            app::domain::period::Period::new(2026, 10).unwrap(),
            0,
            "planner",
        )
        .await
        .unwrap();
        assert_eq!(
            edit::projects::delete(&db, Some(&planner), second, true).await,
            Err(AppError::Refused(
                app::domain::problem::Problem::ProjectWasReported
            ))
        );
        // A new project never reported can go.
        let form = app::model::ProjectForm {
            kind: "information".into(),
            name: "临时测试项目".into(),
            unit: "1".into(),
            construction_type: "new".into(),
            start_year: "2026".into(),
            end_year: "2026".into(),
            total: "1".into(),
            fund_county: "1".into(),
            status: "preparing".into(),
            ..Default::default()
        };
        let id = edit::projects::create(&db, Some(&planner), &form)
            .await
            .unwrap();
        edit::projects::delete(&db, Some(&planner), id, true)
            .await
            .unwrap();
        assert!(service::project_detail(&db, id, today())
            .await
            .unwrap()
            .is_none());
    }
}
