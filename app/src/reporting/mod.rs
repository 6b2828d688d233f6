//! Provincial reporting: the project registry as the province's sheet, in XLSX and CSV.
//! The sheet's figures are decided in [`crate::domain::report_sheet`]; this module reads them
//! from the database and lays them out.

mod csv_file;
pub mod decode;
pub mod evidence;
pub mod import;
pub mod ledger_file;
pub mod periods;
pub mod plan_file;
pub mod submission_zip;
pub mod thumbnail;
mod xlsx;

use std::io::{Cursor, Seek, Write};

use chrono::{Datelike, NaiveDate};
use futures_util::future::Either;

pub use csv_file::{CsvEncoding, CsvSink};
pub use xlsx::{to_xlsx, Heading as SheetHeading, SheetWriter};

use crate::db::report::{self, Source};
use crate::db::{queries, Db, DbError};
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::problem::Problem;
use crate::domain::report_sheet::{self, words, Grouping, ReportSheet};
use crate::i18n::cli::Say;
use crate::i18n::{zh_date, Locale};
use crate::model::ProjectFilter;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{}", Say::ExportFailed(.0))]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{}", Say::ExportFailed(.0))]
    Csv(#[from] csv::Error),
    #[error("{}", Problem::PeriodNotLocked(*.0))]
    PeriodNotLocked(Period),
}

/// A new workbook, deflated at level 3 as Excel 365 saves its own files: most of the time a
/// large sheet takes is compressing its XML, and level 3 does it in about half the time of the
/// zip crate's default 6 for a file a few percent larger.
pub fn workbook() -> rust_xlsxwriter::Workbook {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.set_zip_compression_level(3);
    workbook
}

/// The file formats an export can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv(CsvEncoding),
}

impl Format {
    /// Reads `xlsx`, `csv` or `csv-gbk`, as the export URL writes them.
    pub fn parse(format: &str) -> Option<Format> {
        match format.trim() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv(CsvEncoding::Utf8Bom)),
            "csv-gbk" => Some(Format::Csv(CsvEncoding::Gbk)),
            _ => None,
        }
    }

    /// How a 上报 record names the format.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv(CsvEncoding::Utf8Bom) => "csv",
            Format::Csv(CsvEncoding::Gbk) => "csv-gbk",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv(_) => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv(CsvEncoding::Utf8Bom) => "text/csv; charset=utf-8",
            Format::Csv(CsvEncoding::Gbk) => "text/csv; charset=gbk",
        }
    }
}

/// What to export: the registry's filters, the grouping, and optionally a locked period whose
/// baseline supplies the figures instead of the live registry.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub filter: ProjectFilter,
    pub grouping: Grouping,
    pub period: Option<Period>,
    pub format: Format,
}

/// A finished export: the file and what it held, for recording it as a 上报 batch.
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub summary: ExportSummary,
}

/// What an export held: for the CLI's message and for recording it as a 上报 batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// The file name it is offered under, e.g. `示例县2026年重大项目进展情况表.xlsx`.
    pub name: String,
    pub total_investment: Wan,
    pub project_ids: Vec<i64>,
}

/// The sheet's title, header and source, decided before any row is read.
struct Heading {
    title: String,
    reporting_unit: String,
    year: i32,
    source: Source,
    pillars: Vec<String>,
}

/// 本年 is the period's year, else the filter's year, else the year of `today`.
async fn heading(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
) -> Result<Heading, ExportError> {
    let source = match request.period {
        Some(period) => {
            let locked = report::locked_periods(db).await?;
            if !locked.iter().any(|l| l.period == period) {
                return Err(ExportError::PeriodNotLocked(period));
            }
            Source::Baseline(period)
        }
        None => Source::Current {
            year: request.filter.year.map_or(today.year(), |y| y.0),
        },
    };
    let year = match source {
        Source::Baseline(period) => period.year,
        Source::Current { year } => year,
    };
    let reference = queries::reference_data(db).await?;
    let county = reference
        .roadmap
        .as_ref()
        .map(|r| r.county.clone())
        .unwrap_or_default();
    Ok(Heading {
        title: words::title(
            &county,
            year,
            request.filter.kind,
            request.period.map(|p| Locale::Zh.period(p)).as_deref(),
        ),
        reporting_unit: words::reporting_unit(&county),
        year,
        source,
        pillars: reference
            .pillars
            .iter()
            .map(|p| p.name_zh.clone())
            .collect(),
    })
}

/// The registry's projects matching the request as the provincial sheet, with the 填报日期
/// `today`, and the ids of its projects.
pub async fn sheet(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
) -> Result<(ReportSheet, Vec<i64>), ExportError> {
    let heading = heading(db, request, today).await?;
    let rows = report::report_projects(db, &request.filter, heading.source).await?;
    let (ids, projects): (Vec<i64>, Vec<_>) = rows.into_iter().unzip();
    let sheet = report_sheet::build(
        heading.title,
        heading.reporting_unit,
        zh_date(today),
        heading.year,
        projects,
        request.grouping,
        &heading.pillars,
    );
    Ok((sheet, ids))
}

/// How many times a streamed XLSX is written again when the registry changed between summing
/// it and reading its rows, before the rows are read once into memory instead.
const STREAM_ATTEMPTS: usize = 3;

/// Writes the file for `request` to `out`, row by row as the database returns them: memory
/// stays flat however many projects. The XLSX puts the 合计 and each group's subtotal above
/// the rows they sum, so the database sums them while it orders the rows, before the first is
/// written.
pub async fn export_to<W: Write + Seek + Send>(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
    mut out: W,
) -> Result<(ExportSummary, W), ExportError> {
    match request.format {
        Format::Xlsx => {
            let heading = heading(db, request, today).await?;
            for _ in 0..STREAM_ATTEMPTS {
                if let Some((summary, mut workbook)) =
                    streamed_xlsx(db, request, &heading, today).await?
                {
                    // Straight from the worksheet's temporary file into `out`, through the zip.
                    workbook.save_to_writer(&mut out)?;
                    return Ok((summary, out));
                }
            }
            // Edited all the while: one read of the rows gives figures that agree.
            let (sheet, project_ids) = sheet(db, request, today).await?;
            out.write_all(&to_xlsx(&sheet)?).map_err(csv::Error::from)?;
            let summary = ExportSummary {
                name: format!("{}.{}", sheet.title, request.format.extension()),
                total_investment: sheet.total.total,
                project_ids,
            };
            Ok((summary, out))
        }
        Format::Csv(encoding) => {
            let heading = heading(db, request, today).await?;
            let mut summary = ExportSummary {
                name: format!("{}.{}", heading.title, request.format.extension()),
                ..Default::default()
            };
            let mut sink = CsvSink::new(out, encoding)?;
            report::for_each_project(db, &request.filter, heading.source, |id, project| {
                summary.total_investment += project.amounts.total;
                summary.project_ids.push(id);
                sink.row(&project)
            })
            .await?;
            Ok((summary, sink.finish()?))
        }
    }
}

/// The XLSX written as the rows stream from the database, under the sums read just before the
/// first row, ready to save; `None` when the rows no longer add up to them (the registry changed
/// in between).
async fn streamed_xlsx(
    db: &Db,
    request: &ExportRequest,
    heading: &Heading,
    today: NaiveDate,
) -> Result<Option<(ExportSummary, rust_xlsxwriter::Workbook)>, ExportError> {
    let (grouping, pillars) = (request.grouping, heading.pillars.as_slice());
    let report_date = zh_date(today);
    let words = xlsx::Heading {
        title: &heading.title,
        reporting_unit: &heading.reporting_unit,
        report_date: &report_date,
    };
    // The database sums the sheet on a free connection while it orders the rows on another.
    // Without a free one, the sums come first: waiting for a second connection while holding the
    // rows' could wait for ever.
    let sums = std::sync::OnceLock::new();
    let spare = db.try_spare();
    let beside = spare.is_some();
    let summed = async {
        let (filter, source) = (&request.filter, heading.source);
        let summed = report::sheet_sums(db, spare, filter, source, grouping, pillars).await?;
        let _ = sums.set(summed);
        Ok::<(), ExportError>(())
    };
    let meanwhile = if beside {
        Either::Left(summed)
    } else {
        summed.await?;
        Either::Right(std::future::ready(Ok(())))
    };
    let mut project_ids = Vec::new();
    // What the rows add up to, per group, to check against the sums.
    let mut streamed = vec![
        (0, report_sheet::Amounts::default());
        report_sheet::group_names(grouping, pillars).len()
    ];
    let mut workbook = workbook();
    {
        let mut worksheet = Some(workbook.add_worksheet_with_constant_memory()?);
        // The sheet's top (title, header, 合计) is written once the sums are known.
        let mut sheet: Option<xlsx::SheetWriter> = None;
        report::for_each_project_grouped(
            db,
            &request.filter,
            heading.source,
            (grouping, pillars),
            meanwhile,
            |id, project| {
                let sheet = match &mut sheet {
                    Some(sheet) => sheet,
                    None => sheet.insert(start_sheet(&mut worksheet, &words, &sums)?),
                };
                let group = report_sheet::group_of(
                    grouping,
                    pillars,
                    project.construction,
                    project.pillar.as_deref(),
                );
                project_ids.push(id);
                if let Some((rows, amounts)) = streamed.get_mut(group) {
                    *rows += 1;
                    amounts.add(&project.amounts);
                }
                sheet.project(group, &project).map_err(ExportError::from)
            },
        )
        .await?;
        // No rows: the sheet is its top alone.
        if sheet.is_none() {
            start_sheet(&mut worksheet, &words, &sums)?;
        }
    }
    let sums = sums.into_inner().ok_or_else(sums_missing)?;
    let streamed = streamed
        .into_iter()
        .enumerate()
        .map(|(group, (rows, amounts))| (group, rows, amounts));
    if report_sheet::SheetSums::from_groups(grouping, pillars, streamed) != sums {
        return Ok(None);
    }
    let summary = ExportSummary {
        name: format!("{}.{}", heading.title, request.format.extension()),
        total_investment: sums.total.total,
        project_ids,
    };
    Ok(Some((summary, workbook)))
}

/// Starts the streamed sheet on `worksheet`, under the sums read meanwhile (see [`streamed_xlsx`]).
fn start_sheet<'a>(
    worksheet: &mut Option<&'a mut rust_xlsxwriter::Worksheet>,
    words: &xlsx::Heading,
    sums: &'a std::sync::OnceLock<report_sheet::SheetSums>,
) -> Result<xlsx::SheetWriter<'a>, ExportError> {
    let sums = sums.get().ok_or_else(sums_missing)?;
    let worksheet = worksheet
        .take()
        .ok_or_else(|| DbError::Corrupt("the sheet was started twice".into()))?;
    Ok(xlsx::SheetWriter::start(worksheet, words, sums)?)
}

/// The rows came before their sums: cannot happen, since the read of the rows waits for them.
fn sums_missing() -> DbError {
    DbError::Corrupt("the sheet's rows came before its sums".into())
}

/// Records a finished export as a report upward (上报) under `batch`, made by `user_id` /
/// `username` on `today`; returns the batch's id.
pub async fn record_report(
    db: &Db,
    request: &ExportRequest,
    summary: &ExportSummary,
    batch: &str,
    (user_id, username): (Option<i64>, &str),
    today: NaiveDate,
) -> Result<i64, DbError> {
    let record = report::NewBatch {
        reported_on: today,
        batch,
        period: request.period,
        file_format: request.format.label(),
        filter: &request.filter,
        total_investment: summary.total_investment,
        user_id,
        username,
        created_at: chrono::Utc::now().timestamp(),
    };
    report::record_batch(db, &record, &summary.project_ids).await
}

/// The file for `request`, in memory (a download).
pub async fn export(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
) -> Result<ExportFile, ExportError> {
    let (summary, bytes) = export_to(db, request, today, Cursor::new(Vec::new())).await?;
    let bytes = bytes.into_inner();
    Ok(ExportFile {
        name: summary.name.clone(),
        bytes,
        summary,
    })
}

/// The sheet's amounts as numbers of 万元 (exact hundredths → two decimals).
fn wan(value: Wan) -> f64 {
    value.hundredths() as f64 / 100.0
}
