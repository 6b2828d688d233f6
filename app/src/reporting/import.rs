//! Importing a project list: reads an XLSX or CSV file (UTF-8 with or without BOM, or GBK /
//! GB18030), matches each row to a project by 项目代码 (by 项目名称 + 建设单位 where there is
//! no code), validates it with the same rules as the project form, and plans what would be
//! created, updated or left alone. Nothing is written until [`commit`], which plans again and
//! applies every row in one transaction, or none.
//!
//! Hostile files are refused before they cost much: a size cap on the upload, a cap on what an
//! XLSX may unpack to (zip bombs), caps on rows and columns, and a check for binary garbage.

use std::collections::HashMap;

use chrono::Datelike;

use super::decode::read_grid;
use crate::db::{journal, projects, queries, report, uploads, Db, OnUniqueViolation};
use crate::domain::access::Permission;
use crate::domain::import_plan::{
    action_ledger, ledger_change_text, plan_rows, Action, Context, LedgerMonths, LedgerSums,
};
pub use crate::domain::import_plan::{quietly, ImportOptions, Plan, Progress};
use crate::domain::import_sheet::{self, SheetError};
use crate::domain::journal::Change;
use crate::domain::period::Period;
use crate::domain::problem::Problem;
use crate::edit::projects::ENTITY;
use crate::edit::require;
use crate::error::AppError;
use crate::model::{CurrentUser, ImportOutcome, ImportPreview, ImportStage};

/// The largest file accepted (a 10,000-project sheet is about 1.5 MB as XLSX).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Uploads waiting for confirmation are dropped after this long.
const UPLOAD_TTL_SECONDS: i64 = 3600;

/// Why a file was not imported. Everything but `App` is the file's fault: a [`Problem`] the
/// reader sees in their language ([`ImportError::problem`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    Empty,
    TooLarge(usize),
    LegacyXls,
    NotASpreadsheet,
    BadXlsx(String),
    NoWorksheet,
    ZipBomb,
    BadCsv(String),
    Sheet(#[from] SheetError),
    HasProblems(usize),
    NothingToDo,
    ChangedMeanwhile(String),
    UploadGone,
    App(#[from] AppError),
}

impl ImportError {
    /// The file's problem, or the server's error when it was not the file.
    pub fn problem(&self) -> Result<Problem, &AppError> {
        Ok(match self {
            ImportError::Empty => Problem::FileEmpty,
            ImportError::TooLarge(megabytes) => Problem::FileTooLarge {
                megabytes: *megabytes,
            },
            ImportError::LegacyXls => Problem::OldExcelFormat,
            ImportError::NotASpreadsheet => Problem::UnknownFileType,
            ImportError::BadXlsx(detail) => Problem::BadXlsx {
                detail: detail.clone(),
            },
            ImportError::NoWorksheet => Problem::NoWorksheet,
            ImportError::ZipBomb => Problem::ZipBomb,
            ImportError::BadCsv(detail) => Problem::BadCsv {
                detail: detail.clone(),
            },
            ImportError::Sheet(e) => Problem::Sheet(e.clone()),
            ImportError::HasProblems(count) => Problem::ImportHasProblems { count: *count },
            ImportError::NothingToDo => Problem::ImportNothingToDo,
            ImportError::ChangedMeanwhile(project) => Problem::ImportStale {
                project: project.clone(),
            },
            ImportError::UploadGone => Problem::UploadExpired,
            ImportError::App(e) => return Err(e),
        })
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problem() {
            Ok(problem) => problem.fmt(f),
            Err(e) => e.fmt(f),
        }
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::App(e.into())
    }
}

impl From<crate::db::DbError> for ImportError {
    fn from(e: crate::db::DbError) -> Self {
        ImportError::App(e.into())
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::App(inner) => inner,
            other => other.problem().map_or_else(Clone::clone, AppError::Refused),
        }
    }
}

/// Reads and plans the file without writing anything.
pub async fn preview(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportPreview, ImportError> {
    Ok(plan(db, file_name, bytes, options, progress).await?.preview)
}

/// Reads the file and works out what importing it would do, writing nothing.
pub async fn plan(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<Plan, ImportError> {
    let (grid, first_row) = read_grid(bytes)?;
    let sheet = import_sheet::parse(&grid, first_row)?;
    drop(grid);
    let reference = queries::reference_data(db).await?;
    let stored = projects::stored_forms(db, None).await?;
    let year = sheet.title_year.unwrap_or(options.today.year());
    let slot = match year.cmp(&options.today.year()) {
        std::cmp::Ordering::Equal => Period::of_ledger(year, options.today.month()),
        std::cmp::Ordering::Less => Period::of_ledger(year, 12),
        std::cmp::Ordering::Greater => Period::of_ledger(year, 1),
    };
    let mut by_code = HashMap::new();
    let mut by_name_unit = HashMap::new();
    for (i, (_, form, _)) in stored.iter().enumerate() {
        if !form.code.is_empty() {
            by_code.insert(form.code.to_uppercase(), i);
        }
        by_name_unit.insert((form.name.clone(), form.unit.clone()), i);
    }
    let mut context = Context {
        reference: &reference,
        stored,
        by_code,
        by_name_unit,
        sums: ledger_sums(db, year).await?,
        months: HashMap::new(),
        missing: Default::default(),
        year,
        slot,
        latest_locked: report::latest_locked(db).await?,
        options,
        fields: sheet.fields.clone(),
    };
    let mut plan = plan_rows(&sheet, &context, file_name, progress);
    // Rows that change a project's yearly figures need its months: load just those, plan again.
    let missing = context.missing.take();
    if !missing.is_empty() {
        context.months = ledger_months(db, &missing).await?;
        plan = plan_rows(&sheet, &context, file_name, progress);
    }
    Ok(plan)
}

/// Every project's ledger summed for 本年 `year`, in one pass over the ledger.
async fn ledger_sums(db: &Db, year: i32) -> Result<HashMap<i64, LedgerSums>, ImportError> {
    let rows = projects::ledger_sums(db, year).await?;
    Ok(rows
        .into_iter()
        .map(|(id, before, planned, completed)| {
            let sums = LedgerSums {
                completed_before_year: before,
                planned_this_year: planned,
                completed_this_year: completed,
            };
            (id, sums)
        })
        .collect())
}

/// The ledger months of `projects`.
async fn ledger_months(
    db: &Db,
    projects: &std::collections::BTreeSet<i64>,
) -> Result<HashMap<i64, LedgerMonths>, ImportError> {
    let mut by_project: HashMap<i64, LedgerMonths> = HashMap::new();
    let ids: Vec<i64> = projects.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let rows = projects::ledger_months(db, chunk).await?;
        for (project, year, month, planned, completed) in rows {
            let month = u32::try_from(month).unwrap_or(1);
            by_project
                .entry(project)
                .or_default()
                .insert((year, month), (planned, completed));
        }
    }
    Ok(by_project)
}

/// Applies the file: plans it again against the database as it is now, then writes every row
/// in one transaction. Any problem, or a project changed by someone since, writes nothing.
pub async fn commit(
    db: &Db,
    actor: Option<&CurrentUser>,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    require(actor, Permission::EditContent)?;
    let plan = plan(db, file_name, bytes, options, progress).await?;
    apply(db, actor, plan, progress).await
}

/// Writes a plan made just before (by this same process): every row in one transaction, or
/// nothing if it has problems or a project was saved by someone else in between.
pub async fn apply(
    db: &Db,
    actor: Option<&CurrentUser>,
    plan: Plan,
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    let actor = require(actor, Permission::EditContent)?;
    let Plan { preview, actions } = plan;
    if !preview.problems.is_empty() {
        return Err(ImportError::HasProblems(preview.problems.len()));
    }
    if actions.is_empty() {
        return Err(ImportError::NothingToDo);
    }
    let total = actions.len();
    // Journal rows are gathered and written in bulk at the end of the same transaction.
    let ledger_changes: Vec<(usize, Change)> = actions
        .iter()
        .enumerate()
        .flat_map(|(i, action)| action_ledger(action).iter().map(move |m| (i, m)))
        .map(|(i, m)| {
            let (old, new) = ledger_change_text(m);
            (
                i,
                Change {
                    field: "ledger",
                    old,
                    new,
                },
            )
        })
        .collect();
    let mut tx = db.begin().await?;
    {
        let mut ids = Vec::with_capacity(total);
        for (done, action) in actions.iter().enumerate() {
            if done % 1000 == 0 {
                progress(ImportStage::Writing, done, total);
            }
            let id = match action {
                Action::Create { draft, .. } => projects::insert(&mut tx, draft)
                    .await
                    .on_unique_violation(|| ImportError::ChangedMeanwhile(draft.name.clone()))?,
                Action::Update {
                    id, version, draft, ..
                } => {
                    if let Some(draft) = draft {
                        let saved = projects::update(&mut tx, *id, *version, draft)
                            .await
                            .on_unique_violation(|| {
                                ImportError::ChangedMeanwhile(draft.name.clone())
                            })?;
                        if !saved {
                            return Err(ImportError::ChangedMeanwhile(draft.name.clone()));
                        }
                    }
                    *id
                }
            };
            for month in action_ledger(action) {
                let m = month.period.month as i32;
                projects::write_ledger_month(
                    &mut tx,
                    id,
                    month.period.year,
                    m,
                    month.planned,
                    month.completed,
                )
                .await?;
            }
            ids.push(id);
        }
        let mut journal_rows: Vec<(i64, i64, &str, &Change)> = Vec::new();
        for (action, id) in actions.iter().zip(&ids) {
            match action {
                Action::Create { changes, .. } => {
                    journal_rows.extend(changes.iter().map(|c| (*id, 1, "create", c)))
                }
                Action::Update {
                    version, changes, ..
                } => journal_rows.extend(changes.iter().map(|c| (*id, *version + 1, "update", c))),
            }
        }
        journal_rows.extend(
            ledger_changes
                .iter()
                .map(|(i, c)| (ids[*i], 0, "update", c)),
        );
        journal::record_rows(&mut tx, actor, ENTITY, &journal_rows).await?;
        progress(ImportStage::Writing, total, total);
    }
    tx.commit().await?;
    Ok(ImportOutcome {
        created: preview.creates.len(),
        updated: preview.updates.len(),
        unchanged: preview.unchanged,
    })
}

/// Keeps an uploaded file until the user confirms the import; returns its token. Uploads older
/// than an hour are dropped on the way.
pub async fn store_upload(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
    now: i64,
) -> Result<String, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    let expired_before = now - UPLOAD_TTL_SECONDS;
    let token = uploads::store(db, user.id, now, expired_before, file_name, bytes).await?;
    Ok(token)
}

/// The upload `token` of `user` (only its owner may see or import it): (file name, bytes).
pub async fn load_upload(
    db: &Db,
    user: &CurrentUser,
    token: &str,
) -> Result<(String, Vec<u8>), ImportError> {
    uploads::load(db, user.id, token)
        .await?
        .ok_or(ImportError::UploadGone)
}

/// Drops an upload once imported.
pub async fn forget_upload(db: &Db, token: &str) -> Result<(), ImportError> {
    Ok(uploads::forget(db, token).await?)
}
