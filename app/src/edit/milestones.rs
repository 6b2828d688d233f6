//! Creating, editing and deleting milestones; recording their progress; dependencies and
//! links to projects.

use chrono::NaiveDate;

use super::require;
use crate::db::journal;
use crate::db::problems::ProblemOn;
use crate::db::{milestones, queries, Db};
use crate::domain::access::Permission;
use crate::domain::graph::would_create_cycle;
use crate::domain::journal::{created, diff, Change};
use crate::domain::milestone_code;
use crate::domain::milestone_rules::{milestone_snapshot, validate_milestone, validate_progress};
use crate::domain::validate::{FieldErrors, Label, Problem};
use crate::error::AppError;
use crate::model::{CurrentUser, MilestoneForm, MilestoneId, ProgressForm, ProjectId};

pub const ENTITY: &str = "milestone";

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
        let id = milestones::insert(&mut tx, &draft).await?;
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
        let stored = milestones::stored(&mut tx, id).await?;
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
                let updated = milestones::update(&mut tx, id, expected_version, &draft).await?;
                if !updated {
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
        let stored = milestones::stored(&mut tx, id).await?;
        let stored = stored.ok_or(AppError::NotFound)?;
        if stored.version != expected_version {
            Err(Conflict)
        } else {
            // Progress, problems, dependencies and project links go with it (ON DELETE CASCADE).
            milestones::delete(&mut tx, id, expected_version).await?;
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
        let percent = i32::try_from(draft.percent).unwrap_or(0);
        let appended = append_progress(
            &mut tx,
            id,
            draft.reported_on,
            Some(percent),
            &draft.note,
            Some(actor.id),
        )
        .await?;
        let mut changes = appended.changes;
        super::problems::raise_with(
            &mut tx,
            ProblemOn::Milestone(id),
            draft.problem.as_ref(),
            draft.reported_on,
            &mut changes,
        )
        .await?;
        journal::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            appended.version,
            "update",
            &changes,
        )
        .await?;
        tx.commit().await?
    };
    Ok(())
}

/// A progress entry added to a milestone's history, with the changes to journal.
pub(crate) struct Appended {
    pub progress_id: i64,
    /// The milestone's version (appending does not change it).
    pub version: i64,
    pub changes: Vec<Change>,
}

/// Appends a dated progress entry (`percent` `None`: the milestone's current one) inside `tx`.
/// The milestone's percent follows its newest entry by date, so a late entry for an earlier day
/// does not overwrite it. Planners' entries and accepted unit submissions both come through here.
pub(crate) async fn append_progress(
    tx: &mut crate::db::tx::Tx,
    id: i64,
    reported_on: NaiveDate,
    percent: Option<i32>,
    note: &str,
    author: Option<i64>,
) -> Result<Appended, AppError> {
    let (old_percent, version) = milestones::percent_and_version(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let percent = percent.unwrap_or(old_percent);
    let progress_id =
        milestones::insert_progress(tx, id, reported_on, percent, note, author).await?;
    let (newest_percent, newest_on) = milestones::newest_progress(tx, id).await?;
    let completed_on = (newest_percent == 100).then_some(newest_on);
    milestones::set_percent(tx, id, newest_percent, completed_on).await?;
    let mut changes = vec![Change {
        field: "progress",
        old: String::new(),
        new: format!("{reported_on} {percent}%：{note}"),
    }];
    if newest_percent != old_percent {
        changes.push(Change {
            field: "percent",
            old: format!("{old_percent}%"),
            new: format!("{newest_percent}%"),
        });
    }
    Ok(Appended {
        progress_id,
        version,
        changes,
    })
}

/// The title of a milestone, or `NotFound`.
async fn title_of(db: &Db, id: i64) -> Result<String, AppError> {
    milestones::title(db, id).await?.ok_or(AppError::NotFound)
}

/// Makes milestone `id` depend on `depends_on` (its code, or its id as a list sends it),
/// refusing cycles.
pub async fn add_dependency(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    depends_on: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let given = depends_on.trim();
    let depends_on = match (given.parse::<i64>(), milestone_code::parse(given)) {
        (Ok(other), _) => other,
        (_, Some((stem, number))) => milestones::id_by_code(db, &stem, number)
            .await?
            .ok_or_else(|| {
                FieldErrors::single(
                    "depends_on",
                    Problem::UnknownMilestoneCode {
                        code: given.to_string(),
                    },
                )
            })?,
        _ if given.is_empty() => {
            return Err(FieldErrors::single("depends_on", Problem::Choose(Label::DependsOn)).into())
        }
        _ => {
            return Err(FieldErrors::single(
                "depends_on",
                Problem::UnknownMilestoneCode {
                    code: given.to_string(),
                },
            )
            .into())
        }
    };
    title_of(db, id).await?;
    let Ok(other_title) = title_of(db, depends_on).await else {
        return Err(
            FieldErrors::single("depends_on", Problem::NoSuchChoice(Label::Milestone)).into(),
        );
    };
    {
        let mut tx = db.begin().await?;
        let edges = milestones::dependency_edges(&mut tx).await?;
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
        milestones::add_dependency(&mut tx, id, depends_on).await?;
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
        if milestones::remove_dependency(&mut tx, id, depends_on).await? {
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
    id: MilestoneId,
    project: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    title_of(db, id.0).await?;
    let not_chosen = || {
        AppError::from(FieldErrors::single(
            "project",
            Problem::Choose(Label::Project),
        ))
    };
    let project_id = ProjectId(project.trim().parse::<i64>().map_err(|_| not_chosen())?);
    {
        let mut tx = db.begin().await?;
        let name = milestones::project_name(&mut tx, project_id)
            .await?
            .ok_or_else(not_chosen)?;
        if milestones::link_project(&mut tx, id, project_id).await? {
            let changes = [Change {
                field: "projects",
                old: String::new(),
                new: name,
            }];
            journal::record(&mut tx, actor, ENTITY, id.0, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}

pub async fn unlink_project(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: MilestoneId,
    project: ProjectId,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    {
        let mut tx = db.begin().await?;
        let name = milestones::project_name(&mut tx, project).await?;
        if milestones::unlink_project(&mut tx, id, project).await? {
            let changes = [Change {
                field: "projects",
                old: name.unwrap_or_default(),
                new: String::new(),
            }];
            journal::record(&mut tx, actor, ENTITY, id.0, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}
