//! Weighted roll-ups of milestone progress to a pillar, a phase or the whole roadmap.

/// Weighted mean of `(weight, value)` pairs; `None` when there is no positive weight.
pub fn weighted_mean(items: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items
        .into_iter()
        .filter(|(w, _)| *w > 0.0)
        .fold((0.0, 0.0), |(sum, weights), (w, v)| {
            (sum + w * v, weights + w)
        });
    (weights > 0.0).then(|| sum / weights)
}

/// Actual and expected progress of a group of milestones.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rollup {
    /// Weighted mean of recorded percent complete.
    pub actual: f64,
    /// Weighted mean of 序时进度.
    pub expected: f64,
    pub milestones: usize,
    pub completed: usize,
}

/// Accumulates milestones one by one into a [`Rollup`].
#[derive(Clone, Copy, Debug, Default)]
pub struct RollupBuilder {
    weight: f64,
    actual: f64,
    expected: f64,
    milestones: usize,
    completed: usize,
}

impl RollupBuilder {
    pub fn add(&mut self, weight: f64, percent: f64, expected: f64) {
        self.milestones += 1;
        if percent >= 100.0 {
            self.completed += 1;
        }
        if weight > 0.0 {
            self.weight += weight;
            self.actual += weight * percent;
            self.expected += weight * expected;
        }
    }

    pub fn finish(self) -> Rollup {
        let mean = |sum: f64| {
            if self.weight > 0.0 {
                sum / self.weight
            } else {
                0.0
            }
        };
        Rollup {
            actual: mean(self.actual),
            expected: mean(self.expected),
            milestones: self.milestones,
            completed: self.completed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_weights_give_the_plain_mean() {
        assert_eq!(weighted_mean([(1.0, 20.0), (1.0, 60.0)]), Some(40.0));
    }

    #[test]
    fn heavier_milestones_count_more() {
        assert_eq!(weighted_mean([(3.0, 100.0), (1.0, 0.0)]), Some(75.0));
    }

    #[test]
    fn no_weight_means_no_figure() {
        assert_eq!(weighted_mean([]), None);
        assert_eq!(weighted_mean([(0.0, 50.0)]), None);
    }

    #[test]
    fn builder_counts_and_averages() {
        let mut b = RollupBuilder::default();
        b.add(1.0, 100.0, 100.0);
        b.add(3.0, 20.0, 60.0);
        let r = b.finish();
        assert_eq!(r.milestones, 2);
        assert_eq!(r.completed, 1);
        assert_eq!(r.actual, 40.0);
        assert_eq!(r.expected, 70.0);
    }

    #[test]
    fn empty_builder_is_zero() {
        assert_eq!(RollupBuilder::default().finish(), Rollup::default());
    }
}
