//! A unit's submission for one month as a zip: its figures as an XLSX sheet (each item with the
//! accepted figure beside this round's entry and the review comment) and its evidence files.

use std::io::{Seek, Write};

use rust_xlsxwriter::{Format, FormatBorder, XlsxError};
use zip::write::SimpleFileOptions;

use super::wan;
use crate::domain::rounds::ItemKind;
use crate::i18n::Locale;
use crate::model::{AttachmentView, SubmissionView};

#[derive(Debug, thiserror::Error)]
pub enum ZipExportError {
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A name safe inside a zip: no separators, no control characters, no leading dots.
pub fn zip_safe_name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(60)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "_".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The zip's file name: `县公安局-2026-11.zip`.
pub fn file_name(view: &SubmissionView) -> String {
    format!(
        "{}-{}.zip",
        zip_safe_name(&view.unit.unit_name),
        view.round.month.code()
    )
}

/// The submission's sheet.
fn workbook(view: &SubmissionView, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let tr = locale.rounds();
    let mut book = super::workbook();
    let sheet = book.add_worksheet();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let amount = cell.clone().set_num_format("#,##0.00");
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} · {}",
            view.unit.unit_name,
            locale.round_title(view.round.month)
        ),
        &title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "{} {} · {}",
            tr.due_on,
            locale.date(view.round.due_date),
            locale.submission_state(view.unit.state)
        ),
    )?;
    let headers = [
        tr.col_kind,
        tr.col_item,
        tr.accepted_figure,
        tr.field_percent,
        tr.field_note,
        tr.field_month_planned,
        tr.field_month_completed,
        tr.field_problem,
        tr.field_problem_due,
        tr.review_comment,
        tr.evidence,
    ];
    let widths = [
        12.0, 30.0, 30.0, 10.0, 40.0, 14.0, 14.0, 30.0, 14.0, 30.0, 30.0,
    ];
    for (col, (text, width)) in headers.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(3, col, *text, &header)?;
        sheet.set_column_width(col, width)?;
    }
    for (i, item) in view.items.iter().enumerate() {
        let row = 4 + i as u32;
        let kind = match item.kind {
            ItemKind::Milestone => tr.section_milestones,
            ItemKind::Project => tr.section_projects,
            ItemKind::Answer => tr.section_answers,
        };
        let accepted = match item.accepted_percent {
            Some(p) => format!("{p}% {}", item.accepted_note),
            None => item.accepted_note.clone(),
        };
        sheet.write_string_with_format(row, 0, kind, &cell)?;
        sheet.write_string_with_format(row, 1, &item.title, &cell)?;
        sheet.write_string_with_format(row, 2, accepted, &cell)?;
        match &item.entry {
            Some(e) => {
                match e.percent {
                    Some(p) => sheet.write_number_with_format(row, 3, f64::from(p), &cell)?,
                    None => sheet.write_blank(row, 3, &cell)?,
                };
                sheet.write_string_with_format(row, 4, &e.note, &cell)?;
                for (col, value) in [(5, e.month_planned), (6, e.month_completed)] {
                    match value {
                        Some(w) => sheet.write_number_with_format(row, col, wan(w), &amount)?,
                        None => sheet.write_blank(row, col, &cell)?,
                    };
                }
                sheet.write_string_with_format(row, 7, &e.new_problem, &cell)?;
                let due = e
                    .new_problem_due
                    .map(|d| locale.date(d))
                    .unwrap_or_default();
                sheet.write_string_with_format(row, 8, due, &cell)?;
                sheet.write_string_with_format(row, 9, &e.review_comment, &cell)?;
                let files: Vec<&str> = e.attachments.iter().map(|a| a.file_name.as_str()).collect();
                sheet.write_string_with_format(row, 10, files.join("、"), &cell)?;
            }
            None => {
                sheet.write_string_with_format(row, 3, tr.not_filled, &cell)?;
                for col in 4..=10 {
                    sheet.write_blank(row, col, &cell)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(4, 2)?;
    book.save_to_buffer()
}

/// The zip being written: the sheet first, then each evidence file under
/// `佐证材料/<item>/<id>-<name>` (the id keeps two files of the same name apart). Files are added
/// one at a time, so only one is ever in memory.
pub struct SubmissionZip<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    folder: String,
}

impl<W: Write + Seek> SubmissionZip<W> {
    /// Starts the zip in `out` with the submission's sheet.
    pub fn start(out: W, view: &SubmissionView, locale: Locale) -> Result<Self, ZipExportError> {
        let mut zip = zip::ZipWriter::new(out);
        let sheet_name = format!(
            "{}-{}.xlsx",
            zip_safe_name(&view.unit.unit_name),
            view.round.month.code()
        );
        zip.start_file(sheet_name, options())?;
        zip.write_all(&workbook(view, locale)?)?;
        Ok(SubmissionZip {
            zip,
            folder: zip_safe_name(locale.rounds().evidence),
        })
    }

    /// Adds one evidence file of the item titled `item_title`.
    pub fn add(
        &mut self,
        item_title: &str,
        attachment: &AttachmentView,
        bytes: &[u8],
    ) -> Result<(), ZipExportError> {
        let name = format!(
            "{}/{}/{}-{}",
            self.folder,
            zip_safe_name(item_title),
            attachment.id,
            zip_safe_name(&attachment.file_name)
        );
        self.zip.start_file(name, options())?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    /// Writes the zip's directory; the finished output.
    pub fn finish(self) -> Result<W, ZipExportError> {
        Ok(self.zip.finish()?)
    }
}

/// Evidence is PDF, images and Office files, compressed already: stored as it is.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_inside_the_zip_never_leave_it() {
        assert_eq!(zip_safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(zip_safe_name("..\\x"), "_x");
        assert_eq!(zip_safe_name("  "), "_");
        assert_eq!(
            zip_safe_name("验收报告（终稿）.pdf"),
            "验收报告（终稿）.pdf"
        );
    }
}
