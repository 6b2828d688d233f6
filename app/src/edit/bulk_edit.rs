//! Bulk edits of milestones (批量修改): a preview of what each selected milestone would become,
//! then every change in one transaction — refused whole if any of them breaks a rule or was
//! saved by someone else after the preview.

use super::require;
use crate::db::milestones::{self, StoredWithCode};
use crate::db::{journal, queries, Db};
use crate::domain::access::Permission;
use crate::domain::bulk_edit::{
    parse_selection, selection_text, validate_change, BulkChange, Selected,
};
use crate::domain::journal::Change;
use crate::domain::milestone_rules::MilestoneDraft;
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{BulkEditForm, BulkItem, BulkPreview, CurrentUser, ReferenceData};

use super::milestones::ENTITY;

/// What the change would make of each selected milestone; writes nothing.
pub async fn preview(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &BulkEditForm,
) -> Result<BulkPreview, AppError> {
    require(actor, Permission::EditContent)?;
    let (selection, change, reference) = read_form(db, form).await?;
    let mut tx = db.begin().await?;
    let stored = milestones::stored_many(&mut tx, &ids(&selection)).await?;
    drop(tx);
    Ok(plan(&selection, &stored, &change, &reference).0)
}

/// Makes the change to every selected milestone at the version its preview read, journalled;
/// returns how many changed.
pub async fn apply(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &BulkEditForm,
) -> Result<usize, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let (selection, change, reference) = read_form(db, form).await?;
    let refuse = |problem| Err(FieldErrors::single("selection", problem).into());
    if change.is_empty() {
        return Err(FieldErrors::single("phase", Problem::BulkNothingChosen).into());
    }
    let mut tx = db.begin().await?;
    let stored = milestones::stored_many(&mut tx, &ids(&selection)).await?;
    let stale: Vec<String> = selection
        .iter()
        .filter_map(|s| match stored.iter().find(|m| m.id == s.id) {
            Some(m) if Some(m.stored.version) == s.version => None,
            Some(m) => Some(m.label()),
            None => Some(format!("#{}", s.id)),
        })
        .collect();
    if !stale.is_empty() {
        return refuse(Problem::MilestonesChangedMeanwhile { titles: stale });
    }
    let (preview, writes) = plan(&selection, &stored, &change, &reference);
    let broken = preview
        .items
        .iter()
        .filter(|i| !i.problems.is_empty())
        .count();
    if broken > 0 {
        return refuse(Problem::BulkHasProblems { count: broken });
    }
    if writes.is_empty() {
        return refuse(Problem::BulkNoEffect);
    }
    let mut rows: Vec<(i64, i64, &str, &Change)> = Vec::new();
    for write in &writes {
        if !milestones::update(&mut tx, write.id, write.version, &write.draft).await? {
            let label = stored
                .iter()
                .find(|m| m.id == write.id)
                .map(StoredWithCode::label)
                .unwrap_or_default();
            return refuse(Problem::MilestonesChangedMeanwhile {
                titles: vec![label],
            });
        }
        rows.extend(
            write
                .changes
                .iter()
                .map(|c| (write.id, write.version + 1, "update", c)),
        );
    }
    journal::record_rows(&mut tx, actor, ENTITY, &rows).await?;
    tx.commit().await?;
    Ok(writes.len())
}

/// The selection, the change and the reference data it is checked against.
async fn read_form(
    db: &Db,
    form: &BulkEditForm,
) -> Result<(Vec<Selected>, BulkChange, ReferenceData), AppError> {
    let selection =
        parse_selection(&form.selection).map_err(|p| FieldErrors::single("selection", p))?;
    let reference = queries::reference_data(db).await?;
    let change = validate_change(form, &reference)?;
    Ok((selection, change, reference))
}

fn ids(selection: &[Selected]) -> Vec<i64> {
    selection.iter().map(|s| s.id).collect()
}

/// One milestone the edit changes.
struct Write {
    id: i64,
    version: i64,
    draft: MilestoneDraft,
    changes: Vec<Change>,
}

/// The preview of the change over the milestones as stored, and the writes it needs.
fn plan(
    selection: &[Selected],
    stored: &[StoredWithCode],
    change: &BulkChange,
    reference: &ReferenceData,
) -> (BulkPreview, Vec<Write>) {
    let mut items = Vec::with_capacity(stored.len());
    let mut writes = Vec::new();
    for milestone in stored {
        let (changes, problems) = match change.apply(&milestone.stored.draft(), reference) {
            Ok((draft, changes)) => {
                let shown = changes.iter().map(Into::into).collect();
                if !changes.is_empty() {
                    writes.push(Write {
                        id: milestone.id,
                        version: milestone.stored.version,
                        draft,
                        changes,
                    });
                }
                (shown, Vec::new())
            }
            Err(problems) => (Vec::new(), problems),
        };
        items.push(BulkItem {
            id: milestone.id,
            label: milestone.label(),
            version: milestone.stored.version,
            changes,
            problems,
        });
    }
    let preview = BulkPreview {
        missing: selection.len().saturating_sub(stored.len()),
        selection: selection_text(stored.iter().map(|m| (m.id, m.stored.version))),
        items,
    };
    (preview, writes)
}
