//! The security audit log (安全审计日志): what is recorded, and the hash chain that makes a
//! changed, removed or inserted record evident.
//!
//! Each record's hash is the SHA-256 of the previous record's hash and its own fields, so the
//! chain can be checked from the first record on (`roadmap audit verify`); the first link that
//! does not hold is where the log was tampered with. Storage is in `db::security_log`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::sessions::hex;

/// The hash before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How long records must be kept: the 网络安全法 (art. 21) asks for six months at least.
/// Roadmap never removes any; this is what it promises.
pub const KEEP_DAYS_AT_LEAST: i64 = 180;

pub use crate::model::audit_action as action;
pub use crate::model::audit_outcome::{DENIED, FAILED, OK};

/// One thing to record; the log adds the time, the id and the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub username: String,
    pub action: &'static str,
    pub target: String,
    pub outcome: &'static str,
    pub address: String,
    pub detail: String,
}

/// A record as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub username: String,
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub address: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of a record with these fields after `prev_hash`. The fields go in as a JSON array,
/// so no two different records hash the same text (a `|` inside a field cannot shift another).
#[allow(clippy::too_many_arguments)]
pub fn link_hash(
    prev_hash: &str,
    id: i64,
    at: i64,
    username: &str,
    action: &str,
    target: &str,
    outcome: &str,
    address: &str,
    detail: &str,
) -> String {
    let fields =
        serde_json::json!([prev_hash, id, at, username, action, target, outcome, address, detail]);
    hex(&Sha256::digest(fields.to_string().as_bytes()))
}

impl AuditRecord {
    /// The hash this record should carry after `prev_hash`.
    pub fn expected_hash(&self, prev_hash: &str) -> String {
        link_hash(
            prev_hash,
            self.id,
            self.at,
            &self.username,
            &self.action,
            &self.target,
            &self.outcome,
            &self.address,
            &self.detail,
        )
    }
}

/// Walks the chain in id order.
#[derive(Debug)]
pub struct ChainCheck {
    prev_id: i64,
    prev_hash: String,
    pub checked: u64,
}

/// Where the chain breaks, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broken {
    /// A record's id is not the one after the previous record's: one was removed or inserted.
    Gap { after: i64, found: i64 },
    /// A record does not name the previous record's hash.
    Unlinked { id: i64 },
    /// A record's fields do not give its hash: it was changed.
    Altered { id: i64 },
    /// The chain's recorded end is not its last record (records removed from the end).
    Truncated { head: i64, last: i64 },
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            prev_id: 0,
            prev_hash: GENESIS.to_string(),
            checked: 0,
        }
    }
}

impl ChainCheck {
    /// Checks the next record.
    pub fn next(&mut self, record: &AuditRecord) -> Result<(), Broken> {
        if record.id != self.prev_id + 1 {
            return Err(Broken::Gap {
                after: self.prev_id,
                found: record.id,
            });
        }
        if record.prev_hash != self.prev_hash {
            return Err(Broken::Unlinked { id: record.id });
        }
        if record.hash != record.expected_hash(&self.prev_hash) {
            return Err(Broken::Altered { id: record.id });
        }
        self.prev_id = record.id;
        self.prev_hash = record.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// After the last record: the chain's head must name it.
    pub fn end(&self, head_id: i64, head_hash: &str) -> Result<(), Broken> {
        if head_id != self.prev_id || head_hash != self.prev_hash {
            return Err(Broken::Truncated {
                head: head_id,
                last: self.prev_id,
            });
        }
        Ok(())
    }
}

/// Writes the records matching `filter` as CSV (UTF-8 with a byte-order mark, as Excel opens
/// it) in id order, hashes included so that the assessor can check the chain; returns how many.
pub async fn write_csv<W: std::io::Write + Send>(
    db: &crate::db::Db,
    filter: &crate::model::SecurityLogFilter,
    locale: crate::i18n::Locale,
    out: W,
) -> Result<u64, crate::error::AppError> {
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF")
        .map_err(|_| crate::error::AppError::Internal)?;
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(locale.audit_csv_header())
        .map_err(|_| crate::error::AppError::Internal)?;
    let mut written = 0u64;
    crate::db::security_log::for_each(db, filter, |r| {
        writer
            .write_record([
                r.id.to_string().as_str(),
                &crate::domain::dates::china_local(r.at)
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default(),
                &r.username,
                locale.audit_action(&r.action),
                &r.target,
                locale.audit_outcome(&r.outcome),
                &r.address,
                &r.detail,
                &r.prev_hash,
                &r.hash,
            ])
            .map_err(|_| crate::error::AppError::Internal)?;
        written += 1;
        Ok::<(), crate::error::AppError>(())
    })
    .await?;
    writer
        .flush()
        .map_err(|_| crate::error::AppError::Internal)?;
    Ok(written)
}

/// What a request comes to in the log, judged from its method, path and answer alone; `None`
/// for the many requests that are not recorded (reading pages). `administers` tells a server
/// function that needs the admin's permission. Sign-in and sign-out are recorded by their
/// handlers, which know who and how it went.
pub fn request_action(
    method: &str,
    path: &str,
    status: u16,
    administers: impl Fn(&str) -> bool,
) -> Option<(&'static str, &'static str)> {
    let outcome = match status {
        200..=399 => OK,
        403 => return Some((action::REFUSED, DENIED)),
        _ => FAILED,
    };
    let get = method == "GET";
    let post = method == "POST";
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let recorded = match segments.as_slice() {
        ["projects" | "activities", "export"] => action::EXPORT,
        ["rounds", _, "units", _, "export"] if get => action::EXPORT,
        ["charts", _] if get => action::EXPORT,
        ["admin", "security", "export"] if get => action::AUDIT_EXPORT,
        ["files", _] if get => action::DOWNLOAD,
        ["reports", _] if get => action::REPORT,
        ["projects" | "activities", "import", "upload"] if post => action::IMPORT,
        ["api", name] if post => match *name {
            "commit_import" | "commit_activity_import" => action::IMPORT,
            "generate_report" => action::REPORT,
            name if administers(name) => action::ADMIN,
            _ => return None,
        },
        _ => return None,
    };
    Some((recorded, outcome))
}

/// The address a request came from: the connection's peer, or, when the peer is this machine
/// (a reverse proxy on it), the last address the proxy added to `X-Forwarded-For`. A client's
/// own `X-Forwarded-For` is believed only through such a proxy, which appends the real peer.
pub fn source_address(peer: Option<std::net::IpAddr>, forwarded_for: Option<&str>) -> String {
    let through_local_proxy = peer.is_some_and(|p| p.is_loopback());
    let forwarded = forwarded_for
        .and_then(|f| f.rsplit(',').next())
        .map(str::trim)
        .filter(|f| f.parse::<std::net::IpAddr>().is_ok());
    match (through_local_proxy, forwarded, peer) {
        (true, Some(forwarded), _) => forwarded.to_string(),
        (_, _, Some(peer)) => peer.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|id| {
                let mut record = AuditRecord {
                    id,
                    at: 1_796_574_600 + id,
                    username: "admin".into(),
                    action: action::EXPORT.into(),
                    target: format!("/projects/export?n={id}"),
                    outcome: OK.into(),
                    address: "10.0.0.8".into(),
                    detail: String::new(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                record.hash = record.expected_hash(&prev);
                prev = record.hash.clone();
                record
            })
            .collect()
    }

    fn check(records: &[AuditRecord]) -> Result<u64, Broken> {
        let mut check = ChainCheck::default();
        for r in records {
            check.next(r)?;
        }
        let last = records.last();
        check.end(
            last.map_or(0, |r| r.id),
            last.map_or(GENESIS, |r| r.hash.as_str()),
        )?;
        Ok(check.checked)
    }

    #[test]
    fn an_untouched_chain_holds() {
        assert_eq!(check(&chain(5)), Ok(5));
        assert_eq!(check(&[]), Ok(0));
    }

    #[test]
    fn a_changed_record_is_found() {
        let mut records = chain(5);
        records[2].username = "planner".into();
        assert_eq!(check(&records), Err(Broken::Altered { id: 3 }));
    }

    #[test]
    fn a_changed_record_with_a_new_hash_breaks_the_next_link() {
        let mut records = chain(5);
        records[2].outcome = DENIED.into();
        records[2].hash = records[2].expected_hash(&records[1].hash);
        assert_eq!(check(&records), Err(Broken::Unlinked { id: 4 }));
    }

    #[test]
    fn a_removed_record_is_found() {
        let mut records = chain(5);
        records.remove(1);
        assert_eq!(check(&records), Err(Broken::Gap { after: 1, found: 3 }));
    }

    #[test]
    fn records_removed_from_the_end_are_found_by_the_head() {
        let records = chain(5);
        let mut check = ChainCheck::default();
        for r in &records[..3] {
            check.next(r).unwrap();
        }
        assert_eq!(
            check.end(5, &records[4].hash),
            Err(Broken::Truncated { head: 5, last: 3 })
        );
    }

    #[test]
    fn fields_cannot_shift_into_each_other() {
        let a = link_hash(GENESIS, 1, 1, "ad", "min|x", "", OK, "", "");
        let b = link_hash(GENESIS, 1, 1, "ad|min", "x", "", OK, "", "");
        assert_ne!(a, b);
    }

    fn request_action(
        method: &str,
        path: &str,
        status: u16,
    ) -> Option<(&'static str, &'static str)> {
        super::request_action(method, path, status, |name| name == "add_user")
    }

    #[test]
    fn requests_that_matter_are_recorded() {
        assert_eq!(
            request_action("GET", "/projects/export", 200),
            Some((action::EXPORT, OK))
        );
        assert_eq!(
            request_action("GET", "/files/12", 200),
            Some((action::DOWNLOAD, OK))
        );
        assert_eq!(
            request_action("POST", "/api/commit_import", 200),
            Some((action::IMPORT, OK))
        );
        assert_eq!(
            request_action("POST", "/api/add_user", 500),
            Some((action::ADMIN, FAILED))
        );
        assert_eq!(
            request_action("POST", "/api/update_milestone", 403),
            Some((action::REFUSED, DENIED))
        );
        assert_eq!(
            request_action("GET", "/admin", 403),
            Some((action::REFUSED, DENIED))
        );
        assert_eq!(
            request_action("POST", "/api/generate_report", 200),
            Some((action::REPORT, OK))
        );
    }

    #[test]
    fn reading_pages_and_ordinary_edits_are_not_security_events() {
        assert_eq!(request_action("GET", "/", 200), None);
        assert_eq!(request_action("GET", "/projects/12", 200), None);
        assert_eq!(request_action("POST", "/api/update_milestone", 200), None);
        assert_eq!(request_action("POST", "/api/overview", 200), None);
    }

    #[test]
    fn a_forwarded_address_counts_only_through_a_local_proxy() {
        let local = Some("127.0.0.1".parse().unwrap());
        let remote = Some("10.1.2.3".parse().unwrap());
        assert_eq!(source_address(local, Some("10.9.9.9")), "10.9.9.9");
        assert_eq!(
            source_address(local, Some("1.1.1.1, 10.9.9.9")),
            "10.9.9.9",
            "the proxy's own entry is the last"
        );
        assert_eq!(source_address(remote, Some("10.9.9.9")), "10.1.2.3");
        assert_eq!(source_address(local, Some("not an address")), "127.0.0.1");
        assert_eq!(source_address(None, None), "");
    }
}
