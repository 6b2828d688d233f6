//! Programme-wide figures from milestone facts: roll-ups by pillar and phase and status counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rollup::{Rollup, RollupBuilder};
use super::status::{assess, Reason, Status, Thresholds};

/// What the summary needs to know about one milestone.
#[derive(Clone, Copy, Debug)]
pub struct MilestoneFacts {
    pub phase_id: i64,
    pub pillar_id: i64,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub percent: i64,
    pub weight: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub done: usize,
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    /// Past due and not complete (a subset of `red`).
    pub overdue: usize,
}

impl StatusCounts {
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Completed => self.done,
            Status::OnTrack => self.green,
            Status::Behind => self.yellow,
            Status::Critical => self.red,
        }
    }

    pub fn total(&self) -> usize {
        self.done + self.green + self.yellow + self.red
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub overall: Rollup,
    pub counts: StatusCounts,
    pub by_pillar: BTreeMap<i64, (Rollup, StatusCounts)>,
    pub by_phase: BTreeMap<i64, (Rollup, StatusCounts)>,
    /// Keyed by (pillar, phase): the cells of the 五个一 × 阶段 matrix.
    pub by_cell: BTreeMap<(i64, i64), (Rollup, StatusCounts)>,
}

#[derive(Default)]
struct Group {
    rollup: RollupBuilder,
    counts: StatusCounts,
}

impl Group {
    fn add(&mut self, m: &MilestoneFacts, expected: f64, status: Status, overdue: bool) {
        self.rollup.add(m.weight as f64, m.percent as f64, expected);
        match status {
            Status::Completed => self.counts.done += 1,
            Status::OnTrack => self.counts.green += 1,
            Status::Behind => self.counts.yellow += 1,
            Status::Critical => self.counts.red += 1,
        }
        if overdue {
            self.counts.overdue += 1;
        }
    }

    fn finish(self) -> (Rollup, StatusCounts) {
        (self.rollup.finish(), self.counts)
    }
}

/// Rolls every milestone up once: overall, per pillar and per phase.
pub fn summarize<'a>(
    milestones: impl IntoIterator<Item = &'a MilestoneFacts>,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Summary {
    let mut overall = Group::default();
    let mut by_pillar: BTreeMap<i64, Group> = BTreeMap::new();
    let mut by_phase: BTreeMap<i64, Group> = BTreeMap::new();
    let mut by_cell: BTreeMap<(i64, i64), Group> = BTreeMap::new();
    for m in milestones {
        let a = assess(m.start, m.due, m.percent, today, thresholds);
        let overdue = matches!(a.reason, Reason::Overdue { .. });
        overall.add(m, a.expected, a.status, overdue);
        by_pillar
            .entry(m.pillar_id)
            .or_default()
            .add(m, a.expected, a.status, overdue);
        by_phase
            .entry(m.phase_id)
            .or_default()
            .add(m, a.expected, a.status, overdue);
        by_cell
            .entry((m.pillar_id, m.phase_id))
            .or_default()
            .add(m, a.expected, a.status, overdue);
    }
    let (overall, counts) = overall.finish();
    Summary {
        overall,
        counts,
        by_pillar: by_pillar
            .into_iter()
            .map(|(k, g)| (k, g.finish()))
            .collect(),
        by_phase: by_phase.into_iter().map(|(k, g)| (k, g.finish())).collect(),
        by_cell: by_cell.into_iter().map(|(k, g)| (k, g.finish())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn m(
        phase_id: i64,
        pillar_id: i64,
        start: NaiveDate,
        due: NaiveDate,
        percent: i64,
        weight: i64,
    ) -> MilestoneFacts {
        MilestoneFacts {
            phase_id,
            pillar_id,
            start,
            due,
            percent,
            weight,
        }
    }

    #[test]
    fn rolls_up_by_pillar_and_phase_with_weights() {
        let today = d(2025, 7, 1);
        let items = [
            m(1, 10, d(2024, 1, 1), d(2024, 12, 31), 100, 1), // done
            m(2, 10, d(2025, 1, 1), d(2025, 12, 31), 50, 3),  // on track (~49.6% expected)
            m(2, 20, d(2025, 1, 1), d(2025, 6, 30), 80, 1),   // overdue
            m(2, 20, d(2025, 6, 1), d(2025, 12, 31), 0, 1),   // not started: yellow
        ];
        let s = summarize(&items, today, &Thresholds::default());
        assert_eq!(
            s.counts,
            StatusCounts {
                done: 1,
                green: 1,
                yellow: 1,
                red: 1,
                overdue: 1
            }
        );
        assert_eq!(s.overall.milestones, 4);
        assert_eq!(s.overall.completed, 1);
        // (100 + 3*50 + 80 + 0) / 6
        assert!((s.overall.actual - 330.0 / 6.0).abs() < 1e-9);
        let (pillar10, counts10) = s.by_pillar[&10];
        assert!((pillar10.actual - 62.5).abs() < 1e-9);
        assert_eq!(counts10.done, 1);
        let (phase2, counts2) = s.by_phase[&2];
        assert_eq!(phase2.milestones, 3);
        assert_eq!(counts2.red, 1);
        assert_eq!(counts2.overdue, 1);
    }

    #[test]
    fn nothing_to_summarize() {
        let s = summarize(&[], d(2025, 1, 1), &Thresholds::default());
        assert_eq!(s.counts.total(), 0);
        assert!(s.by_pillar.is_empty());
    }

    #[test]
    fn matrix_cells_partition_the_programme() {
        let today = d(2025, 7, 1);
        let facts = [
            m(1, 10, d(2025, 1, 1), d(2025, 12, 31), 50, 1),
            m(1, 10, d(2025, 1, 1), d(2025, 12, 31), 100, 3),
            m(2, 10, d(2025, 1, 1), d(2025, 12, 31), 0, 1),
            m(2, 20, d(2024, 1, 1), d(2024, 12, 31), 40, 1),
        ];
        let s = summarize(&facts, today, &Thresholds::default());
        assert_eq!(s.by_cell.len(), 3);
        let (cell, counts) = s.by_cell[&(10, 1)];
        assert_eq!(cell.milestones, 2);
        assert!(
            (cell.actual - 87.5).abs() < 1e-9,
            "weighted: (50 + 300) / 4"
        );
        assert_eq!(counts.done, 1);
        let total: usize = s.by_cell.values().map(|(r, _)| r.milestones).sum();
        assert_eq!(total, s.overall.milestones);
        assert_eq!(s.by_cell[&(20, 2)].1.overdue, 1);
    }
}
