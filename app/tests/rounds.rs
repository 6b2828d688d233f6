//! Unit reporting on SQLite and PostgreSQL: liaisons write only their own units' items, drafts
//! stay out of the dashboard and the provincial sheet until accepted, acceptance writes exactly
//! what was submitted, return and resubmit, lateness, reminders and evidence files.

mod common;

use app::db::evidence::{self, Owner};
use app::db::report::{self, Source};
use app::db::tx::Statement;
use app::db::{rounds, users, Db};
use app::domain::model::{Role, SubmissionState};
use app::domain::problem::Problem;
use app::domain::rounds::ItemKind;
use app::edit::rounds as service;
use app::error::AppError;
use app::files::FileStore;
use app::i18n::Locale;
use app::model::{CurrentUser, DashboardFilter, ProjectFilter, SubmissionItemForm};
use app::reporting::evidence::inspect;
use common::{at, count, d, seeded, today, user};

fn entry(percent: &str, note: &str) -> SubmissionItemForm {
    SubmissionItemForm {
        percent: percent.into(),
        note: note.into(),
        ..Default::default()
    }
}

struct Setup {
    round: i64,
    unit: i64,
    liaison: CurrentUser,
    other_liaison: CurrentUser,
    planner: CurrentUser,
    milestone: i64,
    project: i64,
}

/// The sample with a November round open; the demo liaison reports for 县公安局.
async fn setup(db: &Db) -> Setup {
    let planner = user(db, "planner").await;
    let liaison = user(db, "liaison").await;
    let other_liaison = user(db, "liaison2").await;
    assert_eq!(liaison.role, Role::Liaison);
    let round = service::open(
        db,
        Some(&planner),
        "2026-11",
        "2026-12-05",
        &[],
        at(today(), 9),
    )
    .await
    .unwrap();
    let unit = users::units_of(db, liaison.id).await.unwrap()[0].0;
    let items = rounds::items(
        db,
        round,
        unit,
        app::domain::period::Period::new(2026, 11).unwrap(),
    )
    .await
    .unwrap();
    let milestone = items
        .iter()
        .find(|i| i.kind == ItemKind::Milestone)
        .expect("the unit has a milestone")
        .target_id;
    let project = items
        .iter()
        .find(|i| i.kind == ItemKind::Project)
        .expect("the unit has a project")
        .target_id;
    Setup {
        round,
        unit,
        liaison,
        other_liaison,
        planner,
        milestone,
        project,
    }
}

#[tokio::test]
async fn a_planner_takes_items_out_of_a_round_and_puts_them_back() {
    for db in seeded().await {
        let s = setup(&db).await;
        let scope = |who: &CurrentUser, kind: ItemKind, target: i64, include: bool| {
            let (db, who) = (db.clone(), who.clone());
            let (round, unit) = (s.round, s.unit);
            async move {
                service::set_item_scope(
                    &db,
                    Some(&who),
                    round,
                    unit,
                    kind,
                    target,
                    include,
                    at(today(), 10),
                )
                .await
            }
        };
        // Liaisons report; they do not decide what the round covers.
        assert_eq!(
            scope(&s.liaison, ItemKind::Milestone, s.milestone, false).await,
            Err(AppError::Forbidden)
        );
        scope(&s.planner, ItemKind::Milestone, s.milestone, false)
            .await
            .unwrap();
        let view = service::submission(&db, Some(&s.liaison), s.round, s.unit, today())
            .await
            .unwrap();
        let milestone = view
            .items
            .iter()
            .find(|i| i.kind == ItemKind::Milestone && i.target_id == s.milestone)
            .unwrap();
        assert!(milestone.excluded);
        assert!(!view.can_scope, "only planners see the buttons");
        assert_eq!(
            service::save_item(
                &db,
                Some(&s.liaison),
                s.round,
                s.unit,
                ItemKind::Milestone,
                s.milestone,
                &entry("50", "本轮不填"),
                at(today(), 10),
            )
            .await,
            Err(AppError::Refused(Problem::ItemNotInRound))
        );
        // An item the unit filled in stays in.
        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Project,
            s.project,
            &entry("30", "招标完成"),
            at(today(), 10),
        )
        .await
        .unwrap();
        assert_eq!(
            scope(&s.planner, ItemKind::Project, s.project, false).await,
            Err(AppError::Refused(Problem::ItemHasEntry))
        );
        // Another unit's item is not this unit's to scope.
        let other_unit = users::units_of(&db, s.other_liaison.id).await.unwrap()[0].0;
        let (foreign,): (i64,) = db
            .fetch_one(
                Statement::new("SELECT MIN(id) FROM milestones WHERE unit_id = $1")
                    .bind(other_unit),
            )
            .await
            .unwrap();
        assert_eq!(
            scope(&s.planner, ItemKind::Milestone, foreign, false).await,
            Err(AppError::NotFound)
        );
        // Put back, it is reported as usual and accepted with the rest.
        scope(&s.planner, ItemKind::Milestone, s.milestone, true)
            .await
            .unwrap();
        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("55", "恢复后填报"),
            at(today(), 11),
        )
        .await
        .unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM round_exclusions").await, 0);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log WHERE field = 'item'").await,
            2,
            "taking out and putting back are journalled"
        );
    }
}

#[tokio::test]
async fn liaisons_write_only_their_own_units_items() {
    for db in seeded().await {
        let s = setup(&db).await;
        let before = count(&db, "SELECT COUNT(*) FROM submission_items").await;
        // Another unit's liaison, on this unit's submission.
        let refused = service::save_item(
            &db,
            Some(&s.other_liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("50", "越权"),
            at(today(), 10),
        )
        .await;
        assert_eq!(refused, Err(AppError::Forbidden), "{}", db.backend_name());
        // Their own unit's submission, but this unit's milestone.
        let other_unit = users::units_of(&db, s.other_liaison.id).await.unwrap()[0].0;
        let refused = service::save_item(
            &db,
            Some(&s.other_liaison),
            s.round,
            other_unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("50", "越权"),
            at(today(), 10),
        )
        .await;
        assert_eq!(refused, Err(AppError::Forbidden));
        // A planner enters figures directly, not through a unit's submission.
        let refused = service::save_item(
            &db,
            Some(&s.planner),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("50", "x"),
            at(today(), 10),
        )
        .await;
        assert_eq!(refused, Err(AppError::Forbidden));
        assert_eq!(
            service::submit(
                &db,
                Some(&s.other_liaison),
                s.round,
                s.unit,
                at(today(), 10)
            )
            .await,
            Err(AppError::Forbidden)
        );
        // A liaison cannot review.
        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("50", "自查"),
            at(today(), 10),
        )
        .await
        .unwrap();
        service::submit(&db, Some(&s.liaison), s.round, s.unit, at(today(), 11))
            .await
            .unwrap();
        assert_eq!(
            service::accept(&db, Some(&s.liaison), s.round, s.unit, at(today(), 12)).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM submission_items").await,
            before + 1,
            "only the owning liaison's entry was written"
        );
    }
}

#[tokio::test]
async fn a_draft_reaches_the_dashboard_and_the_sheet_only_when_accepted() {
    for db in seeded().await {
        let s = setup(&db).await;
        let backend = db.backend_name();
        let milestone_percent = |db: Db, id: i64| async move {
            let (p,): (i32,) = db
                .fetch_one(Statement::new("SELECT percent FROM milestones WHERE id = $1").bind(id))
                .await
                .unwrap();
            p
        };
        let sheet_row = |db: Db, id: i64| async move {
            report::report_projects(
                &db,
                &ProjectFilter::default(),
                Source::Current { year: 2026 },
            )
            .await
            .unwrap()
            .into_iter()
            .find(|(pid, _)| *pid == id)
            .expect("project on the sheet")
            .1
        };
        let overview = |db: Db| async move {
            app::dashboard::overview(
                &db,
                today(),
                &DashboardFilter::default(),
                app::i18n::Locale::Zh,
            )
            .await
            .unwrap()
        };
        let old_percent = milestone_percent(db.clone(), s.milestone).await;
        let old_row = sheet_row(db.clone(), s.project).await;
        let old_overview = overview(db.clone()).await;

        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("100", "全部完成并通过验收"),
            at(today(), 10),
        )
        .await
        .unwrap();
        let project_form = SubmissionItemForm {
            percent: "95".into(),
            note: "系统上线试运行".into(),
            month_planned: "20".into(),
            month_completed: "12.34".into(),
            problem: "运维经费尚未落实".into(),
            problem_due: "2026-12-31".into(),
        };
        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Project,
            s.project,
            &project_form,
            at(today(), 10),
        )
        .await
        .unwrap();
        service::submit(&db, Some(&s.liaison), s.round, s.unit, at(today(), 11))
            .await
            .unwrap();

        // The draft is the unit's and the reviewers': leadership sees the state only.
        let viewer = user(&db, "viewer").await;
        let seen = service::submission(&db, Some(&viewer), s.round, s.unit, today())
            .await
            .unwrap();
        assert!(!seen.entries_visible && seen.items.iter().all(|i| i.entry.is_none()));
        let reviewed = service::submission(&db, Some(&s.planner), s.round, s.unit, today())
            .await
            .unwrap();
        assert!(
            reviewed.can_review && reviewed.items.iter().filter(|i| i.entry.is_some()).count() == 2
        );

        // Waiting for review: nothing has moved.
        assert_eq!(
            milestone_percent(db.clone(), s.milestone).await,
            old_percent,
            "{backend}"
        );
        let row = sheet_row(db.clone(), s.project).await;
        assert_eq!(row.visible_progress, old_row.visible_progress);
        assert_eq!(row.amounts, old_row.amounts);
        assert_eq!(row.problems, old_row.problems);
        let waiting = overview(db.clone()).await;
        assert_eq!(waiting.overall, old_overview.overall);
        // The planners' preview counts the waiting milestone as if accepted.
        let preview = app::dashboard::overview(
            &db,
            today(),
            &DashboardFilter {
                pending: true,
                ..DashboardFilter::default()
            },
            app::i18n::Locale::Zh,
        )
        .await
        .unwrap();
        assert!(
            preview.overall.actual > old_overview.overall.actual,
            "{backend}"
        );
        let tile = waiting.round.expect("填报情况 tile");
        assert_eq!((tile.counts.submitted, tile.counts.accepted), (1, 0));

        service::accept(&db, Some(&s.planner), s.round, s.unit, at(today(), 15))
            .await
            .unwrap();

        assert_eq!(
            milestone_percent(db.clone(), s.milestone).await,
            100,
            "{backend}"
        );
        let (note, author): (String, Option<i64>) = db
            .fetch_one(
                Statement::new("SELECT note, author_id FROM milestone_progress WHERE milestone_id = $1 ORDER BY id DESC LIMIT 1")
                    .bind(s.milestone),
            )
            .await
            .unwrap();
        assert_eq!(
            (note.as_str(), author),
            ("全部完成并通过验收", Some(s.liaison.id))
        );
        let row = sheet_row(db.clone(), s.project).await;
        assert_eq!(row.visible_progress, "系统上线试运行");
        assert!(
            row.problems.contains("运维经费尚未落实"),
            "{}",
            row.problems
        );
        let (planned, completed): (i64, i64) = db
            .fetch_one(
                Statement::new("SELECT planned, completed FROM investment_ledger WHERE project_id = $1 AND year = 2026 AND month = 11")
                    .bind(s.project),
            )
            .await
            .unwrap();
        assert_eq!(
            (planned, completed),
            (2000, 1234),
            "exactly the submitted amounts"
        );
        let (percent, text): (i32, String) = db
            .fetch_one(
                Statement::new("SELECT percent, visible_progress FROM project_progress WHERE project_id = $1 ORDER BY id DESC LIMIT 1")
                    .bind(s.project),
            )
            .await
            .unwrap();
        assert_eq!((percent, text.as_str()), (95, "系统上线试运行"));
        let accepted = overview(db.clone()).await;
        assert!(accepted.overall.actual > old_overview.overall.actual);
        assert_eq!(accepted.round.unwrap().counts.accepted, 1);
        // The journal says who submitted and who accepted.
        let (who, submitted_by): (String, String) = db
            .fetch_one(
                Statement::new(
                    "SELECT username, new_value FROM audit_log WHERE entity = 'milestone' AND entity_id = $1
                     AND field = 'submitted_by' ORDER BY id DESC LIMIT 1",
                )
                .bind(s.milestone),
            )
            .await
            .unwrap();
        assert_eq!(
            (who.as_str(), submitted_by.as_str()),
            ("planner", "liaison")
        );
        // Accepted is final.
        assert!(matches!(
            service::save_item(
                &db,
                Some(&s.liaison),
                s.round,
                s.unit,
                ItemKind::Milestone,
                s.milestone,
                &entry("10", "改"),
                at(today(), 16)
            )
            .await,
            Err(AppError::Refused(Problem::SubmissionStep {
                state: SubmissionState::Accepted,
                ..
            }))
        ));
    }
}

#[tokio::test]
async fn a_returned_submission_is_fixed_and_resubmitted() {
    for db in seeded().await {
        let s = setup(&db).await;
        let item = service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("40", "初稿"),
            at(today(), 10),
        )
        .await
        .unwrap();
        service::submit(&db, Some(&s.liaison), s.round, s.unit, at(today(), 11))
            .await
            .unwrap();
        // Frozen while it waits.
        assert!(service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("45", "再改"),
            at(today(), 12)
        )
        .await
        .is_err());
        // A return needs a reason.
        assert_eq!(
            service::return_submission(&db, Some(&s.planner), s.round, s.unit, "", at(today(), 13))
                .await,
            Err(AppError::Refused(Problem::ReturnNeedsComment))
        );
        service::comment_item(&db, Some(&s.planner), item, "请补充验收情况")
            .await
            .unwrap();
        service::return_submission(&db, Some(&s.planner), s.round, s.unit, "", at(today(), 13))
            .await
            .unwrap();
        let head = rounds::submission_head(&db, s.round, s.unit)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(head.state, SubmissionState::Returned);
        let notified = count(
            &db,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'returned'",
        )
        .await;
        assert_eq!(notified, 1, "the unit's liaison is told");

        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("60", "已补充验收情况"),
            at(today(), 14),
        )
        .await
        .unwrap();
        service::submit(&db, Some(&s.liaison), s.round, s.unit, at(today(), 15))
            .await
            .unwrap();
        service::accept(&db, Some(&s.planner), s.round, s.unit, at(today(), 16))
            .await
            .unwrap();
        let (note,): (String,) = db
            .fetch_one(
                Statement::new("SELECT note FROM milestone_progress WHERE milestone_id = $1 ORDER BY id DESC LIMIT 1")
                    .bind(s.milestone),
            )
            .await
            .unwrap();
        assert_eq!(
            note, "已补充验收情况",
            "the fixed entry is what is accepted"
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM milestone_progress WHERE note = '初稿'"
            )
            .await,
            0,
            "the returned draft never became history"
        );
    }
}

#[tokio::test]
async fn late_submissions_are_marked_and_reminders_reach_owing_units() {
    for db in seeded().await {
        let s = setup(&db).await;
        // Nobody has submitted: every unit owes, and each liaison is told.
        let reminded = service::remind(&db, Some(&s.planner), s.round, at(today(), 9))
            .await
            .unwrap();
        let units = rounds::detail(&db, s.round, today())
            .await
            .unwrap()
            .unwrap()
            .1
            .len();
        assert_eq!(reminded, units);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM notifications WHERE kind = 'reminder'"
            )
            .await,
            2,
            "one per liaison of the two demo units"
        );
        // The bell and the data version come with the session, in one read.
        let (signed_in, _) = common::sign_in_as(&db, "liaison").await;
        assert_eq!(signed_in.user.id, s.liaison.id);
        let unread = app::db::notifications::unread_count(&db, s.liaison.id)
            .await
            .unwrap();
        assert!(unread >= 1, "the reminder at least");
        assert_eq!(signed_in.unread_notifications, unread);
        assert_eq!(
            signed_in.data_version,
            app::db::queries::data_version(&db).await.unwrap()
        );
        assert!(
            service::remind(&db, Some(&s.liaison), s.round, at(today(), 9))
                .await
                .is_err()
        );

        service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("50", "按期"),
            at(today(), 10),
        )
        .await
        .unwrap();
        assert_eq!(
            service::set_unit(
                &db,
                Some(&s.planner),
                s.round,
                s.unit,
                false,
                at(today(), 10)
            )
            .await,
            Err(AppError::Refused(Problem::RoundUnitHasEntries)),
            "a unit that has started stays in the round"
        );
        // After the due day (5 December) it is late.
        service::submit(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            at(d(2026, 12, 6), 9),
        )
        .await
        .unwrap();
        let row = rounds::unit_row_of(&db, s.round, s.unit, d(2026, 12, 5), d(2026, 12, 6))
            .await
            .unwrap()
            .unwrap();
        assert!(row.late);
        // The other unit, overdue and not handed in, is counted as such; closing makes a later
        // submission late even before the due day.
        let (_, units) = rounds::detail(&db, s.round, d(2026, 12, 6))
            .await
            .unwrap()
            .unwrap();
        assert!(units
            .iter()
            .filter(|u| u.unit_id != s.unit)
            .all(|u| u.overdue));
        service::close(&db, Some(&s.planner), s.round, at(today(), 12))
            .await
            .unwrap();
        assert_eq!(
            service::close(&db, Some(&s.planner), s.round, at(today(), 13)).await,
            Err(AppError::Refused(Problem::RoundAlreadyClosed(
                app::domain::period::Period::new(2026, 11).unwrap()
            )))
        );
        let other_unit = users::units_of(&db, s.other_liaison.id).await.unwrap()[0].0;
        let items = rounds::items(
            &db,
            s.round,
            other_unit,
            app::domain::period::Period::new(2026, 11).unwrap(),
        )
        .await
        .unwrap();
        let first = &items[0];
        let form = if first.kind == ItemKind::Answer {
            entry("", "已答复")
        } else {
            entry("10", "迟到的填报")
        };
        service::save_item(
            &db,
            Some(&s.other_liaison),
            s.round,
            other_unit,
            first.kind,
            first.target_id,
            &form,
            at(today(), 14),
        )
        .await
        .unwrap();
        service::submit(
            &db,
            Some(&s.other_liaison),
            s.round,
            other_unit,
            at(today(), 14),
        )
        .await
        .unwrap();
        let row = rounds::unit_row_of(&db, s.round, other_unit, d(2026, 12, 5), today())
            .await
            .unwrap()
            .unwrap();
        assert!(row.late, "submitted after the round closed");
    }
}

#[tokio::test]
async fn evidence_is_kept_once_and_follows_the_accepted_entry() {
    for db in seeded().await {
        evidence_round_trip(&db, &FileStore::Database).await;
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM file_blobs WHERE stored = 'db' AND LENGTH(content) > 0"
            )
            .await,
            1,
            "the bytes are in the row"
        );
    }
}

#[tokio::test]
async fn evidence_can_live_in_a_directory_instead() {
    for (i, db) in seeded().await.into_iter().enumerate() {
        let dir = std::env::temp_dir().join(format!("roadmap-evidence-{}-{i}", std::process::id()));
        let store = FileStore::directory(&dir).unwrap();
        evidence_round_trip(&db, &store).await;
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM file_blobs WHERE stored = 'objects' AND LENGTH(content) = 0"
            )
            .await,
            1,
            "the row names the file; the bytes are in the directory"
        );
        let kept: Vec<_> = walk(&dir);
        assert_eq!(kept.len(), 1, "one file per content: {kept:?}");
        assert_eq!(std::fs::read(&kept[0]).unwrap(), PDF);
        // A server set up without the directory says so instead of serving an empty file.
        let (attachment,): (i64,) = db
            .fetch_one(Statement::new("SELECT MIN(id) FROM attachments"))
            .await
            .unwrap();
        assert!(evidence::fetch(&db, &FileStore::Database, attachment)
            .await
            .is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[tokio::test]
async fn evidence_can_live_in_an_s3_compatible_store() {
    // scripts/test.sh starts a local S3 stand-in (moto_server) and sets both variables.
    let Ok(endpoint) = std::env::var("TEST_S3_ENDPOINT") else {
        assert!(
            std::env::var("REQUIRE_S3").is_err(),
            "REQUIRE_S3 is set but TEST_S3_ENDPOINT is not"
        );
        eprintln!("skipped: TEST_S3_ENDPOINT (a local moto_server or MinIO) is not set");
        return;
    };
    // The store reads the usual variables, as a deployment sets them.
    std::env::set_var("AWS_ENDPOINT", &endpoint);
    std::env::set_var("AWS_ALLOW_HTTP", "true");
    std::env::set_var("AWS_ACCESS_KEY_ID", "roadmap-test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "roadmap-test");
    std::env::set_var("AWS_REGION", "us-east-1");
    create_bucket(&endpoint, "roadmap-evidence").await;
    for (i, db) in seeded().await.into_iter().enumerate() {
        let prefix = format!("run-{}-{i}", std::process::id());
        let store = FileStore::s3(&format!("s3://roadmap-evidence/{prefix}")).unwrap();
        evidence_round_trip(&db, &store).await;
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM file_blobs WHERE stored = 'objects' AND LENGTH(content) = 0"
            )
            .await,
            1
        );
        // Another prefix is another store: the file is not there.
        let elsewhere = FileStore::s3("s3://roadmap-evidence/elsewhere").unwrap();
        let (attachment,): (i64,) = db
            .fetch_one(Statement::new("SELECT MIN(id) FROM attachments"))
            .await
            .unwrap();
        assert!(evidence::fetch(&db, &elsewhere, attachment).await.is_err());
    }
}

/// Creates `bucket` with one plain path-style request (the stand-in does not check signatures).
async fn create_bucket(endpoint: &str, bucket: &str) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "PUT /{bucket} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.contains("BucketAlreadyOwnedByYou"),
        "{answer}"
    );
}

#[tokio::test]
async fn photos_get_a_small_preview_and_documents_none() {
    let mut photo = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(1600, 1200, image::Rgb([30, 120, 200]))
        .write_to(&mut photo, image::ImageFormat::Png)
        .unwrap();
    let photo = photo.into_inner();
    for db in seeded().await {
        let s = setup(&db).await;
        let item = service::save_item(
            &db,
            Some(&s.liaison),
            s.round,
            s.unit,
            ItemKind::Milestone,
            s.milestone,
            &entry("40", "现场照片"),
            at(today(), 10),
        )
        .await
        .unwrap();
        for (name, bytes) in [("机房现场.png", photo.as_slice()), ("验收报告.pdf", PDF)] {
            let file = inspect(name, bytes, 50).unwrap();
            service::attach_evidence(
                &db,
                &FileStore::Database,
                Some(&s.liaison),
                item,
                &file,
                bytes,
                at(today(), 10),
            )
            .await
            .unwrap();
        }
        let listed = evidence::for_items(&db, &[item]).await.unwrap();
        let files = &listed[&item];
        assert_eq!(
            files
                .iter()
                .map(|f| (f.file_name.as_str(), f.thumbnail))
                .collect::<Vec<_>>(),
            [("机房现场.png", true), ("验收报告.pdf", false)]
        );
        let preview = evidence::thumbnail(&db, files[0].id)
            .await
            .unwrap()
            .unwrap();
        let read = image::load_from_memory(&preview).unwrap();
        assert_eq!((read.width(), read.height()), (240, 180));
        assert!(preview.len() < 30 * 1024, "{} bytes", preview.len());
        assert_eq!(evidence::thumbnail(&db, files[1].id).await.unwrap(), None);
    }
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

/// A liaison attaches the same PDF twice under two names, another unit's liaison is refused,
/// the entry is accepted, and its history entry has both files, readable through `store`.
async fn evidence_round_trip(db: &Db, store: &FileStore) {
    let s = setup(db).await;
    let item = service::save_item(
        db,
        Some(&s.liaison),
        s.round,
        s.unit,
        ItemKind::Milestone,
        s.milestone,
        &entry("70", "附验收报告"),
        at(today(), 10),
    )
    .await
    .unwrap();
    let pdf = PDF;
    let file = inspect("验收报告.pdf", pdf, 50).unwrap();
    service::attach_evidence(
        db,
        store,
        Some(&s.liaison),
        item,
        &file,
        pdf,
        at(today(), 10),
    )
    .await
    .unwrap();
    let again = inspect("副本.pdf", pdf, 50).unwrap();
    service::attach_evidence(
        db,
        store,
        Some(&s.liaison),
        item,
        &again,
        pdf,
        at(today(), 10),
    )
    .await
    .unwrap();
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM file_blobs").await,
        1,
        "stored once per content"
    );
    assert_eq!(count(db, "SELECT COUNT(*) FROM attachments").await, 2);
    // Another unit's liaison cannot attach to this entry.
    assert_eq!(
        service::attach_evidence(
            db,
            store,
            Some(&s.other_liaison),
            item,
            &file,
            pdf,
            at(today(), 10)
        )
        .await,
        Err(AppError::Forbidden)
    );
    service::submit(db, Some(&s.liaison), s.round, s.unit, at(today(), 11))
        .await
        .unwrap();
    assert!(
        service::attach_evidence(
            db,
            store,
            Some(&s.liaison),
            item,
            &file,
            pdf,
            at(today(), 11)
        )
        .await
        .is_err(),
        "frozen once handed in"
    );
    service::accept(db, Some(&s.planner), s.round, s.unit, at(today(), 12))
        .await
        .unwrap();
    let (progress,): (i64,) = db
        .fetch_one(
            Statement::new("SELECT id FROM milestone_progress WHERE milestone_id = $1 ORDER BY id DESC LIMIT 1")
                .bind(s.milestone),
        )
        .await
        .unwrap();
    let files = evidence::for_milestone_progress(db, &[progress])
        .await
        .unwrap();
    let names: Vec<&str> = files[&progress]
        .iter()
        .map(|f| f.file_name.as_str())
        .collect();
    assert_eq!(names, ["验收报告.pdf", "副本.pdf"]);
    let stored = evidence::fetch(db, store, files[&progress][0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.content, pdf);
    assert_eq!(
        stored.info.owner(),
        Some(Owner::MilestoneProgress(progress))
    );
    // The month's zip: the unit's sheet and both files, under the item they belong to.
    let (name, file) = service::export_zip(
        db,
        store,
        Some(&s.planner),
        s.round,
        s.unit,
        today(),
        Locale::Zh,
    )
    .await
    .unwrap();
    assert_eq!(name, "县公安局-2026-11.zip");
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[2], "县公安局-2026-11.xlsx");
    for evidence in &names[..2] {
        assert!(evidence.starts_with("佐证材料/"), "{evidence}");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(evidence).unwrap(), &mut bytes).unwrap();
        assert_eq!(bytes, PDF, "{evidence}");
    }
    assert!(names.iter().any(|n| n.ends_with("-验收报告.pdf")));
    // Another unit's liaison gets nothing.
    assert!(matches!(
        service::export_zip(
            db,
            store,
            Some(&s.other_liaison),
            s.round,
            s.unit,
            today(),
            Locale::Zh
        )
        .await,
        Err(AppError::Forbidden)
    ));
}
