//! Group-robot and e-mail channels of each unit (and, upstream, of each registered county), the
//! delivery queue with its retries, and the keys of scheduled reminders already sent (each goes
//! out once, however many app servers run).

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::model::ChannelKind;
use crate::model::{ChannelView, DeliveryView};

/// How many queued messages one pass sends at most.
pub const BATCH: i64 = 20;
/// How many recent problem deliveries the admin page lists.
pub const RECENT_PROBLEMS: i64 = 20;
/// How many channels the admin page lists (a county has a few per unit).
pub const MAX_LISTED: i64 = 500;

/// Whose messages a channel carries: a unit's (its liaisons' group), or a registered county's
/// (the county centre's, for 催报 of its 上报 package).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelOwner {
    Unit(i64),
    County(i64),
}

impl ChannelOwner {
    /// The column of `unit_channels` that holds this owner, and its id.
    fn column(self) -> (&'static str, i64) {
        match self {
            ChannelOwner::Unit(id) => ("unit_id", id),
            ChannelOwner::County(id) => ("county_id", id),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ChannelRow {
    id: i64,
    owner_name: String,
    county_code: Option<String>,
    kind: String,
    url: String,
    secret: String,
    enabled: bool,
}

/// A channel as stored, with what sending needs.
pub struct Channel {
    pub id: i64,
    /// The unit's or the county's name.
    pub owner_name: String,
    /// The county's 行政区划代码, for a county's channel.
    pub county_code: Option<String>,
    pub kind: ChannelKind,
    pub url: String,
    pub secret: String,
    pub enabled: bool,
}

fn channel_kind(code: &str) -> Result<ChannelKind, DbError> {
    ChannelKind::from_code(code).ok_or_else(|| DbError::Corrupt(format!("channel kind {code:?}")))
}

fn channel(row: ChannelRow) -> Result<Channel, DbError> {
    Ok(Channel {
        kind: channel_kind(&row.kind)?,
        id: row.id,
        owner_name: row.owner_name,
        county_code: row.county_code,
        url: row.url,
        secret: row.secret,
        enabled: row.enabled,
    })
}

/// A channel's owner, unit or county: every query that names it joins both.
const OWNER_JOIN: &str = "LEFT JOIN units u ON u.id = c.unit_id
     LEFT JOIN region_counties rc ON rc.id = c.county_id";

fn channel_select() -> String {
    format!(
        "SELECT c.id, COALESCE(u.name, rc.name, '') AS owner_name, rc.region_code AS county_code,
                c.kind, c.url, c.secret, c.enabled
         FROM unit_channels c {OWNER_JOIN}"
    )
}

pub async fn all(db: &Db) -> Result<Vec<ChannelView>, DbError> {
    let rows: Vec<ChannelRow> = db
        .fetch_all(
            // Units first in their usual order, then counties by code.
            Statement::new(format!(
                "{} ORDER BY c.county_id IS NOT NULL, u.sort_order, u.name, rc.region_code, c.id
                 LIMIT $1",
                channel_select()
            ))
            .bind(MAX_LISTED),
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let c = channel(row)?;
            Ok(ChannelView {
                id: c.id,
                owner_name: c.owner_name,
                county_code: c.county_code,
                kind: c.kind,
                url: c.url,
                signed: !c.secret.is_empty(),
                enabled: c.enabled,
            })
        })
        .collect()
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Channel>, DbError> {
    let row: Option<ChannelRow> = db
        .fetch_optional(Statement::new(format!("{} WHERE c.id = $1", channel_select())).bind(id))
        .await?;
    row.map(channel).transpose()
}

pub async fn insert(
    tx: &mut Tx,
    owner: ChannelOwner,
    kind: ChannelKind,
    url: &str,
    secret: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let (column, owner_id) = owner.column();
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(format!(
                "INSERT INTO unit_channels ({column}, kind, url, secret, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id"
            ))
            .bind(owner_id)
            .bind(kind.code())
            .bind(url)
            .bind(secret)
            .bind(at),
        )
        .await?;
    Ok(id)
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(Statement::new("DELETE FROM unit_channels WHERE id = $1").bind(id))
        .await?;
    Ok(n > 0)
}

/// Queues `message` for every enabled channel of `owner`; returns how many were queued.
pub async fn enqueue(
    tx: &mut Tx,
    owner: ChannelOwner,
    message: &str,
    at: i64,
) -> Result<u64, sqlx::Error> {
    let (column, owner_id) = owner.column();
    tx.execute(
        Statement::new(format!(
            "INSERT INTO deliveries (channel_id, created_at, message, next_attempt_at)
             SELECT id, $1, $2, $3 FROM unit_channels WHERE {column} = $4 AND enabled"
        ))
        .bind(at)
        .bind(message)
        .bind(at)
        .bind(owner_id),
    )
    .await
}

/// How many enabled channels each registered county has: (county id, channels).
pub async fn county_channel_counts(db: &Db) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(db
        .fetch_all(Statement::new(
            "SELECT county_id, COUNT(*) FROM unit_channels
             WHERE county_id IS NOT NULL AND enabled GROUP BY county_id",
        ))
        .await?)
}

/// A queued message this server has claimed, with where it goes.
pub struct Claimed {
    pub id: i64,
    pub attempts: i32,
    pub message: String,
    pub channel: Channel,
}

#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    attempts: i32,
    message: String,
    channel_id: i64,
}

/// Claims up to `BATCH` messages due at `now` for `lease` seconds. A message claimed by another
/// server (its lease not yet over) is left alone, so no message is sent twice.
pub async fn claim_due(db: &Db, now: i64, lease: i64) -> Result<Vec<Claimed>, DbError> {
    let due: Vec<DueRow> = db
        .fetch_all(
            Statement::new(
                "SELECT id, attempts, message, channel_id FROM deliveries
                 WHERE delivered_at IS NULL AND NOT failed AND next_attempt_at <= $1
                   AND (claimed_until IS NULL OR claimed_until < $2)
                 ORDER BY next_attempt_at, id LIMIT $3",
            )
            .bind(now)
            .bind(now)
            .bind(BATCH),
        )
        .await?;
    let mut claimed = Vec::new();
    for row in due {
        let won = db
            .execute(
                Statement::new(
                    "UPDATE deliveries SET claimed_until = $1
                     WHERE id = $2 AND delivered_at IS NULL AND NOT failed
                       AND (claimed_until IS NULL OR claimed_until < $3)",
                )
                .bind(now + lease)
                .bind(row.id)
                .bind(now),
            )
            .await?;
        if won == 1 {
            if let Some(channel) = get(db, row.channel_id).await? {
                claimed.push(Claimed {
                    id: row.id,
                    attempts: row.attempts,
                    message: row.message,
                    channel,
                });
            }
        }
    }
    Ok(claimed)
}

pub async fn mark_delivered(db: &Db, id: i64, at: i64) -> Result<(), DbError> {
    db.execute(
        Statement::new(
            "UPDATE deliveries SET delivered_at = $1, attempts = attempts + 1, claimed_until = NULL,
                    last_error = '' WHERE id = $2",
        )
        .bind(at)
        .bind(id),
    )
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again at `retry_at`, or given up when `None`.
pub async fn mark_attempt_failed(
    db: &Db,
    id: i64,
    retry_at: Option<i64>,
    error: &str,
) -> Result<(), DbError> {
    db.execute(
        Statement::new(
            "UPDATE deliveries SET attempts = attempts + 1, claimed_until = NULL, last_error = $1,
                    next_attempt_at = COALESCE($2, next_attempt_at), failed = $3 WHERE id = $4",
        )
        .bind(error)
        .bind(retry_at)
        .bind(retry_at.is_none())
        .bind(id),
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: i64,
    owner_name: String,
    county_code: Option<String>,
    kind: String,
    created_at: i64,
    attempts: i32,
    next_attempt_at: i64,
    failed: bool,
    last_error: String,
}

/// Messages that failed at least once and are not delivered: retrying or given up.
pub async fn recent_problems(db: &Db) -> Result<Vec<DeliveryView>, DbError> {
    let rows: Vec<DeliveryRow> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT d.id, COALESCE(u.name, rc.name, '') AS owner_name,
                        rc.region_code AS county_code, c.kind, d.created_at, d.attempts,
                        d.next_attempt_at, d.failed, d.last_error
                 FROM deliveries d JOIN unit_channels c ON c.id = d.channel_id {OWNER_JOIN}
                 WHERE d.delivered_at IS NULL AND d.attempts > 0
                 ORDER BY d.created_at DESC, d.id DESC LIMIT $1"
            ))
            .bind(RECENT_PROBLEMS),
        )
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DeliveryView {
                id: r.id,
                owner_name: r.owner_name,
                county_code: r.county_code,
                kind: channel_kind(&r.kind)?,
                created_at: r.created_at,
                attempts: r.attempts,
                next_attempt_at: r.next_attempt_at,
                failed: r.failed,
                last_error: r.last_error,
            })
        })
        .collect()
}

/// Counts of the queue: (delivered, waiting, given up).
pub async fn queue_counts(db: &Db) -> Result<(i64, i64, i64), DbError> {
    Ok(db
        .fetch_one(Statement::new(
            "SELECT COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN delivered_at IS NULL AND NOT failed THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN failed THEN 1 ELSE 0 END), 0)
             FROM deliveries",
        ))
        .await?)
}

/// Takes the reminder `key`: true for the one caller that inserted it first.
pub async fn take_reminder_key(tx: &mut Tx, key: &str, at: i64) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            Statement::new(
                "INSERT INTO sent_reminders (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(at),
        )
        .await?;
    Ok(n == 1)
}

/// Whether `key` was taken already.
pub async fn reminder_key_taken(db: &Db, key: &str) -> Result<bool, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(Statement::new("SELECT key FROM sent_reminders WHERE key = $1").bind(key))
        .await?;
    Ok(row.is_some())
}

/// When the daily reminders last ran (any server), if ever.
pub async fn last_daily_run(db: &Db) -> Result<Option<i64>, DbError> {
    let (at,): (Option<i64>,) = db
        .fetch_one(Statement::new(
            "SELECT MAX(sent_at) FROM sent_reminders WHERE key LIKE 'daily:%'",
        ))
        .await?;
    Ok(at)
}

/// Open rounds: (id, due date).
pub async fn open_rounds(db: &Db) -> Result<Vec<(i64, NaiveDate)>, DbError> {
    Ok(db
        .fetch_all(Statement::new(
            "SELECT id, due_date FROM reporting_rounds WHERE closed_at IS NULL ORDER BY id",
        ))
        .await?)
}

/// Units someone listens to: with an enabled liaison or an enabled channel.
pub async fn listening_units(db: &Db) -> Result<Vec<i64>, DbError> {
    let rows: Vec<(i64,)> = db
        .fetch_all(Statement::new(
            "SELECT uu.unit_id FROM user_units uu JOIN users u ON u.id = uu.user_id
             WHERE u.role = 'liaison' AND NOT u.disabled
             UNION SELECT unit_id FROM unit_channels WHERE enabled AND unit_id IS NOT NULL",
        ))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Open problems past their due date, with the unit that owns them: (problem, unit, text).
pub async fn overdue_problems(
    db: &Db,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<(i64, i64, String)>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT p.id, COALESCE(p.owner_unit_id, m.unit_id, pr.unit_id) AS unit_id, p.description
                 FROM problems p
                 LEFT JOIN milestones m ON m.id = p.milestone_id
                 LEFT JOIN projects pr ON pr.id = p.project_id
                 WHERE p.status = 'open' AND p.due_date < $1
                   AND COALESCE(p.owner_unit_id, m.unit_id, pr.unit_id) IS NOT NULL
                 ORDER BY p.due_date, p.id LIMIT $2",
            )
            .bind(today)
            .bind(limit),
        )
        .await?)
}
