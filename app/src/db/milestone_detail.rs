//! Everything the milestone page shows beyond its list row: extra fields, the progress
//! timeline, problems, dependencies, linked projects.

use chrono::NaiveDate;

use super::{filter, with_pool, Db, DbError};
use crate::domain::graph::dependents_closure;
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

/// Milestones, briefly, ordered by due date: all of them, or those linked to one project.
pub async fn milestone_refs(
    db: &Db,
    linked_to_project: Option<i64>,
) -> Result<Vec<MilestoneRef>, DbError> {
    let rows: Vec<(i64, String, i32, NaiveDate)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.title, m.percent, m.due_date FROM milestones m
             WHERE $1 IS NULL OR EXISTS (SELECT 1 FROM project_milestones l WHERE l.milestone_id = m.id AND l.project_id = $1)
             ORDER BY m.due_date, m.id",
        )
        .bind(linked_to_project)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, title, percent, due_date)| MilestoneRef {
            id,
            title,
            percent: percent.into(),
            due_date,
        })
        .collect())
}

/// What `id` depends on, what depends on it, and what it could still come to depend on.
pub struct Dependencies {
    pub depends_on: Vec<MilestoneRef>,
    pub dependents: Vec<MilestoneRef>,
    pub candidates: Vec<MilestoneRef>,
}

pub async fn dependencies(db: &Db, id: i64) -> Result<Dependencies, DbError> {
    let edges = dependency_edges(db).await?;
    let all = milestone_refs(db, None).await?;
    let excluded = dependents_closure(&edges, id);
    let mut result = Dependencies {
        depends_on: Vec::new(),
        dependents: Vec::new(),
        candidates: Vec::new(),
    };
    for m in all {
        if edges.contains(&(id, m.id)) {
            result.depends_on.push(m);
        } else if edges.contains(&(m.id, id)) {
            result.dependents.push(m);
        } else if m.id != id && !excluded.contains(&m.id) {
            result.candidates.push(m);
        }
    }
    Ok(result)
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
