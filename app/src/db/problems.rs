//! 存在问题 in storage: raising, answering and closing them (inside the change's transaction).
//! The pages' reads are in `milestone_detail`.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use crate::domain::milestone_rules::ProblemDraft;
use crate::domain::model::ProblemStatus;

/// Whether milestone `id` exists (read in the transaction that changes it).
pub async fn milestone_exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = tx
        .fetch_optional(Statement::new("SELECT id FROM milestones WHERE id = $1").bind(id))
        .await?;
    Ok(found.is_some())
}

/// Raises a problem on a milestone on `raised_on`; returns its id.
pub async fn insert(
    tx: &mut Tx,
    milestone_id: i64,
    problem: &ProblemDraft,
    raised_on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO problems (milestone_id, description, owner_unit_id, raised_on, due_date)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(milestone_id)
            .bind(&problem.description)
            .bind(problem.unit_id)
            .bind(raised_on)
            .bind(problem.due_date),
        )
        .await?;
    Ok(id)
}

/// A problem as its answer changes it: (milestone, description, status code, answer).
pub async fn for_answer(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(Option<i64>, String, String, String)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT milestone_id, description, status, answer FROM problems WHERE id = $1",
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
