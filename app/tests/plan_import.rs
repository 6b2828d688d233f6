//! The milestone plan as a spreadsheet, on SQLite and PostgreSQL: the export (XLSX read back
//! with calamine, CSV), importing an export changes nothing, a revised plan updates and
//! creates milestones with their dependencies and project links in one journalled transaction,
//! every problem is named by row and column and writes nothing, cycles across the file and the
//! database are refused, and a milestone saved by someone after the preview stops the import.

mod common;

use std::io::Cursor;

use app::db::Db;
use app::domain::problem::Problem;
use app::model::{MilestoneFilter, MilestoneForm};
use app::reporting::import::{quietly, ImportError};
use app::reporting::plan_file;
use app::reporting::{CsvEncoding, Format};
use calamine::{Data, Reader, Xlsx};
use common::{count, seeded, today, user};

const CSV: Format = Format::Csv(CsvEncoding::Utf8Bom);

async fn export(db: &Db, format: Format) -> Vec<u8> {
    let filter = MilestoneFilter::default();
    plan_file::export(db, &filter, format, today(), app::i18n::Locale::Zh)
        .await
        .expect("export")
        .0
}

/// The CSV's rows (the header first).
fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).expect("write");
    }
    writer.into_inner().expect("flush")
}

fn column(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == heading)
        .unwrap_or_else(|| panic!("no column {heading}"))
}

/// The row of the milestone titled `title`.
fn row_of(rows: &[Vec<String>], title: &str) -> usize {
    let at = column(rows, "里程碑名称");
    rows.iter()
        .position(|r| r[at] == title)
        .unwrap_or_else(|| panic!("no milestone {title}"))
}

/// Everything an import could touch; equal fingerprints mean nothing was written.
async fn fingerprint(db: &Db) -> String {
    let mut parts = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM milestones",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM milestones",
        "SELECT COUNT(*) FROM milestone_dependencies",
        "SELECT COUNT(*) FROM project_milestones",
        "SELECT COUNT(*) FROM audit_log",
    ] {
        parts.push(count(db, sql).await);
    }
    format!("{parts:?}")
}

#[tokio::test]
async fn an_exported_plan_reads_back_and_importing_it_changes_nothing() {
    for db in seeded().await {
        let milestones = count(&db, "SELECT COUNT(*) FROM milestones").await as usize;
        let xlsx = export(&db, Format::Xlsx).await;
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.clone())).expect("a workbook");
        let range = book
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("readable");
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows.len(), milestones + 1, "{}", db.backend_name());
        assert_eq!(rows[0][0], Data::String("编码".into()));
        assert_eq!(rows[0][5], Data::String("里程碑名称".into()));
        // Dates are real dates, so Excel sorts and filters them.
        assert!(matches!(rows[1][7], Data::DateTime(_)), "{:?}", rows[1][7]);
        let csv = export(&db, CSV).await;
        let table = read_csv(&csv);
        assert_eq!(table.len(), milestones + 1);
        let codes = column(&table, "编码");
        assert!(
            table[1..].iter().all(|r| r[codes].len() >= 11),
            "every row has a code"
        );
        // The sample's linked project shows by its code.
        let projects = column(&table, "关联项目");
        assert!(table[1..].iter().any(|r| r[projects].contains("-65-")));

        let before = fingerprint(&db).await;
        for (name, bytes) in [("plan.xlsx", &xlsx), ("plan.csv", &csv)] {
            let plan = plan_file::plan(&db, name, bytes).await.expect("plan");
            let p = &plan.preview;
            assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
            assert_eq!((p.creates.len(), p.updates.len()), (0, 0), "{name}");
            assert_eq!(p.unchanged, milestones, "{name}");
            assert!(p.ignored_columns.contains(&"存在问题".to_string()));
            let planner = user(&db, "planner").await;
            let refused = plan_file::commit(&db, Some(&planner), name, bytes, &quietly).await;
            assert!(matches!(refused, Err(ImportError::NothingToDo)), "{name}");
        }
        assert_eq!(fingerprint(&db).await, before);
    }
}

#[tokio::test]
async fn a_revised_plan_updates_and_creates_in_one_journalled_transaction() {
    for db in seeded().await {
        let mut rows = read_csv(&export(&db, CSV).await);
        let (code, title, start, due, weight, depends, projects) = (
            column(&rows, "编码"),
            column(&rows, "里程碑名称"),
            column(&rows, "开始日期"),
            column(&rows, "完成日期"),
            column(&rows, "权重"),
            column(&rows, "前置里程碑"),
            column(&rows, "关联项目"),
        );
        let first = rows[1][code].clone();
        let project = rows
            .iter()
            .skip(1)
            .find(|r| !r[projects].is_empty())
            .map(|r| r[projects].clone())
            .expect("a linked project");
        // The last milestone (latest due date) now ends on 20 December, weighs 3 and depends on
        // the first one.
        let last = rows.len() - 1;
        let moved = rows[last][code].clone();
        let old_due = rows[last][due].clone();
        rows[last][due] = "2027-12-20".into();
        rows[last][weight] = "3".into();
        rows[last][depends] = first.clone();
        // A new milestone without a code, named in the same units, phases and pillars.
        let mut new = rows[last].clone();
        new[code] = String::new();
        new[title] = "编制2027年数据要素工作方案".into();
        new[start] = "2027/3/1".into();
        new[due] = "2027年6月30日".into();
        new[depends] = format!("{first}、{moved}");
        new[projects] = project.clone();
        rows.push(new);
        let file = write_csv(&rows);

        let plan = plan_file::plan(&db, "revised.csv", &file)
            .await
            .expect("plan");
        let p = plan.preview.clone();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!((p.creates.len(), p.updates.len()), (1, 1));
        let changed: Vec<&str> = p.updates[0].changes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(changed, ["due_date", "weight", "depends_on"]);
        assert_eq!(p.updates[0].changes[0].1, old_due);
        let planner = user(&db, "planner").await;
        let outcome = plan_file::apply(&db, Some(&planner), plan, &quietly)
            .await
            .expect("import");
        assert_eq!((outcome.created, outcome.updated), (1, 1));

        // The new milestone has a code, its dependencies and its project.
        let state = app::db::plan::state(&db).await.expect("state");
        let created = state
            .milestones
            .iter()
            .find(|m| m.draft.title == "编制2027年数据要素工作方案")
            .expect("created");
        let new_code = created.code.as_deref().unwrap_or_default();
        assert!(new_code.contains("-2027-"), "{new_code}");
        assert_eq!(
            state
                .dependencies
                .iter()
                .filter(|(m, _)| *m == created.id)
                .count(),
            2
        );
        assert_eq!(
            state.links.iter().filter(|(m, _)| *m == created.id).count(),
            1
        );
        let journal = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'milestone' AND entity_id = {}",
                created.id
            ),
        )
        .await;
        assert!(
            journal >= 8,
            "every field of the new milestone is journalled: {journal}"
        );

        // Exporting again and importing that changes nothing.
        let again = export(&db, CSV).await;
        let plan = plan_file::plan(&db, "again.csv", &again)
            .await
            .expect("plan");
        assert!(
            plan.preview.problems.is_empty(),
            "{:?}",
            plan.preview.problems
        );
        assert_eq!(
            (plan.preview.creates.len(), plan.preview.updates.len()),
            (0, 0),
            "{:?}",
            plan.preview.updates
        );
    }
}

#[tokio::test]
async fn every_problem_is_reported_by_row_and_column_and_nothing_is_written() {
    for db in seeded().await {
        let mut rows = read_csv(&export(&db, CSV).await);
        let (code, phase, pillar, unit, start, weight, depends, projects) = (
            column(&rows, "编码"),
            column(&rows, "阶段"),
            column(&rows, "支柱"),
            column(&rows, "责任单位"),
            column(&rows, "开始日期"),
            column(&rows, "权重"),
            column(&rows, "前置里程碑"),
            column(&rows, "关联项目"),
        );
        rows[1][phase] = "第九阶段".into();
        rows[2][pillar] = "一片天".into();
        rows[3][unit] = "县不存在局".into();
        rows[4][start] = "2025-02-30".into();
        rows[5][weight] = "很重".into();
        rows[6][depends] = "YW-1999-001".into();
        rows[7][projects] = "无此项目".into();
        rows[8][code] = "YY-2099-404".into();
        let duplicate = rows[9].clone();
        rows.push(duplicate);
        let last_line = rows.len();
        let before = fingerprint(&db).await;
        let plan = plan_file::plan(&db, "bad.csv", &write_csv(&rows))
            .await
            .expect("plan");
        let found: Vec<(usize, &str)> = plan
            .preview
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "阶段"),
                (3, "支柱"),
                (4, "责任单位"),
                (5, "开始日期"),
                (6, "权重"),
                (7, "前置里程碑"),
                (8, "关联项目"),
                (9, "编码"),
                (last_line, "编码"),
            ],
            "{}",
            db.backend_name()
        );
        assert!(matches!(
            plan.preview.problems[0].problem,
            Problem::UnknownName { .. }
        ));
        assert!(matches!(
            plan.preview.problems[8].problem,
            Problem::DuplicateRow { first_row: 10, .. }
        ));
        let planner = user(&db, "planner").await;
        let refused = plan_file::apply(&db, Some(&planner), plan, &quietly).await;
        assert!(matches!(refused, Err(ImportError::HasProblems(9))));
        assert_eq!(fingerprint(&db).await, before);
    }
}

#[tokio::test]
async fn cycles_across_the_file_and_the_database_are_refused() {
    for db in seeded().await {
        let rows = read_csv(&export(&db, CSV).await);
        let (code, depends) = (column(&rows, "编码"), column(&rows, "前置里程碑"));
        let (a, b, c) = (
            rows[1][code].clone(),
            rows[2][code].clone(),
            rows[3][code].clone(),
        );
        // The database: B depends on A.
        let mut first = rows.clone();
        first[2][depends] = a.clone();
        let planner = user(&db, "planner").await;
        plan_file::commit(
            &db,
            Some(&planner),
            "b-on-a.csv",
            &write_csv(&first),
            &quietly,
        )
        .await
        .expect("B depends on A");
        // The file: A depends on C and C on B, closing A → C → B → A.
        let mut cycle = read_csv(&export(&db, CSV).await);
        let (row_a, row_c) = (
            row_of(&cycle, &rows[1][column(&rows, "里程碑名称")]),
            row_of(&cycle, &rows[3][column(&rows, "里程碑名称")]),
        );
        cycle[row_a][depends] = c.clone();
        cycle[row_c][depends] = b.clone();
        let before = fingerprint(&db).await;
        let plan = plan_file::plan(&db, "cycle.csv", &write_csv(&cycle))
            .await
            .expect("plan");
        assert!(!plan.preview.problems.is_empty());
        assert!(plan
            .preview
            .problems
            .iter()
            .all(|p| p.column == "前置里程碑"
                && matches!(p.problem, Problem::DependencyCycle { .. })));
        let refused = plan_file::apply(&db, Some(&planner), plan, &quietly).await;
        assert!(matches!(refused, Err(ImportError::HasProblems(_))));
        assert_eq!(fingerprint(&db).await, before);
        // The same file that also drops B's dependency on A closes nothing.
        let row_b = row_of(&cycle, &rows[2][column(&rows, "里程碑名称")]);
        cycle[row_b][depends] = String::new();
        let plan = plan_file::plan(&db, "fixed.csv", &write_csv(&cycle))
            .await
            .expect("plan");
        assert!(
            plan.preview.problems.is_empty(),
            "{:?}",
            plan.preview.problems
        );
        assert_eq!(plan.preview.updates.len(), 3);
    }
}

#[tokio::test]
async fn a_milestone_saved_after_the_preview_stops_the_whole_import() {
    for db in seeded().await {
        let mut rows = read_csv(&export(&db, CSV).await);
        let (title, weight) = (column(&rows, "里程碑名称"), column(&rows, "权重"));
        rows[1][weight] = "4".into();
        rows[2][weight] = "4".into();
        let plan = plan_file::plan(&db, "two.csv", &write_csv(&rows))
            .await
            .expect("plan");
        assert_eq!(plan.preview.updates.len(), 2);
        // Someone edits the second one meanwhile.
        let state = app::db::plan::state(&db).await.expect("state");
        let edited = state
            .milestones
            .iter()
            .find(|m| m.draft.title == rows[2][title])
            .expect("milestone");
        let mut form: MilestoneForm = edited.draft.form();
        form.description = "会议决定调整".into();
        let planner = user(&db, "planner").await;
        app::edit::milestones::update(&db, Some(&planner), edited.id, edited.version, &form)
            .await
            .expect("edit");
        let before = fingerprint(&db).await;
        let refused = plan_file::apply(&db, Some(&planner), plan, &quietly).await;
        assert!(
            matches!(&refused, Err(ImportError::ChangedMeanwhile(name)) if name.contains(&rows[2][title])),
            "{:?}",
            refused.err()
        );
        assert_eq!(
            fingerprint(&db).await,
            before,
            "the first row is rolled back too"
        );
        // A viewer may not import at all.
        let viewer = user(&db, "viewer").await;
        let file = write_csv(&rows);
        let refused = plan_file::commit(&db, Some(&viewer), "two.csv", &file, &quietly).await;
        assert!(refused.is_err());
        assert_eq!(fingerprint(&db).await, before);
    }
}
