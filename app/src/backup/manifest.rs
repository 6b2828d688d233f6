//! What a backup says of itself (`manifest.json`), and the rules a restore checks it against
//! before anything is changed. Pure: no files, no database.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::BackupError;

/// What `manifest.json` names its format: anything else is not a Roadmap backup.
pub const FORMAT: &str = "roadmap-backup";
/// The layout of the archive. A later layout gets a higher number; this program refuses one it
/// does not know rather than guess.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's name inside the archive; it is written last.
pub const MANIFEST: &str = "manifest.json";
/// The database, as SQLite's `VACUUM INTO` wrote it.
pub const SQLITE_DATABASE: &str = "database.sqlite";
/// The database, as `pg_dump` wrote it (plain SQL).
pub const POSTGRES_DATABASE: &str = "database.sql";
/// Evidence and report files kept outside the database, each named by its SHA-256.
pub const FILES: &str = "files/";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// The archive entry that holds this backend's database.
    pub fn database_entry(self) -> &'static str {
        match self {
            Backend::Sqlite => SQLITE_DATABASE,
            Backend::Postgres => POSTGRES_DATABASE,
        }
    }
}

/// One table as it was at the moment of the backup: its rows, and a SHA-256 over every row's
/// text in a fixed order. A restored table with the same digest holds the same rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDigest {
    pub rows: u64,
    pub sha256: String,
}

/// One file of the archive other than the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The Roadmap version that made it.
    pub app_version: String,
    pub backend: Backend,
    /// The last migration applied to the database when it was backed up.
    pub schema_level: i64,
    /// When, in UTC (RFC 3339).
    pub created_at: String,
    pub tables: BTreeMap<String, TableDigest>,
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// A manifest for a backup being made now; its entries are added as they are written.
    pub fn new(
        backend: Backend,
        schema_level: i64,
        tables: BTreeMap<String, TableDigest>,
    ) -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            backend,
            schema_level,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            tables,
            entries: Vec::new(),
        }
    }

    /// Reads `manifest.json`; anything that is not one is not a Roadmap backup.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, BackupError> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|_| BackupError::NotABackup)?;
        if manifest.format != FORMAT {
            return Err(BackupError::NotABackup);
        }
        Ok(manifest)
    }

    /// Whether this program can restore the backup into a `backend` database whose migrations
    /// go up to `known_level`: its own layout, the same backend, and no schema newer than the
    /// program knows (an older one is brought up to date after the restore).
    pub fn check_restorable(&self, backend: Backend, known_level: i64) -> Result<(), BackupError> {
        if self.format_version > FORMAT_VERSION {
            return Err(BackupError::NewerFormat(self.format_version));
        }
        if self.backend != backend {
            return Err(BackupError::OtherBackend {
                backup: self.backend,
                database: backend,
            });
        }
        if self.schema_level > known_level {
            return Err(BackupError::NewerSchema {
                backup: self.schema_level,
                known: known_level,
            });
        }
        if !self
            .entries
            .iter()
            .any(|e| e.name == backend.database_entry())
        {
            return Err(BackupError::Damaged(backend.database_entry().to_string()));
        }
        Ok(())
    }

    /// The SHA-256 of every file the backup holds outside the database.
    pub fn outside_files(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter_map(|e| e.name.strip_prefix(FILES))
    }

    /// The tables of `restored` that differ from the backup's (missing, extra, or other rows).
    pub fn tables_differing(&self, restored: &BTreeMap<String, TableDigest>) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> =
            self.tables.keys().chain(restored.keys()).collect();
        names
            .into_iter()
            .filter(|name| self.tables.get(*name) != restored.get(*name))
            .cloned()
            .collect()
    }

    pub fn total_rows(&self) -> u64 {
        self.tables.values().map(|t| t.rows).sum()
    }
}

/// The name of a file kept outside the database, inside the archive.
pub fn outside_file_entry(sha256: &str) -> String {
    format!("{FILES}{sha256}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let mut tables = BTreeMap::new();
        tables.insert(
            "projects".to_string(),
            TableDigest {
                rows: 2,
                sha256: "aa".into(),
            },
        );
        let mut m = Manifest::new(Backend::Sqlite, 12, tables);
        m.entries.push(Entry {
            name: SQLITE_DATABASE.into(),
            bytes: 10,
            sha256: "bb".into(),
        });
        m
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = manifest();
        let json = serde_json::to_vec(&m).unwrap();
        assert_eq!(Manifest::parse(&json).unwrap(), m);
    }

    #[test]
    fn other_json_or_another_format_is_not_a_backup() {
        assert!(matches!(
            Manifest::parse(b"{\"name\": \"x\"}"),
            Err(BackupError::NotABackup)
        ));
        let mut m = manifest();
        m.format = "gitea-dump".into();
        let json = serde_json::to_vec(&m).unwrap();
        assert!(matches!(
            Manifest::parse(&json),
            Err(BackupError::NotABackup)
        ));
        assert!(matches!(
            Manifest::parse(b"PK\x03\x04"),
            Err(BackupError::NotABackup)
        ));
    }

    #[test]
    fn a_restore_needs_the_same_backend_and_a_schema_it_knows() {
        let m = manifest();
        assert!(m.check_restorable(Backend::Sqlite, 12).is_ok());
        // An older backup is brought up to date after the restore.
        assert!(m.check_restorable(Backend::Sqlite, 13).is_ok());
        assert!(matches!(
            m.check_restorable(Backend::Sqlite, 11),
            Err(BackupError::NewerSchema {
                backup: 12,
                known: 11
            })
        ));
        assert!(matches!(
            m.check_restorable(Backend::Postgres, 12),
            Err(BackupError::OtherBackend { .. })
        ));
        let mut newer = m.clone();
        newer.format_version = FORMAT_VERSION + 1;
        assert!(matches!(
            newer.check_restorable(Backend::Sqlite, 12),
            Err(BackupError::NewerFormat(_))
        ));
        let mut without_database = m;
        without_database.entries.clear();
        assert!(matches!(
            without_database.check_restorable(Backend::Sqlite, 12),
            Err(BackupError::Damaged(_))
        ));
    }

    #[test]
    fn differing_tables_are_named_once() {
        let m = manifest();
        assert!(m.tables_differing(&m.tables).is_empty());
        let mut restored = m.tables.clone();
        restored.get_mut("projects").unwrap().rows = 1;
        restored.insert(
            "extra".into(),
            TableDigest {
                rows: 0,
                sha256: "cc".into(),
            },
        );
        assert_eq!(
            m.tables_differing(&restored),
            vec!["extra".to_string(), "projects".to_string()]
        );
    }

    #[test]
    fn outside_files_are_listed_by_digest() {
        let mut m = manifest();
        m.entries.push(Entry {
            name: outside_file_entry("abc"),
            bytes: 3,
            sha256: "abc".into(),
        });
        assert_eq!(m.outside_files().collect::<Vec<_>>(), vec!["abc"]);
    }
}
