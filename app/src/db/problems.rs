//! 存在问题 in storage: raising, answering and closing them (inside the change's transaction),
//! and the problems list. A milestone's or project's own problems are read in `milestone_detail`.

use chrono::NaiveDate;

use super::filter::{order_by, Conditions};
use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::milestone_rules::ProblemDraft;
use crate::domain::model::ProblemStatus;
use crate::model::{
    PageInfo, ProblemFilter, ProblemList, ProblemListRow, ProblemSort, ProblemSubject,
};

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

/// A problem's status as stored; anything else is a damaged database.
pub(super) fn stored_status(code: &str, id: i64) -> Result<ProblemStatus, DbError> {
    ProblemStatus::from_code(code)
        .ok_or_else(|| DbError::Corrupt(format!("problems.status = {code:?} (id {id})")))
}

#[derive(sqlx::FromRow)]
struct ListRecord {
    id: i64,
    description: String,
    milestone_id: Option<i64>,
    project_id: Option<i64>,
    subject: String,
    unit_name: Option<String>,
    raised_on: NaiveDate,
    due_date: Option<NaiveDate>,
    status: String,
    answer: String,
}

impl ListRecord {
    fn row(self, today: NaiveDate) -> Result<ProblemListRow, DbError> {
        let status = stored_status(&self.status, self.id)?;
        let subject = match (self.milestone_id, self.project_id) {
            (Some(id), _) => ProblemSubject::Milestone {
                id,
                title: self.subject,
            },
            (None, Some(id)) => ProblemSubject::Project {
                id,
                name: self.subject,
            },
            (None, None) => {
                return Err(DbError::Corrupt(format!(
                    "problem {} is raised on nothing",
                    self.id
                )))
            }
        };
        Ok(ProblemListRow {
            id: self.id,
            description: self.description,
            subject,
            unit_name: self.unit_name,
            overdue: status.is_overdue(self.due_date, today),
            raised_on: self.raised_on,
            due_date: self.due_date,
            status,
            answer: self.answer,
        })
    }
}

/// One page of the problems matching `filter`, "overdue" judged on `today`; the count covers all.
pub async fn list(
    db: &Db,
    filter: &ProblemFilter,
    today: NaiveDate,
) -> Result<ProblemList, DbError> {
    // `$1` the day, `$2` whether only overdue ones, then the filter's conditions.
    let conditions = Conditions::starting_at(3)
        .equals_text("p.status", filter.status.map(ProblemStatus::code))
        .equals("p.owner_unit_id", filter.unit);
    let matching = format!(
        "(NOT $2 OR (p.status <> 'closed' AND p.due_date < $1)) AND {}",
        conditions.sql()
    );
    let (total,): (i64,) = db
        .fetch_one(
            Statement::new(format!("SELECT COUNT(*) FROM problems p WHERE {matching}"))
                .bind(today)
                .bind(filter.overdue)
                .bind_all(conditions.values()),
        )
        .await?;
    let page = PageInfo::new(filter.page, total);
    // Problems without a unit or a due date come after the others in an ascending sort on
    // that column (first in a descending one), on both backends.
    let keys: &[&str] = match filter.sort {
        None => &["p.raised_on"],
        Some(ProblemSort::Problem) => &["p.description"],
        Some(ProblemSort::Subject) => &["subject"],
        Some(ProblemSort::Unit) => &["CASE WHEN u.id IS NULL THEN 1 ELSE 0 END", "u.sort_order"],
        Some(ProblemSort::Raised) => &["p.raised_on"],
        Some(ProblemSort::Due) => &[
            "CASE WHEN p.due_date IS NULL THEN 1 ELSE 0 END",
            "p.due_date",
        ],
        Some(ProblemSort::Status) => {
            &["CASE p.status WHEN 'open' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END"]
        }
    };
    // Without a chosen sort, the newest first.
    let order = order_by(keys, "p.id", filter.desc || filter.sort.is_none());
    let (limit, offset) = (conditions.end(), conditions.end() + 1);
    let records: Vec<ListRecord> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT p.id, p.description, p.milestone_id, p.project_id,
                    COALESCE(m.title, pr.name, '') AS subject, u.name AS unit_name,
                    p.raised_on, p.due_date, p.status, p.answer
                 FROM problems p
                 LEFT JOIN milestones m ON m.id = p.milestone_id
                 LEFT JOIN projects pr ON pr.id = p.project_id
                 LEFT JOIN units u ON u.id = p.owner_unit_id
                 WHERE {matching}
                 ORDER BY {order}
                 LIMIT ${limit} OFFSET ${offset}"
            ))
            .bind(today)
            .bind(filter.overdue)
            .bind_all(conditions.values())
            .bind(i64::from(page.page_size))
            .bind(page.offset()),
        )
        .await?;
    Ok(ProblemList {
        rows: records
            .into_iter()
            .map(|r| r.row(today))
            .collect::<Result<_, _>>()?,
        page,
    })
}
