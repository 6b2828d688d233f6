//! The 工作总结 page: planners write the narrative around each section and generate the report
//! and the unit 通报; every generated file is kept with its period and data version.

use chrono::{Datelike, NaiveDate};

use super::require;
use crate::db::sessions::sha256_hex;
use crate::db::{evidence, journal, queries, work_report as store, Db};
use crate::domain::access::Permission;
use crate::domain::dates::Clock;
use crate::domain::journal::Change;
use crate::domain::problem::{Label, Problem};
use crate::domain::report_doc::{Position, ReportPeriod, Section};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::files::FileStore;
use crate::i18n::Locale;
use crate::model::{CurrentUser, ReportDocumentView, ReportPage, ReportQuery, ReportSectionView};
use crate::work_report::{self, build, pdf, DocumentKind};

pub const ENTITY: &str = "report";
const NARRATIVE_MAX: usize = 5000;
pub const DOCX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const PDF_TYPE: &str = "application/pdf";

/// The period a page without one shows: the latest usual period that has ended (前三季度 from
/// October, 上半年 from July, else last year).
pub fn default_period(today: NaiveDate) -> ReportPeriod {
    let year = today.year();
    let period = match today.month() {
        10..=12 => ReportPeriod::first_three_quarters(year),
        7..=9 => ReportPeriod::first_half(year),
        _ => ReportPeriod::whole_year(year - 1),
    };
    period.unwrap_or(ReportPeriod {
        from: today,
        to: today,
    })
}

/// The period a query names, or the default; a wrong one is refused with its reason.
pub fn period_of(query: &ReportQuery, today: NaiveDate) -> Result<ReportPeriod, AppError> {
    match (query.from, query.to) {
        (Some(from), Some(to)) => {
            ReportPeriod::new(from, to).map_err(|problem| FieldErrors::single("to", problem).into())
        }
        _ => Ok(default_period(today)),
    }
}

/// The page for a period: the sections with their narratives, and the files made for it.
pub async fn page(
    db: &Db,
    actor: Option<&CurrentUser>,
    query: &ReportQuery,
    clock: Clock,
    locale: Locale,
) -> Result<ReportPage, AppError> {
    let actor = require(actor, Permission::Read)?;
    let period = period_of(query, clock.today)?;
    let reference = queries::reference_data(db).await?;
    let pillars: Vec<_> = reference.pillars.iter().collect();
    let narratives = store::narratives(db, period).await?;
    let text = |section: Section, position: Position| {
        narratives
            .get(&(section, position))
            .cloned()
            .unwrap_or_default()
    };
    let sections = build::outline(&pillars, locale)
        .into_iter()
        .map(|(section, heading)| ReportSectionView {
            code: section.code(),
            level: section.level(),
            heading,
            before: text(section, Position::Before),
            after: text(section, Position::After),
        })
        .collect();
    Ok(ReportPage {
        from: period.from,
        to: period.to,
        sections,
        history: store::documents(db, Some(period)).await?,
        pdf_available: pdf::available(),
        can_edit: actor.can(Permission::EditContent),
    })
}

/// Saves the text before or after a section of the period's report (empty removes it).
#[allow(clippy::too_many_arguments)]
pub async fn save_narrative(
    db: &Db,
    actor: Option<&CurrentUser>,
    query: &ReportQuery,
    section: &str,
    position: &str,
    body: &str,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let period = period_of(query, clock.today)?;
    let pillars = queries::reference_data(db).await?.pillars;
    let section = Section::from_code(section)
        .filter(|s| match s {
            Section::Pillar(id) => pillars.iter().any(|p| p.id == *id),
            _ => true,
        })
        .ok_or_else(|| FieldErrors::single("section", Problem::NoSuchReportSection))?;
    let position = Position::from_code(position).ok_or_else(|| {
        FieldErrors::single("position", Problem::NoSuchChoice(Label::ReportSection))
    })?;
    let mut e = FieldErrors::default();
    let body = e.optional_text("body", Label::Notes, body, NARRATIVE_MAX);
    e.into_result(())?;
    let mut tx = db.begin().await?;
    let old = store::save_narrative(
        &mut tx,
        period,
        section,
        position,
        &body,
        &actor.username,
        clock.now,
    )
    .await?;
    if old != body {
        let change = Change {
            field: "narrative",
            old: format!(
                "{}–{} {} {}: {old}",
                period.from,
                period.to,
                section.code(),
                position.code()
            ),
            new: body.clone(),
        };
        journal::record(&mut tx, actor, ENTITY, 0, 1, "update", &[change]).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Makes the document of `kind` for the period from live data, keeps it, and returns its record.
#[allow(clippy::too_many_arguments)]
pub async fn generate(
    db: &Db,
    files: &FileStore,
    actor: Option<&CurrentUser>,
    query: &ReportQuery,
    kind: DocumentKind,
    with_pdf: bool,
    clock: Clock,
    locale: Locale,
) -> Result<ReportDocumentView, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let period = period_of(query, clock.today)?;
    let made = work_report::generate(
        db,
        clock.today,
        period,
        kind,
        locale,
        with_pdf && pdf::available(),
    )
    .await?;
    let kept = keep(db, files, &made, kind, period, &actor.username, clock.now).await?;
    let change = Change {
        field: "report",
        old: String::new(),
        new: format!(
            "{} ({}–{}, v{})",
            kept.file_name, period.from, period.to, made.data_version
        ),
    };
    let mut tx = db.begin().await?;
    journal::record(&mut tx, actor, ENTITY, kept.id, 1, "create", &[change]).await?;
    tx.commit().await?;
    Ok(kept)
}

/// Keeps a made document in the history of its period, as generated by `by` (a person, or the
/// command line's `--by`): its bytes where files are kept, then its rows in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn keep(
    db: &Db,
    files: &FileStore,
    made: &work_report::Generated,
    kind: DocumentKind,
    period: ReportPeriod,
    by: &str,
    now: i64,
) -> Result<ReportDocumentView, AppError> {
    let docx_name = format!("{}.docx", made.file_stem);
    let docx_sha = sha256_hex(&made.docx);
    let docx_file = evidence::NewFile {
        sha256: &docx_sha,
        content_type: DOCX_TYPE,
        bytes: &made.docx,
        file_name: &docx_name,
        thumbnail: None,
    };
    let pdf_sha = made.pdf.as_deref().map(sha256_hex);
    let pdf_file = made
        .pdf
        .as_deref()
        .zip(pdf_sha.as_deref())
        .map(|(bytes, sha)| evidence::NewFile {
            sha256: sha,
            content_type: PDF_TYPE,
            bytes,
            file_name: &docx_name,
            thumbnail: None,
        });
    for file in std::iter::once(&docx_file).chain(pdf_file.as_ref()) {
        evidence::store(db, files, file).await?;
    }
    let mut tx = db.begin().await?;
    for file in std::iter::once(&docx_file).chain(pdf_file.as_ref()) {
        evidence::record_blob(&mut tx, files, file).await?;
    }
    let id = store::insert_document(
        &mut tx,
        &store::NewDocument {
            kind: kind.code(),
            period,
            data_version: made.data_version,
            docx_sha256: &docx_sha,
            pdf_sha256: pdf_sha.as_deref(),
            file_name: &docx_name,
            by,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    store::documents(db, Some(period))
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(AppError::NotFound)
}

/// A kept document's DOCX or PDF: its name, type and bytes.
pub async fn download(
    db: &Db,
    files: &FileStore,
    actor: Option<&CurrentUser>,
    id: i64,
    pdf: bool,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    require(actor, Permission::Read)?;
    let (view, sha) = store::document_file(db, id, pdf)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = evidence::blob_by_hash(db, files, &sha)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, content_type) = if pdf {
        (
            format!("{}.pdf", view.file_name.trim_end_matches(".docx")),
            PDF_TYPE,
        )
    } else {
        (view.file_name, DOCX_TYPE)
    };
    Ok((name, content_type, bytes))
}
