//! The sheet as CSV: one header row with the sheet's columns, then one row per project, so the
//! file reads back as a plain table. UTF-8 with a byte-order mark (Excel then opens it as
//! UTF-8), or GBK as Excel on Chinese Windows writes CSV (encoded as GB18030, its superset, so
//! no character is ever lost).
//!
//! Text that a spreadsheet would run as a formula is written with a leading apostrophe.

use super::{wan, ExportError};
use crate::domain::report_sheet::{defuse_formula, ReportSheet, COLUMNS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8Bom,
    Gbk,
}

const BOM: &str = "\u{feff}";

pub fn to_csv(sheet: &ReportSheet, encoding: CsvEncoding) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let amount = |value| format!("{:.2}", wan(value));
    let mut number = 0;
    for group in &sheet.groups {
        for p in &group.rows {
            number += 1;
            let a = &p.amounts;
            let mut record: Vec<String> = vec![
                number.to_string(),
                p.code.clone().unwrap_or_default(),
                p.name.clone(),
                p.unit.clone(),
                p.location.clone(),
                p.construction_label().to_string(),
                p.pillar.clone().unwrap_or_default(),
                p.content.clone(),
                p.years(),
                amount(a.total),
            ];
            record.extend(a.funds.iter().map(|f| amount(*f)));
            record.extend([
                amount(a.completed_before_year),
                amount(a.planned_this_year),
                amount(a.completed_this_year),
                a.share_of_plan().map(|s| format!("{s:.2}")).unwrap_or_default(),
                p.visible_progress.clone(),
                p.problems.clone(),
                p.contact_name.clone(),
                p.contact_phone.clone(),
            ]);
            writer.write_record(record.iter().map(|cell| defuse_formula(cell).into_owned()))?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| ExportError::Csv(e.into_error().into()))?;
    // The csv writer only ever receives &str, so its output is UTF-8.
    let text = String::from_utf8_lossy(&bytes);
    Ok(match encoding {
        CsvEncoding::Utf8Bom => format!("{BOM}{text}").into_bytes(),
        CsvEncoding::Gbk => encoding_rs::GB18030.encode(&text).0.into_owned(),
    })
}
