//! Changes to roadmap content. Every function here checks the actor's role first, validates
//! the input, and writes in one transaction together with its audit-journal rows, so an error
//! or a crash never leaves half a change behind and every change says who made it.

pub mod activities;
pub mod admin;
pub mod channels;
pub mod indicators;
pub mod milestones;
pub mod problems;
pub mod projects;
pub mod rounds;
pub mod settings;
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
