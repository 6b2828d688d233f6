//! What the 工作总结 reads beyond the dashboard (milestones completed in the period, major
//! projects, open problems, late submissions), its narratives, and the documents generated.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::filter;
use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::money::Wan;
use crate::domain::report_doc::{Position, ReportPeriod, Section};
use crate::model::{DashboardFilter, ReportDocumentView};
use crate::work_report::build::{CompletedMilestone, Narratives, ProblemLine, ProjectLine};

/// Rows a report's table or list holds at most (a county has dozens).
pub const REPORT_ROWS: i64 = 300;
/// Generated documents listed at most.
pub const HISTORY_ROWS: i64 = 100;

/// Milestones the filter shows that were completed within the period, by pillar and day.
pub async fn completed_in(
    db: &Db,
    filter: &DashboardFilter,
    period: ReportPeriod,
) -> Result<Vec<CompletedMilestone>, DbError> {
    let conditions = filter::milestones(&filter.milestones(), "m", 4);
    let rows: Vec<(i64, String)> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT m.pillar_id, m.title FROM milestones m
                 WHERE m.completed_on >= $1 AND m.completed_on <= $2 AND {}
                 ORDER BY m.completed_on, m.id LIMIT $3",
                conditions.sql()
            ))
            .bind(period.from)
            .bind(period.to)
            .bind(REPORT_ROWS)
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(pillar_id, title)| CompletedMilestone { pillar_id, title })
        .collect())
}

/// The major projects of the filter's pillar, domain and unit, with investment completed up to
/// the ledger month `ledger_until` (`year * 100 + month`; `None`: all).
pub async fn major_projects(
    db: &Db,
    filter: &DashboardFilter,
    ledger_until: Option<i32>,
) -> Result<Vec<ProjectLine>, DbError> {
    let conditions = filter::dashboard_projects(filter, 3);
    let rows: Vec<(String, String, i64, i64)> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT p.name, u.name, p.total_investment,
                        CAST(COALESCE((SELECT SUM(l.completed) FROM investment_ledger l
                            WHERE l.project_id = p.id
                              AND ($1 IS NULL OR l.year * 100 + l.month <= $1)), 0) AS BIGINT)
                 FROM projects p JOIN units u ON u.id = p.unit_id
                 WHERE p.kind = 'major' AND p.archived_on IS NULL AND {}
                 ORDER BY p.total_investment DESC, p.id LIMIT $2",
                conditions.sql()
            ))
            .bind(ledger_until)
            .bind(REPORT_ROWS)
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(name, unit, total, completed)| ProjectLine {
            name,
            unit,
            total: Wan(total),
            completed: Wan(completed),
        })
        .collect())
}

/// Problems open at the end of `day` on the milestones the filter shows, oldest due first.
pub async fn open_problems(
    db: &Db,
    filter: &DashboardFilter,
    day: NaiveDate,
) -> Result<Vec<ProblemLine>, DbError> {
    let conditions = filter::milestones(&filter.milestones(), "m", 3);
    let rows: Vec<(Option<i64>, String, Option<String>, NaiveDate)> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT m.pillar_id, q.description, u.name, q.due_date
                 FROM problems q JOIN milestones m ON m.id = q.milestone_id
                 LEFT JOIN units u ON u.id = q.owner_unit_id
                 WHERE q.raised_on <= $1 AND (q.status <> 'closed' OR q.closed_on > $1) AND {}
                 ORDER BY q.due_date, q.id LIMIT $2",
                conditions.sql()
            ))
            .bind(day)
            .bind(REPORT_ROWS)
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(pillar_id, description, unit, due)| ProblemLine {
            pillar_id,
            description,
            unit,
            due,
        })
        .collect())
}

/// Per unit name: the monthly submissions of rounds within the period that came late, or had
/// not come by `day` though due.
pub async fn late_submissions(
    db: &Db,
    period: ReportPeriod,
    day: NaiveDate,
) -> Result<BTreeMap<String, i64>, DbError> {
    let month = |d: NaiveDate| {
        use chrono::Datelike;
        d.year() * 100 + i32::try_from(d.month()).unwrap_or(1)
    };
    let rows: Vec<(String, i64)> = db
        .fetch_all(
            Statement::new(
                "SELECT u.name, COUNT(*) FROM round_units ru
                 JOIN reporting_rounds r ON r.id = ru.round_id
                 JOIN units u ON u.id = ru.unit_id
                 WHERE r.year * 100 + r.month >= $1 AND r.year * 100 + r.month <= $2
                   AND (ru.late = TRUE
                        OR (ru.state NOT IN ('submitted', 'accepted') AND r.due_date < $3))
                 GROUP BY u.name",
            )
            .bind(month(period.from))
            .bind(month(period.to))
            .bind(day),
        )
        .await?;
    Ok(rows.into_iter().collect())
}

/// The narratives written for the period.
pub async fn narratives(db: &Db, period: ReportPeriod) -> Result<Narratives, DbError> {
    let rows: Vec<(String, String, String)> = db
        .fetch_all(
            Statement::new(
                "SELECT section, position, body FROM report_narratives
                 WHERE starts_on = $1 AND ends_on = $2",
            )
            .bind(period.from)
            .bind(period.to),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(section, position, body)| {
            Some((
                (
                    Section::from_code(&section)?,
                    Position::from_code(&position)?,
                ),
                body,
            ))
        })
        .collect())
}

/// Saves a narrative (an empty one is removed); the text it replaced.
pub async fn save_narrative(
    tx: &mut Tx,
    period: ReportPeriod,
    section: Section,
    position: Position,
    body: &str,
    by: &str,
    at: i64,
) -> Result<String, sqlx::Error> {
    let key = |statement: Statement| {
        statement
            .bind(period.from)
            .bind(period.to)
            .bind(section.code())
            .bind(position.code())
    };
    let old: Option<(String,)> = tx
        .fetch_optional(key(Statement::new(
            "SELECT body FROM report_narratives
             WHERE starts_on = $1 AND ends_on = $2 AND section = $3 AND position = $4",
        )))
        .await?;
    if body.is_empty() {
        tx.execute(key(Statement::new(
            "DELETE FROM report_narratives
             WHERE starts_on = $1 AND ends_on = $2 AND section = $3 AND position = $4",
        )))
        .await?;
    } else {
        tx.execute(
            key(Statement::new(
                "INSERT INTO report_narratives (starts_on, ends_on, section, position, body, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (starts_on, ends_on, section, position) DO UPDATE SET
                    body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            ))
            .bind(body)
            .bind(by)
            .bind(at),
        )
        .await?;
    }
    Ok(old.map(|(b,)| b).unwrap_or_default())
}

/// A generated document's record, without its bytes.
pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub period: ReportPeriod,
    pub data_version: i64,
    pub docx_sha256: &'a str,
    pub pdf_sha256: Option<&'a str>,
    pub file_name: &'a str,
    pub by: &'a str,
    pub at: i64,
}

pub async fn insert_document(tx: &mut Tx, doc: &NewDocument<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO report_documents (kind, starts_on, ends_on, data_version, docx_sha256,
                    pdf_sha256, file_name, generated_by, generated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(doc.kind)
            .bind(doc.period.from)
            .bind(doc.period.to)
            .bind(doc.data_version)
            .bind(doc.docx_sha256)
            .bind(doc.pdf_sha256)
            .bind(doc.file_name)
            .bind(doc.by)
            .bind(doc.at),
        )
        .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    kind: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    data_version: i64,
    file_name: String,
    has_pdf: bool,
    generated_by: String,
    generated_at: i64,
}

impl From<DocumentRow> for ReportDocumentView {
    fn from(r: DocumentRow) -> Self {
        ReportDocumentView {
            id: r.id,
            kind: r.kind,
            from: r.starts_on,
            to: r.ends_on,
            data_version: r.data_version,
            file_name: r.file_name,
            has_pdf: r.has_pdf,
            generated_by: r.generated_by,
            generated_at: r.generated_at,
        }
    }
}

const DOCUMENT_SELECT: &str = "SELECT id, kind, starts_on, ends_on, data_version, file_name,
        pdf_sha256 IS NOT NULL AS has_pdf, generated_by, generated_at FROM report_documents";

/// The newest documents generated, for one period or all.
pub async fn documents(
    db: &Db,
    period: Option<ReportPeriod>,
) -> Result<Vec<ReportDocumentView>, DbError> {
    let rows: Vec<DocumentRow> = db
        .fetch_all(
            Statement::new(format!(
                "{DOCUMENT_SELECT} WHERE ($1 IS NULL OR (starts_on = $1 AND ends_on = $2))
                 ORDER BY generated_at DESC, id DESC LIMIT $3"
            ))
            .bind(period.map(|p| p.from))
            .bind(period.map(|p| p.to))
            .bind(HISTORY_ROWS),
        )
        .await?;
    Ok(rows.into_iter().map(ReportDocumentView::from).collect())
}

/// A document's record and the SHA-256 of its DOCX or PDF.
pub async fn document_file(
    db: &Db,
    id: i64,
    pdf: bool,
) -> Result<Option<(ReportDocumentView, String)>, DbError> {
    let row: Option<(i64, Option<String>, String)> = db
        .fetch_optional(
            Statement::new(
                "SELECT id, pdf_sha256, docx_sha256 FROM report_documents WHERE id = $1",
            )
            .bind(id),
        )
        .await?;
    let Some((_, pdf_sha, docx_sha)) = row else {
        return Ok(None);
    };
    let sha = if pdf { pdf_sha } else { Some(docx_sha) };
    let Some(sha) = sha else {
        return Ok(None);
    };
    let view: Option<DocumentRow> = db
        .fetch_optional(Statement::new(format!("{DOCUMENT_SELECT} WHERE id = $1")).bind(id))
        .await?;
    Ok(view.map(|v| (ReportDocumentView::from(v), sha)))
}
