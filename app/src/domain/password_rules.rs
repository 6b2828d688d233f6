//! Password rules (等保 2.0 identity checks): what a new password must be, and when a person
//! must change theirs before doing anything else.

use super::problem::Problem;

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// Of lower-case letters, capitals, digits and other characters, how many kinds it needs.
pub const MIN_CLASSES: usize = 3;
/// A new password may not be any of the account's last this many.
pub const REMEMBERED: usize = 5;

/// Whether `password` may be `username`'s new password, as far as it can be told from the
/// text alone (reuse is checked against the stored history).
pub fn check(password: &str, username: &str) -> Result<(), Problem> {
    if password.chars().count() < MIN_CHARS {
        return Err(Problem::PasswordTooShort { min: MIN_CHARS });
    }
    if classes(password) < MIN_CLASSES {
        return Err(Problem::PasswordTooSimple {
            classes: MIN_CLASSES,
        });
    }
    let name = username.trim().to_lowercase();
    if !name.is_empty() && password.to_lowercase().contains(&name) {
        return Err(Problem::PasswordHasUsername);
    }
    Ok(())
}

/// How many of the four kinds of character `password` uses.
fn classes(password: &str) -> usize {
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    [
        has(char::is_ascii_lowercase),
        has(char::is_ascii_uppercase),
        has(char::is_ascii_digit),
        has(|c| !c.is_ascii_alphanumeric()),
    ]
    .into_iter()
    .filter(|&present| present)
    .count()
}

/// Why someone must change their password before going on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeDue {
    /// An admin set it (a new account, or a reset).
    SetByAdmin,
    /// It is older than the admin's limit.
    Expired,
}

impl ChangeDue {
    /// As `/account?change=…` names it.
    pub fn code(self) -> &'static str {
        match self {
            ChangeDue::SetByAdmin => "initial",
            ChangeDue::Expired => "expired",
        }
    }
}

/// Whether a password set by an admin (`set_by_admin`), or changed last at `changed_at`, must
/// be changed at `now`, when passwords expire after `max_age_days` (0: never).
pub fn change_due(
    set_by_admin: bool,
    changed_at: i64,
    max_age_days: i64,
    now: i64,
) -> Option<ChangeDue> {
    if set_by_admin {
        Some(ChangeDue::SetByAdmin)
    } else if max_age_days > 0 && now - changed_at > max_age_days * 86_400 {
        Some(ChangeDue::Expired)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_needs_eight_characters_of_three_kinds() {
        assert_eq!(
            check("Ab1-xyz", "lisi"),
            Err(Problem::PasswordTooShort { min: 8 })
        );
        assert_eq!(
            check("abcdefgh1", "lisi"),
            Err(Problem::PasswordTooSimple { classes: 3 })
        );
        assert_eq!(
            check("roadmap-admin", "zhangsan"),
            Err(Problem::PasswordTooSimple { classes: 3 })
        );
        assert_eq!(check("abcdefg1!", "lisi"), Ok(()));
        assert_eq!(check("Abcdefg12", "lisi"), Ok(()));
        assert_eq!(
            check("数据中心2026ab", "lisi"),
            Ok(()),
            "Chinese counts as another kind"
        );
    }

    #[test]
    fn a_password_may_not_contain_the_user_name() {
        assert_eq!(
            check("Lisi-2026!", "lisi"),
            Err(Problem::PasswordHasUsername)
        );
        assert_eq!(
            check("my-ZHANGSAN-1", "zhangsan"),
            Err(Problem::PasswordHasUsername)
        );
        assert_eq!(check("Harbor-mint-7", "lisi"), Ok(()));
    }

    #[test]
    fn a_change_is_due_after_an_admin_set_it_or_when_it_is_too_old() {
        let day = 86_400;
        assert_eq!(change_due(true, 0, 0, 10), Some(ChangeDue::SetByAdmin));
        assert_eq!(change_due(false, 0, 0, 1000 * day), None, "no expiry");
        assert_eq!(change_due(false, 0, 90, 90 * day), None);
        assert_eq!(
            change_due(false, 0, 90, 90 * day + 1),
            Some(ChangeDue::Expired)
        );
    }
}
