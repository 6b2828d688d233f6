//! Who is signed in, and what they may do.

use serde::{Deserialize, Serialize};

use crate::domain::access::{Duties, Permission};
use crate::domain::model::Role;

/// The person signed in, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Whether the administrators' duties were separated when this request began.
    #[serde(default)]
    pub duties: Duties,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.allows(permission, self.duties)
    }

    /// Whether they may change accounts that have (or are given) `role`.
    pub fn can_manage(&self, role: Role) -> bool {
        self.can(crate::domain::access::to_manage_account(role))
    }

    /// Whether they may change an account's role from `old` to `new`.
    pub fn can_change_role(&self, old: Role, new: Role) -> bool {
        crate::domain::access::may_change_role(|p| self.can(p), old, new)
    }

    /// Whether any part of 管理 is theirs.
    pub fn administers_anything(&self) -> bool {
        self.role.administers_anything(self.duties)
    }

    /// The display name, or the sign-in name when none is set.
    pub fn label(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// The parts of 管理, by what each needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminTab {
    /// Access settings and the change journal.
    Settings,
    Reference,
    Users,
    Channels,
    Security,
}

/// The tabs of 管理 that `user` has any use for, in order (the first is where 管理 leads):
/// each administrator sees only the parts of their duty. The server checks every call again.
pub fn admin_tabs(user: &CurrentUser) -> Vec<(&'static str, AdminTab)> {
    use crate::domain::access::{Permission::*, ADMIN_DUTIES};
    let any = |needs: &[crate::domain::access::Permission]| needs.iter().any(|p| user.can(*p));
    [
        ("/admin", AdminTab::Settings, any(&[Administer, Audit])),
        ("/admin/reference", AdminTab::Reference, any(&[Administer])),
        (
            "/admin/users",
            AdminTab::Users,
            any(&[Administer, AdministerSecurity]),
        ),
        ("/admin/channels", AdminTab::Channels, any(&[Administer])),
        ("/admin/security", AdminTab::Security, any(&ADMIN_DUTIES)),
    ]
    .into_iter()
    .filter(|(_, _, shown)| *shown)
    .map(|(href, tab, _)| (href, tab))
    .collect()
}

/// Who is looking at the page; `None` for an anonymous reader (when the admin allows that).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    /// Whether the admin lets people read without signing in.
    pub anonymous_read: bool,
    /// The signed-in person's unread notifications (the bell).
    #[serde(default)]
    pub unread: i64,
    /// Where the navigation's 里程碑 leads: the person's default view, when they chose one.
    #[serde(default)]
    pub milestones_href: Option<String>,
    /// Counties report to this instance: the navigation offers 区域汇总.
    #[serde(default)]
    pub region: bool,
}

impl SessionInfo {
    pub fn can(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(permission))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Duties;

    fn user(role: Role, duties: Duties) -> CurrentUser {
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: String::new(),
            role,
            duties,
        }
    }

    fn tabs(role: Role, duties: Duties) -> Vec<AdminTab> {
        admin_tabs(&user(role, duties))
            .into_iter()
            .map(|(_, tab)| tab)
            .collect()
    }

    #[test]
    fn each_administrator_sees_the_parts_of_their_duty() {
        use AdminTab::*;
        let all = vec![Settings, Reference, Users, Channels, Security];
        assert_eq!(tabs(Role::Admin, Duties::Combined), all);
        assert_eq!(tabs(Role::Admin, Duties::Separated), all);
        assert_eq!(
            tabs(Role::SecurityAdmin, Duties::Separated),
            vec![Users, Security]
        );
        assert_eq!(
            tabs(Role::AuditAdmin, Duties::Separated),
            vec![Settings, Security]
        );
        for role in [Role::Viewer, Role::Planner, Role::Liaison] {
            assert!(tabs(role, Duties::Combined).is_empty());
        }
    }
}
