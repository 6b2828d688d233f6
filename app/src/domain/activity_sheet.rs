//! The activity ledger (工作台账) as a spreadsheet: the columns the export writes and the import
//! reads (offices keep these ledgers in Excel), how a row's names become ids, and how the days
//! people type are read. A Chinese file format: its headings are data, not interface words.

use super::dates::parse_day;
use super::import_sheet::SheetError;
use super::problem::{Label, Problem};
use super::sheet_header;
use crate::model::{ActivityForm, ActivityTypeView, Named};

/// The columns, in the export's order.
pub const HEADINGS: [&str; 8] = [
    "日期",
    "类型",
    "名称",
    "单位",
    "支柱",
    "领域",
    "参加人数",
    "备注",
];

/// Other headings offices use for the same columns.
const ALIASES: [(&str, usize); 9] = [
    ("开展日期", 0),
    ("活动日期", 0),
    ("活动类型", 1),
    ("活动名称", 2),
    ("标题", 2),
    ("责任单位", 3),
    ("人数", 6),
    ("参加人员", 6),
    ("说明", 7),
];

/// How far down the header may be (a title row or two come first).
const HEADER_SEARCH_ROWS: usize = 10;

/// Where each column is in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    at: Vec<Option<usize>>,
    /// The grid's index of the header row.
    pub header_row: usize,
}

/// Finds the header: a row naming at least 日期, 类型 and 名称 (or their aliases).
pub fn columns(grid: &[Vec<String>]) -> Result<Columns, SheetError> {
    let header = sheet_header::find(
        grid,
        HEADER_SEARCH_ROWS,
        HEADINGS.len(),
        &[0, 1, 2],
        |name| {
            HEADINGS
                .iter()
                .position(|h| *h == name)
                .or_else(|| ALIASES.iter().find(|(a, _)| *a == name).map(|(_, f)| *f))
        },
    )?;
    Ok(Columns {
        at: header.at,
        header_row: header.row,
    })
}

/// The names a row may use, with their ids.
pub struct Names<'a> {
    pub types: &'a [ActivityTypeView],
    pub units: &'a [(i64, String)],
    pub pillars: &'a [Named],
    pub domains: &'a [Named],
}

/// One data row: its spreadsheet line and the form it makes, with the problems of names that
/// match nothing (the rest is checked by the ledger's own rules).
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    pub line: usize,
    pub form: ActivityForm,
    pub problems: Vec<(String, Problem)>,
}

/// The data rows below the header; blank rows are skipped. `first_row_number` is the
/// spreadsheet row of `grid[0]`.
pub fn rows(
    grid: &[Vec<String>],
    columns: &Columns,
    first_row_number: usize,
    names: &Names,
) -> Vec<SheetRow> {
    let cell = |row: &[String], field: usize| {
        columns.at[field]
            .and_then(|col| row.get(col))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (index, row) in grid.iter().enumerate().skip(columns.header_row + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut problems = Vec::new();
        let mut id_of = |field: &str, label: Label, text: String, found: Option<i64>| match (
            text.is_empty(),
            found,
        ) {
            (true, _) => String::new(),
            (false, Some(id)) => id.to_string(),
            (false, None) => {
                problems.push((field.to_string(), Problem::NoSuchChoice(label)));
                String::new()
            }
        };
        let type_name = cell(row, 1);
        let type_id = names
            .types
            .iter()
            .find(|t| t.name_zh == type_name || (!t.name_en.is_empty() && t.name_en == type_name))
            .map(|t| t.id);
        let named = |list: &[Named], text: &str| {
            list.iter()
                .find(|n| n.name_zh == text || (!n.name_en.is_empty() && n.name_en == text))
                .map(|n| n.id)
        };
        let unit_name = cell(row, 3);
        let unit = names
            .units
            .iter()
            .find(|(_, n)| *n == unit_name)
            .map(|(id, _)| *id);
        let (pillar_name, domain_name) = (cell(row, 4), cell(row, 5));
        let form = ActivityForm {
            activity_type: id_of("activity_type", Label::ActivityType, type_name, type_id),
            held_on: {
                let text = cell(row, 0);
                parse_day(&text).map_or(text, |d| d.to_string())
            },
            title: cell(row, 2),
            unit: id_of("unit", Label::OwnerUnit, unit_name, unit),
            pillar: id_of(
                "pillar",
                Label::Pillar,
                pillar_name.clone(),
                named(names.pillars, &pillar_name),
            ),
            domain: id_of(
                "domain",
                Label::Domain,
                domain_name.clone(),
                named(names.domains, &domain_name),
            ),
            participants: cell(row, 6),
            notes: cell(row, 7),
        };
        out.push(SheetRow {
            line: first_row_number + index,
            form,
            problems,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_header_is_found_below_a_title_and_names_become_ids() {
        let types = [ActivityTypeView {
            id: 6,
            name_zh: "安全检查".into(),
            name_en: "Security inspection".into(),
            measure: "次".into(),
        }];
        let units = [(7, "县公安局".to_string())];
        let names = Names {
            types: &types,
            units: &units,
            pillars: &[],
            domains: &[],
        };
        let sheet = grid(&[
            &["2026年工作台账"],
            &["开展日期", "活动类型", "活动名称", "单位", "人数"],
            &["46083", "安全检查", "机房巡检", "县公安局", "3"],
            &["", "", "", "", ""],
            &["2026/3/9", "巡逻", "夜巡", "县交通局", ""],
        ]);
        let found = columns(&sheet).unwrap();
        assert_eq!(found.header_row, 1);
        let rows = rows(&sheet, &found, 1, &names);
        assert_eq!(rows.len(), 2, "the blank row is skipped");
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].form.activity_type, "6");
        assert_eq!(rows[0].form.held_on, "2026-03-02");
        assert_eq!(rows[0].form.unit, "7");
        assert!(rows[0].problems.is_empty());
        assert_eq!(rows[1].line, 5);
        let fields: Vec<&str> = rows[1].problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["activity_type", "unit"]);
        assert_eq!(
            columns(&grid(&[&["名称", "备注"]])),
            Err(SheetError::NoHeader(10))
        );
    }
}
