//! Reporting periods (报告期): investment and 形象进度 are reported per month. Locking a month keeps
//! its figures as a baseline and closes the ledger up to and including that month.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One calendar month, written `2026-10` in URLs and on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub struct PeriodError(pub String);

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1990..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Period { year, month })
    }

    /// Reads `2026-10` (also `2026-1`, `2026/10` and `2026年10月`).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let trimmed = text.trim().trim_end_matches('月');
        let (year, month) = trimmed
            .split_once(['-', '/', '年'])
            .ok_or_else(|| PeriodError(text.to_string()))?;
        let year = year
            .trim()
            .parse()
            .map_err(|_| PeriodError(text.to_string()))?;
        let month = month
            .trim()
            .parse()
            .map_err(|_| PeriodError(text.to_string()))?;
        Period::new(year, month).ok_or_else(|| PeriodError(text.to_string()))
    }

    /// The month as the URL and CLI write it: `2026-10`.
    pub fn code(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// The month a ledger entry belongs to.
    pub fn of_ledger(year: i32, month: u32) -> Period {
        Period { year, month }
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Period, PeriodError> {
        Period::parse(text)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// The ledger month `entry` may not change once `latest_locked` is locked: locking a month
/// closes it and every month before it.
pub fn is_closed(entry: Period, latest_locked: Option<Period>) -> bool {
    latest_locked.is_some_and(|locked| entry <= locked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_in_the_ways_people_write_them() {
        let october = Period {
            year: 2026,
            month: 10,
        };
        for text in ["2026-10", " 2026/10 ", "2026年10月"] {
            assert_eq!(Period::parse(text), Ok(october), "{text}");
        }
        assert_eq!(
            Period::parse("2026-1").map(Period::code),
            Ok("2026-01".into())
        );
        for bad in ["2026", "2026-13", "2026-0", "abc-1", "", "3000-01"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(crate::i18n::Locale::Zh.period(october), "2026年10月");
    }

    #[test]
    fn a_lock_closes_its_month_and_every_month_before() {
        let locked = Some(Period {
            year: 2026,
            month: 10,
        });
        assert!(is_closed(Period::of_ledger(2026, 10), locked));
        assert!(is_closed(Period::of_ledger(2025, 12), locked));
        assert!(!is_closed(Period::of_ledger(2026, 11), locked));
        assert!(!is_closed(Period::of_ledger(2020, 1), None));
    }
}
