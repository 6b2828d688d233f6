//! Scheduled backups (`roadmap serve --backup-dir DIR --backup-every 24h --backup-keep 14`).
//!
//! Time is cut into intervals of `every` from the Unix epoch; the first server to claim an
//! interval in the database takes its backup, so several app servers take it once. The newest
//! `keep` backups in the folder are kept, older ones removed.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::{backup, BackupError};
use crate::db::backup as stored;
use crate::db::Db;
use crate::domain::dates::china_local;
use crate::files::FileStore;
use crate::model::BackupRun;

/// The shortest interval accepted: a backup takes a while and is for days, not seconds.
pub const SHORTEST_SECONDS: i64 = 60;
/// How scheduled backups are named: the prefix, then the China time they were started.
const PREFIX: &str = "roadmap-backup-";
const SUFFIX: &str = ".zip";

#[derive(Clone, Debug)]
pub struct BackupSchedule {
    pub dir: PathBuf,
    pub every_seconds: i64,
    pub keep: usize,
}

/// `30m`, `6h`, `24h`, `7d` (or plain seconds) as seconds; `None` for anything else or less
/// than a minute.
pub fn parse_every(text: &str) -> Option<i64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last()? {
        (at, c) if c.is_ascii_alphabetic() => (&text[..at], c.to_ascii_lowercase()),
        _ => (text, 's'),
    };
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return None,
    };
    let seconds = number.trim().parse::<i64>().ok()?.checked_mul(scale)?;
    (seconds >= SHORTEST_SECONDS).then_some(seconds)
}

/// The interval `now` falls in, by its start.
pub fn slot(now: i64, every_seconds: i64) -> i64 {
    now.div_euclid(every_seconds) * every_seconds
}

/// The file a backup started at `started` (Unix seconds) is written to, by China time.
pub fn file_name(started: i64) -> String {
    let at = china_local(started).unwrap_or_default();
    format!("{PREFIX}{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"))
}

/// Of the scheduled backups named in a folder, those beyond the newest `keep` (names sort by
/// time). Other files, and `.partial` ones, are not the schedule's and stay.
pub fn beyond_kept(names: &[String], keep: usize) -> Vec<String> {
    let mut ours: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    ours.into_iter().take(excess).cloned().collect()
}

/// Takes this interval's backup if no server has yet: `Ok(None)` when another has it.
pub async fn run_due(
    db: &Db,
    url: &str,
    files: &FileStore,
    schedule: &BackupSchedule,
    now: i64,
    server: &str,
) -> Result<Option<BackupRun>, BackupError> {
    let slot = slot(now, schedule.every_seconds);
    if !stored::claim_backup_slot(db, slot, now, server).await? {
        return Ok(None);
    }
    let out = schedule.dir.join(file_name(now));
    let result = async {
        std::fs::create_dir_all(&schedule.dir).map_err(|e| BackupError::io(&schedule.dir, e))?;
        backup(db, url, files, &out).await?;
        std::fs::metadata(&out)
            .map(|m| m.len() as i64)
            .map_err(|e| BackupError::io(&out, e))
    }
    .await;
    let finished = Utc::now().timestamp();
    let file = out.display().to_string();
    let (bytes, error) = match &result {
        Ok(bytes) => (Some(*bytes), None),
        Err(e) => (None, Some(e.to_string())),
    };
    stored::finish_backup_slot(
        db,
        slot,
        finished,
        result.is_ok().then_some(&file),
        bytes,
        error.as_deref(),
    )
    .await?;
    let event = crate::audit::AuditEvent {
        username: "schedule".to_string(),
        action: crate::audit::action::BACKUP,
        target: file.clone(),
        outcome: if result.is_ok() {
            crate::audit::OK
        } else {
            crate::audit::FAILED
        },
        address: server.to_string(),
        detail: error.clone().unwrap_or_default(),
    };
    crate::db::security_log::append(db, &event, finished).await?;
    if result.is_ok() {
        prune(&schedule.dir, schedule.keep)?;
    }
    Ok(Some(BackupRun {
        started_at: now,
        finished_at: Some(finished),
        server: server.to_string(),
        file: result.is_ok().then_some(file),
        bytes,
        error,
    }))
}

/// Removes the scheduled backups in `dir` beyond the newest `keep`.
fn prune(dir: &Path, keep: usize) -> Result<(), BackupError> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| BackupError::io(dir, e))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    for name in beyond_kept(&names, keep) {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| BackupError::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_operators_write_them() {
        assert_eq!(parse_every("24h"), Some(86_400));
        assert_eq!(parse_every("30m"), Some(1_800));
        assert_eq!(parse_every("7d"), Some(604_800));
        assert_eq!(parse_every(" 6H "), Some(21_600));
        assert_eq!(parse_every("3600"), Some(3_600));
        assert_eq!(parse_every("10s"), None, "shorter than a minute");
        assert_eq!(parse_every("0h"), None);
        assert_eq!(parse_every("-1d"), None);
        assert_eq!(parse_every("1w"), None);
        assert_eq!(parse_every("h"), None);
        assert_eq!(parse_every(""), None);
        assert_eq!(parse_every("99999999999999999d"), None);
    }

    #[test]
    fn every_moment_of_an_interval_falls_in_the_same_slot() {
        let day = 86_400;
        assert_eq!(slot(day * 10, day), day * 10);
        assert_eq!(slot(day * 10 + day - 1, day), day * 10);
        assert_eq!(slot(day * 11, day), day * 11);
    }

    #[test]
    fn backups_are_named_by_china_time() {
        // 2026-12-06 16:30:00 UTC is 2026-12-07 00:30 in China.
        assert_eq!(
            file_name(1_796_574_600),
            "roadmap-backup-20261207-003000.zip"
        );
    }

    #[test]
    fn only_the_oldest_scheduled_backups_beyond_the_kept_number_go() {
        let names: Vec<String> = [
            "roadmap-backup-20261203-000000.zip",
            "roadmap-backup-20261201-000000.zip",
            "roadmap-backup-20261202-000000.zip",
            "roadmap-backup-20261204-000000.zip.partial",
            "my-own-copy.zip",
            "roadmap-before-restore-20261201T000000Z.zip",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            beyond_kept(&names, 2),
            vec!["roadmap-backup-20261201-000000.zip".to_string()]
        );
        assert!(beyond_kept(&names, 14).is_empty());
        assert_eq!(beyond_kept(&names, 0).len(), 3);
    }
}
