//! Schedule baselines (计划基线): a planner approves the plan under a name ("2026年度计划") and
//! every milestone's start, end and weight are kept; a milestone's slip is then how many days
//! later (or earlier) it is now due than the baseline said.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::problem::{Label, Problem};

/// A baseline's name is a few words.
pub const NAME_MAX: usize = 60;

/// The name as kept: trimmed, 1–60 characters.
pub fn baseline_name(text: &str) -> Result<String, Problem> {
    let name = text.trim();
    let chars = name.chars().count();
    if chars == 0 {
        return Err(Problem::Required(Label::BaselineName));
    }
    if chars > NAME_MAX {
        return Err(Problem::TooLong {
            label: Label::BaselineName,
            max: NAME_MAX,
            actual: chars,
        });
    }
    Ok(name.to_string())
}

/// Days a milestone is now due after the baseline's date (negative: earlier).
pub fn slip_days(baseline_due: NaiveDate, due: NaiveDate) -> i64 {
    (due - baseline_due).num_days()
}

/// Slip in the bands the dashboard and the baseline page count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SlipBand {
    Earlier,
    OnTime,
    UpTo30,
    UpTo90,
    Over90,
}

impl SlipBand {
    pub const ALL: [SlipBand; 5] = [
        SlipBand::Earlier,
        SlipBand::OnTime,
        SlipBand::UpTo30,
        SlipBand::UpTo90,
        SlipBand::Over90,
    ];

    /// The band as the pages' data attributes name it.
    pub fn code(self) -> &'static str {
        match self {
            SlipBand::Earlier => "earlier",
            SlipBand::OnTime => "on-time",
            SlipBand::UpTo30 => "up-to-30",
            SlipBand::UpTo90 => "up-to-90",
            SlipBand::Over90 => "over-90",
        }
    }

    pub fn of(days: i64) -> SlipBand {
        match days {
            d if d < 0 => SlipBand::Earlier,
            0 => SlipBand::OnTime,
            1..=30 => SlipBand::UpTo30,
            31..=90 => SlipBand::UpTo90,
            _ => SlipBand::Over90,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_short() {
        assert_eq!(baseline_name(" 2026年度计划 "), Ok("2026年度计划".into()));
        assert_eq!(
            baseline_name("  "),
            Err(Problem::Required(Label::BaselineName))
        );
        assert!(baseline_name(&"计".repeat(61)).is_err());
    }

    #[test]
    fn slip_is_counted_in_days_and_banded() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(slip_days(d(6, 30), d(7, 12)), 12);
        assert_eq!(slip_days(d(6, 30), d(6, 20)), -10);
        let bands: Vec<SlipBand> = [-3, 0, 1, 30, 31, 90, 91].map(SlipBand::of).to_vec();
        assert_eq!(
            bands,
            [
                SlipBand::Earlier,
                SlipBand::OnTime,
                SlipBand::UpTo30,
                SlipBand::UpTo30,
                SlipBand::UpTo90,
                SlipBand::UpTo90,
                SlipBand::Over90
            ]
        );
    }
}
