//! The group robots' webhook formats, as each one documents them: the JSON body, the signature
//! when the robot has a secret, and how the robot says it accepted the message.
//!
//! - 钉钉 / 政务钉钉 custom robot: `{"msgtype":"text","text":{"content":…}}`; with 加签, the URL gets
//!   `&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret, "<ms>\n<secret>")))>`;
//!   answers `{"errcode":0,"errmsg":"ok"}`.
//! - 企业微信 group robot: `{"msgtype":"text","text":{"content":…}}` to its `…/send?key=` URL (it
//!   has no signing secret); answers `{"errcode":0,"errmsg":"ok"}`.
//! - 飞书 custom bot: `{"msg_type":"text","content":{"text":…}}`, with 签名校验 also `"timestamp"`
//!   (seconds) and `"sign": base64(HmacSHA256(key="<s>\n<secret>", ""))`; answers `{"code":0,…}`.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::model::ChannelKind;

/// The channels that are group robots (every kind but e-mail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Robot {
    DingTalk,
    WeCom,
    Feishu,
}

impl Robot {
    pub fn of(kind: ChannelKind) -> Option<Robot> {
        match kind {
            ChannelKind::DingTalk => Some(Robot::DingTalk),
            ChannelKind::WeCom => Some(Robot::WeCom),
            ChannelKind::Feishu => Some(Robot::Feishu),
            ChannelKind::Email => None,
        }
    }
}

/// One HTTP POST to a robot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RobotRequest {
    pub url: String,
    pub body: String,
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request that posts `text` to a robot at `url`, signed with `secret` if there is one, at
/// `now_ms` (Unix milliseconds; robots refuse signatures more than an hour old).
pub fn request(robot: Robot, url: &str, secret: &str, text: &str, now_ms: i64) -> RobotRequest {
    let secret = secret.trim();
    match robot {
        Robot::DingTalk => {
            let body = serde_json::json!({ "msgtype": "text", "text": { "content": text } });
            let url = if secret.is_empty() {
                url.to_string()
            } else {
                let sign = hmac_base64(secret.as_bytes(), format!("{now_ms}\n{secret}").as_bytes());
                let joiner = if url.contains('?') { '&' } else { '?' };
                format!("{url}{joiner}timestamp={now_ms}&sign={}", urlencode(&sign))
            };
            RobotRequest {
                url,
                body: body.to_string(),
            }
        }
        Robot::WeCom => RobotRequest {
            url: url.to_string(),
            body: serde_json::json!({ "msgtype": "text", "text": { "content": text } }).to_string(),
        },
        Robot::Feishu => {
            let mut body = serde_json::json!({ "msg_type": "text", "content": { "text": text } });
            if !secret.is_empty() {
                let seconds = now_ms / 1000;
                let sign = hmac_base64(format!("{seconds}\n{secret}").as_bytes(), b"");
                body["timestamp"] = serde_json::Value::String(seconds.to_string());
                body["sign"] = serde_json::Value::String(sign);
            }
            RobotRequest {
                url: url.to_string(),
                body: body.to_string(),
            }
        }
    }
}

/// Whether the robot's answer says it took the message; otherwise its own words, to show.
pub fn accepted(robot: Robot, status: u16, body: &str) -> Result<(), String> {
    let short: String = body.chars().take(300).collect();
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}: {short}"));
    }
    let json: serde_json::Value =
        serde_json::from_str(body).map_err(|_| format!("HTTP {status}: {short}"))?;
    let code = match robot {
        Robot::DingTalk | Robot::WeCom => json.get("errcode"),
        Robot::Feishu => json.get("code").or_else(|| json.get("StatusCode")),
    };
    match code.and_then(serde_json::Value::as_i64) {
        Some(0) => Ok(()),
        _ => Err(short),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dingtalk_signs_its_url_as_documented() {
        // The example from DingTalk's documentation of 加签.
        let r = request(
            Robot::DingTalk,
            "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "SEC000",
            "催报",
            1_700_000_000_000,
        );
        let expected = hmac_base64(b"SEC000", b"1700000000000\nSEC000");
        assert_eq!(
            r.url,
            format!(
                "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign={}",
                urlencode(&expected)
            )
        );
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["msgtype"], "text");
        assert_eq!(body["text"]["content"], "催报");
    }

    #[test]
    fn feishu_signs_its_body_and_wecom_has_no_secret() {
        let r = request(
            Robot::Feishu,
            "https://open.feishu.cn/open-apis/bot/v2/hook/x",
            "s3cret",
            "催报",
            1_700_000_000_123,
        );
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["msg_type"], "text");
        assert_eq!(body["content"]["text"], "催报");
        assert_eq!(body["timestamp"], "1700000000");
        assert_eq!(body["sign"], hmac_base64(b"1700000000\ns3cret", b""));
        let w = request(
            Robot::WeCom,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "",
            "催报",
            0,
        );
        assert_eq!(
            w.url,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
        );
        assert_eq!(w.body, r#"{"msgtype":"text","text":{"content":"催报"}}"#);
    }

    #[test]
    fn answers_are_read_per_robot() {
        assert!(accepted(Robot::DingTalk, 200, r#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        assert!(accepted(
            Robot::DingTalk,
            200,
            r#"{"errcode":310000,"errmsg":"sign not match"}"#
        )
        .is_err());
        assert!(accepted(Robot::Feishu, 200, r#"{"code":0,"msg":"success"}"#).is_ok());
        assert!(accepted(
            Robot::Feishu,
            200,
            r#"{"code":19021,"msg":"sign match fail"}"#
        )
        .is_err());
        assert!(accepted(Robot::WeCom, 502, "bad gateway").is_err());
    }
}
