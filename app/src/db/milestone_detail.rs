//! Everything the milestone page shows beyond its list row: extra fields, the progress
//! timeline, problems, dependencies, linked projects.

use chrono::NaiveDate;

use super::tx::Statement;
use super::{filter, with_pool, Db, DbError};
use crate::model::{MilestoneRef, Named, ProblemEntry, ProgressEntry, ProjectRef};

/// Fields of a milestone that the list does not show.
pub struct MilestoneExtras {
    pub version: i64,
    pub description: String,
    pub domain: Option<Named>,
    pub unit_id: i64,
    pub completed_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ExtrasRecord {
    version: i64,
    description: String,
    domain_id: Option<i64>,
    domain_zh: Option<String>,
    domain_en: Option<String>,
    unit_id: i64,
    completed_on: Option<NaiveDate>,
}

pub async fn extras(db: &Db, id: i64) -> Result<Option<MilestoneExtras>, DbError> {
    let record: Option<ExtrasRecord> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.version, m.description, m.domain_id, d.name_zh AS domain_zh, d.name_en AS domain_en,
                    m.unit_id, m.completed_on
             FROM milestones m LEFT JOIN domains d ON d.id = m.domain_id WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    Ok(record.map(|r| MilestoneExtras {
        version: r.version,
        description: r.description,
        domain: match (r.domain_id, r.domain_zh) {
            (Some(id), Some(name_zh)) => Some(Named {
                id,
                name_zh,
                name_en: r.domain_en.unwrap_or_default(),
            }),
            _ => None,
        },
        unit_id: r.unit_id,
        completed_on: r.completed_on,
    }))
}

/// The progress history, newest first.
pub async fn progress(db: &Db, id: i64) -> Result<Vec<ProgressEntry>, DbError> {
    let rows: Vec<(i64, NaiveDate, i32, String, Option<String>)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.reported_on, p.percent, p.note,
                    CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END
             FROM milestone_progress p LEFT JOIN users u ON u.id = p.author_id
             WHERE p.milestone_id = $1 ORDER BY p.reported_on DESC, p.id DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let files = super::evidence::for_milestone_progress(db, &ids).await?;
    Ok(entries(rows, files))
}

/// A project's dated 形象进度, newest first (at most `PROJECT_PROGRESS_ROWS`).
pub async fn project_progress(db: &Db, id: i64) -> Result<Vec<ProgressEntry>, DbError> {
    let rows: Vec<(i64, NaiveDate, i32, String, Option<String>)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.reported_on, p.percent, p.visible_progress,
                    CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END
             FROM project_progress p LEFT JOIN users u ON u.id = p.author_id
             WHERE p.project_id = $1 ORDER BY p.reported_on DESC, p.id DESC LIMIT $2",
        )
        .bind(id)
        .bind(PROJECT_PROGRESS_ROWS)
        .fetch_all(pool)
        .await?
    });
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let files = super::evidence::for_project_progress(db, &ids).await?;
    Ok(entries(rows, files))
}

/// The most 形象进度 entries a project page lists: ten years of monthly reports.
pub const PROJECT_PROGRESS_ROWS: i64 = 120;

fn entries(
    rows: Vec<(i64, NaiveDate, i32, String, Option<String>)>,
    mut files: std::collections::HashMap<i64, Vec<crate::model::AttachmentView>>,
) -> Vec<ProgressEntry> {
    rows.into_iter()
        .map(|(id, reported_on, percent, note, author)| ProgressEntry {
            id,
            reported_on,
            percent: percent.into(),
            note,
            author,
            attachments: files.remove(&id).unwrap_or_default(),
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct ProblemRecord {
    id: i64,
    description: String,
    owner_unit: Option<String>,
    raised_on: NaiveDate,
    due_date: Option<NaiveDate>,
    status: String,
    answer: String,
    closed_on: Option<NaiveDate>,
}

/// Whose problems to list.
#[derive(Clone, Copy, Debug)]
pub enum ProblemsOf {
    Milestone(i64),
    /// A project's own problems and those of the milestones linked to it.
    Project(i64),
}

/// Problems of a milestone or project: open ones first, then by date raised.
pub async fn problems(
    db: &Db,
    of: ProblemsOf,
    today: NaiveDate,
) -> Result<Vec<ProblemEntry>, DbError> {
    let (milestone, project) = match of {
        ProblemsOf::Milestone(id) => (Some(id), None),
        ProblemsOf::Project(id) => (None, Some(id)),
    };
    let rows: Vec<ProblemRecord> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.description, u.name AS owner_unit, p.raised_on, p.due_date, p.status, p.answer, p.closed_on
             FROM problems p LEFT JOIN units u ON u.id = p.owner_unit_id
             WHERE p.milestone_id = $1
                OR p.project_id = $2
                OR p.milestone_id IN (SELECT l.milestone_id FROM project_milestones l WHERE l.project_id = $2)
             ORDER BY CASE p.status WHEN 'closed' THEN 1 ELSE 0 END, p.raised_on DESC, p.id DESC",
        )
        .bind(milestone)
        .bind(project)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter().map(|r| r.entry(today)).collect()
}

impl ProblemRecord {
    fn entry(self, today: NaiveDate) -> Result<ProblemEntry, DbError> {
        let status = super::problems::stored_status(&self.status, self.id)?;
        Ok(ProblemEntry {
            id: self.id,
            description: self.description,
            owner_unit: self.owner_unit,
            raised_on: self.raised_on,
            overdue: status.is_overdue(self.due_date, today),
            due_date: self.due_date,
            status,
            answer: self.answer,
            closed_on: self.closed_on,
        })
    }
}

#[derive(sqlx::FromRow)]
struct OverdueProblemRecord {
    #[sqlx(flatten)]
    problem: ProblemRecord,
    milestone_id: i64,
    milestone_title: String,
}

/// Problems open on `today` and past their due date, on the milestones the dashboard shows,
/// oldest due first. A past `today` counts those raised by then and not yet closed then.
pub async fn overdue_problems(
    db: &Db,
    filter: &crate::model::DashboardFilter,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<crate::model::AttentionProblem>, DbError> {
    // `$1` the day, `$2` the limit, then the milestones' conditions.
    let conditions = filter::milestones(&filter.milestones(), "m", 3);
    let sql = format!(
        "SELECT p.id, p.description, u.name AS owner_unit, p.raised_on, p.due_date, p.status, p.answer, p.closed_on,
                m.id AS milestone_id, m.title AS milestone_title
         FROM problems p
         JOIN milestones m ON m.id = p.milestone_id
         LEFT JOIN units u ON u.id = p.owner_unit_id
         WHERE p.raised_on <= $1 AND (p.status <> 'closed' OR p.closed_on > $1) AND p.due_date < $1
           AND {}
         ORDER BY p.due_date, p.id LIMIT $2",
        conditions.sql()
    );
    let rows: Vec<OverdueProblemRecord> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(today).bind(limit)).fetch_all(pool).await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(crate::model::AttentionProblem {
                problem: r.problem.entry(today)?,
                milestone_id: r.milestone_id,
                milestone_title: r.milestone_title,
            })
        })
        .collect()
}

/// All dependency edges (milestone, depends on).
pub async fn dependency_edges(db: &Db) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as("SELECT milestone_id, depends_on_id FROM milestone_dependencies").fetch_all(pool).await?
    }))
}

/// The columns of a [`MilestoneRef`] from milestones `m`.
const REF_COLUMNS: &str =
    "m.id, m.code_stem, m.code_number, m.title, m.percent, m.start_date, m.due_date";

type RefRow = (
    i64,
    Option<String>,
    Option<i64>,
    String,
    i32,
    NaiveDate,
    NaiveDate,
);

fn milestone_ref(row: RefRow) -> MilestoneRef {
    let (id, stem, number, title, percent, start_date, due_date) = row;
    MilestoneRef {
        id,
        code: crate::domain::milestone_code::stored(stem.as_deref(), number),
        title,
        percent: percent.into(),
        start_date,
        due_date,
    }
}

/// The milestones linked to one project, briefly, by due date.
pub async fn milestone_refs(db: &Db, project: i64) -> Result<Vec<MilestoneRef>, DbError> {
    let rows: Vec<RefRow> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {REF_COLUMNS} FROM milestones m
                 JOIN project_milestones l ON l.milestone_id = m.id AND l.project_id = $1
                 ORDER BY m.due_date, m.id"
            ))
            .bind(project),
        )
        .await?;
    Ok(rows.into_iter().map(milestone_ref).collect())
}

/// Every dependency edge touching milestones `ids` (ids read from the database), with both
/// ends: (milestone, depends on). Bounded by the edges of the few milestones a page shows.
pub async fn edges_around(
    db: &Db,
    ids: &[i64],
) -> Result<(Vec<(i64, i64)>, Vec<MilestoneRef>), DbError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let ids = filter::id_list(ids);
    let edges: Vec<(i64, i64)> = db
        .fetch_all(Statement::new(format!(
            "SELECT milestone_id, depends_on_id FROM milestone_dependencies
             WHERE milestone_id IN ({ids}) OR depends_on_id IN ({ids})"
        )))
        .await?;
    let ends: Vec<i64> = edges.iter().flat_map(|(m, d)| [*m, *d]).collect();
    if ends.is_empty() {
        return Ok((edges, Vec::new()));
    }
    let rows: Vec<RefRow> = db
        .fetch_all(Statement::new(format!(
            "SELECT {REF_COLUMNS} FROM milestones m WHERE m.id IN ({})",
            filter::id_list(&ends)
        )))
        .await?;
    Ok((edges, rows.into_iter().map(milestone_ref).collect()))
}

/// What `id` depends on, what depends on it, and what it could still come to depend on.
pub struct Dependencies {
    pub depends_on: Vec<MilestoneRef>,
    pub dependents: Vec<MilestoneRef>,
    pub candidates: Vec<MilestoneRef>,
}

/// How many candidates the page offers to choose from; any other milestone is added by code.
const DEPENDENCY_CANDIDATES: i64 = 200;

/// The milestones every edge of `id` leads to, and the candidates: milestones of its pillar
/// that are neither linked nor (directly or through others) depending on it, nearest due date
/// first. Each read is bounded by the milestone's own edges or the candidate limit.
pub async fn dependencies(db: &Db, id: i64) -> Result<Dependencies, DbError> {
    let linked = |direction: &str| {
        Statement::new(format!(
            "SELECT {REF_COLUMNS} FROM milestones m WHERE m.id IN ({direction}) ORDER BY m.due_date, m.id"
        ))
        .bind(id)
    };
    let depends_on: Vec<RefRow> = db
        .fetch_all(linked(
            "SELECT depends_on_id FROM milestone_dependencies WHERE milestone_id = $1",
        ))
        .await?;
    let dependents: Vec<RefRow> = db
        .fetch_all(linked(
            "SELECT milestone_id FROM milestone_dependencies WHERE depends_on_id = $1",
        ))
        .await?;
    let candidates: Vec<RefRow> = db
        .fetch_all(
            Statement::new(format!(
                "WITH RECURSIVE later(id) AS (
                     SELECT milestone_id FROM milestone_dependencies WHERE depends_on_id = $1
                     UNION
                     SELECT d.milestone_id FROM milestone_dependencies d JOIN later ON d.depends_on_id = later.id
                 )
                 SELECT {REF_COLUMNS} FROM milestones m, milestones this
                 WHERE this.id = $1 AND m.pillar_id = this.pillar_id AND m.id <> $1
                   AND m.id NOT IN (SELECT id FROM later)
                   AND m.id NOT IN (SELECT depends_on_id FROM milestone_dependencies WHERE milestone_id = $1)
                 ORDER BY ABS({distance}), m.id
                 LIMIT $2",
                distance = day_distance(db, "m.due_date", "this.start_date"),
            ))
            .bind(id)
            .bind(DEPENDENCY_CANDIDATES),
        )
        .await?;
    let mut candidates: Vec<MilestoneRef> = candidates.into_iter().map(milestone_ref).collect();
    candidates.sort_by_key(|m| (m.due_date, m.id));
    Ok(Dependencies {
        depends_on: depends_on.into_iter().map(milestone_ref).collect(),
        dependents: dependents.into_iter().map(milestone_ref).collect(),
        candidates,
    })
}

/// Days from `from` to `to` (two date columns) on either backend.
fn day_distance(db: &Db, to: &str, from: &str) -> String {
    match db {
        Db::Sqlite(_) => format!("julianday({to}) - julianday({from})"),
        Db::Postgres(_) => format!("({to} - {from})"),
    }
}

/// Projects linked to milestone `id`, and the others (candidates to link).
pub async fn projects(db: &Db, id: i64) -> Result<(Vec<ProjectRef>, Vec<ProjectRef>), DbError> {
    let rows: Vec<(i64, String, Option<String>, bool)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT p.id, p.name, p.code, EXISTS (SELECT 1 FROM project_milestones l WHERE l.project_id = p.id AND l.milestone_id = $1)
             FROM projects p ORDER BY p.name, p.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let (linked, others): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.3);
    let to_ref =
        |(id, name, code, _): (i64, String, Option<String>, bool)| ProjectRef { id, name, code };
    Ok((
        linked.into_iter().map(to_ref).collect(),
        others.into_iter().map(to_ref).collect(),
    ))
}

/// A project's monthly investment ledger, in calendar order.
pub async fn ledger(db: &Db, project_id: i64) -> Result<Vec<crate::model::LedgerRow>, DbError> {
    let rows: Vec<(i32, i32, i64, i64)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT year, month, planned, completed FROM investment_ledger WHERE project_id = $1 ORDER BY year, month")
            .bind(project_id)
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(year, month, planned, completed)| crate::model::LedgerRow {
                year,
                month: u32::try_from(month).unwrap_or(1),
                planned: crate::domain::money::Wan(planned),
                completed: crate::domain::money::Wan(completed),
            },
        )
        .collect())
}
