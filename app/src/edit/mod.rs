//! Changes to roadmap content. Every function here checks the actor's role first, validates
//! the input, and writes in one transaction together with its audit-journal rows, so an error
//! or a crash never leaves half a change behind and every change says who made it.

pub mod admin;
pub mod journal;
pub mod milestones;
pub mod problems;
pub mod projects;
pub mod settings;

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

/// Now, as the journal records it (Unix seconds).
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Inserts journal rows `(entity id, version, action, &Change)` inside the open transaction
/// `$tx`, several hundred per statement: a bulk import writes thousands.
macro_rules! record_journal_rows {
    ($tx:expr, $actor:expr, $entity:expr, $rows:expr) => {
        let at = $crate::edit::now();
        for chunk in $rows.chunks(500) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO audit_log (at, user_id, username, entity, entity_id, version, action, field, old_value, new_value) ",
            );
            insert.push_values(chunk, |mut row, (entity_id, version, action, change)| {
                row.push_bind(at)
                    .push_bind($actor.id)
                    .push_bind(&$actor.username)
                    .push_bind($entity)
                    .push_bind(*entity_id)
                    .push_bind(*version)
                    .push_bind(*action)
                    .push_bind(change.field)
                    .push_bind(&change.old)
                    .push_bind(&change.new);
            });
            insert.build().execute(&mut *$tx).await?;
        }
    };
}
pub(crate) use record_journal_rows;

/// Inserts one journal row per change of one entity inside the open transaction `$tx`.
macro_rules! record_changes {
    ($tx:expr, $actor:expr, $entity:expr, $entity_id:expr, $version:expr, $action:expr, $changes:expr) => {
        let entity_id: i64 = $entity_id;
        let version: i64 = $version;
        let action: &str = $action;
        let rows: Vec<(i64, i64, &str, &$crate::domain::journal::Change)> = $changes
            .into_iter()
            .map(|change| (entity_id, version, action, change))
            .collect();
        $crate::edit::record_journal_rows!($tx, $actor, $entity, rows);
    };
}
pub(crate) use record_changes;

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
