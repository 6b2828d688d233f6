//! The activity ledger (工作台账) to and from Excel. The export writes the columns the import
//! reads, so an office can export, edit in Excel and import again. An import is previewed first
//! (every row checked by the ledger's own rules), and written only when no row has a problem: all
//! of it in one transaction, or none. A record already in the ledger (same day, type, title and
//! unit) is skipped, so importing the same file twice adds nothing.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatBorder};

use super::decode::read_grid;
use super::import::ImportError;
use super::ExportError;
use crate::db::{activities, journal, queries, Db};
use crate::domain::access::Permission;
use crate::domain::activities::ActivityDraft;
use crate::domain::activity_sheet::{self, Names as SheetNames, SheetRow, HEADINGS};
use crate::domain::dates::Clock;
use crate::domain::journal::{created, Snapshot};
use crate::edit::activities::Names;
use crate::edit::require;
use crate::model::{
    ActivityFilter, ActivityImportLine, ActivityImportPreview, CurrentUser, ImportOutcomeKind,
};

/// Records one export holds at most.
pub const EXPORT_MAX_ROWS: usize = 100_000;
/// Records read from the database at a time.
const BATCH: i64 = 2_000;
/// Lines a preview shows: every line with a problem up to this many, and the first good ones.
const PREVIEW_PROBLEM_LINES: usize = 500;
const PREVIEW_GOOD_LINES: usize = 100;

/// The records `filter` matches (its page ignored), oldest first, as an XLSX workbook.
pub async fn export_xlsx(db: &Db, filter: &ActivityFilter) -> Result<Vec<u8>, ExportError> {
    let reference = queries::reference_data(db).await?;
    let name_of = |list: &[crate::model::Named], id: Option<i64>| {
        id.and_then(|id| list.iter().find(|n| n.id == id))
            .map(|n| n.name_zh.clone())
            .unwrap_or_default()
    };
    let mut workbook = super::workbook();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    for (col, heading) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &header)?;
    }
    for (col, width) in [12.0, 12.0, 36.0, 22.0, 10.0, 10.0, 10.0, 30.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut after: Option<(NaiveDate, i64)> = None;
    let mut row_number: u32 = 1;
    loop {
        let batch = activities::export_batch(db, filter, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = Some((last.held_on, last.id));
        for record in &batch {
            if row_number as usize > EXPORT_MAX_ROWS {
                break;
            }
            let cells = [
                record.held_on.to_string(),
                record.type_name.clone(),
                record.title.clone(),
                record.unit_name.clone().unwrap_or_default(),
                name_of(&reference.pillars, record.pillar_id),
                name_of(&reference.domains, record.domain_id),
                record
                    .participants
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                record.notes.clone(),
            ];
            for (col, text) in cells.iter().enumerate() {
                // Text cells always: a title such as "=1+1" is never a formula.
                sheet.write_string_with_format(row_number, col as u16, text, &cell)?;
            }
            row_number += 1;
        }
        if batch.len() < BATCH as usize || row_number as usize > EXPORT_MAX_ROWS {
            break;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// A checked file: what each line would do, and the drafts of the new records.
struct Checked {
    preview: ActivityImportPreview,
    drafts: Vec<(usize, ActivityDraft)>,
}

/// Reads and checks a ledger file, writing nothing.
async fn check(
    db: &Db,
    token: &str,
    file_name: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Checked, ImportError> {
    let (grid, first_row) = read_grid(bytes)?;
    let columns = activity_sheet::columns(&grid)?;
    let names = Names::load(db).await?;
    let units = names.reference.unit_names();
    let sheet_rows = activity_sheet::rows(
        &grid,
        &columns,
        first_row,
        &SheetNames {
            types: &names.types,
            units: &units,
            pillars: &names.reference.pillars,
            domains: &names.reference.domains,
        },
    );
    if sheet_rows.is_empty() {
        return Err(crate::domain::import_sheet::SheetError::NoRows.into());
    }
    // Every line checked first; then the ledger's records over the file's days, read once.
    let checked: Vec<(SheetRow, Option<ActivityDraft>)> = sheet_rows
        .into_iter()
        .map(|mut row| {
            let draft = match names.check(&row.form, today) {
                Ok(draft) => Some(draft),
                Err(errors) => {
                    row.problems
                        .extend(errors.0.into_iter().map(|e| (e.field, e.problem)));
                    None
                }
            };
            (row, draft)
        })
        .collect();
    let days = checked
        .iter()
        .filter_map(|(_, d)| d.as_ref().map(|d| d.held_on));
    let mut seen = match (days.clone().min(), days.max()) {
        (Some(first), Some(last)) => activities::keys_between(db, first, last).await?,
        _ => HashSet::new(),
    };
    let mut preview = ActivityImportPreview {
        token: token.to_string(),
        file_name: file_name.to_string(),
        lines: Vec::new(),
        new: 0,
        present: 0,
        problems: 0,
    };
    let mut drafts = Vec::new();
    for (row, draft) in checked {
        let outcome = match (&draft, row.problems.is_empty()) {
            (Some(draft), true) => {
                // Already in the ledger, or earlier in the file.
                if seen.insert(activities::key_of(draft)) {
                    ImportOutcomeKind::New
                } else {
                    ImportOutcomeKind::Present
                }
            }
            _ => ImportOutcomeKind::Problem,
        };
        match outcome {
            ImportOutcomeKind::New => preview.new += 1,
            ImportOutcomeKind::Present => preview.present += 1,
            ImportOutcomeKind::Problem => preview.problems += 1,
        }
        let show = match outcome {
            ImportOutcomeKind::Problem => preview.problems <= PREVIEW_PROBLEM_LINES,
            _ => preview.new + preview.present <= PREVIEW_GOOD_LINES,
        };
        if show {
            let type_name = names
                .types
                .iter()
                .find(|t| t.id.to_string() == row.form.activity_type)
                .map(|t| t.name_zh.clone())
                .unwrap_or_default();
            preview.lines.push(ActivityImportLine {
                line: row.line,
                held_on: row.form.held_on.clone(),
                type_name,
                title: row.form.title.clone(),
                outcome,
                problems: row.problems,
            });
        }
        if let (Some(draft), ImportOutcomeKind::New) = (draft, outcome) {
            drafts.push((row.line, draft));
        }
    }
    Ok(Checked { preview, drafts })
}

/// The preview of an upload the user made (only its owner may see it).
pub async fn preview(
    db: &Db,
    actor: Option<&CurrentUser>,
    token: &str,
    today: NaiveDate,
) -> Result<ActivityImportPreview, ImportError> {
    let actor = require(actor, Permission::EditContent)?;
    let (file_name, bytes) = super::import::load_upload(db, actor, token).await?;
    Ok(check(db, token, &file_name, &bytes, today).await?.preview)
}

/// Checks the upload again and, when no line has a problem, adds every new record in one
/// transaction, each journalled; the number added.
pub async fn commit(
    db: &Db,
    actor: Option<&CurrentUser>,
    token: &str,
    clock: Clock,
) -> Result<usize, ImportError> {
    let actor = require(actor, Permission::EditContent)?;
    let (file_name, bytes) = super::import::load_upload(db, actor, token).await?;
    let checked = check(db, token, &file_name, &bytes, clock.today).await?;
    if checked.preview.problems > 0 {
        return Err(ImportError::HasProblems(checked.preview.problems));
    }
    if checked.drafts.is_empty() {
        return Err(ImportError::NothingToDo);
    }
    let snapshot = |draft: &ActivityDraft| -> Snapshot {
        vec![
            ("held_on", draft.held_on.to_string()),
            ("title", draft.title.clone()),
            ("file", file_name.clone()),
        ]
    };
    let mut tx = db.begin().await?;
    for (_, draft) in &checked.drafts {
        let id = activities::insert(&mut tx, draft, &actor.username, clock.now).await?;
        journal::record(
            &mut tx,
            actor,
            crate::edit::activities::ENTITY,
            id,
            1,
            "create",
            &created(&snapshot(draft)),
        )
        .await?;
    }
    tx.commit().await?;
    super::import::forget_upload(db, token).await?;
    Ok(checked.drafts.len())
}
