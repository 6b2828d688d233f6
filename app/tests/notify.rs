//! Reminders and group robots on SQLite and PostgreSQL: the three robots' webhook formats and
//! signatures, checked by a local HTTP receiver; retries with backoff; scheduled reminders that go
//! out exactly once when two schedulers share one database.

mod common;

use std::sync::{Arc, Mutex};

use app::db::tx::Statement;
use app::db::{users, Db};
use app::domain::period::Period;
use app::domain::problem::Problem;
use app::domain::rounds::ItemKind;
use app::edit::{channels as channel_admin, rounds as service};
use app::model::{ChannelForm, SubmissionItemForm};
use app::notify::email::Mailer;
use app::notify::schedule::{run_daily, ReminderSettings};
use base64::Engine;
use common::robots::receiver;
use common::{at, count, d, seeded, today, user};
use hmac::{Hmac, Mac};
use sha2::Sha256;

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The 县公安局 unit (the demo liaison's) gets one channel of each robot.
async fn three_channels(db: &Db, base: &str) -> i64 {
    let admin = user(db, "admin").await;
    let liaison = user(db, "liaison").await;
    let unit = users::units_of(db, liaison.id).await.unwrap()[0].0;
    for (kind, secret) in [
        ("dingtalk", "SECdingtalk"),
        ("wecom", ""),
        ("feishu", "feishu-secret"),
    ] {
        let form = ChannelForm {
            unit: unit.to_string(),
            kind: kind.into(),
            url: format!("{base}/{kind}?access_token=t"),
            secret: secret.into(),
            ..ChannelForm::default()
        };
        channel_admin::add(db, Some(&admin), &form, None, at(today(), 9))
            .await
            .unwrap();
    }
    unit
}

#[tokio::test]
async fn each_robot_gets_its_own_format_and_signature() {
    for db in seeded().await {
        let (base, robots) = receiver().await;
        let planner = user(&db, "planner").await;
        // Opened before the robots are set up: only the reminder goes to them.
        let round = service::open(
            &db,
            Some(&planner),
            "2026-11",
            "2026-12-05",
            &[],
            at(today(), 9),
        )
        .await
        .unwrap();
        three_channels(&db, &base).await;
        service::remind(&db, Some(&planner), round, at(today(), 10))
            .await
            .unwrap();
        let now = at(today(), 10).now;
        let delivered = app::notify::deliver_due(&db, None, now).await.unwrap();
        assert_eq!(delivered, 3, "{}", db.backend_name());
        let received = robots.received.lock().unwrap().clone();
        assert_eq!(received.len(), 3);
        for r in &received {
            match r.robot.as_str() {
                "dingtalk" => {
                    assert_eq!(r.body["msgtype"], "text");
                    let text = r.body["text"]["content"].as_str().unwrap();
                    assert!(
                        text.contains("县公安局") && text.contains("2026年11月进展填报"),
                        "{text}"
                    );
                    let params: std::collections::HashMap<&str, &str> = r
                        .query
                        .split('&')
                        .filter_map(|p| p.split_once('='))
                        .collect();
                    let timestamp = params["timestamp"];
                    assert_eq!(timestamp, (now * 1000).to_string());
                    let expected = hmac_base64(
                        b"SECdingtalk",
                        format!("{timestamp}\nSECdingtalk").as_bytes(),
                    );
                    assert_eq!(percent_decode(params["sign"]), expected);
                    assert_eq!(params["access_token"], "t");
                }
                "wecom" => {
                    assert_eq!(r.body["msgtype"], "text");
                    assert!(r.body["text"]["content"].as_str().unwrap().contains("催报"));
                    assert_eq!(r.query, "access_token=t", "no signature for WeCom");
                }
                "feishu" => {
                    assert_eq!(r.body["msg_type"], "text");
                    assert!(r.body["content"]["text"]
                        .as_str()
                        .unwrap()
                        .contains("县公安局"));
                    let timestamp = r.body["timestamp"].as_str().unwrap();
                    assert_eq!(timestamp, now.to_string());
                    let expected =
                        hmac_base64(format!("{timestamp}\nfeishu-secret").as_bytes(), b"");
                    assert_eq!(r.body["sign"], expected);
                }
                other => panic!("unexpected robot {other}"),
            }
        }
        // Delivered once: another pass sends nothing.
        assert_eq!(
            app::notify::deliver_due(&db, None, now + 3600)
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test]
async fn a_refused_message_is_retried_with_backoff_and_shown_to_the_admin() {
    for db in seeded().await {
        let (base, robots) = receiver().await;
        let planner = user(&db, "planner").await;
        let admin = user(&db, "admin").await;
        let round = service::open(
            &db,
            Some(&planner),
            "2026-11",
            "2026-12-05",
            &[],
            at(today(), 9),
        )
        .await
        .unwrap();
        three_channels(&db, &base).await;
        *robots.refuse.lock().unwrap() = 3;
        service::remind(&db, Some(&planner), round, at(today(), 10))
            .await
            .unwrap();
        let now = at(today(), 10).now;
        assert_eq!(app::notify::deliver_due(&db, None, now).await.unwrap(), 0);
        let page = channel_admin::page(&db, Some(&admin), None).await.unwrap();
        assert_eq!(page.problems.len(), 3);
        assert!(page
            .problems
            .iter()
            .all(|p| !p.failed && p.attempts == 1 && p.next_attempt_at == now + 60));
        assert!(page
            .problems
            .iter()
            .any(|p| p.last_error.contains("sign not match")));
        // Not before the wait is over; then it goes through.
        assert_eq!(
            app::notify::deliver_due(&db, None, now + 30).await.unwrap(),
            0
        );
        assert_eq!(
            app::notify::deliver_due(&db, None, now + 61).await.unwrap(),
            3
        );
        assert_eq!(robots.received.lock().unwrap().len(), 6);
        let page = channel_admin::page(&db, Some(&admin), None).await.unwrap();
        assert!(page.problems.is_empty());
        assert_eq!(page.queue, (3, 0, 0));
        // The channel test shows the robot's answer, and its refusal as a message.
        let channel = page.channels[0].id;
        assert!(
            channel_admin::test(&db, Some(&admin), channel, None, at(today(), 11))
                .await
                .unwrap()
                .contains("ok")
        );
        *robots.refuse.lock().unwrap() = 1;
        assert!(
            channel_admin::test(&db, Some(&admin), channel, None, at(today(), 11))
                .await
                .is_err()
        );
        assert!(
            channel_admin::test(&db, Some(&planner), channel, None, at(today(), 11))
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn scheduled_reminders_go_out_exactly_once_with_two_schedulers() {
    for db in seeded().await {
        let (base, robots) = receiver().await;
        let unit = three_channels(&db, &base).await;
        let planner = user(&db, "planner").await;
        service::open(
            &db,
            Some(&planner),
            "2026-11",
            "2026-12-05",
            &[],
            at(today(), 9),
        )
        .await
        .unwrap();
        let settings = ReminderSettings { days_before: 3 };
        // Before 9:00 nothing goes out.
        assert_eq!(
            run_daily(&db, at(d(2026, 12, 2), 8), settings)
                .await
                .unwrap(),
            None
        );
        // Three days before the due date, two schedulers at once.
        let day = at(d(2026, 12, 2), 9);
        let (a, b) = tokio::join!(run_daily(&db, day, settings), run_daily(&db, day, settings));
        let total = a.unwrap().unwrap_or(0) + b.unwrap().unwrap_or(0);
        let reminders = count(
            &db,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'reminder'",
        )
        .await;
        assert_eq!(
            reminders,
            2,
            "one per liaison of the two demo units, once ({})",
            db.backend_name()
        );
        // Both demo units' reminders, and the behind milestones and overdue problems of the
        // units someone listens to, were sent by one scheduler or the other, not both.
        let alerts = count(&db, "SELECT COUNT(*) FROM notifications WHERE kind IN ('milestone_behind', 'problem_overdue')").await;
        assert!(alerts > 0, "the sample has behind milestones");
        let units_reminded =
            count(&db, "SELECT COUNT(*) FROM round_units WHERE reminders = 1").await;
        assert_eq!(
            units_reminded,
            count(&db, "SELECT COUNT(*) FROM round_units WHERE reminders > 0").await
        );
        assert!(total > 0);
        // Again the same day: nothing new.
        assert_eq!(
            run_daily(&db, at(d(2026, 12, 2), 15), settings)
                .await
                .unwrap(),
            None
        );
        let (x, y) = tokio::join!(
            app::notify::deliver_due(&db, None, day.now),
            app::notify::deliver_due(&db, None, day.now)
        );
        let delivered = x.unwrap() + y.unwrap();
        let queued = count(&db, "SELECT COUNT(*) FROM deliveries").await as usize;
        assert_eq!(delivered, queued);
        assert_eq!(
            robots.received.lock().unwrap().len(),
            queued,
            "each message sent once"
        );
        assert_eq!(
            queued,
            3 * (2 + alerts_for(&db, unit).await),
            "three robots × (the round's opening, its reminder and the unit's alerts)"
        );
        // The next day is not a reminder day (two days before); the due day is, and so is every late day.
        assert_eq!(
            run_daily(&db, at(d(2026, 12, 3), 9), settings)
                .await
                .unwrap(),
            Some(0)
        );
        assert!(
            run_daily(&db, at(d(2026, 12, 5), 9), settings)
                .await
                .unwrap()
                .unwrap()
                > 0
        );
        assert!(
            run_daily(&db, at(d(2026, 12, 6), 9), settings)
                .await
                .unwrap()
                .unwrap()
                > 0
        );
    }
}

/// The behind-milestone and overdue-problem alerts of one unit (it has no liaisons' duplicates:
/// one notification per liaison, and the demo unit has one).
async fn alerts_for(db: &Db, unit: i64) -> usize {
    let (n,): (i64,) = db
        .fetch_one(
            Statement::new(
                "SELECT COUNT(*) FROM notifications WHERE unit_id = $1
                 AND kind IN ('milestone_behind', 'problem_overdue')",
            )
            .bind(unit),
        )
        .await
        .unwrap();
    usize::try_from(n).unwrap()
}

/// One message as a local SMTP server received it.
#[derive(Clone, Debug)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

/// A local SMTP server (plain, as on an intranet's port 25) that takes every message.
async fn smtp_receiver() -> (String, Arc<Mutex<Vec<Mail>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let mails: Arc<Mutex<Vec<Mail>>> = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let kept = mails.clone();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 localhost ESMTP\r\n").await.unwrap();
                let mut mail = Mail {
                    from: String::new(),
                    to: Vec::new(),
                    data: String::new(),
                };
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 localhost\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        mail.from = line[10..].trim().to_string();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        mail.to.push(line[8..].trim().to_string());
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Ok(Some(data)) = lines.next_line().await {
                            if data == "." {
                                break;
                            }
                            mail.data.push_str(&data);
                            mail.data.push('\n');
                        }
                        kept.lock().unwrap().push(mail.clone());
                        b"250 OK queued as 1\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (format!("smtp://{addr}"), mails)
}

/// The text of a header, its RFC 2047 words (`=?utf-8?b?…?=`) decoded. A character may be
/// split across two words, so the words' bytes are joined before they are read as UTF-8.
fn header(data: &str, name: &str) -> String {
    let mut value = String::new();
    let mut inside = false;
    for line in data.lines() {
        if inside && line.starts_with([' ', '\t']) {
            value.push(' ');
            value.push_str(line.trim());
        } else if inside {
            break;
        } else if let Some(rest) = line.strip_prefix(&format!("{name}: ")) {
            value.push_str(rest.trim());
            inside = true;
        }
    }
    let mut bytes = Vec::new();
    for word in value.split_whitespace() {
        let encoded = word
            .get(..10)
            .filter(|start| start.eq_ignore_ascii_case("=?utf-8?b?"))
            .and_then(|_| word[10..].strip_suffix("?="));
        match encoded {
            Some(encoded) => bytes.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .unwrap(),
            ),
            None => {
                bytes.push(b' ');
                bytes.extend(word.as_bytes());
            }
        }
    }
    String::from_utf8(bytes).unwrap().trim().to_string()
}

/// The message's body, decoded from base64 when it was sent so.
fn body(data: &str) -> String {
    let (_, body) = data.split_once("\n\n").unwrap();
    if header(data, "Content-Transfer-Encoding") == "base64" {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap(),
        )
        .unwrap()
    } else {
        body.to_string()
    }
}

#[tokio::test]
async fn e_mail_channels_go_out_through_the_smtp_server() {
    for db in seeded().await {
        let (smtp_url, mails) = smtp_receiver().await;
        let mailer = Mailer::new(&smtp_url, "县大数据中心 <sjzx@example.cn>").unwrap();
        let admin = user(&db, "admin").await;
        let planner = user(&db, "planner").await;
        let liaison = user(&db, "liaison").await;
        let unit = users::units_of(&db, liaison.id).await.unwrap()[0].0;
        let form = |url: &str| ChannelForm {
            unit: unit.to_string(),
            kind: "email".into(),
            url: url.into(),
            secret: String::new(),
            ..ChannelForm::default()
        };
        let clock = at(today(), 9);
        // Without mail settings, or with a wrong address, nothing is added.
        let refused = channel_admin::add(&db, Some(&admin), &form("a@example.cn"), None, clock)
            .await
            .unwrap_err();
        assert_eq!(
            refused.field_errors().unwrap().get("kind"),
            Some(&Problem::SmtpNotConfigured)
        );
        let refused = channel_admin::add(
            &db,
            Some(&admin),
            &form("a@example.cn，局办公室"),
            Some(&mailer),
            clock,
        )
        .await
        .unwrap_err();
        assert_eq!(
            refused.field_errors().unwrap().get("url"),
            Some(&Problem::EmailAddress {
                address: "局办公室".into()
            })
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM unit_channels").await, 0);
        let channel = channel_admin::add(
            &db,
            Some(&admin),
            &form("liaison@example.cn；leader@example.cn"),
            Some(&mailer),
            clock,
        )
        .await
        .unwrap();
        // The test button shows the mail server's answer.
        let answer = channel_admin::test(&db, Some(&admin), channel, Some(&mailer), clock)
            .await
            .unwrap();
        assert!(answer.starts_with("250"), "{answer}");
        assert_eq!(mails.lock().unwrap().len(), 1);

        let round = service::open(
            &db,
            Some(&planner),
            "2026-11",
            "2026-12-05",
            &[],
            at(today(), 9),
        )
        .await
        .unwrap();
        service::remind(&db, Some(&planner), round, at(today(), 10))
            .await
            .unwrap();
        let now = at(today(), 10).now;
        // A server without mail settings keeps the messages (the round's opening and the
        // reminder) and says why.
        assert_eq!(app::notify::deliver_due(&db, None, now).await.unwrap(), 0);
        let page = channel_admin::page(&db, Some(&admin), None).await.unwrap();
        assert_eq!(page.problems.len(), 2);
        assert!(page.problems[0].last_error.contains("--smtp-url"));
        assert!(!page.problems[0].failed);
        assert_eq!(
            app::notify::deliver_due(&db, Some(&mailer), now + 61)
                .await
                .unwrap(),
            2
        );
        // The unit hands in; the reviewer returns it with a reason, which the mail carries.
        let items = app::db::rounds::items(&db, round, unit, Period::new(2026, 11).unwrap())
            .await
            .unwrap();
        let milestone = items
            .iter()
            .find(|i| i.kind == ItemKind::Milestone)
            .unwrap()
            .target_id;
        let form = SubmissionItemForm {
            percent: "60".into(),
            note: "联调完成".into(),
            ..Default::default()
        };
        service::save_item(
            &db,
            Some(&liaison),
            round,
            unit,
            ItemKind::Milestone,
            milestone,
            &form,
            at(today(), 11),
        )
        .await
        .unwrap();
        service::submit(&db, Some(&liaison), round, unit, at(today(), 11))
            .await
            .unwrap();
        service::return_submission(
            &db,
            Some(&planner),
            round,
            unit,
            "请补充验收报告",
            at(today(), 12),
        )
        .await
        .unwrap();
        assert_eq!(
            app::notify::deliver_due(&db, Some(&mailer), at(today(), 12).now)
                .await
                .unwrap(),
            1
        );
        let mails = mails.lock().unwrap().clone();
        assert_eq!(
            mails.len(),
            4,
            "the test, the opening, the reminder, the return"
        );
        assert!(body(&mails[1].data).contains("请于 2026年12月5日 前填报"));
        let returned = body(&mails[3].data);
        assert!(returned.contains("退回原因：请补充验收报告"), "{returned}");
        let reminder = &mails[2];
        assert_eq!(reminder.from, "<sjzx@example.cn>");
        assert_eq!(reminder.to, ["<liaison@example.cn>", "<leader@example.cn>"]);
        let subject = header(&reminder.data, "Subject");
        assert!(subject.contains("2026年11月进展填报"), "{subject}");
        let text = body(&reminder.data);
        assert!(
            text.contains("县公安局") && text.contains("2026年11月进展填报"),
            "{text}"
        );
        assert!(header(&reminder.data, "From").contains("县大数据中心"));
    }
}
