//! Red / yellow / green status of a milestone, always with its reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::schedule::expected_percent;

/// How far behind 序时进度 a milestone may fall before it turns yellow or red.
/// Editable by admins; these are the defaults of the provincial practice.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Behind by this many points or more: 滞后 (yellow).
    pub yellow_points: f64,
    /// Behind by more than this many points: 严重滞后 (red).
    pub red_points: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            yellow_points: 10.0,
            red_points: 30.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    /// 已完成
    Completed,
    /// 正常 (green)
    OnTrack,
    /// 滞后 (yellow)
    Behind,
    /// 严重滞后 / 逾期 (red)
    Critical,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::OnTrack,
        Status::Behind,
        Status::Critical,
        Status::Completed,
    ];

    /// Stable code used in URLs, CSS classes and the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Completed => "done",
            Status::OnTrack => "green",
            Status::Behind => "yellow",
            Status::Critical => "red",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The code, as URLs write it.
impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Status {
    type Err = ();
    fn from_str(code: &str) -> Result<Status, ()> {
        Status::from_code(code).ok_or(())
    }
}

/// Why a milestone has its status; rendered into a sentence by the i18n layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    Completed,
    /// Past due and not complete.
    Overdue {
        days: i64,
        percent: i64,
    },
    /// Start date passed, nothing recorded yet.
    NotStarted {
        expected: i64,
    },
    /// Actual against expected progress; `gap` is expected − actual in points (may be ≤ 0).
    Progress {
        percent: i64,
        expected: i64,
        gap: i64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: Status,
    pub reason: Reason,
    /// 序时进度 today, 0–100.
    pub expected: f64,
}

/// Apply the status rules of `domain.md` to one milestone on `today`.
pub fn assess(
    start: NaiveDate,
    due: NaiveDate,
    percent: i64,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Assessment {
    let expected = expected_percent(start, due, today);
    if percent >= 100 {
        return Assessment {
            status: Status::Completed,
            reason: Reason::Completed,
            expected,
        };
    }
    if today > due {
        let days = (today - due).num_days();
        return Assessment {
            status: Status::Critical,
            reason: Reason::Overdue { days, percent },
            expected,
        };
    }
    let gap = expected - percent as f64;
    let shown = Reason::Progress {
        percent,
        expected: expected.round() as i64,
        gap: gap.round() as i64,
    };
    let by_gap = gap_status(gap, thresholds);
    if by_gap != Status::OnTrack {
        return Assessment {
            status: by_gap,
            reason: shown,
            expected,
        };
    }
    if percent == 0 && today > start {
        return Assessment {
            status: Status::Behind,
            reason: Reason::NotStarted {
                expected: expected.round() as i64,
            },
            expected,
        };
    }
    Assessment {
        status: Status::OnTrack,
        reason: shown,
        expected,
    }
}

/// Colour of a shortfall of `gap` points against 序时进度 (≤ 0 means on or ahead of time).
pub fn gap_status(gap: f64, thresholds: &Thresholds) -> Status {
    if gap > thresholds.red_points {
        Status::Critical
    } else if gap >= thresholds.yellow_points {
        Status::Behind
    } else {
        Status::OnTrack
    }
}

/// Colour of a roll-up (pillar, phase, roadmap) from its weighted actual and expected progress.
pub fn rollup_status(actual: f64, expected: f64, thresholds: &Thresholds) -> Status {
    if actual >= 100.0 {
        Status::Completed
    } else {
        gap_status(expected - actual, thresholds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    // A 100-day milestone makes expected progress equal to the days elapsed.
    fn on_day(elapsed: i64, percent: i64) -> Assessment {
        let start = d(2025, 1, 1);
        let due = start + chrono::Duration::days(100);
        assess(
            start,
            due,
            percent,
            start + chrono::Duration::days(elapsed),
            &Thresholds::default(),
        )
    }

    #[test]
    fn complete_is_completed_even_when_late() {
        let a = assess(
            d(2024, 1, 1),
            d(2024, 6, 30),
            100,
            d(2025, 1, 1),
            &Thresholds::default(),
        );
        assert_eq!(a.status, Status::Completed);
        assert_eq!(a.reason, Reason::Completed);
    }

    #[test]
    fn just_under_ten_points_behind_is_green() {
        assert_eq!(on_day(50, 41).status, Status::OnTrack);
    }

    #[test]
    fn exactly_ten_points_behind_is_yellow() {
        let a = on_day(50, 40);
        assert_eq!(a.status, Status::Behind);
        assert_eq!(
            a.reason,
            Reason::Progress {
                percent: 40,
                expected: 50,
                gap: 10
            }
        );
    }

    #[test]
    fn exactly_thirty_points_behind_is_still_yellow() {
        assert_eq!(on_day(50, 20).status, Status::Behind);
    }

    #[test]
    fn more_than_thirty_points_behind_is_red() {
        let a = on_day(50, 19);
        assert_eq!(a.status, Status::Critical);
        assert_eq!(
            a.reason,
            Reason::Progress {
                percent: 19,
                expected: 50,
                gap: 31
            }
        );
    }

    #[test]
    fn ahead_of_schedule_is_green() {
        let a = on_day(20, 60);
        assert_eq!(a.status, Status::OnTrack);
        assert_eq!(
            a.reason,
            Reason::Progress {
                percent: 60,
                expected: 20,
                gap: -40
            }
        );
    }

    #[test]
    fn not_started_after_start_is_yellow() {
        let a = on_day(5, 0);
        assert_eq!(a.status, Status::Behind);
        assert_eq!(a.reason, Reason::NotStarted { expected: 5 });
    }

    #[test]
    fn not_started_on_its_start_day_is_green() {
        assert_eq!(on_day(0, 0).status, Status::OnTrack);
    }

    #[test]
    fn not_started_and_far_behind_is_red() {
        assert_eq!(on_day(40, 0).status, Status::Critical);
    }

    #[test]
    fn due_today_and_incomplete_is_judged_on_progress_not_overdue() {
        let start = d(2025, 1, 1);
        let due = d(2025, 3, 31);
        let a = assess(start, due, 95, due, &Thresholds::default());
        assert_eq!(a.status, Status::OnTrack);
        let a = assess(start, due, 80, due, &Thresholds::default());
        assert_eq!(a.status, Status::Behind);
    }

    #[test]
    fn past_due_and_incomplete_is_red_overdue() {
        let a = assess(
            d(2025, 1, 1),
            d(2025, 3, 31),
            95,
            d(2025, 4, 3),
            &Thresholds::default(),
        );
        assert_eq!(a.status, Status::Critical);
        assert_eq!(
            a.reason,
            Reason::Overdue {
                days: 3,
                percent: 95
            }
        );
    }

    #[test]
    fn zero_length_milestone_due_today() {
        let day = d(2025, 6, 30);
        assert_eq!(
            assess(day, day, 0, day, &Thresholds::default()).status,
            Status::Critical
        );
        assert_eq!(
            assess(day, day, 100, day, &Thresholds::default()).status,
            Status::Completed
        );
        assert_eq!(
            assess(day, day, 0, d(2025, 6, 29), &Thresholds::default()).status,
            Status::OnTrack
        );
    }

    #[test]
    fn thresholds_are_configurable() {
        let strict = Thresholds {
            yellow_points: 5.0,
            red_points: 15.0,
        };
        let start = d(2025, 1, 1);
        let due = start + chrono::Duration::days(100);
        let today = start + chrono::Duration::days(50);
        assert_eq!(
            assess(start, due, 45, today, &strict).status,
            Status::Behind
        );
        assert_eq!(
            assess(start, due, 34, today, &strict).status,
            Status::Critical
        );
    }

    #[test]
    fn rollups_use_the_same_gap_rule() {
        let t = Thresholds::default();
        assert_eq!(rollup_status(100.0, 100.0, &t), Status::Completed);
        assert_eq!(rollup_status(60.0, 69.9, &t), Status::OnTrack);
        assert_eq!(rollup_status(60.0, 70.0, &t), Status::Behind);
        assert_eq!(rollup_status(40.0, 70.0, &t), Status::Behind);
        assert_eq!(rollup_status(39.9, 70.0, &t), Status::Critical);
    }

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(Status::from_code("purple"), None);
    }
}
