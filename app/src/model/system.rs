//! 系统与安全 (the admin's system page): scheduled backups and signed-in sessions.

use serde::{Deserialize, Serialize};

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    pub schedule: Option<BackupScheduleView>,
    /// The newest first.
    pub backups: Vec<BackupRun>,
}
