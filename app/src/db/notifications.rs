//! In-app notifications (the bell): written in the transaction of what they announce.

use chrono::NaiveDate;

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::model::NotificationKind;
use crate::domain::period::Period;
use crate::model::NotificationView;

/// The most notifications the list shows.
pub const LIST_LIMIT: i64 = 50;

/// Notifies every enabled liaison bound to `unit_id`; returns how many were notified.
pub async fn to_unit_liaisons(
    tx: &mut Tx,
    unit_id: i64,
    kind: NotificationKind,
    round_id: i64,
    at: i64,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO notifications (user_id, created_at, kind, round_id, unit_id)
             SELECT uu.user_id, $1, $2, $3, $4 FROM user_units uu JOIN users u ON u.id = uu.user_id
             WHERE uu.unit_id = $5 AND u.role = 'liaison' AND NOT u.disabled",
        )
        .bind(at)
        .bind(kind.code())
        .bind(round_id)
        .bind(unit_id)
        .bind(unit_id),
    )
    .await
}

/// Tells the liaisons of `unit_id` about one of its milestones or problems.
pub async fn about_item(
    tx: &mut Tx,
    unit_id: i64,
    kind: NotificationKind,
    milestone_id: Option<i64>,
    problem_id: Option<i64>,
    at: i64,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO notifications (user_id, created_at, kind, unit_id, milestone_id, problem_id)
             SELECT uu.user_id, $1, $2, $3, $4, $5 FROM user_units uu JOIN users u ON u.id = uu.user_id
             WHERE uu.unit_id = $6 AND u.role = 'liaison' AND NOT u.disabled",
        )
        .bind(at)
        .bind(kind.code())
        .bind(unit_id)
        .bind(milestone_id)
        .bind(problem_id)
        .bind(unit_id),
    )
    .await
}

/// Notifies every enabled planner (the reviewers).
pub async fn to_planners(
    tx: &mut Tx,
    unit_id: i64,
    kind: NotificationKind,
    round_id: i64,
    at: i64,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO notifications (user_id, created_at, kind, round_id, unit_id)
             SELECT id, $1, $2, $3, $4 FROM users WHERE role = 'planner' AND NOT disabled",
        )
        .bind(at)
        .bind(kind.code())
        .bind(round_id)
        .bind(unit_id),
    )
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    created_at: i64,
    kind: String,
    round_id: Option<i64>,
    year: Option<i32>,
    month: Option<i32>,
    due_date: Option<NaiveDate>,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    milestone_id: Option<i64>,
    subject: Option<String>,
    read_at: Option<i64>,
}

/// A person's newest notifications.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<NotificationView>, DbError> {
    let rows: Vec<Row> = db
        .fetch_all(
            Statement::new(
                "SELECT n.id, n.created_at, n.kind, n.round_id, r.year, r.month, r.due_date,
                        n.unit_id, u.name AS unit_name, n.milestone_id,
                        COALESCE(m.title, p.description) AS subject, n.read_at
                 FROM notifications n
                 LEFT JOIN reporting_rounds r ON r.id = n.round_id
                 LEFT JOIN units u ON u.id = n.unit_id
                 LEFT JOIN milestones m ON m.id = n.milestone_id
                 LEFT JOIN problems p ON p.id = n.problem_id
                 WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
            )
            .bind(user_id)
            .bind(LIST_LIMIT),
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let kind = NotificationKind::from_code(&row.kind)
                .ok_or_else(|| DbError::Corrupt(format!("notification kind {:?}", row.kind)))?;
            let month = match (row.year, row.month) {
                (Some(y), Some(m)) => u32::try_from(m).ok().and_then(|m| Period::new(y, m)),
                _ => None,
            };
            Ok(NotificationView {
                id: row.id,
                at: row.created_at,
                kind,
                round_id: row.round_id,
                month,
                due_date: row.due_date,
                unit_id: row.unit_id,
                unit_name: row.unit_name.unwrap_or_default(),
                milestone_id: row.milestone_id,
                subject: row.subject.unwrap_or_default(),
                read: row.read_at.is_some(),
            })
        })
        .collect()
}

/// The signed-in person's unread notifications as read with their session, when the request
/// only reads (put on the request by the server's gate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnreadNotifications(pub i64);

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64, DbError> {
    let (n,): (i64,) = db
        .fetch_one(
            Statement::new(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user_id),
        )
        .await?;
    Ok(n)
}

pub async fn mark_all_read(db: &Db, user_id: i64, at: i64) -> Result<(), DbError> {
    db.execute(
        Statement::new(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
        )
        .bind(at)
        .bind(user_id),
    )
    .await?;
    Ok(())
}
