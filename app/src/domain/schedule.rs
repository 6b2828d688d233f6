//! 序时进度: the progress one would expect today from the calendar alone.

use chrono::NaiveDate;

/// Share of `[start, due]` already elapsed on `today`, in percent, clamped to 0–100.
///
/// `today == start` gives 0 and `today == due` gives 100. A zero-length span
/// (`start == due`) is a point in time: 0 before it, 100 from that day on.
/// Chrono's day arithmetic makes leap days count like any other day.
pub fn expected_percent(start: NaiveDate, due: NaiveDate, today: NaiveDate) -> f64 {
    if today >= due {
        return 100.0;
    }
    if today <= start {
        return 0.0;
    }
    let total = (due - start).num_days();
    let elapsed = (today - start).num_days();
    // total > 0 here because start < today < due.
    (100.0 * elapsed as f64 / total as f64).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn start_is_zero_and_due_is_full() {
        assert_eq!(
            expected_percent(d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 1)),
            0.0
        );
        assert_eq!(
            expected_percent(d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 11)),
            100.0
        );
    }

    #[test]
    fn midway_is_proportional() {
        assert_eq!(
            expected_percent(d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 5)),
            40.0
        );
    }

    #[test]
    fn clamped_outside_the_span() {
        assert_eq!(
            expected_percent(d(2025, 1, 1), d(2025, 1, 11), d(2024, 6, 1)),
            0.0
        );
        assert_eq!(
            expected_percent(d(2025, 1, 1), d(2025, 1, 11), d(2026, 6, 1)),
            100.0
        );
    }

    #[test]
    fn zero_length_span_is_a_point_in_time() {
        let day = d(2025, 6, 30);
        assert_eq!(expected_percent(day, day, d(2025, 6, 29)), 0.0);
        assert_eq!(expected_percent(day, day, day), 100.0);
        assert_eq!(expected_percent(day, day, d(2025, 7, 1)), 100.0);
    }

    #[test]
    fn leap_day_counts_as_a_day() {
        // 2024-02-01 .. 2024-03-02 is 30 days because 2024 has 29 February.
        let start = d(2024, 2, 1);
        let due = d(2024, 3, 2);
        assert_eq!(expected_percent(start, due, d(2024, 2, 16)), 50.0);
        assert_eq!(
            expected_percent(start, due, d(2024, 2, 29)),
            100.0 * 28.0 / 30.0
        );
        // The same calendar span in 2025 is one day shorter: 15 of 29 days.
        assert_eq!(
            expected_percent(d(2025, 2, 1), d(2025, 3, 2), d(2025, 2, 16)),
            100.0 * 15.0 / 29.0
        );
    }
}
