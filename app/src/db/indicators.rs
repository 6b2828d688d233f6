//! Indicators (指标) in storage: their definitions and yearly targets, entered values, and the
//! values counted from the activity ledger or computed from the tracker's own data.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::indicators::{
    standing, Aggregate, ComputedKey, IndicatorDraft, IndicatorPeriod, Source, ValueDraft,
};
use crate::model::{DashboardFilter, IndicatorView};

/// Indicators on one page at most; a county keeps a few dozen.
pub const LIST_LIMIT: i64 = 200;
/// Periods in a sparkline.
const TREND_PERIODS: usize = 12;

/// An indicator's definition as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub version: i64,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    pub higher_is_better: bool,
    pub period: String,
    pub aggregate: String,
    pub source: String,
    pub activity_type_id: Option<i64>,
    pub computed: Option<String>,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub pinned: bool,
}

impl IndicatorRow {
    pub fn period(&self) -> IndicatorPeriod {
        IndicatorPeriod::from_code(&self.period).unwrap_or(IndicatorPeriod::Month)
    }

    pub fn aggregate(&self) -> Aggregate {
        Aggregate::from_code(&self.aggregate).unwrap_or(Aggregate::Sum)
    }

    pub fn source(&self) -> Source {
        Source::from_columns(
            &self.source,
            self.activity_type_id,
            self.computed.as_deref(),
        )
    }
}

const INDICATOR_SELECT: &str = "SELECT i.id, i.version, i.name_zh, i.name_en, i.measure,
        i.higher_is_better, i.period, i.aggregate, i.source, i.activity_type_id, i.computed,
        i.pillar_id, i.domain_id, i.unit_id, u.name AS unit_name, i.pinned
     FROM indicators i LEFT JOIN units u ON u.id = i.unit_id";

/// The indicators for the filter's pillar, domain and unit (an indicator with none set is the
/// whole programme's and always shows); only the pinned ones when `pinned_only`.
pub async fn list(
    db: &Db,
    filter: &DashboardFilter,
    pinned_only: bool,
) -> Result<Vec<IndicatorRow>, DbError> {
    let sql = format!(
        "{INDICATOR_SELECT}
         WHERE ($1 IS NULL OR i.pillar_id IS NULL OR i.pillar_id = $1)
           AND ($2 IS NULL OR i.domain_id IS NULL OR i.domain_id = $2)
           AND ($3 IS NULL OR i.unit_id IS NULL OR i.unit_id = $3)
           AND ($4 = FALSE OR i.pinned = TRUE)
         ORDER BY i.pillar_id IS NULL, i.pillar_id, i.id LIMIT $5"
    );
    Ok(db
        .fetch_all(
            Statement::new(sql)
                .bind(filter.pillar)
                .bind(filter.domain)
                .bind(filter.unit)
                .bind(pinned_only)
                .bind(LIST_LIMIT),
        )
        .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<IndicatorRow>, DbError> {
    Ok(db
        .fetch_optional(Statement::new(format!("{INDICATOR_SELECT} WHERE i.id = $1")).bind(id))
        .await?)
}

pub async fn name_taken(db: &Db, name_zh: &str, except: Option<i64>) -> Result<bool, DbError> {
    let (n,): (i64,) = db
        .fetch_one(
            Statement::new(
                "SELECT COUNT(*) FROM indicators WHERE name_zh = $1 AND ($2 IS NULL OR id <> $2)",
            )
            .bind(name_zh)
            .bind(except),
        )
        .await?;
    Ok(n > 0)
}

/// The columns of a definition, bound from `$1` to `$12`.
fn bind_draft(statement: Statement, draft: &IndicatorDraft) -> Statement {
    let (activity_type, computed) = match draft.source {
        Source::Entered => (None, None),
        Source::Ledger(id) => (Some(id), None),
        Source::Computed(key) => (None, Some(key.code())),
    };
    statement
        .bind(draft.name_zh.as_str())
        .bind(draft.name_en.as_str())
        .bind(draft.measure.as_str())
        .bind(draft.higher_is_better)
        .bind(draft.period.code())
        .bind(draft.aggregate.code())
        .bind(draft.source.column())
        .bind(activity_type)
        .bind(computed)
        .bind(draft.pillar_id)
        .bind(draft.domain_id)
        .bind(draft.unit_id)
        .bind(draft.pinned)
}

pub async fn insert(tx: &mut Tx, draft: &IndicatorDraft) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(bind_draft(
            Statement::new(
                "INSERT INTO indicators (name_zh, name_en, measure, higher_is_better, period,
                    aggregate, source, activity_type_id, computed, pillar_id, domain_id, unit_id,
                    pinned)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            ),
            draft,
        ))
        .await?;
    if let Some((year, target)) = draft.target {
        set_target(tx, id, year, target).await?;
    }
    Ok(id)
}

/// Saves an edited definition if its version is still `expected_version`; false otherwise.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    draft: &IndicatorDraft,
) -> Result<bool, sqlx::Error> {
    let changed = tx
        .execute(
            bind_draft(
                Statement::new(
                    "UPDATE indicators SET name_zh = $1, name_en = $2, measure = $3,
                        higher_is_better = $4, period = $5, aggregate = $6, source = $7,
                        activity_type_id = $8, computed = $9, pillar_id = $10, domain_id = $11,
                        unit_id = $12, pinned = $13, version = version + 1
                     WHERE id = $14 AND version = $15",
                ),
                draft,
            )
            .bind(id)
            .bind(expected_version),
        )
        .await?;
    if changed == 1 {
        if let Some((year, target)) = draft.target {
            set_target(tx, id, year, target).await?;
        }
    }
    Ok(changed == 1)
}

async fn set_target(tx: &mut Tx, id: i64, year: i32, target: i64) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO indicator_targets (indicator_id, year, target) VALUES ($1, $2, $3)
             ON CONFLICT (indicator_id, year) DO UPDATE SET target = excluded.target",
        )
        .bind(id)
        .bind(year)
        .bind(target),
    )
    .await?;
    Ok(())
}

/// Every indicator's target for `year`, by indicator.
pub async fn targets(db: &Db, year: i32) -> Result<BTreeMap<i64, i64>, DbError> {
    let rows: Vec<(i64, i64)> = db
        .fetch_all(
            Statement::new("SELECT indicator_id, target FROM indicator_targets WHERE year = $1")
                .bind(year),
        )
        .await?;
    Ok(rows.into_iter().collect())
}

/// The entered value of a period, if any: (value, note).
pub async fn entered_value(
    db: &Db,
    id: i64,
    starts_on: NaiveDate,
) -> Result<Option<(i64, String)>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(
                "SELECT value, note FROM indicator_values WHERE indicator_id = $1 AND starts_on = $2",
            )
            .bind(id)
            .bind(starts_on),
        )
        .await?)
}

/// Records a period's value, replacing an earlier one.
pub async fn record_value(
    tx: &mut Tx,
    id: i64,
    draft: &ValueDraft,
    by: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO indicator_values (indicator_id, starts_on, value, note, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (indicator_id, starts_on) DO UPDATE SET value = excluded.value,
                note = excluded.note, recorded_by = excluded.recorded_by,
                recorded_at = excluded.recorded_at, version = indicator_values.version + 1",
        )
        .bind(id)
        .bind(draft.starts_on)
        .bind(draft.value)
        .bind(draft.note.as_str())
        .bind(by)
        .bind(at),
    )
    .await?;
    Ok(())
}

/// The values of the periods of each of `rows` that overlap `from..=to`, oldest first, by
/// indicator: entered, counted from the ledger, or computed. A period without a value is left
/// out. Levels computed from the tracker's present state (projects, units surveyed) have one
/// value, in the period of `to`. The entered values of all rows are read in one query, the ledger
/// counts in another, and each computed figure once, however many indicators there are.
pub async fn values_of(
    db: &Db,
    rows: &[IndicatorRow],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, Vec<(NaiveDate, i64)>>, DbError> {
    // A period that begins before `from` counts whole: read from the earliest period start.
    let from = rows
        .iter()
        .map(|r| r.period().start_of(from))
        .min()
        .unwrap_or(from);
    let placeholders = |n: usize| {
        (0..n)
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let entered: Vec<i64> = rows
        .iter()
        .filter(|r| r.source() == Source::Entered)
        .map(|r| r.id)
        .collect();
    let mut entered_values: HashMap<i64, Vec<(NaiveDate, i64)>> = HashMap::new();
    if !entered.is_empty() {
        let found: Vec<(i64, NaiveDate, i64)> = db
            .fetch_all(
                Statement::new(format!(
                    "SELECT indicator_id, starts_on, value FROM indicator_values
                     WHERE starts_on >= $1 AND starts_on <= $2 AND indicator_id IN ({})",
                    placeholders(entered.len())
                ))
                .bind(from)
                .bind(to)
                .bind_all(entered.iter().map(|id| (*id).into())),
            )
            .await?;
        for (id, day, value) in found {
            entered_values.entry(id).or_default().push((day, value));
        }
    }
    let mut types: Vec<i64> = rows
        .iter()
        .filter_map(|r| match r.source() {
            Source::Ledger(type_id) => Some(type_id),
            _ => None,
        })
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut ledger_counts: HashMap<i64, Vec<(NaiveDate, i64)>> = HashMap::new();
    if !types.is_empty() {
        let found: Vec<(i64, NaiveDate, i64)> = db
            .fetch_all(
                Statement::new(format!(
                    "SELECT type_id, held_on, CAST(COUNT(*) * 100 AS BIGINT) FROM activities
                     WHERE held_on >= $1 AND held_on <= $2 AND type_id IN ({})
                     GROUP BY type_id, held_on",
                    placeholders(types.len())
                ))
                .bind(from)
                .bind(to)
                .bind_all(types.iter().map(|id| (*id).into())),
            )
            .await?;
        for (type_id, day, count) in found {
            ledger_counts.entry(type_id).or_default().push((day, count));
        }
    }
    let mut computed_values: HashMap<&'static str, Vec<(NaiveDate, i64)>> = HashMap::new();
    for row in rows {
        if let Source::Computed(key) = row.source() {
            if !computed_values.contains_key(key.code()) {
                computed_values.insert(key.code(), computed(db, key, from, to).await?);
            }
        }
    }
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let dated = match row.source() {
            Source::Entered => entered_values.get(&row.id),
            Source::Ledger(type_id) => ledger_counts.get(&type_id),
            Source::Computed(key) => computed_values.get(key.code()),
        };
        let period = row.period();
        let mut by_period: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for (day, value) in dated.into_iter().flatten() {
            *by_period.entry(period.start_of(*day)).or_default() += value;
        }
        out.insert(row.id, by_period.into_iter().collect());
    }
    Ok(out)
}

/// Dated amounts behind a computed figure, in hundredths, one row per day (summed in SQL: a
/// year of completions is tens of thousands of rows otherwise).
async fn computed(
    db: &Db,
    key: ComputedKey,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, DbError> {
    let events = |sql: &'static str| Statement::new(sql).bind(from).bind(to);
    Ok(match key {
        ComputedKey::MilestonesCompleted => {
            db.fetch_all(events(
                "SELECT completed_on, CAST(COUNT(*) * 100 AS BIGINT) FROM milestones
                 WHERE completed_on >= $1 AND completed_on <= $2
                 GROUP BY completed_on",
            ))
            .await?
        }
        ComputedKey::ProblemsClosed => {
            db.fetch_all(events(
                "SELECT closed_on, CAST(COUNT(*) * 100 AS BIGINT) FROM problems
                 WHERE status = 'closed' AND closed_on >= $1 AND closed_on <= $2
                 GROUP BY closed_on",
            ))
            .await?
        }
        ComputedKey::InvestmentCompleted => {
            let (first, last) = (month_key(from), month_key(to));
            let rows: Vec<(i32, i32, i64)> = db
                .fetch_all(
                    Statement::new(
                        "SELECT year, month, CAST(SUM(completed) AS BIGINT) FROM investment_ledger
                         WHERE year * 100 + month >= $1 AND year * 100 + month <= $2
                         GROUP BY year, month",
                    )
                    .bind(first)
                    .bind(last),
                )
                .await?;
            rows.into_iter()
                .filter_map(|(y, m, amount)| {
                    Some((
                        NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, 1)?,
                        amount,
                    ))
                })
                .collect()
        }
        ComputedKey::MajorProjects => {
            let (n,): (i64,) = db
                .fetch_one(Statement::new(
                    "SELECT COUNT(*) FROM projects WHERE kind = 'major' AND archived_on IS NULL",
                ))
                .await?;
            vec![(to, n * 100)]
        }
        ComputedKey::UnitsSurveyed => {
            let (n,): (i64,) = db
                .fetch_one(Statement::new(
                    "SELECT COUNT(DISTINCT unit_id) FROM projects WHERE kind = 'information'",
                ))
                .await?;
            vec![(to, n * 100)]
        }
    })
}

fn month_key(day: NaiveDate) -> i32 {
    day.year() * 100 + i32::try_from(day.month()).unwrap_or(1)
}

/// The views of `rows` on `day`: the year's figure, target, 序时 position and sparkline.
pub async fn views(
    db: &Db,
    rows: Vec<IndicatorRow>,
    day: NaiveDate,
) -> Result<Vec<IndicatorView>, DbError> {
    let year = day.year();
    let targets = targets(db, year).await?;
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(day);
    // The sparklines reach back at most 12 periods, and at least to 1 January.
    let trend_from = |row: &IndicatorRow| {
        row.period()
            .starts_between(year_start - chrono::Months::new(24), day)
            .into_iter()
            .rev()
            .nth(TREND_PERIODS - 1)
            .unwrap_or(year_start)
            .min(year_start)
    };
    let from = rows.iter().map(trend_from).min().unwrap_or(year_start);
    let mut values = values_of(db, &rows, from, day).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let row_from = trend_from(&row);
        let all: Vec<(NaiveDate, i64)> = values
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|(start, _)| *start >= row_from)
            .collect();
        let this_year: Vec<(NaiveDate, i64)> = all
            .iter()
            .copied()
            .filter(|(start, _)| *start >= year_start)
            .collect();
        let target = targets.get(&row.id).copied();
        let standing = standing(
            row.aggregate(),
            row.higher_is_better,
            &this_year,
            target,
            day,
        );
        let trend = all[all.len().saturating_sub(TREND_PERIODS)..].to_vec();
        views.push(IndicatorView {
            id: row.id,
            version: row.version,
            period: row.period.clone(),
            aggregate: row.aggregate.clone(),
            source: row.source().code(),
            name_zh: row.name_zh,
            name_en: row.name_en,
            measure: row.measure,
            higher_is_better: row.higher_is_better,
            pillar_id: row.pillar_id,
            domain_id: row.domain_id,
            unit_id: row.unit_id,
            unit_name: row.unit_name,
            pinned: row.pinned,
            year,
            value: standing.value,
            target: standing.target,
            expected: standing.expected,
            on_track: standing.on_track,
            trend,
            values: Vec::new(),
        });
    }
    Ok(views)
}

/// The entered indicators a unit owns: what it reports in its monthly rounds.
pub async fn entered_of_unit(db: &Db, unit_id: i64) -> Result<Vec<IndicatorRow>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(format!(
                "{INDICATOR_SELECT} WHERE i.unit_id = $1 AND i.source = 'entered'
                 ORDER BY i.id LIMIT $2"
            ))
            .bind(unit_id)
            .bind(LIST_LIMIT),
        )
        .await?)
}

/// A round's indicator values of a unit: (indicator, value, note).
pub async fn round_entries(
    db: &Db,
    round_id: i64,
    unit_id: i64,
) -> Result<Vec<(i64, i64, String)>, DbError> {
    Ok(db
        .fetch_all(round_entries_statement(round_id, unit_id))
        .await?)
}

/// The same, inside the acceptance's transaction.
pub async fn round_entries_in(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    tx.fetch_all(round_entries_statement(round_id, unit_id))
        .await
}

fn round_entries_statement(round_id: i64, unit_id: i64) -> Statement {
    Statement::new(
        "SELECT indicator_id, value, note FROM submission_indicator_values
         WHERE round_id = $1 AND unit_id = $2 ORDER BY indicator_id",
    )
    .bind(round_id)
    .bind(unit_id)
}

/// Saves a unit's draft value for a round, replacing an earlier one.
#[allow(clippy::too_many_arguments)]
pub async fn save_round_entry(
    tx: &mut Tx,
    round_id: i64,
    unit_id: i64,
    indicator_id: i64,
    value: i64,
    note: &str,
    by: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO submission_indicator_values
                (round_id, unit_id, indicator_id, value, note, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (round_id, indicator_id) DO UPDATE SET value = excluded.value,
                note = excluded.note, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at",
        )
        .bind(round_id)
        .bind(unit_id)
        .bind(indicator_id)
        .bind(value)
        .bind(note)
        .bind(by)
        .bind(at),
    )
    .await?;
    Ok(())
}

/// The indicator a recorded value belongs to.
pub async fn indicator_of_value(db: &Db, value_id: i64) -> Result<Option<IndicatorRow>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(format!(
                "{INDICATOR_SELECT} WHERE i.id = (SELECT indicator_id FROM indicator_values WHERE id = $1)"
            ))
            .bind(value_id),
        )
        .await?)
}

/// A recorded value: (id, indicator, period start, value, note).
pub type RecordedValue = (i64, i64, NaiveDate, i64, String);

/// The recorded values of the indicators `ids` from `from` on, newest first, in one query; at most
/// 24 an indicator.
pub async fn entered_values(
    db: &Db,
    ids: &[i64],
    from: NaiveDate,
) -> Result<Vec<RecordedValue>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let rows: Vec<RecordedValue> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT id, indicator_id, starts_on, value, note FROM indicator_values
                 WHERE starts_on >= $1 AND indicator_id IN ({})
                 ORDER BY indicator_id, starts_on DESC",
                placeholders.join(", ")
            ))
            .bind(from)
            .bind_all(ids.iter().map(|id| (*id).into())),
        )
        .await?;
    let per_indicator = TREND_PERIODS * 2;
    let mut kept: HashMap<i64, usize> = HashMap::new();
    Ok(rows
        .into_iter()
        .filter(|(_, indicator, ..)| {
            let n = kept.entry(*indicator).or_default();
            *n += 1;
            *n <= per_indicator
        })
        .collect())
}
