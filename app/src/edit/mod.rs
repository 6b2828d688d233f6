//! Changes to roadmap content. Every function here checks the actor's role first, validates
//! the input, and writes in one transaction together with its audit-journal rows, so an error
//! or a crash never leaves half a change behind and every change says who made it.

pub mod admin;
pub mod journal;
pub mod milestones;
pub mod problems;
pub mod projects;
pub mod settings;

use crate::api::types::CurrentUser;
use crate::domain::access::Permission;
use crate::error::AppError;

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

/// Inserts one journal row per change inside the open transaction `$tx`.
macro_rules! record_changes {
    ($tx:expr, $actor:expr, $entity:expr, $entity_id:expr, $version:expr, $action:expr, $changes:expr) => {
        for change in $changes {
            sqlx::query(
                "INSERT INTO audit_log (at, user_id, username, entity, entity_id, version, action, field, old_value, new_value)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind($crate::edit::now())
            .bind($actor.id)
            .bind(&$actor.username)
            .bind($entity)
            .bind($entity_id)
            .bind($version)
            .bind($action)
            .bind(change.field)
            .bind(&change.old)
            .bind(&change.new)
            .execute(&mut *$tx)
            .await?;
        }
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
