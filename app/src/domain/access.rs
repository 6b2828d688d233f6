//! Who may do what, and how repeated failed sign-ins are slowed down.

use serde::{Deserialize, Serialize};

use super::model::Role;

/// What an action needs. Every check happens on the server; the UI only hides controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// Read every page.
    Read,
    /// Edit roadmap content: milestones, progress, problems, projects.
    EditContent,
    /// Fill in and submit a reporting round for the units one is bound to (单位填报员). Which
    /// items are the person's own is checked against those units on every request.
    ReportForUnit,
    /// Users, units, phases, pillars, domains, thresholds, the whole journal.
    Administer,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::Read => true,
            Permission::EditContent => matches!(self, Role::Planner | Role::Admin),
            Permission::ReportForUnit => self == Role::Liaison,
            Permission::Administer => self == Role::Admin,
        }
    }
}

/// Failed sign-ins allowed in a row before the account is slowed down.
pub const FREE_FAILED_SIGN_INS: u32 = 5;
/// The longest wait between attempts once an account is slowed down.
pub const MAX_LOCKOUT_SECONDS: i64 = 15 * 60;

/// How long the account must wait after `consecutive_failures` failed sign-ins in a row:
/// nothing for the first few, then 30 s doubling with every further failure, at most 15 minutes.
/// A person who mistypes twice is never held up; a password-guessing script is.
pub fn lockout_seconds(consecutive_failures: u32) -> i64 {
    if consecutive_failures < FREE_FAILED_SIGN_INS {
        return 0;
    }
    let doublings = (consecutive_failures - FREE_FAILED_SIGN_INS).min(10);
    (30_i64 << doublings).min(MAX_LOCKOUT_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_the_issue_says() {
        assert!(Role::Viewer.allows(Permission::Read));
        assert!(!Role::Viewer.allows(Permission::EditContent));
        assert!(!Role::Viewer.allows(Permission::Administer));
        assert!(Role::Planner.allows(Permission::EditContent));
        assert!(!Role::Planner.allows(Permission::Administer));
        assert!(Role::Admin.allows(Permission::EditContent));
        assert!(Role::Admin.allows(Permission::Administer));
        assert!(Role::Liaison.allows(Permission::Read));
        assert!(Role::Liaison.allows(Permission::ReportForUnit));
        assert!(!Role::Liaison.allows(Permission::EditContent));
        assert!(!Role::Liaison.allows(Permission::Administer));
        assert!(!Role::Planner.allows(Permission::ReportForUnit));
    }

    #[test]
    fn failed_sign_ins_slow_down_after_five_and_cap_at_fifteen_minutes() {
        assert_eq!(lockout_seconds(0), 0);
        assert_eq!(lockout_seconds(4), 0);
        assert_eq!(lockout_seconds(5), 30);
        assert_eq!(lockout_seconds(6), 60);
        assert_eq!(lockout_seconds(8), 240);
        assert_eq!(lockout_seconds(10), MAX_LOCKOUT_SECONDS);
        assert_eq!(lockout_seconds(1000), MAX_LOCKOUT_SECONDS);
    }
}
