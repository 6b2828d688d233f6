//! Burn-up: the programme's cumulative weighted progress at each month end, from the progress
//! history, against the plan (序时进度 from the milestones' dates).

use chrono::{Datelike, NaiveDate};

use super::schedule::expected_percent;

/// What the burn-up needs, aggregated by the database so its size does not grow with the
/// number of progress updates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BurnUpInput {
    /// Milestone weight by (start, due): each date pair once, with the weight of all its milestones.
    pub plans: Vec<(NaiveDate, NaiveDate, f64)>,
    /// (year, month, Σ weight × change of percent) over the progress reported that month.
    pub monthly_gains: Vec<(i32, u32, f64)>,
}

/// The burn-up's plan from the milestones' (start, due, weight): weight summed per date pair, in
/// date order, so the same milestones always give the same sums in the same order.
pub fn plans(
    milestones: impl IntoIterator<Item = (NaiveDate, NaiveDate, i64)>,
) -> Vec<(NaiveDate, NaiveDate, f64)> {
    let mut by_dates = std::collections::BTreeMap::new();
    for (start, due, weight) in milestones {
        *by_dates.entry((start, due)).or_insert(0i64) += weight;
    }
    by_dates
        .into_iter()
        .map(|((start, due), weight)| (start, due, weight as f64))
        .collect()
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

/// Weighted actual and planned progress at each month end of `days` (ascending); actual stops
/// at `today`. Actual at a month end is the weighted sum of every change reported up to then.
pub fn burn_up(input: &BurnUpInput, days: &[NaiveDate], today: NaiveDate) -> Vec<BurnUpPoint> {
    let total_weight: f64 = input.plans.iter().map(|(_, _, w)| w).sum();
    let share = |weighted: f64| {
        if total_weight > 0.0 {
            weighted / total_weight
        } else {
            0.0
        }
    };
    let mut gains = input.monthly_gains.iter().peekable();
    let mut reached = 0.0;
    days.iter()
        .map(|&day| {
            while let Some((_, _, gain)) =
                gains.next_if(|(y, m, _)| (*y, *m) <= (day.year(), day.month()))
            {
                reached += gain;
            }
            let planned: f64 = input
                .plans
                .iter()
                .map(|(start, due, weight)| weight * expected_percent(*start, *due, day))
                .sum();
            BurnUpPoint {
                day,
                actual: (day <= today).then(|| share(reached)),
                planned: share(planned),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_with_the_same_dates_share_one_plan_line() {
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        let lines = plans([
            (day(3), day(9), 2),
            (day(1), day(6), 1),
            (day(3), day(9), 5),
        ]);
        assert_eq!(lines, vec![(day(1), day(6), 1.0), (day(3), day(9), 7.0)]);
    }

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
    fn burn_up_weights_milestones_and_stops_actual_at_today() {
        // A (weight 3) runs through January and reaches 100 on 31 Jan; B (weight 1) runs
        // through February and has no report.
        let input = BurnUpInput {
            plans: vec![
                (d(2024, 1, 1), d(2024, 1, 31), 3.0),
                (d(2024, 2, 1), d(2024, 2, 29), 1.0),
            ],
            monthly_gains: vec![(2024, 1, 300.0)],
        };
        let points = burn_up(&input, &[d(2024, 1, 31), d(2024, 2, 29)], d(2024, 2, 10));
        assert_eq!(points[0].actual, Some(75.0));
        assert_eq!(points[0].planned, 75.0);
        assert_eq!(points[1].actual, None, "the future is not drawn");
        assert_eq!(points[1].planned, 100.0);
    }

    #[test]
    fn gains_accumulate_and_corrections_go_down() {
        // One milestone of weight 2: 40 % in March, 70 % in May, corrected to 60 % in June.
        let input = BurnUpInput {
            plans: vec![(d(2024, 1, 1), d(2024, 12, 31), 2.0)],
            monthly_gains: vec![(2024, 3, 80.0), (2024, 5, 60.0), (2024, 6, -20.0)],
        };
        let days = month_ends(d(2024, 2, 1), d(2024, 7, 1));
        let actual: Vec<Option<f64>> = burn_up(&input, &days, d(2024, 12, 31))
            .iter()
            .map(|p| p.actual)
            .collect();
        assert_eq!(
            actual,
            [0.0, 40.0, 40.0, 70.0, 60.0, 60.0].map(Some).to_vec()
        );
    }

    #[test]
    fn gains_before_the_first_month_count_from_the_start() {
        let input = BurnUpInput {
            plans: vec![(d(2022, 6, 1), d(2023, 6, 1), 1.0)],
            monthly_gains: vec![(2022, 9, 30.0)],
        };
        let points = burn_up(&input, &[d(2023, 1, 31)], d(2023, 12, 31));
        assert_eq!(points[0].actual, Some(30.0));
    }

    #[test]
    fn no_milestones_draw_a_flat_zero() {
        let points = burn_up(&BurnUpInput::default(), &[d(2024, 1, 31)], d(2024, 2, 1));
        assert_eq!(points[0].actual, Some(0.0));
        assert_eq!(points[0].planned, 0.0);
    }
}
