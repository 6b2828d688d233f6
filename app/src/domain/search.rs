//! Search (搜索) without the database: what a query may be, how it is turned into the index's
//! terms, and how a match is shown. The index (migration 0016) holds every text as its
//! overlapping pairs of characters, so any part of a Chinese text two characters or longer is
//! found without a dictionary; a query is the phrase of its own pairs, made here by the same
//! rule the index uses (ASCII letters lower-cased, characters taken two at a time).

use serde::{Deserialize, Serialize};

/// Fewer characters than this find too much to be useful, and are not indexed alone.
pub const MIN_CHARS: usize = 2;
/// A query is a few words, not a paragraph.
pub const MAX_CHARS: usize = 50;

/// What a search can find. The number is the kind's part of a document's key in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SearchKind {
    Unit,
    Milestone,
    Project,
    Problem,
    Activity,
    MilestoneProgress,
    ProjectProgress,
}

impl SearchKind {
    /// In the order the results page shows them: the things people name first, notes last.
    pub const ALL: [SearchKind; 7] = [
        SearchKind::Unit,
        SearchKind::Milestone,
        SearchKind::Project,
        SearchKind::Problem,
        SearchKind::Activity,
        SearchKind::MilestoneProgress,
        SearchKind::ProjectProgress,
    ];

    /// The kind's number in the index (see migration 0016).
    pub fn number(self) -> i64 {
        match self {
            SearchKind::Milestone => 1,
            SearchKind::Project => 2,
            SearchKind::Problem => 3,
            SearchKind::MilestoneProgress => 4,
            SearchKind::Unit => 5,
            SearchKind::Activity => 6,
            SearchKind::ProjectProgress => 7,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SearchKind::Unit => "unit",
            SearchKind::Milestone => "milestone",
            SearchKind::Project => "project",
            SearchKind::Problem => "problem",
            SearchKind::Activity => "activity",
            SearchKind::MilestoneProgress => "milestone_progress",
            SearchKind::ProjectProgress => "project_progress",
        }
    }
}

impl std::str::FromStr for SearchKind {
    type Err = ();

    fn from_str(code: &str) -> Result<SearchKind, ()> {
        SearchKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or(())
    }
}

impl std::fmt::Display for SearchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a query cannot be searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryProblem {
    TooShort,
    TooLong,
}

/// The query as searched: trimmed, runs of white space as one space, 2–50 characters.
pub fn clean_query(text: &str) -> Result<String, QueryProblem> {
    let query = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match query.chars().count() {
        n if n < MIN_CHARS => Err(QueryProblem::TooShort),
        n if n > MAX_CHARS => Err(QueryProblem::TooLong),
        _ => Ok(query),
    }
}

/// A text as the index holds it: its pairs of characters, ASCII letters lower-cased, separated
/// by spaces ("政务云" → "政务 务云"); a single character stands for itself.
pub fn grams(text: &str) -> String {
    let chars: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    if chars.len() < 2 {
        return chars.into_iter().collect();
    }
    chars
        .windows(2)
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The query as an FTS5 phrase of its pairs, each with `prefix` (the index's kind and part of
/// a document, `1t`: a milestone's title), double quotes inside doubled as FTS5 wants.
pub fn fts_phrase(query: &str, prefix: &str) -> String {
    let terms: Vec<String> = grams(query)
        .split(' ')
        .map(|gram| format!("{prefix}{gram}"))
        .collect();
    format!("\"{}\"", terms.join(" ").replace('"', "\"\""))
}

/// A text cut into runs that match the query (true) and runs that do not, matching as the
/// index does: ASCII letters in any case.
pub fn marked(text: &str, query: &str) -> Vec<(String, bool)> {
    let fold = |s: &str| -> Vec<char> { s.chars().map(|c| c.to_ascii_lowercase()).collect() };
    let (haystack, needle) = (fold(text), fold(query));
    let original: Vec<char> = text.chars().collect();
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |run: &[char], hit: bool| {
        if run.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((last, last_hit)) if *last_hit == hit => last.extend(run),
            _ => runs.push((run.iter().collect(), hit)),
        }
    };
    let mut at = 0;
    let mut plain_from = 0;
    while !needle.is_empty() && at + needle.len() <= haystack.len() {
        if haystack[at..at + needle.len()] == needle[..] {
            push(&original[plain_from..at], false);
            push(&original[at..at + needle.len()], true);
            at += needle.len();
            plain_from = at;
        } else {
            at += 1;
        }
    }
    push(&original[plain_from..], false);
    runs
}

/// The part of a long text around its first match, about `width` characters, with "…" where
/// it was cut; the whole text when it is short or has no match.
pub fn excerpt(text: &str, query: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width {
        return text.to_string();
    }
    let folded: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let needle: Vec<char> = query.chars().map(|c| c.to_ascii_lowercase()).collect();
    let first = (0..folded.len().saturating_sub(needle.len().saturating_sub(1)))
        .find(|&i| folded[i..].starts_with(&needle))
        .unwrap_or(0);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let start = end.saturating_sub(width);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_two_to_fifty_characters_of_tidy_text() {
        assert_eq!(clean_query("  政务   云 "), Ok("政务 云".to_string()));
        assert_eq!(clean_query("网"), Err(QueryProblem::TooShort));
        assert_eq!(clean_query(" "), Err(QueryProblem::TooShort));
        assert_eq!(clean_query(&"数".repeat(51)), Err(QueryProblem::TooLong));
        assert!(clean_query(&"数".repeat(50)).is_ok());
    }

    #[test]
    fn texts_become_pairs_of_characters_as_the_index_holds_them() {
        assert_eq!(grams("政务云"), "政务 务云");
        assert_eq!(grams("YW-2025"), "yw w- -2 20 02 25");
        assert_eq!(grams("云"), "云");
        assert_eq!(fts_phrase("政务云", "1t"), "\"1t政务 1t务云\"");
        assert_eq!(fts_phrase("a\"b", "4b"), "\"4ba\"\" 4b\"\"b\"");
        for kind in SearchKind::ALL {
            assert_eq!(kind.code().parse(), Ok(kind));
        }
    }

    #[test]
    fn matches_are_marked_in_any_ascii_case() {
        assert_eq!(
            marked("县政务云与政务网", "政务"),
            vec![
                ("县".to_string(), false),
                ("政务".to_string(), true),
                ("云与".to_string(), false),
                ("政务".to_string(), true),
                ("网".to_string(), false),
            ]
        );
        assert_eq!(
            marked("Cloud cloud", "CLOUD"),
            vec![
                ("Cloud".to_string(), true),
                (" ".to_string(), false),
                ("cloud".to_string(), true),
            ]
        );
        assert_eq!(marked("无关", "政务"), vec![("无关".to_string(), false)]);
    }

    #[test]
    fn a_long_text_is_cut_around_its_first_match() {
        let text = format!("{}政务云{}", "甲".repeat(100), "乙".repeat(100));
        let cut = excerpt(&text, "政务", 30);
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert!(cut.contains("政务云"));
        assert_eq!(cut.chars().count(), 32);
        assert_eq!(excerpt("短文本", "文本", 30), "短文本");
    }
}
