//! User accounts. Passwords are stored only as argon2id hashes.

use super::tx::{Statement, Tx};
use super::{with_pool, Db, DbError, OnUniqueViolation};
use crate::domain::model::Role;
use crate::domain::password_rules;
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::password;

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    InvalidName,
    /// The password breaks a rule (`domain::password_rules`): which one.
    WeakPassword(Problem),
    Exists(String),
    /// A liaison without a unit to report for.
    LiaisonNeedsUnit,
    /// Units given to an account that is not a liaison.
    UnitsOnlyForLiaison,
    /// A unit name not in the directory.
    UnknownUnit(String),
    /// argon2 failed: a server fault, not the person's.
    Hash(String),
    Db(#[from] DbError),
}

impl UserError {
    /// The form field the person got wrong and what is wrong with it, when it was the person.
    fn field_problem(&self) -> Option<(&'static str, Problem)> {
        match self {
            UserError::InvalidName => Some(("username", Problem::UsernameInvalid)),
            UserError::WeakPassword(problem) => Some(("password", problem.clone())),
            UserError::Exists(username) => Some((
                "username",
                Problem::UserExists {
                    username: username.clone(),
                },
            )),
            UserError::LiaisonNeedsUnit => Some(("units", Problem::LiaisonNeedsUnit)),
            UserError::UnitsOnlyForLiaison => Some(("units", Problem::UnitsOnlyForLiaison)),
            UserError::UnknownUnit(unit) => {
                Some(("units", Problem::UnknownUnit { unit: unit.clone() }))
            }
            UserError::Hash(_) | UserError::Db(_) => None,
        }
    }
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self, self.field_problem()) {
            (UserError::Db(e), _) => e.fmt(f),
            (UserError::Hash(detail), _) => write!(f, "argon2: {detail}"),
            (_, Some((_, problem))) => problem.fmt(f),
            (_, None) => Ok(()),
        }
    }
}

impl From<UserError> for AppError {
    fn from(e: UserError) -> Self {
        match (e.field_problem(), e) {
            (Some((field, problem)), _) => FieldErrors::single(field, problem).into(),
            (None, UserError::Db(e)) => e.into(),
            (None, other) => AppError::Misconfigured(other.to_string()),
        }
    }
}

impl From<sqlx::Error> for UserError {
    fn from(e: sqlx::Error) -> Self {
        UserError::Db(DbError::Query(e))
    }
}

/// The argon2id hash of `password`. Hashing takes tens of milliseconds of CPU on purpose, so it
/// runs on tokio's blocking threads, never on the threads that answer requests.
pub async fn hash_password(password: &str) -> Result<String, UserError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| UserError::Hash(e.to_string()))?
}

/// True when `password` matches the stored hash; a malformed hash never matches. Like
/// [`hash_password`], it runs on a blocking thread.
pub async fn verify_password(password: &str, stored_hash: &str) -> bool {
    let (password, stored_hash) = (password.to_string(), stored_hash.to_string());
    tokio::task::spawn_blocking(move || password::verify(&password, &stored_hash))
        .await
        .unwrap_or(false)
}

pub(super) fn hash_blocking(password: &str) -> Result<String, UserError> {
    password::hash(password).map_err(|e| UserError::Hash(e.to_string()))
}

/// A checked account, its password hashed, ready to insert.
pub struct NewAccount<'a> {
    username: &'a str,
    role: Role,
    hash: String,
    units: &'a [i64],
}

/// Checks a new account (name, password rules, units) and hashes its password: the slow part,
/// done before any transaction starts. A liaison is bound to `units` (at least one); other
/// roles take none.
pub async fn new_account<'a>(
    username: &'a str,
    role: Role,
    password: &str,
    units: &'a [i64],
) -> Result<NewAccount<'a>, UserError> {
    let username = username.trim();
    if username.is_empty() || username.chars().count() > 64 {
        return Err(UserError::InvalidName);
    }
    password_rules::check(password, username).map_err(UserError::WeakPassword)?;
    check_units(role, units)?;
    let hash = hash_password(password).await?;
    Ok(NewAccount {
        username,
        role,
        hash,
        units,
    })
}

/// Inserts `account` in `tx`; returns its id. Its password is an initial one, which its owner
/// changes at the first sign-in.
pub async fn insert_account(tx: &mut Tx, account: &NewAccount<'_>) -> Result<i64, UserError> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(account.username)
            .bind(account.role.code())
            .bind(&account.hash),
        )
        .await
        .on_unique_violation(|| UserError::Exists(account.username.to_string()))?;
    set_password(tx, id, &account.hash, SetBy::Admin, now()).await?;
    set_units(tx, id, account.units).await?;
    Ok(id)
}

/// Creates a user on its own (the command line); returns its id.
pub async fn add_user(
    db: &Db,
    username: &str,
    role: Role,
    password: &str,
    units: &[i64],
) -> Result<i64, UserError> {
    let account = new_account(username, role, password, units).await?;
    let mut tx = db.begin().await?;
    let id = insert_account(&mut tx, &account).await?;
    tx.commit().await?;
    Ok(id)
}

/// A liaison reports for at least one unit; nobody else is bound to units.
pub fn check_units(role: Role, units: &[i64]) -> Result<(), UserError> {
    match (role, units.is_empty()) {
        (Role::Liaison, true) => Err(UserError::LiaisonNeedsUnit),
        (Role::Liaison, false) | (_, true) => Ok(()),
        (_, false) => Err(UserError::UnitsOnlyForLiaison),
    }
}

/// Replaces the units a person reports for.
pub async fn set_units(tx: &mut Tx, user_id: i64, units: &[i64]) -> Result<(), sqlx::Error> {
    tx.execute(Statement::new("DELETE FROM user_units WHERE user_id = $1").bind(user_id))
        .await?;
    for unit in units {
        tx.execute(
            Statement::new(
                "INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(*unit),
        )
        .await?;
    }
    Ok(())
}

/// The units a person reports for: (id, name), by the units' order.
pub async fn units_of(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT u.id, u.name FROM user_units uu JOIN units u ON u.id = uu.unit_id
                 WHERE uu.user_id = $1 ORDER BY u.sort_order, u.name",
            )
            .bind(user_id),
        )
        .await?)
}

/// Every binding of a person to a unit: (user id, unit name), for the admin's list.
pub async fn all_unit_bindings(db: &Db) -> Result<Vec<(i64, String)>, DbError> {
    Ok(db
        .fetch_all(Statement::new(
            "SELECT uu.user_id, u.name FROM user_units uu JOIN units u ON u.id = uu.unit_id
             ORDER BY uu.user_id, u.sort_order, u.name",
        ))
        .await?)
}

/// Unit ids for names as typed (trimmed, exact); the first unknown name is an error.
pub async fn unit_ids(db: &Db, names: &[String]) -> Result<Vec<i64>, UserError> {
    let mut ids = Vec::new();
    for name in names {
        let row: Option<(i64,)> = db
            .fetch_optional(
                Statement::new("SELECT id FROM units WHERE name = $1").bind(name.trim()),
            )
            .await
            .map_err(DbError::from)?;
        match row {
            Some((id,)) => ids.push(id),
            None => return Err(UserError::UnknownUnit(name.trim().to_string())),
        }
    }
    Ok(ids)
}

/// The stored hash and role of `username`, for sign-in.
pub async fn credentials(db: &Db, username: &str) -> Result<Option<(i64, String, Role)>, DbError> {
    let row: Option<(i64, String, String)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, password_hash, role FROM users WHERE username = $1 AND NOT disabled")
            .bind(username.trim())
            .fetch_optional(pool)
            .await?
    });
    row.map(|(id, hash, role)| {
        Role::from_code(&role)
            .map(|r| (id, hash, r))
            .ok_or_else(|| DbError::Corrupt(format!("users.role = {role:?} (id {id})")))
    })
    .transpose()
}

/// Every account, for the admin: (id, user name, display name, role code, disabled).
pub async fn all(db: &Db) -> Result<Vec<(i64, String, String, String, bool)>, DbError> {
    Ok(db
        .fetch_all(Statement::new(
            "SELECT id, username, display_name, role, disabled FROM users ORDER BY id",
        ))
        .await?)
}

pub async fn set_display_name(tx: &mut Tx, id: i64, display_name: &str) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("UPDATE users SET display_name = $1 WHERE id = $2")
            .bind(display_name)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// An account's role code and whether it is disabled.
pub async fn role_and_disabled(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    tx.fetch_optional(Statement::new("SELECT role, disabled FROM users WHERE id = $1").bind(id))
        .await
}

pub async fn set_role(tx: &mut Tx, id: i64, role: Role, disabled: bool) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("UPDATE users SET role = $1, disabled = $2 WHERE id = $3")
            .bind(role.code())
            .bind(disabled)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Sets a new password hash and lifts any sign-in slow-down; false when there is no such account.
/// Who set a password: its owner, or an admin (a new account, a reset), whose password the
/// owner must replace at the next sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetBy {
    Owner,
    Admin,
}

/// Makes `hash` the account's password as of `now`, remembers it among the last
/// [`password_rules::REMEMBERED`], and clears the sign-in throttle. False when there is no such
/// account.
pub async fn set_password(
    tx: &mut Tx,
    id: i64,
    hash: &str,
    set_by: SetBy,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = tx
        .execute(
            Statement::new(
                "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = 0,
                 must_change_password = $3, password_changed_at = $4 WHERE id = $2",
            )
            .bind(hash)
            .bind(id)
            .bind(set_by == SetBy::Admin)
            .bind(now),
        )
        .await?;
    if updated == 0 {
        return Ok(false);
    }
    tx.execute(
        Statement::new(
            "INSERT INTO password_history (user_id, password_hash, changed_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(hash)
        .bind(now),
    )
    .await?;
    tx.execute(
        Statement::new(
            "DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
             (SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
        )
        .bind(id)
        .bind(password_rules::REMEMBERED as i64),
    )
    .await?;
    Ok(true)
}

/// The account's user name and role, if it exists.
pub async fn username_and_role(db: &Db, id: i64) -> Result<Option<(String, Role)>, DbError> {
    let row: Option<(String, String)> = db
        .fetch_optional(Statement::new("SELECT username, role FROM users WHERE id = $1").bind(id))
        .await?;
    row.map(|(name, role)| {
        Role::from_code(&role)
            .map(|r| (name, r))
            .ok_or_else(|| DbError::Corrupt(format!("users.role = {role:?} (id {id})")))
    })
    .transpose()
}

/// The first of `roles` that no enabled account has, if any.
pub async fn first_without_enabled_account(
    tx: &mut Tx,
    roles: &[Role],
) -> Result<Option<Role>, sqlx::Error> {
    for role in roles {
        let (count,): (i64,) = tx
            .fetch_one(
                Statement::new("SELECT COUNT(*) FROM users WHERE role = $1 AND NOT disabled")
                    .bind(role.code()),
            )
            .await?;
        if count == 0 {
            return Ok(Some(*role));
        }
    }
    Ok(None)
}

/// Whether `password` is the account's current password or one of its remembered ones.
pub async fn was_used(db: &Db, id: i64, password: &str) -> Result<bool, DbError> {
    let hashes: Vec<(String,)> = db
        .fetch_all(
            Statement::new(
                "SELECT password_hash FROM users WHERE id = $1
                 UNION SELECT password_hash FROM password_history WHERE user_id = $1",
            )
            .bind(id),
        )
        .await?;
    for (hash,) in hashes {
        if verify_password(password, &hash).await {
            return Ok(true);
        }
    }
    Ok(false)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Signs an account out of every browser.
pub async fn end_sessions(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    tx.execute(Statement::new("DELETE FROM sessions WHERE user_id = $1").bind(id))
        .await?;
    Ok(())
}
