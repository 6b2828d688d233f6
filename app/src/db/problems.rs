//! 存在问题 in storage: raising, answering and closing them (inside the change's transaction).
//! The pages' reads are in `milestone_detail`.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use crate::domain::milestone_rules::ProblemDraft;
use crate::domain::model::ProblemStatus;

/// Whether milestone `id` exists (read in the transaction that changes it).
pub async fn target_exists(tx: &mut Tx, on: ProblemOn) -> Result<bool, sqlx::Error> {
    let statement = match on {
        ProblemOn::Milestone(id) => {
            Statement::new("SELECT id FROM milestones WHERE id = $1").bind(id)
        }
        ProblemOn::Project(id) => Statement::new("SELECT id FROM projects WHERE id = $1").bind(id),
    };
    let found: Option<(i64,)> = tx.fetch_optional(statement).await?;
    Ok(found.is_some())
}

/// Raises a problem on a milestone or project on `raised_on`; returns its id.
pub async fn insert(
    tx: &mut Tx,
    on: ProblemOn,
    problem: &ProblemDraft,
    raised_on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    let (milestone_id, project_id) = match on {
        ProblemOn::Milestone(id) => (Some(id), None),
        ProblemOn::Project(id) => (None, Some(id)),
    };
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO problems (milestone_id, project_id, description, owner_unit_id, raised_on, due_date)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(milestone_id)
            .bind(project_id)
            .bind(&problem.description)
            .bind(problem.unit_id)
            .bind(raised_on)
            .bind(problem.due_date),
        )
        .await?;
    Ok(id)
}

/// What a 存在问题 is raised on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemOn {
    Milestone(i64),
    Project(i64),
}

/// A problem as its answer changes it: (milestone, project, description, status code, answer).
#[allow(clippy::type_complexity)]
pub async fn for_answer(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(Option<i64>, Option<i64>, String, String, String)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT milestone_id, project_id, description, status, answer FROM problems WHERE id = $1",
        )
        .bind(id),
    )
    .await
}

/// Sets a problem's status and answer; a closed problem records the day it closed.
pub async fn answer(
    tx: &mut Tx,
    id: i64,
    status: ProblemStatus,
    answer: &str,
    closed_on: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE problems SET status = $1, answer = $2, closed_on = $3 WHERE id = $4",
        )
        .bind(status.code())
        .bind(answer)
        .bind(closed_on)
        .bind(id),
    )
    .await?;
    Ok(())
}
