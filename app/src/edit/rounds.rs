//! Monthly reporting rounds (填报轮次): planners open and close them and review each unit's
//! submission; unit liaisons fill in and hand in their own units' items. Acceptance turns a
//! submission into progress history, ledger months and problems, exactly as a planner's entry,
//! journalled with who submitted and who accepted.

use chrono::{Datelike, NaiveDate};

use super::problems::raise_with;
use super::require;
use crate::db::evidence::{self, Owner};
use crate::db::problems::ProblemOn;
use crate::db::{journal, notifications, problems, projects, rounds, users, Db};
use crate::domain::access::Permission;
use crate::domain::dates::{china_local, Clock};
use crate::domain::journal::Change;
use crate::domain::milestone_rules::ProblemDraft;
use crate::domain::model::{NotificationKind, ProblemStatus, SubmissionState};
use crate::domain::period::{is_closed, Period};
use crate::domain::problem::{Label, Problem};
use crate::domain::rounds::{self as rules, ItemKind, ReviewStep};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::files::FileStore;
use crate::model::{
    CurrentUser, IndicatorValueForm, MyReporting, NotificationView, RoundDetail, RoundsPage,
    SubmissionIndicatorView, SubmissionItemForm, SubmissionView,
};
use crate::notify::schedule::{tell_unit, RoundRef};

pub const ENTITY: &str = "round";

/// The signed-in liaison, if they report for `unit_id`; 403 for anyone else.
async fn reporter_for<'a>(
    db: &Db,
    actor: Option<&'a CurrentUser>,
    unit_id: i64,
) -> Result<&'a CurrentUser, AppError> {
    let actor = require(actor, Permission::ReportForUnit)?;
    if reports_for(db, Some(actor), unit_id).await? {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether `actor` reports for `unit_id` (without refusing anyone).
async fn reports_for(db: &Db, actor: Option<&CurrentUser>, unit_id: i64) -> Result<bool, AppError> {
    match actor {
        Some(user) if user.can(Permission::ReportForUnit) => Ok(users::units_of(db, user.id)
            .await?
            .iter()
            .any(|(id, _)| *id == unit_id)),
        _ => Ok(false),
    }
}

fn step_refused(state: SubmissionState, step: ReviewStep) -> AppError {
    AppError::Refused(Problem::SubmissionStep { state, step })
}

// ---- Reading -------------------------------------------------------------------------------

/// The rounds list, and what a new round would usually be: last month, due on the 5th.
pub async fn rounds_page(
    db: &Db,
    actor: Option<&CurrentUser>,
    today: NaiveDate,
) -> Result<RoundsPage, AppError> {
    let last_month = today
        .with_day0(0)
        .and_then(|first| first.pred_opt())
        .unwrap_or(today);
    let suggested_due = today.with_day0(4).filter(|d| *d >= today).unwrap_or(today);
    Ok(RoundsPage {
        rounds: rounds::list(db, today).await?,
        can_manage: actor.is_some_and(|a| a.can(Permission::EditContent)),
        suggested_month: Period::of_ledger(last_month.year(), last_month.month()).code(),
        suggested_due,
    })
}

pub async fn round_detail(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    today: NaiveDate,
) -> Result<RoundDetail, AppError> {
    let (round, units) = rounds::detail(db, id, today)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RoundDetail {
        round,
        units,
        other_units: rounds::units_not_in(db, id).await?,
        can_manage: actor.is_some_and(|a| a.can(Permission::EditContent)),
    })
}

/// One unit's submission with every item and its accepted figures.
pub async fn submission(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    today: NaiveDate,
) -> Result<SubmissionView, AppError> {
    let (round, _) = rounds::detail(db, round_id, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit = rounds::unit_row_of(db, round_id, unit_id, round.due_date, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut items = rounds::items(db, round_id, unit_id, head.month).await?;
    let reporter = reports_for(db, actor, unit_id).await?;
    let reviewer = actor.is_some_and(|a| a.can(Permission::EditContent));
    // A draft is the unit's and the reviewers' until accepted; others see the state and the
    // accepted figures.
    let entries_visible = reporter || reviewer || head.state == SubmissionState::Accepted;
    if !entries_visible {
        for item in &mut items {
            item.entry = None;
        }
    }
    let can_edit = rules::after(head.state, ReviewStep::Edit).is_ok() && reporter;
    let can_review = head.state == SubmissionState::Submitted && reviewer;
    let entered = crate::db::indicators::round_entries(db, round_id, unit_id).await?;
    let month_start = first_day(head.month);
    let indicators = crate::db::indicators::entered_of_unit(db, unit_id)
        .await?
        .into_iter()
        .map(|row| SubmissionIndicatorView {
            id: row.id,
            starts_on: row.period().start_of(month_start),
            entry: entered
                .iter()
                .find(|(id, _, _)| *id == row.id)
                .filter(|_| entries_visible)
                .map(|(_, value, note)| (*value, note.clone())),
            name_zh: row.name_zh,
            name_en: row.name_en,
            measure: row.measure,
            period: row.period,
        })
        .collect();
    Ok(SubmissionView {
        round,
        unit,
        review_note: head.review_note,
        items,
        indicators,
        can_edit,
        can_review,
        can_export: reporter || reviewer,
        can_scope: reviewer && head.state != SubmissionState::Accepted,
        entries_visible,
    })
}

/// The liaison's landing page: each of their units' newest round.
pub async fn my_reporting(
    db: &Db,
    actor: Option<&CurrentUser>,
    today: NaiveDate,
) -> Result<MyReporting, AppError> {
    let actor = require(actor, Permission::Read)?;
    let units = users::units_of(db, actor.id).await?;
    let mut submissions = Vec::new();
    for (unit_id, _) in &units {
        if let Some(round_id) = rounds::latest_for_unit(db, *unit_id).await? {
            submissions.push(submission(db, Some(actor), round_id, *unit_id, today).await?);
        }
    }
    Ok(MyReporting { units, submissions })
}

pub async fn notifications(
    db: &Db,
    actor: Option<&CurrentUser>,
) -> Result<Vec<NotificationView>, AppError> {
    let actor = require(actor, Permission::Read)?;
    Ok(notifications::list(db, actor.id).await?)
}

pub async fn unread(db: &Db, actor: Option<&CurrentUser>) -> Result<i64, AppError> {
    match actor {
        Some(user) => Ok(notifications::unread_count(db, user.id).await?),
        None => Ok(0),
    }
}

pub async fn mark_read(db: &Db, actor: Option<&CurrentUser>, clock: Clock) -> Result<(), AppError> {
    let actor = require(actor, Permission::Read)?;
    Ok(notifications::mark_all_read(db, actor.id, clock.now).await?)
}

/// A unit's submission as a zip (its sheet and evidence files), for the reviewers and the unit's
/// own liaisons: its file name and the zip, written to an unnamed temporary file (evidence may
/// run to gigabytes; one file at a time is read into memory).
pub async fn export_zip(
    db: &Db,
    files: &FileStore,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    today: NaiveDate,
    locale: crate::i18n::Locale,
) -> Result<(String, std::fs::File), AppError> {
    use crate::reporting::submission_zip::{file_name, SubmissionZip, ZipExportError};
    require(actor, Permission::Read)?;
    let view = submission(db, actor, round_id, unit_id, today).await?;
    if !view.can_export {
        return Err(AppError::Forbidden);
    }
    let failed = |e: ZipExportError| AppError::Misconfigured(e.to_string());
    let out = tempfile::tempfile().map_err(|e| failed(e.into()))?;
    let mut zip = SubmissionZip::start(out, &view, locale).map_err(failed)?;
    for item in &view.items {
        for attachment in item.entry.iter().flat_map(|e| &e.attachments) {
            let Some(stored) = evidence::fetch(db, files, attachment.id).await? else {
                continue;
            };
            // Writing up to the size limit to disk: off the async workers.
            let (title, attachment) = (item.title.clone(), attachment.clone());
            zip = tokio::task::spawn_blocking(move || {
                zip.add(&title, &attachment, &stored.content).map(|()| zip)
            })
            .await
            .map_err(|e| AppError::Misconfigured(e.to_string()))?
            .map_err(failed)?;
        }
    }
    let mut out = zip.finish().map_err(failed)?;
    std::io::Seek::rewind(&mut out).map_err(|e| failed(e.into()))?;
    Ok((file_name(&view), out))
}

// ---- The planner's side -------------------------------------------------------------------

/// Opens a round for `month` (`2026-11`) due on `due` (`2026-12-05`), covering `unit_names`, or
/// every unit with something active when none are named. Returns the round's id.
pub async fn open(
    db: &Db,
    actor: Option<&CurrentUser>,
    month: &str,
    due: &str,
    unit_names: &[String],
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let mut e = FieldErrors::default();
    let period = match Period::parse(month) {
        Ok(p) => Some(p),
        Err(err) => {
            e.add("month", Problem::Period(err));
            None
        }
    };
    let due = e.required_date("due_date", Label::DueDate, due);
    if let (Some(period), Some(due)) = (period, due) {
        if let Err(problem) = rules::check_due(period, due) {
            e.add("due_date", problem);
        }
    }
    let named = users::unit_ids(db, unit_names).await?;
    let (Some(period), Some(due)) = (period, due) else {
        return Err(e.into());
    };
    e.into_result(())?;
    let at = clock.now;
    if rounds::id_of_month(db, period).await?.is_some() {
        return Err(AppError::Refused(Problem::RoundExists(period)));
    }
    let names = names_of_units(db).await?;
    let mut tx = db.begin().await?;
    let id = rounds::insert_round(&mut tx, period, due, &actor.username, at)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                AppError::Refused(Problem::RoundExists(period))
            }
            _ => AppError::from(crate::db::DbError::from(e)),
        })?;
    let units = if named.is_empty() {
        rounds::active_units(&mut tx).await?
    } else {
        named
    };
    if units.is_empty() {
        return Err(AppError::Refused(Problem::RoundCoversNoUnit));
    }
    let round = RoundRef {
        id,
        month: period,
        due,
    };
    for unit in &units {
        rounds::add_unit(&mut tx, id, *unit).await?;
        let name = names.get(unit).map(String::as_str).unwrap_or_default();
        tell_unit(
            &mut tx,
            NotificationKind::RoundOpened,
            round,
            (*unit, name),
            "",
            at,
        )
        .await?;
    }
    let changes = [
        Change {
            field: "round",
            old: String::new(),
            new: period.code(),
        },
        Change {
            field: "due_date",
            old: String::new(),
            new: due.to_string(),
        },
        Change {
            field: "units",
            old: String::new(),
            new: units.len().to_string(),
        },
    ];
    journal::record(&mut tx, actor, ENTITY, id, 0, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Closes a round: units that have not handed in are late from now on.
pub async fn close(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let (round, _) = rounds::detail(db, id, clock.today)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    if !rounds::close(&mut tx, id, &actor.username, clock.now).await? {
        return Err(AppError::Refused(Problem::RoundAlreadyClosed(round.month)));
    }
    let changes = [Change {
        field: "round",
        old: round.month.code(),
        new: "closed".into(),
    }];
    journal::record(&mut tx, actor, ENTITY, id, 0, "update", &changes).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a unit to a round (it is told), or takes out one that has entered nothing.
pub async fn set_unit(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    included: bool,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let (round, _) = rounds::detail(db, round_id, clock.today)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = names_of_units(db).await?;
    let Some(unit_name) = names.get(&unit_id) else {
        return Err(FieldErrors::single("unit", Problem::NoSuchChoice(Label::OwnerUnit)).into());
    };
    let mut tx = db.begin().await?;
    let changed = if included {
        let added = rounds::add_unit(&mut tx, round_id, unit_id).await?;
        if added {
            let round = RoundRef::of(&round);
            let unit = (unit_id, unit_name.as_str());
            tell_unit(
                &mut tx,
                NotificationKind::RoundOpened,
                round,
                unit,
                "",
                clock.now,
            )
            .await?;
        }
        added
    } else {
        rounds::remove_unit(&mut tx, round_id, unit_id).await?
    };
    if changed {
        let changes = [Change {
            field: "units",
            old: if included {
                String::new()
            } else {
                unit_id.to_string()
            },
            new: if included {
                unit_id.to_string()
            } else {
                String::new()
            },
        }];
        journal::record(&mut tx, actor, ENTITY, round_id, 0, "update", &changes).await?;
    } else if !included {
        return Err(AppError::Refused(Problem::RoundUnitHasEntries));
    }
    tx.commit().await?;
    Ok(())
}

/// 催报: tells the liaisons of every unit that still owes its submission, in the app and through
/// the unit's group robots. Returns how many units were reminded.
pub async fn remind(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    clock: Clock,
) -> Result<usize, AppError> {
    require(actor, Permission::EditContent)?;
    let (round, units) = rounds::detail(db, round_id, clock.today)
        .await?
        .ok_or(AppError::NotFound)?;
    let owing: Vec<(i64, String)> = units
        .into_iter()
        .filter(|u| rules::owes(u.state))
        .map(|u| (u.unit_id, u.unit_name))
        .collect();
    let mut tx = db.begin().await?;
    crate::notify::schedule::remind_units(&mut tx, RoundRef::of(&round), &owing, clock.now).await?;
    tx.commit().await?;
    Ok(owing.len())
}

/// The reviewer's comment on one entry, while the submission waits for review.
pub async fn comment_item(
    db: &Db,
    actor: Option<&CurrentUser>,
    item_id: i64,
    comment: &str,
) -> Result<(), AppError> {
    require(actor, Permission::EditContent)?;
    let mut e = FieldErrors::default();
    let comment = e.optional_text("comment", Label::ReviewComment, comment, 1000);
    e.into_result(())?;
    let (round_id, unit_id) = rounds::item_owner(db, item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    let head = rounds::submission_head_tx(&mut tx, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.state != SubmissionState::Submitted {
        return Err(step_refused(head.state, ReviewStep::Return));
    }
    rounds::set_comment(&mut tx, item_id, &comment).await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a submission back to the unit with the reviewer's comments.
pub async fn return_submission(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    note: &str,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let mut e = FieldErrors::default();
    let note = e.optional_text("note", Label::ReviewComment, note, 1000);
    e.into_result(())?;
    let mut tx = db.begin().await?;
    let head = rounds::submission_head_tx(&mut tx, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = rules::after(head.state, ReviewStep::Return).map_err(AppError::Refused)?;
    if note.is_empty() && !rounds::has_comments(&mut tx, round_id, unit_id).await? {
        return Err(AppError::Refused(Problem::ReturnNeedsComment));
    }
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, next).await? {
        return Err(step_refused(head.state, ReviewStep::Return));
    }
    let at = clock.now;
    rounds::mark_reviewed(&mut tx, round_id, unit_id, &actor.username, at, &note).await?;
    let unit = (unit_id, head.unit_name.as_str());
    tell_unit(
        &mut tx,
        NotificationKind::Returned,
        head.round(round_id),
        unit,
        &note,
        at,
    )
    .await?;
    journal_state(&mut tx, actor, round_id, unit_id, head.state, next, &note).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes one of the unit's items out of the round (nothing to report on it this month) or puts
/// it back. Planners only, until the submission is accepted; an item with an entry stays in.
#[allow(clippy::too_many_arguments)]
pub async fn set_item_scope(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    kind: ItemKind,
    target: i64,
    included: bool,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    if rounds::owner_of(db, kind, target).await? != Some(unit_id) {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    let head = rounds::submission_head_tx(&mut tx, round_id, unit_id)
        .await?
        .ok_or(AppError::Refused(Problem::NotInRound))?;
    if head.state == SubmissionState::Accepted {
        return Err(step_refused(head.state, ReviewStep::Edit));
    }
    // Locks the submission's row (a save moves it too), so a save in progress either finishes
    // first, and its entry is seen below, or sees this take-out.
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, head.state).await? {
        return Err(step_refused(head.state, ReviewStep::Edit));
    }
    let changed = if included {
        rounds::include_item(&mut tx, round_id, kind, target).await?
    } else {
        if rounds::has_entry(&mut tx, round_id, kind, target).await? {
            return Err(AppError::Refused(Problem::ItemHasEntry));
        }
        rounds::exclude_item(
            &mut tx,
            round_id,
            unit_id,
            kind,
            target,
            &actor.username,
            clock.now,
        )
        .await?
    };
    if changed {
        let (old, new) = if included {
            ("out", "in")
        } else {
            ("in", "out")
        };
        let changes = [Change {
            field: "item",
            old: format!("{} {target} {old}", kind.code()),
            new: format!("{} {target} {new}", kind.code()),
        }];
        journal::record(&mut tx, actor, ENTITY, round_id, 0, "update", &changes).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Unit names by id, from the cached reference data.
async fn names_of_units(db: &Db) -> Result<std::collections::HashMap<i64, String>, AppError> {
    Ok(crate::db::queries::reference_data(db)
        .await?
        .unit_names()
        .into_iter()
        .collect())
}

async fn journal_state(
    tx: &mut crate::db::tx::Tx,
    actor: &CurrentUser,
    round_id: i64,
    unit_id: i64,
    from: SubmissionState,
    to: SubmissionState,
    note: &str,
) -> Result<(), sqlx::Error> {
    let mut changes = vec![Change {
        field: "submission",
        old: format!("{unit_id}: {}", from.code()),
        new: format!("{unit_id}: {}", to.code()),
    }];
    if !note.is_empty() {
        changes.push(Change {
            field: "review_comment",
            old: String::new(),
            new: note.to_string(),
        });
    }
    journal::record(tx, actor, ENTITY, round_id, 0, "update", &changes).await
}

/// Accepts a submission: every entry becomes part of the programme, in one transaction.
pub async fn accept(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    clock: Clock,
) -> Result<(), AppError> {
    let today = clock.today;
    let actor = require(actor, Permission::EditContent)?;
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = rules::after(head.state, ReviewStep::Accept).map_err(AppError::Refused)?;
    let latest_locked = crate::db::report::latest_locked(db).await?;
    let unit_indicators = crate::db::indicators::entered_of_unit(db, unit_id).await?;
    let mut tx = db.begin().await?;
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, next).await? {
        return Err(step_refused(head.state, ReviewStep::Accept));
    }
    let entries = rounds::entries(&mut tx, round_id, unit_id).await?;
    let changes_ledger = entries
        .iter()
        .any(|e| e.draft.month_planned.is_some() || e.draft.month_completed.is_some());
    if let Some(locked) =
        latest_locked.filter(|l| changes_ledger && is_closed(head.month, Some(*l)))
    {
        return Err(AppError::Refused(Problem::LedgerMonthLocked {
            month: head.month,
            locked,
        }));
    }
    let (submitter, submitter_id) = rounds::submitter(&mut tx, round_id, unit_id).await?;
    // The figures are dated the day the unit handed them in (never after today).
    let reported_on = head
        .submitted_at
        .and_then(china_local)
        .map(|t| t.date())
        .unwrap_or(today)
        .min(today);
    let credit = Change {
        field: "submitted_by",
        old: String::new(),
        new: submitter.clone(),
    };
    for entry in &entries {
        write_entry(
            &mut tx,
            actor,
            entry,
            unit_id,
            head.month,
            reported_on,
            submitter_id,
            &credit,
        )
        .await?;
    }
    let at = clock.now;
    let values = crate::db::indicators::round_entries_in(&mut tx, round_id, unit_id).await?;
    for (indicator_id, value, note) in values {
        let Some(indicator) = unit_indicators.iter().find(|i| i.id == indicator_id) else {
            continue;
        };
        let value = crate::domain::indicators::ValueDraft {
            starts_on: indicator.period().start_of(first_day(head.month)),
            value,
            note,
        };
        crate::db::indicators::record_value(&mut tx, indicator_id, &value, &submitter, at).await?;
        let change = Change {
            field: "value",
            old: String::new(),
            new: format!(
                "{} {}",
                value.starts_on,
                crate::domain::indicators::figure_text(value.value)
            ),
        };
        journal::record(
            &mut tx,
            actor,
            super::indicators::ENTITY,
            indicator_id,
            indicator.version,
            "update",
            &[change, credit.clone()],
        )
        .await?;
    }
    rounds::mark_reviewed(&mut tx, round_id, unit_id, &actor.username, at, "").await?;
    let unit = (unit_id, head.unit_name.as_str());
    tell_unit(
        &mut tx,
        NotificationKind::Accepted,
        head.round(round_id),
        unit,
        "",
        at,
    )
    .await?;
    journal_state(&mut tx, actor, round_id, unit_id, head.state, next, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Writes one accepted entry as a planner's entry would be written, and journals it.
#[allow(clippy::too_many_arguments)]
async fn write_entry(
    tx: &mut crate::db::tx::Tx,
    actor: &CurrentUser,
    entry: &rounds::StoredEntry,
    unit_id: i64,
    month: Period,
    reported_on: NaiveDate,
    author: Option<i64>,
    credit: &Change,
) -> Result<(), AppError> {
    let draft = &entry.draft;
    let mut changes = Vec::new();
    let new_problem = (!draft.new_problem.is_empty()).then(|| ProblemDraft {
        description: draft.new_problem.clone(),
        unit_id: Some(unit_id),
        due_date: draft.new_problem_due,
    });
    match entry.kind {
        ItemKind::Milestone => {
            let id = entry.target;
            let appended = super::milestones::append_progress(
                tx,
                id,
                reported_on,
                draft.percent,
                &draft.note,
                author,
            )
            .await?;
            evidence::copy_all(
                tx,
                Owner::SubmissionItem(entry.id),
                Owner::MilestoneProgress(appended.progress_id),
            )
            .await?;
            let version = appended.version;
            changes = appended.changes;
            raise_with(
                tx,
                ProblemOn::Milestone(id),
                new_problem.as_ref(),
                reported_on,
                &mut changes,
            )
            .await?;
            changes.push(credit.clone());
            journal::record(
                tx,
                actor,
                super::milestones::ENTITY,
                id,
                version,
                "update",
                &changes,
            )
            .await?;
        }
        ItemKind::Project => {
            let id = entry.target;
            let (old_text, version) = projects::visible_progress(tx, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let percent = draft.percent.unwrap_or(0);
            let progress_id =
                projects::record_progress(tx, id, reported_on, percent, &draft.note, author)
                    .await?;
            evidence::copy_all(
                tx,
                Owner::SubmissionItem(entry.id),
                Owner::ProjectProgress(progress_id),
            )
            .await?;
            changes.push(Change {
                field: "visible_progress",
                old: old_text,
                new: format!("{reported_on} {percent}%：{}", draft.note),
            });
            if draft.month_planned.is_some() || draft.month_completed.is_some() {
                let month_number = i32::try_from(month.month).unwrap_or(1);
                let change = super::projects::write_ledger(
                    tx,
                    id,
                    month.year,
                    month_number,
                    draft.month_planned,
                    draft.month_completed,
                )
                .await?;
                changes.extend(change);
            }
            raise_with(
                tx,
                ProblemOn::Project(id),
                new_problem.as_ref(),
                reported_on,
                &mut changes,
            )
            .await?;
            changes.push(credit.clone());
            journal::record(
                tx,
                actor,
                super::projects::ENTITY,
                id,
                version + 1,
                "update",
                &changes,
            )
            .await?;
        }
        ItemKind::Answer => {
            let id = entry.target;
            let (milestone_id, project_id, description, old_status, old_answer) =
                problems::for_answer(tx, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
            problems::answer(tx, id, ProblemStatus::Answered, &draft.note, None).await?;
            evidence::copy_all(tx, Owner::SubmissionItem(entry.id), Owner::Problem(id)).await?;
            changes.push(Change {
                field: "problem_status",
                old: format!("{description}: {old_status}"),
                new: format!("{description}: {}", ProblemStatus::Answered.code()),
            });
            changes.push(Change {
                field: "problem_answer",
                old: old_answer,
                new: draft.note.clone(),
            });
            changes.push(credit.clone());
            let (entity, entity_id) = match (milestone_id, project_id) {
                (Some(m), _) => (super::milestones::ENTITY, m),
                (None, Some(p)) => (super::projects::ENTITY, p),
                (None, None) => ("problem", id),
            };
            journal::record(tx, actor, entity, entity_id, 0, "update", &changes).await?;
        }
    }
    Ok(())
}

// ---- The liaison's side -------------------------------------------------------------------

/// Saves the unit's entry for one item. Only the unit's own liaison may, and only while the
/// submission is open to edits.
#[allow(clippy::too_many_arguments)]
pub async fn save_item(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    kind: ItemKind,
    target: i64,
    form: &SubmissionItemForm,
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = reporter_for(db, actor, unit_id).await?;
    if rounds::owner_of(db, kind, target).await? != Some(unit_id) {
        return Err(AppError::Forbidden);
    }
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::Refused(Problem::NotInRound))?;
    let draft = rules::validate_item(kind, form, head.month)?;
    let next = rules::after(head.state, ReviewStep::Edit).map_err(AppError::Refused)?;
    let at = clock.now;
    let mut tx = db.begin().await?;
    // Moving the state first (from the state read) keeps a save and a review from crossing.
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, next).await? {
        return Err(step_refused(head.state, ReviewStep::Edit));
    }
    // After the submission's row is locked: a planner's take-out of the item is either seen
    // here or waits for this save (and then sees its entry).
    if rounds::is_excluded(&mut tx, round_id, kind, target).await? {
        return Err(AppError::Refused(Problem::ItemNotInRound));
    }
    rounds::mark_started(&mut tx, round_id, unit_id, at).await?;
    let id = rounds::save_item(
        &mut tx,
        round_id,
        unit_id,
        kind,
        target,
        &draft,
        &actor.username,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The first day of a round's month.
fn first_day(month: Period) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.year, month.month, 1).unwrap_or(NaiveDate::MIN)
}

/// Saves the unit's value of one of its entered indicators (指标) in the round, for the period
/// the round's month falls in; it becomes the indicator's value when the submission is accepted.
pub async fn save_indicator(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    indicator_id: i64,
    form: &IndicatorValueForm,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = reporter_for(db, actor, unit_id).await?;
    let indicator = crate::db::indicators::get(db, indicator_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if indicator.unit_id != Some(unit_id) {
        return Err(AppError::Forbidden);
    }
    if indicator.source() != crate::domain::indicators::Source::Entered {
        return Err(FieldErrors::single("value", Problem::IndicatorNotEntered).into());
    }
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::Refused(Problem::NotInRound))?;
    let in_round = IndicatorValueForm {
        period_day: first_day(head.month).to_string(),
        ..form.clone()
    };
    let draft =
        crate::domain::indicators::validate_value(&in_round, indicator.period(), clock.today)?;
    let next = rules::after(head.state, ReviewStep::Edit).map_err(AppError::Refused)?;
    let mut tx = db.begin().await?;
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, next).await? {
        return Err(step_refused(head.state, ReviewStep::Edit));
    }
    rounds::mark_started(&mut tx, round_id, unit_id, clock.now).await?;
    crate::db::indicators::save_round_entry(
        &mut tx,
        round_id,
        unit_id,
        indicator_id,
        draft.value,
        &draft.note,
        &actor.username,
        clock.now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Hands the unit's submission in for review; late when after the due day or the round closed.
pub async fn submit(
    db: &Db,
    actor: Option<&CurrentUser>,
    round_id: i64,
    unit_id: i64,
    clock: Clock,
) -> Result<(), AppError> {
    let actor = reporter_for(db, actor, unit_id).await?;
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::Refused(Problem::NotInRound))?;
    let next = rules::after(head.state, ReviewStep::Submit).map_err(AppError::Refused)?;
    let at = clock.now;
    let late = rules::is_late(at, head.due_date, head.closed_at);
    let mut tx = db.begin().await?;
    if !rounds::set_state(&mut tx, round_id, unit_id, head.state, next).await? {
        return Err(step_refused(head.state, ReviewStep::Submit));
    }
    rounds::mark_submitted(&mut tx, round_id, unit_id, &actor.username, at, late).await?;
    notifications::to_planners(&mut tx, unit_id, NotificationKind::Submitted, round_id, at).await?;
    journal_state(&mut tx, actor, round_id, unit_id, head.state, next, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps an evidence file on the unit's entry `item_id`, while it is open to edits. The bytes
/// were checked by `domain::evidence` already.
pub async fn attach_evidence(
    db: &Db,
    files: &FileStore,
    actor: Option<&CurrentUser>,
    item_id: i64,
    file: &crate::reporting::evidence::Evidence,
    bytes: &[u8],
    clock: Clock,
) -> Result<i64, AppError> {
    let (round_id, unit_id) = rounds::item_owner(db, item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = reporter_for(db, actor, unit_id).await?;
    // Checked before the bytes are stored (nothing is kept for a frozen submission), and again
    // in the transaction.
    let head = rounds::submission_head(db, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    rules::after(head.state, ReviewStep::Edit).map_err(AppError::Refused)?;
    let thumbnail = super::keep_evidence_bytes(db, files, file, bytes).await?;
    let new_file = super::evidence_file(file, bytes, thumbnail.as_deref());
    let mut tx = db.begin().await?;
    let head = rounds::submission_head_tx(&mut tx, round_id, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    rules::after(head.state, ReviewStep::Edit).map_err(AppError::Refused)?;
    let id = evidence::attach(
        &mut tx,
        files,
        &new_file,
        Owner::SubmissionItem(item_id),
        &actor.username,
        clock.now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
