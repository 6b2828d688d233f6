//! Reading an uploaded file into a grid of cell texts: XLSX (calamine) or CSV (UTF-8 with or
//! without BOM, or GBK / GB18030). Hostile files are refused before they cost much: a size cap,
//! a cap on what an XLSX may unpack to (zip bombs), and a check for binary garbage.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::import::{ImportError, MAX_IMPORT_BYTES};
use crate::domain::import_sheet::{self, SheetError};
use crate::domain::report_sheet::words;

/// What an XLSX may unpack to; more is a zip bomb, not a project list.
const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// The file's cells as text, and the spreadsheet row number of the first.
pub fn read_grid(bytes: &[u8]) -> Result<(Vec<Vec<String>>, usize), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::LegacyXls);
    }
    read_csv(bytes).map(|grid| (grid, 1))
}

fn read_xlsx(bytes: &[u8]) -> Result<(Vec<Vec<String>>, usize), ImportError> {
    // The sizes in the zip directory are checked before anything is unpacked; the zip reader
    // then stops at the declared size, so a lying header cannot unpack more either.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(ImportError::ZipBomb);
    }
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportError::NoWorksheet)?
        .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let (rows, cols) = range.get_size();
    if rows > import_sheet::MAX_ROWS {
        return Err(SheetError::TooManyRows(rows).into());
    }
    if cols + first_col as usize > import_sheet::MAX_COLUMNS {
        return Err(SheetError::TooManyColumns(cols + first_col as usize).into());
    }
    let lead = vec![String::new(); first_col as usize];
    let grid = range
        .rows()
        .map(|row| {
            lead.iter()
                .cloned()
                .chain(row.iter().map(cell_text))
                .collect()
        })
        .collect();
    Ok((grid, first_row as usize + 1))
}

/// A cell as the text a person would type: numbers in their shortest exact form (1234.5,
/// 2025), so amounts are checked by the same rules as typed ones.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { words::YES } else { words::NO }.to_string(),
        // A date cell as Excel's serial number, which the date columns' readers understand.
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// CSV text: UTF-8 (a BOM is dropped) or, failing that, GB18030 as Excel on Chinese Windows
/// saves it. Binary garbage is refused.
fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(ImportError::NotASpreadsheet);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(ImportError::NotASpreadsheet);
            }
            text
        }
    };
    let control = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if control > 0 {
        return Err(ImportError::NotASpreadsheet);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::BadCsv(e.to_string()))?;
        if record.len() > import_sheet::MAX_COLUMNS {
            return Err(SheetError::TooManyColumns(record.len()).into());
        }
        if grid.len() >= import_sheet::MAX_ROWS {
            return Err(SheetError::TooManyRows(grid.len() + 1).into());
        }
        grid.push(record.iter().map(str::to_string).collect());
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bytes_are_refused_with_a_reason() {
        assert!(matches!(read_grid(b""), Err(ImportError::Empty)));
        assert!(matches!(
            read_grid(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]),
            Err(ImportError::LegacyXls)
        ));
        assert!(matches!(
            read_grid(&[0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]),
            Err(ImportError::NotASpreadsheet)
        ));
        assert!(matches!(
            read_grid(b"PK\x03\x04garbage"),
            Err(ImportError::BadXlsx(_))
        ));
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        assert!(matches!(read_grid(&big), Err(ImportError::TooLarge(21))));
    }

    #[test]
    fn csv_is_read_as_utf8_with_or_without_bom_and_as_gbk() {
        let text = "项目名称,建设单位\n数字乡村,某镇\n";
        let with_bom = format!("\u{feff}{text}");
        let gbk = encoding_rs::GB18030.encode(text).0.into_owned();
        for bytes in [text.as_bytes().to_vec(), with_bom.into_bytes(), gbk] {
            let (grid, first) = read_grid(&bytes).unwrap();
            assert_eq!(first, 1);
            assert_eq!(grid[0], ["项目名称", "建设单位"]);
            assert_eq!(grid[1], ["数字乡村", "某镇"]);
        }
    }
}
