//! 催报 upstream: the registered counties that have not sent a month's 上报 package are reminded
//! through their own channels (group robots, e-mail) by the same queue, retries and schedule as
//! unit reminders — by a person on 区域汇总, or by the daily schedule before, on and after the
//! due day.

use chrono::{Datelike, NaiveDate};

use crate::db::channels::{self, ChannelOwner};
use crate::db::{region, Db, DbError};
use crate::domain::access::Permission;
use crate::domain::dates::Clock;
use crate::domain::period::Period;
use crate::domain::problem::{Label, Problem};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::CurrentUser;

/// The due day when none is set: the 5th of the following month.
pub const DEFAULT_DUE_DAY: u32 = 5;
/// The latest due day: every month has it.
pub const MAX_DUE_DAY: u32 = 28;

/// The date counties owe `period`'s package by: day `due_day` of the following month.
pub fn due_date(period: Period, due_day: u32) -> NaiveDate {
    let (year, month) = if period.month == 12 {
        (period.year + 1, 1)
    } else {
        (period.year, period.month + 1)
    };
    let day = due_day.clamp(1, MAX_DUE_DAY);
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The due day as set by an admin, or the default.
pub async fn due_day(db: &Db) -> Result<u32, DbError> {
    Ok(region::due_day(db)
        .await?
        .filter(|d| (1..=MAX_DUE_DAY).contains(d))
        .unwrap_or(DEFAULT_DUE_DAY))
}

/// Sets the due day (admins), journalled as a setting.
pub async fn set_due_day(db: &Db, actor: Option<&CurrentUser>, day: &str) -> Result<(), AppError> {
    let actor = crate::edit::require(actor, Permission::Administer)?;
    let mut e = FieldErrors::default();
    let day = e.integer_in("due_day", Label::PackageDueDay, day, 1, MAX_DUE_DAY.into());
    let day = e.into_result(day)?.unwrap_or(DEFAULT_DUE_DAY.into());
    let mut tx = db.begin().await?;
    crate::edit::settings::save_setting(
        &mut tx,
        actor,
        region::DUE_DAY_SETTING,
        "package_due_day",
        &day.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a 催报 did: counties reminded through their channels, and those with none to reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reminded {
    pub reached: usize,
    pub unreachable: usize,
}

/// 催报 from 区域汇总: reminds every registered county with no package for the month
/// `period` ("2026-11"); the month and what was done.
pub async fn remind(
    db: &Db,
    actor: Option<&CurrentUser>,
    period: &str,
    clock: Clock,
) -> Result<(Period, Reminded), AppError> {
    let actor = crate::edit::require(actor, Permission::EditContent)?;
    let Ok(period) = Period::parse(period.trim()) else {
        let problem = Problem::Choose(Label::Month);
        return Err(AppError::Invalid(FieldErrors::single("period", problem)));
    };
    let period = remindable(period, clock.today)?;
    let reminded = remind_unreported(db, period, clock.now, &actor.username, None).await?;
    Ok((period, reminded))
}

/// The schedule's part: from `days_before` days before the due day of last month's package,
/// on the day and every day after it, the counties still owing it are reminded once a day.
/// Returns how many were reached.
pub async fn scheduled(
    db: &Db,
    today: NaiveDate,
    at: i64,
    days_before: i64,
) -> Result<usize, AppError> {
    if !region::has_counties(db).await? {
        return Ok(0);
    }
    let period = super::upstream::previous_month(today);
    let due = due_date(period, due_day(db).await?);
    let Some(which) = crate::notify::schedule::round_reminder(today, due, days_before) else {
        return Ok(0);
    };
    let key = format!("region:{}:{which}:{today}", period.code());
    let reminded = remind_unreported(db, period, at, "", Some(&key)).await?;
    Ok(reminded.reached)
}

/// Queues a reminder for each unreported county of `period` that has a channel, and records
/// it, in one transaction; with `once_key`, only if that key was not taken before (the
/// schedule's guard against sending twice).
async fn remind_unreported(
    db: &Db,
    period: Period,
    at: i64,
    sent_by: &str,
    once_key: Option<&str>,
) -> Result<Reminded, AppError> {
    let (unreported, reachable, due_day) = tokio::try_join!(
        region::unreported_counties(db, period),
        channels::county_channel_counts(db),
        due_day(db),
    )?;
    let due = due_date(period, due_day);
    let (reach, unreachable): (Vec<_>, Vec<_>) = unreported
        .iter()
        .partition(|c| reachable.iter().any(|(id, n)| *id == c.id && *n > 0));
    let mut tx = db.begin().await?;
    if let Some(key) = once_key {
        if reach.is_empty() || !channels::take_reminder_key(&mut tx, key, at).await? {
            return Ok(Reminded::default());
        }
    }
    let words = Locale::process();
    for county in &reach {
        let text = words.county_reminder(&county.name, &county.region_code, period, due);
        region::record_reminder(&mut tx, county.id, period, at, sent_by).await?;
        channels::enqueue(&mut tx, ChannelOwner::County(county.id), &text, at).await?;
    }
    tx.commit().await?;
    Ok(Reminded {
        reached: reach.len(),
        unreachable: unreachable.len(),
    })
}

/// The check a 催报's month goes through: one that has ended or is running, not one to come.
pub fn remindable(period: Period, today: NaiveDate) -> Result<Period, super::RegionError> {
    if (period.year, period.month) > (today.year(), today.month()) {
        return Err(super::RegionError::FuturePeriod(period));
    }
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_months_package_is_due_early_the_next_month() {
        let november = Period::new(2026, 11).unwrap();
        assert_eq!(due_date(november, 5), d(2026, 12, 5));
        let december = Period::new(2026, 12).unwrap();
        assert_eq!(due_date(december, 10), d(2027, 1, 10));
        // Out-of-range days are held to a day every month has.
        assert_eq!(due_date(Period::new(2027, 1).unwrap(), 31), d(2027, 2, 28));
        assert_eq!(due_date(november, 0), d(2026, 12, 1));
    }

    #[test]
    fn a_future_month_cannot_be_chased() {
        let today = d(2026, 12, 8);
        assert!(remindable(Period::new(2026, 11).unwrap(), today).is_ok());
        assert!(remindable(Period::new(2026, 12).unwrap(), today).is_ok());
        assert!(remindable(Period::new(2027, 1).unwrap(), today).is_err());
    }
}
