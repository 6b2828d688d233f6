//! 存在问题: raised on a milestone, assigned to a unit with a due date, answered, closed.

use chrono::NaiveDate;

use super::require;
use crate::db::journal;
use crate::db::{problems, queries, Db};
use crate::domain::access::Permission;
use crate::domain::journal::Change;
use crate::domain::milestone_rules::validate_problem;
use crate::domain::model::ProblemStatus;
use crate::domain::validate::{FieldErrors, Label, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, ProblemForm};

use super::milestones::ENTITY as MILESTONE;
use super::projects::ENTITY as PROJECT;
use crate::db::problems::ProblemOn;

/// Raises a problem on a milestone or a project; returns its id.
pub async fn open(
    db: &Db,
    actor: Option<&CurrentUser>,
    on: ProblemOn,
    form: &ProblemForm,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_problem(form, &reference, today)?;
    let id = {
        let mut tx = db.begin().await?;
        if !problems::target_exists(&mut tx, on).await? {
            return Err(AppError::NotFound);
        }
        let id = problems::insert(&mut tx, on, &draft, today).await?;
        let changes = [Change {
            field: "problem",
            old: String::new(),
            new: draft.description.clone(),
        }];
        // A problem is part of the history of what it was raised on.
        let (entity, entity_id) = match on {
            ProblemOn::Milestone(id) => (MILESTONE, id),
            ProblemOn::Project(id) => (PROJECT, id),
        };
        journal::record(&mut tx, actor, entity, entity_id, 0_i64, "update", &changes).await?;
        tx.commit().await?;
        id
    };
    Ok(id)
}

/// Raises `problem`, if there is one, inside `tx`, and notes it among `changes`: the problem a
/// progress entry or an accepted unit submission brings with it.
pub(crate) async fn raise_with(
    tx: &mut crate::db::tx::Tx,
    on: ProblemOn,
    problem: Option<&crate::domain::milestone_rules::ProblemDraft>,
    raised_on: NaiveDate,
    changes: &mut Vec<Change>,
) -> Result<(), sqlx::Error> {
    if let Some(problem) = problem {
        problems::insert(tx, on, problem, raised_on).await?;
        changes.push(Change {
            field: "problem",
            old: String::new(),
            new: problem.description.clone(),
        });
    }
    Ok(())
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
        let stored = problems::for_answer(&mut tx, problem_id).await?;
        let (milestone_id, project_id, description, old_status, old_answer) =
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
        problems::answer(&mut tx, problem_id, status, &answer, close.then_some(today)).await?;
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
        // A problem is part of the history of what it was raised on.
        let (entity, id) = match (milestone_id, project_id) {
            (Some(milestone_id), _) => (MILESTONE, milestone_id),
            (None, Some(project_id)) => (PROJECT, project_id),
            (None, None) => ("problem", problem_id),
        };
        journal::record(&mut tx, actor, entity, id, 0, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}
