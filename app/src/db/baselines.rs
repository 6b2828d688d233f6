//! Schedule baselines in storage: approving one copies every milestone's dates in one
//! statement; the comparisons are aggregated or limited in the database.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::baseline::SlipBand;
use crate::domain::milestone_code;
use crate::model::{BaselineInfo, PlanChange, Slip, SlipRow};

/// Rows each list of a comparison shows.
pub const LIST_ROWS: i64 = 100;

/// Days from date column `from` to `to` on either backend.
fn days_between(db_is_sqlite: bool, from: &str, to: &str) -> String {
    if db_is_sqlite {
        format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)")
    } else {
        format!("CAST(({to} - {from}) AS BIGINT)")
    }
}

fn is_sqlite(db: &Db) -> bool {
    matches!(db, Db::Sqlite(_))
}

/// Whether a baseline has this name already.
pub async fn name_taken(tx: &mut Tx, name: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new("SELECT id FROM schedule_baselines WHERE name = $1").bind(name),
        )
        .await?;
    Ok(row.is_some())
}

/// Keeps every milestone's dates and weight under `name`; returns the baseline's id and how many
/// milestones it holds.
pub async fn approve(
    tx: &mut Tx,
    name: &str,
    day: NaiveDate,
    by: &str,
) -> Result<(i64, u64), sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO schedule_baselines (name, approved_on, approved_by) VALUES ($1, $2, $3)
                 RETURNING id",
            )
            .bind(name)
            .bind(day)
            .bind(by),
        )
        .await?;
    let kept = tx
        .execute(
            Statement::new(
                "INSERT INTO baseline_milestones
                     (baseline_id, milestone_id, code_stem, code_number, title, pillar_id, start_date, due_date, weight)
                 SELECT $1, id, code_stem, code_number, title, pillar_id, start_date, due_date, weight
                 FROM milestones",
            )
            .bind(id),
        )
        .await?;
    Ok((id, kept))
}

type InfoRow = (i64, String, NaiveDate, String, i64);

const INFO: &str = "SELECT b.id, b.name, b.approved_on, b.approved_by,
        (SELECT COUNT(*) FROM baseline_milestones e WHERE e.baseline_id = b.id)
     FROM schedule_baselines b";

fn info((id, name, approved_on, approved_by, milestones): InfoRow) -> BaselineInfo {
    BaselineInfo {
        id,
        name,
        approved_on,
        approved_by,
        milestones,
    }
}

/// The baselines, newest first (a county approves one or two a year).
pub async fn list(db: &Db) -> Result<Vec<BaselineInfo>, DbError> {
    let rows: Vec<InfoRow> = db
        .fetch_all(Statement::new(format!(
            "{INFO} ORDER BY b.id DESC LIMIT {LIST_ROWS}"
        )))
        .await?;
    Ok(rows.into_iter().map(info).collect())
}

/// The newest baseline's id and name.
pub async fn latest(db: &Db) -> Result<Option<(i64, String)>, DbError> {
    Ok(db
        .fetch_optional(Statement::new(
            "SELECT id, name FROM schedule_baselines ORDER BY id DESC LIMIT 1",
        ))
        .await?)
}

/// The slip of each of milestones `ids` that baseline `baseline` (named `name`) holds.
pub async fn slips(
    db: &Db,
    baseline: i64,
    name: &str,
    ids: &[i64],
) -> Result<Vec<(i64, Slip)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, NaiveDate, NaiveDate, NaiveDate)> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT e.milestone_id, e.start_date, e.due_date, m.due_date
                 FROM baseline_milestones e JOIN milestones m ON m.id = e.milestone_id
                 WHERE e.baseline_id = $1 AND e.milestone_id IN ({})",
                super::filter::id_list(ids)
            ))
            .bind(baseline),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, start, baseline_due, due)| {
            let slip = Slip {
                baseline: name.to_string(),
                baseline_start: start,
                baseline_due,
                days: crate::domain::baseline::slip_days(baseline_due, due),
            };
            (id, slip)
        })
        .collect())
}

/// Milestones in both (those `filter` matches; its status and page aside), by pillar and band
/// of slip.
pub async fn bands(
    db: &Db,
    baseline: i64,
    filter: &crate::model::MilestoneFilter,
) -> Result<Vec<(i64, SlipBand, i64)>, DbError> {
    let days = days_between(is_sqlite(db), "e.due_date", "m.due_date");
    let conditions = super::filter::milestones(filter, "m", 2);
    let rows: Vec<(i64, i64, i64)> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT m.pillar_id,
                        CAST(CASE WHEN {days} < 0 THEN 0 WHEN {days} = 0 THEN 1 WHEN {days} <= 30 THEN 2
                             WHEN {days} <= 90 THEN 3 ELSE 4 END AS BIGINT) AS band,
                        COUNT(*)
                 FROM baseline_milestones e JOIN milestones m ON m.id = e.milestone_id
                 WHERE e.baseline_id = $1 AND {}
                 GROUP BY m.pillar_id, band ORDER BY m.pillar_id, band",
                conditions.sql()
            ))
            .bind(baseline)
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(pillar, band, n)| {
            let band = *SlipBand::ALL.get(usize::try_from(band).ok()?)?;
            Some((pillar, band, n))
        })
        .collect())
}

/// The milestones whose due date moved, furthest first (at most [`LIST_ROWS`]), and how many.
pub async fn moved(db: &Db, baseline: i64) -> Result<(Vec<SlipRow>, i64), DbError> {
    let days = days_between(is_sqlite(db), "e.due_date", "m.due_date");
    let from = "FROM baseline_milestones e JOIN milestones m ON m.id = e.milestone_id
                WHERE e.baseline_id = $1 AND m.due_date <> e.due_date";
    let (total,): (i64,) = db
        .fetch_one(Statement::new(format!("SELECT COUNT(*) {from}")).bind(baseline))
        .await?;
    type Row = (
        i64,
        Option<String>,
        Option<i64>,
        String,
        NaiveDate,
        NaiveDate,
        i64,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT m.id, m.code_stem, m.code_number, m.title, e.due_date, m.due_date, {days}
                 {from} ORDER BY ABS({days}) DESC, m.id LIMIT {LIST_ROWS}"
            ))
            .bind(baseline),
        )
        .await?;
    Ok((
        rows.into_iter()
            .map(
                |(id, stem, number, title, baseline_due, due, days)| SlipRow {
                    id,
                    code: milestone_code::stored(stem.as_deref(), number),
                    title,
                    baseline_due,
                    due,
                    days,
                },
            )
            .collect(),
        total,
    ))
}

/// Milestones created since the baseline (newest first) and those it holds that are gone.
pub async fn added_and_removed(
    db: &Db,
    baseline: i64,
) -> Result<((Vec<PlanChange>, i64), (Vec<PlanChange>, i64)), DbError> {
    type Row = (Option<i64>, Option<String>, Option<i64>, String, NaiveDate);
    let change = |(id, stem, number, title, due): Row| PlanChange {
        id,
        code: milestone_code::stored(stem.as_deref(), number),
        title,
        due,
    };
    let added_from = "FROM milestones m WHERE NOT EXISTS
        (SELECT 1 FROM baseline_milestones e WHERE e.baseline_id = $1 AND e.milestone_id = m.id)";
    let removed_from = "FROM baseline_milestones e WHERE e.baseline_id = $1 AND NOT EXISTS
        (SELECT 1 FROM milestones m WHERE m.id = e.milestone_id)";
    let count = |from: &str| Statement::new(format!("SELECT COUNT(*) {from}")).bind(baseline);
    let (added_total,): (i64,) = db.fetch_one(count(added_from)).await?;
    let (removed_total,): (i64,) = db.fetch_one(count(removed_from)).await?;
    let added: Vec<Row> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT m.id, m.code_stem, m.code_number, m.title, m.due_date {added_from}
                 ORDER BY m.id DESC LIMIT {LIST_ROWS}"
            ))
            .bind(baseline),
        )
        .await?;
    let removed: Vec<Row> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT CAST(NULL AS BIGINT), e.code_stem, e.code_number, e.title, e.due_date
                 {removed_from} ORDER BY e.milestone_id LIMIT {LIST_ROWS}"
            ))
            .bind(baseline),
        )
        .await?;
    Ok((
        (added.into_iter().map(change).collect(), added_total),
        (removed.into_iter().map(change).collect(), removed_total),
    ))
}
