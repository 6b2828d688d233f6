//! 存在问题: raised on a milestone, assigned to a unit with a due date, answered, closed.

use chrono::NaiveDate;

use super::require;
use crate::db::journal;
use crate::db::tx::Statement;
use crate::db::{queries, Db};
use crate::domain::access::Permission;
use crate::domain::journal::Change;
use crate::domain::milestone_rules::validate_problem;
use crate::domain::model::ProblemStatus;
use crate::domain::validate::{FieldErrors, Label, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, ProblemForm};

use super::milestones::ENTITY as MILESTONE;

/// Raises a problem on milestone `milestone_id`; returns its id.
pub async fn open(
    db: &Db,
    actor: Option<&CurrentUser>,
    milestone_id: i64,
    form: &ProblemForm,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_problem(form, &reference, today)?;
    let id = {
        let mut tx = db.begin().await?;
        let exists: Option<(i64,)> = tx
            .fetch_optional(
                Statement::new("SELECT id FROM milestones WHERE id = $1").bind(milestone_id),
            )
            .await?;
        exists.ok_or(AppError::NotFound)?;
        let (id,): (i64,) = tx.fetch_one(Statement::new(
            "INSERT INTO problems (milestone_id, description, owner_unit_id, raised_on, due_date)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        ).bind(milestone_id).bind(&draft.description).bind(draft.unit_id).bind(today).bind(draft.due_date))
        .await?;
        let changes = [Change {
            field: "problem",
            old: String::new(),
            new: draft.description.clone(),
        }];
        journal::record(
            &mut tx,
            actor,
            MILESTONE,
            milestone_id,
            0_i64,
            "update",
            &changes,
        )
        .await?;
        tx.commit().await?;
        id
    };
    Ok(id)
}

/// Records the owner's answer (status 已答复), or closes the problem (已关闭) when `close` is set.
pub async fn respond(
    db: &Db,
    actor: Option<&CurrentUser>,
    problem_id: i64,
    answer: &str,
    close: bool,
    today: NaiveDate,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let mut errors = FieldErrors::default();
    let answer = errors.optional_text("answer", Label::Answer, answer, 1000);
    if !close && answer.is_empty() {
        errors.add("answer", Problem::Required(Label::Answer));
    }
    errors.into_result(())?;
    {
        let mut tx = db.begin().await?;
        let stored: Option<(Option<i64>, String, String, String)> = tx
            .fetch_optional(
                Statement::new(
                    "SELECT milestone_id, description, status, answer FROM problems WHERE id = $1",
                )
                .bind(problem_id),
            )
            .await?;
        let (milestone_id, description, old_status, old_answer) =
            stored.ok_or(AppError::NotFound)?;
        let status = if close {
            ProblemStatus::Closed
        } else {
            ProblemStatus::Answered
        };
        let answer = if answer.is_empty() {
            old_answer.clone()
        } else {
            answer
        };
        tx.execute(
            Statement::new(
                "UPDATE problems SET status = $1, answer = $2, closed_on = $3 WHERE id = $4",
            )
            .bind(status.code())
            .bind(&answer)
            .bind(close.then_some(today))
            .bind(problem_id),
        )
        .await?;
        let mut changes = vec![Change {
            field: "problem_status",
            old: format!("{description}: {old_status}"),
            new: format!("{description}: {}", status.code()),
        }];
        if answer != old_answer {
            changes.push(Change {
                field: "problem_answer",
                old: old_answer,
                new: answer.clone(),
            });
        }
        if let Some(milestone_id) = milestone_id {
            journal::record(
                &mut tx,
                actor,
                MILESTONE,
                milestone_id,
                0_i64,
                "update",
                &changes,
            )
            .await?;
        } else {
            journal::record(
                &mut tx, actor, "problem", problem_id, 0_i64, "update", &changes,
            )
            .await?;
        }
        tx.commit().await?
    };
    Ok(())
}
