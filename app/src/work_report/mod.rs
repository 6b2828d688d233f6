//! The 工作总结 and the unit 通报 as documents: read the period's figures ([`inputs`]), build the
//! document ([`build`]), lay it out as a 公文 ([`docx`]) with the dashboard's charts as PNG
//! ([`png`]), and make a PDF of it through LibreOffice where the server has it ([`pdf`]).

pub mod build;
pub mod docx;
pub mod pdf;
pub mod png;

use std::collections::BTreeMap;

use crate::dashboard::{self, DashboardError};
use crate::db::{activities, indicators, queries, work_report, Db, DbError};
use crate::domain::report_doc::{ReportDocument, ReportPeriod};
use crate::i18n::Locale;
use crate::model::{ActivityFilter, DashboardFilter};
use build::{Narratives, ReportInputs};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Dashboard(#[from] DashboardError),
    #[error(transparent)]
    Chart(#[from] png::PngError),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

impl From<ReportError> for crate::error::AppError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Db(e) => e.into(),
            ReportError::Dashboard(e) => e.into(),
            other => {
                tracing::error!(error = %other, "a report could not be made");
                crate::error::AppError::Misconfigured(other.to_string())
            }
        }
    }
}

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// The 工作总结.
    Summary,
    /// The unit ranking 通报.
    Ranking,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Ranking => "ranking",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "summary" => Some(Self::Summary),
            "ranking" => Some(Self::Ranking),
            _ => None,
        }
    }
}

/// Reads everything the report on `period` shows, as things stood at its end (or today, when
/// it has not ended): the same dashboard as the page shows for that day and filter.
pub async fn inputs(
    db: &Db,
    today: chrono::NaiveDate,
    period: ReportPeriod,
    filter: &DashboardFilter,
    locale: Locale,
) -> Result<ReportInputs, ReportError> {
    let day = period.to.min(today);
    let filter = DashboardFilter {
        as_of: (day < today).then_some(day),
        ..filter.clone()
    };
    let dashboard = dashboard::gather(db, None, today, &filter).await?;
    let overview = dashboard::assemble(&dashboard, locale).map_err(DashboardError::from)?;
    // The report names milestones in every section, so it reads them all with their text.
    let milestones = match filter.as_of {
        Some(as_of) => {
            queries::milestones_as_of(db, &filter.milestones(), as_of, &dashboard.thresholds)
                .await?
        }
        None => queries::milestones(db, &filter.milestones(), day, &dashboard.thresholds).await?,
    };
    let ledger_until = filter.ledger_until(today);
    let reference = queries::reference_data(db).await?;
    let county = reference.roadmap.as_ref().map(|r| r.county.as_str());
    let indicator_rows = indicators::list(db, &filter, false).await?;
    let activity_filter = ActivityFilter {
        from: Some(period.from),
        to: Some(day),
        unit_id: filter.unit,
        pillar_id: filter.pillar,
        domain_id: filter.domain,
        ..ActivityFilter::default()
    };
    Ok(ReportInputs {
        period,
        day,
        issued_on: today,
        body: locale.issuing_body(county),
        completed: work_report::completed_in(
            db,
            &filter,
            ReportPeriod {
                from: period.from,
                to: day,
            },
        )
        .await?,
        projects: work_report::major_projects(db, &filter, ledger_until).await?,
        indicators: indicators::views(db, indicator_rows, day).await?,
        activities: activities::counts(db, &activity_filter).await?,
        problems: work_report::open_problems(db, &filter, day).await?,
        late_submissions: work_report::late_submissions(db, period, day).await?,
        dashboard,
        milestones,
        overview,
    })
}

/// The document of `kind` from its inputs.
pub fn document(
    kind: DocumentKind,
    inputs: &ReportInputs,
    narratives: &Narratives,
    locale: Locale,
) -> ReportDocument {
    match kind {
        DocumentKind::Summary => build::summary(inputs, narratives, locale),
        DocumentKind::Ranking => build::ranking(inputs, locale),
    }
}

/// A document made: its DOCX, its PDF when asked for, and the name to offer it under.
pub struct Generated {
    pub docx: Vec<u8>,
    pub pdf: Option<Vec<u8>>,
    pub file_stem: String,
    pub data_version: i64,
}

/// Makes the document of `kind` for `period` from live data and the period's narratives.
pub async fn generate(
    db: &Db,
    today: chrono::NaiveDate,
    period: ReportPeriod,
    kind: DocumentKind,
    locale: Locale,
    with_pdf: bool,
) -> Result<Generated, ReportError> {
    // The version first: a change made while the report is read shows as a newer version.
    let data_version = queries::data_version(db).await?;
    let inputs = inputs(db, today, period, &DashboardFilter::default(), locale).await?;
    let narratives = work_report::narratives(db, period).await?;
    let doc = document(kind, &inputs, &narratives, locale);
    let title = match kind {
        DocumentKind::Summary => locale.report_title(&inputs.body, period),
        DocumentKind::Ranking => {
            format!(
                "{}{}",
                locale.period_name(period),
                locale.report().ranking_title
            )
        }
    };
    let charts = chart_images(&doc, &inputs.overview)?;
    let (docx, pdf) = tokio::task::spawn_blocking(move || {
        let fonts = docx::Fonts::choose(png::has_family);
        let docx = docx::write(&doc, &charts, &fonts)?;
        let pdf = if with_pdf {
            Some(pdf::convert(&docx)?)
        } else {
            None
        };
        Ok::<_, ReportError>((docx, pdf))
    })
    .await
    .map_err(|e| ReportError::Docx(docx::DocxError(e.to_string())))??;
    Ok(Generated {
        docx,
        pdf,
        file_stem: file_stem(&title),
        data_version,
    })
}

/// The charts a document shows, as PNG at twice their size (for print).
fn chart_images(
    doc: &ReportDocument,
    overview: &crate::model::Overview,
) -> Result<BTreeMap<String, docx::ChartImage>, png::PngError> {
    let mut images = BTreeMap::new();
    for key in doc.chart_keys() {
        if let Some(chart) = overview.charts.iter().find(|c| c.key == key) {
            let (png, width, height) = png::svg_to_png(&chart.svg, 2.0)?;
            images.insert(key.to_string(), docx::ChartImage { png, width, height });
        }
    }
    Ok(images)
}

/// A file name from a title: what a file system and a download header take.
fn file_stem(title: &str) -> String {
    title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}
