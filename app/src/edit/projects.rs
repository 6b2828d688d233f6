//! Creating and editing projects with every field of the provincial sheet, and their monthly
//! investment ledger. Project codes must be well-formed and unique.

use chrono::NaiveDate;

use super::require;
use crate::db::{journal, projects, queries, report, Db, OnUniqueViolation};
use crate::domain::access::Permission;
use crate::domain::journal::{created, diff, ledger_text, Change};
use crate::domain::money::Wan;
use crate::domain::period::{is_closed, Period};
use crate::domain::project_rules::{
    project_snapshot, validate_ledger, validate_project, ProjectDraft,
};
use crate::domain::validate::{FieldErrors, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, LedgerForm, ProjectForm};

pub const ENTITY: &str = "project";

/// The stored project as the form would submit it, and its version.
pub async fn stored_form(db: &Db, id: i64) -> Result<Option<(ProjectForm, i64)>, AppError> {
    Ok(projects::stored_forms(db, Some(id))
        .await?
        .into_iter()
        .next()
        .map(|(_, form, version)| (form, version)))
}

/// Refuses a code another project already has.
async fn check_code_unique(db: &Db, draft: &ProjectDraft, own_id: i64) -> Result<(), AppError> {
    let Some(code) = &draft.code else {
        return Ok(());
    };
    match projects::code_holder(db, code.as_str(), own_id).await? {
        Some(name) => Err(code_taken(draft, Some(name))),
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
    let mut tx = db.begin().await?;
    let id = projects::insert(&mut tx, &draft)
        .await
        .on_unique_violation(|| code_taken(&draft, None))?;
    journal::record(&mut tx, actor, ENTITY, id, 1, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edited project unless someone saved it since `expected_version`; returns the new version.
pub async fn update(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    form: &ProjectForm,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_project(form, &reference)?;
    check_code_unique(db, &draft, id).await?;
    let (stored, version) = stored_form(db, id).await?.ok_or(AppError::NotFound)?;
    if version != expected_version {
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
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
    let mut tx = db.begin().await?;
    let updated = projects::update(&mut tx, id, expected_version, &draft)
        .await
        .on_unique_violation(|| code_taken(&draft, None))?;
    if updated {
        // A new 形象进度 joins the project's dated history.
        let text = draft.visible_progress.trim();
        if text != stored.visible_progress.trim() && !text.is_empty() {
            projects::note_progress_text(&mut tx, id, today, text, actor.id).await?;
        }
        journal::record(&mut tx, actor, ENTITY, id, next, "update", &changes).await?;
        tx.commit().await?;
        Ok(next)
    } else {
        Err(super::conflict(db, ENTITY, id, expected_version).await)
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
    let (start_year, end_year) = projects::years(db, id).await?.ok_or(AppError::NotFound)?;
    let entry = validate_ledger(form, start_year, end_year)?;
    refuse_closed_month(db, Period::of_ledger(entry.year, entry.month)).await?;
    let month = i32::try_from(entry.month).unwrap_or(1);
    let mut tx = db.begin().await?;
    let change = write_ledger(
        &mut tx,
        id,
        entry.year,
        month,
        Some(entry.planned),
        Some(entry.completed),
    )
    .await?;
    if let Some(change) = change {
        journal::record(&mut tx, actor, ENTITY, id, 0, "update", &[change]).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets one ledger month inside `tx` (an amount left `None` keeps the stored one; both zero
/// removes the month); the change to journal, if anything changed. The ledger form and accepted
/// unit submissions both come through here.
pub(crate) async fn write_ledger(
    tx: &mut crate::db::tx::Tx,
    id: i64,
    year: i32,
    month: i32,
    planned: Option<Wan>,
    completed: Option<Wan>,
) -> Result<Option<Change>, sqlx::Error> {
    let old = projects::ledger_month(tx, id, year, month).await?;
    let (old_planned, old_completed) = old.unwrap_or((0, 0));
    let planned = planned.unwrap_or(Wan(old_planned));
    let completed = completed.unwrap_or(Wan(old_completed));
    projects::write_ledger_month(
        tx,
        id,
        year,
        month,
        planned.hundredths(),
        completed.hundredths(),
    )
    .await?;
    let old_text = old
        .map(|(p, c)| ledger_text(Wan(p), Wan(c)))
        .unwrap_or_default();
    let new_text = ledger_text(planned, completed);
    Ok((old_text != new_text).then(|| Change {
        field: "ledger",
        old: format!("{year}-{month:02} {old_text}"),
        new: format!("{year}-{month:02} {new_text}"),
    }))
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

/// Archives a project (hidden from the registry's lists, exports and reporting rounds, kept in
/// history and baselines), or brings it back.
pub async fn set_archived(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    archived: bool,
    today: NaiveDate,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let was = projects::archived_on(db, id).await?;
    if was.is_some() == archived {
        return Ok(());
    }
    let (_, version) = stored_form(db, id).await?.ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    if !projects::set_archived(&mut tx, id, archived.then_some(today)).await? {
        return Err(AppError::NotFound);
    }
    let changes = [Change {
        field: "archived",
        old: was.map(|d| d.to_string()).unwrap_or_default(),
        new: if archived {
            today.to_string()
        } else {
            String::new()
        },
    }];
    journal::record(&mut tx, actor, ENTITY, id, version + 1, "update", &changes).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a project that was never reported upward nor kept in a locked baseline; the person
/// must have confirmed. Anything reported is archived instead, so the record stays.
pub async fn delete(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    if !confirmed {
        return Err(FieldErrors::single("confirm", Problem::ConfirmDelete).into());
    }
    let (form, version) = stored_form(db, id).await?.ok_or(AppError::NotFound)?;
    if projects::ever_reported(db, id).await? {
        return Err(AppError::Refused(Problem::ProjectWasReported));
    }
    let mut tx = db.begin().await?;
    if projects::delete(&mut tx, id).await? {
        let changes = [Change {
            field: "name",
            old: form.name.clone(),
            new: String::new(),
        }];
        journal::record(&mut tx, actor, ENTITY, id, version + 1, "delete", &changes).await?;
    }
    tx.commit().await?;
    Ok(())
}
