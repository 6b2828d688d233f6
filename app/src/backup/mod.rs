//! `roadmap backup` and `roadmap restore`: one file holding the database (a consistent copy
//! taken while the server runs), the evidence and report files kept outside it, and a manifest
//! that lets a restore refuse a damaged or foreign file before it changes anything.
//!
//! A restore goes into an empty database, or replaces one with `force` after backing it up
//! first; it is checked table by table against the backup's digests, and the schema is then
//! brought up to this program's migrations.

pub mod archive;
pub mod manifest;
pub mod schedule;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::db::backup::{self as stored, Digests};
use crate::db::sessions::hex;
use crate::db::{Db, DbError};
use crate::files::{FileStore, FileStoreError};
use crate::i18n::backup::BackupSay;
use archive::{ArchiveReader, ArchiveWriter};
use manifest::{outside_file_entry, Backend, Manifest};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Not a zip, no manifest, or another program's manifest.
    #[error("{}", BackupSay::Foreign)]
    NotABackup,
    #[error("{}", BackupSay::NewerFormat(*.0))]
    NewerFormat(u32),
    #[error("{}", BackupSay::OtherBackend { backup: backup.name(), database: database.name() })]
    OtherBackend { backup: Backend, database: Backend },
    #[error("{}", BackupSay::NewerSchema { backup: *backup, known: *known })]
    NewerSchema { backup: i64, known: i64 },
    /// An entry missing, cut short, or not matching its size and SHA-256.
    #[error("{}", BackupSay::Damaged(.0))]
    Damaged(String),
    #[error("{}", BackupSay::NotEmpty)]
    NotEmpty,
    #[error("{}", BackupSay::ToolMissing(.0))]
    ToolMissing(&'static str),
    #[error("{}", BackupSay::ToolFailed { tool, message })]
    ToolFailed { tool: &'static str, message: String },
    #[error("{}", BackupSay::Differs(.0))]
    RestoredDiffers(Vec<String>),
    #[error("{}", BackupSay::NeedsFileStore)]
    FileStoreNeeded,
    /// A file in the directory or object store whose bytes are not the ones recorded.
    #[error("{}", BackupSay::StoredFileDamaged(.0))]
    StoredFileDamaged(String),
    #[error("{}", BackupSay::Integrity(.0))]
    Integrity(String),
    #[error("{}", crate::i18n::cli::Say::FileFailed { path, error: source })]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", BackupSay::Zip(.0))]
    Zip(#[from] zip::result::ZipError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Files(#[from] FileStoreError),
}

impl BackupError {
    pub fn io(path: &Path, source: std::io::Error) -> BackupError {
        BackupError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Writes a backup of `db` (reached at `url`, for `pg_dump`) to `out`, with the files kept
/// outside the database in `files`. Returns its manifest.
pub async fn backup(
    db: &Db,
    url: &str,
    files: &FileStore,
    out: &Path,
) -> Result<Manifest, BackupError> {
    let level = stored::schema_level(db).await?.unwrap_or(0);
    let work = work_dir(out)?;
    let backend = db.backend();
    let copy = work.path().join(backend.database_entry());
    let (digests, outside) = match backend {
        Backend::Sqlite => {
            stored::sqlite_copy(db, &copy).await?;
            stored::sqlite_file_contents(&copy).await?
        }
        Backend::Postgres => stored::postgres_dump(db, url, &copy).await?,
    };
    let mut writer = ArchiveWriter::create(out)?;
    writer = blocking(move || {
        writer.add_file(backend.database_entry(), &copy, true)?;
        Ok(writer)
    })
    .await?;
    for sha256 in &outside {
        let bytes = files.get(sha256).await.map_err(|e| match e {
            FileStoreError::NotConfigured => BackupError::FileStoreNeeded,
            e => BackupError::Files(e),
        })?;
        if hex(&Sha256::digest(&bytes)) != *sha256 {
            return Err(BackupError::StoredFileDamaged(sha256.clone()));
        }
        writer.add_bytes(&outside_file_entry(sha256), &bytes)?;
    }
    let manifest = Manifest::new(backend, level, digests);
    let manifest = blocking(move || writer.finish(manifest)).await?;
    drop(work);
    Ok(manifest)
}

/// What a restore did.
pub struct Restored {
    pub manifest: Manifest,
    /// Where the database that was replaced went, with `force`.
    pub previous: Option<PathBuf>,
    /// The restored database, migrated to this program's schema.
    pub db: Db,
}

/// Restores the backup at `from` into the database at `url`, putting the files it holds outside
/// the database into `files`. Nothing is changed until the whole backup has been checked.
pub async fn restore(
    url: &str,
    files: &FileStore,
    from: &Path,
    force: bool,
) -> Result<Restored, BackupError> {
    let path = from.to_path_buf();
    let mut reader = blocking(move || ArchiveReader::open(&path)).await?;
    let db = Db::connect(url).await?;
    let backend = db.backend();
    reader
        .manifest
        .check_restorable(backend, stored::known_schema_level(backend))?;
    let mut reader = blocking(move || {
        reader.verify()?;
        Ok(reader)
    })
    .await?;
    if reader.manifest.outside_files().next().is_some() && matches!(files, FileStore::Database) {
        return Err(BackupError::FileStoreNeeded);
    }
    let in_use = match stored::schema_level(&db).await? {
        Some(_) => stored::holds_data(&db).await?,
        None => false,
    };
    let previous = match (in_use, force) {
        (true, false) => return Err(BackupError::NotEmpty),
        (true, true) => {
            let previous = previous_backup_path(from);
            backup(&db, url, files, &previous).await?;
            Some(previous)
        }
        (false, _) => None,
    };
    // The files first: each is named by its content, so putting one twice changes nothing, and
    // a database restored afterwards never names a file that is not there.
    let outside: Vec<String> = reader
        .manifest
        .outside_files()
        .map(str::to_string)
        .collect();
    for sha256 in outside {
        let name = outside_file_entry(&sha256);
        let (bytes, back) = blocking(move || Ok((reader.read(&name)?, reader))).await?;
        reader = back;
        files.put(&sha256, &bytes).await?;
    }
    let manifest = reader.manifest.clone();
    match backend {
        Backend::Sqlite => restore_sqlite(db, reader).await?,
        Backend::Postgres => {
            db.close().await;
            restore_postgres(url, reader).await?
        }
    }
    let db = Db::connect(url).await?;
    if let Some(problem) = stored::sqlite_integrity(&db).await? {
        return Err(BackupError::Integrity(problem));
    }
    if backend == Backend::Postgres {
        let (digests, _) = stored::postgres_database_contents(&db).await?;
        same_as_backup(&manifest, &digests)?;
    }
    db.migrate().await?;
    Ok(Restored {
        manifest,
        previous,
        db,
    })
}

/// The SQLite file is written beside the database, checked table by table against the
/// backup, and only then renamed over it: a rename is atomic, so the database is either the
/// old one or the whole restored one.
async fn restore_sqlite(db: Db, mut reader: ArchiveReader) -> Result<(), BackupError> {
    let Db::Sqlite(pool) = &db else {
        return Ok(());
    };
    let target = pool.connect_options().get_filename().to_path_buf();
    let work = work_dir(&target)?;
    let restored = work.path().join(manifest::SQLITE_DATABASE);
    let into = restored.clone();
    let reader = blocking(move || {
        reader.extract(manifest::SQLITE_DATABASE, &into)?;
        Ok(reader)
    })
    .await?;
    let (digests, _) = stored::sqlite_file_contents(&restored).await?;
    same_as_backup(&reader.manifest, &digests)?;
    // The old database's log is emptied into it and removed before the rename: a log left
    // beside the new file would be read as the new file's.
    stored::sqlite_checkpoint(&db).await?;
    db.close().await;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_os_string();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(BackupError::io(Path::new(&side), e)),
        }
    }
    std::fs::rename(&restored, &target).map_err(|e| BackupError::io(&target, e))?;
    archive::sync_parent(&target)
}

async fn restore_postgres(url: &str, mut reader: ArchiveReader) -> Result<(), BackupError> {
    let work = tempfile::tempdir().map_err(|e| BackupError::io(&std::env::temp_dir(), e))?;
    let dump = work.path().join(manifest::POSTGRES_DATABASE);
    let into = dump.clone();
    blocking(move || reader.extract(manifest::POSTGRES_DATABASE, &into)).await?;
    stored::postgres_restore(url, &dump).await
}

fn same_as_backup(manifest: &Manifest, restored: &Digests) -> Result<(), BackupError> {
    let differing = manifest.tables_differing(restored);
    if differing.is_empty() {
        Ok(())
    } else {
        Err(BackupError::RestoredDiffers(differing))
    }
}

/// Where the database a forced restore replaces is backed up first: beside the backup being
/// restored, named by the time.
fn previous_backup_path(from: &Path) -> PathBuf {
    let name = format!(
        "roadmap-before-restore-{}.zip",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    match from.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => PathBuf::from(name),
    }
}

/// A folder for the work files, beside `path` (so a rename into place stays on one disk),
/// removed when dropped.
fn work_dir(path: &Path) -> Result<tempfile::TempDir, BackupError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    tempfile::Builder::new()
        .prefix(".roadmap-backup-")
        .tempdir_in(&dir)
        .map_err(|e| BackupError::io(&dir, e))
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, BackupError> + Send + 'static,
) -> Result<T, BackupError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| BackupError::io(Path::new("."), std::io::Error::other(e.to_string())))?
}
