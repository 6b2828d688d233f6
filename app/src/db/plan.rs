//! The milestone plan as a file: what the export reads a batch at a time, and what an import is
//! planned against (every milestone with its code, the dependency edges, the project links and
//! the projects a row may name).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::filter::{self, id_list};
use super::queries::status_rank_sql;
use super::tx::Statement;
use super::{with_pool, Db, DbError};
use crate::domain::milestone_code;
use crate::domain::milestone_rules::MilestoneDraft;
use crate::domain::plan_sheet::{ProjectRef, StoredMilestone};
use crate::domain::status::Thresholds;
use crate::model::MilestoneFilter;

/// One milestone as the plan file shows it, before its lists are added.
#[derive(sqlx::FromRow)]
pub struct PlanRecord {
    pub id: i64,
    pub code_stem: Option<String>,
    pub code_number: Option<i64>,
    pub phase: String,
    pub pillar: String,
    pub domain: Option<String>,
    pub unit: String,
    pub title: String,
    pub description: String,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub weight: i32,
    pub percent: i32,
}

impl PlanRecord {
    pub fn code(&self) -> Option<String> {
        milestone_code::stored(self.code_stem.as_deref(), self.code_number)
    }
}

/// Up to `limit` milestones matching `filter` (status included, page ignored) after `after`
/// (due date, id), in that order: an export reads the plan a batch at a time.
pub async fn export_batch(
    db: &Db,
    filter: &MilestoneFilter,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Result<Vec<PlanRecord>, DbError> {
    // $1 the day, $2 and $3 the thresholds, $4 and $5 the last row read, $6 the limit.
    let rank = status_rank_sql(db, 1, 2, 3);
    let conditions = filter::milestones(filter, "m", 7)
        .equals(&rank, filter.status.map(super::queries::status_rank));
    let sql = format!(
        "SELECT m.id, m.code_stem, m.code_number, ph.name_zh AS phase, pl.name_zh AS pillar,
                d.name_zh AS domain, u.name AS unit, m.title, m.description,
                m.start_date, m.due_date, m.weight, m.percent
         FROM milestones m
         JOIN phases ph ON ph.id = m.phase_id
         JOIN pillars pl ON pl.id = m.pillar_id
         LEFT JOIN domains d ON d.id = m.domain_id
         JOIN units u ON u.id = m.unit_id
         WHERE ($4 IS NULL OR m.due_date > $4 OR (m.due_date = $4 AND m.id > $5)) AND {}
         ORDER BY m.due_date, m.id LIMIT $6",
        conditions.sql()
    );
    let (day, id) = after.unzip();
    let rows = with_pool!(db, pool => {
        conditions
            .bind(
                sqlx::query_as(&sql)
                    .bind(today)
                    .bind(thresholds.yellow_points)
                    .bind(thresholds.red_points)
                    .bind(day)
                    .bind(id)
                    .bind(limit),
            )
            .fetch_all(pool)
            .await?
    });
    Ok(rows)
}

/// What the plan file lists for each milestone of a batch.
#[derive(Default)]
pub struct PlanLists {
    /// Milestone → the codes (else titles) of the milestones it depends on.
    pub depends_on: HashMap<i64, Vec<String>>,
    /// Milestone → the codes (else names) of its projects.
    pub projects: HashMap<i64, Vec<String>>,
    /// Milestone → its newest progress report: (day, percent, note).
    pub latest: HashMap<i64, (NaiveDate, i32, String)>,
    /// Milestone → its problems not closed, oldest first.
    pub open_problems: HashMap<i64, Vec<String>>,
}

/// The lists of milestones `ids` (ids read from the database), four queries a batch.
pub async fn lists(db: &Db, ids: &[i64]) -> Result<PlanLists, DbError> {
    let mut lists = PlanLists::default();
    if ids.is_empty() {
        return Ok(lists);
    }
    let ids = id_list(ids);
    type Named = (i64, Option<String>, Option<i64>, String);
    let depends: Vec<Named> = db
        .fetch_all(Statement::new(format!(
            "SELECT d.milestone_id, m.code_stem, m.code_number, m.title
             FROM milestone_dependencies d JOIN milestones m ON m.id = d.depends_on_id
             WHERE d.milestone_id IN ({ids})"
        )))
        .await?;
    for (id, stem, number, title) in depends {
        let name = milestone_code::stored(stem.as_deref(), number).unwrap_or(title);
        lists.depends_on.entry(id).or_default().push(name);
    }
    let projects: Vec<(i64, Option<String>, String)> = db
        .fetch_all(Statement::new(format!(
            "SELECT pm.milestone_id, p.code, p.name
             FROM project_milestones pm JOIN projects p ON p.id = pm.project_id
             WHERE pm.milestone_id IN ({ids})"
        )))
        .await?;
    for (id, code, name) in projects {
        let name = code.filter(|c| !c.is_empty()).unwrap_or(name);
        lists.projects.entry(id).or_default().push(name);
    }
    let latest: Vec<(i64, NaiveDate, i32, String)> = db
        .fetch_all(Statement::new(format!(
            "SELECT p.milestone_id, p.reported_on, p.percent, p.note FROM milestone_progress p
             WHERE p.milestone_id IN ({ids}) AND p.id = (
                 SELECT q.id FROM milestone_progress q WHERE q.milestone_id = p.milestone_id
                 ORDER BY q.reported_on DESC, q.id DESC LIMIT 1)"
        )))
        .await?;
    for (id, day, percent, note) in latest {
        lists.latest.insert(id, (day, percent, note));
    }
    let problems: Vec<(i64, String)> = db
        .fetch_all(Statement::new(format!(
            "SELECT milestone_id, description FROM problems
             WHERE milestone_id IN ({ids}) AND status <> 'closed'
             ORDER BY raised_on, id"
        )))
        .await?;
    for (id, text) in problems {
        lists.open_problems.entry(id).or_default().push(text);
    }
    for names in lists
        .depends_on
        .values_mut()
        .chain(lists.projects.values_mut())
    {
        names.sort();
    }
    Ok(lists)
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    id: i64,
    version: i64,
    code_stem: Option<String>,
    code_number: Option<i64>,
    title: String,
    description: String,
    phase_id: i64,
    pillar_id: i64,
    domain_id: Option<i64>,
    unit_id: i64,
    start_date: NaiveDate,
    due_date: NaiveDate,
    weight: i32,
}

/// What an import is planned against.
pub struct PlanState {
    pub milestones: Vec<StoredMilestone>,
    pub projects: Vec<ProjectRef>,
    /// (milestone, depends on).
    pub dependencies: Vec<(i64, i64)>,
    /// (milestone, project).
    pub links: Vec<(i64, i64)>,
}

/// Every milestone, project, dependency and link, read in one transaction so they agree.
pub async fn state(db: &Db) -> Result<PlanState, DbError> {
    let mut tx = db.begin().await?;
    let rows: Vec<StoredRow> = tx
        .fetch_all(Statement::new(
            "SELECT id, version, code_stem, code_number, title, description, phase_id, pillar_id,
                    domain_id, unit_id, start_date, due_date, weight
             FROM milestones ORDER BY id",
        ))
        .await?;
    let projects: Vec<(i64, Option<String>, String)> = tx
        .fetch_all(Statement::new(
            "SELECT id, code, name FROM projects ORDER BY id",
        ))
        .await?;
    let dependencies = tx
        .fetch_all(Statement::new(
            "SELECT milestone_id, depends_on_id FROM milestone_dependencies",
        ))
        .await?;
    let links = tx
        .fetch_all(Statement::new(
            "SELECT milestone_id, project_id FROM project_milestones",
        ))
        .await?;
    tx.commit().await?;
    Ok(PlanState {
        milestones: rows
            .into_iter()
            .map(|r| StoredMilestone {
                id: r.id,
                version: r.version,
                code: milestone_code::stored(r.code_stem.as_deref(), r.code_number),
                draft: MilestoneDraft {
                    title: r.title,
                    description: r.description,
                    phase_id: r.phase_id,
                    pillar_id: r.pillar_id,
                    domain_id: r.domain_id,
                    unit_id: r.unit_id,
                    start_date: r.start_date,
                    due_date: r.due_date,
                    weight: r.weight.into(),
                },
            })
            .collect(),
        projects: projects
            .into_iter()
            .map(|(id, code, name)| ProjectRef {
                id,
                code: code.unwrap_or_default(),
                name,
            })
            .collect(),
        dependencies,
        links,
    })
}
