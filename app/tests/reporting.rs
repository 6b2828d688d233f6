//! Provincial reporting end to end on SQLite and PostgreSQL: export in the provincial template
//! (read back with calamine and with LibreOffice), import with its checks, round trips, hostile
//! files, locked periods with their baselines, and 上报 records.

mod common;

use std::io::{Cursor, Write};

use app::db::{report, users, with_pool, Db};
use app::domain::model::{ProjectKind, Role};
use app::domain::money::Wan;
use app::domain::period::Period;
use app::domain::report_sheet::Grouping;
use app::model::{CurrentUser, ProjectFilter};
use app::reporting::import::{self, ImportError, ImportOptions};
use app::reporting::{self, CsvEncoding, ExportRequest, Format};
use calamine::{Data, Reader, Xlsx};
use common::{seeded, today};

fn request(format: Format) -> ExportRequest {
    ExportRequest {
        filter: ProjectFilter::default(),
        grouping: Grouping::Construction,
        period: None,
        format,
    }
}

const CSV: Format = Format::Csv(CsvEncoding::Utf8Bom);

async fn export(db: &Db, request: &ExportRequest) -> Vec<u8> {
    reporting::export(db, request, today())
        .await
        .expect("export")
        .bytes
}

fn options(kind: ProjectKind) -> ImportOptions {
    ImportOptions {
        new_project_kind: kind,
        today: today(),
    }
}

async fn planner(db: &Db) -> CurrentUser {
    let (id, _, role) = users::credentials(db, "planner")
        .await
        .unwrap()
        .expect("sample planner");
    assert_eq!(role, Role::Planner);
    CurrentUser {
        id,
        username: "planner".into(),
        display_name: String::new(),
        role,
        duties: Default::default(),
    }
}

/// Everything an import could touch; equal fingerprints mean nothing was written.
async fn fingerprint(db: &Db) -> String {
    let row: (i64, i64, i64, i64, i64) = with_pool!(db, pool => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM projects), (SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM projects),
                (SELECT COUNT(*) FROM investment_ledger),
                (SELECT CAST(COALESCE(SUM(planned + completed), 0) AS BIGINT) FROM investment_ledger),
                (SELECT COUNT(*) FROM audit_log)",
    )
    .fetch_one(pool)
    .await
    .unwrap());
    format!("{row:?}")
}

fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a valid workbook");
    let range = book
        .worksheet_range_at(0)
        .expect("one sheet")
        .expect("readable");
    range.rows().map(|r| r.to_vec()).collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number cell, got {other:?}"),
    }
}

fn fen(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

#[tokio::test]
async fn xlsx_follows_the_provincial_template_with_totals_to_the_fen() {
    for db in seeded().await {
        let bytes = export(&db, &request(Format::Xlsx)).await;
        let rows = xlsx_rows(&bytes);
        let text = |r: usize, c: usize| rows[r][c].to_string();
        assert!(text(0, 0).ends_with("进展情况表"), "{}", text(0, 0));
        assert!(text(1, 0).starts_with("填报单位："));
        assert_eq!(text(1, 17), "填报日期：2026年11月24日");
        assert_eq!(text(2, 1), "项目代码");
        assert_eq!(
            text(2, 10),
            "资金来源（万元）",
            "merged over its five sub-columns"
        );
        assert_eq!(
            (10..15).map(|c| text(3, c)).collect::<Vec<_>>(),
            ["中央", "省", "市", "县", "自筹"]
        );
        assert!(text(4, 0).starts_with("合计"), "the total comes first");

        // Project rows have a number in 序号; group rows have their title in its place.
        let is_project = |r: &Vec<Data>| matches!(r[0], Data::Float(_) | Data::Int(_));
        let projects: Vec<&Vec<Data>> = rows[5..].iter().filter(|r| is_project(r)).collect();
        let tracker = app::service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(projects.len(), tracker.rows.len());
        for col in 9..18 {
            let sum: i64 = projects.iter().map(|r| fen(number(&r[col]))).sum();
            assert_eq!(
                fen(number(&rows[4][col])),
                sum,
                "合计 of column {col} equals its rows"
            );
        }
        assert_eq!(
            fen(number(&rows[4][9])),
            tracker.total_investment.hundredths(),
            "the tracker's total"
        );
        // Each group's subtotal equals its rows, and 序号 restarts per group.
        let mut r = 5;
        while r < rows.len() {
            let group = r;
            r += 1;
            let mut expected_number = 1;
            let mut sum = 0;
            while r < rows.len() && is_project(&rows[r]) {
                assert_eq!(number(&rows[r][0]) as i64, expected_number);
                expected_number += 1;
                sum += fen(number(&rows[r][9]));
                r += 1;
            }
            assert_eq!(
                fen(number(&rows[group][9])),
                sum,
                "subtotal of {}",
                text(group, 0)
            );
        }
        let share = number(&projects[0][18]);
        assert!(
            (0.0..=2.0).contains(&share),
            "占年度计划 is a fraction shown as a percentage: {share}"
        );
    }
}

/// The streamed XLSX (sums from the database first, then the rows as they come) is, cell for
/// cell, the sheet built in memory from every row: the 合计, each group's title and subtotal,
/// the 序号 and every row, in both groupings, under a filter, and from a locked period.
#[tokio::test]
async fn the_streamed_xlsx_is_the_sheet_built_in_memory() {
    for db in seeded().await {
        let name = db.backend_name();
        let planner = planner(&db).await;
        reporting::periods::lock(&db, Some(&planner), "2026-10", today())
            .await
            .expect("lock a period");
        // A project with no pillar, and one whose pillar's name the pillars' order does not know,
        // go to 未归属五个一 in both.
        with_pool!(&db, pool => {
            sqlx::query("UPDATE projects SET pillar_id = NULL WHERE id = (SELECT MIN(id) FROM projects)")
                .execute(pool).await.unwrap();
        });
        for (grouping, filter, period) in [
            (Grouping::Construction, ProjectFilter::default(), None),
            (Grouping::Pillar, ProjectFilter::default(), None),
            (
                Grouping::Pillar,
                ProjectFilter {
                    kind: Some(ProjectKind::Major),
                    ..Default::default()
                },
                None,
            ),
            (
                Grouping::Construction,
                ProjectFilter::default(),
                Some(Period::parse("2026-10").unwrap()),
            ),
        ] {
            let request = ExportRequest {
                filter,
                grouping,
                period,
                format: Format::Xlsx,
            };
            let streamed = export(&db, &request).await;
            let (sheet, _) = reporting::sheet(&db, &request, today()).await.unwrap();
            let in_memory = reporting::to_xlsx(&sheet).unwrap();
            let rows = xlsx_rows(&streamed);
            assert_eq!(
                rows,
                xlsx_rows(&in_memory),
                "{name}: {grouping:?}, {period:?}"
            );
            assert!(rows.len() > 6, "{name}: the sheet has rows");
        }
    }
}

#[tokio::test]
async fn what_roadmap_exports_imports_back_without_a_change_in_every_format() {
    for db in seeded().await {
        let before = fingerprint(&db).await;
        for format in [Format::Xlsx, CSV, Format::Csv(CsvEncoding::Gbk)] {
            for grouping in [Grouping::Construction, Grouping::Pillar] {
                let bytes = export(
                    &db,
                    &ExportRequest {
                        grouping,
                        ..request(format)
                    },
                )
                .await;
                let preview = import::preview(
                    &db,
                    "x",
                    &bytes,
                    options(ProjectKind::Major),
                    &import::quietly,
                )
                .await
                .unwrap();
                assert!(
                    preview.problems.is_empty(),
                    "{format:?}: {:?}",
                    preview.problems
                );
                assert_eq!(
                    (preview.creates.len(), preview.updates.len()),
                    (0, 0),
                    "{format:?} {grouping:?}"
                );
                assert_eq!(preview.unchanged, preview.row_count);
                assert!(matches!(
                    import::commit(
                        &db,
                        Some(&planner(&db).await),
                        "x",
                        &bytes,
                        options(ProjectKind::Major),
                        &import::quietly
                    )
                    .await,
                    Err(ImportError::NothingToDo)
                ));
            }
        }
        assert_eq!(fingerprint(&db).await, before);
    }
}

/// The CSV's rows without 序号 and 存在问题 (problems are kept in Roadmap, not imported).
fn comparable_rows(csv: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(csv.to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            r.iter()
                .enumerate()
                .filter(|(i, _)| *i != 0 && *i != 20)
                .map(|(_, c)| c.to_string())
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn export_import_export_into_an_empty_registry_yields_the_same_sheet() {
    for db in seeded().await {
        let mut files = Vec::new();
        for kind in [ProjectKind::Major, ProjectKind::Information] {
            let mut req = request(Format::Xlsx);
            req.filter.kind = Some(kind);
            files.push((kind, export(&db, &req).await));
        }
        let original = export(&db, &request(CSV)).await;
        with_pool!(&db, pool => {
            sqlx::query("DELETE FROM problems").execute(pool).await.unwrap();
            sqlx::query("DELETE FROM projects").execute(pool).await.unwrap();
        });
        let actor = planner(&db).await;
        for (kind, bytes) in &files {
            let outcome = import::commit(
                &db,
                Some(&actor),
                "x.xlsx",
                bytes,
                options(*kind),
                &import::quietly,
            )
            .await
            .unwrap();
            assert!(outcome.created > 0 && outcome.updated == 0, "{outcome:?}");
        }
        let again = export(&db, &request(CSV)).await;
        assert_eq!(
            comparable_rows(&again),
            comparable_rows(&original),
            "{}",
            db.backend_name()
        );
    }
}

/// A one-header-row CSV in the template's column names.
fn plain_csv(rows: &[&str]) -> Vec<u8> {
    let header = "项目代码,项目名称,建设单位,建设性质,所属支柱（五个一）,建设起止年限,总投资（万元）,资金来源（中央）,资金来源（县）,本年计划投资";
    std::iter::once(header)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}

#[tokio::test]
async fn every_problem_is_listed_with_its_row_and_column_and_nothing_is_written() {
    for db in seeded().await {
        let before = fingerprint(&db).await;
        let file = plain_csv(&[
            "2023-BAD,甲,县大数据发展中心,新建,一朵云,2026-2027,10,0,10,0",
            "2026-339901-65-01-000777,乙,不存在的局,新建,一朵云,2026-2027,10,0,10,0",
            "2026-339901-65-01-000778,丙,县大数据发展中心,新建,一条河,2026-2027,10,0,10,0",
            "2026-339901-65-01-000779,丁,县大数据发展中心,新建,一朵云,2026-2027,十万,0,10,0",
            "2026-339901-65-01-000780,戊,县大数据发展中心,新建,一朵云,2026-2027,10,5,4,0",
            "2026-339901-65-01-000781,己,县大数据发展中心,新建,一朵云,2026-2027,10,0,10,0",
            "2026-339901-65-01-000781,己,县大数据发展中心,新建,一朵云,2026-2027,10,0,10,0",
            "2026-339901-65-01-000782,庚,县大数据发展中心,翻新,一朵云,明年,10,0,10,0",
            "2026-339901-65-01-000783,辛,县大数据发展中心,新建,一朵云,2026-2027,10,0,10,1.234",
            "2026-339901-65-01-000784,壬,县大数据发展中心,新建,一朵云,2026-2027,10,0,10,5",
        ]);
        let preview = import::preview(
            &db,
            "bad.csv",
            &file,
            options(ProjectKind::Major),
            &import::quietly,
        )
        .await
        .unwrap();
        let found: Vec<(usize, &str)> = preview
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        for expected in [
            (2, "项目代码"),
            (3, "建设单位"),
            (4, "所属支柱（五个一）"),
            (5, "总投资（万元）"),
            (6, "资金来源（中央）"),
            (8, "项目代码"),
            (9, "建设性质"),
            (9, "建设起止年限"),
            (10, "本年计划投资"),
        ] {
            assert!(
                found.contains(&expected),
                "{expected:?} missing from {found:?}"
            );
        }
        assert!(preview
            .problems
            .iter()
            .any(|p| p.row == 8 && zh(&p.problem).contains("与第 7 行重复")));
        assert_eq!(
            preview.creates.len(),
            2,
            "rows 7 and 11 are fine on their own"
        );
        let refused = import::commit(
            &db,
            Some(&planner(&db).await),
            "bad.csv",
            &file,
            options(ProjectKind::Major),
            &import::quietly,
        )
        .await;
        assert!(matches!(refused, Err(ImportError::HasProblems(n)) if n == preview.problems.len()));
        assert_eq!(fingerprint(&db).await, before, "all rows or none");
    }
}

#[tokio::test]
async fn rows_match_by_code_or_by_name_and_unit_and_yearly_figures_become_ledger_months() {
    for db in seeded().await {
        let bytes = export(&db, &request(CSV)).await;
        let text = String::from_utf8(bytes).unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let mut records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        // One project with a code, one without (matched by name + unit).
        let with_code = records
            .iter()
            .position(|r| !r[col("项目代码")].is_empty())
            .unwrap();
        // (under construction this year, so this year's plan has a month to go to)
        let without_code = records
            .iter()
            .position(|r| r[col("项目代码")].is_empty() && r[col("建设起止年限")].ends_with("2026"))
            .unwrap();
        let planned: Wan = Wan::parse(&records[without_code][col("本年计划投资")]).unwrap();
        let mut edit = |i: usize, column: &str, value: &str| {
            let mut cells: Vec<String> = records[i].iter().map(String::from).collect();
            cells[col(column)] = value.to_string();
            records[i] = csv::StringRecord::from(cells);
        };
        edit(with_code, "形象进度", "主体完工，进入联调");
        edit(without_code, "本年计划投资", &(planned + Wan(1234)).plain());
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        for r in &records {
            writer.write_record(r).unwrap();
        }
        let file = writer.into_inner().unwrap();
        let actor = planner(&db).await;
        let outcome = import::commit(
            &db,
            Some(&actor),
            "edit.csv",
            &file,
            options(ProjectKind::Major),
            &import::quietly,
        )
        .await
        .unwrap();
        assert_eq!(
            (outcome.created, outcome.updated),
            (0, 2),
            "{}",
            db.backend_name()
        );
        // The plan's increase lands in the current month; the export shows the file's figure.
        let again = export(&db, &request(CSV)).await;
        let text = String::from_utf8(again).unwrap();
        assert!(text.contains("主体完工，进入联调"));
        assert!(text.contains(&(planned + Wan(1234)).plain()));
        let nov: (i64,) = with_pool!(&db, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM investment_ledger WHERE year = 2026 AND month = 11 AND planned > 0",
        ).fetch_one(pool).await.unwrap());
        assert!(nov.0 >= 1);
        let journal: (i64,) = with_pool!(&db, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM audit_log WHERE username = 'planner' AND entity = 'project'",
        ).fetch_one(pool).await.unwrap());
        assert!(journal.0 >= 2, "imports are in the journal");
    }
}

#[tokio::test]
async fn formula_like_text_stays_text_in_every_format_and_survives_a_round_trip() {
    for db in seeded().await {
        let hostile = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        with_pool!(&db, pool => {
            sqlx::query("UPDATE projects SET name = $1, contact_phone = '+86 0579 8512', location = '@SUM(A1)' WHERE id = (SELECT MIN(id) FROM projects)")
                .bind(hostile).execute(pool).await.unwrap();
        });
        let xlsx = export(&db, &request(Format::Xlsx)).await;
        let rows = xlsx_rows(&xlsx);
        assert!(
            rows.iter()
                .flatten()
                .any(|c| matches!(c, Data::String(text) if text == hostile)),
            "the name as written, in a text cell"
        );
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.clone())).unwrap();
        let formulas = book.worksheet_formula("项目进展情况表").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas at all"
        );

        let csv = String::from_utf8(export(&db, &request(CSV)).await).unwrap();
        assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
        assert!(
            csv.contains(",'+86 0579 8512,")
                || csv.contains(",'+86 0579 8512\n")
                || csv.contains("'+86 0579 8512")
        );
        assert!(csv.contains(",'@SUM(A1),"));
        for bytes in [xlsx, csv.into_bytes()] {
            let preview = import::preview(
                &db,
                "x",
                &bytes,
                options(ProjectKind::Major),
                &import::quietly,
            )
            .await
            .unwrap();
            assert_eq!(
                preview.unchanged, preview.row_count,
                "{:?} {:?}",
                preview.updates, preview.problems
            );
        }
    }
}

#[tokio::test]
async fn gbk_files_from_chinese_windows_export_and_import() {
    for db in seeded().await {
        let utf8 = export(&db, &request(CSV)).await;
        let gbk = export(&db, &request(Format::Csv(CsvEncoding::Gbk))).await;
        let (decoded, _, errors) = encoding_rs::GB18030.decode(&gbk);
        assert!(!errors);
        assert_eq!(
            decoded,
            String::from_utf8(utf8)
                .unwrap()
                .trim_start_matches('\u{feff}')
        );
        assert!(std::str::from_utf8(&gbk).is_err(), "really GBK, not UTF-8");
        // A plain list saved by Excel as GBK, with a unit and pillar in Chinese.
        let text = "项目名称,建设单位,建设性质,所属支柱（五个一）,建设起止年限,总投资（万元）,资金来源（县）\r\n乡镇视频会商系统,县大数据发展中心,新建,一张网,2026-2027,88.80,88.80\r\n";
        let file = encoding_rs::GB18030.encode(text).0.into_owned();
        let outcome = import::commit(
            &db,
            Some(&planner(&db).await),
            "gbk.csv",
            &file,
            options(ProjectKind::Information),
            &import::quietly,
        )
        .await
        .unwrap();
        assert_eq!(outcome.created, 1);
        let list = app::service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        assert!(list
            .rows
            .iter()
            .any(|r| r.name == "乡镇视频会商系统" && r.total_investment == Wan(8880)));
    }
}

fn zip_with(entries: &[(&str, &[u8])], huge: Option<(&str, usize)>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    if let Some((name, size)) = huge {
        zip.start_file(name, options).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..size >> 20 {
            zip.write_all(&chunk).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn hostile_files_get_a_clear_message_and_change_nothing() {
    let bomb = zip_with(
        &[("[Content_Types].xml", b"<Types/>")],
        Some(("xl/worksheets/sheet1.xml", 256 << 20)),
    );
    assert!(
        bomb.len() < 2 << 20,
        "a small file that unpacks to 256 MB: {}",
        bomb.len()
    );
    let wide = format!("{}\n", vec!["项目名称"; 1000].join(","));
    let mut garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    garbage[0] = 0x7f;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip bomb", bomb, "压缩炸弹"),
        ("1,000 columns", wide.into_bytes(), "1000 列"),
        ("binary garbage", garbage, "无法识别的文件"),
        ("100 MB", vec![b'a'; 100 << 20], "超出上限 20 MB"),
        (
            "old .xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            ".xls",
        ),
        (
            "a zip that is no workbook",
            zip_with(&[("hello.txt", b"hi")], None),
            "Excel 文件已损坏",
        ),
        ("no header", "a,b\n1,2\n".as_bytes().to_vec(), "找不到表头"),
    ];
    for db in seeded().await {
        let before = fingerprint(&db).await;
        let actor = planner(&db).await;
        for (what, bytes, message) in &cases {
            let error = import::commit(
                &db,
                Some(&actor),
                what,
                bytes,
                options(ProjectKind::Major),
                &import::quietly,
            )
            .await
            .expect_err(what);
            assert!(error.to_string().contains(message), "{what}: {error}");
        }
        assert_eq!(fingerprint(&db).await, before);
    }
}

#[tokio::test]
async fn a_locked_period_keeps_its_baseline_and_closes_its_ledger() {
    for db in seeded().await {
        let october = Period::parse("2026-10").unwrap();
        assert!(report::lock_period(&db, october, 1, "planner")
            .await
            .unwrap());
        assert!(
            !report::lock_period(&db, october, 2, "admin").await.unwrap(),
            "never overwritten"
        );
        let baseline_request = ExportRequest {
            period: Some(october),
            ..request(CSV)
        };
        let baseline = export(&db, &baseline_request).await;

        // Later edits: the ledger of a locked month is refused, a later month is fine.
        let actor = planner(&db).await;
        let project: (i64,) = with_pool!(&db, pool => sqlx::query_as(
            "SELECT project_id FROM investment_ledger WHERE year = 2026 GROUP BY project_id ORDER BY project_id LIMIT 1",
        ).fetch_one(pool).await.unwrap());
        let form = |month: &str| app::model::LedgerForm {
            year: "2026".into(),
            month: month.into(),
            planned: "999".into(),
            completed: "999".into(),
        };
        let refused =
            app::edit::projects::set_ledger(&db, Some(&actor), project.0, &form("10")).await;
        assert!(
            matches!(&refused, Err(app::error::AppError::Refused(m)) if zh(m).contains("已随报告期 2026年10月 锁定")),
            "{refused:?}"
        );
        app::edit::projects::set_ledger(&db, Some(&actor), project.0, &form("11"))
            .await
            .unwrap();
        with_pool!(&db, pool => {
            sqlx::query("UPDATE projects SET total_investment = total_investment + 100, fund_social = fund_social + 100 WHERE id = $1")
                .bind(project.0).execute(pool).await.unwrap();
        });
        assert_eq!(
            export(&db, &baseline_request).await,
            baseline,
            "the baseline does not move"
        );
        assert_ne!(export(&db, &request(CSV)).await, baseline);

        let comparison =
            app::reporting::periods::comparison(&db, "2026-10", &ProjectFilter::default())
                .await
                .unwrap();
        let moved = comparison
            .rows
            .iter()
            .find(|r| r.project_id == project.0)
            .expect("the edited project");
        let (b, c) = (moved.baseline.unwrap(), moved.current.unwrap());
        assert_eq!(
            c.total - b.total,
            Wan(100),
            "1.00 万元 added after the lock"
        );
        assert!(
            c.completed_this_year > b.completed_this_year,
            "November's work is not in October's baseline"
        );
        // A month that has not ended cannot be locked; an unlocked period has no baseline to export.
        let refused = app::reporting::periods::lock(&db, Some(&actor), "2026-11", today()).await;
        assert!(matches!(refused, Err(app::error::AppError::Refused(_))));
        let missing = ExportRequest {
            period: Some(Period::parse("2026-09").unwrap()),
            ..request(CSV)
        };
        assert!(reporting::export(&db, &missing, today()).await.is_err());
        // An import that would lower last year's completed investment (closed by the lock) is
        // refused with the reason.
        let file = String::from_utf8(export(&db, &request(CSV)).await).unwrap();
        let mut reader = csv::Reader::from_reader(file.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let before_year = headers
            .iter()
            .position(|h| h == "截至上年底累计完成投资")
            .unwrap();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        let mut lowered = 0;
        for record in reader.records() {
            let mut cells: Vec<String> = record.unwrap().iter().map(String::from).collect();
            if lowered == 0 && cells[before_year] != "0.00" {
                cells[before_year] = "0.00".into();
                lowered += 1;
            }
            writer.write_record(&cells).unwrap();
        }
        let edited = writer.into_inner().unwrap();
        let preview = import::preview(
            &db,
            "x",
            &edited,
            options(ProjectKind::Major),
            &import::quietly,
        )
        .await
        .unwrap();
        assert_eq!(preview.problems.len(), 1, "{:?}", preview.problems);
        assert_eq!(preview.problems[0].column, "截至上年底累计完成投资");
        assert!(
            zh(&preview.problems[0].problem).contains("已随报告期锁定"),
            "{}",
            zh(&preview.problems[0].problem)
        );
    }
}

#[tokio::test]
async fn a_recorded_report_names_its_projects_in_the_registry() {
    for db in seeded().await {
        let mut req = request(Format::Xlsx);
        req.filter.kind = Some(ProjectKind::Major);
        let file = reporting::export(&db, &req, today()).await.unwrap();
        let reporter = (None, "planner");
        reporting::record_report(
            &db,
            &req,
            &file.summary,
            "2026年11月第1批",
            reporter,
            today(),
        )
        .await
        .unwrap();
        let list = app::service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        for row in &list.rows {
            let reported = row.last_reported.as_ref().map(|(_, b)| b.as_str());
            let expected = (row.kind == ProjectKind::Major).then_some("2026年11月第1批");
            assert_eq!(reported, expected, "{}", row.name);
        }
        // A later batch of the 一平台 projects: those now show it, the others keep the first.
        let mut second = request(CSV);
        second.filter.pillar = Some(3);
        let later = reporting::export(&db, &second, today()).await.unwrap();
        reporting::record_report(&db, &second, &later.summary, "第2批", reporter, today())
            .await
            .unwrap();
        let list = app::service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        for row in &list.rows {
            let reported = row.last_reported.as_ref().map(|(_, b)| b.as_str());
            let in_second = later.summary.project_ids.contains(&row.id);
            let expected = if in_second {
                Some("第2批")
            } else {
                (row.kind == ProjectKind::Major).then_some("2026年11月第1批")
            };
            assert_eq!(reported, expected, "{}", row.name);
        }
        assert!(!later.summary.project_ids.is_empty());
        let batches = report::recent_batches(&db, 10).await.unwrap();
        assert_eq!(batches[0].batch, "第2批", "newest first");
        assert_eq!(
            batches[1].project_count as usize,
            file.summary.project_ids.len()
        );
        assert_eq!(
            Wan(batches[1].total_investment),
            file.summary.total_investment
        );
    }
}

/// LibreOffice (Debian's libreoffice-calc, headless) opens the workbook and shows the same
/// totals the tracker shows; its CSV of the sheet imports back without a change.
#[tokio::test]
async fn libreoffice_reads_the_same_totals_as_the_tracker() {
    let Ok(soffice) = which_soffice() else {
        assert!(
            std::env::var("REQUIRE_LIBREOFFICE").is_err(),
            "REQUIRE_LIBREOFFICE is set but soffice is missing"
        );
        eprintln!("soffice not installed: skipped");
        return;
    };
    let db = seeded().await.remove(0);
    let bytes = export(&db, &request(Format::Xlsx)).await;
    let dir = std::env::temp_dir().join(format!("roadmap-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("sheet.xlsx");
    std::fs::write(&xlsx, &bytes).unwrap();
    let status = std::process::Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&xlsx)
        .env("HOME", &dir)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let converted = std::fs::read(dir.join("sheet.csv")).expect("LibreOffice wrote the CSV");
    let text = String::from_utf8(converted.clone()).unwrap();
    let total_line = text
        .lines()
        .find(|l| l.starts_with("合计"))
        .expect("the 合计 row");
    let tracker = app::service::project_list(&db, &ProjectFilter::default())
        .await
        .unwrap();
    assert!(
        total_line.contains(&format!("\"{}\"", tracker.total_investment)),
        "LibreOffice shows {total_line}, the tracker {}",
        tracker.total_investment
    );
    let preview = import::preview(
        &db,
        "lo.csv",
        &converted,
        options(ProjectKind::Major),
        &import::quietly,
    )
    .await
    .unwrap();
    assert_eq!(
        preview.unchanged,
        tracker.rows.len(),
        "{:?}",
        preview.problems
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn which_soffice() -> Result<&'static str, ()> {
    ["/usr/bin/soffice", "/usr/local/bin/soffice"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .ok_or(())
}

/// A problem as a Chinese reader sees it.
fn zh(problem: &app::domain::problem::Problem) -> String {
    app::i18n::Locale::Zh.problem(problem)
}
