//! Messages beyond the page: group-robot webhooks (钉钉 / 政务钉钉, 企业微信, 飞书) and e-mail, sent
//! from a queue with retries, and the scheduled reminders that fill it.

pub mod email;
pub mod robots;
pub mod schedule;

use crate::db::channels::{self, Channel, Claimed};
use crate::db::{Db, DbError};
use email::Mailer;
use robots::Robot;

/// How long a server holds a claimed message before another may try it.
const LEASE_SECONDS: i64 = 120;
/// How long one webhook call may take.
const TIMEOUT_SECONDS: u64 = 10;

/// When to try again after the `attempt`-th failure (1-based), or `None` to give up: a minute,
/// five, half an hour, two hours, twelve hours.
pub fn retry_after(attempt: i32) -> Option<i64> {
    match attempt {
        1 => Some(60),
        2 => Some(300),
        3 => Some(1800),
        4 => Some(7200),
        5 => Some(43_200),
        _ => None,
    }
}

/// Sends `text` through `channel` (a robot, or e-mail through `mailer`); `Ok` with the answer
/// of the robot or the mail server when it took the message, `Err` with what went wrong.
pub async fn send(
    channel: &Channel,
    mailer: Option<&Mailer>,
    text: &str,
    now_ms: i64,
) -> Result<String, String> {
    if !channel.enabled {
        return Err(crate::i18n::Locale::process()
            .channel_disabled()
            .to_string());
    }
    let Some(robot) = Robot::of(channel.kind) else {
        return match mailer {
            Some(mailer) => mailer.send(&channel.url, text).await,
            None => Err(crate::i18n::Locale::process()
                .problem(&crate::domain::problem::Problem::SmtpNotConfigured)),
        };
    };
    let request = robots::request(robot, &channel.url, &channel.secret, text, now_ms);
    let answer = tokio::task::spawn_blocking(move || post_json(&request.url, &request.body))
        .await
        .map_err(|e| e.to_string())??;
    let (status, body) = answer;
    robots::accepted(robot, status, &body).map(|()| body)
}

/// One blocking HTTPS (or HTTP) POST of a JSON body; the status and body of the answer.
fn post_json(url: &str, body: &str) -> Result<(u16, String), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(TIMEOUT_SECONDS)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json; charset=utf-8")
        .send(body)
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Ok((status, text))
}

/// Sends what is due in the queue (e-mail through `mailer`); returns how many messages went
/// through.
pub async fn deliver_due(db: &Db, mailer: Option<&Mailer>, now: i64) -> Result<usize, DbError> {
    let claimed = channels::claim_due(db, now, LEASE_SECONDS).await?;
    let mut delivered = 0;
    for Claimed {
        id,
        attempts,
        message,
        channel,
    } in claimed
    {
        match send(&channel, mailer, &message, now * 1000).await {
            Ok(_) => {
                channels::mark_delivered(db, id, now).await?;
                delivered += 1;
            }
            Err(error) => {
                tracing::warn!(delivery = id, channel = channel.id, %error, "delivery failed");
                let retry = retry_after(attempts + 1).map(|s| now + s);
                channels::mark_attempt_failed(db, id, retry, &error).await?;
            }
        }
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_back_off_and_then_stop() {
        let waits: Vec<Option<i64>> = (1..=6).map(super::retry_after).collect();
        assert_eq!(
            waits,
            [
                Some(60),
                Some(300),
                Some(1800),
                Some(7200),
                Some(43_200),
                None
            ]
        );
    }
}
