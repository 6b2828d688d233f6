//! Reminders that go out by themselves, once a day from 9:00 China time: N days before a round's
//! due date, on the due date and every day after it while units still owe their submission;
//! milestones that turn 滞后 or 严重滞后; problems past their due date; upstream, counties that
//! have not sent last month's 上报 package (around its due day, as for rounds). Each one is
//! keyed (what, for which item, on which day) and taken in the same transaction that writes it,
//! so it goes out exactly once however many app servers run the schedule.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Timelike};

use crate::db::channels::{self, ChannelOwner};
use crate::db::tx::Tx;
use crate::db::{notifications, queries, rounds, Db};
use crate::domain::dates::{china_local, Clock};
use crate::domain::model::NotificationKind;
use crate::domain::period::Period;
use crate::domain::status::Status;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::{MilestoneFilter, NotificationView};

/// The hour (China time) from which the day's reminders go out.
pub const SEND_FROM_HOUR: u32 = 9;
/// The most overdue problems reminded of in one day.
const PROBLEMS_PER_DAY: i64 = 1000;

#[derive(Clone, Copy, Debug)]
pub struct ReminderSettings {
    /// Remind this many days before a round's due date (0: not before).
    pub days_before: i64,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { days_before: 3 }
    }
}

/// Which round reminder, if any, is due on `today` for a round due on `due`.
pub fn round_reminder(today: NaiveDate, due: NaiveDate, days_before: i64) -> Option<&'static str> {
    let days_left = (due - today).num_days();
    match days_left {
        0 => Some("due"),
        d if d < 0 => Some("late"),
        d if days_before > 0 && d == days_before => Some("before"),
        _ => None,
    }
}

/// The words of a notification, in the server's language, for the robots.
fn message(view: &NotificationView) -> String {
    Locale::process().notification(view)
}

fn view(kind: NotificationKind, unit_name: &str, subject: &str) -> NotificationView {
    NotificationView {
        id: 0,
        at: 0,
        kind,
        round_id: None,
        month: None,
        due_date: None,
        unit_id: None,
        unit_name: unit_name.to_string(),
        milestone_id: None,
        subject: subject.to_string(),
        read: false,
    }
}

/// A round as a message names it.
#[derive(Clone, Copy, Debug)]
pub struct RoundRef {
    pub id: i64,
    pub month: Period,
    pub due: NaiveDate,
}

impl RoundRef {
    pub fn of(round: &crate::model::RoundSummary) -> RoundRef {
        RoundRef {
            id: round.id,
            month: round.month,
            due: round.due_date,
        }
    }
}

/// Tells unit `unit` about its part in `round`: in-app to its liaisons, and through its robots
/// and e-mail, where `note` (a reviewer's reason) follows the message.
pub async fn tell_unit(
    tx: &mut Tx,
    kind: NotificationKind,
    round: RoundRef,
    unit: (i64, &str),
    note: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    let (unit_id, unit_name) = unit;
    notifications::to_unit_liaisons(tx, unit_id, kind, round.id, at).await?;
    let text = message(&NotificationView {
        round_id: Some(round.id),
        month: Some(round.month),
        due_date: Some(round.due),
        ..view(kind, unit_name, note)
    });
    channels::enqueue(tx, ChannelOwner::Unit(unit_id), &text, at).await?;
    Ok(())
}

/// Reminds `units` of `round`: in-app to their liaisons and through their channels. Used by the
/// 催报 button and by the schedule.
pub async fn remind_units(
    tx: &mut Tx,
    round: RoundRef,
    units: &[(i64, String)],
    at: i64,
) -> Result<(), sqlx::Error> {
    for (unit, unit_name) in units {
        rounds::record_reminder(tx, round.id, *unit, at).await?;
        tell_unit(
            tx,
            NotificationKind::Reminder,
            round,
            (*unit, unit_name),
            "",
            at,
        )
        .await?;
    }
    Ok(())
}

/// Runs the day's reminders if it is time and they have not run today; returns how many went
/// out (`None` when it was not the time).
pub async fn run_daily(
    db: &Db,
    clock: Clock,
    settings: ReminderSettings,
) -> Result<Option<usize>, AppError> {
    let hour = china_local(clock.now).map_or(0, |t| t.hour());
    let today = clock.today;
    let daily_key = format!("daily:{today}");
    if hour < SEND_FROM_HOUR || already_ran(db, &daily_key).await? {
        return Ok(None);
    }
    let at = clock.now;
    let names: HashMap<i64, String> = queries::reference_data(db)
        .await?
        .unit_names()
        .into_iter()
        .collect();
    let name = |unit: i64| names.get(&unit).cloned().unwrap_or_default();
    // Unit names are unique, and the milestone rows carry the name.
    let unit_of: HashMap<&str, i64> = names.iter().map(|(id, n)| (n.as_str(), *id)).collect();
    let mut sent = 0;

    for (round_id, due) in channels::open_rounds(db).await? {
        let Some(which) = round_reminder(today, due, settings.days_before) else {
            continue;
        };
        let Some((round, units)) = rounds::detail(db, round_id, today).await? else {
            continue;
        };
        let owing: Vec<(i64, String)> = units
            .iter()
            .filter(|u| crate::domain::rounds::owes(u.state))
            .map(|u| (u.unit_id, u.unit_name.clone()))
            .collect();
        if owing.is_empty() {
            continue;
        }
        let mut tx = db.begin().await?;
        if channels::take_reminder_key(&mut tx, &format!("round:{round_id}:{which}:{today}"), at)
            .await?
        {
            remind_units(&mut tx, RoundRef::of(&round), &owing, at).await?;
            sent += owing.len();
        }
        tx.commit().await?;
    }

    let listening: HashSet<i64> = channels::listening_units(db).await?.into_iter().collect();
    if !listening.is_empty() {
        let thresholds = queries::thresholds(db).await?;
        let rows = queries::milestones(db, &MilestoneFilter::default(), today, &thresholds).await?;
        let behind = rows.iter().filter_map(|r| {
            let unit = *unit_of.get(r.unit_name.as_str())?;
            (matches!(r.assessment.status, Status::Behind | Status::Critical)
                && listening.contains(&unit))
            .then_some((r, unit))
        });
        for (row, unit) in behind {
            let key = format!("behind:{}:{}", row.id, row.assessment.status.code());
            let mut tx = db.begin().await?;
            if channels::take_reminder_key(&mut tx, &key, at).await? {
                notifications::about_item(
                    &mut tx,
                    unit,
                    NotificationKind::MilestoneBehind,
                    Some(row.id),
                    None,
                    at,
                )
                .await?;
                let text = message(&view(
                    NotificationKind::MilestoneBehind,
                    &row.unit_name,
                    &row.title,
                ));
                channels::enqueue(&mut tx, ChannelOwner::Unit(unit), &text, at).await?;
                sent += 1;
            }
            tx.commit().await?;
        }
        for (problem, unit, description) in
            channels::overdue_problems(db, today, PROBLEMS_PER_DAY).await?
        {
            if !listening.contains(&unit) {
                continue;
            }
            let mut tx = db.begin().await?;
            if channels::take_reminder_key(&mut tx, &format!("problem-overdue:{problem}"), at)
                .await?
            {
                notifications::about_item(
                    &mut tx,
                    unit,
                    NotificationKind::ProblemOverdue,
                    None,
                    Some(problem),
                    at,
                )
                .await?;
                let text = message(&view(
                    NotificationKind::ProblemOverdue,
                    &name(unit),
                    &description,
                ));
                channels::enqueue(&mut tx, ChannelOwner::Unit(unit), &text, at).await?;
                sent += 1;
            }
            tx.commit().await?;
        }
    }

    // Upstream, the counties that still owe last month's 上报 package.
    sent += crate::region::chase::scheduled(db, today, at, settings.days_before).await?;

    let mut tx = db.begin().await?;
    channels::take_reminder_key(&mut tx, &daily_key, at).await?;
    tx.commit().await?;
    Ok(Some(sent))
}

async fn already_ran(db: &Db, key: &str) -> Result<bool, AppError> {
    Ok(channels::reminder_key_taken(db, key).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn round_reminders_come_before_on_and_after_the_due_day() {
        let due = d(2026, 12, 5);
        assert_eq!(round_reminder(d(2026, 12, 2), due, 3), Some("before"));
        assert_eq!(round_reminder(d(2026, 12, 3), due, 3), None);
        assert_eq!(round_reminder(due, due, 3), Some("due"));
        assert_eq!(round_reminder(d(2026, 12, 6), due, 3), Some("late"));
        assert_eq!(round_reminder(d(2026, 12, 20), due, 3), Some("late"));
        assert_eq!(round_reminder(d(2026, 12, 2), due, 0), None);
    }
}
