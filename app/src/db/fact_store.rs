//! Every milestone's facts, kept in this app server's memory and brought up to date by reading
//! only what changed (migration 0011).
//!
//! The dashboard rolls up every milestone the filter admits. Reading 50,000 of them after each
//! change was most of a recompute; a progress update changes one. So the store holds the facts as
//! of a data version and, when the version moves, reads the milestones stamped after it — one
//! indexed query returning a handful of rows — and notices deletions by the count. Several app
//! servers sharing a PostgreSQL database each keep their own store; the stamps come from the
//! database, so each catches up with every server's writes.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use tokio::sync::Mutex;

use super::queries::{date_of_day_number, day_number_sql};
use super::{Db, DbError};
use crate::domain::status::{assess, Thresholds};
use crate::model::{MilestoneFact, MilestoneFilter};

/// One milestone as the dashboard rolls it up.
#[derive(Clone, Debug, PartialEq)]
struct Facts {
    phase_id: i64,
    pillar_id: i64,
    domain_id: Option<i64>,
    unit_id: i64,
    start_date: NaiveDate,
    due_date: NaiveDate,
    weight: i64,
    percent: i64,
}

impl Facts {
    /// Whether `filter` admits the milestone: the same test as [`super::filter::milestones`].
    fn admitted_by(&self, filter: &MilestoneFilter) -> bool {
        filter.phase.is_none_or(|id| id == self.phase_id)
            && filter.pillar.is_none_or(|id| id == self.pillar_id)
            && filter.domain.is_none_or(|id| Some(id) == self.domain_id)
            && filter.unit.is_none_or(|id| id == self.unit_id)
    }
}

/// The facts as of `version`, in the dashboard's order (due date, then id).
#[derive(Debug, Default)]
struct Snapshot {
    version: i64,
    by_due: BTreeMap<(NaiveDate, i64), Facts>,
    due_of: HashMap<i64, NaiveDate>,
}

impl Snapshot {
    fn put(&mut self, id: i64, facts: Facts) {
        if let Some(due) = self.due_of.insert(id, facts.due_date) {
            self.by_due.remove(&(due, id));
        }
        self.by_due.insert((facts.due_date, id), facts);
    }
}

/// What one read of the database returned: the version read, the milestones stamped after the
/// snapshot's version, and how many milestones there are.
struct Delta {
    version: i64,
    changed: Vec<(i64, Facts)>,
    count: usize,
}

#[derive(Debug, Default)]
pub struct FactStore {
    snapshot: Mutex<Option<Snapshot>>,
}

impl FactStore {
    /// Reads every milestone's facts now (at start-up), so that the first dashboard need not.
    pub async fn warm(&self, db: &Db) -> Result<(), DbError> {
        let mut guard = self.snapshot.lock().await;
        if guard.is_none() {
            *guard = Some(load(db).await?);
        }
        Ok(())
    }

    /// The current facts of the milestones `filter` admits, assessed on `day`, by due date.
    pub async fn facts(
        &self,
        db: &Db,
        filter: &MilestoneFilter,
        day: NaiveDate,
        thresholds: &Thresholds,
    ) -> Result<Vec<MilestoneFact>, DbError> {
        let mut guard = self.snapshot.lock().await;
        let snapshot = match guard.take() {
            Some(snapshot) => catch_up(db, snapshot).await?,
            None => load(db).await?,
        };
        let mut facts = Vec::with_capacity(if filter.is_empty() {
            snapshot.by_due.len()
        } else {
            0
        });
        facts.extend(
            snapshot
                .by_due
                .iter()
                .filter(|(_, f)| f.admitted_by(filter))
                .map(|(&(_, id), f)| MilestoneFact {
                    id,
                    phase_id: f.phase_id,
                    pillar_id: f.pillar_id,
                    unit_id: f.unit_id,
                    start_date: f.start_date,
                    due_date: f.due_date,
                    percent: f.percent,
                    weight: f.weight,
                    assessment: assess(f.start_date, f.due_date, f.percent, day, thresholds),
                }),
        );
        *guard = Some(snapshot);
        Ok(facts)
    }
}

/// Every milestone's facts, read afresh.
async fn load(db: &Db) -> Result<Snapshot, DbError> {
    let delta = read_since(db, None).await?;
    let mut snapshot = Snapshot {
        version: delta.version,
        ..Snapshot::default()
    };
    for (id, facts) in delta.changed {
        snapshot.put(id, facts);
    }
    Ok(snapshot)
}

/// `snapshot` brought up to the current version by reading what changed since its own.
async fn catch_up(db: &Db, mut snapshot: Snapshot) -> Result<Snapshot, DbError> {
    let current = super::queries::data_version(db).await?;
    if current == snapshot.version {
        return Ok(snapshot);
    }
    // A version behind the one held: the database was replaced (a restore), not moved on.
    if current < snapshot.version {
        return load(db).await;
    }
    let delta = read_since(db, Some(snapshot.version)).await?;
    snapshot.version = delta.version;
    for (id, facts) in delta.changed {
        snapshot.put(id, facts);
    }
    // Every milestone that exists is now in the snapshot; one more means one was deleted.
    if snapshot.due_of.len() != delta.count {
        return load(db).await;
    }
    Ok(snapshot)
}

/// The version, the milestones stamped after `since` (all of them when `None`) and the count,
/// read from one snapshot of the database so that they agree with each other.
async fn read_since(db: &Db, since: Option<i64>) -> Result<Delta, DbError> {
    let changed_sql = format!(
        "SELECT id, phase_id, pillar_id, domain_id, unit_id, {}, {}, weight, percent
         FROM milestones WHERE fact_version > $1",
        day_number_sql(db, "start_date"),
        day_number_sql(db, "due_date"),
    );
    type Record = (i64, i64, i64, Option<i64>, i64, i32, i32, i32, i32);
    const VERSION: &str = "SELECT version FROM data_version WHERE id = 1";
    const COUNT: &str = "SELECT COUNT(*) FROM milestones";
    // Stamps start at 0 for milestones that predate them.
    let since = since.unwrap_or(-1);
    macro_rules! read {
        ($tx:ident) => {{
            let (version,): (i64,) = sqlx::query_as(VERSION).fetch_one(&mut *$tx).await?;
            let records: Vec<Record> = sqlx::query_as(&changed_sql)
                .bind(since)
                .fetch_all(&mut *$tx)
                .await?;
            let (count,): (i64,) = sqlx::query_as(COUNT).fetch_one(&mut *$tx).await?;
            $tx.commit().await?;
            (version, records, count)
        }};
    }
    let (version, records, count) = match db {
        // A read transaction on SQLite sees one snapshot from its first read on.
        Db::Sqlite(pool) => {
            let mut tx = pool.begin().await?;
            read!(tx)
        }
        Db::Postgres(pool) => {
            let mut tx = pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?;
            read!(tx)
        }
    };
    Ok(Delta {
        version,
        changed: records
            .into_iter()
            .map(
                |(id, phase_id, pillar_id, domain_id, unit_id, start, due, weight, percent)| {
                    (
                        id,
                        Facts {
                            phase_id,
                            pillar_id,
                            domain_id,
                            unit_id,
                            start_date: date_of_day_number(start),
                            due_date: date_of_day_number(due),
                            weight: weight.into(),
                            percent: percent.into(),
                        },
                    )
                },
            )
            .collect(),
        count: usize::try_from(count).unwrap_or(0),
    })
}
