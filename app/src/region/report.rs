//! `report.json`: what a county's 上报 package says of one month, for machines. The layout is
//! versioned (`schema_version`) and documented in `docs/package-schema.md`; a receiver reads
//! every version from [`OLDEST_SCHEMA`] to [`SCHEMA_VERSION`] and refuses any other.
//!
//! Amounts are decimal strings in 万元 with two decimals (`"1234.50"`), never floating point, so
//! the receiver's sums equal the county's to the fen. Percentages are numbers (0–100).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::report_sheet::{Amounts, ReportProject};

/// The layout this program writes. Version 1 had no `milestones`, `round`, `indicators` or
/// `activities`; version 2 added them; version 3 added `evidence`.
pub const SCHEMA_VERSION: u32 = 3;
/// The oldest layout this program still reads.
pub const OLDEST_SCHEMA: u32 = 1;

/// Whether this program reads packages of layout `version`.
pub fn is_known_schema(version: u32) -> bool {
    (OLDEST_SCHEMA..=SCHEMA_VERSION).contains(&version)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountyReport {
    pub schema_version: u32,
    pub county: String,
    /// 行政区划代码, six digits.
    pub region_code: String,
    /// The month reported, `2026-11`.
    #[serde(with = "period_code")]
    pub period: Period,
    /// The day the milestone figures are as of: the month's last day, or the day the package was
    /// made when that is earlier.
    pub as_of: NaiveDate,
    /// Whether the projects' figures are the month's locked baseline or the live registry.
    pub figures: FigureSource,
    pub overall: Progress,
    pub counts: Counts,
    /// Roll-ups by 五个一 pillar, by phase, and by pillar × phase (`None` on a side: all of it).
    pub rollups: Vec<RollupCell>,
    pub investment: Investment,
    /// The provincial sheet's rows, in its order.
    pub projects: Vec<PackageProject>,
    /// Since version 2.
    #[serde(default)]
    pub milestones: Vec<PackageMilestone>,
    /// The month's reporting round, where there is one. Since version 2.
    #[serde(default)]
    pub round: Option<RoundState>,
    /// The pinned indicators (指标) on the `as_of` day. Since version 2.
    #[serde(default)]
    pub indicators: Vec<PackageIndicator>,
    /// The activity ledger's records per type since 1 January (台账). Since version 2.
    #[serde(default)]
    pub activities: Vec<PackageActivity>,
    /// The month's evidence files (佐证材料), when the county chose to send them; each is a file
    /// of the package at `path`. Since version 3.
    #[serde(default)]
    pub evidence: Vec<PackageEvidence>,
}

/// An evidence file sent in the package: what it was attached to, and where it is in the zip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageEvidence {
    /// The file's name in the package, `evidence/0001-现场照片.jpg`.
    pub path: String,
    /// As uploaded at the county.
    pub file_name: String,
    pub content_type: String,
    pub bytes: u64,
    pub sha256: String,
    /// `milestone` or `project`: whose progress update it proves.
    pub about: String,
    /// The milestone's code and title, or the project's name.
    pub subject: String,
    /// The day of the progress update it is attached to.
    pub reported_on: NaiveDate,
}

/// An indicator and its value for the year; figures as decimal strings with two decimals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageIndicator {
    pub name: String,
    pub measure: String,
    pub year: i32,
    #[serde(with = "wan_opt")]
    pub value: Option<Wan>,
    #[serde(with = "wan_opt")]
    pub target: Option<Wan>,
}

/// How many records of one kind the activity ledger holds this year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageActivity {
    pub kind: String,
    pub measure: String,
    pub count: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureSource {
    /// The month is locked: its baseline figures, which no longer change.
    Locked,
    /// The month is not locked: the registry as it stood when the package was made.
    Live,
}

/// Weighted progress against 序时进度.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Weighted mean of recorded percent complete.
    pub actual: f64,
    /// Weighted mean of 序时进度.
    pub expected: f64,
    pub milestones: u64,
    pub completed: u64,
}

impl Progress {
    /// Percentage points ahead (positive) or behind (negative) 序时进度.
    pub fn gap(&self) -> f64 {
        self.actual - self.expected
    }
}

impl From<crate::domain::rollup::Rollup> for Progress {
    fn from(r: crate::domain::rollup::Rollup) -> Self {
        Progress {
            actual: r.actual,
            expected: r.expected,
            milestones: r.milestones as u64,
            completed: r.completed as u64,
        }
    }
}

/// Milestones by status on the `as_of` day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub done: u64,
    pub on_track: u64,
    /// 滞后
    pub behind: u64,
    /// 严重滞后
    pub critical: u64,
    /// Past due and not complete (some of `critical`).
    pub overdue: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollupCell {
    /// The pillar's Chinese name; `None`: every pillar.
    pub pillar: Option<String>,
    /// The phase's Chinese name; `None`: every phase.
    pub phase: Option<String>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// The county's investment: the dashboard's totals and the sheet's 合计.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Investment {
    pub major_projects: u64,
    pub information_projects: u64,
    /// 总投资 of the projects, as the dashboard counts them.
    #[serde(with = "wan")]
    pub total: Wan,
    /// 累计完成投资 up to the month, as the dashboard counts it.
    #[serde(with = "wan")]
    pub completed: Wan,
    /// The provincial sheet's 合计 row.
    pub sheet_total: PackageAmounts,
}

/// The amounts of a sheet row, a subtotal or the 合计.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageAmounts {
    #[serde(with = "wan")]
    pub total: Wan,
    #[serde(with = "wan")]
    pub central: Wan,
    #[serde(with = "wan")]
    pub province: Wan,
    #[serde(with = "wan")]
    pub city: Wan,
    #[serde(with = "wan")]
    pub county: Wan,
    /// 自筹 (社会资本)
    #[serde(with = "wan")]
    pub own: Wan,
    #[serde(with = "wan")]
    pub completed_before_year: Wan,
    #[serde(with = "wan")]
    pub planned_this_year: Wan,
    #[serde(with = "wan")]
    pub completed_this_year: Wan,
}

impl From<Amounts> for PackageAmounts {
    fn from(a: Amounts) -> Self {
        let [central, province, city, county, own] = a.funds;
        PackageAmounts {
            total: a.total,
            central,
            province,
            city,
            county,
            own,
            completed_before_year: a.completed_before_year,
            planned_this_year: a.planned_this_year,
            completed_this_year: a.completed_this_year,
        }
    }
}

impl From<PackageAmounts> for Amounts {
    fn from(a: PackageAmounts) -> Self {
        Amounts {
            total: a.total,
            funds: [a.central, a.province, a.city, a.county, a.own],
            completed_before_year: a.completed_before_year,
            planned_this_year: a.planned_this_year,
            completed_this_year: a.completed_this_year,
        }
    }
}

/// One project as the provincial sheet lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageProject {
    pub code: Option<String>,
    pub name: String,
    pub unit: String,
    pub location: String,
    /// 新建 / 续建 / 改扩建
    pub construction: String,
    pub pillar: Option<String>,
    pub content: String,
    pub start_year: i32,
    pub end_year: i32,
    pub amounts: PackageAmounts,
    /// 形象进度
    pub visible_progress: String,
    /// 存在问题
    pub problems: String,
    pub contact_name: String,
    pub contact_phone: String,
}

impl From<&ReportProject> for PackageProject {
    fn from(p: &ReportProject) -> Self {
        PackageProject {
            code: p.code.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            location: p.location.clone(),
            construction: p.construction_label().to_string(),
            pillar: p.pillar.clone(),
            content: p.content.clone(),
            start_year: p.start_year,
            end_year: p.end_year,
            amounts: p.amounts.into(),
            visible_progress: p.visible_progress.clone(),
            problems: p.problems.clone(),
            contact_name: p.contact_name.clone(),
            contact_phone: p.contact_phone.clone(),
        }
    }
}

impl PackageProject {
    /// The row for a sheet: 建设性质 read back from its label (续建 when the label is unknown,
    /// which only a hand-edited package could hold, and a hand-edited package fails its hashes).
    pub fn to_report_project(&self) -> ReportProject {
        let construction = crate::domain::report_sheet::construction_from_label(&self.construction)
            .unwrap_or(crate::domain::model::ConstructionType::Continuing);
        ReportProject {
            code: self.code.clone(),
            name: self.name.clone(),
            unit: self.unit.clone(),
            location: self.location.clone(),
            construction,
            pillar: self.pillar.clone(),
            content: self.content.clone(),
            start_year: self.start_year,
            end_year: self.end_year,
            amounts: self.amounts.into(),
            visible_progress: self.visible_progress.clone(),
            problems: self.problems.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageMilestone {
    pub code: Option<String>,
    pub title: String,
    pub unit: String,
    pub pillar: String,
    pub phase: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub weight: i64,
    pub percent: i64,
    /// 序时进度 on the `as_of` day.
    pub expected: f64,
    /// completed / on_track / behind / critical
    pub status: String,
}

/// The month's reporting round (填报) as it stood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundState {
    pub due: NaiveDate,
    pub closed: bool,
    pub units: u64,
    pub submitted: u64,
    pub accepted: u64,
    pub late: u64,
}

/// Amounts as decimal strings.
mod wan {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::money::Wan;

    pub fn serialize<S: Serializer>(amount: &Wan, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&amount.plain())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Wan, D::Error> {
        let text = String::deserialize(d)?;
        Wan::parse(&text).map_err(|_| serde::de::Error::custom(format!("not an amount: {text}")))
    }
}

/// Optional figures as decimal strings, `null` when there is none.
mod wan_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::money::Wan;

    pub fn serialize<S: Serializer>(amount: &Option<Wan>, s: S) -> Result<S::Ok, S::Error> {
        match amount {
            Some(amount) => s.serialize_str(&amount.plain()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Wan>, D::Error> {
        match Option::<String>::deserialize(d)? {
            // Wan::parse refuses a minus sign; a figure below zero is read as its digits negated.
            Some(text) => {
                let (negative, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, text.as_str()),
                };
                let value = Wan::parse(digits)
                    .map_err(|_| serde::de::Error::custom(format!("not a figure: {text}")))?;
                Ok(Some(if negative { Wan(-value.0) } else { value }))
            }
            None => Ok(None),
        }
    }
}

/// A month as `2026-11`.
mod period_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::period::Period;

    pub fn serialize<S: Serializer>(period: &Period, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&period.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(|_| serde::de::Error::custom(format!("not a month: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> CountyReport {
        CountyReport {
            schema_version: SCHEMA_VERSION,
            county: "示例县".into(),
            region_code: "339901".into(),
            period: Period::new(2026, 11).unwrap(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            figures: FigureSource::Live,
            overall: Progress {
                actual: 41.5,
                expected: 50.0,
                milestones: 10,
                completed: 2,
            },
            counts: Counts::default(),
            rollups: vec![],
            investment: Investment {
                total: Wan(12_345_678),
                ..Default::default()
            },
            projects: vec![],
            milestones: vec![],
            round: None,
            indicators: vec![PackageIndicator {
                name: "培训".into(),
                measure: "人次".into(),
                year: 2026,
                value: Some(Wan(-150)),
                target: None,
            }],
            activities: vec![],
            evidence: vec![],
        }
    }

    #[test]
    fn amounts_are_decimal_strings_and_read_back_to_the_fen() {
        let json = serde_json::to_string(&report()).unwrap();
        assert!(json.contains(r#""total":"123456.78""#), "{json}");
        assert!(json.contains(r#""period":"2026-11""#), "{json}");
        let back: CountyReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report());
    }

    #[test]
    fn a_version_1_report_without_milestones_or_round_still_reads() {
        let mut value = serde_json::to_value(report()).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("milestones");
        object.remove("round");
        object.remove("indicators");
        object.remove("activities");
        object.insert("schema_version".into(), 1.into());
        let back: CountyReport = serde_json::from_value(value).unwrap();
        assert_eq!(back.schema_version, 1);
        assert!(back.milestones.is_empty() && back.round.is_none());
        assert!(is_known_schema(1) && is_known_schema(SCHEMA_VERSION));
        assert!(!is_known_schema(SCHEMA_VERSION + 1) && !is_known_schema(0));
    }

    #[test]
    fn an_amount_with_three_decimals_is_refused() {
        let json = serde_json::to_string(&report())
            .unwrap()
            .replace("\"123456.78\"", "\"1.234\"");
        assert!(serde_json::from_str::<CountyReport>(&json).is_err());
    }
}
