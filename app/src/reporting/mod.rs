//! Provincial reporting: the project registry as the province's sheet, in XLSX and CSV.
//! The sheet's figures are decided in [`crate::domain::report_sheet`]; this module reads them
//! from the database and lays them out.

mod csv_file;
mod xlsx;

use chrono::{Datelike, NaiveDate};

pub use csv_file::{to_csv, CsvEncoding};
pub use xlsx::to_xlsx;

use crate::api::types::ProjectFilter;
use crate::db::{queries, report, Db, DbError};
use crate::domain::dates::zh_date;
use crate::domain::report_sheet::{self, Grouping, ReportSheet};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("无法生成 Excel 文件：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法生成 CSV 文件：{0}")]
    Csv(#[from] csv::Error),
}

/// The file formats an export can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv(CsvEncoding),
}

impl Format {
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

/// The registry's projects matching `filter` as the provincial sheet. 本年 is the filter's year,
/// or the year of `today`, which is also the 填报日期.
pub async fn sheet(
    db: &Db,
    filter: &ProjectFilter,
    grouping: Grouping,
    today: NaiveDate,
) -> Result<ReportSheet, DbError> {
    let year = filter.year.unwrap_or(today.year());
    let projects = report::report_projects(db, filter, year).await?;
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
    let pillars: Vec<String> = reference.pillars.iter().map(|p| p.name_zh.clone()).collect();
    Ok(report_sheet::build(
        format!("{county}{year}年{kind}进展情况表"),
        format!("{county}大数据发展中心"),
        zh_date(today),
        year,
        projects,
        grouping,
        &pillars,
    ))
}

/// The file name an export is offered under, e.g. `示例县2026年重大项目进展情况表.xlsx`.
pub fn file_name(sheet: &ReportSheet, format: Format) -> String {
    format!("{}.{}", sheet.title, format.extension())
}

/// The sheet's amounts as numbers of 万元 (exact hundredths → two decimals).
fn wan(value: crate::domain::money::Wan) -> f64 {
    value.hundredths() as f64 / 100.0
}
