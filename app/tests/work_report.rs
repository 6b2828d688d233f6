//! Indicators (指标) and the 工作总结 document on SQLite and PostgreSQL: entered, counted and
//! computed values; the report's figures against the dashboard's; narratives kept across
//! regeneration; the stored history; the DOCX read back by python-docx and the PDF by pdftotext.

mod common;

use std::process::Command;

use app::db::Db;
use app::domain::problem::Problem;
use app::domain::report_doc::{Block, ReportPeriod};
use app::edit::{activities as ledger, indicators, work_report as report};
use app::error::AppError;
use app::files::FileStore;
use app::i18n::Locale;
use app::model::{
    ActivityForm, CurrentUser, DashboardFilter, IndicatorForm, IndicatorValueForm, ReportQuery,
};
use app::work_report::{build, DocumentKind};
use common::{at, d, fresh_databases, seeded, today, user};

fn first_half() -> ReportQuery {
    ReportQuery {
        from: Some(d(2026, 1, 1)),
        to: Some(d(2026, 6, 30)),
    }
}

fn indicator(name: &str, source: &str, target: &str) -> IndicatorForm {
    IndicatorForm {
        name_zh: name.into(),
        measure: "次".into(),
        period: "month".into(),
        aggregate: "sum".into(),
        source: source.into(),
        target_year: "2026".into(),
        target: target.into(),
        pinned: "on".into(),
        ..IndicatorForm::default()
    }
}

async fn type_id(db: &Db, name: &str) -> i64 {
    app::db::activities::types(db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name_zh == name)
        .unwrap()
        .id
}

async fn view(db: &Db, who: &CurrentUser, id: i64) -> app::model::IndicatorView {
    indicators::page(
        db,
        Some(who),
        &DashboardFilter::default(),
        at(d(2026, 6, 30), 12),
    )
    .await
    .unwrap()
    .rows
    .into_iter()
    .find(|r| r.id == id)
    .unwrap()
}

#[tokio::test]
async fn entered_counted_and_computed_indicators_stand_against_their_targets() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let viewer = user(&db, "viewer").await;
        let clock = at(d(2026, 6, 30), 10);
        let backend = db.backend_name();

        // Entered: a monthly count with a target of 24 for 2026.
        let studies =
            indicators::create(&db, Some(&planner), &indicator("专题培训", "entered", "24"))
                .await
                .unwrap();
        for (month, value) in [("2026-01", "2"), ("2026-02", "2"), ("2026-03", "3.5")] {
            let form = IndicatorValueForm {
                period_day: month.into(),
                value: value.into(),
                note: String::new(),
            };
            indicators::record_value(&db, Some(&planner), studies, &form, clock)
                .await
                .unwrap();
        }
        // A period recorded again replaces its value.
        let again = IndicatorValueForm {
            period_day: "2026-03-15".into(),
            value: "3".into(),
            note: "更正".into(),
        };
        indicators::record_value(&db, Some(&planner), studies, &again, clock)
            .await
            .unwrap();
        let v = view(&db, &viewer, studies).await;
        assert_eq!(v.value, Some(700), "2 + 2 + 3 ({backend})");
        assert_eq!(v.target, Some(2400));
        assert_eq!(v.expected, Some(2400 * 181 / 365), "序时 by 30 June");
        assert_eq!(v.on_track, Some(false), "7 is short of 11.9 by 30 June");
        assert_eq!(v.trend.len(), 3);

        // Counted from the ledger: each 安全检查 record counts one.
        let inspection = type_id(&db, "安全检查").await;
        let checks = indicators::create(
            &db,
            Some(&planner),
            &indicator("安全检查次数", &format!("ledger:{inspection}"), "4"),
        )
        .await
        .unwrap();
        for day in ["2026-02-10", "2026-05-20", "2026-06-18"] {
            let record = ActivityForm {
                activity_type: inspection.to_string(),
                held_on: day.into(),
                title: "网络安全检查".into(),
                ..ActivityForm::default()
            };
            ledger::create(&db, Some(&planner), &record, clock)
                .await
                .unwrap();
        }
        let v = view(&db, &viewer, checks).await;
        assert_eq!(v.value, Some(300), "three inspections ({backend})");
        assert_eq!(v.on_track, Some(true), "3 against 2 expected by 30 June");
        let refused = indicators::record_value(
            &db,
            Some(&planner),
            checks,
            &IndicatorValueForm {
                period_day: "2026-06".into(),
                value: "9".into(),
                note: String::new(),
            },
            clock,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&refused, AppError::Invalid(e) if e.get("value") == Some(&Problem::IndicatorNotEntered)),
            "{refused:?}"
        );

        // Computed from the registry: major projects, as the dashboard counts them.
        let majors = indicators::create(
            &db,
            Some(&planner),
            &IndicatorForm {
                aggregate: String::new(),
                ..indicator("在库重大项目", "computed:major_projects", "")
            },
        )
        .await
        .unwrap();
        let v = view(&db, &viewer, majors).await;
        let dashboard =
            app::dashboard::overview(&db, d(2026, 6, 30), &DashboardFilter::default(), Locale::Zh)
                .await
                .unwrap();
        assert_eq!(v.value, Some(dashboard.projects_major * 100), "{backend}");
        assert_eq!(
            v.aggregate, "latest",
            "a count of projects is a level, not a sum"
        );
        // Pinned indicators are the dashboard's tiles.
        let pinned: Vec<i64> = dashboard.indicators.iter().map(|i| i.id).collect();
        assert!(
            pinned.ends_with(&[studies, checks, majors]),
            "{pinned:?} ({backend})"
        );

        // An edit saves what changed (unpinning moves the version), and nothing when nothing did.
        let unpinned = IndicatorForm {
            pinned: String::new(),
            ..indicator("专题培训", "entered", "24")
        };
        let v2 = indicators::update(&db, Some(&planner), studies, 1, &unpinned)
            .await
            .unwrap();
        assert_eq!(v2, 2, "{backend}");
        assert_eq!(
            indicators::update(&db, Some(&planner), studies, 2, &unpinned).await,
            Ok(2),
            "the same form again changes nothing"
        );
        assert!(!view(&db, &viewer, studies).await.pinned);

        // Names are unique; readers cannot define or record; every change is journalled.
        let taken = indicators::create(&db, Some(&planner), &indicator("专题培训", "entered", ""))
            .await
            .unwrap_err();
        assert!(matches!(&taken, AppError::Invalid(e) if e.get("name_zh").is_some()));
        assert_eq!(
            indicators::create(&db, Some(&viewer), &indicator("x", "entered", "")).await,
            Err(AppError::Forbidden)
        );
        let journalled = common::count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator'",
        )
        .await;
        assert!(journalled >= 3 + 4, "{journalled} journal rows ({backend})");
    }
}

#[tokio::test]
async fn the_report_says_what_the_dashboard_says_for_the_same_day() {
    for db in seeded().await {
        let period = ReportPeriod::first_half(2026).unwrap();
        let inputs = app::work_report::inputs(
            &db,
            today(),
            period,
            &DashboardFilter::default(),
            Locale::Zh,
        )
        .await
        .unwrap();
        assert_eq!(
            inputs.day,
            d(2026, 6, 30),
            "a past period stands on its last day"
        );
        let as_of = DashboardFilter {
            as_of: Some(d(2026, 6, 30)),
            ..DashboardFilter::default()
        };
        let dashboard = app::dashboard::overview(&db, today(), &as_of, Locale::Zh)
            .await
            .unwrap();
        assert_eq!(inputs.overview.overall, dashboard.overall);
        assert_eq!(inputs.overview.counts, dashboard.counts);
        let doc = build::summary(&inputs, &Default::default(), Locale::Zh);
        let text = doc.plain_text();
        for figure in [
            format!("里程碑 {} 项", dashboard.overall.milestones),
            format!("已完成 {} 项", dashboard.counts.done),
            format!("总体完成进度 {:.1}%", dashboard.overall.actual),
            format!("序时进度 {:.1}%", dashboard.overall.expected),
            format!("在库重大项目 {} 个", dashboard.projects_major),
        ] {
            assert!(text.contains(&figure), "{figure} missing from:\n{text}");
        }
        // The projects' table lists the dashboard's major projects and adds them up.
        let table = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        let total = table.total.as_ref().unwrap();
        let sum: app::domain::money::Wan = inputs.projects.iter().map(|p| p.total).sum();
        assert_eq!(total[3], sum.to_string());
        assert_eq!(table.rows.len() as i64, dashboard.projects_major);
        // Headings follow the 公文 numbering.
        assert!(
            text.contains("一、工作开展情况")
                && text.contains("二、存在的问题")
                && text.contains("三、下一步工作计划")
        );
        assert!(text.contains("（一）总体进展"));
    }
}

#[tokio::test]
async fn empty_sections_say_so_rather_than_print_zeros() {
    for db in fresh_databases().await {
        let period = ReportPeriod::first_half(2026).unwrap();
        let inputs = app::work_report::inputs(
            &db,
            today(),
            period,
            &DashboardFilter::default(),
            Locale::Zh,
        )
        .await
        .unwrap();
        let text = build::summary(&inputs, &Default::default(), Locale::Zh).plain_text();
        let t = Locale::Zh.report();
        for said in [
            t.no_projects,
            t.no_indicators,
            t.no_activities,
            t.no_problems,
            t.no_plan,
        ] {
            assert!(text.contains(said), "{said} missing from:\n{text}");
        }
        assert!(text.contains("尚无里程碑"), "{text}");
        assert!(!text.contains("0 项"), "no zero counts:\n{text}");
    }
}

#[tokio::test]
async fn narratives_are_kept_across_regeneration_and_every_document_is_kept_as_it_was() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let viewer = user(&db, "viewer").await;
        let clock = at(today(), 9);
        let files = FileStore::Database;
        report::save_narrative(
            &db,
            Some(&planner),
            &first_half(),
            "overall",
            "before",
            "上半年，中心坚持以数字化改革为引领。",
            clock,
        )
        .await
        .unwrap();
        let unknown = report::save_narrative(
            &db,
            Some(&planner),
            &first_half(),
            "pillar:999",
            "after",
            "x",
            clock,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&unknown, AppError::Invalid(e) if e.get("section") == Some(&Problem::NoSuchReportSection))
        );
        assert_eq!(
            report::save_narrative(
                &db,
                Some(&viewer),
                &first_half(),
                "overall",
                "after",
                "x",
                clock
            )
            .await,
            Err(AppError::Forbidden)
        );

        let first = report::generate(
            &db,
            &files,
            Some(&planner),
            &first_half(),
            DocumentKind::Summary,
            false,
            clock,
            Locale::Zh,
        )
        .await
        .unwrap();
        // The data change: a new ledger record; the narrative stays, the figures move.
        let record = ActivityForm {
            activity_type: type_id(&db, "集体学习").await.to_string(),
            held_on: "2026-03-02".into(),
            title: "周一集体学习".into(),
            ..ActivityForm::default()
        };
        ledger::create(&db, Some(&planner), &record, clock)
            .await
            .unwrap();
        let second = report::generate(
            &db,
            &files,
            Some(&planner),
            &first_half(),
            DocumentKind::Summary,
            false,
            clock,
            Locale::Zh,
        )
        .await
        .unwrap();
        assert!(
            second.data_version > first.data_version,
            "{} {}",
            first.data_version,
            second.data_version
        );

        let page = report::page(&db, Some(&viewer), &first_half(), clock, Locale::Zh)
            .await
            .unwrap();
        let ids: Vec<i64> = page.history.iter().map(|h| h.id).collect();
        assert_eq!(ids, vec![second.id, first.id], "newest first, both kept");
        let overall = page.sections.iter().find(|s| s.code == "overall").unwrap();
        assert_eq!(overall.before, "上半年，中心坚持以数字化改革为引领。");

        let (name, content_type, old) =
            report::download(&db, &files, Some(&viewer), first.id, false)
                .await
                .unwrap();
        assert!(
            name.ends_with("2026年上半年工作总结及下半年工作计划.docx"),
            "{name}"
        );
        assert!(content_type.contains("wordprocessingml"));
        let (_, _, new) = report::download(&db, &files, Some(&viewer), second.id, false)
            .await
            .unwrap();
        let old_text = document_xml(&old);
        let new_text = document_xml(&new);
        for text in [&old_text, &new_text] {
            assert!(
                text.contains("上半年，中心坚持以数字化改革为引领。"),
                "the narrative is in both"
            );
        }
        assert!(
            !old_text.contains("集体学习 1 次"),
            "the first is as it was"
        );
        assert!(
            new_text.contains("集体学习 1 次"),
            "the second has the new record"
        );
        assert_eq!(
            report::download(&db, &files, None, first.id, false)
                .await
                .map(|_| ()),
            Err(AppError::Unauthenticated)
        );
        assert_eq!(
            report::download(&db, &files, Some(&viewer), first.id, true)
                .await
                .map(|_| ()),
            Err(AppError::NotFound),
            "no PDF was asked for"
        );
    }
}

/// The text of a DOCX's body.
fn document_xml(docx: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Runs split words: keep only the text.
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether a tool the test needs is here; with `REQUIRE_REPORT_TOOLS` set (scripts/test.sh), its
/// absence fails the test instead of skipping it.
fn tool_present(present: bool, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var("REQUIRE_REPORT_TOOLS").is_err(),
            "REQUIRE_REPORT_TOOLS is set but {what} is missing"
        );
        eprintln!("skipped: {what} is not installed");
    }
    present
}

#[tokio::test]
async fn the_docx_reads_back_as_a_gongwen_and_the_pdf_shows_the_same_figures() {
    let python_docx = Command::new("python3")
        .args(["-c", "import docx"])
        .status()
        .is_ok_and(|s| s.success());
    if !tool_present(python_docx, "python-docx") {
        return;
    }
    let db = seeded().await.remove(0);
    let period = ReportPeriod::first_half(2026).unwrap();
    let with_pdf = app::work_report::pdf::available();
    tool_present(with_pdf, "LibreOffice");
    let made = app::work_report::generate(
        &db,
        today(),
        period,
        DocumentKind::Summary,
        Locale::Zh,
        with_pdf,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.docx");
    std::fs::write(&path, &made.docx).unwrap();
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/docx_reader.py");
    let output = Command::new("python3")
        .arg(reader)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    // A4, margins 37 / 35 / 28 / 26 mm (±1 mm).
    assert_eq!(doc["page"], serde_json::json!([210.0, 297.0]));
    for (side, mm) in [
        ("top", 37.0),
        ("bottom", 35.0),
        ("left", 28.0),
        ("right", 26.0),
    ] {
        let got = doc["margins"][side].as_f64().unwrap();
        assert!((got - mm).abs() <= 1.0, "{side}: {got}");
    }
    let paragraphs = doc["paragraphs"].as_array().unwrap();
    let find = |start: &str| {
        paragraphs
            .iter()
            .find(|p| p["text"].as_str().is_some_and(|t| t.starts_with(start)))
            .unwrap_or_else(|| panic!("no paragraph starts with {start}"))
    };
    // The title in 2号 (22 pt) 小标宋 or what stands in for it; the body in 3号 仿宋 on an exact
    // 28–29 pt pitch; headings 黑体, 楷体, and bold numbers.
    let title = &paragraphs[0];
    assert!(title["text"]
        .as_str()
        .unwrap()
        .ends_with("2026年上半年工作总结及下半年工作计划"));
    assert_eq!(title["size"], 22.0);
    assert!(["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体"]
        .contains(&title["font"].as_str().unwrap()));
    let body = find("截至2026年6月30日");
    assert!(body["font"].as_str().unwrap().starts_with("仿宋"));
    assert_eq!(body["size"], 16.0);
    assert_eq!(body["pitch"]["rule"], "exact");
    let pitch: f64 = body["pitch"]["line"].as_str().unwrap().parse().unwrap();
    assert!(
        (560.0..=580.0).contains(&pitch),
        "{pitch} twentieths of a point"
    );
    assert_eq!(find("一、工作开展情况")["font"], "黑体");
    assert!(find("（一）总体进展")["font"]
        .as_str()
        .unwrap()
        .starts_with("楷体"));
    let item = find("1.");
    assert!(
        item["bold"].as_bool().unwrap(),
        "the number of a 三级 item is bold"
    );
    // Page numbers "— N —" from a PAGE field; the charts are embedded.
    assert!(
        doc["footer"].as_str().unwrap().starts_with("— "),
        "{}",
        doc["footer"]
    );
    assert!(doc["footer_fields"].as_u64().unwrap() >= 1);
    assert!(doc["images"].as_u64().unwrap() >= 3, "{}", doc["images"]);
    // The projects' table: its 合计 row is the sum of its lines.
    let table = doc["tables"][0].as_array().unwrap();
    let money = |cell: &serde_json::Value| -> i64 {
        app::domain::money::Wan::parse(cell.as_str().unwrap())
            .unwrap()
            .hundredths()
    };
    let lines = &table[1..table.len() - 1];
    let total = table.last().unwrap();
    assert_eq!(total[1], "合计");
    assert_eq!(
        lines.iter().map(|r| money(&r[3])).sum::<i64>(),
        money(&total[3])
    );
    assert_eq!(
        lines.iter().map(|r| money(&r[4])).sum::<i64>(),
        money(&total[4])
    );

    if let Some(pdf) = made.pdf {
        let pdf_path = dir.path().join("report.pdf");
        std::fs::write(&pdf_path, pdf).unwrap();
        let text = Command::new("pdftotext").arg(&pdf_path).arg("-").output();
        let Ok(text) = text else {
            tool_present(false, "pdftotext");
            return;
        };
        let text = String::from_utf8_lossy(&text.stdout).replace(['\n', ' '], "");
        let total_cell = total[3].as_str().unwrap().to_string();
        for figure in ["总体完成进度", "合计", total_cell.as_str(), "—1—"] {
            assert!(
                text.contains(figure),
                "{figure} missing from the PDF:\n{text}"
            );
        }
    }
}

#[tokio::test]
async fn charts_as_png_have_the_size_of_their_svg() {
    let db = seeded().await.remove(0);
    let overview = app::dashboard::overview(&db, today(), &DashboardFilter::default(), Locale::Zh)
        .await
        .unwrap();
    for chart in overview.charts.iter() {
        let (png, width, height) = app::work_report::png::svg_to_png(&chart.svg, 1.0).unwrap();
        let attribute = |name: &str| -> u32 {
            let start = chart.svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let rest = &chart.svg[start..];
            rest[..rest.find('"').unwrap()]
                .trim_end_matches("px")
                .parse::<f64>()
                .unwrap()
                .ceil() as u32
        };
        assert_eq!(
            (width, height),
            (attribute("width"), attribute("height")),
            "{}",
            chart.key
        );
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (width, height),
            "{}",
            chart.key
        );
    }
}

#[tokio::test]
async fn a_unit_reports_its_indicators_in_the_monthly_round_and_acceptance_records_them() {
    use app::edit::rounds as round_service;
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let liaison = user(&db, "liaison").await;
        let other = user(&db, "liaison2").await;
        let backend = db.backend_name();
        let unit = app::db::users::units_of(&db, liaison.id).await.unwrap()[0].0;
        let own = indicators::create(
            &db,
            Some(&planner),
            &IndicatorForm {
                unit: unit.to_string(),
                ..indicator("反诈宣传场次", "entered", "24")
            },
        )
        .await
        .unwrap();
        let round = round_service::open(
            &db,
            Some(&planner),
            "2026-11",
            "2026-12-05",
            &[],
            at(today(), 9),
        )
        .await
        .unwrap();
        let view = round_service::submission(&db, Some(&liaison), round, unit, today())
            .await
            .unwrap();
        let listed: Vec<i64> = view.indicators.iter().map(|i| i.id).collect();
        assert_eq!(
            listed,
            vec![own],
            "the unit's entered indicator is in its submission ({backend})"
        );
        assert_eq!(view.indicators[0].starts_on, d(2026, 11, 1));

        let value = IndicatorValueForm {
            period_day: String::new(),
            value: "3".into(),
            note: "进社区宣传".into(),
        };
        let clock = at(today(), 10);
        assert_eq!(
            round_service::save_indicator(&db, Some(&other), round, unit, own, &value, clock).await,
            Err(AppError::Forbidden),
            "another unit's liaison"
        );
        round_service::save_indicator(&db, Some(&liaison), round, unit, own, &value, clock)
            .await
            .unwrap();
        // A draft is not the indicator's value yet.
        let before = view_on(&db, &planner, own, today()).await;
        assert_eq!(before.value, None, "{backend}");
        round_service::submit(&db, Some(&liaison), round, unit, clock)
            .await
            .unwrap();
        round_service::accept(&db, Some(&planner), round, unit, at(today(), 11))
            .await
            .unwrap();
        let after = view_on(&db, &planner, own, today()).await;
        assert_eq!(
            after.value,
            Some(300),
            "accepted: November's value ({backend})"
        );
        let accepted = round_service::submission(&db, Some(&planner), round, unit, today())
            .await
            .unwrap();
        assert_eq!(
            accepted.indicators[0].entry,
            Some((300, "进社区宣传".to_string()))
        );
        // Accepted submissions are closed to edits.
        assert!(round_service::save_indicator(
            &db,
            Some(&liaison),
            round,
            unit,
            own,
            &value,
            clock
        )
        .await
        .is_err());
    }
}

async fn view_on(
    db: &Db,
    who: &CurrentUser,
    id: i64,
    day: chrono::NaiveDate,
) -> app::model::IndicatorView {
    indicators::page(db, Some(who), &DashboardFilter::default(), at(day, 12))
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
}
