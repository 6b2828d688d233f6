//! Burn-up: the programme's cumulative weighted progress at each month end, from the progress
//! history, against the plan (序时进度 from the milestones' dates).

use chrono::{Datelike, NaiveDate};

use super::schedule::expected_percent;

/// One milestone with its history of (date, percent), oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneHistory {
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub weight: f64,
    pub history: Vec<(NaiveDate, f64)>,
}

impl MilestoneHistory {
    /// Percent complete at the end of `day`: the newest entry on or before it (0 before any).
    pub fn percent_on(&self, day: NaiveDate) -> f64 {
        let known = self.history.partition_point(|(d, _)| *d <= day);
        known.checked_sub(1).map_or(0.0, |i| self.history[i].1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurnUpPoint {
    pub day: NaiveDate,
    /// Weighted progress from the history; `None` after today (the future is not known).
    pub actual: Option<f64>,
    pub planned: f64,
}

/// The last day of every month from `first`'s month to `last`'s month.
pub fn month_ends(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut year, mut month) = (first.year(), first.month());
    while (year, month) <= (last.year(), last.month()) {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        if let Some(end) =
            NaiveDate::from_ymd_opt(next_year, next_month, 1).and_then(|d| d.pred_opt())
        {
            out.push(end);
        }
        (year, month) = (next_year, next_month);
    }
    out
}

/// Weighted actual and planned progress at each of `days`; actual stops at `today`.
pub fn burn_up(
    milestones: &[MilestoneHistory],
    days: &[NaiveDate],
    today: NaiveDate,
) -> Vec<BurnUpPoint> {
    let total_weight: f64 = milestones.iter().map(|m| m.weight).sum();
    let mean = |value: &dyn Fn(&MilestoneHistory) -> f64| {
        if total_weight > 0.0 {
            milestones.iter().map(|m| m.weight * value(m)).sum::<f64>() / total_weight
        } else {
            0.0
        }
    };
    days.iter()
        .map(|&day| BurnUpPoint {
            day,
            actual: (day <= today).then(|| mean(&|m| m.percent_on(day))),
            planned: mean(&|m| expected_percent(m.start, m.due, day)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_ends_cover_every_month_including_february() {
        let ends = month_ends(d(2023, 11, 15), d(2024, 3, 1));
        assert_eq!(
            ends,
            vec![
                d(2023, 11, 30),
                d(2023, 12, 31),
                d(2024, 1, 31),
                d(2024, 2, 29),
                d(2024, 3, 31)
            ]
        );
    }

    #[test]
    fn history_gives_the_percent_known_on_a_day() {
        let m = MilestoneHistory {
            start: d(2024, 1, 1),
            due: d(2024, 12, 31),
            weight: 1.0,
            history: vec![(d(2024, 3, 31), 20.0), (d(2024, 6, 30), 50.0)],
        };
        assert_eq!(m.percent_on(d(2024, 3, 30)), 0.0);
        assert_eq!(m.percent_on(d(2024, 3, 31)), 20.0);
        assert_eq!(m.percent_on(d(2024, 9, 1)), 50.0);
    }

    #[test]
    fn burn_up_weights_milestones_and_stops_actual_at_today() {
        let a = MilestoneHistory {
            start: d(2024, 1, 1),
            due: d(2024, 1, 31),
            weight: 3.0,
            history: vec![(d(2024, 1, 31), 100.0)],
        };
        let b = MilestoneHistory {
            start: d(2024, 2, 1),
            due: d(2024, 2, 29),
            weight: 1.0,
            history: vec![],
        };
        let points = burn_up(&[a, b], &[d(2024, 1, 31), d(2024, 2, 29)], d(2024, 2, 10));
        assert_eq!(points[0].actual, Some(75.0));
        assert_eq!(points[0].planned, 75.0);
        assert_eq!(points[1].actual, None, "the future is not drawn");
        assert_eq!(points[1].planned, 100.0);
    }
}
