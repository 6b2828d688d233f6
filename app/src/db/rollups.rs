//! Roll-ups the write transactions keep current (migration 0010), read in place of scanning the
//! whole history, and the full recomputation they must always equal.
//!
//! The burn-up's monthly gains (each progress report's weight × change of percent) are summed per
//! milestone group and month by triggers on `milestone_progress` and `milestones`, so the dashboard
//! reads a few thousand summed rows instead of running a window over every report. The
//! recomputation ([`monthly_gains_recomputed`], [`gains_table_recomputed`]) is the definition they
//! are tested against. The investment roll-up (each year's planned and completed investment per
//! project group) is kept the same way, for today's investment chart and totals.

use chrono::{Datelike, NaiveDate};

use super::{filter, with_pool, Db, DbError};
use crate::model::MilestoneFilter;

/// (year, month, Σ weight × change of percent) of the progress reported that month.
pub type MonthlyGain = (i32, u32, i64);

/// One row of the gains table: (pillar, phase, unit, domain or 0, `year * 100 + month`, gain).
pub type GainRow = (i64, i64, i64, i64, i32, i64);

/// Each month's weighted gain over the milestones `filter` picks, counting the reports made up to
/// `day`, from the kept roll-up: the months up to `day`'s, less the reports of that month dated
/// after `day` (none on most days; the rest of the month for an "as of" day).
pub async fn monthly_gains(
    db: &Db,
    filter: &MilestoneFilter,
    day: NaiveDate,
) -> Result<Vec<MonthlyGain>, DbError> {
    let month = month_key(day);
    let groups = filter::milestones(filter, "g", 2);
    let sql = format!(
        "SELECT g.month, CAST(SUM(g.gain) AS BIGINT) FROM rollup_progress_gains g
         WHERE g.month <= $1 AND {} GROUP BY g.month ORDER BY g.month",
        groups.sql()
    );
    let months: Vec<(i32, i64)> = with_pool!(db, pool => {
        groups.bind(sqlx::query_as(&sql).bind(month)).fetch_all(pool).await?
    });
    let later = filter::milestones(filter, "m", 3);
    let later_sql = format!(
        "SELECT CAST(COALESCE(SUM(m.weight * (p.percent - COALESCE((
                SELECT q.percent FROM milestone_progress q
                WHERE q.milestone_id = p.milestone_id
                  AND (q.reported_on < p.reported_on OR (q.reported_on = p.reported_on AND q.id < p.id))
                ORDER BY q.reported_on DESC, q.id DESC LIMIT 1), 0))), 0) AS BIGINT)
         FROM milestone_progress p JOIN milestones m ON m.id = p.milestone_id
         WHERE p.reported_on > $1 AND p.reported_on <= $2 AND {}",
        later.sql()
    );
    let (after_day,): (i64,) = with_pool!(db, pool => {
        later
            .bind(sqlx::query_as(&later_sql).bind(day).bind(last_of_month(day)))
            .fetch_one(pool)
            .await?
    });
    Ok(months
        .into_iter()
        .filter_map(|(key, gain)| {
            let gain = if key == month { gain - after_day } else { gain };
            Some((key / 100, u32::try_from(key % 100).ok()?, gain))
        })
        .filter(|&(_, _, gain)| gain != 0)
        .collect())
}

/// The same figures recomputed from every report, with a window over each milestone's history:
/// what [`monthly_gains`] must equal.
pub async fn monthly_gains_recomputed(
    db: &Db,
    filter: &MilestoneFilter,
    day: NaiveDate,
) -> Result<Vec<MonthlyGain>, DbError> {
    let conditions = filter::milestones(filter, "m", 2);
    let sql = format!(
        "SELECT month, CAST(SUM(gain) AS BIGINT) FROM (
             SELECT {month} AS month,
                    m.weight * (p.percent - LAG(p.percent, 1, 0)
                        OVER (PARTITION BY p.milestone_id ORDER BY p.reported_on, p.id)) AS gain
             FROM milestone_progress p JOIN milestones m ON m.id = p.milestone_id
             WHERE {} AND p.reported_on <= $1
         ) g GROUP BY month ORDER BY month",
        conditions.sql(),
        month = month_sql(db, "p.reported_on"),
    );
    let months: Vec<(i32, i64)> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(day)).fetch_all(pool).await?
    });
    Ok(months
        .into_iter()
        .filter(|&(_, gain)| gain != 0)
        .filter_map(|(key, gain)| Some((key / 100, u32::try_from(key % 100).ok()?, gain)))
        .collect())
}

/// The gains table as kept, without its zero rows, in key order.
pub async fn gains_table(db: &Db) -> Result<Vec<GainRow>, DbError> {
    let rows = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT pillar_id, phase_id, unit_id, domain_id, month, gain FROM rollup_progress_gains
             WHERE gain <> 0 ORDER BY pillar_id, phase_id, unit_id, domain_id, month",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows)
}

/// The gains table recomputed from every report and milestone, in the same form as
/// [`gains_table`].
pub async fn gains_table_recomputed(db: &Db) -> Result<Vec<GainRow>, DbError> {
    let sql = format!(
        "SELECT pillar_id, phase_id, unit_id, domain_id, month, gain FROM (
             SELECT m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0) AS domain_id, g.month,
                    CAST(SUM(m.weight * g.change) AS BIGINT) AS gain
             FROM (
                 SELECT p.milestone_id, {month} AS month,
                        p.percent - LAG(p.percent, 1, 0)
                            OVER (PARTITION BY p.milestone_id ORDER BY p.reported_on, p.id) AS change
                 FROM milestone_progress p
             ) g JOIN milestones m ON m.id = g.milestone_id
             GROUP BY m.pillar_id, m.phase_id, m.unit_id, COALESCE(m.domain_id, 0), g.month
         ) r WHERE gain <> 0 ORDER BY pillar_id, phase_id, unit_id, domain_id, month",
        month = month_sql(db, "p.reported_on"),
    );
    let rows = with_pool!(db, pool => { sqlx::query_as(&sql).fetch_all(pool).await? });
    Ok(rows)
}

/// One row of the investment roll-up: (year, pillar or 0, unit, domain or 0, planned, completed).
pub type InvestmentRollupRow = (i32, i64, i64, i64, i64, i64);

/// The investment roll-up as kept, without its empty rows, in key order.
pub async fn investment_table(db: &Db) -> Result<Vec<InvestmentRollupRow>, DbError> {
    let rows = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT year, pillar_id, unit_id, domain_id, planned, completed FROM rollup_investment
             WHERE planned <> 0 OR completed <> 0 ORDER BY year, pillar_id, unit_id, domain_id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows)
}

/// The investment roll-up recomputed from the ledger and the projects.
pub async fn investment_table_recomputed(db: &Db) -> Result<Vec<InvestmentRollupRow>, DbError> {
    let rows = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT year, pillar_id, unit_id, domain_id, planned, completed FROM (
                 SELECT l.year, COALESCE(p.pillar_id, 0) AS pillar_id, p.unit_id,
                        COALESCE(p.domain_id, 0) AS domain_id,
                        CAST(SUM(l.planned) AS BIGINT) AS planned, CAST(SUM(l.completed) AS BIGINT) AS completed
                 FROM investment_ledger l JOIN projects p ON p.id = l.project_id
                 GROUP BY l.year, COALESCE(p.pillar_id, 0), p.unit_id, COALESCE(p.domain_id, 0)
             ) r WHERE planned <> 0 OR completed <> 0 ORDER BY year, pillar_id, unit_id, domain_id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows)
}

/// `year * 100 + month` of a date column, as the migration's triggers compute it.
fn month_sql(db: &Db, column: &str) -> String {
    match db {
        Db::Sqlite(_) => format!(
            "(CAST(substr({column}, 1, 4) AS INTEGER) * 100 + CAST(substr({column}, 6, 2) AS INTEGER))"
        ),
        Db::Postgres(_) => format!("rollup_month({column})"),
    }
}

fn month_key(day: NaiveDate) -> i32 {
    day.year() * 100 + day.month() as i32
}

fn last_of_month(day: NaiveDate) -> NaiveDate {
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_keyed_and_end_where_the_calendar_says() {
        assert_eq!(month_key(d(2026, 3, 9)), 202603);
        assert_eq!(last_of_month(d(2024, 2, 10)), d(2024, 2, 29));
        assert_eq!(last_of_month(d(2025, 12, 31)), d(2025, 12, 31));
        assert_eq!(last_of_month(d(2026, 4, 1)), d(2026, 4, 30));
    }
}
