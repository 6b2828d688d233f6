//! The sheet as CSV: one header row with the sheet's columns, then one row per project, so the
//! file reads back as a plain table. UTF-8 with a byte-order mark (Excel then opens it as
//! UTF-8), or GBK as Excel on Chinese Windows writes CSV (encoded as GB18030, its superset, so
//! no character is ever lost).
//!
//! Text that a spreadsheet would run as a formula is written with a leading apostrophe.

use std::io::Write;

use super::ExportError;
use crate::domain::report_sheet::{defuse_formula, ReportProject, COLUMNS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8Bom,
    Gbk,
}

const BOM: &str = "\u{feff}";

/// Writes the CSV as rows arrive, so an export of any size holds one row at a time: the header
/// on creation, then one line per project in the order given.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<Encoded<W>>,
    number: usize,
}

impl<W: Write> CsvSink<W> {
    /// A sink for the provincial sheet.
    pub fn new(out: W, encoding: CsvEncoding) -> Result<CsvSink<W>, ExportError> {
        CsvSink::with_header(out, encoding, &COLUMNS)
    }

    /// A sink for any table: the header on creation, then rows of text ([`CsvSink::texts`]).
    pub fn with_header(
        mut out: W,
        encoding: CsvEncoding,
        header: &[&str],
    ) -> Result<CsvSink<W>, ExportError> {
        if encoding == CsvEncoding::Utf8Bom {
            out.write_all(BOM.as_bytes()).map_err(csv::Error::from)?;
        }
        let encoded = Encoded {
            inner: out,
            gbk: encoding == CsvEncoding::Gbk,
            pending: Vec::new(),
        };
        let mut writer = csv::Writer::from_writer(encoded);
        writer.write_record(header)?;
        Ok(CsvSink { writer, number: 0 })
    }

    /// One row of text cells, each defused of formulas.
    pub fn texts<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ExportError> {
        for cell in cells {
            self.writer.write_field(defuse_formula(cell).as_bytes())?;
        }
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    pub fn row(&mut self, p: &ReportProject) -> Result<(), ExportError> {
        self.number += 1;
        let writer = &mut self.writer;
        let text = |w: &mut csv::Writer<Encoded<W>>, value: &str| {
            w.write_field(defuse_formula(value).as_bytes())
        };
        let a = &p.amounts;
        writer.write_field(self.number.to_string())?;
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
            text(writer, value)?;
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
            text(writer, value)?;
        }
        writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Flushes everything written and hands back the output.
    pub fn finish(self) -> Result<W, ExportError> {
        let mut encoded = self
            .writer
            .into_inner()
            .map_err(|e| ExportError::Csv(e.into_error().into()))?;
        encoded.flush().map_err(csv::Error::from)?;
        Ok(encoded.inner)
    }
}

/// The csv writer's UTF-8, passed on as is or as GB18030. Bytes of a character cut between two
/// writes wait for the rest of it.
struct Encoded<W: Write> {
    inner: W,
    gbk: bool,
    pending: Vec<u8>,
}

impl<W: Write> Write for Encoded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.gbk {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = std::str::from_utf8(&self.pending[..whole]).unwrap_or_default();
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        self.inner.write_all(&bytes)?;
        self.pending.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_output_survives_characters_cut_between_writes() {
        let text = "项目名称,建设单位\n县域大脑,县大数据发展中心\n";
        let mut encoded = Encoded {
            inner: Vec::new(),
            gbk: true,
            pending: Vec::new(),
        };
        // One byte at a time: every Chinese character arrives cut into pieces.
        for byte in text.as_bytes() {
            encoded.write_all(std::slice::from_ref(byte)).unwrap();
        }
        assert!(encoded.pending.is_empty());
        let (decoded, _, errors) = encoding_rs::GB18030.decode(&encoded.inner);
        assert!(!errors);
        assert_eq!(decoded, text);
    }
}
