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
    /// 系统管理员: the accounts of people who use the programme (viewers, planners, liaisons),
    /// units, phases, pillar and domain names, thresholds, channels, settings, backups.
    Administer,
    /// 安全管理员: the administrators' accounts (admin roles are given and taken only here),
    /// password policy, signed-in sessions, and whether duties are separated.
    AdministerSecurity,
    /// 审计管理员: reads, checks and exports the security audit log and the change journal.
    Audit,
}

/// Whether the three administrators' duties (三员分立) are kept apart: an admin setting read
/// with the session, so turning it on takes effect at everyone's next request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Duties {
    /// The admin holds all three duties (a small centre with one administrator).
    #[default]
    Combined,
    /// The admin is the system administrator only; security and audit have their own accounts.
    Separated,
}

impl Role {
    /// Whether this role may do `permission` under `duties`. Each role holds at most one of the
    /// three administrative duties when they are separated, whatever else it may do.
    pub fn allows(self, permission: Permission, duties: Duties) -> bool {
        let combined = duties == Duties::Combined;
        match permission {
            Permission::Read => true,
            Permission::EditContent => matches!(self, Role::Planner | Role::Admin),
            Permission::ReportForUnit => self == Role::Liaison,
            Permission::Administer => self == Role::Admin,
            Permission::AdministerSecurity => {
                self == Role::SecurityAdmin || (self == Role::Admin && combined)
            }
            Permission::Audit => self == Role::AuditAdmin || (self == Role::Admin && combined),
        }
    }

    /// The three administrators' roles, as opposed to the roles of people using the programme.
    pub fn is_administrative(self) -> bool {
        matches!(self, Role::Admin | Role::SecurityAdmin | Role::AuditAdmin)
    }

    /// Whether this role holds any administrative duty under `duties` (the 管理 menu).
    pub fn administers_anything(self, duties: Duties) -> bool {
        ADMIN_DUTIES.iter().any(|p| self.allows(*p, duties))
    }
}

/// The three administrative duties.
pub const ADMIN_DUTIES: [Permission; 3] = [
    Permission::Administer,
    Permission::AdministerSecurity,
    Permission::Audit,
];

/// Whether someone allowed what `can` says may change an account's role from `old` to `new`:
/// they must manage the account as it is, and only the security duty gives an administrator's
/// role. So the security administrator may also take such a role away, leaving an account of
/// the programme's people that the system administrator then manages.
pub fn may_change_role(can: impl Fn(Permission) -> bool, old: Role, new: Role) -> bool {
    can(to_manage_account(old)) && (!new.is_administrative() || can(Permission::AdministerSecurity))
}

/// What changing an account that has (or is given) `role` needs: the system administrator
/// manages the accounts of people using the programme, the security administrator those of
/// administrators, so that nobody can make themselves, or a friend, more powerful unseen.
pub fn to_manage_account(role: Role) -> Permission {
    if role.is_administrative() {
        Permission::AdministerSecurity
    } else {
        Permission::Administer
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
        for duties in [Duties::Combined, Duties::Separated] {
            let allows = |role: Role, p| role.allows(p, duties);
            assert!(allows(Role::Viewer, Permission::Read));
            assert!(!allows(Role::Viewer, Permission::EditContent));
            assert!(!allows(Role::Viewer, Permission::Administer));
            assert!(allows(Role::Planner, Permission::EditContent));
            assert!(!allows(Role::Planner, Permission::Administer));
            assert!(allows(Role::Admin, Permission::EditContent));
            assert!(allows(Role::Admin, Permission::Administer));
            assert!(allows(Role::Liaison, Permission::Read));
            assert!(allows(Role::Liaison, Permission::ReportForUnit));
            assert!(!allows(Role::Liaison, Permission::EditContent));
            assert!(!allows(Role::Liaison, Permission::Administer));
            assert!(!allows(Role::Planner, Permission::ReportForUnit));
            for role in [Role::Viewer, Role::Planner, Role::Liaison] {
                assert!(!role.administers_anything(duties), "{role:?}");
            }
        }
    }

    #[test]
    fn one_admin_holds_every_duty_until_duties_are_separated() {
        for duty in ADMIN_DUTIES {
            assert!(Role::Admin.allows(duty, Duties::Combined), "{duty:?}");
        }
        assert!(Role::Admin.allows(Permission::Administer, Duties::Separated));
        assert!(!Role::Admin.allows(Permission::AdministerSecurity, Duties::Separated));
        assert!(!Role::Admin.allows(Permission::Audit, Duties::Separated));
    }

    #[test]
    fn separated_no_role_holds_two_duties_and_security_and_audit_change_no_content() {
        for role in Role::ALL {
            let held = ADMIN_DUTIES
                .iter()
                .filter(|d| role.allows(**d, Duties::Separated))
                .count();
            assert!(held <= 1, "{role:?} holds {held} duties");
        }
        for duties in [Duties::Combined, Duties::Separated] {
            for role in [Role::SecurityAdmin, Role::AuditAdmin] {
                assert!(!role.allows(Permission::EditContent, duties));
                assert!(!role.allows(Permission::Administer, duties));
                assert!(!role.allows(Permission::ReportForUnit, duties));
                assert!(role.administers_anything(duties));
            }
            assert!(Role::SecurityAdmin.allows(Permission::AdministerSecurity, duties));
            assert!(!Role::SecurityAdmin.allows(Permission::Audit, duties));
            assert!(Role::AuditAdmin.allows(Permission::Audit, duties));
            assert!(!Role::AuditAdmin.allows(Permission::AdministerSecurity, duties));
        }
    }

    #[test]
    fn only_the_security_duty_gives_or_takes_an_administrators_role() {
        let holds = |role: Role, duties| move |p| role.allows(p, duties);
        let sys = holds(Role::Admin, Duties::Separated);
        let sec = holds(Role::SecurityAdmin, Duties::Separated);
        assert!(may_change_role(sys, Role::Viewer, Role::Planner));
        assert!(!may_change_role(sys, Role::Viewer, Role::AuditAdmin));
        assert!(!may_change_role(sys, Role::AuditAdmin, Role::Viewer));
        assert!(may_change_role(sec, Role::AuditAdmin, Role::Viewer));
        assert!(!may_change_role(sec, Role::Viewer, Role::Viewer));
        assert!(may_change_role(sec, Role::Admin, Role::SecurityAdmin));
        let one = holds(Role::Admin, Duties::Combined);
        assert!(may_change_role(one, Role::AuditAdmin, Role::Viewer));
        assert!(may_change_role(one, Role::Viewer, Role::Admin));
    }

    #[test]
    fn administrators_accounts_are_the_security_administrators_to_manage() {
        assert_eq!(to_manage_account(Role::Viewer), Permission::Administer);
        assert_eq!(to_manage_account(Role::Liaison), Permission::Administer);
        assert_eq!(to_manage_account(Role::Planner), Permission::Administer);
        for role in [Role::Admin, Role::SecurityAdmin, Role::AuditAdmin] {
            assert_eq!(to_manage_account(role), Permission::AdministerSecurity);
        }
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
