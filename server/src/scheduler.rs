//! The background schedule of `roadmap serve`: every minute, today's reminders (once a day, from
//! 9:00 China time) and the delivery queue (robots and e-mail). Every server of a deployment runs it; the
//! database decides who sends what (keyed reminders, claimed deliveries), so nothing goes twice.

use std::time::Duration;

use app::backup::schedule::{run_due, BackupSchedule};
use app::db::Db;
use app::domain::dates::Clock;
use app::error::AppError;
use app::files::FileStore;
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

/// Scheduled backups: every minute, this interval's backup if no server has taken it yet.
pub async fn backups(db: Db, url: String, files: FileStore, schedule: BackupSchedule) {
    let server = server_name();
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let now = chrono::Utc::now().timestamp();
        match run_due(&db, &url, &files, &schedule, now, &server).await {
            Ok(None) => {}
            Ok(Some(run)) => match &run.error {
                None => tracing::info!(
                    file = run.file.as_deref().unwrap_or_default(),
                    bytes = run.bytes.unwrap_or_default(),
                    "scheduled backup taken"
                ),
                Some(error) => {
                    tracing::error!(%error, "the scheduled backup failed; the next interval tries again")
                }
            },
            Err(e) => tracing::error!(error = %e, "cannot take the scheduled backup"),
        }
    }
}

/// This server among several: its host name and process.
fn server_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    format!("{host}:{}", std::process::id())
}
