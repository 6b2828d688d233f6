//! Milestones in storage: the writes of a change, inside its transaction, and the reads it
//! checks against there. The pages' reads are in `queries` and `milestone_detail`.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::milestone_rules::MilestoneDraft;
use crate::model::{MilestoneId, ProjectId};

/// A milestone's editable fields as stored, with its version.
#[derive(sqlx::FromRow)]
pub struct Stored {
    pub title: String,
    pub description: String,
    pub phase_id: i64,
    pub pillar_id: i64,
    pub domain_id: Option<i64>,
    pub unit_id: i64,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub weight: i32,
    pub version: i64,
}

impl Stored {
    /// The stored fields as a draft, to compare with an edited one.
    pub fn draft(&self) -> MilestoneDraft {
        MilestoneDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            phase_id: self.phase_id,
            pillar_id: self.pillar_id,
            domain_id: self.domain_id,
            unit_id: self.unit_id,
            start_date: self.start_date,
            due_date: self.due_date,
            weight: self.weight.into(),
        }
    }
}

fn weight(draft: &MilestoneDraft) -> i32 {
    i32::try_from(draft.weight).unwrap_or(i32::MAX)
}

pub async fn stored(tx: &mut Tx, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT title, description, phase_id, pillar_id, domain_id, unit_id,
                    start_date, due_date, weight, version FROM milestones WHERE id = $1",
        )
        .bind(id),
    )
    .await
}

/// A stored milestone with its id and code, as a bulk edit reads it.
#[derive(sqlx::FromRow)]
pub struct StoredWithCode {
    pub id: i64,
    pub code_stem: Option<String>,
    pub code_number: Option<i64>,
    #[sqlx(flatten)]
    pub stored: Stored,
}

impl StoredWithCode {
    /// "YW-2025-014 政务外网 IPv6 改造", or the title alone before it is numbered.
    pub fn label(&self) -> String {
        match crate::domain::milestone_code::stored(self.code_stem.as_deref(), self.code_number) {
            Some(code) => format!("{code} {}", self.stored.title),
            None => self.stored.title.clone(),
        }
    }
}

/// Milestones `ids` (the bulk edit's bounded selection) in list order: due date, then id.
pub async fn stored_many(tx: &mut Tx, ids: &[i64]) -> Result<Vec<StoredWithCode>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let places: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    tx.fetch_all(
        Statement::new(format!(
            "SELECT id, code_stem, code_number, title, description, phase_id, pillar_id, domain_id,
                    unit_id, start_date, due_date, weight, version
             FROM milestones WHERE id IN ({}) ORDER BY due_date, id",
            places.join(", ")
        ))
        .bind_all(ids.iter().map(|id| (*id).into())),
    )
    .await
}

/// Gives every milestone without a code the next numbers of its stem (pillar abbreviation and
/// start year), in the order the milestones were created. The stem's highest number and the
/// new rows' order are read before any row changes, so numbers follow on without gaps.
fn number_new_sql(tx: &Tx) -> String {
    let year = match tx {
        Tx::Sqlite(_) => "substr(m.start_date, 1, 4)",
        Tx::Postgres(_) => "to_char(m.start_date, 'YYYY')",
    };
    format!(
        "UPDATE milestones SET code_stem = fresh.stem, code_number = fresh.number
         FROM (
             SELECT f.id, f.stem, f.n + COALESCE(top.number, 0) AS number
             FROM (
                 SELECT m.id, p.abbr || '-' || {year} AS stem,
                        ROW_NUMBER() OVER (PARTITION BY p.abbr, {year} ORDER BY m.id) AS n
                 FROM milestones m JOIN pillars p ON p.id = m.pillar_id
                 WHERE m.code_number IS NULL
             ) f
             LEFT JOIN (
                 SELECT code_stem, MAX(code_number) AS number FROM milestones
                 WHERE code_number IS NOT NULL GROUP BY code_stem
             ) top ON top.code_stem = f.stem
         ) AS fresh
         WHERE fresh.id = milestones.id"
    )
}

/// Numbers the milestones created in `tx` (see [`number_new_sql`]). On PostgreSQL two app
/// servers numbering at once would pick the same numbers, so they take turns.
pub async fn number_new(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(_) = tx {
        tx.execute(Statement::new(
            "SELECT pg_advisory_xact_lock(hashtext('milestone codes'))",
        ))
        .await?;
    }
    let sql = number_new_sql(tx);
    tx.execute(Statement::new(sql)).await?;
    Ok(())
}

/// Numbers every milestone without a code, in a transaction of its own (after a bulk load).
pub async fn number_all_new(db: &Db) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    number_new(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Inserts a validated draft into the roadmap, with its code; returns the new milestone's id.
pub async fn insert(tx: &mut Tx, draft: &MilestoneDraft) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO milestones (roadmap_id, phase_id, pillar_id, domain_id, unit_id, title, description,
                                         start_date, due_date, weight)
                 VALUES ((SELECT id FROM roadmaps ORDER BY id LIMIT 1), $1, $2, $3, $4, $5, $6, $7, $8, $9)
                 RETURNING id",
            )
            .bind(draft.phase_id)
            .bind(draft.pillar_id)
            .bind(draft.domain_id)
            .bind(draft.unit_id)
            .bind(&draft.title)
            .bind(&draft.description)
            .bind(draft.start_date)
            .bind(draft.due_date)
            .bind(weight(draft)),
        )
        .await?;
    number_new(tx).await?;
    Ok(id)
}

/// Saves a draft over milestone `id` if it is still at `expected` (the new version is one
/// more); false when someone saved first.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected: i64,
    draft: &MilestoneDraft,
) -> Result<bool, sqlx::Error> {
    let updated = tx
        .execute(
            Statement::new(
                "UPDATE milestones SET title = $1, description = $2, phase_id = $3, pillar_id = $4,
                    domain_id = $5, unit_id = $6, start_date = $7, due_date = $8, weight = $9, version = $10
                 WHERE id = $11 AND version = $12",
            )
            .bind(&draft.title)
            .bind(&draft.description)
            .bind(draft.phase_id)
            .bind(draft.pillar_id)
            .bind(draft.domain_id)
            .bind(draft.unit_id)
            .bind(draft.start_date)
            .bind(draft.due_date)
            .bind(weight(draft))
            .bind(expected + 1)
            .bind(id)
            .bind(expected),
        )
        .await?;
    Ok(updated > 0)
}

/// Deletes a milestone at `version`; its progress, problems, dependencies and project links go
/// with it (ON DELETE CASCADE).
pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("DELETE FROM milestones WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(version),
    )
    .await?;
    Ok(())
}

/// A milestone's percent and version.
pub async fn percent_and_version(tx: &mut Tx, id: i64) -> Result<Option<(i32, i64)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new("SELECT percent, version FROM milestones WHERE id = $1").bind(id),
    )
    .await
}

/// Appends a dated progress update.
pub async fn insert_progress(
    tx: &mut Tx,
    id: i64,
    reported_on: NaiveDate,
    percent: i32,
    note: &str,
    author: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let (progress_id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO milestone_progress (milestone_id, reported_on, percent, note, author_id)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(id)
            .bind(reported_on)
            .bind(percent)
            .bind(note)
            .bind(author),
        )
        .await?;
    Ok(progress_id)
}

/// The newest update by date: (percent, day).
pub async fn newest_progress(tx: &mut Tx, id: i64) -> Result<(i32, NaiveDate), sqlx::Error> {
    tx.fetch_one(
        Statement::new(
            "SELECT percent, reported_on FROM milestone_progress WHERE milestone_id = $1
             ORDER BY reported_on DESC, id DESC LIMIT 1",
        )
        .bind(id),
    )
    .await
}

/// Sets a milestone's percent, and the day it was completed (when it is at 100).
pub async fn set_percent(
    tx: &mut Tx,
    id: i64,
    percent: i32,
    completed_on: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("UPDATE milestones SET percent = $1, completed_on = $2 WHERE id = $3")
            .bind(percent)
            .bind(completed_on)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// The milestone with code `stem`-`number`.
pub async fn id_by_code(db: &Db, stem: &str, number: i64) -> Result<Option<i64>, DbError> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Statement::new("SELECT id FROM milestones WHERE code_stem = $1 AND code_number = $2")
                .bind(stem)
                .bind(number),
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn title(db: &Db, id: i64) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(Statement::new("SELECT title FROM milestones WHERE id = $1").bind(id))
        .await?;
    Ok(row.map(|(t,)| t))
}

/// Every dependency edge (milestone, depends on), read in the transaction that adds one.
pub async fn dependency_edges(tx: &mut Tx) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    tx.fetch_all(Statement::new(
        "SELECT milestone_id, depends_on_id FROM milestone_dependencies",
    ))
    .await
}

pub async fn add_dependency(tx: &mut Tx, id: i64, depends_on: i64) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO milestone_dependencies (milestone_id, depends_on_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(depends_on),
    )
    .await?;
    Ok(())
}

/// Removes a dependency; false when there was none.
pub async fn remove_dependency(tx: &mut Tx, id: i64, depends_on: i64) -> Result<bool, sqlx::Error> {
    let removed = tx
        .execute(
            Statement::new(
                "DELETE FROM milestone_dependencies WHERE milestone_id = $1 AND depends_on_id = $2",
            )
            .bind(id)
            .bind(depends_on),
        )
        .await?;
    Ok(removed > 0)
}

pub async fn project_name(tx: &mut Tx, project: ProjectId) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = tx
        .fetch_optional(Statement::new("SELECT name FROM projects WHERE id = $1").bind(project))
        .await?;
    Ok(row.map(|(n,)| n))
}

/// Links a project to a milestone; false when they were linked already.
pub async fn link_project(
    tx: &mut Tx,
    id: MilestoneId,
    project: ProjectId,
) -> Result<bool, sqlx::Error> {
    let linked: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT project_id FROM project_milestones WHERE project_id = $1 AND milestone_id = $2",
            )
            .bind(project)
            .bind(id),
        )
        .await?;
    if linked.is_some() {
        return Ok(false);
    }
    tx.execute(
        Statement::new("INSERT INTO project_milestones (project_id, milestone_id) VALUES ($1, $2)")
            .bind(project)
            .bind(id),
    )
    .await?;
    Ok(true)
}

/// Unlinks a project from a milestone; false when they were not linked.
pub async fn unlink_project(
    tx: &mut Tx,
    id: MilestoneId,
    project: ProjectId,
) -> Result<bool, sqlx::Error> {
    let removed = tx
        .execute(
            Statement::new(
                "DELETE FROM project_milestones WHERE project_id = $1 AND milestone_id = $2",
            )
            .bind(project)
            .bind(id),
        )
        .await?;
    Ok(removed > 0)
}
