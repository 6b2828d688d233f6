//! `roadmap backup` and `roadmap restore` on both backends: a backup taken from a live database
//! restores into a new one with every table equal, row by row; a damaged, foreign or
//! other-backend file is refused before anything changes; a database in use is replaced only
//! when forced, and is backed up first.

mod common;

use std::path::Path;

use app::backup::archive::ArchiveReader;
use app::backup::manifest::{Backend, SQLITE_DATABASE};
use app::backup::{backup, restore, BackupError};
use app::db::backup::{postgres_database_contents, schema_level, sqlite_file_contents, Digests};
use app::db::evidence::{self, NewFile, Owner};
use app::db::tx::Statement;
use app::db::Db;
use app::files::FileStore;
use common::{count, empty_database_urls};
use sha2::{Digest, Sha256};

const PDF: &[u8] = b"%PDF-1.4 acceptance report of the e-government network";

/// A sample programme at `url`, with one evidence file kept in `files` outside the database.
async fn live_database(url: &str, files: &FileStore) -> Db {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    assert!(app::db::seed::seed_sample(&db).await.unwrap());
    let sha256 = app::db::sessions::hex(&Sha256::digest(PDF));
    let file = NewFile {
        sha256: &sha256,
        content_type: "application/pdf",
        bytes: PDF,
        file_name: "验收报告.pdf",
        thumbnail: None,
    };
    let (project,): (i64,) = db
        .fetch_one(Statement::new("SELECT MIN(id) FROM projects"))
        .await
        .unwrap();
    evidence::store(&db, files, &file).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    evidence::attach(&mut tx, files, &file, Owner::Project(project), "planner", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db
}

/// Every table's rows and digest, as the database holds them now.
async fn contents(db: &Db, url: &str) -> Digests {
    match db.backend() {
        Backend::Sqlite => {
            app::db::backup::sqlite_checkpoint(db).await.unwrap();
            let path = url.trim_start_matches("sqlite://");
            sqlite_file_contents(Path::new(path)).await.unwrap().0
        }
        Backend::Postgres => postgres_database_contents(db).await.unwrap().0,
    }
}

#[tokio::test]
async fn a_backup_restores_into_a_new_database_with_every_table_equal() {
    let dir = tempfile::tempdir().unwrap();
    let sources = empty_database_urls(dir.path()).await;
    let targets = empty_database_urls(dir.path()).await;
    for (source_url, target_url) in sources.iter().zip(&targets) {
        let files = FileStore::directory(&dir.path().join("files-source")).unwrap();
        let source = live_database(source_url, &files).await;
        let backend = source.backend_name();
        let out = dir.path().join(format!("{backend}.zip"));
        let manifest = backup(&source, source_url, &files, &out).await.unwrap();
        assert_eq!(manifest.outside_files().count(), 1, "{backend}");
        assert!(manifest.tables["projects"].rows > 0, "{backend}");

        // The restore goes into another database and another file directory.
        let restored_files = FileStore::directory(&dir.path().join("files-target")).unwrap();
        let restored = restore(target_url, &restored_files, &out, false)
            .await
            .unwrap();
        assert!(restored.previous.is_none());
        let db = restored.db;

        let before = contents(&source, source_url).await;
        let after = contents(&db, target_url).await;
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        for (table, digest) in &before {
            assert_eq!(&after[table], digest, "{backend}: table {table} differs");
        }
        // The digests do tell rows apart: one changed name shows in its table (and the data
        // version its trigger moves), and in no other.
        db.execute(Statement::new(
            "UPDATE projects SET name = name || ' (renamed)' WHERE id = (SELECT MIN(id) FROM projects)",
        ))
        .await
        .unwrap();
        let changed = contents(&db, target_url).await;
        let differing = manifest.tables_differing(&changed);
        assert!(
            differing
                .iter()
                .all(|t| t == "projects" || t == "data_version")
                && differing.contains(&"projects".to_string()),
            "{backend}: {differing:?}"
        );

        // The evidence file is in the new directory, and the restored database serves it.
        let (attachment,): (i64,) = db
            .fetch_one(Statement::new("SELECT MIN(id) FROM attachments"))
            .await
            .unwrap();
        let stored = evidence::fetch(&db, &restored_files, attachment)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.content, PDF, "{backend}");
        source.close().await;
        db.close().await;
    }
}

#[tokio::test]
async fn a_damaged_or_foreign_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sources = empty_database_urls(dir.path()).await;
    let targets = empty_database_urls(dir.path()).await;
    for (source_url, target_url) in sources.iter().zip(&targets) {
        let files = FileStore::directory(&dir.path().join("files")).unwrap();
        let source = live_database(source_url, &files).await;
        let backend = source.backend_name();
        let out = dir.path().join(format!("{backend}.zip"));
        let manifest = backup(&source, source_url, &files, &out).await.unwrap();
        source.close().await;

        // One byte changed inside the database entry, half-way through the file.
        let database_entry = &manifest.entries[0];
        let mut bytes = std::fs::read(&out).unwrap();
        let middle = (database_entry.bytes as usize / 4).min(bytes.len() / 2);
        bytes[middle] ^= 0x5a;
        let damaged = dir.path().join(format!("{backend}-damaged.zip"));
        std::fs::write(&damaged, &bytes).unwrap();
        let refused = restore(target_url, &files, &damaged, false).await;
        assert!(
            matches!(
                refused,
                Err(BackupError::Damaged(_) | BackupError::NotABackup)
            ),
            "{backend}: {:?}",
            refused.err()
        );

        // Cut short, as a copy that ran out of disk would be.
        let cut = dir.path().join(format!("{backend}-cut.zip"));
        std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
        assert!(matches!(
            restore(target_url, &files, &cut, false).await,
            Err(BackupError::NotABackup)
        ));

        // Another program's zip.
        let foreign = dir.path().join("foreign.zip");
        std::fs::write(&foreign, b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
        assert!(matches!(
            restore(target_url, &files, &foreign, false).await,
            Err(BackupError::NotABackup)
        ));

        // The target was never touched: no schema, no rows.
        let target = Db::connect(target_url).await.unwrap();
        assert_eq!(schema_level(&target).await.unwrap(), None, "{backend}");
        target.close().await;
    }
}

#[tokio::test]
async fn a_database_in_use_is_replaced_only_when_forced_and_backed_up_first() {
    let dir = tempfile::tempdir().unwrap();
    for url in empty_database_urls(dir.path()).await {
        let files = FileStore::directory(&dir.path().join("files")).unwrap();
        let db = live_database(&url, &files).await;
        let backend = db.backend_name();
        let out = dir.path().join(format!("{backend}.zip"));
        backup(&db, &url, &files, &out).await.unwrap();
        let projects = count(&db, "SELECT COUNT(*) FROM projects").await;
        // A change after the backup, which the restore takes back.
        db.execute(Statement::new("DELETE FROM problems"))
            .await
            .unwrap();
        let problems_after_change = count(&db, "SELECT COUNT(*) FROM problems").await;
        assert_eq!(problems_after_change, 0);
        db.close().await;

        assert!(matches!(
            restore(&url, &files, &out, false).await,
            Err(BackupError::NotEmpty)
        ));
        let restored = restore(&url, &files, &out, true).await.unwrap();
        let db = restored.db;
        assert_eq!(count(&db, "SELECT COUNT(*) FROM projects").await, projects);
        assert!(
            count(&db, "SELECT COUNT(*) FROM problems").await > 0,
            "{backend}"
        );

        // The replaced database was kept, as it was just before: without its problems.
        let previous = restored
            .previous
            .expect("the replaced database is backed up");
        let mut kept = ArchiveReader::open(&previous).unwrap();
        kept.verify().unwrap();
        assert_eq!(kept.manifest.tables["problems"].rows, 0, "{backend}");
        assert_eq!(kept.manifest.tables["projects"].rows, projects as u64);
        db.close().await;
    }
}

#[tokio::test]
async fn a_backup_goes_back_only_into_its_own_kind_of_database() {
    let dir = tempfile::tempdir().unwrap();
    let urls = empty_database_urls(dir.path()).await;
    let [sqlite_url, postgres_url] = urls.as_slice() else {
        return; // PostgreSQL is not available here (CI always has it: REQUIRE_POSTGRES).
    };
    let files = FileStore::directory(&dir.path().join("files")).unwrap();
    let sqlite = live_database(sqlite_url, &files).await;
    let out = dir.path().join("sqlite.zip");
    backup(&sqlite, sqlite_url, &files, &out).await.unwrap();
    let mut reader = ArchiveReader::open(&out).unwrap();
    assert!(reader.read(SQLITE_DATABASE).is_ok());
    assert!(matches!(
        restore(postgres_url, &files, &out, false).await,
        Err(BackupError::OtherBackend {
            backup: Backend::Sqlite,
            database: Backend::Postgres
        })
    ));
    sqlite.close().await;
}

#[tokio::test]
async fn files_outside_the_database_need_their_store_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let sources = empty_database_urls(dir.path()).await;
    let targets = empty_database_urls(dir.path()).await;
    for (source_url, target_url) in sources.iter().zip(&targets) {
        let files = FileStore::directory(&dir.path().join("files")).unwrap();
        let source = live_database(source_url, &files).await;
        let backend = source.backend_name();
        // Without the directory, the backup cannot read the file and says so.
        let out = dir.path().join(format!("{backend}.zip"));
        assert!(matches!(
            backup(&source, source_url, &FileStore::Database, &out).await,
            Err(BackupError::FileStoreNeeded)
        ));
        assert!(!out.exists(), "{backend}: no backup file left behind");
        backup(&source, source_url, &files, &out).await.unwrap();
        assert!(matches!(
            restore(target_url, &FileStore::Database, &out, false).await,
            Err(BackupError::FileStoreNeeded)
        ));
        source.close().await;
    }
}

#[tokio::test]
async fn scheduled_backups_are_taken_once_per_interval_and_the_oldest_removed() {
    use app::backup::schedule::{run_due, BackupSchedule};
    let dir = tempfile::tempdir().unwrap();
    for url in empty_database_urls(dir.path()).await {
        let files = FileStore::directory(&dir.path().join("files")).unwrap();
        let first = live_database(&url, &files).await;
        let backend = first.backend_name();
        // A second app server on the same database.
        let second = Db::connect(&url).await.unwrap();
        let schedule = BackupSchedule {
            dir: dir.path().join(format!("scheduled-{backend}")),
            every_seconds: 3_600,
            keep: 2,
        };
        let start = 1_796_574_600; // 2026-12-07 00:30 in China
        for hour in 0..3 {
            let now = start + hour * 3_600;
            // Both servers' schedules fire in the same minute; one takes the backup.
            let (a, b) = tokio::join!(
                run_due(&first, &url, &files, &schedule, now, "app-1"),
                run_due(&second, &url, &files, &schedule, now + 20, "app-2"),
            );
            let taken: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
            assert_eq!(taken.len(), 1, "{backend}: hour {hour}");
            assert!(taken[0].error.is_none(), "{backend}: {:?}", taken[0].error);
        }
        // Later in the last interval, nothing more.
        let later = run_due(
            &first,
            &url,
            &files,
            &schedule,
            start + 2 * 3_600 + 1_200,
            "app-1",
        );
        assert!(later.await.unwrap().is_none());

        let mut kept: Vec<String> = std::fs::read_dir(&schedule.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        kept.sort();
        // Whichever server took it, the newest two hours' backups (01:30 and 02:30 in China).
        assert_eq!(kept.len(), 2, "{backend}: {kept:?}");
        assert!(
            kept[0].starts_with("roadmap-backup-20261207-0130")
                && kept[1].starts_with("roadmap-backup-20261207-0230"),
            "{backend}: {kept:?}"
        );
        let mut newest = ArchiveReader::open(&schedule.dir.join(&kept[1])).unwrap();
        newest.verify().unwrap();

        // The system page's record, newest first.
        let runs = app::db::backup::recent_backup_runs(&first, 10)
            .await
            .unwrap();
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].started_at / 3_600, (start + 2 * 3_600) / 3_600);
        assert!(runs[0].file.as_deref().unwrap().ends_with(&kept[1]));
        assert!(runs[0].bytes.unwrap() > 0);

        // A backup that cannot be written is recorded with its reason.
        let blocked = BackupSchedule {
            dir: dir.path().join(format!("{backend}.zip")),
            ..schedule.clone()
        };
        std::fs::write(&blocked.dir, b"a file where the folder should be").unwrap();
        let failed = run_due(&first, &url, &files, &blocked, start + 3 * 3_600, "app-1")
            .await
            .unwrap()
            .unwrap();
        assert!(failed.error.is_some() && failed.file.is_none());
        let runs = app::db::backup::recent_backup_runs(&first, 1)
            .await
            .unwrap();
        assert_eq!(runs[0].error, failed.error, "{backend}");
        first.close().await;
        second.close().await;
    }
}
