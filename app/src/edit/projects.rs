//! Creating and editing projects with every field of the provincial sheet, and their monthly
//! investment ledger. Project codes must be well-formed and unique.

use super::{record_changes, require};
use crate::db::{queries, report, with_pool, Db, OnUniqueViolation};
use crate::domain::access::Permission;
use crate::domain::journal::{created, diff, Change};
use crate::domain::money::Wan;
use crate::domain::period::{is_closed, Period};
use crate::domain::project_rules::{
    project_snapshot, validate_ledger, validate_project, ProjectDraft,
};
use crate::domain::validate::{FieldErrors, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, LedgerForm, ProjectForm};

pub const ENTITY: &str = "project";

/// Inserts a validated [`ProjectDraft`] in transaction `$tx`; yields `Result<(i64,), sqlx::Error>`.
macro_rules! insert_project {
    ($tx:expr, $draft:expr) => {{
        let d = &$draft;
        let [central, provincial, city, county, social] = d.funds;
        sqlx::query_as(
            "INSERT INTO projects (kind, code, name, unit_id, location, construction_type, pillar_id, domain_id, content,
                start_year, end_year, total_investment, fund_central, fund_provincial, fund_city, fund_county, fund_social,
                status, visible_progress, contact_name, contact_phone)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
             RETURNING id",
        )
        .bind(d.kind.code()).bind(d.code.as_ref().map(|c| c.as_str())).bind(&d.name).bind(d.unit_id)
        .bind(&d.location).bind(d.construction_type.code()).bind(d.pillar_id).bind(d.domain_id)
        .bind(&d.content).bind(d.start_year).bind(d.end_year).bind(d.total.hundredths())
        .bind(central.hundredths()).bind(provincial.hundredths()).bind(city.hundredths()).bind(county.hundredths())
        .bind(social.hundredths()).bind(d.status.code()).bind(&d.visible_progress)
        .bind(&d.contact_name).bind(&d.contact_phone)
        .fetch_one(&mut *$tx)
        .await
    }};
}
pub(crate) use insert_project;

/// Saves a validated [`ProjectDraft`] over project `$id` if it is still at `$expected` version
/// (the new version is one more); yields the query result, 0 rows when someone saved first.
macro_rules! update_project {
    ($tx:expr, $id:expr, $expected:expr, $draft:expr) => {{
        let d = &$draft;
        let [central, provincial, city, county, social] = d.funds;
        sqlx::query(
            "UPDATE projects SET kind = $1, code = $2, name = $3, unit_id = $4, location = $5, construction_type = $6,
                pillar_id = $7, domain_id = $8, content = $9, start_year = $10, end_year = $11, total_investment = $12,
                fund_central = $13, fund_provincial = $14, fund_city = $15, fund_county = $16, fund_social = $17,
                status = $18, visible_progress = $19, contact_name = $20, contact_phone = $21, version = $22
             WHERE id = $23 AND version = $24",
        )
        .bind(d.kind.code()).bind(d.code.as_ref().map(|c| c.as_str())).bind(&d.name).bind(d.unit_id)
        .bind(&d.location).bind(d.construction_type.code()).bind(d.pillar_id).bind(d.domain_id)
        .bind(&d.content).bind(d.start_year).bind(d.end_year).bind(d.total.hundredths())
        .bind(central.hundredths()).bind(provincial.hundredths()).bind(city.hundredths()).bind(county.hundredths())
        .bind(social.hundredths()).bind(d.status.code()).bind(&d.visible_progress)
        .bind(&d.contact_name).bind(&d.contact_phone).bind($expected + 1).bind($id).bind($expected)
        .execute(&mut *$tx)
        .await
    }};
}
pub(crate) use update_project;

/// Sets one month of a project's ledger in `$tx` (both amounts zero removes the month).
macro_rules! write_ledger_month {
    ($tx:expr, $project:expr, $year:expr, $month:expr, $planned:expr, $completed:expr) => {{
        sqlx::query("DELETE FROM investment_ledger WHERE project_id = $1 AND year = $2 AND month = $3")
            .bind($project).bind($year).bind($month)
            .execute(&mut *$tx)
            .await?;
        if $planned != 0 || $completed != 0 {
            sqlx::query("INSERT INTO investment_ledger (project_id, year, month, planned, completed) VALUES ($1, $2, $3, $4, $5)")
                .bind($project).bind($year).bind($month).bind($planned).bind($completed)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use write_ledger_month;

/// The stored project as the form would submit it, and its version.
pub async fn stored_form(db: &Db, id: i64) -> Result<Option<(ProjectForm, i64)>, AppError> {
    Ok(stored_forms(db, Some(id))
        .await?
        .into_iter()
        .next()
        .map(|(_, form, version)| (form, version)))
}

/// Every stored project (or the one `only`) as the form would submit it: (id, form, version).
pub async fn stored_forms(
    db: &Db,
    only: Option<i64>,
) -> Result<Vec<(i64, ProjectForm, i64)>, AppError> {
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
        funds: crate::db::FundingColumns,
        status: String,
        visible_progress: String,
        contact_name: String,
        contact_phone: String,
        version: i64,
    }
    let stored: Vec<Stored> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, kind, code, name, unit_id, location, construction_type, pillar_id, domain_id, content,
                    start_year, end_year, total_investment, fund_central, fund_provincial, fund_city,
                    fund_county, fund_social, status, visible_progress, contact_name, contact_phone, version
             FROM projects WHERE $1 IS NULL OR id = $1 ORDER BY id",
        )
        .bind(only)
        .fetch_all(pool)
        .await?
    });
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

/// Refuses a code another project already has.
async fn check_code_unique(db: &Db, draft: &ProjectDraft, own_id: i64) -> Result<(), AppError> {
    let Some(code) = &draft.code else {
        return Ok(());
    };
    let other: Option<(String,)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT name FROM projects WHERE code = $1 AND id <> $2")
            .bind(code.as_str())
            .bind(own_id)
            .fetch_optional(pool)
            .await?
    });
    match other {
        Some((name,)) => Err(code_taken(draft, Some(name))),
        None => Ok(()),
    }
}

/// The message for a code another project holds (found by the check, or by the constraint).
fn code_taken(draft: &ProjectDraft, by: Option<String>) -> AppError {
    FieldErrors::single(
        "code",
        Problem::CodeTaken {
            code: draft
                .code
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            by,
        },
    )
    .into()
}

pub async fn create(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &ProjectForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_project(form, &reference)?;
    check_code_unique(db, &draft, 0).await?;
    let changes = created(&project_snapshot(&draft, &reference));
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let (id,): (i64,) = insert_project!(tx, draft)
        .on_unique_violation(|| code_taken(&draft, None))?;
        record_changes!(tx, actor, ENTITY, id, 1_i64, "create", &changes);
        tx.commit().await?;
        id
    });
    Ok(id)
}

/// Saves an edited project unless someone saved it since `expected_version`; returns the new version.
pub async fn update(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    form: &ProjectForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_project(form, &reference)?;
    check_code_unique(db, &draft, id).await?;
    let (stored, version) = stored_form(db, id).await?.ok_or(AppError::NotFound)?;
    if version != expected_version {
        return Err(super::journal::conflict(db, ENTITY, id, expected_version).await);
    }
    // The stored row passed these rules when it was saved; compare like with like.
    let old = validate_project(&stored, &reference)
        .map(|d| project_snapshot(&d, &reference))
        .unwrap_or_default();
    let changes = diff(&old, &project_snapshot(&draft, &reference));
    if changes.is_empty() {
        return Ok(version);
    }
    let next = expected_version + 1;
    let updated = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let result = update_project!(tx, id, expected_version, draft)
        .on_unique_violation(|| code_taken(&draft, None))?;
        if result.rows_affected() == 1 {
            record_changes!(tx, actor, ENTITY, id, next, "update", &changes);
            tx.commit().await?;
        }
        result.rows_affected() == 1
    });
    if updated {
        Ok(next)
    } else {
        Err(super::journal::conflict(db, ENTITY, id, expected_version).await)
    }
}

/// Sets the planned and completed investment of one month (both zero removes the month).
pub async fn set_ledger(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    form: &LedgerForm,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let years: Option<(i32, i32)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT start_year, end_year FROM projects WHERE id = $1").bind(id).fetch_optional(pool).await?
    });
    let (start_year, end_year) = years.ok_or(AppError::NotFound)?;
    let entry = validate_ledger(form, start_year, end_year)?;
    refuse_closed_month(db, Period::of_ledger(entry.year, entry.month)).await?;
    let month = i32::try_from(entry.month).unwrap_or(1);
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let old: Option<(i64, i64)> = sqlx::query_as(
            "SELECT planned, completed FROM investment_ledger WHERE project_id = $1 AND year = $2 AND month = $3",
        )
        .bind(id).bind(entry.year).bind(month)
        .fetch_optional(&mut *tx)
        .await?;
        write_ledger_month!(tx, id, entry.year, month, entry.planned.hundredths(), entry.completed.hundredths());
        let old_text = old.map(|(p, c)| ledger_text(Wan(p), Wan(c))).unwrap_or_default();
        let new_text = ledger_text(entry.planned, entry.completed);
        if old_text != new_text {
            let changes = [Change {
                field: "ledger",
                old: format!("{}-{:02} {old_text}", entry.year, entry.month),
                new: format!("{}-{:02} {new_text}", entry.year, entry.month),
            }];
            record_changes!(tx, actor, ENTITY, id, 0_i64, "update", &changes);
        }
        tx.commit().await?
    });
    Ok(())
}

/// Refuses a change to a month that a locked reporting period has closed.
pub async fn refuse_closed_month(db: &Db, month: Period) -> Result<(), AppError> {
    match report::latest_locked(db).await? {
        Some(locked) if is_closed(month, Some(locked)) => {
            Err(AppError::Refused(Problem::LedgerMonthLocked {
                month,
                locked,
            }))
        }
        _ => Ok(()),
    }
}

/// One ledger month as the journal writes it.
pub fn ledger_text(planned: Wan, completed: Wan) -> String {
    format!("{} / {}", planned.plain(), completed.plain())
}
