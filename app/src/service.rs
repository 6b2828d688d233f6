//! The list and detail pages' read models, composed from queries (the dashboard has its own
//! module, `dashboard`). Server functions call these; integration tests call them on both
//! databases.

use chrono::NaiveDate;

use crate::db::{milestone_detail, queries, Db, DbError};
use crate::domain::dependency_check::{overlaps, warnings_of, Dates, DependencyWarning};
use crate::edit;
use crate::model::{
    MilestoneDetail, MilestoneFilter, MilestoneList, ProjectDetail, ProjectFilter, ProjectList,
};

pub async fn milestone_list(
    db: &Db,
    filter: &MilestoneFilter,
    today: NaiveDate,
) -> Result<MilestoneList, DbError> {
    let thresholds = queries::thresholds(db).await?;
    let (rows, page) = queries::milestone_page(db, filter, today, &thresholds).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let (edges, ends) = milestone_detail::edges_around(db, &ids).await?;
    let warnings = dependency_warnings_of(&ids, &edges, &ends);
    Ok(MilestoneList {
        today,
        rows,
        page,
        warnings,
        slips: slips(db, &ids).await?,
    })
}

/// The slip of each of milestones `ids` against the newest baseline.
async fn slips(db: &Db, ids: &[i64]) -> Result<Vec<(i64, crate::model::Slip)>, DbError> {
    match crate::db::baselines::latest(db).await? {
        Some((baseline, name)) => crate::db::baselines::slips(db, baseline, &name, ids).await,
        None => Ok(Vec::new()),
    }
}

/// The warnings of each of `ids` that has any, from the edges around them and their ends.
fn dependency_warnings_of(
    ids: &[i64],
    edges: &[(i64, i64)],
    ends: &[crate::model::MilestoneRef],
) -> Vec<(i64, Vec<DependencyWarning>)> {
    let find = |id: i64| ends.iter().find(|m| m.id == id);
    let found = overlaps(edges, |id| find(id).map(dates_of));
    ids.iter()
        .map(|id| {
            let label = |other: i64| find(other).map(|m| m.label()).unwrap_or_default();
            (*id, warnings_of(*id, &found, label))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

fn dates_of(m: &crate::model::MilestoneRef) -> Dates {
    Dates {
        id: m.id,
        start: m.start_date,
        due: m.due_date,
        complete: m.percent >= 100,
    }
}

pub async fn project_list(db: &Db, filter: &ProjectFilter) -> Result<ProjectList, DbError> {
    let found = queries::project_page(db, filter).await?;
    let ids: Vec<i64> = found.rows.iter().map(|r| r.id).collect();
    let mut reported = crate::db::report::last_reported(db, &ids).await?;
    let mut rows = found.rows;
    for row in &mut rows {
        row.last_reported = reported.remove(&row.id);
    }
    Ok(ProjectList {
        rows,
        page: found.page,
        total_investment: found.total_investment,
        completed_investment: found.completed_investment,
    })
}

/// The milestone page, or `None` when there is no such milestone.
pub async fn milestone_detail(
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<Option<MilestoneDetail>, DbError> {
    let thresholds = queries::thresholds(db).await?;
    let (Some(row), Some(extras)) = (
        queries::milestone(db, id, today, &thresholds).await?,
        milestone_detail::extras(db, id).await?,
    ) else {
        return Ok(None);
    };
    let dependencies = milestone_detail::dependencies(db, id).await?;
    let (projects, project_candidates) = milestone_detail::projects(db, id).await?;
    let dependency_warnings = dependency_warnings(&row, &dependencies);
    let slip = slips(db, &[id]).await?.pop().map(|(_, slip)| slip);
    Ok(Some(MilestoneDetail {
        today,
        row,
        version: extras.version,
        description: extras.description,
        domain: extras.domain,
        unit_id: extras.unit_id,
        completed_on: extras.completed_on,
        progress: milestone_detail::progress(db, id).await?,
        problems: milestone_detail::problems(
            db,
            milestone_detail::ProblemsOf::Milestone(id),
            today,
        )
        .await?,
        depends_on: dependencies.depends_on,
        dependents: dependencies.dependents,
        projects,
        history: crate::db::journal::history(db, edit::milestones::ENTITY, id).await?,
        slip,
        dependency_warnings,
        dependency_candidates: dependencies.candidates,
        project_candidates,
    }))
}

/// Milestone `row`'s dates against its predecessors' and successors'.
fn dependency_warnings(
    row: &crate::model::MilestoneRow,
    dependencies: &milestone_detail::Dependencies,
) -> Vec<DependencyWarning> {
    let this = crate::model::MilestoneRef {
        id: row.id,
        code: row.code.clone(),
        title: row.title.clone(),
        percent: row.percent,
        start_date: row.start_date,
        due_date: row.due_date,
    };
    let ends: Vec<crate::model::MilestoneRef> = std::iter::once(this)
        .chain(dependencies.depends_on.iter().cloned())
        .chain(dependencies.dependents.iter().cloned())
        .collect();
    let edges: Vec<(i64, i64)> = dependencies
        .depends_on
        .iter()
        .map(|m| (row.id, m.id))
        .chain(dependencies.dependents.iter().map(|m| (m.id, row.id)))
        .collect();
    dependency_warnings_of(&[row.id], &edges, &ends)
        .into_iter()
        .flat_map(|(_, w)| w)
        .collect()
}

/// The project page, or `None` when there is no such project.
pub async fn project_detail(
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<Option<ProjectDetail>, crate::error::AppError> {
    let (Some(row), Some((form, version))) = (
        queries::project(db, id).await?,
        edit::projects::stored_form(db, id).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some(ProjectDetail {
        row,
        version,
        form,
        ledger: milestone_detail::ledger(db, id).await?,
        progress: milestone_detail::project_progress(db, id).await?,
        archived_on: crate::db::projects::archived_on(db, id).await?,
        deletable: !crate::db::projects::ever_reported(db, id).await?,
        problems: milestone_detail::problems(db, milestone_detail::ProblemsOf::Project(id), today)
            .await?,
        milestones: milestone_detail::milestone_refs(db, id).await?,
        history: crate::db::journal::history(db, edit::projects::ENTITY, id).await?,
    }))
}
