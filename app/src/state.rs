//! What every request handler and server function can reach on the server.

use chrono::NaiveDate;

use std::sync::Arc;

use crate::cache::ReadCache;
use crate::db::Db;
use crate::domain::dates::today_in_china;

#[derive(Clone, Debug)]
pub struct ServerContext {
    pub db: Db,
    /// Fixes "today" for demonstrations and reproducible tests; `None` means the real date in China.
    pub today_override: Option<NaiveDate>,
    /// A session unused for this long is signed out.
    pub session_idle_seconds: i64,
    /// Dashboards and reference data, kept until the data change.
    pub cache: Arc<ReadCache>,
    /// The largest evidence file (佐证材料) accepted, in MB.
    pub evidence_max_megabytes: usize,
    /// Where evidence files' bytes are kept: the database, a directory or an object store.
    pub files: crate::files::FileStore,
    /// The SMTP server for e-mail channels, when `--smtp-url` sets one.
    pub mailer: Option<crate::notify::email::Mailer>,
    /// Scheduled backups, when `--backup-dir` sets them up (shown on the system page).
    pub backup_schedule: Option<crate::backup::schedule::BackupSchedule>,
}

impl ServerContext {
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(today_in_china)
    }

    /// Today and the moment, for a change that records when it happened.
    pub fn clock(&self) -> crate::domain::dates::Clock {
        crate::domain::dates::Clock::new(self.today_override)
    }
}
