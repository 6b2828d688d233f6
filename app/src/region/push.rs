//! Pushing a package over HTTPS where the networks allow it; the file stays the primary path.
//! Upstream issues each county a token and keeps only its SHA-256; the county keeps the
//! upstream's address and its token, and its server makes the package and posts it there. A
//! pushed package is imported exactly as an uploaded one: the token says who may send, the
//! signature what was sent.

use std::time::Duration;

use base64::Engine;
use chrono::NaiveDate;

use super::county::{self, Package};
use super::upstream::{self, Imported};
use super::RegionError;
use crate::db::journal::Author;
use crate::db::{region, Db};
use crate::domain::period::Period;
use crate::i18n::Locale;

/// Where an instance takes pushed packages.
pub const PUSH_PATH: &str = "/region/push";
/// How long one push may take: a large county's package over a slow link.
const TIMEOUT_SECONDS: u64 = 300;

/// A new push token: 32 random bytes, URL-safe base64.
pub fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What upstream keeps of a token.
pub fn token_sha256(token: &str) -> String {
    crate::db::sessions::sha256_hex(token.trim().as_bytes())
}

/// Upstream: gives the county with `code` a new push token, shown once; the old one stops
/// working. Returns the county's name and the token.
pub async fn issue_token(db: &Db, code: &str) -> Result<(String, String), RegionError> {
    let code = code.trim();
    let county = region::county_by_code(db, code)
        .await?
        .ok_or_else(|| RegionError::NoSuchCounty(code.to_string()))?;
    let token = new_token();
    region::set_push_token(db, county.id, &token_sha256(&token)).await?;
    Ok((county.name, token))
}

/// Upstream: imports a pushed package if `bearer` is the push token of the county it is from.
pub async fn import_pushed(
    db: &Db,
    bytes: &[u8],
    bearer: Option<&str>,
) -> Result<Imported, RegionError> {
    let token = bearer.map(str::trim).filter(|t| !t.is_empty());
    let sender = match token {
        Some(token) => region::county_by_push_token(db, &token_sha256(token)).await?,
        None => None,
    };
    let sender = sender.ok_or(RegionError::BadPushToken)?;
    if bytes.len() > super::package::MAX_PACKAGE_BYTES {
        return Err(RegionError::TooLarge);
    }
    let claimed = super::package::claimed_manifest(&super::package::read_zip(bytes)?)?;
    if claimed.region_code != sender.region_code {
        return Err(RegionError::TokenOfOtherCounty {
            token: sender.name,
            package: claimed.county,
        });
    }
    let by = pushed_by(&sender.region_code);
    let author = Author {
        user_id: None,
        name: &by,
    };
    upstream::import(db, bytes, author).await
}

/// The push address as kept: an instance's address (`https://city.example`) or its push
/// address, https — or http to this machine only, for trying it out.
pub fn push_url(given: &str) -> Result<String, RegionError> {
    let url = given.trim().trim_end_matches('/');
    let bad = || RegionError::BadPushUrl(given.trim().to_string());
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let loopback = matches!(host_name, "localhost" | "127.0.0.1" | "::1");
    let allowed = match scheme.to_ascii_lowercase().as_str() {
        "https" => !host_name.is_empty(),
        "http" => loopback,
        _ => false,
    };
    if !allowed || url.contains(char::is_whitespace) {
        return Err(bad());
    }
    Ok(if url.ends_with(PUSH_PATH) {
        url.to_string()
    } else {
        format!("{url}{PUSH_PATH}")
    })
}

/// County: sets where packages are pushed and the token upstream issued; an empty address
/// stops pushing.
pub async fn set_target(db: &Db, url: &str, token: &str) -> Result<(), RegionError> {
    county::key_info(db).await?;
    if url.trim().is_empty() {
        region::set_push_target(db, None).await?;
        return Ok(());
    }
    let url = push_url(url)?;
    let token = token.trim();
    if token.is_empty() || token.len() > 200 {
        return Err(RegionError::PushTokenMissing);
    }
    region::set_push_target(db, Some((&url, token))).await?;
    Ok(())
}

/// A package pushed, and what upstream said.
pub struct Pushed {
    pub package: Package,
    pub answer: String,
}

/// County: makes `period`'s package (with the month's evidence from `evidence`, when given) and
/// posts it to upstream — at `target` (address, token) when given, else where the admin set.
/// Upstream answers in `locale`.
pub async fn push(
    db: &Db,
    period: Period,
    today: NaiveDate,
    locale: Locale,
    target: Option<(&str, &str)>,
    evidence: Option<&crate::files::FileStore>,
) -> Result<Pushed, RegionError> {
    let (url, token) = match target {
        Some((url, token)) => (push_url(url)?, token.trim().to_string()),
        None => {
            let identity = region::identity(db).await?;
            let stored = identity.and_then(|i| i.push_url.zip(i.push_token));
            stored.ok_or(RegionError::NoPushTarget)?
        }
    };
    let package = county::export_with(db, period, today, evidence).await?;
    let body = package.bytes.clone();
    let language = locale.pick("zh-CN", "en");
    let (status, answer) =
        tokio::task::spawn_blocking(move || post_package(&url, &token, &body, language))
            .await
            .map_err(|e| RegionError::PushFailed(e.to_string()))??;
    if status == 200 {
        Ok(Pushed { package, answer })
    } else {
        Err(RegionError::PushRefused { status, answer })
    }
}

/// One blocking POST of a package; the status and the (text) answer.
fn post_package(
    url: &str,
    token: &str,
    body: &[u8],
    language: &str,
) -> Result<(u16, String), RegionError> {
    use ureq::tls::{RootCerts, TlsConfig};
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(TIMEOUT_SECONDS)))
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into();
    let mut response = agent
        .post(url)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/zip")
        .header("Accept-Language", language)
        .send(body)
        .map_err(|e| RegionError::PushFailed(e.to_string()))?;
    let status = response.status().as_u16();
    let answer = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Ok((status, answer.trim().to_string()))
}

/// The journal's and the upstream's name for a pushed package's sender.
pub fn pushed_by(region_code: &str) -> String {
    format!("push:{region_code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_goes_over_https_or_to_this_machine() {
        assert_eq!(
            push_url("https://city.example.cn").unwrap(),
            "https://city.example.cn/region/push"
        );
        assert_eq!(
            push_url(" https://10.1.2.3:8443/region/push/ ").unwrap(),
            "https://10.1.2.3:8443/region/push"
        );
        assert_eq!(
            push_url("http://127.0.0.1:3000").unwrap(),
            "http://127.0.0.1:3000/region/push"
        );
        assert!(push_url("http://[::1]:3000").is_ok());
        for bad in [
            "http://city.example.cn",
            "http://127.0.0.1.evil.cn",
            "ftp://city.example.cn",
            "city.example.cn",
            "https://",
            "https://city example",
        ] {
            assert!(push_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_are_long_random_and_kept_only_as_a_hash() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_sha256(&a).len(), 64);
        assert_eq!(token_sha256(&a), token_sha256(&format!(" {a}\n")));
        assert_ne!(token_sha256(&a), token_sha256(&b));
    }
}
