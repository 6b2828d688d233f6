//! The activity ledger (工作台账): planners record the centre's recurring work (集体学习, 数据讲堂,
//! 安全检查 …); everyone who reads the programme reads it; admins add types.

use super::require;
use crate::db::{activities, journal, queries, Db};
use crate::domain::access::Permission;
use crate::domain::activities::{validate, ActivityChoices, ActivityDraft};
use crate::domain::dates::Clock;
use crate::domain::journal::{created, diff, Change, Snapshot};
use crate::domain::problem::{Label, Problem};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{
    ActivitiesPage, ActivityFilter, ActivityForm, ActivityTypeView, CurrentUser, ReferenceData,
};

pub const ENTITY: &str = "activity";

/// One page of the ledger for `filter`, with the counts per type for the whole filter.
pub async fn page(
    db: &Db,
    actor: Option<&CurrentUser>,
    filter: &ActivityFilter,
) -> Result<ActivitiesPage, AppError> {
    let actor = require(actor, Permission::Read)?;
    let (mut rows, total) = activities::page(db, filter).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut files = crate::db::evidence::for_activities(db, &ids).await?;
    for row in &mut rows {
        row.attachments = files.remove(&row.id).unwrap_or_default();
    }
    let reference = queries::reference_data(db).await?;
    Ok(ActivitiesPage {
        rows,
        total,
        page: filter.page.unwrap_or(1).max(1),
        page_size: activities::PAGE_SIZE,
        counts: activities::counts(db, filter).await?,
        types: activities::types(db).await?,
        units: reference.unit_names(),
        pillars: reference.pillars,
        domains: reference.domains,
        can_edit: actor.can(Permission::EditContent),
        can_administer: actor.can(Permission::Administer),
    })
}

/// The record as the journal shows it: names, not ids.
fn snapshot(
    draft: &ActivityDraft,
    types: &[ActivityTypeView],
    reference: &ReferenceData,
) -> Snapshot {
    let type_name = types
        .iter()
        .find(|t| t.id == draft.type_id)
        .map(|t| t.name_zh.clone())
        .unwrap_or_default();
    let named = |list: &[crate::model::Named], id: Option<i64>| {
        id.and_then(|id| list.iter().find(|n| n.id == id))
            .map(|n| n.name_zh.clone())
            .unwrap_or_default()
    };
    let unit = draft
        .unit_id
        .and_then(|id| reference.units.iter().find(|u| u.id == id))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    vec![
        ("activity_type", type_name),
        ("held_on", draft.held_on.to_string()),
        ("title", draft.title.clone()),
        ("unit", unit),
        ("pillar", named(&reference.pillars, draft.pillar_id)),
        ("domain", named(&reference.domains, draft.domain_id)),
        (
            "participants",
            draft
                .participants
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        ("notes", draft.notes.clone()),
    ]
}

/// What a record may name: the types and the reference data (the form and the Excel import).
pub(crate) struct Names {
    pub(crate) types: Vec<ActivityTypeView>,
    pub(crate) reference: ReferenceData,
}

impl Names {
    pub(crate) async fn load(db: &Db) -> Result<Names, AppError> {
        Ok(Names {
            types: activities::types(db).await?,
            reference: queries::reference_data(db).await?,
        })
    }

    fn snapshot(&self, draft: &ActivityDraft) -> Snapshot {
        snapshot(draft, &self.types, &self.reference)
    }

    /// Checks a form against what it may name, on `today`.
    pub(crate) fn check(
        &self,
        form: &ActivityForm,
        today: chrono::NaiveDate,
    ) -> Result<ActivityDraft, FieldErrors> {
        let type_ids: Vec<i64> = self.types.iter().map(|t| t.id).collect();
        let (units, pillars, domains) = self.reference.choice_ids();
        let choices = ActivityChoices {
            types: &type_ids,
            units: &units,
            pillars: &pillars,
            domains: &domains,
        };
        validate(form, choices, today)
    }
}

/// Records an activity; its id.
pub async fn create(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &ActivityForm,
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let names = Names::load(db).await?;
    let draft = names.check(form, clock.today)?;
    let changes = created(&names.snapshot(&draft));
    let mut tx = db.begin().await?;
    let id = activities::insert(&mut tx, &draft, &actor.username, clock.now).await?;
    journal::record(&mut tx, actor, ENTITY, id, 1, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edited record if nobody saved it since `expected_version`; the new version
/// (unchanged when nothing changed).
pub async fn update(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    form: &ActivityForm,
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let names = Names::load(db).await?;
    let draft = names.check(form, clock.today)?;
    let (stored, version) = activities::stored(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if version != expected_version {
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
    }
    let changes = diff(&names.snapshot(&stored), &names.snapshot(&draft));
    if changes.is_empty() {
        return Ok(version);
    }
    let mut tx = db.begin().await?;
    if !activities::update(&mut tx, id, expected_version, &draft).await? {
        drop(tx);
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
    }
    let next = expected_version + 1;
    journal::record(&mut tx, actor, ENTITY, id, next, "update", &changes).await?;
    tx.commit().await?;
    Ok(next)
}

/// Deletes a record the person confirmed, if nobody changed it since `expected_version`.
pub async fn delete(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    confirmed: bool,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    if !confirmed {
        return Err(FieldErrors::single("confirm", Problem::ConfirmDelete).into());
    }
    let stored = activities::get(db, id).await?.ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    crate::db::evidence::detach_all(&mut tx, crate::db::evidence::Owner::Activity(id)).await?;
    if !activities::delete(&mut tx, id, expected_version).await? {
        drop(tx);
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
    }
    let changes = [Change {
        field: "title",
        old: format!("{} {} {}", stored.held_on, stored.type_name, stored.title),
        new: String::new(),
    }];
    journal::record(
        &mut tx,
        actor,
        ENTITY,
        id,
        expected_version,
        "delete",
        &changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a kind of recurring work (admins); its id.
pub async fn add_type(
    db: &Db,
    actor: Option<&CurrentUser>,
    name_zh: &str,
    name_en: &str,
    measure: &str,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::Administer)?;
    let mut e = FieldErrors::default();
    let name_zh = e.required_text("name_zh", Label::NameZh, name_zh, 30);
    let name_en = e.optional_text("name_en", Label::NameEn, name_en, 60);
    let measure = e.optional_text("measure", Label::Other, measure, 10);
    let taken = activities::types(db)
        .await?
        .iter()
        .any(|t| t.name_zh == name_zh);
    if taken {
        e.add(
            "name_zh",
            Problem::ActivityTypeTaken {
                name: name_zh.clone(),
            },
        );
    }
    e.into_result(())?;
    let mut tx = db.begin().await?;
    let measure = (!measure.is_empty()).then_some(measure.as_str());
    let (id, measure) = activities::add_type(&mut tx, &name_zh, &name_en, measure).await?;
    let changes = [Change {
        field: "activity_type",
        old: String::new(),
        new: format!("{name_zh} ({measure})"),
    }];
    journal::record(&mut tx, actor, "activity_type", id, 1, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Attaches an evidence file (佐证材料) to a record; the attachment's id.
pub async fn attach_evidence(
    db: &Db,
    files: &crate::files::FileStore,
    actor: Option<&CurrentUser>,
    id: i64,
    file: &crate::reporting::evidence::Evidence,
    bytes: &[u8],
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let record = activities::get(db, id).await?.ok_or(AppError::NotFound)?;
    super::attach_planner_evidence(
        db,
        files,
        actor,
        crate::db::evidence::Owner::Activity(id),
        (ENTITY, id, record.version),
        file,
        bytes,
        clock.now,
    )
    .await
}
