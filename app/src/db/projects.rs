//! Projects in storage: the writes of a change (inside its transaction) and the reads that edits
//! and imports check against.

use chrono::NaiveDate;

use super::tx::{Statement, Tx, Value};
use super::{Db, DbError};
use crate::domain::money::Wan;
use crate::domain::project_rules::ProjectDraft;
use crate::model::ProjectForm;

/// A draft's columns in the order `insert` and `update` name them (`$1` .. `$21`).
fn draft_values(d: &ProjectDraft) -> Vec<Value> {
    let [central, provincial, city, county, social] = d.funds;
    vec![
        d.kind.code().into(),
        d.code.as_ref().map(|c| c.as_str()).into(),
        (&d.name).into(),
        d.unit_id.into(),
        (&d.location).into(),
        d.construction_type.code().into(),
        d.pillar_id.into(),
        d.domain_id.into(),
        (&d.content).into(),
        d.start_year.into(),
        d.end_year.into(),
        d.total.hundredths().into(),
        central.hundredths().into(),
        provincial.hundredths().into(),
        city.hundredths().into(),
        county.hundredths().into(),
        social.hundredths().into(),
        d.status.code().into(),
        (&d.visible_progress).into(),
        (&d.contact_name).into(),
        (&d.contact_phone).into(),
    ]
}

/// Inserts a validated draft; returns the new project's id.
pub async fn insert(tx: &mut Tx, draft: &ProjectDraft) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO projects (kind, code, name, unit_id, location, construction_type, pillar_id, domain_id, content,
                    start_year, end_year, total_investment, fund_central, fund_provincial, fund_city, fund_county, fund_social,
                    status, visible_progress, contact_name, contact_phone)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                 RETURNING id",
            )
            .bind_all(draft_values(draft)),
        )
        .await?;
    Ok(id)
}

/// Saves a validated draft over project `id` if it is still at `expected` version (the new
/// version is one more); false when someone saved first.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected: i64,
    draft: &ProjectDraft,
) -> Result<bool, sqlx::Error> {
    let updated = tx
        .execute(
            Statement::new(
                "UPDATE projects SET kind = $1, code = $2, name = $3, unit_id = $4, location = $5, construction_type = $6,
                    pillar_id = $7, domain_id = $8, content = $9, start_year = $10, end_year = $11, total_investment = $12,
                    fund_central = $13, fund_provincial = $14, fund_city = $15, fund_county = $16, fund_social = $17,
                    status = $18, visible_progress = $19, contact_name = $20, contact_phone = $21, version = $22
                 WHERE id = $23 AND version = $24",
            )
            .bind_all(draft_values(draft))
            .bind(expected + 1)
            .bind(id)
            .bind(expected),
        )
        .await?;
    Ok(updated == 1)
}

/// Records a dated 形象进度 (percent and text) in the project's history, and makes the text the
/// project's current one (a new version, so an edit started before it is told). Returns the
/// history row's id.
pub async fn record_progress(
    tx: &mut Tx,
    project: i64,
    reported_on: NaiveDate,
    percent: i32,
    visible_progress: &str,
    author: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO project_progress (project_id, reported_on, percent, visible_progress, author_id)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(project)
            .bind(reported_on)
            .bind(percent)
            .bind(visible_progress)
            .bind(author),
        )
        .await?;
    tx.execute(
        Statement::new(
            "UPDATE projects SET visible_progress = $1, version = version + 1 WHERE id = $2",
        )
        .bind(visible_progress)
        .bind(project),
    )
    .await?;
    Ok(id)
}

/// Records a new 形象进度 text typed on the project form as a dated history entry, at the
/// latest recorded percent (0 before any).
pub async fn note_progress_text(
    tx: &mut Tx,
    project: i64,
    reported_on: NaiveDate,
    visible_progress: &str,
    author: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO project_progress (project_id, reported_on, percent, visible_progress, author_id)
             VALUES ($1, $2, COALESCE((SELECT percent FROM project_progress WHERE project_id = $3
                                       ORDER BY reported_on DESC, id DESC LIMIT 1), 0), $4, $5)",
        )
        .bind(project)
        .bind(reported_on)
        .bind(project)
        .bind(visible_progress)
        .bind(author),
    )
    .await?;
    Ok(())
}

/// When the project was archived, if it is.
pub async fn archived_on(db: &Db, project: i64) -> Result<Option<NaiveDate>, DbError> {
    let row: Option<(Option<NaiveDate>,)> = db
        .fetch_optional(
            Statement::new("SELECT archived_on FROM projects WHERE id = $1").bind(project),
        )
        .await?;
    Ok(row.and_then(|(on,)| on))
}

/// Archives the project on `on` (or brings it back with `None`); a new version.
pub async fn set_archived(
    tx: &mut Tx,
    project: i64,
    on: Option<NaiveDate>,
) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            Statement::new(
                "UPDATE projects SET archived_on = $1, version = version + 1 WHERE id = $2",
            )
            .bind(on)
            .bind(project),
        )
        .await?;
    Ok(n > 0)
}

/// Whether the project was ever reported upward or kept in a locked period's baseline.
pub async fn ever_reported(db: &Db, project: i64) -> Result<bool, DbError> {
    let (n,): (i64,) = db
        .fetch_one(
            Statement::new(
                "SELECT (SELECT COUNT(*) FROM report_batch_projects WHERE project_id = $1)
                      + (SELECT COUNT(*) FROM period_baselines WHERE project_id = $2)",
            )
            .bind(project)
            .bind(project),
        )
        .await?;
    Ok(n > 0)
}

/// Deletes a project with its ledger, progress, problems and links (ON DELETE CASCADE).
pub async fn delete(tx: &mut Tx, project: i64) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(Statement::new("DELETE FROM projects WHERE id = $1").bind(project))
        .await?;
    Ok(n > 0)
}

/// A project's current 形象进度 text and version.
pub async fn visible_progress(
    tx: &mut Tx,
    project: i64,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new("SELECT visible_progress, version FROM projects WHERE id = $1")
            .bind(project),
    )
    .await
}

/// One month of a project's ledger: (planned, completed) in hundredths of 万元.
pub async fn ledger_month(
    tx: &mut Tx,
    project: i64,
    year: i32,
    month: i32,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT planned, completed FROM investment_ledger WHERE project_id = $1 AND year = $2 AND month = $3",
        )
        .bind(project)
        .bind(year)
        .bind(month),
    )
    .await
}

/// Sets one month of a project's ledger (both amounts zero removes the month).
pub async fn write_ledger_month(
    tx: &mut Tx,
    project: i64,
    year: i32,
    month: i32,
    planned: i64,
    completed: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "DELETE FROM investment_ledger WHERE project_id = $1 AND year = $2 AND month = $3",
        )
        .bind(project)
        .bind(year)
        .bind(month),
    )
    .await?;
    if planned != 0 || completed != 0 {
        tx.execute(
            Statement::new(
                "INSERT INTO investment_ledger (project_id, year, month, planned, completed) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(project)
            .bind(year)
            .bind(month)
            .bind(planned)
            .bind(completed),
        )
        .await?;
    }
    Ok(())
}

/// Every project's ledger summed for 本年 `year`, in one pass over the ledger:
/// (project, completed before the year, planned in it, completed in it).
pub async fn ledger_sums(db: &Db, year: i32) -> Result<Vec<(i64, i64, i64, i64)>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT project_id,
                        CAST(SUM(CASE WHEN year < $1 THEN completed ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN year = $1 THEN planned ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN year = $1 THEN completed ELSE 0 END) AS BIGINT)
                 FROM investment_ledger GROUP BY project_id",
            )
            .bind(year),
        )
        .await?)
}

/// The ledger months of `projects` (at most 500 ids): (project, year, month, planned, completed).
pub async fn ledger_months(
    db: &Db,
    projects: &[i64],
) -> Result<Vec<(i64, i32, i32, i64, i64)>, DbError> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=projects.len()).map(|n| format!("${n}")).collect();
    let statement = Statement::new(format!(
        "SELECT project_id, year, month, planned, completed FROM investment_ledger
         WHERE project_id IN ({})",
        placeholders.join(", ")
    ))
    .bind_all(projects.iter().map(|id| Value::from(*id)));
    Ok(db.fetch_all(statement).await?)
}

/// The name of another project than `own_id` that holds `code`.
pub async fn code_holder(db: &Db, code: &str, own_id: i64) -> Result<Option<String>, DbError> {
    let holder: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT name FROM projects WHERE code = $1 AND id <> $2")
                .bind(code)
                .bind(own_id),
        )
        .await?;
    Ok(holder.map(|(name,)| name))
}

/// A project's construction years (建设起止年限).
pub async fn years(db: &Db, id: i64) -> Result<Option<(i32, i32)>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new("SELECT start_year, end_year FROM projects WHERE id = $1").bind(id),
        )
        .await?)
}

/// Every stored project (or the one `only`) as the form would submit it: (id, form, version).
pub async fn stored_forms(
    db: &Db,
    only: Option<i64>,
) -> Result<Vec<(i64, ProjectForm, i64)>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        id: i64,
        kind: String,
        code: Option<String>,
        name: String,
        unit_id: i64,
        location: String,
        construction_type: String,
        pillar_id: Option<i64>,
        domain_id: Option<i64>,
        content: String,
        start_year: i32,
        end_year: i32,
        total_investment: i64,
        #[sqlx(flatten)]
        funds: super::FundingColumns,
        status: String,
        visible_progress: String,
        contact_name: String,
        contact_phone: String,
        version: i64,
    }
    let stored: Vec<Stored> = db
        .fetch_all(
            Statement::new(
                "SELECT id, kind, code, name, unit_id, location, construction_type, pillar_id, domain_id, content,
                        start_year, end_year, total_investment, fund_central, fund_provincial, fund_city,
                        fund_county, fund_social, status, visible_progress, contact_name, contact_phone, version
                 FROM projects WHERE $1 IS NULL OR id = $1 ORDER BY id",
            )
            .bind(only),
        )
        .await?;
    let id_text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(stored
        .into_iter()
        .map(|s| {
            (
                s.id,
                ProjectForm {
                    kind: s.kind,
                    code: s.code.unwrap_or_default(),
                    name: s.name,
                    unit: s.unit_id.to_string(),
                    location: s.location,
                    construction_type: s.construction_type,
                    pillar: id_text(s.pillar_id),
                    domain: id_text(s.domain_id),
                    content: s.content,
                    start_year: s.start_year.to_string(),
                    end_year: s.end_year.to_string(),
                    total: Wan(s.total_investment).plain(),
                    fund_central: Wan(s.funds.fund_central).plain(),
                    fund_provincial: Wan(s.funds.fund_provincial).plain(),
                    fund_city: Wan(s.funds.fund_city).plain(),
                    fund_county: Wan(s.funds.fund_county).plain(),
                    fund_social: Wan(s.funds.fund_social).plain(),
                    status: s.status,
                    visible_progress: s.visible_progress,
                    contact_name: s.contact_name,
                    contact_phone: s.contact_phone,
                },
                s.version,
            )
        })
        .collect())
}
