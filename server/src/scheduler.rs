//! The background schedule of `roadmap serve`: every minute, today's reminders (once a day, from
//! 9:00 China time) and the delivery queue (robots and e-mail). Every server of a deployment runs it; the
//! database decides who sends what (keyed reminders, claimed deliveries), so nothing goes twice.

use std::time::Duration;

use app::db::Db;
use app::domain::dates::Clock;
use app::error::AppError;
use app::notify::email::Mailer;
use app::notify::schedule::{run_daily, ReminderSettings};
use chrono::NaiveDate;

const TICK: Duration = Duration::from_secs(60);

/// One pass: (reminders sent, messages delivered).
pub async fn pass(
    db: &Db,
    mailer: Option<&Mailer>,
    today: Option<NaiveDate>,
    settings: ReminderSettings,
) -> Result<(usize, usize), AppError> {
    let clock = Clock::new(today);
    let sent = run_daily(db, clock, settings).await?.unwrap_or(0);
    let delivered = app::notify::deliver_due(db, mailer, clock.now).await?;
    Ok((sent, delivered))
}

pub async fn run(
    db: Db,
    mailer: Option<Mailer>,
    today: Option<NaiveDate>,
    settings: ReminderSettings,
) {
    // The first pass a minute after start: a server that is restarted sends nothing while it is
    // still coming up, and `roadmap reminders run` is there for a pass right now.
    let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + TICK, TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match pass(&db, mailer.as_ref(), today, settings).await {
            Ok((0, 0)) => {}
            Ok((sent, delivered)) => tracing::info!(sent, delivered, "reminders"),
            Err(e) => {
                tracing::warn!(error = %e, "the reminder schedule failed; it tries again in a minute")
            }
        }
    }
}
