//! Provincial reporting: the project registry as the province's sheet, in XLSX and CSV.
//! The sheet's figures are decided in [`crate::domain::report_sheet`]; this module reads them
//! from the database and lays them out.

mod csv_file;
pub mod import;
pub mod periods;
mod xlsx;

use chrono::{Datelike, NaiveDate};

pub use csv_file::{to_csv, CsvEncoding};
pub use xlsx::to_xlsx;

use crate::api::types::ProjectFilter;
use crate::db::report::{self, Source};
use crate::db::{queries, Db, DbError};
use crate::domain::dates::zh_date;
use crate::domain::period::Period;
use crate::domain::report_sheet::{self, Grouping, ReportSheet};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("无法生成 Excel 文件：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法生成 CSV 文件：{0}")]
    Csv(#[from] csv::Error),
    #[error("报告期 {0} 尚未锁定，没有可导出的基线")]
    PeriodNotLocked(String),
}

/// The file formats an export can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv(CsvEncoding),
}

impl Format {
    /// Reads `xlsx`, `csv` or `csv-gbk`, as the URL and the command line write them.
    pub fn parse(format: &str, gbk: bool) -> Option<Format> {
        match format.trim() {
            "xlsx" => Some(Format::Xlsx),
            "csv" if gbk => Some(Format::Csv(CsvEncoding::Gbk)),
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
    pub sheet: ReportSheet,
    pub project_ids: Vec<i64>,
}

/// The registry's projects matching the request as the provincial sheet. 本年 is the period's
/// year, else the filter's year, else the year of `today`, which is also the 填报日期.
pub async fn sheet(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
) -> Result<(ReportSheet, Vec<i64>), ExportError> {
    let filter = &request.filter;
    let source = match request.period {
        Some(period) => {
            let locked = report::locked_periods(db).await?;
            if !locked.iter().any(|l| l.period == period) {
                return Err(ExportError::PeriodNotLocked(period.zh()));
            }
            Source::Baseline(period)
        }
        None => Source::Current {
            year: filter.year.unwrap_or(today.year()),
        },
    };
    let year = match source {
        Source::Baseline(period) => period.year,
        Source::Current { year } => year,
    };
    let rows = report::report_projects(db, filter, source).await?;
    let reference = queries::reference_data(db).await?;
    let county = reference
        .roadmap
        .as_ref()
        .map(|r| r.county.clone())
        .unwrap_or_default();
    let kind = match filter.kind {
        Some(crate::domain::model::ProjectKind::Major) => "重大项目",
        Some(crate::domain::model::ProjectKind::Information) => "信息化项目",
        None => "重大项目及信息化项目",
    };
    let as_of = request
        .period
        .map(|p| format!("（截至{}）", p.zh()))
        .unwrap_or_default();
    let pillars: Vec<String> = reference
        .pillars
        .iter()
        .map(|p| p.name_zh.clone())
        .collect();
    let (ids, projects): (Vec<i64>, Vec<_>) = rows.into_iter().unzip();
    let sheet = report_sheet::build(
        format!("{county}{year}年{kind}进展情况表{as_of}"),
        format!("{county}大数据发展中心"),
        zh_date(today),
        year,
        projects,
        request.grouping,
        &pillars,
    );
    Ok((sheet, ids))
}

/// Builds the file for `request`.
pub async fn export(
    db: &Db,
    request: &ExportRequest,
    today: NaiveDate,
) -> Result<ExportFile, ExportError> {
    let (sheet, project_ids) = sheet(db, request, today).await?;
    let bytes = match request.format {
        Format::Xlsx => to_xlsx(&sheet)?,
        Format::Csv(encoding) => to_csv(&sheet, encoding)?,
    };
    Ok(ExportFile {
        name: file_name(&sheet, request.format),
        bytes,
        sheet,
        project_ids,
    })
}

/// The file name an export is offered under, e.g. `示例县2026年重大项目进展情况表.xlsx`.
pub fn file_name(sheet: &ReportSheet, format: Format) -> String {
    format!("{}.{}", sheet.title, format.extension())
}

/// The sheet's amounts as numbers of 万元 (exact hundredths → two decimals).
fn wan(value: crate::domain::money::Wan) -> f64 {
    value.hundredths() as f64 / 100.0
}
