//! Reporting upward (issue 19). A county makes a signed 上报 package of a month ([`county`]); a
//! city or province registers its counties' keys and imports their packages ([`upstream`]),
//! then compares them on one dashboard and merges their sheets.

pub mod chase;
pub mod county;
pub mod package;
pub mod push;
pub mod report;
pub mod upstream;

use crate::db::DbError;
use crate::domain::period::Period;
use crate::i18n::region::RegionSay;

/// Why a package could not be made or was refused. Every refusal leaves the database as it was.
/// Its message is in the process's language (the CLI's) through `Display`, or in any through [`RegionError::say`].
#[derive(Debug, thiserror::Error)]
pub enum RegionError {
    Db(#[from] DbError),
    Export(#[from] crate::reporting::ExportError),
    NoRegionCode,
    BadRegionCode(String),
    FuturePeriod(Period),
    Write(String),
    NotAPackage,
    TooLarge,
    BadPublicKey,
    UnknownCounty(String, String),
    Unsigned(String),
    WrongKey(String),
    UnknownSchema(u32),
    Tampered(String),
    Missing(String),
    Added(String),
    BadReport(String),
    NotNewer {
        county: String,
        period: Period,
        have: i64,
        given: i64,
    },
    CountyExists(String),
    NoSuchCounty(String),
    /// A push without a token upstream knows.
    BadPushToken,
    /// A push whose token is another county's than the package's.
    TokenOfOtherCounty {
        token: String,
        package: String,
    },
    BadPushUrl(String),
    PushTokenMissing,
    /// Pushing was asked for with nowhere set to push to.
    NoPushTarget,
    /// The push did not reach upstream.
    PushFailed(String),
    /// Upstream answered, and did not import it.
    PushRefused {
        status: u16,
        answer: String,
    },
    /// More evidence than one package carries.
    EvidenceTooLarge {
        files: usize,
        megabytes: u64,
    },
}

impl RegionError {
    /// The message in `locale` (the CLI uses the process's language through `Display`).
    pub fn say(&self, locale: crate::i18n::Locale) -> String {
        match self {
            RegionError::Db(e) => e.to_string(),
            RegionError::Export(e) => e.to_string(),
            other => locale.region_say(&other.as_say()),
        }
    }

    fn as_say(&self) -> RegionSay<'_> {
        match self {
            RegionError::NoRegionCode => RegionSay::NoRegionCode,
            RegionError::BadRegionCode(c) => RegionSay::BadRegionCode(c),
            RegionError::FuturePeriod(p) => RegionSay::FuturePeriod(*p),
            RegionError::Write(e) => RegionSay::Write(e),
            RegionError::NotAPackage => RegionSay::NotAPackage,
            RegionError::TooLarge => RegionSay::TooLarge,
            RegionError::BadPublicKey => RegionSay::BadPublicKey,
            RegionError::UnknownCounty(code, county) => RegionSay::UnknownCounty { code, county },
            RegionError::Unsigned(c) => RegionSay::Unsigned(c),
            RegionError::WrongKey(c) => RegionSay::WrongKey(c),
            RegionError::UnknownSchema(v) => RegionSay::UnknownSchema {
                given: *v,
                oldest: report::OLDEST_SCHEMA,
                newest: report::SCHEMA_VERSION,
            },
            RegionError::Tampered(f) => RegionSay::Tampered(f),
            RegionError::Missing(f) => RegionSay::Missing(f),
            RegionError::Added(f) => RegionSay::Added(f),
            RegionError::BadReport(e) => RegionSay::BadReport(e),
            RegionError::NotNewer {
                county,
                period,
                have,
                given,
            } => RegionSay::NotNewer {
                county,
                period: *period,
                have: *have,
                given: *given,
            },
            RegionError::CountyExists(c) => RegionSay::CountyExists(c),
            RegionError::NoSuchCounty(c) => RegionSay::NoSuchCounty(c),
            RegionError::BadPushToken => RegionSay::BadPushToken,
            RegionError::TokenOfOtherCounty { token, package } => {
                RegionSay::TokenOfOtherCounty { token, package }
            }
            RegionError::BadPushUrl(u) => RegionSay::BadPushUrl(u),
            RegionError::PushTokenMissing => RegionSay::PushTokenMissing,
            RegionError::NoPushTarget => RegionSay::NoPushTarget,
            RegionError::PushFailed(e) => RegionSay::PushFailed(e),
            RegionError::PushRefused { status, answer } => RegionSay::PushRefused {
                status: *status,
                answer,
            },
            RegionError::EvidenceTooLarge { files, megabytes } => RegionSay::EvidenceTooLarge {
                files: *files,
                megabytes: *megabytes,
                max_files: county::MAX_EVIDENCE_FILES,
                max_megabytes: county::MAX_EVIDENCE_BYTES / (1024 * 1024),
            },
            RegionError::Db(_) | RegionError::Export(_) => RegionSay::Write(""),
        }
    }
}

impl From<RegionError> for crate::error::AppError {
    fn from(e: RegionError) -> Self {
        use crate::domain::problem::Problem;
        use crate::domain::validate::FieldErrors;
        use crate::error::AppError;
        match e {
            RegionError::Db(e) => e.into(),
            RegionError::Export(e) => {
                tracing::error!(error = %e, "a report package could not be made");
                AppError::Internal
            }
            RegionError::BadRegionCode(code) => {
                AppError::Invalid(FieldErrors::single("code", Problem::RegionCode(code)))
            }
            RegionError::CountyExists(code) => {
                AppError::Invalid(FieldErrors::single("code", Problem::CountyRegistered(code)))
            }
            RegionError::BadPublicKey => {
                AppError::Invalid(FieldErrors::single("key", Problem::PublicKey))
            }
            RegionError::BadPushUrl(url) => {
                AppError::Invalid(FieldErrors::single("url", Problem::PushUrl(url)))
            }
            RegionError::PushTokenMissing => AppError::Invalid(FieldErrors::single(
                "token",
                Problem::Required(crate::domain::problem::Label::PushToken),
            )),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

impl From<sqlx::Error> for RegionError {
    fn from(e: sqlx::Error) -> Self {
        RegionError::Db(e.into())
    }
}

impl std::fmt::Display for RegionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(crate::i18n::Locale::process()))
    }
}

/// Whether `code` is a 行政区划代码: six digits.
pub fn is_region_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn region_codes_are_six_digits() {
        assert!(super::is_region_code("339901"));
        assert!(!super::is_region_code("33990"));
        assert!(!super::is_region_code("33990a"));
        assert!(!super::is_region_code("3399011"));
    }
}
