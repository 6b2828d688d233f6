//! Where evidence files' bytes live. In the database by default, so a backup holds everything
//! and several app servers share the files without more set-up. When the database should stay
//! small, in a directory (`--evidence-dir`; every app server must see the same one, e.g. NFS) or
//! an S3-compatible object store (`--evidence-s3`: MinIO, a 政务云's object storage). Either way
//! each content is stored once, named by its SHA-256.

use std::path::Path;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, PutPayload};

#[derive(Debug)]
pub enum FileStoreError {
    Store(object_store::Error),
    Directory {
        dir: String,
        source: std::io::Error,
    },
    /// A file the database says is in the object store, on a server set up without one.
    NotConfigured,
    BadKey(String),
    S3Url(String),
}

impl From<object_store::Error> for FileStoreError {
    fn from(e: object_store::Error) -> Self {
        FileStoreError::Store(e)
    }
}

impl std::error::Error for FileStoreError {}

impl std::fmt::Display for FileStoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::cli::Say;
        match self {
            FileStoreError::Store(e) => Say::EvidenceStoreFailed(e).fmt(f),
            FileStoreError::Directory { dir, source } => {
                Say::EvidenceDirFailed { dir, error: source }.fmt(f)
            }
            FileStoreError::NotConfigured => Say::EvidenceStoreMissing.fmt(f),
            FileStoreError::BadKey(key) => Say::EvidenceKeyInvalid(key).fmt(f),
            FileStoreError::S3Url(url) => Say::EvidenceS3Url(url).fmt(f),
        }
    }
}

/// Where new files go; a file is always read from where its row says it was put.
#[derive(Clone, Debug, Default)]
pub enum FileStore {
    #[default]
    Database,
    Objects {
        store: Arc<dyn ObjectStore>,
        /// The directory or `s3://bucket/prefix`, for logs and the admin page.
        name: String,
    },
}

/// How `file_blobs.stored` names the two places.
pub const IN_DATABASE: &str = "db";
pub const IN_OBJECTS: &str = "objects";

impl FileStore {
    /// Files under `dir`, which is created if missing.
    pub fn directory(dir: &Path) -> Result<FileStore, FileStoreError> {
        let name = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| FileStoreError::Directory {
            dir: name.clone(),
            source,
        })?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(FileStore::Objects {
            store: Arc::new(store),
            name,
        })
    }

    /// Files in an S3-compatible store at `url` (`s3://bucket` or `s3://bucket/prefix`), with the
    /// endpoint and keys from the usual variables (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP` for a plain-HTTP intranet MinIO).
    pub fn s3(url: &str) -> Result<FileStore, FileStoreError> {
        let url = url.trim().trim_end_matches('/');
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| FileStoreError::S3Url(url.to_string()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()?;
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(FileStore::Objects {
            store,
            name: url.to_string(),
        })
    }

    /// What `file_blobs.stored` says of a file put here now.
    pub fn stored_code(&self) -> &'static str {
        match self {
            FileStore::Database => IN_DATABASE,
            FileStore::Objects { .. } => IN_OBJECTS,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            FileStore::Database => "database",
            FileStore::Objects { name, .. } => name,
        }
    }

    /// Puts the bytes in the object store (nothing to do for the database, where the row holds
    /// them). Called before the row is written: a failed write then leaves at most an unnamed
    /// object, never a row without its bytes.
    pub async fn put(&self, sha256: &str, bytes: &[u8]) -> Result<(), FileStoreError> {
        match self {
            FileStore::Database => Ok(()),
            FileStore::Objects { store, .. } => {
                store
                    .put(&key(sha256)?, PutPayload::from(bytes.to_vec()))
                    .await?;
                Ok(())
            }
        }
    }

    /// The bytes of a file the database says are in the object store.
    pub async fn get(&self, sha256: &str) -> Result<Vec<u8>, FileStoreError> {
        match self {
            FileStore::Database => Err(FileStoreError::NotConfigured),
            FileStore::Objects { store, .. } => {
                let found = store.get(&key(sha256)?).await?;
                Ok(found.bytes().await?.to_vec())
            }
        }
    }
}

/// `ab/cd/abcd…`: two levels of folders keep any one directory small. Only a SHA-256 written as
/// 64 hex digits is a key, so no name from a user ever becomes a path.
fn key(sha256: &str) -> Result<object_store::path::Path, FileStoreError> {
    let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return Err(FileStoreError::BadKey(sha256.to_string()));
    }
    Ok(object_store::path::Path::from(format!(
        "{}/{}/{}",
        &sha256[..2],
        &sha256[2..4],
        sha256
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn keys_are_sha256_only() {
        assert_eq!(key(SHA).unwrap().as_ref(), format!("9f/86/{SHA}"));
        assert!(key("../../etc/passwd").is_err());
        assert!(key(&"g".repeat(64)).is_err());
    }

    #[tokio::test]
    async fn a_directory_keeps_what_it_is_given() {
        let dir = std::env::temp_dir().join(format!("roadmap-files-{}", std::process::id()));
        let store = FileStore::directory(&dir).unwrap();
        store.put(SHA, b"test").await.unwrap();
        assert_eq!(store.get(SHA).await.unwrap(), b"test");
        assert!(dir.join("9f").join("86").join(SHA).is_file());
        assert!(FileStore::Database.get(SHA).await.is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_s3_url_names_a_bucket() {
        assert!(matches!(
            FileStore::s3("https://bucket"),
            Err(FileStoreError::S3Url(_))
        ));
        let store = FileStore::s3("s3://evidence/roadmap/").unwrap();
        assert_eq!(store.name(), "s3://evidence/roadmap");
        assert_eq!(store.stored_code(), IN_OBJECTS);
    }
}
