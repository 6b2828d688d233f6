//! Laying milestones out on the roadmap timeline: within a pillar's lane, each milestone goes
//! on the first row where it does not overlap the previous one, so bars never cover each other
//! and a lane is only as tall as its busiest moment needs.

use chrono::NaiveDate;

/// Row (0-based) for each `(start, due)`, in the order given; the caller sorts by start.
pub fn pack_rows(intervals: &[(NaiveDate, NaiveDate)]) -> Vec<usize> {
    let mut row_ends: Vec<NaiveDate> = Vec::new();
    intervals
        .iter()
        .map(
            |&(start, due)| match row_ends.iter().position(|end| *end < start) {
                Some(row) => {
                    row_ends[row] = due;
                    row
                }
                None => {
                    row_ends.push(due);
                    row_ends.len() - 1
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn overlapping_milestones_take_new_rows_and_free_rows_are_reused() {
        let rows = pack_rows(&[
            (d(1, 1), d(3, 31)),
            (d(2, 1), d(4, 30)),
            (d(4, 1), d(6, 30)),
            (d(5, 1), d(5, 31)),
            (d(5, 2), d(5, 3)),
        ]);
        assert_eq!(rows, vec![0, 1, 0, 1, 2]);
    }

    #[test]
    fn touching_on_the_same_day_counts_as_overlap() {
        assert_eq!(
            pack_rows(&[(d(1, 1), d(1, 31)), (d(1, 31), d(2, 28))]),
            vec![0, 1]
        );
    }
}
