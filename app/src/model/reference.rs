//! Reference data: the roadmap, its phases, pillars, domains and units, and the admin's forms and records for them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::model::Role;
use crate::domain::status::Thresholds;

/// A reference item named in both languages (pillar, domain, phase).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseInfo {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitInfo {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadmapInfo {
    pub name: String,
    pub county: String,
    pub start_year: i32,
    pub end_year: i32,
    pub is_sample: bool,
}

/// The vocabulary of filters and labels, loaded once per page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceData {
    pub roadmap: Option<RoadmapInfo>,
    pub phases: Vec<PhaseInfo>,
    pub pillars: Vec<Named>,
    pub domains: Vec<Named>,
    pub units: Vec<UnitInfo>,
}

impl ReferenceData {
    /// Units by id and name, as selects and lookups want them.
    pub fn unit_names(&self) -> Vec<(i64, String)> {
        self.units.iter().map(|u| (u.id, u.name.clone())).collect()
    }

    /// The ids a record may name, for validation: (units, pillars, domains).
    pub fn choice_ids(&self) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
        let ids = |list: &[Named]| list.iter().map(|n| n.id).collect();
        (
            self.units.iter().map(|u| u.id).collect(),
            ids(&self.pillars),
            ids(&self.domains),
        )
    }
}

/// One phase as the admin's phase form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseForm {
    pub id: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    pub start_date: String,
    pub end_date: String,
}

/// A unit (单位) as the admin's form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitForm {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
}

/// A new account as the admin's form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewUserForm {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    pub password: String,
    /// The units a liaison reports for, by name, separated by commas or 、.
    #[serde(default)]
    pub units: String,
}

/// Unit names as typed in one box: separated by commas (either width), 、 or semicolons.
pub fn split_unit_names(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A unit with everything the admin page edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Milestones and projects that name it: such a unit cannot be deleted.
    pub uses: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// The units a liaison reports for.
    pub units: Vec<String>,
}

/// What the admin's reference-data page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminData {
    pub reference: ReferenceData,
    pub units: Vec<UnitRecord>,
    pub users: Vec<UserRecord>,
    pub thresholds: Thresholds,
}
