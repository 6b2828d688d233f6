//! The sheet as CSV: one header row with the sheet's columns, then one row per project, so the
//! file reads back as a plain table. UTF-8 with a byte-order mark (Excel then opens it as
//! UTF-8), or GBK as Excel on Chinese Windows writes CSV (encoded as GB18030, its superset, so
//! no character is ever lost).
//!
//! Text that a spreadsheet would run as a formula is written with a leading apostrophe.

use super::ExportError;
use crate::domain::report_sheet::{defuse_formula, ReportSheet, COLUMNS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8Bom,
    Gbk,
}

const BOM: &str = "\u{feff}";

pub fn to_csv(sheet: &ReportSheet, encoding: CsvEncoding) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::with_capacity(256 * (sheet.project_count() + 1));
    if encoding == CsvEncoding::Utf8Bom {
        out.extend_from_slice(BOM.as_bytes());
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    let text =
        |w: &mut csv::Writer<Vec<u8>>, value: &str| w.write_field(defuse_formula(value).as_bytes());
    let mut number = 0;
    for p in sheet.groups.iter().flat_map(|g| &g.rows) {
        number += 1;
        let a = &p.amounts;
        writer.write_field(number.to_string())?;
        for value in [
            p.code.as_deref().unwrap_or_default(),
            &p.name,
            &p.unit,
            &p.location,
            p.construction_label(),
            p.pillar.as_deref().unwrap_or_default(),
            &p.content,
            &p.years(),
        ] {
            text(&mut writer, value)?;
        }
        let amounts = std::iter::once(a.total).chain(a.funds).chain([
            a.completed_before_year,
            a.planned_this_year,
            a.completed_this_year,
        ]);
        for value in amounts {
            writer.write_field(value.plain())?;
        }
        writer.write_field(
            a.share_of_plan()
                .map(|s| format!("{s:.2}"))
                .unwrap_or_default(),
        )?;
        for value in [
            &p.visible_progress,
            &p.problems,
            &p.contact_name,
            &p.contact_phone,
        ] {
            text(&mut writer, value)?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(match encoding {
        CsvEncoding::Utf8Bom => bytes,
        // The writer only ever receives UTF-8 text.
        CsvEncoding::Gbk => encoding_rs::GB18030
            .encode(&String::from_utf8_lossy(&bytes))
            .0
            .into_owned(),
    })
}
