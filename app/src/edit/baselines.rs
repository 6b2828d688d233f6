//! Approving the plan as a schedule baseline (计划基线), and the plan compared with one.

use chrono::NaiveDate;

use super::require;
use crate::db::{baselines, journal, Db, DbError};
use crate::domain::access::Permission;
use crate::domain::baseline::baseline_name;
use crate::domain::journal::Change;
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{CurrentUser, ScheduleComparison};

pub const ENTITY: &str = "baseline";

/// Keeps every milestone's start, end and weight under `name`; returns the baseline's id. A
/// planner's act, journalled; a name already used is refused.
pub async fn approve(
    db: &Db,
    actor: Option<&CurrentUser>,
    name: &str,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let name = baseline_name(name).map_err(|p| FieldErrors::single("name", p))?;
    let mut tx = db.begin().await?;
    if baselines::name_taken(&mut tx, &name).await? {
        return Err(FieldErrors::single("name", Problem::BaselineNameTaken { name }).into());
    }
    let (id, _) = baselines::approve(&mut tx, &name, today, actor.label()).await?;
    let changes = [Change {
        field: "baseline",
        old: String::new(),
        new: name,
    }];
    journal::record(&mut tx, actor, ENTITY, id, 1, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// The plan against baseline `chosen` (the newest when none): every baseline for the choice,
/// then slip by pillar and band, what moved most, what was added and removed since.
pub async fn comparison(db: &Db, chosen: Option<i64>) -> Result<ScheduleComparison, DbError> {
    let baselines = baselines::list(db).await?;
    let chosen = match chosen {
        Some(id) => baselines.iter().find(|b| b.id == id).cloned(),
        None => baselines.first().cloned(),
    };
    let Some(baseline) = chosen else {
        return Ok(ScheduleComparison {
            baselines,
            ..Default::default()
        });
    };
    let bands = baselines::bands(db, baseline.id, &Default::default()).await?;
    let (moved, moved_total) = baselines::moved(db, baseline.id).await?;
    let ((added, added_total), (removed, removed_total)) =
        baselines::added_and_removed(db, baseline.id).await?;
    Ok(ScheduleComparison {
        baselines,
        chosen: Some(baseline),
        bands,
        moved,
        moved_total,
        added,
        added_total,
        removed,
        removed_total,
    })
}
