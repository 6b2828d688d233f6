//! Evidence files (佐证材料) in storage: each content once (by SHA-256), and the attachments that
//! point at it from submission entries, progress history, problems and projects.

use std::collections::HashMap;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::files::{FileStore, IN_OBJECTS};
use crate::model::AttachmentView;

/// Where an attachment hangs. Stored as text in `attachments.entity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    SubmissionItem(i64),
    MilestoneProgress(i64),
    ProjectProgress(i64),
    Problem(i64),
    Project(i64),
    /// A record of the activity ledger (工作台账).
    Activity(i64),
    /// An indicator's value for a period (`indicator_values.id`).
    IndicatorValue(i64),
}

impl Owner {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Owner::SubmissionItem(id) => ("submission_item", id),
            Owner::MilestoneProgress(id) => ("milestone_progress", id),
            Owner::ProjectProgress(id) => ("project_progress", id),
            Owner::Problem(id) => ("problem", id),
            Owner::Project(id) => ("project", id),
            Owner::Activity(id) => ("activity", id),
            Owner::IndicatorValue(id) => ("indicator_value", id),
        }
    }

    pub fn from_parts(entity: &str, id: i64) -> Option<Owner> {
        Some(match entity {
            "submission_item" => Owner::SubmissionItem(id),
            "milestone_progress" => Owner::MilestoneProgress(id),
            "project_progress" => Owner::ProjectProgress(id),
            "problem" => Owner::Problem(id),
            "project" => Owner::Project(id),
            "activity" => Owner::Activity(id),
            "indicator_value" => Owner::IndicatorValue(id),
            _ => return None,
        })
    }
}

/// A checked upload on its way to storage.
pub struct NewFile<'a> {
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    /// As uploaded; shown and offered on download, never used as a path.
    pub file_name: &'a str,
    /// A photo's preview (`reporting::thumbnail`).
    pub thumbnail: Option<&'a [u8]>,
}

/// Puts the bytes where `files` keeps them, before any row is written (a failed transaction then
/// leaves at most an object nobody names, never a row without its bytes). A content stored
/// before is not sent again.
pub async fn store(db: &Db, files: &FileStore, file: &NewFile<'_>) -> Result<(), DbError> {
    if matches!(files, FileStore::Database) {
        return Ok(());
    }
    let known: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT stored FROM file_blobs WHERE sha256 = $1").bind(file.sha256),
        )
        .await?;
    if known.is_some() {
        return Ok(());
    }
    Ok(files.put(file.sha256, file.bytes).await?)
}

/// Records the bytes' row once per content: the bytes themselves when `files` is the database,
/// where [`store`] put them otherwise.
pub async fn record_blob(
    tx: &mut Tx,
    files: &FileStore,
    file: &NewFile<'_>,
) -> Result<(), sqlx::Error> {
    let size = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
    let in_row: &[u8] = match files {
        FileStore::Database => file.bytes,
        FileStore::Objects { .. } => &[],
    };
    tx.execute(
        Statement::new(
            "INSERT INTO file_blobs (sha256, size, content_type, content, stored, thumbnail)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(file.sha256)
        .bind(size)
        .bind(file.content_type)
        .bind(in_row)
        .bind(files.stored_code())
        .bind(file.thumbnail),
    )
    .await?;
    Ok(())
}

/// Records the file ([`record_blob`]) and attaches it to `owner`; returns the attachment's id.
pub async fn attach(
    tx: &mut Tx,
    files: &FileStore,
    file: &NewFile<'_>,
    owner: Owner,
    by: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    record_blob(tx, files, file).await?;
    let (entity, entity_id) = owner.parts();
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO attachments (sha256, file_name, entity, entity_id, uploaded_at, uploaded_by)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(file.sha256)
            .bind(file.file_name)
            .bind(entity)
            .bind(entity_id)
            .bind(at)
            .bind(by),
        )
        .await?;
    Ok(id)
}

/// Attaches the files of `from` to `to` as well (an accepted entry's files go with its history
/// and stay with the submission); the bytes are not copied.
pub async fn copy_all(tx: &mut Tx, from: Owner, to: Owner) -> Result<(), sqlx::Error> {
    let (from_entity, from_id) = from.parts();
    let (to_entity, to_id) = to.parts();
    tx.execute(
        Statement::new(
            "INSERT INTO attachments (sha256, file_name, entity, entity_id, uploaded_at, uploaded_by)
             SELECT sha256, file_name, $1, $2, uploaded_at, uploaded_by FROM attachments
             WHERE entity = $3 AND entity_id = $4 ORDER BY id",
        )
        .bind(to_entity)
        .bind(to_id)
        .bind(from_entity)
        .bind(from_id),
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    entity_id: i64,
    id: i64,
    file_name: String,
    size: i64,
    content_type: String,
    thumbnail: bool,
}

/// The attachments of several owners of one kind, by owner id.
async fn for_owners(
    db: &Db,
    entity: &str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    let mut out: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let rows: Vec<ListedRow> = db
            .fetch_all(
                Statement::new(format!(
                    "SELECT a.entity_id, a.id, a.file_name, b.size, b.content_type,
                            b.thumbnail IS NOT NULL AS thumbnail
                     FROM attachments a JOIN file_blobs b ON b.sha256 = a.sha256
                     WHERE a.entity = $1 AND a.entity_id IN ({}) ORDER BY a.id",
                    placeholders.join(", ")
                ))
                .bind(entity)
                .bind_all(chunk.iter().map(|id| (*id).into())),
            )
            .await?;
        for row in rows {
            out.entry(row.entity_id).or_default().push(AttachmentView {
                id: row.id,
                file_name: row.file_name,
                size: row.size,
                content_type: row.content_type,
                thumbnail: row.thumbnail,
            });
        }
    }
    Ok(out)
}

pub async fn for_items(
    db: &Db,
    item_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    for_owners(db, "submission_item", item_ids).await
}

pub async fn for_milestone_progress(
    db: &Db,
    progress_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    for_owners(db, "milestone_progress", progress_ids).await
}

pub async fn for_activities(
    db: &Db,
    activity_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    for_owners(db, "activity", activity_ids).await
}

pub async fn for_indicator_values(
    db: &Db,
    value_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    for_owners(db, "indicator_value", value_ids).await
}

/// Removes every attachment of `owner` (its record is being deleted; shared bytes stay).
pub async fn detach_all(tx: &mut Tx, owner: Owner) -> Result<(), sqlx::Error> {
    let (entity, id) = owner.parts();
    tx.execute(
        Statement::new("DELETE FROM attachments WHERE entity = $1 AND entity_id = $2")
            .bind(entity)
            .bind(id),
    )
    .await?;
    Ok(())
}

pub async fn for_project_progress(
    db: &Db,
    progress_ids: &[i64],
) -> Result<HashMap<i64, Vec<AttachmentView>>, DbError> {
    for_owners(db, "project_progress", progress_ids).await
}

/// An attachment's name, type and owner, without its bytes.
#[derive(sqlx::FromRow)]
pub struct FileInfo {
    pub file_name: String,
    pub content_type: String,
    pub entity: String,
    pub entity_id: i64,
    sha256: String,
    stored: String,
}

impl FileInfo {
    pub fn owner(&self) -> Option<Owner> {
        Owner::from_parts(&self.entity, self.entity_id)
    }
}

/// One stored file with its bytes.
pub struct StoredFile {
    pub info: FileInfo,
    pub content: Vec<u8>,
}

pub async fn describe(db: &Db, attachment_id: i64) -> Result<Option<FileInfo>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(
                "SELECT a.file_name, b.content_type, a.entity, a.entity_id, b.sha256, b.stored
                 FROM attachments a JOIN file_blobs b ON b.sha256 = a.sha256 WHERE a.id = $1",
            )
            .bind(attachment_id),
        )
        .await?)
}

/// The bytes of a described file, read from wherever they were put (the row, or `files`).
pub async fn content(db: &Db, files: &FileStore, info: &FileInfo) -> Result<Vec<u8>, DbError> {
    blob(db, files, &info.sha256, &info.stored).await
}

async fn blob(db: &Db, files: &FileStore, sha256: &str, stored: &str) -> Result<Vec<u8>, DbError> {
    if stored == IN_OBJECTS {
        return Ok(files.get(sha256).await?);
    }
    let (content,): (Vec<u8>,) = db
        .fetch_one(Statement::new("SELECT content FROM file_blobs WHERE sha256 = $1").bind(sha256))
        .await?;
    Ok(content)
}

/// The bytes of a stored content by its SHA-256 (a generated report), if it is stored.
pub async fn blob_by_hash(
    db: &Db,
    files: &FileStore,
    sha256: &str,
) -> Result<Option<Vec<u8>>, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT stored FROM file_blobs WHERE sha256 = $1").bind(sha256),
        )
        .await?;
    match row {
        Some((stored,)) => Ok(Some(blob(db, files, sha256, &stored).await?)),
        None => Ok(None),
    }
}

/// The attachment with its bytes.
pub async fn fetch(
    db: &Db,
    files: &FileStore,
    attachment_id: i64,
) -> Result<Option<StoredFile>, DbError> {
    let Some(info) = describe(db, attachment_id).await? else {
        return Ok(None);
    };
    let content = content(db, files, &info).await?;
    Ok(Some(StoredFile { info, content }))
}

/// A photo's preview (JPEG), if it has one.
pub async fn thumbnail(db: &Db, attachment_id: i64) -> Result<Option<Vec<u8>>, DbError> {
    let row: Option<(Option<Vec<u8>>,)> = db
        .fetch_optional(
            Statement::new(
                "SELECT b.thumbnail FROM attachments a JOIN file_blobs b ON b.sha256 = a.sha256
                 WHERE a.id = $1",
            )
            .bind(attachment_id),
        )
        .await?;
    Ok(row.and_then(|(thumbnail,)| thumbnail))
}

/// Removes one attachment (the bytes stay while other attachments share them).
pub async fn detach(tx: &mut Tx, attachment_id: i64) -> Result<(), sqlx::Error> {
    tx.execute(Statement::new("DELETE FROM attachments WHERE id = $1").bind(attachment_id))
        .await?;
    Ok(())
}

/// An evidence file attached to a milestone's or a project's progress update.
#[derive(sqlx::FromRow)]
pub struct ProgressFile {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    stored: String,
    /// `milestone` or `project`.
    pub about: String,
    /// The milestone's title or the project's name.
    pub subject: String,
    pub reported_on: chrono::NaiveDate,
}

/// The evidence of progress updates reported from `from` to `to`, oldest first, at most `limit`.
pub async fn progress_files(
    db: &Db,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    limit: i64,
) -> Result<Vec<ProgressFile>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT a.file_name, b.content_type, b.size, b.sha256, b.stored,
                        'milestone' AS about, m.title AS subject, mp.reported_on, a.id
                 FROM attachments a JOIN file_blobs b ON b.sha256 = a.sha256
                 JOIN milestone_progress mp ON mp.id = a.entity_id
                 JOIN milestones m ON m.id = mp.milestone_id
                 WHERE a.entity = 'milestone_progress' AND mp.reported_on BETWEEN $1 AND $2
                 UNION ALL
                 SELECT a.file_name, b.content_type, b.size, b.sha256, b.stored,
                        'project' AS about, p.name AS subject, pp.reported_on, a.id
                 FROM attachments a JOIN file_blobs b ON b.sha256 = a.sha256
                 JOIN project_progress pp ON pp.id = a.entity_id
                 JOIN projects p ON p.id = pp.project_id
                 WHERE a.entity = 'project_progress' AND pp.reported_on BETWEEN $3 AND $4
                 ORDER BY 8, 9 LIMIT $5",
            )
            .bind(from)
            .bind(to)
            .bind(from)
            .bind(to)
            .bind(limit),
        )
        .await?)
}

/// The bytes of a progress update's evidence file, from wherever they were put.
pub async fn progress_file_bytes(
    db: &Db,
    files: &FileStore,
    file: &ProgressFile,
) -> Result<Vec<u8>, DbError> {
    blob(db, files, &file.sha256, &file.stored).await
}
