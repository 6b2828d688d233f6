//! E-mail as a unit channel: its recipients get the same messages as the robots, through the
//! SMTP server that `--smtp-url` names (on an intranet, usually the government mail system's).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one SMTP conversation may take.
const TIMEOUT_SECONDS: u64 = 20;
/// How many addresses one channel may list.
pub const MAX_RECIPIENTS: usize = 20;
/// How many characters of the message make its subject.
const SUBJECT_CHARS: usize = 60;

#[derive(Debug)]
pub enum MailerError {
    Url(String),
    From(String),
}

impl std::error::Error for MailerError {}

impl std::fmt::Display for MailerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::cli::Say;
        let (flag, error) = match self {
            MailerError::Url(e) => ("--smtp-url", e),
            MailerError::From(e) => ("--smtp-from", e),
        };
        Say::SmtpSetting { flag, error }.fmt(f)
    }
}

/// The SMTP server and the sender every message goes out as.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The server without its password, for logs.
    server: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:25` (plain), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS); `from` like `县大数据中心 <sjzx@example.gov.cn>`.
    pub fn new(url: &str, from: &str) -> Result<Mailer, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailerError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(TIMEOUT_SECONDS)))
            .build();
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|e: lettre::address::AddressError| MailerError::From(e.to_string()))?;
        Ok(Mailer {
            transport,
            from,
            server: crate::db::redact(url),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends `text` to `recipients` (as a channel stores them); the server's answer when it took
    /// the message.
    pub async fn send(&self, recipients: &str, text: &str) -> Result<String, String> {
        let to = parse_recipients(recipients).map_err(|bad| format!("bad address: {bad}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject(text))
            .header(ContentType::TEXT_PLAIN);
        for mailbox in to {
            builder = builder.to(mailbox);
        }
        let message = builder.body(text.to_string()).map_err(|e| e.to_string())?;
        let response = self
            .transport
            .send(message)
            .await
            .map_err(|e| e.to_string())?;
        let words: Vec<&str> = response.message().collect();
        Ok(format!("{} {}", response.code(), words.join(" ")))
    }
}

/// The addresses of a channel, separated by commas, semicolons (also full-width ones, as typed
/// with a Chinese input method) or spaces; `Err` with the first one that is not an address.
pub fn parse_recipients(text: &str) -> Result<Vec<Mailbox>, String> {
    text.split([',', ';', '，', '；', '、', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<lettre::Address>()
                .map(|address| Mailbox::new(None, address))
                .map_err(|_| part.to_string())
        })
        .collect()
}

/// The subject line: the message's first line, cut to a length mail programs show whole.
pub fn subject(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.chars().count() <= SUBJECT_CHARS {
        first.to_string()
    } else {
        let cut: String = first.chars().take(SUBJECT_CHARS - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_split_on_chinese_and_latin_separators() {
        let list =
            parse_recipients("a@example.cn，b@example.cn; c@example.cn、 d@example.cn").unwrap();
        let addresses: Vec<String> = list.iter().map(|m| m.email.to_string()).collect();
        assert_eq!(
            addresses,
            [
                "a@example.cn",
                "b@example.cn",
                "c@example.cn",
                "d@example.cn"
            ]
        );
        assert_eq!(
            parse_recipients("a@example.cn, 不是地址").unwrap_err(),
            "不是地址"
        );
        assert!(parse_recipients("  ").unwrap().is_empty());
    }

    #[test]
    fn subject_is_the_first_line_cut_short() {
        assert_eq!(subject("【路线图】催报\n正文"), "【路线图】催报");
        let long = "长".repeat(100);
        let cut = subject(&long);
        assert_eq!(cut.chars().count(), SUBJECT_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn bad_settings_are_named() {
        assert!(matches!(
            Mailer::new("http://mail.example.cn", "a@example.cn"),
            Err(MailerError::Url(_))
        ));
        assert!(matches!(
            Mailer::new("smtp://mail.example.cn:25", "not an address"),
            Err(MailerError::From(_))
        ));
        assert!(Mailer::new(
            "smtp://mail.example.cn:25",
            "县大数据中心 <sjzx@example.cn>"
        )
        .is_ok());
    }
}
