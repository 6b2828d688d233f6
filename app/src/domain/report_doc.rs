//! The 工作总结 as a document: its period, its sections (the keys planners' narratives hang on)
//! and the blocks it is made of. No I/O: the builder fills it, the DOCX writer lays it out.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The longest period a report covers.
const MAX_YEARS: u32 = 5;

/// The days a report covers, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The usual periods of a 工作总结.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    FirstHalf,
    FirstThreeQuarters,
    WholeYear,
    /// Any other range.
    Range,
}

impl ReportPeriod {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<ReportPeriod, Problem> {
        let limit = from.checked_add_months(Months::new(12 * MAX_YEARS));
        if to < from || limit.is_none_or(|limit| to >= limit) {
            return Err(Problem::ReportPeriod);
        }
        Ok(ReportPeriod { from, to })
    }

    fn of_year(year: i32, last_month: u32) -> Option<ReportPeriod> {
        let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let to = NaiveDate::from_ymd_opt(year, last_month, 1)?
            .checked_add_months(Months::new(1))?
            .pred_opt()?;
        Some(ReportPeriod { from, to })
    }

    pub fn first_half(year: i32) -> Option<ReportPeriod> {
        Self::of_year(year, 6)
    }

    pub fn first_three_quarters(year: i32) -> Option<ReportPeriod> {
        Self::of_year(year, 9)
    }

    pub fn whole_year(year: i32) -> Option<ReportPeriod> {
        Self::of_year(year, 12)
    }

    pub fn kind(self) -> PeriodKind {
        let year = self.from.year();
        if Self::first_half(year) == Some(self) {
            PeriodKind::FirstHalf
        } else if Self::first_three_quarters(year) == Some(self) {
            PeriodKind::FirstThreeQuarters
        } else if Self::whole_year(year) == Some(self) {
            PeriodKind::WholeYear
        } else {
            PeriodKind::Range
        }
    }

    /// The period the 下一步工作计划 looks at: the rest of the year after a half or three
    /// quarters, the next year after a year, otherwise as long again.
    pub fn next(self) -> ReportPeriod {
        let year = self.from.year();
        let rest_of_year = |from: NaiveDate| ReportPeriod {
            from,
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(from),
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        match self.kind() {
            PeriodKind::FirstHalf | PeriodKind::FirstThreeQuarters => rest_of_year(after),
            PeriodKind::WholeYear => Self::whole_year(year + 1).unwrap_or(self),
            PeriodKind::Range => ReportPeriod {
                from: after,
                to: after + (self.to - self.from),
            },
        }
    }
}

/// A part of the report a planner's narrative can go before or after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Section {
    /// 一、工作开展情况, as a whole.
    Work,
    /// （一）总体进展.
    Overall,
    /// One pillar's part of 工作开展情况.
    Pillar(i64),
    Projects,
    Indicators,
    Activities,
    /// 二、存在的问题.
    Problems,
    /// 三、下一步工作计划.
    Plan,
}

impl Section {
    pub fn code(self) -> String {
        match self {
            Self::Work => "work".into(),
            Self::Overall => "overall".into(),
            Self::Pillar(id) => format!("pillar:{id}"),
            Self::Projects => "projects".into(),
            Self::Indicators => "indicators".into(),
            Self::Activities => "activities".into(),
            Self::Problems => "problems".into(),
            Self::Plan => "plan".into(),
        }
    }

    /// 1 for the report's parts (一、), 2 for the sections within 工作开展情况 (（一）).
    pub fn level(self) -> u8 {
        match self {
            Self::Work | Self::Problems | Self::Plan => 1,
            _ => 2,
        }
    }

    pub fn from_code(code: &str) -> Option<Section> {
        Some(match code {
            "work" => Self::Work,
            "overall" => Self::Overall,
            "projects" => Self::Projects,
            "indicators" => Self::Indicators,
            "activities" => Self::Activities,
            "problems" => Self::Problems,
            "plan" => Self::Plan,
            other => Self::Pillar(other.strip_prefix("pillar:")?.parse().ok()?),
        })
    }
}

/// Where a narrative goes: before or after the generated block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Position {
    Before,
    After,
}

impl Position {
    pub fn code(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::After => "after",
        }
    }

    pub fn from_code(code: &str) -> Option<Position> {
        match code {
            "before" => Some(Self::Before),
            "after" => Some(Self::After),
            _ => None,
        }
    }
}

/// A table with a header row and, when its figures add up, a 合计 row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
    /// Relative column widths.
    pub widths: Vec<u32>,
}

/// One block of the document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Title(String),
    /// 一级 "一、" (1), 二级 "（一）" (2), 三级 "1." (3); the number is part of the text.
    Heading(u8, String),
    Paragraph(String),
    Table(Table),
    /// A dashboard chart by key, with its caption.
    Chart {
        key: String,
        caption: String,
    },
    /// The issuing body and date, right-aligned at the end.
    Signature {
        body: String,
        date: String,
    },
}

/// A document ready to lay out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportDocument {
    pub blocks: Vec<Block>,
}

impl ReportDocument {
    /// The chart keys the document shows, in order.
    pub fn chart_keys(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Chart { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect()
    }

    /// All text, a block a line (what a reader of the document would see).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Title(t) | Block::Heading(_, t) | Block::Paragraph(t) => out.push_str(t),
                Block::Table(table) => {
                    for row in std::iter::once(&table.head)
                        .chain(&table.rows)
                        .chain(table.total.as_ref())
                    {
                        out.push_str(&row.join("\t"));
                        out.push('\n');
                    }
                }
                Block::Chart { caption, .. } => out.push_str(caption),
                Block::Signature { body, date } => {
                    out.push_str(body);
                    out.push('\n');
                    out.push_str(date);
                }
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_usual_periods_are_recognised_and_followed() {
        let half = ReportPeriod::first_half(2026).unwrap();
        assert_eq!(
            half,
            ReportPeriod::new(d(2026, 1, 1), d(2026, 6, 30)).unwrap()
        );
        assert_eq!(half.kind(), PeriodKind::FirstHalf);
        assert_eq!(
            half.next(),
            ReportPeriod::new(d(2026, 7, 1), d(2026, 12, 31)).unwrap()
        );
        let year = ReportPeriod::whole_year(2026).unwrap();
        assert_eq!(year.next(), ReportPeriod::whole_year(2027).unwrap());
        let range = ReportPeriod::new(d(2026, 3, 1), d(2026, 3, 10)).unwrap();
        assert_eq!(range.kind(), PeriodKind::Range);
        assert_eq!(range.next().from, d(2026, 3, 11));
        assert_eq!(range.next().to, d(2026, 3, 20));
    }

    #[test]
    fn a_period_must_run_forwards_and_stay_within_five_years() {
        assert_eq!(
            ReportPeriod::new(d(2026, 6, 30), d(2026, 1, 1)),
            Err(Problem::ReportPeriod)
        );
        assert!(ReportPeriod::new(d(2021, 1, 1), d(2025, 12, 31)).is_ok());
        assert!(ReportPeriod::new(d(2021, 1, 1), d(2026, 1, 1)).is_err());
    }

    #[test]
    fn section_keys_round_trip() {
        for section in [Section::Work, Section::Pillar(3), Section::Plan] {
            assert_eq!(Section::from_code(&section.code()), Some(section));
        }
        assert_eq!(Section::from_code("pillar:x"), None);
        assert_eq!(Section::from_code("elsewhere"), None);
    }
}
