//! The sheet as an Excel workbook in the provincial layout: title, 填报单位 / 填报日期, a
//! two-row header with 资金来源 over its five columns, the 合计 row on top, each group's title
//! row carrying its subtotal (all of them known before the first row is written, so that rows
//! stream), amounts as real numbers in 万元 with two decimals, 占年度计划 as a
//! percentage, the header frozen and repeated on every printed page, A3 landscape.
//!
//! Text always goes in as text cells, so a name such as `=HYPERLINK(…)` is never a formula.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::{wan, ExportError};
use crate::domain::report_sheet::{
    words, Amounts, GroupHead, ReportProject, ReportSheet, SheetSums, COLUMNS, FIRST_FUND_COLUMN,
    FUND_SOURCES,
};

const LAST_COLUMN: u16 = COLUMNS.len() as u16 - 1;
/// Columns 0..=8 hold text; the amounts start at 总投资.
const FIRST_AMOUNT_COLUMN: u16 = 9;
const SHARE_COLUMN: u16 = 18;
const HEADER_ROWS: (u32, u32) = (2, 3);
/// Paper size 8 is A3 in Excel's numbering.
const A3: u8 = 8;

/// Column widths in Excel's units (a Chinese character is about two).
const WIDTHS: [f64; 23] = [
    6.0, 26.0, 30.0, 18.0, 16.0, 8.0, 11.0, 36.0, 12.0, 13.0, 11.0, 11.0, 11.0, 11.0, 11.0, 14.0,
    13.0, 13.0, 10.0, 30.0, 30.0, 9.0, 15.0,
];

struct Formats {
    title: Format,
    meta: Format,
    meta_right: Format,
    header: Format,
    text: Format,
    center: Format,
    amount: Format,
    share: Format,
    total_label: Format,
    total_amount: Format,
    total_share: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_size(10);
        let total = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2));
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            meta: Format::new().set_font_size(10),
            meta_right: Format::new()
                .set_font_size(10)
                .set_align(FormatAlign::Right),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: cell
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            center: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            amount: cell.clone().set_num_format("#,##0.00"),
            share: cell.clone().set_num_format("0.00%"),
            total_label: total.clone().set_align(FormatAlign::Center),
            total_amount: total.clone().set_num_format("#,##0.00"),
            total_share: total.set_num_format("0.00%"),
        }
    }
}

/// The workbook's bytes for a sheet already in memory.
pub fn to_xlsx(sheet: &ReportSheet) -> Result<Vec<u8>, ExportError> {
    let sums = SheetSums {
        rows: sheet.project_count(),
        total: sheet.total,
        groups: sheet
            .groups
            .iter()
            .enumerate()
            .map(|(index, g)| GroupHead {
                index,
                title: g.title.clone(),
                rows: g.rows.len(),
                subtotal: g.subtotal,
            })
            .collect(),
    };
    let heading = Heading {
        title: &sheet.title,
        reporting_unit: &sheet.reporting_unit,
        report_date: &sheet.report_date,
    };
    let mut workbook = super::workbook();
    let mut writer = SheetWriter::start(
        workbook.add_worksheet_with_constant_memory()?,
        &heading,
        &sums,
    )?;
    for (index, group) in sheet.groups.iter().enumerate() {
        for project in &group.rows {
            writer.project(index, project)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The words above the table.
pub struct Heading<'a> {
    pub title: &'a str,
    pub reporting_unit: &'a str,
    pub report_date: &'a str,
}

/// Writes the sheet a row at a time, in order: the title, the header and the 合计 at the start;
/// each group's title row (with its subtotal) when its first project comes; then the projects.
/// With a constant-memory worksheet, memory stays flat however many rows there are: the figures
/// above the rows come first, from [`SheetSums`].
pub struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    sums: &'a SheetSums,
    f: Formats,
    /// The last row written.
    row: u32,
    /// The group being written (its index in `report_sheet::group_names`) and the 序号 of its last row.
    group: Option<(usize, usize)>,
}

impl<'a> SheetWriter<'a> {
    pub fn start(
        ws: &'a mut Worksheet,
        heading: &Heading,
        sums: &'a SheetSums,
    ) -> Result<SheetWriter<'a>, XlsxError> {
        let f = Formats::new();
        ws.set_name(words::SHEET_NAME)?;
        for (col, width) in WIDTHS.iter().enumerate() {
            ws.set_column_width(col as u16, *width)?;
        }
        ws.set_row_height(0, 30)?;
        ws.merge_range(0, 0, 0, LAST_COLUMN, heading.title, &f.title)?;
        ws.merge_range(
            1,
            0,
            1,
            8,
            &words::reporting_unit_line(heading.reporting_unit),
            &f.meta,
        )?;
        ws.merge_range(
            1,
            17,
            1,
            LAST_COLUMN,
            &words::report_date_line(heading.report_date),
            &f.meta_right,
        )?;

        let (top, bottom) = HEADER_ROWS;
        let funds = FIRST_FUND_COLUMN as u16..FIRST_FUND_COLUMN as u16 + FUND_SOURCES.len() as u16;
        for (col, heading) in COLUMNS.iter().enumerate() {
            let col = col as u16;
            if !funds.contains(&col) {
                ws.merge_range(top, col, bottom, col, heading, &f.header)?;
            }
        }
        ws.merge_range(
            top,
            funds.start,
            top,
            funds.end - 1,
            words::FUND_GROUP,
            &f.header,
        )?;
        for (col, source) in funds.clone().zip(FUND_SOURCES) {
            ws.write_string_with_format(bottom, col, source, &f.header)?;
        }
        ws.set_row_height(top, 24)?;
        ws.set_row_height(bottom, 24)?;
        ws.set_freeze_panes(bottom + 1, 3)?;
        ws.set_landscape();
        ws.set_paper_size(A3);
        ws.set_repeat_rows(top, bottom)?;
        ws.set_print_fit_to_pages(1, 0);

        let row = bottom + 1;
        write_total_row(ws, row, &words::total(sums.rows), &sums.total, &f)?;
        Ok(SheetWriter {
            ws,
            sums,
            f,
            row,
            group: None,
        })
    }

    /// Writes `project`, of group `group` (its index in `report_sheet::group_names`); the projects come group
    /// by group, in the sheet's order.
    pub fn project(&mut self, group: usize, project: &ReportProject) -> Result<(), XlsxError> {
        let number = match self.group {
            Some((current, number)) if current == group => number + 1,
            _ => {
                if let Some(head) = self.sums.groups.iter().find(|g| g.index == group) {
                    self.row += 1;
                    let label = words::group(&head.title, head.rows);
                    write_total_row(self.ws, self.row, &label, &head.subtotal, &self.f)?;
                }
                1
            }
        };
        self.group = Some((group, number));
        self.row += 1;
        write_project_row(self.ws, self.row, number, project, &self.f)
    }
}

/// The 合计 or a group's title row: its label over the text columns, then its amounts.
fn write_total_row(
    ws: &mut Worksheet,
    row: u32,
    label: &str,
    amounts: &Amounts,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.merge_range(row, 0, row, FIRST_AMOUNT_COLUMN - 1, label, &f.total_label)?;
    write_amounts(ws, row, amounts, &f.total_amount, &f.total_share)?;
    for col in SHARE_COLUMN + 1..=LAST_COLUMN {
        ws.write_blank(row, col, &f.total_label)?;
    }
    Ok(())
}

fn write_amounts(
    ws: &mut Worksheet,
    row: u32,
    a: &Amounts,
    amount: &Format,
    share: &Format,
) -> Result<(), XlsxError> {
    let values = std::iter::once(a.total).chain(a.funds).chain([
        a.completed_before_year,
        a.planned_this_year,
        a.completed_this_year,
    ]);
    for (col, value) in (FIRST_AMOUNT_COLUMN..).zip(values) {
        ws.write_number_with_format(row, col, wan(value), amount)?;
    }
    match a.share_of_plan() {
        Some(percent) => ws.write_number_with_format(row, SHARE_COLUMN, percent / 100.0, share)?,
        None => ws.write_blank(row, SHARE_COLUMN, share)?,
    };
    Ok(())
}

fn write_project_row(
    ws: &mut Worksheet,
    row: u32,
    number: usize,
    p: &ReportProject,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, 0, number as f64, &f.center)?;
    let texts = [
        (1, p.code.as_deref().unwrap_or_default()),
        (2, p.name.as_str()),
        (3, p.unit.as_str()),
        (4, p.location.as_str()),
        (5, p.construction_label()),
        (6, p.pillar.as_deref().unwrap_or_default()),
        (7, p.content.as_str()),
    ];
    for (col, text) in texts {
        ws.write_string_with_format(row, col, text, &f.text)?;
    }
    ws.write_string_with_format(row, 8, p.years(), &f.center)?;
    write_amounts(ws, row, &p.amounts, &f.amount, &f.share)?;
    let tail = [
        (19, p.visible_progress.as_str()),
        (20, p.problems.as_str()),
        (21, p.contact_name.as_str()),
        (22, p.contact_phone.as_str()),
    ];
    for (col, text) in tail {
        ws.write_string_with_format(row, col, text, &f.text)?;
    }
    Ok(())
}
