//! Sign-in and sessions, kept in the database so that several app servers behind one
//! PostgreSQL share them. The cookie holds a random token; the table holds only its SHA-256,
//! so a copy of the database does not let anyone sign in.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use super::tx::Statement;
use super::users::{self, hash_blocking, hash_password, verify_password, SetBy, UserError};
use super::{with_pool, Db, DbError};
use crate::domain::access::{lockout_seconds, Duties};
use crate::domain::model::Role;
use crate::domain::password_rules::{self, ChangeDue, REMEMBERED};
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::CurrentUser;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "roadmap_session";
/// Last-seen times are written at most this often, so reading pages does not write on every request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// What a sign-in attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Signed in: the cookie value to hand out.
    Accepted { token: String, user_id: i64 },
    /// Unknown user, disabled account or wrong password (deliberately not told apart).
    Refused,
    /// Too many failures in a row: try again after this many seconds.
    SlowedDown { wait_seconds: i64 },
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: i64,
    password_hash: String,
    failed_logins: i32,
    locked_until: i64,
}

fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Lower-case hex of some bytes (session token hashes; the server's `ETag`s).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of some bytes, in lower-case hex (token hashes, file and document checksums).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Checks the password, counts failures and slows an account down after repeated ones.
pub async fn sign_in(db: &Db, username: &str, password: &str, now: i64) -> Result<SignIn, DbError> {
    sign_in_from(db, username, password, "", now).await
}

/// [`sign_in`] from a browser at `address`, which its session keeps (the admin's session list).
pub async fn sign_in_from(
    db: &Db,
    username: &str,
    password: &str,
    address: &str,
    now: i64,
) -> Result<SignIn, DbError> {
    let row: Option<Credentials> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, password_hash, failed_logins, locked_until FROM users WHERE username = $1 AND NOT disabled",
        )
        .bind(username.trim())
        .fetch_optional(pool)
        .await?
    });
    let Some(user) = row else {
        // Same work as for a real account, so timing does not tell which names exist.
        verify_password(password, dummy_hash()).await;
        return Ok(SignIn::Refused);
    };
    if user.locked_until > now {
        return Ok(SignIn::SlowedDown {
            wait_seconds: user.locked_until - now,
        });
    }
    if !verify_password(password, &user.password_hash).await {
        let failures = u32::try_from(user.failed_logins)
            .unwrap_or(0)
            .saturating_add(1);
        let wait = lockout_seconds(failures);
        with_pool!(db, pool => {
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                .bind(i32::try_from(failures).unwrap_or(i32::MAX))
                .bind(if wait > 0 { now + wait } else { 0 })
                .bind(user.id)
                .execute(pool)
                .await?;
        });
        return Ok(if wait > 0 {
            SignIn::SlowedDown { wait_seconds: wait }
        } else {
            SignIn::Refused
        });
    }
    let token = new_token();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, address) VALUES ($1, $2, $3, $3, $4)")
            .bind(token_hash(&token))
            .bind(user.id)
            .bind(now)
            .bind(address)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?
    });
    Ok(SignIn::Accepted {
        token,
        user_id: user.id,
    })
}

/// A real argon2id hash of a random password, checked when the user does not exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&new_token()).unwrap_or_default())
}

#[derive(sqlx::FromRow)]
struct SessionRecord {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    last_seen_at: i64,
    data_version: i64,
    unread_notifications: i64,
    must_change_password: bool,
    password_changed_at: i64,
    password_max_age_days: Option<String>,
    separate_duties: Option<String>,
}

/// A signed-in request's user, with what every page of theirs reads besides: the data version
/// and their unread notifications, read in the same statement as the session so that a page
/// view asks the database once before its content.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub user: CurrentUser,
    pub data_version: i64,
    pub unread_notifications: i64,
    /// Whether they must change their password before going on, and why.
    pub password_change: Option<ChangeDue>,
}

/// The user behind a session token, if the session exists, has not been idle longer than
/// `idle_seconds` and its account is enabled. Refreshes the idle clock.
pub async fn session_user(
    db: &Db,
    token: &str,
    now: i64,
    idle_seconds: i64,
) -> Result<Option<SignedIn>, DbError> {
    let hash = token_hash(token);
    let record: Option<SessionRecord> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.role, s.last_seen_at,
                    (SELECT version FROM data_version WHERE id = 1) AS data_version,
                    (SELECT COUNT(*) FROM notifications n
                     WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_notifications,
                    u.must_change_password, u.password_changed_at,
                    (SELECT value FROM settings WHERE key = $2) AS password_max_age_days,
                    (SELECT value FROM settings WHERE key = $3) AS separate_duties
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND NOT u.disabled",
        )
        .bind(&hash)
        .bind(PASSWORD_MAX_AGE_DAYS)
        .bind(SEPARATE_DUTIES)
        .fetch_optional(pool)
        .await?
    });
    let Some(record) = record else {
        return Ok(None);
    };
    if now - record.last_seen_at > idle_seconds {
        delete_session(db, token).await?;
        return Ok(None);
    }
    if now - record.last_seen_at >= TOUCH_EVERY_SECONDS {
        with_pool!(db, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(&hash)
                .execute(pool)
                .await?;
        });
    }
    let role = Role::from_code(&record.role).ok_or_else(|| {
        DbError::Corrupt(format!("users.role = {:?} (id {})", record.role, record.id))
    })?;
    Ok(Some(SignedIn {
        user: CurrentUser {
            id: record.id,
            username: record.username,
            display_name: record.display_name,
            role,
            duties: duties_of(record.separate_duties.as_deref()),
        },
        data_version: record.data_version,
        unread_notifications: record.unread_notifications,
        password_change: password_rules::change_due(
            record.must_change_password,
            record.password_changed_at,
            max_age_days(record.password_max_age_days.as_deref()),
            now,
        ),
    }))
}

/// Signs out one browser.
pub async fn delete_session(db: &Db, token: &str) -> Result<(), DbError> {
    with_pool!(db, pool => {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(pool)
            .await?;
    });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionListRow {
    token_hash: String,
    username: String,
    display_name: String,
    role: String,
    created_at: i64,
    last_seen_at: i64,
    address: String,
}

/// The sessions still within the idle limit (used since `active_since`), the most recently used
/// first, at most `limit`, with how many there are; `own_token` marks the asking browser's.
pub async fn active_sessions(
    db: &Db,
    active_since: i64,
    limit: i64,
    own_token: Option<&str>,
) -> Result<(Vec<crate::model::SessionRow>, i64), DbError> {
    let own = own_token.map(token_hash);
    let (rows, total): (Vec<SessionListRow>, i64) = with_pool!(db, pool => {
        let rows = sqlx::query_as(
            "SELECT s.token_hash, u.username, u.display_name, u.role, s.created_at, s.last_seen_at, s.address
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.last_seen_at >= $1 AND NOT u.disabled
             ORDER BY s.last_seen_at DESC, s.token_hash LIMIT $2",
        )
        .bind(active_since)
        .bind(limit)
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.last_seen_at >= $1 AND NOT u.disabled",
        )
        .bind(active_since)
        .fetch_one(pool)
        .await?;
        (rows, total)
    });
    let sessions = rows
        .into_iter()
        .map(|r| {
            let role = Role::from_code(&r.role)
                .ok_or_else(|| DbError::Corrupt(format!("users.role = {:?}", r.role)))?;
            Ok(crate::model::SessionRow {
                current: own.as_deref() == Some(r.token_hash.as_str()),
                handle: r.token_hash,
                username: r.username,
                display_name: r.display_name,
                role,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                address: r.address,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok((sessions, total))
}

/// Ends the session `handle` names (its token's hash); the user it belonged to, if it existed.
pub async fn end_session(db: &Db, handle: &str) -> Result<Option<String>, DbError> {
    let ended: Option<String> = with_pool!(db, pool => {
        sqlx::query_scalar(
            "DELETE FROM sessions WHERE token_hash = $1
             RETURNING (SELECT username FROM users WHERE users.id = sessions.user_id)",
        )
        .bind(handle)
        .fetch_optional(pool)
        .await?
    });
    Ok(ended)
}

/// Why a password change was refused.
#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    /// The form's fields were wrong (`current_password`, `new_password`, `confirm_password`).
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    User(#[from] UserError),
    #[error(transparent)]
    Db(#[from] DbError),
}

fn wrong_current() -> PasswordChangeError {
    PasswordChangeError::Invalid(FieldErrors::single("current", Problem::PasswordWrong))
}

impl From<PasswordChangeError> for AppError {
    fn from(e: PasswordChangeError) -> Self {
        match e {
            PasswordChangeError::Invalid(errors) => errors.into(),
            PasswordChangeError::User(e) => e.into(),
            PasswordChangeError::Db(e) => e.into(),
        }
    }
}

impl From<sqlx::Error> for PasswordChangeError {
    fn from(e: sqlx::Error) -> Self {
        PasswordChangeError::Db(DbError::Query(e))
    }
}

/// Changes a user's own password and signs out their other browsers; `keep_token` stays valid.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    current: &str,
    new: &str,
    confirm: &str,
    keep_token: &str,
) -> Result<(), PasswordChangeError> {
    let stored: Option<(String, String)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT username, password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?
    });
    let Some((username, stored)) = stored else {
        return Err(wrong_current());
    };
    if !verify_password(current, &stored).await {
        return Err(wrong_current());
    }
    let invalid =
        |field, problem| PasswordChangeError::Invalid(FieldErrors::single(field, problem));
    password_rules::check(new, &username).map_err(|problem| invalid("new", problem))?;
    if new != confirm {
        return Err(invalid("confirm", Problem::PasswordMismatch));
    }
    if users::was_used(db, user_id, new).await? {
        return Err(invalid(
            "new",
            Problem::PasswordReused {
                remembered: REMEMBERED,
            },
        ));
    }
    let hash = hash_password(new).await?;
    let now = chrono::Utc::now().timestamp();
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, user_id, &hash, SetBy::Owner, now).await?;
    tx.execute(
        Statement::new("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(token_hash(keep_token)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The setting after how many days a password must be changed (`0`: never).
pub const PASSWORD_MAX_AGE_DAYS: &str = "password.max_age_days";

/// The setting's days; anything unreadable is "never", as the setting's default is.
pub fn max_age_days(value: Option<&str>) -> i64 {
    value
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|days| *days > 0)
        .unwrap_or(0)
}

/// After how many days passwords must be changed (0: never).
pub async fn password_max_age_days(db: &Db) -> Result<i64, DbError> {
    Ok(max_age_days(
        setting(db, PASSWORD_MAX_AGE_DAYS).await?.as_deref(),
    ))
}

/// The setting that lets people read without signing in (`true` / `false`).
pub const ANONYMOUS_READ: &str = "access.anonymous_read";

/// Whether the admin lets people read pages without signing in.
pub async fn anonymous_read(db: &Db) -> Result<bool, DbError> {
    Ok(setting(db, ANONYMOUS_READ)
        .await?
        .is_some_and(|v| v.trim() == "true"))
}

/// The setting that separates the three administrators' duties, 三员分立 (`true` / `false`).
pub const SEPARATE_DUTIES: &str = "access.separate_duties";

/// The duties the setting's value stands for; anything but `true` keeps them combined.
pub fn duties_of(value: Option<&str>) -> Duties {
    match value.map(str::trim) {
        Some("true") => Duties::Separated,
        _ => Duties::Combined,
    }
}

/// Whether the administrators' duties are separated now.
pub async fn duties(db: &Db) -> Result<Duties, DbError> {
    Ok(duties_of(setting(db, SEPARATE_DUTIES).await?.as_deref()))
}

/// A setting's stored value, if it has one.
async fn setting(db: &Db, key: &str) -> Result<Option<String>, DbError> {
    let value: Option<(String,)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
    });
    Ok(value.map(|(v,)| v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_stored() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
