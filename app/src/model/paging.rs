//! Lists a page at a time: where a page sits in the whole list, and the columns a list sorts on.
//! Page, sort and direction live in the URL beside the filters (`?page=3&sort=title&desc=true`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Rows per page of every list.
pub const PAGE_SIZE: u32 = 50;

/// One page of a list: its number (1-based), its size, and the rows matching over all pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    pub page: u32,
    pub page_size: u32,
    pub total: i64,
}

impl PageInfo {
    /// The page the URL asks for (1 when missing or 0), moved back to the last page when the
    /// list is shorter than that: a bookmark to page 40 of a list that shrank shows its end.
    pub fn new(asked: Option<u32>, total: i64) -> PageInfo {
        let total = total.max(0);
        let pages = u32::try_from((total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE))
            .unwrap_or(u32::MAX)
            .max(1);
        PageInfo {
            page: asked.unwrap_or(1).clamp(1, pages),
            page_size: PAGE_SIZE,
            total,
        }
    }

    /// How many pages the list has (at least one, possibly empty).
    pub fn pages(&self) -> u32 {
        let size = i64::from(self.page_size.max(1));
        u32::try_from((self.total + size - 1) / size)
            .unwrap_or(u32::MAX)
            .max(1)
    }

    /// Rows before this page: the query's OFFSET.
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.page_size)
    }

    /// The 1-based numbers of the first and last row shown, or `None` on an empty list.
    pub fn rows_shown(&self, shown: usize) -> Option<(i64, i64)> {
        (shown > 0).then(|| (self.offset() + 1, self.offset() + shown as i64))
    }

    pub fn previous(&self) -> Option<u32> {
        (self.page > 1).then(|| self.page - 1)
    }

    pub fn next(&self) -> Option<u32> {
        (self.page < self.pages()).then(|| self.page + 1)
    }
}

/// A list's filter that also carries the list's sort and page (`sort`, `desc`, `page` in the URL),
/// so the list's links — headings, pager, filters — are all made the same way.
pub trait ListFilter: Clone + Serialize {
    type Sort: SortKey;
    /// The list's path: `/milestones`.
    const PATH: &'static str;
    /// The column sorted on, and whether from the largest down.
    fn sort(&self) -> (Option<Self::Sort>, bool);
    /// The same filter sorted on `key`, from its first page.
    fn sorted(&self, key: Self::Sort, descending: bool) -> Self;
    /// The same filter on page `page` (`None`: the first).
    fn on_page(&self, page: Option<u32>) -> Self;

    /// The list's URL for this filter.
    fn href(&self) -> String {
        let query = super::query::to_query(self);
        if query.is_empty() {
            Self::PATH.to_string()
        } else {
            format!("{}?{query}", Self::PATH)
        }
    }
}

/// A list's sortable columns: a stable code for the URL, and the list's default order.
pub trait SortKey: Copy + Eq + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
}

/// Reads a sort code from the URL.
fn sort_from_code<K: SortKey>(code: &str) -> Option<K> {
    K::ALL.iter().copied().find(|k| k.code() == code)
}

macro_rules! sort_keys {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl SortKey for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(code: &str) -> Result<Self, ()> {
                sort_from_code(code).ok_or(())
            }
        }
    };
}

sort_keys! {
    /// Columns of the milestone list. Without a choice it is ordered by due date.
    MilestoneSort {
        Title => "title",
        Phase => "phase",
        Pillar => "pillar",
        Unit => "unit",
        Due => "due",
        Progress => "progress",
        Status => "status",
        Weight => "weight",
    }
}

sort_keys! {
    /// Columns of the project registry. Without a choice major projects come first, then by
    /// start year.
    ProjectSort {
        Code => "code",
        Name => "name",
        Kind => "kind",
        Unit => "unit",
        Construction => "construction",
        Pillar => "pillar",
        Years => "years",
        Investment => "investment",
        Completed => "completed",
        Status => "status",
        Progress => "progress",
        Reported => "reported",
    }
}

sort_keys! {
    /// Columns of the problems list. Without a choice the newest come first.
    ProblemSort {
        Problem => "problem",
        Subject => "subject",
        Unit => "unit",
        Raised => "raised",
        Due => "due",
        Status => "status",
    }
}

sort_keys! {
    /// Columns of the audit journal. Without a choice the newest come first.
    JournalSort {
        Time => "time",
        User => "user",
        Record => "record",
        Field => "field",
        Old => "old",
        New => "new",
    }
}

sort_keys! {
    /// Columns of the security audit log. Without a choice the newest come first.
    SecuritySort {
        Time => "time",
        User => "user",
        Action => "action",
        Address => "address",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_shows_the_last_one() {
        let info = PageInfo::new(Some(40), 120);
        assert_eq!((info.page, info.pages()), (3, 3));
        assert_eq!(info.offset(), 100);
        assert_eq!(info.rows_shown(20), Some((101, 120)));
        assert_eq!((info.previous(), info.next()), (Some(2), None));
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let info = PageInfo::new(Some(0), 0);
        assert_eq!((info.page, info.pages(), info.offset()), (1, 1, 0));
        assert_eq!(info.rows_shown(0), None);
        assert_eq!((info.previous(), info.next()), (None, None));
    }

    #[test]
    fn pages_end_exactly_at_a_multiple_of_the_page_size() {
        let info = PageInfo::new(None, 100);
        assert_eq!((info.page, info.pages()), (1, 2));
        assert_eq!(info.next(), Some(2));
        assert_eq!(PageInfo::new(Some(2), 101).pages(), 3);
    }

    #[test]
    fn sort_codes_round_trip_and_unknown_ones_are_refused() {
        for key in MilestoneSort::ALL {
            assert_eq!(key.code().parse::<MilestoneSort>(), Ok(*key));
        }
        assert_eq!(
            "completed".parse::<ProjectSort>(),
            Ok(ProjectSort::Completed)
        );
        assert!("salary".parse::<ProjectSort>().is_err());
    }
}
