//! Saved views (我的视图) of the milestone list: the columns a list shows, and a person's named
//! filters + columns + sort, kept as the list's query string so a view is also a plain link.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::filters::MilestoneFilter;
use super::paging::ListFilter;

/// The milestone list's optional columns (the title is always shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MilestoneColumn {
    Code,
    Phase,
    Pillar,
    Unit,
    Dates,
    Weight,
    Progress,
    Status,
}

impl MilestoneColumn {
    /// In the order the table shows them.
    pub const ALL: [MilestoneColumn; 8] = [
        MilestoneColumn::Code,
        MilestoneColumn::Phase,
        MilestoneColumn::Pillar,
        MilestoneColumn::Unit,
        MilestoneColumn::Dates,
        MilestoneColumn::Weight,
        MilestoneColumn::Progress,
        MilestoneColumn::Status,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            MilestoneColumn::Code => "code",
            MilestoneColumn::Phase => "phase",
            MilestoneColumn::Pillar => "pillar",
            MilestoneColumn::Unit => "unit",
            MilestoneColumn::Dates => "dates",
            MilestoneColumn::Weight => "weight",
            MilestoneColumn::Progress => "progress",
            MilestoneColumn::Status => "status",
        }
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The columns a list shows, written in the URL as their codes joined by dots
/// (`?cols=phase.unit.status`); without `cols` the list shows [`ColumnSet::DEFAULT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ColumnSet(u16);

impl ColumnSet {
    /// Every column but the weight, which planners add when they balance a plan.
    pub const DEFAULT: ColumnSet = ColumnSet(
        MilestoneColumn::Code.bit()
            | MilestoneColumn::Phase.bit()
            | MilestoneColumn::Pillar.bit()
            | MilestoneColumn::Unit.bit()
            | MilestoneColumn::Dates.bit()
            | MilestoneColumn::Progress.bit()
            | MilestoneColumn::Status.bit(),
    );

    pub fn shows(self, column: MilestoneColumn) -> bool {
        self.0 & column.bit() != 0
    }

    /// The same set with `column` shown if it was hidden, hidden if it was shown.
    pub fn toggled(self, column: MilestoneColumn) -> ColumnSet {
        ColumnSet(self.0 ^ column.bit())
    }
}

impl Default for ColumnSet {
    fn default() -> Self {
        ColumnSet::DEFAULT
    }
}

impl fmt::Display for ColumnSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = MilestoneColumn::ALL
            .into_iter()
            .filter(|c| self.shows(*c))
            .map(MilestoneColumn::code)
            .collect();
        // No column at all still needs a word, or the URL would mean "the default".
        if codes.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&codes.join("."))
        }
    }
}

impl FromStr for ColumnSet {
    type Err = ();
    /// Unknown codes are skipped, so a link from a later version still opens.
    fn from_str(text: &str) -> Result<Self, ()> {
        let bits = text
            .split('.')
            .filter_map(|code| MilestoneColumn::ALL.into_iter().find(|c| c.code() == code))
            .fold(0, |bits, c| bits | c.bit());
        Ok(ColumnSet(bits))
    }
}

/// A person's saved view of the milestone list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The list's query string (filters, columns, sort; never a page), as [`view_query`] wrote it.
    pub query: String,
    /// The one the navigation's 里程碑 opens.
    pub is_default: bool,
}

impl SavedView {
    pub fn filter(&self) -> MilestoneFilter {
        super::query::parse(&self.query)
    }

    /// The view as a link anyone who may read the list can open.
    pub fn href(&self) -> String {
        milestone_list_href(&self.query)
    }
}

/// The milestone list for a query string, as its filter reads and writes it: only what the list
/// understands, and never anywhere but the list (a view, a form's way back).
pub fn milestone_list_href(query: &str) -> String {
    super::query::parse::<MilestoneFilter>(query).href()
}

/// What a view keeps of a list's URL: its filters, columns and sort, in the list's own spelling,
/// without the page it was on.
pub fn view_query(filter: &MilestoneFilter) -> String {
    super::query::to_query(&filter.on_page(None))
}

/// What the "save as view" form submits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedViewForm {
    pub name: String,
    /// The list's query string as the page showed it.
    #[serde(default)]
    pub query: String,
    /// A checkbox: present (any value) when ticked.
    #[serde(default)]
    pub make_default: Option<String>,
}

/// A person's saved views, and whether they may keep more.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedViews {
    pub views: Vec<SavedView>,
    pub max: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{query, MilestoneSort};

    #[test]
    fn columns_round_trip_through_the_url_and_default_when_absent() {
        let filter: MilestoneFilter = query::parse("?cols=unit.weight.bogus&pillar=2");
        let cols = filter.cols.unwrap_or_default();
        assert!(cols.shows(MilestoneColumn::Unit) && cols.shows(MilestoneColumn::Weight));
        assert!(!cols.shows(MilestoneColumn::Phase));
        assert_eq!(query::to_query(&filter), "pillar=2&cols=unit.weight");
        let none: MilestoneFilter = query::parse("?cols=none");
        assert_eq!(
            none.cols,
            Some(ColumnSet(0)),
            "no column is not the default"
        );
        let plain: MilestoneFilter = query::parse("");
        assert_eq!(plain.cols.unwrap_or_default(), ColumnSet::DEFAULT);
        assert!(!ColumnSet::DEFAULT.shows(MilestoneColumn::Weight));
        assert!(ColumnSet::DEFAULT
            .toggled(MilestoneColumn::Weight)
            .shows(MilestoneColumn::Weight));
    }

    #[test]
    fn a_view_keeps_filters_columns_and_sort_but_not_the_page() {
        let filter: MilestoneFilter =
            query::parse("?unit=4&status=red&cols=title.unit&sort=due&desc=true&page=3");
        let kept = view_query(&filter);
        assert_eq!(kept, "unit=4&status=red&cols=unit&sort=due&desc=true");
        let view = SavedView {
            id: 1,
            name: "红灯".into(),
            query: kept,
            is_default: false,
        };
        assert_eq!(view.filter().sort, Some(MilestoneSort::Due));
        assert_eq!(view.filter().page, None);
        assert_eq!(
            view.href(),
            "/milestones?unit=4&status=red&cols=unit&sort=due&desc=true"
        );
    }
}
