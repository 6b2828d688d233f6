//! Storage: SQLite (embedded default) or PostgreSQL, behind one [`Db`] handle.
//!
//! Queries are written once with `$1` placeholders (both backends accept them) and run
//! on whichever pool is configured through [`with_pool!`].

pub mod activities;
pub mod backup;
pub mod baselines;
pub mod channels;
pub mod evidence;
pub mod fact_store;
pub mod filter;
pub mod indicators;
pub mod journal;
pub mod milestone_detail;
pub mod milestones;
pub mod notifications;
pub mod plan;
pub mod problems;
pub mod projects;
pub mod queries;
pub mod reference;
pub mod region;
pub mod report;
pub mod rollups;
pub mod rounds;
pub mod search;
pub mod security_log;
pub mod seed;
pub mod sessions;
pub mod synthetic;
pub mod tx;
pub mod uploads;
pub mod users;
pub mod views;
pub mod work_report;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// A pooled PostgreSQL connection idle for this long is pinged before it is used again.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A project's five 资金来源 columns (中央, 省, 市, 县, 自筹), in hundredths of 万元, as every
/// query that reads them gets them (`#[sqlx(flatten)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FundingColumns {
    pub fund_central: i64,
    pub fund_provincial: i64,
    pub fund_city: i64,
    pub fund_county: i64,
    pub fund_social: i64,
}

impl FundingColumns {
    /// In the sheet's order: 中央, 省, 市, 县, 自筹.
    pub fn hundredths(self) -> [i64; 5] {
        [
            self.fund_central,
            self.fund_provincial,
            self.fund_city,
            self.fund_county,
            self.fund_social,
        ]
    }
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    UnsupportedUrl(String),
    InvalidUrl {
        url: String,
        source: sqlx::Error,
    },
    Connect {
        url: String,
        source: sqlx::Error,
    },
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    Migrate(#[from] sqlx::migrate::MigrateError),
    Query(#[from] sqlx::Error),
    /// A stored value the code cannot read (a role, a status …): which record and what.
    Corrupt(String),
    /// The directory or object store that holds evidence files failed.
    Files(#[from] crate::files::FileStoreError),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::cli::Say;
        match self {
            DbError::UnsupportedUrl(url) => Say::DatabaseUrlUnsupported(url).fmt(f),
            DbError::InvalidUrl { url, source } => {
                Say::DatabaseUrlInvalid { url, error: source }.fmt(f)
            }
            DbError::Connect { url, source } => {
                Say::DatabaseUnreachable { url, error: source }.fmt(f)
            }
            DbError::CreateDir { path, source } => Say::DatabaseFolderFailed {
                path,
                error: source,
            }
            .fmt(f),
            DbError::Migrate(e) => Say::MigrationFailed(e).fmt(f),
            DbError::Query(e) => Say::QueryFailed(e).fmt(f),
            DbError::Corrupt(what) => Say::DataCorrupt(what).fmt(f),
            DbError::Files(e) => e.fmt(f),
        }
    }
}

/// Turns a refusal by a UNIQUE constraint into the caller's own error (a field message, a
/// "changed meanwhile" …); any other database error stays one. The checks before a write give
/// the same message; this covers the race where someone else wrote between check and write.
pub trait OnUniqueViolation<T> {
    fn on_unique_violation<E: From<sqlx::Error>>(self, error: impl FnOnce() -> E) -> Result<T, E>;
}

impl<T> OnUniqueViolation<T> for Result<T, sqlx::Error> {
    fn on_unique_violation<E: From<sqlx::Error>>(self, error: impl FnOnce() -> E) -> Result<T, E> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => error(),
            _ => E::from(e),
        })
    }
}

/// Runs the same code on whichever pool `db` holds; `$pool` is bound to `&SqlitePool` or `&PgPool`.
#[macro_export]
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub use with_pool;

/// A connection taken from the pool only because one was free at once ([`Db::try_spare`]).
pub enum SpareConnection {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

/// Runs `$body` with `$executor` bound to the spare connection `$spare` when there is one, else to
/// the pool of `$db`.
macro_rules! with_spare_or_pool {
    ($db:expr, $spare:expr, $executor:ident => $body:expr) => {
        match ($db, $spare) {
            (_, Some($crate::db::SpareConnection::Sqlite(mut connection))) => {
                let $executor = &mut *connection;
                $body
            }
            (_, Some($crate::db::SpareConnection::Postgres(mut connection))) => {
                let $executor = &mut *connection;
                $body
            }
            ($crate::db::Db::Sqlite($executor), None) => $body,
            ($crate::db::Db::Postgres($executor), None) => $body,
        }
    };
}
pub(crate) use with_spare_or_pool;

impl Db {
    /// A free connection of the pool, or `None` at once when none is free: for a query that runs
    /// beside another one of the same task. Waiting for a second connection while holding a first
    /// could wait for ever, once every connection is held by a task doing the same.
    pub fn try_spare(&self) -> Option<SpareConnection> {
        match self {
            Db::Sqlite(pool) => pool.try_acquire().map(SpareConnection::Sqlite),
            Db::Postgres(pool) => pool.try_acquire().map(SpareConnection::Postgres),
        }
    }

    /// Connects to `sqlite://path` (created with its folder when missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|source| DbError::InvalidUrl {
                    url: url.to_string(),
                    source,
                })?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Rows cross from SQLite's worker thread to the async side through a channel; with
                // the default 50 a read of 50,000 milestones woke both sides a thousand times, which
                // cost more than the query. Far more lets a streamed export's reader run ahead of
                // its writer by that many rows, all held in memory.
                .row_buffer_size(ROW_BATCH)
                // Each connection's page cache. SQLite's default, about 2 MB each, held 15 MB
                // between the four after the first dashboard, the largest part of the server's
                // memory beyond the pages it renders; the kernel's file cache serves the pages
                // again about as fast (lists and dashboard timed the same, BENCHMARKS.md).
                .pragma("cache_size", SQLITE_PAGE_CACHE.to_string());
            let path = options.get_filename();
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if path.as_os_str() != ":memory:" {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                // Each connection keeps its own page cache and schema (up to about 2 MB) and a
                // thread; four keep both cores busy with room for a writer, and half the memory.
                .max_connections(4)
                // A file on this machine cannot drop a connection: the ping sqlx sends on every
                // acquire was a round trip to the connection's thread for nothing.
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|source| DbError::Connect {
                    url: url.to_string(),
                    source,
                })?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options =
                PgConnectOptions::from_str(url).map_err(|source| DbError::InvalidUrl {
                    url: redact(url),
                    source,
                })?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                // A ping on every acquire is a round trip to the server per query. A connection
                // in use a moment ago is alive; one idle for a while may have been dropped (a
                // restart, a firewall), so only that one is checked.
                .test_before_acquire(false)
                .before_acquire(|connection, meta| {
                    Box::pin(async move {
                        if meta.idle_for >= PING_AFTER_IDLE {
                            sqlx::Connection::ping(connection).await?;
                        }
                        Ok(true)
                    })
                })
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|source| DbError::Connect {
                    url: redact(url),
                    source,
                })?;
            Ok(Db::Postgres(pool))
        } else {
            Err(DbError::UnsupportedUrl(redact(url)))
        }
    }

    /// A private in-memory SQLite database (tests, benchmarks).
    pub async fn in_memory() -> Result<Db, DbError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        // One connection: every connection to `:memory:` would be a different database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Applies any migrations not yet applied.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// Rows SQLite's driver holds ready for a reader, and a streamed read takes at a time (see
/// [`for_each_row`]).
const ROW_BATCH: usize = 512;

/// The page cache of one pooled SQLite connection, as `PRAGMA cache_size` takes it: negative is
/// KiB rather than pages.
const SQLITE_PAGE_CACHE: i64 = -512;

/// Calls `each` with every row of `rows`, in order, taking the rows the driver already has in
/// batches. SQLite's driver steps the query on a thread of its own and hands rows over one at a
/// time through a bounded channel: a reader slower than SQLite, as a file writer is, would wake
/// that thread for every single row (a quarter of an XLSX export's time went to the scheduler).
/// Emptying the channel at once and then working through the batch wakes it once a batch. Memory
/// stays flat: at most one batch is held here.
pub async fn for_each_row<T, E: From<DbError>>(
    mut rows: impl futures_util::Stream<Item = Result<T, sqlx::Error>> + Unpin,
    mut each: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    use futures_util::{FutureExt, TryStreamExt};
    let mut batch = Vec::with_capacity(ROW_BATCH);
    // What ends the read once the rows before it are handed over: the end (`Ok`) or an error.
    let mut end: Option<Result<(), sqlx::Error>> = None;
    while end.is_none() {
        // Waits for one row, then takes whatever else is ready without waiting.
        match rows.try_next().await.map_err(DbError::from)? {
            Some(row) => batch.push(row),
            None => break,
        }
        while batch.len() < ROW_BATCH && end.is_none() {
            match rows.try_next().now_or_never() {
                Some(Ok(Some(row))) => batch.push(row),
                Some(Ok(None)) => end = Some(Ok(())),
                Some(Err(e)) => end = Some(Err(e)),
                None => break,
            }
        }
        for row in batch.drain(..) {
            each(row)?;
        }
    }
    end.unwrap_or(Ok(())).map_err(|e| DbError::from(e).into())
}

/// Hides the password of a database URL before it is logged or shown.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/roadmap"),
            "postgres://app:***@db:5432/roadmap"
        );
        assert_eq!(
            redact("postgres://app@db/roadmap"),
            "postgres://app@db/roadmap"
        );
        assert_eq!(
            redact("sqlite://data/roadmap.db"),
            "sqlite://data/roadmap.db"
        );
    }

    /// Every pooled connection to a database file keeps the smaller page cache (the server's
    /// memory depends on it) and the write-ahead log as before.
    #[tokio::test]
    async fn a_file_database_connection_keeps_a_small_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("roadmap.db").display());
        let db = Db::connect(&url).await.unwrap();
        let Db::Sqlite(pool) = &db else {
            unreachable!("a sqlite:// address is SQLite")
        };
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut connection = pool.acquire().await.unwrap();
            let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            assert_eq!((cache, journal.as_str()), (-512, "wal"));
            held.push(connection);
        }
    }

    /// The numbers 1 to 2,000 (four batches), one a row; with `fail_at`, that row is an error.
    fn numbers(fail_at: i64) -> String {
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             SELECT CASE WHEN i = {fail_at} THEN abs(-9223372036854775807 - 1 + i - {fail_at}) ELSE i END FROM n"
        )
    }

    #[tokio::test]
    async fn a_streamed_read_hands_over_every_row_once_in_order_and_stops_at_an_error() {
        let db = Db::in_memory().await.unwrap();
        let Db::Sqlite(pool) = &db else {
            unreachable!("an in-memory database is SQLite")
        };
        let (sql, mut seen) = (numbers(0), Vec::new());
        let rows = sqlx::query_scalar::<_, i64>(&sql).fetch(pool);
        for_each_row(rows, |i| {
            seen.push(i);
            Ok::<(), DbError>(())
        })
        .await
        .unwrap();
        assert_eq!(seen, (1..=2000).collect::<Vec<_>>());

        // The reader's own error ends the read there.
        let mut handed = 0;
        let rows = sqlx::query_scalar::<_, i64>(&sql).fetch(pool);
        let stopped = for_each_row(rows, |i| {
            handed += 1;
            match i {
                700 => Err(DbError::Corrupt("row 700".into())),
                _ => Ok(()),
            }
        })
        .await;
        assert!(matches!(stopped, Err(DbError::Corrupt(_))));
        assert_eq!(handed, 700);

        // So does the database's, after the rows before it.
        let (sql, mut handed) = (numbers(1500), 0);
        let rows = sqlx::query_scalar::<_, i64>(&sql).fetch(pool);
        let failed = for_each_row(rows, |_| {
            handed += 1;
            Ok::<(), DbError>(())
        })
        .await;
        assert!(matches!(failed, Err(DbError::Query(_))), "{failed:?}");
        assert_eq!(handed, 1499, "every row before the error, none after");
    }
}
