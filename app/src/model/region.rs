//! The region's pages (issue 19): its counties side by side for a month, and one county's
//! package as reported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::status::Status;

/// Investment figures of a county, or of the region.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionAmounts {
    pub total: Wan,
    /// 中央, 省, 市, 县, 自筹.
    pub funds: [Wan; 5],
    pub planned_this_year: Wan,
    pub completed_this_year: Wan,
}

/// One pillar of one county: weighted progress against 序时进度.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionCell {
    pub actual: f64,
    pub expected: f64,
    pub milestones: i64,
    pub status: Status,
}

/// A county that reported for the month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionCountyRow {
    /// 1 for the county furthest ahead of 序时进度; equal gaps share a rank.
    pub rank: usize,
    pub name: String,
    pub code: String,
    pub actual: f64,
    pub expected: f64,
    pub status: Status,
    pub milestones: i64,
    /// 滞后 and 严重滞后 milestones.
    pub behind: i64,
    pub projects: i64,
    pub amounts: RegionAmounts,
    /// By pillar, in [`RegionOverview::pillars`]' order; `None` where the county has none.
    pub cells: Vec<Option<RegionCell>>,
    pub sequence: i64,
    pub generated_at: String,
    /// Earlier packages of the month it superseded.
    pub earlier: i64,
}

/// A county registered here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredCounty {
    pub name: String,
    pub code: String,
    pub fingerprint: String,
    /// Its enabled channels (robots, e-mail) that 催报 goes through.
    pub channels: i64,
}

/// A registered county with no package for the month, and how it was chased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreportedCounty {
    pub name: String,
    pub code: String,
    pub channels: i64,
    /// 催报 sent for the month (by a person or the schedule).
    pub reminders: i64,
    pub last_reminded: Option<i64>,
}

/// The region dashboard of a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionOverview {
    pub period: Period,
    /// The day the month's packages are due by.
    pub due: NaiveDate,
    /// Every registered county, by code.
    pub registered: Vec<RegisteredCounty>,
    /// The pillars reported, in the 五个一 order.
    pub pillars: Vec<String>,
    /// The counties that reported, ranked.
    pub rows: Vec<RegionCountyRow>,
    /// Registered counties with no package for the month.
    pub missing: Vec<UnreportedCounty>,
    pub total: RegionAmounts,
    pub projects: i64,
}

/// A project as a county's package listed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionProject {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub pillar: String,
    pub total: Wan,
    pub completed_this_year: Wan,
    pub visible_progress: String,
    pub problems: String,
}

/// An evidence file a county's package carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RegionEvidence {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    /// `milestone` or `project`.
    pub about: String,
    pub subject: String,
    pub reported_on: NaiveDate,
}

/// What a county's current package of the month says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionReported {
    pub as_of: NaiveDate,
    /// The month's figures were locked at the county.
    pub locked: bool,
    pub sequence: i64,
    pub generated_at: String,
    /// (actual, expected)
    pub overall: (f64, f64),
    /// (pillar, phase, actual, expected, milestones); "" on a side for all of it.
    pub rollups: Vec<(String, String, f64, f64, i64)>,
    pub total: RegionAmounts,
    pub projects: Vec<RegionProject>,
    pub page: super::PageInfo,
    /// The evidence files it carried, if any.
    pub evidence: Vec<RegionEvidence>,
}

/// One county for a month: its package as reported, if any, and every package it sent for the
/// month: (number, made at, imported by, current).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionCountyDetail {
    pub name: String,
    pub code: String,
    pub period: Period,
    pub reported: Option<RegionReported>,
    pub history: Vec<(i64, String, String, bool)>,
}

crate::model::query::url_filter! {
    /// `/region?period=2026-11`: the month shown (none: the newest any county reported), what
    /// the last upload did (`notice`, with `refused` when it was refused), and what the last
    /// 催报 did (`reminded` counties reached, `unreachable` ones with no channel).
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RegionFilter {
        pub period: Option<Period>,
        pub notice: Option<String>,
        pub refused: bool,
        pub reminded: Option<u32>,
        pub unreachable: Option<u32>,
    }
}

impl RegionFilter {
    /// The region page this filter shows.
    pub fn href(&self) -> String {
        let query = crate::model::query::to_query(self);
        if query.is_empty() {
            "/region".to_string()
        } else {
            format!("/region?{query}")
        }
    }
}

crate::model::query::url_filter! {
    /// `/region/339901?period=2026-11&page=2`
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RegionCountyFilter {
        pub period: Option<Period>,
        pub page: Option<u32>,
    }
}

/// The region page: the month's dashboard and the months there are packages for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionPage {
    pub overview: RegionOverview,
    /// Months with at least one package, newest first.
    pub periods: Vec<Period>,
    /// The heatmap, drawn on the server (SVG).
    pub heatmap: String,
    /// The reader may upload packages.
    pub can_import: bool,
    /// The reader may register counties and set their channels and due day (admins).
    pub can_register: bool,
}

/// This instance's identity as a county, for the admin and reporting pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageIdentity {
    pub county: String,
    pub region_code: Option<String>,
    pub public_key: String,
    pub fingerprint: String,
    pub packages_signed: i64,
    /// Where packages are pushed over HTTPS, if set.
    pub push_url: Option<String>,
}
