//! Milestone dependencies form a directed graph that must stay free of cycles.

use std::collections::{HashMap, HashSet};

/// Whether adding the edge "`from` depends on `to`" to `edges` (pairs of milestone, depends-on)
/// would close a cycle, i.e. whether `to` already depends on `from`, directly or through others.
pub fn would_create_cycle(edges: &[(i64, i64)], from: i64, to: i64) -> bool {
    !closing_edges(edges, &[(from, to)]).is_empty()
}

/// Of `candidates` (edges among `edges`), those that lie on a cycle of `edges`: "m depends on
/// d" closes one when d depends on m, directly or through others. The graph is built once, so
/// checking a whole imported file costs one search per new edge.
pub fn closing_edges(edges: &[(i64, i64)], candidates: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut depends_on: HashMap<i64, Vec<i64>> = HashMap::new();
    for &(m, d) in edges {
        depends_on.entry(m).or_default().push(d);
    }
    candidates
        .iter()
        .filter(|(from, to)| {
            let mut seen = HashSet::new();
            let mut stack = vec![*to];
            while let Some(current) = stack.pop() {
                if current == *from {
                    return true;
                }
                if seen.insert(current) {
                    stack.extend(depends_on.get(&current).into_iter().flatten().copied());
                }
            }
            false
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{closing_edges, would_create_cycle};

    #[test]
    fn self_dependency_is_a_cycle() {
        assert!(would_create_cycle(&[], 1, 1));
    }

    #[test]
    fn direct_and_transitive_cycles_are_found() {
        // 2 depends on 1, 3 depends on 2.
        let edges = [(2, 1), (3, 2)];
        assert!(would_create_cycle(&edges, 1, 2), "1 → 2 → 1");
        assert!(would_create_cycle(&edges, 1, 3), "1 → 3 → 2 → 1");
        assert!(
            !would_create_cycle(&edges, 3, 1),
            "3 → 1 is already implied, no cycle"
        );
        assert!(!would_create_cycle(&edges, 4, 3));
    }

    #[test]
    fn diamonds_are_not_cycles() {
        let edges = [(2, 1), (3, 1), (4, 2), (4, 3)];
        assert!(!would_create_cycle(&edges, 5, 4));
        assert!(would_create_cycle(&edges, 1, 4));
    }

    #[test]
    fn only_edges_on_a_cycle_close_one() {
        // 2 → 1, 3 → 2, and the new 1 → 3 closes 1 → 3 → 2 → 1; 4 → 1 does not.
        let edges = [(2, 1), (3, 2), (1, 3), (4, 1)];
        assert_eq!(closing_edges(&edges, &[(1, 3), (4, 1)]), vec![(1, 3)]);
        assert!(closing_edges(&[(2, 1), (4, 1)], &[(4, 1)]).is_empty());
    }
}
