//! `roadmap report`: the 工作总结 (or the unit 通报) for a period, from live data, written as
//! `FILE.part` and renamed when complete, like `roadmap export`.

use std::path::{Path, PathBuf};

use app::db::Db;
use app::domain::report_doc::ReportPeriod;
use app::i18n::cli::Say;
use app::i18n::Locale;
use app::work_report::{self, DocumentKind};
use chrono::NaiveDate;

use crate::cli::{ReportArgs, ReportKindArg};
use crate::reports::ReportCliError;

pub async fn run(db: &Db, args: ReportArgs, today: NaiveDate) -> Result<(), ReportCliError> {
    let locale = Locale::process();
    let period = ReportPeriod::new(args.from, args.to)
        .map_err(|problem| ReportCliError::Invalid(locale.problem(&problem)))?;
    if args.pdf && !work_report::pdf::available() {
        return Err(ReportCliError::Invalid(locale.report().no_pdf.to_string()));
    }
    let kind = match args.kind {
        ReportKindArg::Summary => DocumentKind::Summary,
        ReportKindArg::Ranking => DocumentKind::Ranking,
    };
    let made = work_report::generate(db, today, period, kind, locale, args.pdf)
        .await
        .map_err(|e| ReportCliError::Invalid(e.to_string()))?;
    write_whole(&args.out, &made.docx)?;
    // Kept in the report page's history too, with the data version it came from.
    let files = args
        .files
        .file_store()
        .map_err(|e| ReportCliError::Invalid(e.to_string()))?;
    let now = chrono::Utc::now().timestamp();
    app::edit::work_report::keep(db, &files, &made, kind, period, &args.by, now)
        .await
        .map_err(|e| ReportCliError::Invalid(locale.error(&e)))?;
    let pdf_path = args.out.with_extension("pdf");
    if let Some(pdf) = &made.pdf {
        write_whole(&pdf_path, pdf)?;
    }
    let pdf_shown = pdf_path.display();
    println!(
        "{}",
        Say::ReportWritten {
            path: &args.out.display(),
            pdf: made
                .pdf
                .as_ref()
                .map(|_| &pdf_shown as &dyn std::fmt::Display),
            data_version: made.data_version,
        }
    );
    Ok(())
}

/// Writes `bytes` to `path.part`, then renames it: a failure leaves no half file under `path`.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ReportCliError> {
    let file_error = |source| ReportCliError::File {
        path: path.display().to_string(),
        source,
    };
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = PathBuf::from(partial);
    let written = std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::File::open(&partial)?.sync_all())
        .and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        file_error(e)
    })
}
