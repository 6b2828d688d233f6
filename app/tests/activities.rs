//! The activity ledger (工作台账) on SQLite and PostgreSQL: planners record, others only read;
//! lists page and filter; the counts per type a 工作总结 cites; edits keep to versions and are
//! journalled; admins add types.

mod common;

use app::domain::problem::Problem;
use app::edit::activities as ledger;
use app::error::AppError;
use app::model::{ActivityFilter, ActivityForm};
use common::{at, count, d, seeded, today, user};

fn form(type_id: i64, held_on: &str, title: &str) -> ActivityForm {
    ActivityForm {
        activity_type: type_id.to_string(),
        held_on: held_on.into(),
        title: title.into(),
        participants: "20".into(),
        ..Default::default()
    }
}

/// The id of a built-in type by its name.
async fn type_id(db: &app::db::Db, name: &str) -> i64 {
    app::db::activities::types(db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name_zh == name)
        .unwrap()
        .id
}

#[tokio::test]
async fn planners_record_work_and_everyone_reads_the_counts() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let viewer = user(&db, "viewer").await;
        let liaison = user(&db, "liaison").await;
        let study = type_id(&db, "集体学习").await;
        let lecture = type_id(&db, "数据讲堂").await;
        let clock = at(today(), 10);
        // Every Monday's study and every Friday's lecture of the first half of 2026.
        let mut day = d(2026, 1, 5);
        while day <= d(2026, 6, 30) {
            ledger::create(
                &db,
                Some(&planner),
                &form(study, &day.to_string(), "周一集体学习"),
                clock,
            )
            .await
            .unwrap();
            let friday = day + chrono::Days::new(4);
            if friday <= d(2026, 6, 30) {
                ledger::create(
                    &db,
                    Some(&planner),
                    &form(lecture, &friday.to_string(), "周五数据讲堂"),
                    clock,
                )
                .await
                .unwrap();
            }
            day = day + chrono::Days::new(7);
        }
        let first_half = ActivityFilter {
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 6, 30)),
            ..Default::default()
        };
        let page = ledger::page(&db, Some(&viewer), &first_half).await.unwrap();
        assert_eq!(
            page.total,
            51,
            "26 Mondays and 25 Fridays ({})",
            db.backend_name()
        );
        assert_eq!(page.rows.len(), 50, "one page at a time");
        assert_eq!(page.rows[0].held_on, d(2026, 6, 29), "newest first");
        let counts: Vec<(String, i64)> = page
            .counts
            .iter()
            .map(|c| (c.name_zh.clone(), c.count))
            .collect();
        assert_eq!(
            counts,
            [("集体学习".to_string(), 26), ("数据讲堂".to_string(), 25)]
        );
        let second = ledger::page(
            &db,
            Some(&viewer),
            &ActivityFilter {
                page: Some(2),
                ..first_half.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(second.rows.len(), 1);
        // A narrower filter: one type, one month.
        let march_lectures = ActivityFilter {
            type_id: Some(lecture),
            from: Some(d(2026, 3, 1)),
            to: Some(d(2026, 3, 31)),
            ..Default::default()
        };
        let march = ledger::page(&db, Some(&viewer), &march_lectures)
            .await
            .unwrap();
        assert_eq!(march.total, 4);
        assert!(march.rows.iter().all(|r| r.type_name == "数据讲堂"));
        // The dashboard's 工作总结 cites the year's counts.
        let overview = app::dashboard::overview(
            &db,
            today(),
            &app::model::DashboardFilter::default(),
            app::i18n::Locale::Zh,
        )
        .await
        .unwrap();
        assert!(
            overview
                .work_summary
                .contains(&"2026年以来开展集体学习 26 次、数据讲堂 25 次。".to_string()),
            "{:?}",
            overview.work_summary
        );

        // Readers and liaisons do not write the ledger; nothing is written when refused.
        let before = count(&db, "SELECT COUNT(*) FROM activities").await;
        for who in [&viewer, &liaison] {
            assert_eq!(
                ledger::create(&db, Some(who), &form(study, "2026-11-02", "越权"), clock).await,
                Err(AppError::Forbidden)
            );
        }
        // The ledger records what happened, not plans.
        let refused = ledger::create(
            &db,
            Some(&planner),
            &form(study, "2026-12-01", "下月"),
            clock,
        )
        .await
        .unwrap_err();
        assert_eq!(
            refused.field_errors().unwrap().get("held_on"),
            Some(&Problem::HeldInFuture)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM activities").await, before);
    }
}

#[tokio::test]
async fn edits_keep_to_versions_and_are_journalled() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let admin = user(&db, "admin").await;
        let check = type_id(&db, "安全检查").await;
        let clock = at(today(), 10);
        let id = ledger::create(
            &db,
            Some(&planner),
            &form(check, "2026-11-10", "网络安全检查"),
            clock,
        )
        .await
        .unwrap();
        let edited = ActivityForm {
            title: "6个领域网络安全检查".into(),
            ..form(check, "2026-11-10", "")
        };
        assert_eq!(
            ledger::update(&db, Some(&planner), id, 1, &edited, clock).await,
            Ok(2)
        );
        // Saving again from version 1: someone saved in between, and the change is named.
        match ledger::update(
            &db,
            Some(&admin),
            id,
            1,
            &form(check, "2026-11-11", "x"),
            clock,
        )
        .await
        {
            Err(AppError::Conflict(changes)) => {
                assert!(
                    changes.iter().any(|c| c.new_value == "6个领域网络安全检查"),
                    "{changes:?}"
                )
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            ledger::update(&db, Some(&planner), id, 2, &edited, clock).await,
            Ok(2),
            "nothing changed, nothing written"
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'activity' AND field = 'title'"
            )
            .await,
            2
        );
        assert_eq!(
            ledger::delete(&db, Some(&planner), id, 2, false).await,
            Err(AppError::Invalid(
                app::domain::validate::FieldErrors::single("confirm", Problem::ConfirmDelete)
            ))
        );
        ledger::delete(&db, Some(&planner), id, 2, true)
            .await
            .unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM activities").await, 0);

        // Admins add kinds of work; a name is used once; planners cannot.
        let roadshow = ledger::add_type(&db, Some(&admin), "路演", "Roadshow", "场")
            .await
            .unwrap();
        assert!(app::db::activities::types(&db)
            .await
            .unwrap()
            .iter()
            .any(|t| t.id == roadshow && t.measure == "场"));
        let talk = ledger::add_type(&db, Some(&admin), "座谈会", "", "")
            .await
            .unwrap();
        assert!(
            app::db::activities::types(&db)
                .await
                .unwrap()
                .iter()
                .any(|t| t.id == talk && t.measure == "次"),
            "counted in 次 unless told otherwise"
        );
        let taken = ledger::add_type(&db, Some(&admin), "路演", "", "")
            .await
            .unwrap_err();
        assert_eq!(
            taken.field_errors().unwrap().get("name_zh"),
            Some(&Problem::ActivityTypeTaken {
                name: "路演".into()
            })
        );
        assert_eq!(
            ledger::add_type(&db, Some(&planner), "座谈", "", "").await,
            Err(AppError::Forbidden)
        );
    }
}

/// Keeps `bytes` as `user`'s upload; its token.
async fn upload(
    db: &app::db::Db,
    user: &app::model::CurrentUser,
    name: &str,
    bytes: &[u8],
) -> String {
    app::reporting::import::store_upload(db, user, name, bytes, common::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_ledger_goes_to_excel_and_comes_back_all_or_nothing() {
    use app::model::ImportOutcomeKind;
    use app::reporting::import::ImportError;
    use app::reporting::ledger_file;
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let viewer = user(&db, "viewer").await;
        let clock = at(today(), 10);
        let backend = db.backend_name();
        let study = type_id(&db, "集体学习").await;
        ledger::create(
            &db,
            Some(&planner),
            &form(study, "2026-03-02", "周一集体学习"),
            clock,
        )
        .await
        .unwrap();

        // A CSV as an office keeps it: one good line, one with an unknown type and a future day.
        let csv = "工作台账\n日期,类型,名称,单位,人数\n2026/3/9,集体学习,周一集体学习,县公安局,18\n2026-12-30,巡逻,夜间巡逻,,\n";
        let token = upload(&db, &planner, "台账.csv", csv.as_bytes()).await;
        let preview = ledger_file::preview(&db, Some(&planner), &token, today())
            .await
            .unwrap();
        assert_eq!(
            (preview.new, preview.present, preview.problems),
            (1, 0, 1),
            "{backend}"
        );
        let bad = preview
            .lines
            .iter()
            .find(|l| l.outcome == ImportOutcomeKind::Problem)
            .unwrap();
        assert_eq!(bad.line, 4, "the spreadsheet's own row number");
        let fields: Vec<&str> = bad.problems.iter().map(|(f, _)| f.as_str()).collect();
        assert!(
            fields.contains(&"activity_type") && fields.contains(&"held_on"),
            "{fields:?}"
        );
        let before = count(&db, "SELECT COUNT(*) FROM activities").await;
        let refused = ledger_file::commit(&db, Some(&planner), &token, clock).await;
        assert!(
            matches!(refused, Err(ImportError::HasProblems(1))),
            "{refused:?}"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM activities").await,
            before,
            "nothing written"
        );
        // Only planners import; only the uploader sees the upload.
        assert!(ledger_file::preview(&db, Some(&viewer), &token, today())
            .await
            .is_err());

        // Fixed, and with a line that is already in the ledger: the new ones go in, once.
        let fixed = "日期,类型,名称,单位,人数\n2026/3/9,集体学习,周一集体学习,县公安局,18\n2026-03-02,集体学习,周一集体学习,,\n2026-03-16,安全检查,机房巡检,,\n";
        let token = upload(&db, &planner, "台账.csv", fixed.as_bytes()).await;
        let preview = ledger_file::preview(&db, Some(&planner), &token, today())
            .await
            .unwrap();
        assert_eq!(
            (preview.new, preview.present, preview.problems),
            (2, 1, 0),
            "{backend}"
        );
        let added = ledger_file::commit(&db, Some(&planner), &token, clock)
            .await
            .unwrap();
        assert_eq!(added, 2);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM activities").await,
            before + 2
        );
        let journalled = count(&db, "SELECT COUNT(DISTINCT entity_id) FROM audit_log WHERE entity = 'activity' AND action = 'create'").await;
        assert_eq!(journalled, 3, "each record journalled ({backend})");

        // The export reads back as the import's columns; importing it again adds nothing.
        let filter = app::model::ActivityFilter::default();
        let xlsx = ledger_file::export_xlsx(&db, &filter).await.unwrap();
        let (grid, _) = app::reporting::decode::read_grid(&xlsx).unwrap();
        assert_eq!(grid[0][..3], ["日期", "类型", "名称"]);
        assert_eq!(grid.len(), 4, "header and three records");
        assert_eq!(grid[1][..4], ["2026-03-02", "集体学习", "周一集体学习", ""]);
        assert_eq!(grid[2][3], "县公安局");
        let token = upload(&db, &planner, "export.xlsx", &xlsx).await;
        let again = ledger_file::commit(&db, Some(&planner), &token, clock).await;
        assert!(matches!(again, Err(ImportError::NothingToDo)), "{again:?}");
    }
}

#[tokio::test]
async fn ledger_records_and_indicator_values_keep_evidence_files() {
    use app::reporting::evidence::inspect;
    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let viewer = user(&db, "viewer").await;
        let files = app::files::FileStore::Database;
        let clock = at(today(), 10);
        let backend = db.backend_name();
        let study = type_id(&db, "集体学习").await;
        let id = ledger::create(
            &db,
            Some(&planner),
            &form(study, "2026-03-02", "周一集体学习"),
            clock,
        )
        .await
        .unwrap();
        let file = inspect("签到表.pdf", PDF, 50).unwrap();
        assert_eq!(
            ledger::attach_evidence(&db, &files, Some(&viewer), id, &file, PDF, clock).await,
            Err(AppError::Forbidden)
        );
        ledger::attach_evidence(&db, &files, Some(&planner), id, &file, PDF, clock)
            .await
            .unwrap();
        let page = ledger::page(&db, Some(&viewer), &ActivityFilter::default())
            .await
            .unwrap();
        let row = page.rows.iter().find(|r| r.id == id).unwrap();
        let names: Vec<&str> = row
            .attachments
            .iter()
            .map(|a| a.file_name.as_str())
            .collect();
        assert_eq!(names, ["签到表.pdf"], "{backend}");

        // An indicator value's evidence.
        let indicator = app::edit::indicators::create(
            &db,
            Some(&planner),
            &app::model::IndicatorForm {
                name_zh: "数据目录条数".into(),
                measure: "条".into(),
                period: "quarter".into(),
                aggregate: "latest".into(),
                source: "entered".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let value = app::model::IndicatorValueForm {
            period_day: "2026-08-15".into(),
            value: "1280".into(),
            note: String::new(),
        };
        app::edit::indicators::record_value(&db, Some(&planner), indicator, &value, clock)
            .await
            .unwrap();
        let indicators =
            app::edit::indicators::page(&db, Some(&viewer), &Default::default(), clock)
                .await
                .unwrap();
        let shown = indicators.rows.iter().find(|r| r.id == indicator).unwrap();
        assert_eq!(shown.values.len(), 1);
        assert_eq!(
            shown.values[0].starts_on,
            d(2026, 7, 1),
            "the quarter's start"
        );
        let value_id = shown.values[0].id;
        app::edit::indicators::attach_value_evidence(
            &db,
            &files,
            Some(&planner),
            value_id,
            &file,
            PDF,
            clock,
        )
        .await
        .unwrap();
        let again = app::edit::indicators::page(&db, Some(&viewer), &Default::default(), clock)
            .await
            .unwrap();
        let shown = again.rows.iter().find(|r| r.id == indicator).unwrap();
        assert_eq!(shown.values[0].attachments.len(), 1, "{backend}");

        // Deleting the record takes its attachments with it; the shared bytes stay.
        ledger::delete(&db, Some(&planner), id, row.version, true)
            .await
            .unwrap();
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM attachments WHERE entity = 'activity'"
            )
            .await,
            0
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM file_blobs").await, 1);
    }
}
