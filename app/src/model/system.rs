//! 安全与备份 (the admin's security page): scheduled backups, signed-in sessions and the
//! security audit log.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::paging::SecuritySort;
use super::query::list_filter;

/// One scheduled backup, as the database recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupRun {
    /// Unix seconds.
    pub started_at: i64,
    /// `None` while it runs, or when the server running it stopped first.
    pub finished_at: Option<i64>,
    /// Which app server took it (host name and process).
    pub server: String,
    /// The file written, when it succeeded.
    pub file: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
}

/// How this server takes scheduled backups, when it does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupScheduleView {
    pub dir: String,
    pub every_seconds: i64,
    pub keep: usize,
}

/// One signed-in browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// Names the session to end it (the SHA-256 of its token: the token itself is never shown).
    pub handle: String,
    pub username: String,
    pub display_name: String,
    pub role: crate::domain::model::Role,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub address: String,
    /// The browser asking.
    pub current: bool,
}

/// What 安全与备份 shows its reader: each part only to whoever holds its duty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// The system administrator's.
    pub backups: Option<BackupsStatus>,
    /// The security administrator's.
    pub security: Option<SecurityStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupsStatus {
    pub schedule: Option<BackupScheduleView>,
    /// The newest first.
    pub runs: Vec<BackupRun>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityStatus {
    /// The most recently used first, at most [`SESSIONS_SHOWN`].
    pub sessions: Vec<SessionRow>,
    pub sessions_total: i64,
    /// After how many days a password must be changed (0: never).
    pub password_max_age_days: i64,
    /// Whether the three administrators' duties are separated (三员分立).
    pub separate_duties: bool,
}

/// The most sessions the page lists (a county centre has a few dozen users).
pub const SESSIONS_SHOWN: i64 = 200;

/// One record of the security audit log, as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityLogEntry {
    pub id: i64,
    pub at: i64,
    pub username: String,
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub address: String,
    pub detail: String,
}

/// What checking the log's hash chain found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChainState {
    /// Every record links to the one before: this many.
    Intact(u64),
    /// The first record (by id) where it does not.
    BrokenAt(i64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityLogPage {
    pub entries: Vec<SecurityLogEntry>,
    pub page: super::PageInfo,
}

list_filter! {
    /// Filters of the security audit log, with its sort and page.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SecurityLogFilter at "/admin/security" sorted by SecuritySort {
        /// The user name, exactly.
        pub user: Option<String>,
        /// `sign_in`, `refused`, `export` …
        pub action: Option<String>,
        pub from: Option<NaiveDate>,
        pub to: Option<NaiveDate>,
        /// Check the whole hash chain on this view (`?verify=true`): it reads every record.
        pub verify: Option<bool>,
    }
}

/// What happened, as a security audit record says it.
pub mod audit_action {
    pub const SIGN_IN: &str = "sign_in";
    pub const SIGN_IN_FAILED: &str = "sign_in_failed";
    pub const SIGN_OUT: &str = "sign_out";
    /// A request the server refused (403): not signed in, not allowed, or cross-site.
    pub const REFUSED: &str = "refused";
    pub const EXPORT: &str = "export";
    pub const IMPORT: &str = "import";
    pub const REPORT: &str = "report";
    pub const DOWNLOAD: &str = "download";
    pub const ADMIN: &str = "admin";
    pub const SESSION_ENDED: &str = "session_ended";
    pub const AUDIT_EXPORT: &str = "audit_export";
    pub const BACKUP: &str = "backup";
    pub const RESTORE: &str = "restore";
    pub const PASSWORD_CHANGED: &str = "password_changed";

    pub const ALL: &[&str] = &[
        SIGN_IN,
        SIGN_IN_FAILED,
        SIGN_OUT,
        REFUSED,
        EXPORT,
        IMPORT,
        REPORT,
        DOWNLOAD,
        ADMIN,
        SESSION_ENDED,
        AUDIT_EXPORT,
        BACKUP,
        RESTORE,
        PASSWORD_CHANGED,
    ];
}

/// How it ended.
pub mod audit_outcome {
    pub const OK: &str = "ok";
    pub const FAILED: &str = "failed";
    pub const DENIED: &str = "refused";
}
