//! Indicators (指标): planners define them and record the values of entered ones; everyone who
//! reads the programme reads them. Every change is journalled under "indicator".

use super::require;
use crate::db::indicators::{self, IndicatorRow};
use crate::db::{activities, journal, queries, Db};
use crate::domain::access::Permission;
use crate::domain::dates::Clock;
use crate::domain::indicators::{
    figure_text, validate_indicator, validate_value, IndicatorChoices, IndicatorDraft, Source,
};
use crate::domain::journal::{created, diff, Change, Snapshot};
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use chrono::{Datelike, NaiveDate};

use crate::model::{
    CurrentUser, DashboardFilter, IndicatorForm, IndicatorValueForm, IndicatorValueView,
    IndicatorsPage,
};

pub const ENTITY: &str = "indicator";

/// The indicators for the filter's pillar, domain and unit, as they stand on `clock.today`.
pub async fn page(
    db: &Db,
    actor: Option<&CurrentUser>,
    filter: &DashboardFilter,
    clock: Clock,
) -> Result<IndicatorsPage, AppError> {
    let actor = require(actor, Permission::Read)?;
    let reference = queries::reference_data(db).await?;
    let rows = indicators::list(db, filter, false).await?;
    let mut views = indicators::views(db, rows, clock.today).await?;
    // Last year's values too: a January page still shows December's.
    let since = NaiveDate::from_ymd_opt(clock.today.year() - 1, 1, 1).unwrap_or(clock.today);
    let entered: Vec<i64> = views
        .iter()
        .filter(|v| v.source == Source::Entered.code())
        .map(|v| v.id)
        .collect();
    let values = indicators::entered_values(db, &entered, since).await?;
    let value_ids: Vec<i64> = values.iter().map(|(id, ..)| *id).collect();
    let mut files = crate::db::evidence::for_indicator_values(db, &value_ids).await?;
    for (id, indicator, starts_on, value, note) in values {
        if let Some(view) = views.iter_mut().find(|v| v.id == indicator) {
            view.values.push(IndicatorValueView {
                id,
                starts_on,
                value,
                note,
                attachments: files.remove(&id).unwrap_or_default(),
            });
        }
    }
    Ok(IndicatorsPage {
        day: clock.today,
        rows: views,
        activity_types: activities::types(db).await?,
        units: reference.unit_names(),
        pillars: reference.pillars,
        domains: reference.domains,
        can_edit: actor.can(Permission::EditContent),
    })
}

/// The definition as the journal shows it.
fn snapshot(draft: &IndicatorDraft) -> Snapshot {
    let target = draft
        .target
        .map(|(year, target)| format!("{year}: {}", figure_text(target)))
        .unwrap_or_default();
    let id = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    vec![
        ("name_zh", draft.name_zh.clone()),
        ("name_en", draft.name_en.clone()),
        ("measure", draft.measure.clone()),
        (
            "direction",
            if draft.higher_is_better {
                "higher"
            } else {
                "lower"
            }
            .to_string(),
        ),
        ("period", draft.period.code().to_string()),
        ("aggregate", draft.aggregate.code().to_string()),
        ("source", draft.source.code()),
        ("pillar", id(draft.pillar_id)),
        ("domain", id(draft.domain_id)),
        ("unit", id(draft.unit_id)),
        ("pinned", draft.pinned.to_string()),
        ("target", target),
    ]
}

/// The stored definition, with its target for `year` (the year the form names).
fn stored_draft(row: &IndicatorRow, target: Option<(i32, i64)>) -> IndicatorDraft {
    IndicatorDraft {
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        measure: row.measure.clone(),
        higher_is_better: row.higher_is_better,
        period: row.period(),
        aggregate: row.aggregate(),
        source: row.source(),
        pillar_id: row.pillar_id,
        domain_id: row.domain_id,
        unit_id: row.unit_id,
        pinned: row.pinned,
        target,
    }
}

/// Checks a form against what it may name, and that the name is free.
async fn check(
    db: &Db,
    form: &IndicatorForm,
    except: Option<i64>,
) -> Result<IndicatorDraft, AppError> {
    let reference = queries::reference_data(db).await?;
    let types: Vec<i64> = activities::types(db).await?.iter().map(|t| t.id).collect();
    let (units, pillars, domains) = reference.choice_ids();
    let draft = validate_indicator(
        form,
        IndicatorChoices {
            activity_types: &types,
            units: &units,
            pillars: &pillars,
            domains: &domains,
        },
    )?;
    if indicators::name_taken(db, &draft.name_zh, except).await? {
        return Err(FieldErrors::single(
            "name_zh",
            Problem::IndicatorTaken {
                name: draft.name_zh.clone(),
            },
        )
        .into());
    }
    Ok(draft)
}

/// Defines an indicator; its id.
pub async fn create(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &IndicatorForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let draft = check(db, form, None).await?;
    let mut tx = db.begin().await?;
    let id = indicators::insert(&mut tx, &draft).await?;
    journal::record(
        &mut tx,
        actor,
        ENTITY,
        id,
        1,
        "create",
        &created(&snapshot(&draft)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edited definition if nobody saved it since `expected_version`; the new version.
pub async fn update(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    expected_version: i64,
    form: &IndicatorForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let draft = check(db, form, Some(id)).await?;
    let stored = indicators::get(db, id).await?.ok_or(AppError::NotFound)?;
    if stored.version != expected_version {
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
    }
    let stored_target = match draft.target {
        Some((year, _)) => indicators::targets(db, year)
            .await?
            .get(&id)
            .map(|target| (year, *target)),
        None => None,
    };
    let changes = diff(
        &snapshot(&stored_draft(&stored, stored_target)),
        &snapshot(&draft),
    );
    if changes.is_empty() {
        return Ok(expected_version);
    }
    let mut tx = db.begin().await?;
    if !indicators::update(&mut tx, id, expected_version, &draft).await? {
        drop(tx);
        return Err(super::conflict(db, ENTITY, id, expected_version).await);
    }
    let next = expected_version + 1;
    journal::record(&mut tx, actor, ENTITY, id, next, "update", &changes).await?;
    tx.commit().await?;
    Ok(next)
}

/// Records the value of one period of an entered indicator (a counted or computed one has no
/// values to enter), replacing an earlier value of that period.
pub async fn record_value(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    form: &IndicatorValueForm,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let indicator = indicators::get(db, id).await?.ok_or(AppError::NotFound)?;
    if indicator.source() != Source::Entered {
        return Err(FieldErrors::single("value", Problem::IndicatorNotEntered).into());
    }
    let draft = validate_value(form, indicator.period(), clock.today)?;
    let old = indicators::entered_value(db, id, draft.starts_on).await?;
    let change = Change {
        field: "value",
        old: old
            .map(|(value, _)| format!("{} {}", draft.starts_on, figure_text(value)))
            .unwrap_or_default(),
        new: format!("{} {}", draft.starts_on, figure_text(draft.value)),
    };
    let mut tx = db.begin().await?;
    indicators::record_value(&mut tx, id, &draft, &actor.username, clock.now).await?;
    journal::record(
        &mut tx,
        actor,
        ENTITY,
        id,
        indicator.version,
        "update",
        &[change],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Attaches an evidence file (佐证材料) to a recorded value; the attachment's id.
pub async fn attach_value_evidence(
    db: &Db,
    files: &crate::files::FileStore,
    actor: Option<&CurrentUser>,
    value_id: i64,
    file: &crate::reporting::evidence::Evidence,
    bytes: &[u8],
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let indicator = indicators::indicator_of_value(db, value_id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::attach_planner_evidence(
        db,
        files,
        actor,
        crate::db::evidence::Owner::IndicatorValue(value_id),
        (ENTITY, indicator.id, indicator.version),
        file,
        bytes,
        clock.now,
    )
    .await
}
