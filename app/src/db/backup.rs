//! The database side of backups: a consistent copy (SQLite's `VACUUM INTO`, or `pg_dump` in
//! the snapshot of an open transaction), every table's digest in that same snapshot, and a
//! PostgreSQL restore through `psql` in one transaction. The search index is copied with the rest
//! but not digested: it is derived from the tables that are, by their triggers.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;

use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, PgConnection, SqliteConnection};

use super::tx::Statement;
use super::{sessions::hex, with_pool, Db, DbError, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::backup::manifest::{Backend, TableDigest};
use crate::backup::BackupError;
use crate::files::IN_OBJECTS;
use crate::model::BackupRun;

/// Every table's rows and digest, by name.
pub type Digests = BTreeMap<String, TableDigest>;

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The last migration this program knows for `backend`.
pub fn known_schema_level(backend: Backend) -> i64 {
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The last migration applied to `db`, or `None` for a database Roadmap has never used.
pub async fn schema_level(db: &Db) -> Result<Option<i64>, DbError> {
    let has_migrations: bool = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(pool)
        .await?,
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                .fetch_one(pool)
                .await?
        }
    };
    if !has_migrations {
        return Ok(None);
    }
    let level: Option<i64> = with_pool!(db, pool => sqlx::query_scalar(
        "SELECT MAX(version) FROM _sqlx_migrations WHERE success"
    )
    .fetch_one(pool)
    .await)?;
    Ok(Some(level.unwrap_or(0)))
}

/// Whether a database with Roadmap's schema holds anything someone entered: a roadmap, a unit,
/// a user or a project. One that was only migrated (a server started once) holds none.
pub async fn holds_data(db: &Db) -> Result<bool, DbError> {
    let rows: i64 = with_pool!(db, pool => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM roadmaps) + (SELECT COUNT(*) FROM units) \
         + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM projects)"
    )
    .fetch_one(pool)
    .await)?;
    Ok(rows > 0)
}

/// A consistent copy of a live SQLite database at `to` (which must not exist yet): SQLite's
/// `VACUUM INTO` reads one snapshot, whatever is written meanwhile.
pub async fn sqlite_copy(db: &Db, to: &Path) -> Result<(), DbError> {
    if let Db::Sqlite(pool) = db {
        sqlx::query("VACUUM INTO $1")
            .bind(to.display().to_string())
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Checkpoints a SQLite database's write-ahead log into the file and empties it, so that the
/// file alone holds everything before it is replaced.
pub async fn sqlite_checkpoint(db: &Db) -> Result<(), DbError> {
    if let Db::Sqlite(pool) = db {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The digests and the files kept outside the database, of the SQLite database file at `path`
/// (a copy, opened read-only).
pub async fn sqlite_file_contents(path: &Path) -> Result<(Digests, Vec<String>), DbError> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let mut connection = pool.acquire().await?;
    let contents = sqlite_contents(&mut connection).await;
    drop(connection);
    pool.close().await;
    contents
}

/// `PRAGMA integrity_check` of `db`: `None` when it is ok, else SQLite's first complaint.
pub async fn sqlite_integrity(db: &Db) -> Result<Option<String>, DbError> {
    let Db::Sqlite(pool) = db else {
        return Ok(None);
    };
    let answer: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(pool)
        .await?;
    Ok((answer != "ok").then_some(answer))
}

async fn sqlite_contents(
    connection: &mut SqliteConnection,
) -> Result<(Digests, Vec<String>), DbError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE 'search_index%' ORDER BY name",
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut digests = Digests::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(&table)
                .fetch_all(&mut *connection)
                .await?;
        let quoted: Vec<String> = columns.iter().map(|c| identifier(c)).collect();
        let row_text = quoted
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let statement = format!(
            "SELECT {row_text} FROM {} ORDER BY {}",
            identifier(&table),
            quoted.join(", ")
        );
        let rows = sqlx::query_scalar::<_, String>(&statement).fetch(&mut *connection);
        digests.insert(table, digest_rows(rows).await?);
    }
    let outside = sqlx::query_scalar(STORED_OUTSIDE)
        .bind(IN_OBJECTS)
        .fetch_all(&mut *connection)
        .await?;
    Ok((digests, outside))
}

/// The files kept outside the database (in a directory or object store), by SHA-256.
const STORED_OUTSIDE: &str = "SELECT sha256 FROM file_blobs WHERE stored = $1 ORDER BY sha256";

/// Hashes each row's text, in the order given, with a line end after each.
async fn digest_rows(
    mut rows: impl futures_util::Stream<Item = Result<String, sqlx::Error>> + Unpin,
) -> Result<TableDigest, DbError> {
    use futures_util::TryStreamExt;
    let mut hasher = Sha256::new();
    let mut count = 0u64;
    while let Some(row) = rows.try_next().await? {
        hasher.update(row.as_bytes());
        hasher.update(b"\n");
        count += 1;
    }
    Ok(TableDigest {
        rows: count,
        sha256: hex(&hasher.finalize()),
    })
}

/// A table or column name as SQL writes it, quoted.
fn identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn postgres_contents(
    connection: &mut PgConnection,
) -> Result<(Digests, Vec<String>), DbError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
         AND tablename NOT LIKE 'search_index%' ORDER BY tablename",
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut digests = Digests::new();
    for table in tables {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&table)
        .fetch_all(&mut *connection)
        .await?;
        // Text in byte order: the same rows sort the same in a database made with another
        // collation.
        let order = columns
            .iter()
            .map(|(name, kind)| match kind.as_str() {
                "text" | "character varying" | "character" => {
                    format!("t.{} COLLATE \"C\"", identifier(name))
                }
                _ => format!("t.{}", identifier(name)),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let statement = format!(
            "SELECT t::text FROM {} t ORDER BY {order}",
            identifier(&table)
        );
        let rows = sqlx::query_scalar::<_, String>(&statement).fetch(&mut *connection);
        digests.insert(table, digest_rows(rows).await?);
    }
    let outside = sqlx::query_scalar(STORED_OUTSIDE)
        .bind(IN_OBJECTS)
        .fetch_all(&mut *connection)
        .await?;
    Ok((digests, outside))
}

/// The digests and outside files of a PostgreSQL database as it is now (after a restore).
pub async fn postgres_database_contents(db: &Db) -> Result<(Digests, Vec<String>), DbError> {
    let Db::Postgres(pool) = db else {
        return Ok(Default::default());
    };
    let mut connection = pool.acquire().await?;
    postgres_contents(&mut connection).await
}

/// `pg_dump` of the database at `url` into `to`, and the digests and outside files of the very
/// same snapshot: an open read-only transaction exports its snapshot, `pg_dump` reads in it,
/// and the digests are taken in it while the dump runs.
pub async fn postgres_dump(
    db: &Db,
    url: &str,
    to: &Path,
) -> Result<(Digests, Vec<String>), BackupError> {
    let Db::Postgres(pool) = db else {
        return Err(BackupError::OtherBackend {
            backup: Backend::Postgres,
            database: Backend::Sqlite,
        });
    };
    let mut connection = pool.acquire().await.map_err(DbError::from)?;
    let mut snapshot = connection.begin().await.map_err(DbError::from)?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *snapshot)
        .await
        .map_err(DbError::from)?;
    let snapshot_id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *snapshot)
        .await
        .map_err(DbError::from)?;
    let (address, password) = libpq_address(url);
    let mut dump = tokio::process::Command::new("pg_dump");
    dump.args(["--format=plain", "--no-owner", "--no-privileges"])
        .arg(format!("--snapshot={snapshot_id}"))
        .arg("--file")
        .arg(to)
        .arg(format!("--dbname={address}"));
    let dump = run_tool(dump, "pg_dump", password.as_deref());
    let contents = postgres_contents(&mut snapshot);
    let (dumped, contents) = tokio::join!(dump, contents);
    dumped?;
    let contents = contents?;
    snapshot.commit().await.map_err(DbError::from)?;
    Ok(contents)
}

/// Replaces everything in the PostgreSQL database at `url` with the dump at `dump`, in one
/// transaction: either the database is the backup's, or it is as it was.
pub async fn postgres_restore(url: &str, dump: &Path) -> Result<(), BackupError> {
    let (address, password) = libpq_address(url);
    let mut psql = tokio::process::Command::new("psql");
    psql.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"])
        .arg("-c")
        .arg(DROP_EVERYTHING)
        .arg("-f")
        .arg(dump)
        .arg(format!("--dbname={address}"));
    run_tool(psql, "psql", password.as_deref()).await
}

/// Drops every table, view, sequence and function of the schema the restore goes into, so the
/// dump's own (which name the schema) go into an empty one, whatever was there before.
const DROP_EVERYTHING: &str = "DO $$
DECLARE object text;
BEGIN
  FOR object IN SELECT format('%I.%I', schemaname, viewname) FROM pg_views WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP VIEW IF EXISTS ' || object || ' CASCADE';
  END LOOP;
  FOR object IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP TABLE IF EXISTS ' || object || ' CASCADE';
  END LOOP;
  FOR object IN SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP SEQUENCE IF EXISTS ' || object || ' CASCADE';
  END LOOP;
  FOR object IN SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || object || ' CASCADE';
  END LOOP;
END $$";

/// Runs a PostgreSQL client program to its end; the password goes in its environment, not on
/// its command line, where anyone on the machine could read it.
async fn run_tool(
    mut command: tokio::process::Command,
    tool: &'static str,
    password: Option<&str>,
) -> Result<(), BackupError> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BackupError::ToolMissing(tool),
            _ => BackupError::ToolFailed {
                tool,
                message: e.to_string(),
            },
        })?;
    if output.status.success() {
        Ok(())
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(BackupError::ToolFailed { tool, message })
    }
}

/// The database URL without its password, and the password (decoded) apart.
fn libpq_address(url: &str) -> (String, Option<String>) {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let password = parsed.password().map(|p| {
                percent_encoding::percent_decode_str(p)
                    .decode_utf8_lossy()
                    .into_owned()
            });
            if password.is_some() {
                // Only a URL that cannot have a password refuses to lose one.
                let _ = parsed.set_password(None);
            }
            (parsed.to_string(), password)
        }
        Err(_) => (url.to_string(), None),
    }
}

/// Claims the scheduled backup of interval `slot` for `server`: true when this call made the
/// claim, false when some server had already.
pub async fn claim_backup_slot(
    db: &Db,
    slot: i64,
    now: i64,
    server: &str,
) -> Result<bool, DbError> {
    let claimed = db
        .execute(
            Statement::new(
                "INSERT INTO backup_runs (slot, started_at, server) VALUES ($1, $2, $3) \
                 ON CONFLICT (slot) DO NOTHING",
            )
            .bind(slot)
            .bind(now)
            .bind(server),
        )
        .await?;
    Ok(claimed == 1)
}

/// Records how the backup of interval `slot` ended: its file and size, or what went wrong.
pub async fn finish_backup_slot(
    db: &Db,
    slot: i64,
    finished_at: i64,
    file: Option<&String>,
    bytes: Option<i64>,
    error: Option<&str>,
) -> Result<(), DbError> {
    db.execute(
        Statement::new(
            "UPDATE backup_runs SET finished_at = $2, file = $3, bytes = $4, error = $5 WHERE slot = $1",
        )
        .bind(slot)
        .bind(finished_at)
        .bind(file.map(String::as_str))
        .bind(bytes)
        .bind(error),
    )
    .await?;
    Ok(())
}

/// The newest scheduled backups, at most `limit`.
pub async fn recent_backup_runs(db: &Db, limit: i64) -> Result<Vec<BackupRun>, DbError> {
    type Row = (
        i64,
        Option<i64>,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            Statement::new(
                "SELECT started_at, finished_at, server, file, bytes, error FROM backup_runs \
                 ORDER BY slot DESC LIMIT $1",
            )
            .bind(limit),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(started_at, finished_at, server, file, bytes, error)| BackupRun {
                started_at,
                finished_at,
                server,
                file,
                bytes,
                error,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_address_decoded() {
        assert_eq!(
            libpq_address("postgres://app:p%40ss@db:5432/roadmap"),
            (
                "postgres://app@db:5432/roadmap".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            libpq_address("postgres://app@db/roadmap"),
            ("postgres://app@db/roadmap".to_string(), None)
        );
    }

    #[test]
    fn names_are_quoted_as_identifiers() {
        assert_eq!(identifier("projects"), "\"projects\"");
        assert_eq!(identifier("a\"b"), "\"a\"\"b\"");
    }
}
