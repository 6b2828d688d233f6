//! Changes to roadmap content. Every function here checks the actor's role first, validates
//! the input, and writes in one transaction together with its audit-journal rows, so an error
//! or a crash never leaves half a change behind and every change says who made it.

pub mod activities;
pub mod admin;
pub mod baselines;
pub mod bulk_edit;
pub mod channels;
pub mod indicators;
pub mod milestones;
pub mod problems;
pub mod projects;
pub mod rounds;
pub mod settings;
pub mod system;
pub mod views;
pub mod work_report;

use crate::db::{journal, Db};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::model::CurrentUser;

/// The signed-in person allowed to do `permission`, or why not.
pub fn require(
    actor: Option<&CurrentUser>,
    permission: Permission,
) -> Result<&CurrentUser, AppError> {
    match actor {
        None => Err(AppError::Unauthenticated),
        Some(user) if !user.can(permission) => Err(AppError::Forbidden),
        Some(user) => Ok(user),
    }
}

/// The signed-in person allowed to do at least one of `permissions`, or why not.
pub fn require_any<'a>(
    actor: Option<&'a CurrentUser>,
    permissions: &[Permission],
) -> Result<&'a CurrentUser, AppError> {
    match actor {
        None => Err(AppError::Unauthenticated),
        Some(user) if !permissions.iter().any(|p| user.can(*p)) => Err(AppError::Forbidden),
        Some(user) => Ok(user),
    }
}

/// Puts an uploaded evidence file's bytes where files are kept (with a photo's preview, which
/// it returns) before any row names them; the caller attaches it in its own transaction.
pub(crate) async fn keep_evidence_bytes(
    db: &Db,
    files: &crate::files::FileStore,
    file: &crate::reporting::evidence::Evidence,
    bytes: &[u8],
) -> Result<Option<Vec<u8>>, AppError> {
    let thumbnail = if file.kind.is_image() {
        let copy = bytes.to_vec();
        tokio::task::spawn_blocking(move || crate::reporting::thumbnail::thumbnail(&copy))
            .await
            .unwrap_or_default()
    } else {
        None
    };
    crate::db::evidence::store(db, files, &evidence_file(file, bytes, thumbnail.as_deref()))
        .await?;
    Ok(thumbnail)
}

/// The evidence file as storage takes it.
pub(crate) fn evidence_file<'a>(
    file: &'a crate::reporting::evidence::Evidence,
    bytes: &'a [u8],
    thumbnail: Option<&'a [u8]>,
) -> crate::db::evidence::NewFile<'a> {
    crate::db::evidence::NewFile {
        sha256: &file.sha256,
        content_type: file.kind.content_type(),
        bytes,
        file_name: &file.file_name,
        thumbnail,
    }
}

/// Attaches an evidence file to a ledger record or an indicator value (planners); journalled
/// on `entity` (name, id, version) as a change of "file".
#[allow(clippy::too_many_arguments)]
pub(crate) async fn attach_planner_evidence(
    db: &Db,
    files: &crate::files::FileStore,
    actor: &CurrentUser,
    owner: crate::db::evidence::Owner,
    entity: (&str, i64, i64),
    file: &crate::reporting::evidence::Evidence,
    bytes: &[u8],
    now: i64,
) -> Result<i64, AppError> {
    let thumbnail = keep_evidence_bytes(db, files, file, bytes).await?;
    let new_file = evidence_file(file, bytes, thumbnail.as_deref());
    let mut tx = db.begin().await?;
    let id =
        crate::db::evidence::attach(&mut tx, files, &new_file, owner, &actor.username, now).await?;
    let change = crate::domain::journal::Change {
        field: "file",
        old: String::new(),
        new: file.file_name.clone(),
    };
    let (entity, entity_id, version) = entity;
    journal::record(
        &mut tx,
        actor,
        entity,
        entity_id,
        version,
        "update",
        &[change],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The refusal of a save that started from `expected_version`: what others saved since.
pub async fn conflict(db: &Db, entity: &str, entity_id: i64, expected_version: i64) -> AppError {
    match journal::changes_since(db, entity, entity_id, expected_version).await {
        Ok(changes) => AppError::Conflict(changes),
        Err(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Role;

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: String::new(),
            role,
            duties: Default::default(),
        }
    }

    #[test]
    fn require_tells_anonymous_from_forbidden() {
        assert_eq!(
            require(None, Permission::EditContent).unwrap_err(),
            AppError::Unauthenticated
        );
        assert_eq!(
            require(Some(&user(Role::Viewer)), Permission::EditContent).unwrap_err(),
            AppError::Forbidden
        );
        assert!(require(Some(&user(Role::Planner)), Permission::EditContent).is_ok());
        assert_eq!(
            require(Some(&user(Role::Planner)), Permission::Administer).unwrap_err(),
            AppError::Forbidden
        );
    }
}
