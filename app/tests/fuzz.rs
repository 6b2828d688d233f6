//! Property tests (thousands of generated and mutated inputs a run) over what the server reads
//! from outside: uploaded XLSX and CSV files, server-function form fields, URL query strings,
//! passwords and backup manifests. None may panic, and every refusal has a message a person can
//! read, in Chinese and in English.

use app::backup::manifest::Manifest;
use app::domain::import_sheet;
use app::domain::milestone_rules::{validate_milestone, validate_progress};
use app::domain::password_rules;
use app::domain::project_rules::validate_project;
use app::domain::report_sheet::COLUMNS;
use app::domain::validate::FieldErrors;
use app::i18n::Locale;
use app::model::{
    DashboardFilter, JournalFilter, MilestoneFilter, MilestoneForm, ProgressForm, ProjectFilter,
    ProjectForm, ReferenceData, SecurityLogFilter,
};
use app::reporting::decode::read_grid;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A valid provincial sheet as CSV: the headings and two projects.
fn valid_csv() -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(COLUMNS).unwrap();
    for n in 1..=2 {
        let mut row: Vec<String> = COLUMNS.iter().map(|_| String::new()).collect();
        row[0] = n.to_string();
        row[2] = format!("县政务云扩容工程{n}");
        row[3] = "县大数据发展中心".into();
        row[5] = "新建".into();
        row[6] = "一朵云".into();
        row[8] = "2025-2026".into();
        row[9] = "1200.50".into();
        row[13] = "1200.50".into();
        writer.write_record(&row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The same sheet as XLSX.
fn valid_xlsx() -> Vec<u8> {
    let text = String::from_utf8(valid_csv()[3..].to_vec()).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Reads an upload as the import does, up to the parsed sheet; every refusal has words.
fn read_like_an_import(bytes: &[u8]) {
    match read_grid(bytes) {
        Ok((grid, first_row)) => {
            if let Err(e) = import_sheet::parse(&grid, first_row) {
                for locale in [Locale::Zh, Locale::En] {
                    assert!(!locale.sheet_error(&e).trim().is_empty());
                }
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "{e:?}"),
    }
}

/// A file with some bytes changed, some cut or some repeated.
fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = valid.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 0..16),
        0..=len,
        prop::option::of((0..len, 0..64usize)),
    )
        .prop_map(move |(changes, cut, repeat)| {
            let mut bytes = valid.clone();
            for (at, byte) in changes {
                bytes[at] = byte;
            }
            if let Some((at, n)) = repeat {
                let end = (at + n).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            bytes.truncate(cut.max(1));
            bytes
        })
}

fn messages_in_both_languages(errors: &FieldErrors) {
    assert!(!errors.is_empty());
    for error in &errors.0 {
        for locale in [Locale::Zh, Locale::En] {
            assert!(
                !locale.problem(&error.problem).trim().is_empty(),
                "{error:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_bytes_are_read_or_refused_with_a_message(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        read_like_an_import(&bytes);
    }

    #[test]
    fn a_mutated_csv_sheet_is_read_or_refused_with_a_message(bytes in mutated(valid_csv())) {
        read_like_an_import(&bytes);
    }

    #[test]
    fn query_strings_never_break_a_list(query in ".{0,200}") {
        let _ = app::model::query::parse::<MilestoneFilter>(&query);
        let _ = app::model::query::parse::<ProjectFilter>(&query);
        let _ = app::model::query::parse::<DashboardFilter>(&query);
        let _ = app::model::query::parse::<JournalFilter>(&query);
        let _ = app::model::query::parse::<SecurityLogFilter>(&query);
    }

    #[test]
    fn structured_query_strings_never_break_a_list(
        pairs in prop::collection::vec(
            (prop::sample::select(vec!["phase", "pillar", "unit", "status", "year", "page", "sort", "desc", "from", "to", "as_of", "kind", "q"]),
             "[-0-9a-z%+.]{0,12}"),
            0..8,
        )
    ) {
        let query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let filter = app::model::query::parse::<MilestoneFilter>(&query);
        // What a page writes back into its links reads the same again.
        let again = app::model::query::parse::<MilestoneFilter>(&app::model::query::to_query(&filter));
        prop_assert_eq!(filter, again);
        let _ = app::model::query::parse::<ProjectFilter>(&query);
        let _ = app::model::query::parse::<DashboardFilter>(&query);
    }

    #[test]
    fn form_fields_are_saved_or_refused_with_messages(
        title in ".{0,80}", date in "[-0-9/年月日 ]{0,14}", number in "[-0-9.,e ]{0,10}", code in "[a-z_]{0,12}",
    ) {
        let reference = ReferenceData::default();
        let milestone = MilestoneForm {
            title: title.clone(),
            start_date: date.clone(),
            due_date: date.clone(),
            weight: number.clone(),
            phase: number.clone(),
            pillar: code.clone(),
            unit: title.clone(),
            ..MilestoneForm::default()
        };
        if let Err(errors) = validate_milestone(&milestone, &reference) {
            messages_in_both_languages(&errors);
        }
        let progress = ProgressForm { percent: number.clone(), reported_on: date.clone(), note: title.clone(), ..ProgressForm::default() };
        if let Err(errors) = validate_progress(&progress, &reference, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()) {
            messages_in_both_languages(&errors);
        }
        let project = ProjectForm {
            name: title,
            kind: code.clone(),
            status: code,
            total: number.clone(),
            fund_county: number.clone(),
            start_year: number.clone(),
            end_year: number,
            ..ProjectForm::default()
        };
        if let Err(errors) = validate_project(&project, &reference) {
            messages_in_both_languages(&errors);
        }
    }

    #[test]
    fn any_password_is_judged_with_a_message(password in ".{0,40}", username in "[a-z]{0,10}") {
        if let Err(problem) = password_rules::check(&password, &username) {
            prop_assert!(!Locale::Zh.problem(&problem).is_empty());
        }
    }

    #[test]
    fn any_manifest_is_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Manifest::parse(&bytes);
    }
}

proptest! {
    // Each case unpacks a workbook: fewer of them.
    #![proptest_config(config(400))]

    #[test]
    fn a_mutated_xlsx_sheet_is_read_or_refused_with_a_message(bytes in mutated(valid_xlsx())) {
        read_like_an_import(&bytes);
    }
}

#[test]
fn the_unmutated_files_are_read_whole() {
    for bytes in [valid_csv(), valid_xlsx()] {
        let (grid, first) = read_grid(&bytes).unwrap();
        let sheet = import_sheet::parse(&grid, first).unwrap();
        assert_eq!(sheet.rows.len(), 2);
    }
}
