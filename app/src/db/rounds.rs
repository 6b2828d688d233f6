//! Reporting rounds in storage: rounds, the units they cover with their submission state, and
//! the draft items of each submission.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::model::SubmissionState;
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::rounds::{is_overdue, ItemDraft, ItemKind};
use crate::model::{ItemEntry, RoundCounts, RoundSummary, RoundUnitRow, SubmissionItemView};

/// The most rounds a list shows: two years of monthly rounds.
pub const LIST_LIMIT: i64 = 24;
/// The most items of each kind a submission page lists.
pub const ITEMS_LIMIT: i64 = 500;

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    year: i32,
    month: i32,
    due_date: NaiveDate,
    opened_at: i64,
    opened_by: String,
    closed_at: Option<i64>,
}

#[derive(Clone, sqlx::FromRow)]
struct UnitStateRow {
    round_id: i64,
    unit_id: i64,
    unit_name: String,
    state: String,
    started_at: Option<i64>,
    submitted_at: Option<i64>,
    submitted_by: String,
    reviewed_at: Option<i64>,
    reviewed_by: String,
    late: bool,
    reminders: i32,
    reminded_at: Option<i64>,
    items_filled: i64,
}

fn state_of(code: &str) -> Result<SubmissionState, DbError> {
    SubmissionState::from_code(code)
        .ok_or_else(|| DbError::Corrupt(format!("submission state {code:?}")))
}

/// A round's month as stored (year and month columns).
fn period(year: i32, month: i32) -> Result<Period, DbError> {
    u32::try_from(month)
        .ok()
        .and_then(|m| Period::new(year, m))
        .ok_or_else(|| DbError::Corrupt(format!("round month {year}-{month}")))
}

fn unit_row(row: UnitStateRow, due: NaiveDate, today: NaiveDate) -> Result<RoundUnitRow, DbError> {
    let state = state_of(&row.state)?;
    Ok(RoundUnitRow {
        unit_id: row.unit_id,
        unit_name: row.unit_name,
        state,
        started_at: row.started_at,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
        reviewed_at: row.reviewed_at,
        reviewed_by: row.reviewed_by,
        late: row.late,
        overdue: is_overdue(state, due, today),
        reminders: row.reminders,
        reminded_at: row.reminded_at,
        items_filled: row.items_filled,
    })
}

const ROUND_COLUMNS: &str = "id, year, month, due_date, opened_at, opened_by, closed_at";

const UNIT_STATE_SELECT: &str = "SELECT ru.round_id, ru.unit_id, u.name AS unit_name, ru.state,
        ru.started_at, ru.submitted_at, ru.submitted_by, ru.reviewed_at, ru.reviewed_by, ru.late,
        ru.reminders, ru.reminded_at,
        (SELECT COUNT(*) FROM submission_items si
          WHERE si.round_id = ru.round_id AND si.unit_id = ru.unit_id) AS items_filled
     FROM round_units ru JOIN units u ON u.id = ru.unit_id";

async fn summaries(
    db: &Db,
    rounds: Vec<RoundRow>,
    today: NaiveDate,
) -> Result<Vec<(RoundSummary, Vec<RoundUnitRow>)>, DbError> {
    // Every unit line of these rounds in one query, then each round's share.
    let ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
    let mut lines: Vec<UnitStateRow> = Vec::new();
    if !ids.is_empty() {
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        lines = db
            .fetch_all(
                Statement::new(format!(
                    "{UNIT_STATE_SELECT} WHERE ru.round_id IN ({}) ORDER BY u.sort_order, u.name",
                    placeholders.join(", ")
                ))
                .bind_all(ids.iter().map(|id| (*id).into())),
            )
            .await?;
    }
    let mut out = Vec::with_capacity(rounds.len());
    for round in rounds {
        let units = lines
            .iter()
            .filter(|l| l.round_id == round.id)
            .map(|l| unit_row(l.clone(), round.due_date, today))
            .collect::<Result<Vec<_>, _>>()?;
        let mut counts = RoundCounts::default();
        for u in &units {
            counts.add(u.state, u.late, u.overdue);
        }
        out.push((
            RoundSummary {
                id: round.id,
                month: period(round.year, round.month)?,
                due_date: round.due_date,
                opened_at: round.opened_at,
                opened_by: round.opened_by.clone(),
                closed_at: round.closed_at,
                counts,
            },
            units,
        ));
    }
    Ok(out)
}

/// The latest rounds, newest month first.
pub async fn list(db: &Db, today: NaiveDate) -> Result<Vec<RoundSummary>, DbError> {
    let rows: Vec<RoundRow> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {ROUND_COLUMNS} FROM reporting_rounds ORDER BY year DESC, month DESC LIMIT $1"
            ))
            .bind(LIST_LIMIT),
        )
        .await?;
    Ok(summaries(db, rows, today)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .collect())
}

/// One round with every unit's line.
pub async fn detail(
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<Option<(RoundSummary, Vec<RoundUnitRow>)>, DbError> {
    let row: Option<RoundRow> = db
        .fetch_optional(
            Statement::new(format!(
                "SELECT {ROUND_COLUMNS} FROM reporting_rounds WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    Ok(summaries(db, row.into_iter().collect(), today).await?.pop())
}

/// The round of the newest month, for the dashboard's 填报情况 tile.
pub async fn latest(db: &Db, today: NaiveDate) -> Result<Option<RoundSummary>, DbError> {
    let row: Option<RoundRow> = db
        .fetch_optional(Statement::new(format!(
            "SELECT {ROUND_COLUMNS} FROM reporting_rounds ORDER BY year DESC, month DESC LIMIT 1"
        )))
        .await?;
    Ok(summaries(db, row.into_iter().collect(), today)
        .await?
        .pop()
        .map(|(s, _)| s))
}

/// The round id for a month, if one was opened.
pub async fn id_of_month(db: &Db, month: Period) -> Result<Option<i64>, DbError> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Statement::new("SELECT id FROM reporting_rounds WHERE year = $1 AND month = $2")
                .bind(month.year)
                .bind(i32::try_from(month.month).unwrap_or(1)),
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Units the round does not cover, by name.
pub async fn units_not_in(db: &Db, round_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT id, name FROM units WHERE id NOT IN
                   (SELECT unit_id FROM round_units WHERE round_id = $1)
                 ORDER BY sort_order, name",
            )
            .bind(round_id),
        )
        .await?)
}

/// The newest round that covers `unit`.
pub async fn latest_for_unit(db: &Db, unit_id: i64) -> Result<Option<i64>, DbError> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Statement::new(
                "SELECT r.id FROM reporting_rounds r JOIN round_units ru ON ru.round_id = r.id
                 WHERE ru.unit_id = $1 ORDER BY r.year DESC, r.month DESC LIMIT 1",
            )
            .bind(unit_id),
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

/// A unit's submission state in a round, with the round's month, due day and closing time.
pub struct SubmissionHead {
    pub unit_name: String,
    pub state: SubmissionState,
    pub month: Period,
    pub due_date: NaiveDate,
    pub closed_at: Option<i64>,
    pub review_note: String,
    pub submitted_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    unit_name: String,
    state: String,
    year: i32,
    month: i32,
    due_date: NaiveDate,
    closed_at: Option<i64>,
    review_note: String,
    submitted_at: Option<i64>,
}

const HEAD_SELECT: &str =
    "SELECT u.name AS unit_name, ru.state, r.year, r.month, r.due_date, r.closed_at, ru.review_note,
            ru.submitted_at
     FROM round_units ru JOIN reporting_rounds r ON r.id = ru.round_id JOIN units u ON u.id = ru.unit_id
     WHERE ru.round_id = $1 AND ru.unit_id = $2";

impl SubmissionHead {
    /// The round this submission belongs to (`id`), as a message names it.
    pub fn round(&self, id: i64) -> crate::notify::schedule::RoundRef {
        crate::notify::schedule::RoundRef {
            id,
            month: self.month,
            due: self.due_date,
        }
    }
}

fn head(row: HeadRow) -> Result<SubmissionHead, DbError> {
    let month = period(row.year, row.month)?;
    Ok(SubmissionHead {
        unit_name: row.unit_name,
        state: state_of(&row.state)?,
        month,
        due_date: row.due_date,
        closed_at: row.closed_at,
        review_note: row.review_note,
        submitted_at: row.submitted_at,
    })
}

fn head_statement(round_id: i64, unit_id: i64) -> Statement {
    Statement::new(HEAD_SELECT).bind(round_id).bind(unit_id)
}

pub async fn submission_head(
    db: &Db,
    round_id: i64,
    unit_id: i64,
) -> Result<Option<SubmissionHead>, DbError> {
    let row: Option<HeadRow> = db.fetch_optional(head_statement(round_id, unit_id)).await?;
    row.map(head).transpose()
}

/// The same, read inside a change's transaction.
pub async fn submission_head_tx(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
) -> Result<Option<SubmissionHead>, DbError> {
    let row: Option<HeadRow> = tx.fetch_optional(head_statement(round_id, unit_id)).await?;
    row.map(head).transpose()
}

pub async fn unit_row_of(
    db: &Db,
    round_id: i64,
    unit_id: i64,
    due: NaiveDate,
    today: NaiveDate,
) -> Result<Option<RoundUnitRow>, DbError> {
    let row: Option<UnitStateRow> = db
        .fetch_optional(
            Statement::new(format!(
                "{UNIT_STATE_SELECT} WHERE ru.round_id = $1 AND ru.unit_id = $2"
            ))
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    row.map(|r| unit_row(r, due, today)).transpose()
}

/// The unit that owns an item: the milestone's or project's unit, or the problem's owner (else
/// the unit of what it was raised on).
pub async fn owner_of(db: &Db, kind: ItemKind, target: i64) -> Result<Option<i64>, DbError> {
    let sql = match kind {
        ItemKind::Milestone => "SELECT unit_id FROM milestones WHERE id = $1",
        ItemKind::Project => "SELECT unit_id FROM projects WHERE id = $1",
        ItemKind::Answer => {
            "SELECT COALESCE(p.owner_unit_id, m.unit_id, pr.unit_id) FROM problems p
             LEFT JOIN milestones m ON m.id = p.milestone_id
             LEFT JOIN projects pr ON pr.id = p.project_id WHERE p.id = $1"
        }
    };
    let row: Option<(Option<i64>,)> = db.fetch_optional(Statement::new(sql).bind(target)).await?;
    Ok(row.and_then(|(unit,)| unit))
}

#[derive(sqlx::FromRow)]
struct AcceptedRow {
    target_id: i64,
    title: String,
    accepted_percent: Option<i32>,
    accepted_note: Option<String>,
    accepted_on: Option<NaiveDate>,
    month_planned: Option<i64>,
    month_completed: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    milestone_id: Option<i64>,
    project_id: Option<i64>,
    problem_id: Option<i64>,
    percent: Option<i32>,
    note: String,
    month_planned: Option<i64>,
    month_completed: Option<i64>,
    new_problem: String,
    new_problem_due_date: Option<NaiveDate>,
    review_comment: String,
    updated_at: i64,
    updated_by: String,
}

impl EntryRow {
    fn target(&self) -> Option<(ItemKind, i64)> {
        match (self.milestone_id, self.project_id, self.problem_id) {
            (Some(id), _, _) => Some((ItemKind::Milestone, id)),
            (_, Some(id), _) => Some((ItemKind::Project, id)),
            (_, _, Some(id)) => Some((ItemKind::Answer, id)),
            _ => None,
        }
    }

    fn entry(self) -> ItemEntry {
        ItemEntry {
            id: self.id,
            percent: self.percent,
            note: self.note,
            month_planned: self.month_planned.map(Wan),
            month_completed: self.month_completed.map(Wan),
            new_problem: self.new_problem,
            new_problem_due: self.new_problem_due_date,
            review_comment: self.review_comment,
            updated_at: self.updated_at,
            updated_by: self.updated_by,
            attachments: Vec::new(),
        }
    }
}

const ENTRY_COLUMNS: &str =
    "id, milestone_id, project_id, problem_id, percent, note, month_planned,
     month_completed, new_problem, new_problem_due_date, review_comment, updated_at, updated_by";

/// Every item the unit reports on in the round, with its accepted figures and its entry:
/// milestones not yet complete, projects in preparation or under way, open problems it owns,
/// and anything it has already entered.
pub async fn items(
    db: &Db,
    round_id: i64,
    unit_id: i64,
    month: Period,
) -> Result<Vec<SubmissionItemView>, DbError> {
    let month_number = i32::try_from(month.month).unwrap_or(1);
    let milestones: Vec<AcceptedRow> = db
        .fetch_all(
            Statement::new(
                "SELECT m.id AS target_id, m.title, m.percent AS accepted_percent,
                        (SELECT mp.note FROM milestone_progress mp WHERE mp.milestone_id = m.id
                          ORDER BY mp.reported_on DESC, mp.id DESC LIMIT 1) AS accepted_note,
                        (SELECT MAX(mp.reported_on) FROM milestone_progress mp
                          WHERE mp.milestone_id = m.id) AS accepted_on,
                        CAST(NULL AS BIGINT) AS month_planned, CAST(NULL AS BIGINT) AS month_completed
                 FROM milestones m
                 WHERE m.unit_id = $1 AND (m.completed_on IS NULL OR m.id IN
                   (SELECT milestone_id FROM submission_items WHERE round_id = $2 AND milestone_id IS NOT NULL))
                 ORDER BY m.due_date, m.id LIMIT $3",
            )
            .bind(unit_id)
            .bind(round_id)
            .bind(ITEMS_LIMIT),
        )
        .await?;
    let projects: Vec<AcceptedRow> = db
        .fetch_all(
            Statement::new(
                "SELECT p.id AS target_id, p.name AS title,
                        (SELECT pp.percent FROM project_progress pp WHERE pp.project_id = p.id
                          ORDER BY pp.reported_on DESC, pp.id DESC LIMIT 1) AS accepted_percent,
                        p.visible_progress AS accepted_note,
                        (SELECT MAX(pp.reported_on) FROM project_progress pp
                          WHERE pp.project_id = p.id) AS accepted_on,
                        l.planned AS month_planned, l.completed AS month_completed
                 FROM projects p
                 LEFT JOIN investment_ledger l ON l.project_id = p.id AND l.year = $1 AND l.month = $2
                 WHERE p.unit_id = $3 AND ((p.status IN ('preparing', 'in_progress') AND p.archived_on IS NULL) OR p.id IN
                   (SELECT project_id FROM submission_items WHERE round_id = $4 AND project_id IS NOT NULL))
                 ORDER BY p.name, p.id LIMIT $5",
            )
            .bind(month.year)
            .bind(month_number)
            .bind(unit_id)
            .bind(round_id)
            .bind(ITEMS_LIMIT),
        )
        .await?;
    let problems: Vec<AcceptedRow> = db
        .fetch_all(
            Statement::new(
                "SELECT p.id AS target_id, COALESCE(m.title, pr.name, '') AS title,
                        CAST(NULL AS INTEGER) AS accepted_percent,
                        p.description AS accepted_note, p.raised_on AS accepted_on,
                        CAST(NULL AS BIGINT) AS month_planned, CAST(NULL AS BIGINT) AS month_completed
                 FROM problems p
                 LEFT JOIN milestones m ON m.id = p.milestone_id
                 LEFT JOIN projects pr ON pr.id = p.project_id
                 WHERE COALESCE(p.owner_unit_id, m.unit_id, pr.unit_id) = $1
                   AND (p.status = 'open' OR p.id IN
                   (SELECT problem_id FROM submission_items WHERE round_id = $2 AND problem_id IS NOT NULL))
                 ORDER BY p.raised_on, p.id LIMIT $3",
            )
            .bind(unit_id)
            .bind(round_id)
            .bind(ITEMS_LIMIT),
        )
        .await?;
    let entries: Vec<EntryRow> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {ENTRY_COLUMNS} FROM submission_items WHERE round_id = $1 AND unit_id = $2"
            ))
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    let mut entries: std::collections::HashMap<(ItemKind, i64), ItemEntry> = entries
        .into_iter()
        .filter_map(|row| row.target().map(|t| (t, row.entry())))
        .collect();
    let excluded: Vec<(String, i64)> = db
        .fetch_all(
            Statement::new(
                "SELECT kind, target_id FROM round_exclusions WHERE round_id = $1 AND unit_id = $2",
            )
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    let excluded: std::collections::HashSet<(ItemKind, i64)> = excluded
        .into_iter()
        .filter_map(|(kind, id)| ItemKind::from_code(&kind).map(|k| (k, id)))
        .collect();
    let ids: Vec<i64> = entries.values().map(|e| e.id).collect();
    let mut files = super::evidence::for_items(db, &ids).await?;
    for entry in entries.values_mut() {
        entry.attachments = files.remove(&entry.id).unwrap_or_default();
    }
    let mut views = Vec::new();
    for (kind, rows) in [
        (ItemKind::Milestone, milestones),
        (ItemKind::Project, projects),
        (ItemKind::Answer, problems),
    ] {
        for row in rows {
            views.push(SubmissionItemView {
                kind,
                target_id: row.target_id,
                title: row.title,
                accepted_percent: row.accepted_percent,
                accepted_note: row.accepted_note.unwrap_or_default(),
                accepted_on: row.accepted_on,
                accepted_month: match (row.month_planned, row.month_completed) {
                    (None, None) => None,
                    (p, c) => Some((Wan(p.unwrap_or(0)), Wan(c.unwrap_or(0)))),
                },
                entry: entries.remove(&(kind, row.target_id)),
                excluded: excluded.contains(&(kind, row.target_id)),
            });
        }
    }
    Ok(views)
}

/// The units with something to report: an unfinished milestone or a project in preparation or
/// under way.
pub async fn active_units(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = tx
        .fetch_all(Statement::new(
            "SELECT id FROM units WHERE
               id IN (SELECT unit_id FROM milestones WHERE completed_on IS NULL)
               OR id IN (SELECT unit_id FROM projects
                         WHERE status IN ('preparing', 'in_progress') AND archived_on IS NULL)
             ORDER BY sort_order, name",
        ))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn insert_round(
    tx: &mut Tx,
    month: Period,
    due: NaiveDate,
    opened_by: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO reporting_rounds (year, month, due_date, opened_at, opened_by)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(month.year)
            .bind(i32::try_from(month.month).unwrap_or(1))
            .bind(due)
            .bind(at)
            .bind(opened_by),
        )
        .await?;
    Ok(id)
}

/// Adds `unit` to the round; false when it was in it already.
pub async fn add_unit(tx: &mut Tx, round_id: i64, unit_id: i64) -> Result<bool, sqlx::Error> {
    let added = tx
        .execute(
            Statement::new(
                "INSERT INTO round_units (round_id, unit_id) VALUES ($1, $2)
                 ON CONFLICT (round_id, unit_id) DO NOTHING",
            )
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    Ok(added > 0)
}

/// Takes a unit out of the round while it has entered nothing; false otherwise.
pub async fn remove_unit(tx: &mut Tx, round_id: i64, unit_id: i64) -> Result<bool, sqlx::Error> {
    let removed = tx
        .execute(
            Statement::new(
                "DELETE FROM round_units WHERE round_id = $1 AND unit_id = $2 AND state = 'not_started'",
            )
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    Ok(removed > 0)
}

/// Closes the round; false when it was closed already.
pub async fn close(tx: &mut Tx, round_id: i64, by: &str, at: i64) -> Result<bool, sqlx::Error> {
    let closed = tx
        .execute(
            Statement::new(
                "UPDATE reporting_rounds SET closed_at = $1, closed_by = $2
                 WHERE id = $3 AND closed_at IS NULL",
            )
            .bind(at)
            .bind(by)
            .bind(round_id),
        )
        .await?;
    Ok(closed > 0)
}

/// Writes the unit's entry for one item (created or replaced).
#[allow(clippy::too_many_arguments)]
pub async fn save_item(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    kind: ItemKind,
    target: i64,
    draft: &ItemDraft,
    by: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let column = target_column(kind);
    let existing: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT id FROM submission_items WHERE round_id = $1 AND {column} = $2"
            ))
            .bind(round_id)
            .bind(target),
        )
        .await?;
    let values = |s: Statement| {
        s.bind(draft.percent)
            .bind(&draft.note)
            .bind(draft.month_planned.map(|w| w.hundredths()))
            .bind(draft.month_completed.map(|w| w.hundredths()))
            .bind(&draft.new_problem)
            .bind(draft.new_problem_due)
            .bind(at)
            .bind(by)
    };
    match existing {
        Some((id,)) => {
            tx.execute(
                values(Statement::new(
                    "UPDATE submission_items SET percent = $1, note = $2, month_planned = $3,
                        month_completed = $4, new_problem = $5, new_problem_due_date = $6,
                        updated_at = $7, updated_by = $8 WHERE id = $9",
                ))
                .bind(id),
            )
            .await?;
            Ok(id)
        }
        None => {
            let (id,): (i64,) = tx
                .fetch_one(
                    values(Statement::new(format!(
                        "INSERT INTO submission_items (percent, note, month_planned, month_completed,
                            new_problem, new_problem_due_date, updated_at, updated_by, round_id, unit_id, {column})
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
                    )))
                    .bind(round_id)
                    .bind(unit_id)
                    .bind(target),
                )
                .await?;
            Ok(id)
        }
    }
}

/// Takes an item out of the unit's part of a round; false when it was out already.
pub async fn exclude_item(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    kind: ItemKind,
    target: i64,
    by: &str,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            Statement::new(
                "INSERT INTO round_exclusions (round_id, unit_id, kind, target_id, excluded_by, excluded_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (round_id, kind, target_id) DO NOTHING",
            )
            .bind(round_id)
            .bind(unit_id)
            .bind(kind.code())
            .bind(target)
            .bind(by)
            .bind(at),
        )
        .await?;
    Ok(n == 1)
}

/// Puts an item back; false when it was not out.
pub async fn include_item(
    tx: &mut Tx,
    round_id: i64,
    kind: ItemKind,
    target: i64,
) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            Statement::new(
                "DELETE FROM round_exclusions WHERE round_id = $1 AND kind = $2 AND target_id = $3",
            )
            .bind(round_id)
            .bind(kind.code())
            .bind(target),
        )
        .await?;
    Ok(n == 1)
}

/// Whether an item was taken out of the round (read in the save's transaction, after the
/// submission's row is locked, so a concurrent take-out is seen).
pub async fn is_excluded(
    tx: &mut Tx,
    round_id: i64,
    kind: ItemKind,
    target: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT target_id FROM round_exclusions WHERE round_id = $1 AND kind = $2 AND target_id = $3",
            )
            .bind(round_id)
            .bind(kind.code())
            .bind(target),
        )
        .await?;
    Ok(row.is_some())
}

/// Whether the unit has an entry for the item in the round.
pub async fn has_entry(
    tx: &mut Tx,
    round_id: i64,
    kind: ItemKind,
    target: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT id FROM submission_items WHERE round_id = $1 AND {} = $2",
                target_column(kind)
            ))
            .bind(round_id)
            .bind(target),
        )
        .await?;
    Ok(row.is_some())
}

fn target_column(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Milestone => "milestone_id",
        ItemKind::Project => "project_id",
        ItemKind::Answer => "problem_id",
    }
}

/// The round and unit an entry belongs to.
pub async fn item_owner(db: &Db, item_id: i64) -> Result<Option<(i64, i64)>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new("SELECT round_id, unit_id FROM submission_items WHERE id = $1")
                .bind(item_id),
        )
        .await?)
}

/// Sets the reviewer's comment on one entry.
pub async fn set_comment(tx: &mut Tx, item_id: i64, comment: &str) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("UPDATE submission_items SET review_comment = $1 WHERE id = $2")
            .bind(comment)
            .bind(item_id),
    )
    .await?;
    Ok(())
}

/// Whether any entry of the submission carries a reviewer's comment.
pub async fn has_comments(tx: &mut Tx, round_id: i64, unit_id: i64) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "SELECT COUNT(*) FROM submission_items
                 WHERE round_id = $1 AND unit_id = $2 AND review_comment <> ''",
            )
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    Ok(n > 0)
}

/// One stored entry, as acceptance writes it.
pub struct StoredEntry {
    pub id: i64,
    pub kind: ItemKind,
    pub target: i64,
    pub draft: ItemDraft,
}

/// Every entry of a submission, in a stable order.
pub async fn entries(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
) -> Result<Vec<StoredEntry>, sqlx::Error> {
    let rows: Vec<EntryRow> = tx
        .fetch_all(
            Statement::new(format!(
                "SELECT {ENTRY_COLUMNS} FROM submission_items WHERE round_id = $1 AND unit_id = $2 ORDER BY id"
            ))
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (kind, target) = row.target()?;
            Some(StoredEntry {
                id: row.id,
                kind,
                target,
                draft: ItemDraft {
                    percent: row.percent,
                    note: row.note,
                    month_planned: row.month_planned.map(Wan),
                    month_completed: row.month_completed.map(Wan),
                    new_problem: row.new_problem,
                    new_problem_due: row.new_problem_due_date,
                },
            })
        })
        .collect())
}

/// Moves a submission to `state` from `expected` (false when someone else moved it first).
pub async fn set_state(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    expected: SubmissionState,
    state: SubmissionState,
) -> Result<bool, sqlx::Error> {
    let changed = tx
        .execute(
            Statement::new(
                "UPDATE round_units SET state = $1 WHERE round_id = $2 AND unit_id = $3 AND state = $4",
            )
            .bind(state.code())
            .bind(round_id)
            .bind(unit_id)
            .bind(expected.code()),
        )
        .await?;
    Ok(changed > 0)
}

pub async fn mark_started(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE round_units SET started_at = $1 WHERE round_id = $2 AND unit_id = $3 AND started_at IS NULL",
        )
        .bind(at)
        .bind(round_id)
        .bind(unit_id),
    )
    .await?;
    Ok(())
}

pub async fn mark_submitted(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    by: &str,
    at: i64,
    late: bool,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE round_units SET submitted_at = $1, submitted_by = $2, late = $3
             WHERE round_id = $4 AND unit_id = $5",
        )
        .bind(at)
        .bind(by)
        .bind(late)
        .bind(round_id)
        .bind(unit_id),
    )
    .await?;
    Ok(())
}

pub async fn mark_reviewed(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    by: &str,
    at: i64,
    note: &str,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE round_units SET reviewed_at = $1, reviewed_by = $2, review_note = $3
             WHERE round_id = $4 AND unit_id = $5",
        )
        .bind(at)
        .bind(by)
        .bind(note)
        .bind(round_id)
        .bind(unit_id),
    )
    .await?;
    Ok(())
}

/// Who handed the submission in (sign-in name), to credit the history it becomes.
pub async fn submitter(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
) -> Result<(String, Option<i64>), sqlx::Error> {
    let row: Option<(String, Option<i64>)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT ru.submitted_by, u.id FROM round_units ru
                 LEFT JOIN users u ON u.username = ru.submitted_by
                 WHERE ru.round_id = $1 AND ru.unit_id = $2",
            )
            .bind(round_id)
            .bind(unit_id),
        )
        .await?;
    Ok(row.unwrap_or_default())
}

/// Notes that the unit was reminded (催报) at `at`.
pub async fn record_reminder(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE round_units SET reminded_at = $1, reminders = reminders + 1
             WHERE round_id = $2 AND unit_id = $3",
        )
        .bind(at)
        .bind(round_id)
        .bind(unit_id),
    )
    .await?;
    Ok(())
}

/// Milestone percents handed in and waiting for review, newest round last (so it wins):
/// (milestone, percent), for the planners' preview of the dashboard.
pub async fn pending_milestone_percents(db: &Db) -> Result<Vec<(i64, i32)>, DbError> {
    let rows: Vec<(i64, i32)> = db
        .fetch_all(Statement::new(
            "SELECT si.milestone_id, si.percent FROM submission_items si
             JOIN round_units ru ON ru.round_id = si.round_id AND ru.unit_id = si.unit_id
             JOIN reporting_rounds r ON r.id = si.round_id
             WHERE ru.state = 'submitted' AND si.milestone_id IS NOT NULL AND si.percent IS NOT NULL
             ORDER BY r.year, r.month, si.id",
        ))
        .await?;
    Ok(rows)
}
