//! Creating, editing and deleting milestones; recording their progress; dependencies and
//! links to projects.

use chrono::NaiveDate;

use super::require;
use crate::db::journal;
use crate::db::tx::Statement;
use crate::db::{queries, Db};
use crate::domain::access::Permission;
use crate::domain::graph::would_create_cycle;
use crate::domain::journal::{created, diff, Change};
use crate::domain::milestone_rules::{
    milestone_snapshot, validate_milestone, validate_progress, MilestoneDraft,
};
use crate::domain::validate::{FieldErrors, Label, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, MilestoneForm, ProgressForm};

pub const ENTITY: &str = "milestone";

#[derive(sqlx::FromRow)]
struct StoredMilestone {
    title: String,
    description: String,
    phase_id: i64,
    pillar_id: i64,
    domain_id: Option<i64>,
    unit_id: i64,
    start_date: NaiveDate,
    due_date: NaiveDate,
    weight: i32,
    version: i64,
}

impl StoredMilestone {
    fn draft(&self) -> MilestoneDraft {
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

const SELECT_STORED: &str = "SELECT title, description, phase_id, pillar_id, domain_id, unit_id,
        start_date, due_date, weight, version FROM milestones WHERE id = $1";

fn weight(draft: &MilestoneDraft) -> i32 {
    i32::try_from(draft.weight).unwrap_or(i32::MAX)
}

/// Creates a milestone; returns its id.
pub async fn create(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &MilestoneForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_milestone(form, &reference)?;
    let changes = created(&milestone_snapshot(&draft, &reference));
    let id = {
        let mut tx = db.begin().await?;
        let (id,): (i64,) = tx.fetch_one(Statement::new(
            "INSERT INTO milestones (roadmap_id, phase_id, pillar_id, domain_id, unit_id, title, description,
                                     start_date, due_date, weight)
             VALUES ((SELECT id FROM roadmaps ORDER BY id LIMIT 1), $1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING id",
        ).bind(draft.phase_id).bind(draft.pillar_id).bind(draft.domain_id).bind(draft.unit_id).bind(&draft.title).bind(&draft.description).bind(draft.start_date).bind(draft.due_date).bind(weight(&draft)))
        .await?;
        journal::record(&mut tx, actor, ENTITY, id, 1_i64, "create", &changes).await?;
        tx.commit().await?;
        id
    };
    Ok(id)
}

/// Saves an edited milestone if nobody else saved it since `expected_version` was read.
/// Returns the new version (unchanged when nothing was changed).
pub async fn update(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    form: &MilestoneForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_milestone(form, &reference)?;
    let new_snapshot = milestone_snapshot(&draft, &reference);
    let outcome: Result<i64, Conflict> = {
        let mut tx = db.begin().await?;
        let stored: Option<StoredMilestone> = tx
            .fetch_optional(Statement::new(SELECT_STORED).bind(id))
            .await?;
        let stored = stored.ok_or(AppError::NotFound)?;
        if stored.version != expected_version {
            Err(Conflict)
        } else {
            let changes = diff(
                &milestone_snapshot(&stored.draft(), &reference),
                &new_snapshot,
            );
            if changes.is_empty() {
                Ok(stored.version)
            } else {
                let next = expected_version + 1;
                let updated = tx.execute(Statement::new(
                    "UPDATE milestones SET title = $1, description = $2, phase_id = $3, pillar_id = $4,
                        domain_id = $5, unit_id = $6, start_date = $7, due_date = $8, weight = $9, version = $10
                     WHERE id = $11 AND version = $12",
                ).bind(&draft.title).bind(&draft.description).bind(draft.phase_id).bind(draft.pillar_id).bind(draft.domain_id).bind(draft.unit_id).bind(draft.start_date).bind(draft.due_date).bind(weight(&draft)).bind(next).bind(id).bind(expected_version))
                .await?;
                if updated == 0 {
                    Err(Conflict)
                } else {
                    journal::record(&mut tx, actor, ENTITY, id, next, "update", &changes).await?;
                    tx.commit().await?;
                    Ok(next)
                }
            }
        }
    };
    match outcome {
        Ok(version) => Ok(version),
        Err(Conflict) => Err(super::conflict(db, ENTITY, id, expected_version).await),
    }
}

/// Marker for "someone saved first"; turned into the list of their changes outside the transaction.
struct Conflict;

/// Deletes a milestone with its progress history, problems, dependencies and links.
/// The person must have confirmed; the page tells them beforehand what goes with it.
pub async fn delete(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    if !confirmed {
        return Err(FieldErrors::single("confirm", Problem::ConfirmDelete).into());
    }
    let outcome: Result<(), Conflict> = {
        let mut tx = db.begin().await?;
        let stored: Option<StoredMilestone> = tx
            .fetch_optional(Statement::new(SELECT_STORED).bind(id))
            .await?;
        let stored = stored.ok_or(AppError::NotFound)?;
        if stored.version != expected_version {
            Err(Conflict)
        } else {
            // Progress, problems, dependencies and project links go with it (ON DELETE CASCADE).
            tx.execute(
                Statement::new("DELETE FROM milestones WHERE id = $1 AND version = $2")
                    .bind(id)
                    .bind(expected_version),
            )
            .await?;
            let changes = [Change {
                field: "title",
                old: stored.title.clone(),
                new: String::new(),
            }];
            journal::record(
                &mut tx,
                actor,
                ENTITY,
                id,
                expected_version + 1,
                "delete",
                &changes,
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(Conflict) => Err(super::conflict(db, ENTITY, id, expected_version).await),
    }
}

/// Records a dated progress update (and the problem it raises, if any). The milestone's percent
/// follows its newest update by date, so a late entry for an earlier day does not overwrite it.
/// Appending to the history overwrites nobody's edit, so it does not bump the version: a planner
/// editing the milestone's fields meanwhile can still save.
pub async fn record_progress(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    form: &ProgressForm,
    today: NaiveDate,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let reference = queries::reference_data(db).await?;
    let draft = validate_progress(form, &reference, today)?;
    {
        let mut tx = db.begin().await?;
        let stored: Option<(i32, i64)> = tx
            .fetch_optional(
                Statement::new("SELECT percent, version FROM milestones WHERE id = $1").bind(id),
            )
            .await?;
        let (old_percent, version) = stored.ok_or(AppError::NotFound)?;
        tx.execute(Statement::new(
            "INSERT INTO milestone_progress (milestone_id, reported_on, percent, note, author_id) VALUES ($1, $2, $3, $4, $5)",
        ).bind(id).bind(draft.reported_on).bind(i32::try_from(draft.percent).unwrap_or(0)).bind(&draft.note).bind(actor.id))
        .await?;
        let (newest_percent, newest_on): (i32, NaiveDate) = tx
            .fetch_one(
                Statement::new(
                    "SELECT percent, reported_on FROM milestone_progress WHERE milestone_id = $1
             ORDER BY reported_on DESC, id DESC LIMIT 1",
                )
                .bind(id),
            )
            .await?;
        let completed_on = (newest_percent == 100).then_some(newest_on);
        tx.execute(
            Statement::new("UPDATE milestones SET percent = $1, completed_on = $2 WHERE id = $3")
                .bind(newest_percent)
                .bind(completed_on)
                .bind(id),
        )
        .await?;
        let mut changes = vec![Change {
            field: "progress",
            old: String::new(),
            new: format!("{} {}%：{}", draft.reported_on, draft.percent, draft.note),
        }];
        if newest_percent != old_percent {
            changes.push(Change {
                field: "percent",
                old: format!("{old_percent}%"),
                new: format!("{newest_percent}%"),
            });
        }
        if let Some(problem) = &draft.problem {
            tx.execute(Statement::new(
                "INSERT INTO problems (milestone_id, description, owner_unit_id, raised_on, due_date) VALUES ($1, $2, $3, $4, $5)",
            ).bind(id).bind(&problem.description).bind(problem.unit_id).bind(draft.reported_on).bind(problem.due_date))
            .await?;
            changes.push(Change {
                field: "problem",
                old: String::new(),
                new: problem.description.clone(),
            });
        }
        journal::record(&mut tx, actor, ENTITY, id, version, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// The title of a milestone, or `NotFound`.
async fn title_of(db: &Db, id: i64) -> Result<String, AppError> {
    let row: Option<(String,)> = {
        db.fetch_optional(Statement::new("SELECT title FROM milestones WHERE id = $1").bind(id))
            .await?
    };
    row.map(|(t,)| t).ok_or(AppError::NotFound)
}

/// Makes milestone `id` depend on `depends_on` (chosen from a list), refusing cycles.
pub async fn add_dependency(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    depends_on: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let Ok(depends_on) = depends_on.trim().parse::<i64>() else {
        return Err(FieldErrors::single("depends_on", Problem::Choose(Label::DependsOn)).into());
    };
    title_of(db, id).await?;
    let Ok(other_title) = title_of(db, depends_on).await else {
        return Err(
            FieldErrors::single("depends_on", Problem::NoSuchChoice(Label::Milestone)).into(),
        );
    };
    {
        let mut tx = db.begin().await?;
        let edges: Vec<(i64, i64)> = tx
            .fetch_all(Statement::new(
                "SELECT milestone_id, depends_on_id FROM milestone_dependencies",
            ))
            .await?;
        if edges.contains(&(id, depends_on)) {
            return Ok(());
        }
        if would_create_cycle(&edges, id, depends_on) {
            return Err(FieldErrors::single(
                "depends_on",
                Problem::DependencyCycle { other: other_title },
            )
            .into());
        }
        tx.execute(
            Statement::new(
                "INSERT INTO milestone_dependencies (milestone_id, depends_on_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(depends_on),
        )
        .await?;
        let changes = [Change {
            field: "depends_on",
            old: String::new(),
            new: other_title,
        }];
        journal::record(&mut tx, actor, ENTITY, id, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

pub async fn remove_dependency(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    depends_on: i64,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let other_title = title_of(db, depends_on).await?;
    {
        let mut tx = db.begin().await?;
        let removed = tx.execute(Statement::new("DELETE FROM milestone_dependencies WHERE milestone_id = $1 AND depends_on_id = $2").bind(id).bind(depends_on))
            .await?;
        if removed > 0 {
            let changes = [Change {
                field: "depends_on",
                old: other_title,
                new: String::new(),
            }];
            journal::record(&mut tx, actor, ENTITY, id, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}

/// Links a project (chosen from a list) to milestone `id`.
pub async fn link_project(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    project: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    title_of(db, id).await?;
    let not_chosen = || {
        AppError::from(FieldErrors::single(
            "project",
            Problem::Choose(Label::Project),
        ))
    };
    let project_id = project.trim().parse::<i64>().map_err(|_| not_chosen())?;
    let name: Option<(String,)> = {
        db.fetch_optional(
            Statement::new("SELECT name FROM projects WHERE id = $1").bind(project_id),
        )
        .await?
    };
    let (name,) = name.ok_or_else(not_chosen)?;
    {
        let mut tx = db.begin().await?;
        let exists: Option<(i64,)> = tx.fetch_optional(Statement::new("SELECT project_id FROM project_milestones WHERE project_id = $1 AND milestone_id = $2").bind(project_id).bind(id))
            .await?;
        if exists.is_none() {
            tx.execute(
                Statement::new(
                    "INSERT INTO project_milestones (project_id, milestone_id) VALUES ($1, $2)",
                )
                .bind(project_id)
                .bind(id),
            )
            .await?;
            let changes = [Change {
                field: "projects",
                old: String::new(),
                new: name,
            }];
            journal::record(&mut tx, actor, ENTITY, id, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}

pub async fn unlink_project(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    project: i64,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    {
        let mut tx = db.begin().await?;
        let name: Option<(String,)> = tx
            .fetch_optional(Statement::new("SELECT name FROM projects WHERE id = $1").bind(project))
            .await?;
        let removed = tx
            .execute(
                Statement::new(
                    "DELETE FROM project_milestones WHERE project_id = $1 AND milestone_id = $2",
                )
                .bind(project)
                .bind(id),
            )
            .await?;
        if removed > 0 {
            let changes = [Change {
                field: "projects",
                old: name.map(|(n,)| n).unwrap_or_default(),
                new: String::new(),
            }];
            journal::record(&mut tx, actor, ENTITY, id, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}
