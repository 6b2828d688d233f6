//! Reading a project list back from a spreadsheet grid: finds the header (the export's own
//! two-row header with 资金来源 over five columns, or a plain one-row header with the same
//! names), maps columns by heading, skips the title, 填报单位, 合计 and group rows, and yields
//! one [`ImportRow`] per project with its spreadsheet row number. Pure: the grid comes from an
//! XLSX or CSV reader, the matching against the database happens elsewhere.

use super::period::Period;
use super::problem::Label;
use super::report_sheet::{COLUMNS, FUND_SOURCES};

/// A sheet column that import reads into the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Name,
    Unit,
    Location,
    Construction,
    Pillar,
    Content,
    Years,
    Total,
    /// 资金来源: 中央, 省, 市, 县, 自筹 (index into [`FUND_SOURCES`]).
    Fund(usize),
    CompletedBeforeYear,
    PlannedThisYear,
    CompletedThisYear,
    VisibleProgress,
    ContactName,
    ContactPhone,
}

pub const FIELD_COUNT: usize = 20;

impl Field {
    fn index(self) -> usize {
        match self {
            Field::Code => 0,
            Field::Name => 1,
            Field::Unit => 2,
            Field::Location => 3,
            Field::Construction => 4,
            Field::Pillar => 5,
            Field::Content => 6,
            Field::Years => 7,
            Field::Total => 8,
            Field::Fund(i) => 9 + i.min(4),
            Field::CompletedBeforeYear => 14,
            Field::PlannedThisYear => 15,
            Field::CompletedThisYear => 16,
            Field::VisibleProgress => 17,
            Field::ContactName => 18,
            Field::ContactPhone => 19,
        }
    }

    /// The column heading as the provincial sheet writes it, for messages.
    /// The field's name in messages.
    pub fn label(self) -> Label {
        match self {
            Field::Code => Label::ProjectCode,
            Field::Name => Label::ProjectName,
            Field::Unit => Label::BuildUnit,
            Field::Location => Label::Location,
            Field::Construction => Label::ConstructionType,
            Field::Pillar => Label::Pillar,
            Field::Content => Label::Content,
            Field::Years => Label::Years,
            Field::Total => Label::Total,
            Field::Fund(0) => Label::FundCentral,
            Field::Fund(1) => Label::FundProvincial,
            Field::Fund(2) => Label::FundCity,
            Field::Fund(3) => Label::FundCounty,
            Field::Fund(_) => Label::FundSocial,
            Field::CompletedBeforeYear => Label::CompletedBeforeThisYear,
            Field::PlannedThisYear => Label::PlannedThisYear,
            Field::CompletedThisYear => Label::CompletedThisYear,
            Field::VisibleProgress => Label::VisibleProgress,
            Field::ContactName => Label::ContactName,
            Field::ContactPhone => Label::ContactPhone,
        }
    }

    /// The column's heading in the provincial template.
    pub fn heading(self) -> &'static str {
        match self {
            Field::Code => COLUMNS[1],
            Field::Name => COLUMNS[2],
            Field::Unit => COLUMNS[3],
            Field::Location => COLUMNS[4],
            Field::Construction => COLUMNS[5],
            Field::Pillar => COLUMNS[6],
            Field::Content => COLUMNS[7],
            Field::Years => COLUMNS[8],
            Field::Total => COLUMNS[9],
            Field::Fund(i) => COLUMNS[10 + i.min(4)],
            Field::CompletedBeforeYear => COLUMNS[15],
            Field::PlannedThisYear => COLUMNS[16],
            Field::CompletedThisYear => COLUMNS[17],
            Field::VisibleProgress => COLUMNS[19],
            Field::ContactName => COLUMNS[21],
            Field::ContactPhone => COLUMNS[22],
        }
    }
}

/// How a heading is recognised: what it reads once spaces, brackets and "万元" are dropped.
enum Heading {
    Field(Field),
    /// Known but computed or kept elsewhere: 序号, 占年度计划, 存在问题.
    Ignored,
    /// 资金来源 over its sub-columns in a two-row header.
    FundGroup,
}

fn normalise(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）%％:：*".contains(*c))
        .collect::<String>()
        .replace("万元", "")
}

fn recognise(heading: &str) -> Option<Heading> {
    let h = normalise(heading);
    let field = match h.as_str() {
        "项目代码" | "项目编码" | "代码" => Field::Code,
        "项目名称" => Field::Name,
        "建设单位" | "项目单位" | "责任单位" => Field::Unit,
        "建设地点" => Field::Location,
        "建设性质" => Field::Construction,
        "所属支柱五个一" | "所属支柱" | "五个一" | "支柱" => Field::Pillar,
        "建设内容及规模" | "建设内容" | "主要建设内容" => Field::Content,
        "建设起止年限" | "起止年限" | "建设年限" => Field::Years,
        "总投资" => Field::Total,
        "截至上年底累计完成投资" | "截至上年底完成投资" | "上年底累计完成投资" => {
            Field::CompletedBeforeYear
        }
        "本年计划投资" | "年度计划投资" => Field::PlannedThisYear,
        "本年完成投资" | "年度完成投资" => Field::CompletedThisYear,
        "形象进度" => Field::VisibleProgress,
        "联系人" => Field::ContactName,
        "联系电话" | "电话" => Field::ContactPhone,
        "序号" | "占年度计划" | "完成率" | "存在问题" => {
            return Some(Heading::Ignored)
        }
        "资金来源" => return Some(Heading::FundGroup),
        other => {
            let source = other.strip_prefix("资金来源").unwrap_or(other);
            return fund_source(source).map(|i| Heading::Field(Field::Fund(i)));
        }
    };
    Some(Heading::Field(field))
}

/// 中央 / 省 / 市 / 县 / 自筹, with the longer names people also write.
fn fund_source(text: &str) -> Option<usize> {
    let text = text.trim_end_matches("资金");
    FUND_SOURCES.iter().position(|s| *s == text).or(match text {
        "中央预算内" | "中央财政" => Some(0),
        "省级" | "省财政" => Some(1),
        "市级" | "市财政" => Some(2),
        "县级" | "县财政" | "本级" => Some(3),
        "社会资本" | "社会资本自筹" | "企业自筹" | "其他" => Some(4),
        _ => None,
    })
}

/// One project row from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number the spreadsheet shows (1-based).
    pub row: usize,
    values: [Option<String>; FIELD_COUNT],
}

impl ImportRow {
    /// The cell of `field`, trimmed; `None` when the file has no such column.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field.index()].as_deref()
    }

    #[cfg(test)]
    pub fn with(row: usize, cells: &[(Field, &str)]) -> ImportRow {
        let mut values: [Option<String>; FIELD_COUNT] = Default::default();
        for (field, value) in cells {
            values[field.index()] = Some(value.to_string());
        }
        ImportRow { row, values }
    }
}

/// What the grid holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSheet {
    pub rows: Vec<ImportRow>,
    /// The columns the file has, in the file's order.
    pub fields: Vec<Field>,
    /// Headings that are not part of the template, left out of the import.
    pub ignored_columns: Vec<String>,
    /// The year 本年 refers to, when the title says (e.g. "示例县2026年重大项目进展情况表").
    pub title_year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum SheetError {
    NoHeader(usize),
    DuplicateColumn(String, usize),
    TooManyColumns(usize),
    TooManyRows(usize),
    NoRows,
}

/// Files wider than this are not project lists (the template has 23 columns).
pub const MAX_COLUMNS: usize = 200;
/// More rows than a county will ever report at once.
pub const MAX_ROWS: usize = 200_000;
/// How far down the header may start (title rows come first).
const HEADER_SEARCH_ROWS: usize = 20;

/// Reads the grid. `first_row_number` is the spreadsheet row of `grid[0]` (1 unless the sheet's
/// used range starts lower down).
pub fn parse(grid: &[Vec<String>], first_row_number: usize) -> Result<ParsedSheet, SheetError> {
    if grid.len() > MAX_ROWS {
        return Err(SheetError::TooManyRows(grid.len()));
    }
    if let Some(wide) = grid.iter().map(Vec::len).max().filter(|w| *w > MAX_COLUMNS) {
        return Err(SheetError::TooManyColumns(wide));
    }
    let header_at = grid
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|row| {
            let names: Vec<String> = row.iter().map(|c| normalise(c)).collect();
            names.iter().any(|n| n == "项目名称")
                && names.iter().any(|n| n == "建设单位" || n == "项目单位")
        })
        .ok_or(SheetError::NoHeader(HEADER_SEARCH_ROWS))?;
    let header = &grid[header_at];
    let below = grid.get(header_at + 1);
    // A two-row header: the row below names the sub-columns (中央, 省…) under 资金来源.
    let two_rows = below.is_some_and(|row| {
        row.iter()
            .any(|c| fund_source(&normalise(c)).is_some() && !c.trim().is_empty())
            && row.iter().all(|c| c.trim().parse::<f64>().is_err())
    });
    let width = header.len().max(below.map_or(0, Vec::len));
    let mut columns: Vec<Option<Field>> = vec![None; width];
    let mut ignored_columns = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    for (col, slot) in columns.iter_mut().enumerate() {
        let top = header.get(col).map(|s| s.trim()).unwrap_or_default();
        let sub = if two_rows {
            below
                .and_then(|r| r.get(col))
                .map(|s| s.trim())
                .unwrap_or_default()
        } else {
            ""
        };
        let heading = match (recognise(top), sub.is_empty()) {
            (Some(Heading::FundGroup) | None, false) => {
                recognise(&format!("资金来源{sub}")).or_else(|| recognise(sub))
            }
            (found, _) => found,
        };
        match heading {
            Some(Heading::Field(field)) => {
                if fields.contains(&field) {
                    return Err(SheetError::DuplicateColumn(
                        field.heading().to_string(),
                        col + 1,
                    ));
                }
                fields.push(field);
                *slot = Some(field);
            }
            Some(Heading::Ignored | Heading::FundGroup) => {}
            None => {
                let name = if sub.is_empty() { top } else { sub };
                if !name.is_empty() {
                    ignored_columns.push(name.to_string());
                }
            }
        }
    }
    let title_year = grid[..header_at]
        .iter()
        .flatten()
        .find_map(|cell| year_in_title(cell));
    let data_start = header_at + if two_rows { 2 } else { 1 };
    let name_col = columns.iter().position(|c| *c == Some(Field::Name));
    let mut rows = Vec::new();
    for (offset, cells) in grid.iter().enumerate().skip(data_start) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name_empty = name_col
            .and_then(|i| cells.get(i))
            .is_none_or(|c| c.trim().is_empty());
        if name_empty && is_summary_row(cells) {
            continue;
        }
        let mut values: [Option<String>; FIELD_COUNT] = Default::default();
        for (col, field) in columns.iter().enumerate() {
            if let Some(field) = field {
                let cell = cells.get(col).map(String::as_str).unwrap_or_default();
                values[field.index()] = Some(restore_text(cell.trim()).to_string());
            }
        }
        rows.push(ImportRow {
            row: first_row_number + offset,
            values,
        });
    }
    if rows.is_empty() {
        return Err(SheetError::NoRows);
    }
    Ok(ParsedSheet {
        rows,
        fields,
        ignored_columns,
        title_year,
    })
}

/// 合计, 小计 and group rows (一、新建项目…) carry a label but no project name.
fn is_summary_row(cells: &[String]) -> bool {
    let Some(label) = cells.iter().map(|c| c.trim()).find(|c| !c.is_empty()) else {
        return true;
    };
    let ordinal_title = label.split_once('、').is_some_and(|(n, _)| {
        !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c))
    });
    label.starts_with("合计")
        || label.starts_with("总计")
        || label.contains("小计")
        || ordinal_title
}

/// "示例县2026年重大项目进展情况表" → 2026.
fn year_in_title(cell: &str) -> Option<i32> {
    let at = cell.find('年')?;
    let digits: String = cell[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let year: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

/// Undoes the export's formula defusing: `'=SUM(1)` was written for the text `=SUM(1)`.
fn restore_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// 建设起止年限: "2023-2025", "2023—2025", "2023年-2025年", "2023～2025", or one year.
pub fn parse_years(text: &str) -> Option<(i32, i32)> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '年')
        .collect();
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y));
    match cleaned.split_once(['-', '—', '–', '~', '～', '至', '/']) {
        Some((start, end)) => Some((year(start)?, year(end)?)),
        None => year(&cleaned).map(|y| (y, y)),
    }
}

/// 建设性质 as people write it → the stored code.
pub fn construction_code(label: &str) -> Option<&'static str> {
    match label.trim() {
        "新建" | "新开工" | "新开工项目" | "新建项目" => Some("new"),
        "续建" | "续建项目" => Some("continuing"),
        "改扩建" | "改建" | "扩建" | "改扩建项目" => Some("expansion"),
        _ => None,
    }
}

/// One month of one ledger measure (planned or completed), in hundredths of 万元.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerCell {
    pub period: Period,
    pub value: i64,
}

/// The months that must change so `cells` sum to `target`, with their new values: an increase
/// lands on `slot`, a decrease comes off the latest months first. A yearly figure from a file
/// is thus kept as monthly entries without inventing a history. `Err` names the closed month
/// that would have to change.
pub fn reconcile(
    cells: &[LedgerCell],
    target: i64,
    slot: Period,
    closed: impl Fn(Period) -> bool,
) -> Result<Vec<LedgerCell>, Period> {
    let sum: i64 = cells.iter().map(|c| c.value).sum();
    if target > sum {
        if closed(slot) {
            return Err(slot);
        }
        let current = cells
            .iter()
            .find(|c| c.period == slot)
            .map_or(0, |c| c.value);
        return Ok(vec![LedgerCell {
            period: slot,
            value: current + target - sum,
        }]);
    }
    let mut excess = sum - target;
    let mut latest_first: Vec<LedgerCell> = cells.iter().copied().filter(|c| c.value > 0).collect();
    latest_first.sort_by_key(|c| std::cmp::Reverse(c.period));
    let mut changed = Vec::new();
    for cell in latest_first {
        if excess == 0 {
            break;
        }
        if closed(cell.period) {
            return Err(cell.period);
        }
        let taken = excess.min(cell.value);
        excess -= taken;
        changed.push(LedgerCell {
            period: cell.period,
            value: cell.value - taken,
        });
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(year: i32, month: u32, value: i64) -> LedgerCell {
        LedgerCell {
            period: Period { year, month },
            value,
        }
    }

    #[test]
    fn yearly_figures_become_monthly_changes_that_respect_locked_months() {
        let cells = [cell(2026, 3, 100), cell(2026, 6, 50)];
        let slot = Period {
            year: 2026,
            month: 11,
        };
        let open = |_| false;
        assert_eq!(reconcile(&cells, 150, slot, open), Ok(vec![]), "unchanged");
        assert_eq!(
            reconcile(&cells, 175, slot, open),
            Ok(vec![cell(2026, 11, 25)])
        );
        assert_eq!(
            reconcile(&cells, 70, slot, open),
            Ok(vec![cell(2026, 6, 0), cell(2026, 3, 70)]),
            "a decrease comes off the latest months first"
        );
        let locked_to_june = |p: Period| {
            p <= Period {
                year: 2026,
                month: 6,
            }
        };
        assert_eq!(
            reconcile(&cells, 70, slot, locked_to_june),
            Err(Period {
                year: 2026,
                month: 6
            })
        );
        assert_eq!(
            reconcile(&cells, 200, slot, locked_to_june),
            Ok(vec![cell(2026, 11, 50)])
        );
        assert_eq!(
            reconcile(
                &cells,
                200,
                Period {
                    year: 2026,
                    month: 5
                },
                locked_to_june
            ),
            Err(Period {
                year: 2026,
                month: 5
            })
        );
    }

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn reads_the_exports_two_row_header_and_skips_totals_and_groups() {
        let mut header: Vec<&str> = COLUMNS.to_vec();
        for (i, _) in FUND_SOURCES.iter().enumerate() {
            header[10 + i] = if i == 0 {
                "资金来源（万元）"
            } else {
                ""
            };
        }
        let mut sub = vec![""; 23];
        sub[10..15].copy_from_slice(&FUND_SOURCES);
        let mut project = vec![""; 23];
        project[0] = "1";
        project[2] = "县政务云扩容";
        project[3] = "县大数据发展中心";
        project[10] = "100.5";
        project[21] = "'+86 0579";
        let g = grid(&[
            &["示例县2026年重大项目进展情况表"],
            &["填报单位：示例县大数据发展中心"],
            &header,
            &sub,
            &["合计（1 个项目）", "", "", "", "", "", "", "", "", "100.50"],
            &[
                "一、新建项目（1 个）",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "100.50",
            ],
            &project,
        ]);
        let sheet = parse(&g, 1).unwrap();
        assert_eq!(sheet.rows.len(), 1);
        let row = &sheet.rows[0];
        assert_eq!(row.row, 7, "the row number Excel shows");
        assert_eq!(row.get(Field::Name), Some("县政务云扩容"));
        assert_eq!(row.get(Field::Fund(0)), Some("100.5"));
        assert_eq!(row.get(Field::Fund(4)), Some(""));
        assert_eq!(
            row.get(Field::ContactName),
            Some("+86 0579"),
            "defused text is restored"
        );
        assert_eq!(sheet.title_year, Some(2026));
        assert!(
            sheet.ignored_columns.is_empty(),
            "{:?}",
            sheet.ignored_columns
        );
        assert_eq!(sheet.fields.len(), FIELD_COUNT);
    }

    #[test]
    fn reads_a_plain_one_row_header_with_extra_columns() {
        let g = grid(&[
            &[
                "项目名称",
                "建设单位",
                "总投资（万元）",
                "资金来源（县）",
                "备注",
            ],
            &["数字乡村", "某镇", "12", "12", "无"],
        ]);
        let sheet = parse(&g, 1).unwrap();
        assert_eq!(sheet.rows[0].row, 2);
        assert_eq!(sheet.rows[0].get(Field::Fund(3)), Some("12"));
        assert_eq!(sheet.rows[0].get(Field::Code), None, "no such column");
        assert_eq!(sheet.ignored_columns, ["备注"]);
    }

    #[test]
    fn refuses_grids_that_are_not_project_lists() {
        assert_eq!(
            parse(&grid(&[&["a", "b"], &["1", "2"]]), 1),
            Err(SheetError::NoHeader(20))
        );
        let wide = vec![vec!["x".to_string(); 1000]];
        assert_eq!(parse(&wide, 1), Err(SheetError::TooManyColumns(1000)));
        assert_eq!(
            parse(&grid(&[&["项目名称", "建设单位"]]), 1),
            Err(SheetError::NoRows)
        );
        assert!(matches!(
            parse(
                &grid(&[&["项目名称", "建设单位", "项目名称"], &["a", "b", "c"]]),
                1
            ),
            Err(SheetError::DuplicateColumn(_, 3))
        ));
    }

    #[test]
    fn years_and_construction_types_read_as_people_write_them() {
        assert_eq!(parse_years("2023-2025"), Some((2023, 2025)));
        assert_eq!(parse_years("2023年—2025年"), Some((2023, 2025)));
        assert_eq!(parse_years("2024"), Some((2024, 2024)));
        assert_eq!(parse_years("明年"), None);
        assert_eq!(construction_code("续建"), Some("continuing"));
        assert_eq!(construction_code("改建"), Some("expansion"));
        assert_eq!(construction_code("其他"), None);
    }
}
