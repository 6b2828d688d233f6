//! Dependency warnings: a milestone depends on its predecessors finishing first, so one that is
//! planned to start before a predecessor ends (or, seen from the predecessor, one that ends after
//! a milestone depending on it starts) is flagged with the days they overlap. Starting on the
//! day a predecessor ends is not flagged: county plans put both on the same month end. A
//! milestone already complete is not flagged, nor its side of the pair.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One milestone's dates, as the check needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    pub id: i64,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub complete: bool,
}

/// A pair in the wrong order: `successor` depends on `predecessor` but starts `days` days before
/// it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlap {
    pub successor: i64,
    pub predecessor: i64,
    pub days: i64,
}

/// What a milestone is warned of, named from its own side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DependencyWarning {
    /// It starts `days` days before `other`, which it depends on, ends.
    StartsBeforePredecessorEnds { other: String, days: i64 },
    /// It ends `days` days after `other`, which depends on it, starts.
    EndsAfterSuccessorStarts { other: String, days: i64 },
}

/// The overlaps among `edges` (milestone, depends on), given the milestones' dates; edges whose
/// ends are not in `dates` are skipped. The successor must still be open.
pub fn overlaps(edges: &[(i64, i64)], dates: impl Fn(i64) -> Option<Dates>) -> Vec<Overlap> {
    edges
        .iter()
        .filter_map(|&(successor, predecessor)| {
            let (s, p) = (dates(successor)?, dates(predecessor)?);
            let days = (p.due - s.start).num_days();
            (days > 0 && !s.complete).then_some(Overlap {
                successor,
                predecessor,
                days,
            })
        })
        .collect()
}

/// The warnings of milestone `id` among `overlaps`, naming the other milestone with `name`.
pub fn warnings_of(
    id: i64,
    overlaps: &[Overlap],
    name: impl Fn(i64) -> String,
) -> Vec<DependencyWarning> {
    overlaps
        .iter()
        .filter_map(|o| {
            if o.successor == id {
                Some(DependencyWarning::StartsBeforePredecessorEnds {
                    other: name(o.predecessor),
                    days: o.days,
                })
            } else if o.predecessor == id {
                Some(DependencyWarning::EndsAfterSuccessorStarts {
                    other: name(o.successor),
                    days: o.days,
                })
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn dates(id: i64) -> Option<Dates> {
        let (start, due, complete) = match id {
            1 => (d(1, 1), d(3, 31), false),
            // Starts ten days before 1 ends.
            2 => (d(3, 21), d(6, 30), false),
            // Starts on the day 1 ends: fine.
            3 => (d(3, 31), d(5, 31), false),
            // Complete: not flagged even though it overlaps.
            4 => (d(2, 1), d(2, 28), true),
            _ => return None,
        };
        Some(Dates {
            id,
            start,
            due,
            complete,
        })
    }

    #[test]
    fn only_an_open_milestone_starting_before_its_predecessor_ends_is_flagged() {
        let edges = [(2, 1), (3, 1), (4, 1), (9, 1)];
        let found = overlaps(&edges, dates);
        assert_eq!(
            found,
            [Overlap {
                successor: 2,
                predecessor: 1,
                days: 10
            }]
        );
        let name = |id: i64| format!("M{id}");
        assert_eq!(
            warnings_of(2, &found, name),
            [DependencyWarning::StartsBeforePredecessorEnds {
                other: "M1".into(),
                days: 10
            }]
        );
        assert_eq!(
            warnings_of(1, &found, name),
            [DependencyWarning::EndsAfterSuccessorStarts {
                other: "M2".into(),
                days: 10
            }]
        );
        assert!(warnings_of(3, &found, name).is_empty());
    }
}
