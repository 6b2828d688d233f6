//! Pure domain rules of the county programme: no I/O, no framework types.
//! Everything here compiles for the server and for the browser, and is unit-tested.

pub mod access;
pub mod activities;
pub mod activity_sheet;
pub mod baseline;
pub mod bulk_edit;
pub mod burnup;
pub mod dates;
pub mod dependency_check;
pub mod evidence;
pub mod graph;
pub mod import_plan;
pub mod import_sheet;
pub mod indicators;
pub mod journal;
pub mod milestone_code;
pub mod milestone_rules;
pub mod model;
pub mod money;
pub mod password_rules;
pub mod period;
pub mod plan_sheet;
pub mod problem;
pub mod project_code;
pub mod project_rules;
pub mod reference_rules;
pub mod report_doc;
pub mod report_sheet;
pub mod rollup;
pub mod rounds;
pub mod schedule;
pub mod search;
pub mod sheet_header;
pub mod status;
pub mod summary;
pub mod timeline;
pub mod validate;
pub mod work_summary;

/// What the domain's unit tests share: a small sample county's reference data.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::NaiveDate;

    use super::milestone_rules::MilestoneDraft;
    use crate::model::{Named, PhaseInfo, ReferenceData, RoadmapInfo, UnitInfo};

    pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A 2023–2027 roadmap with one phase (1), two pillars (10, 11), one domain (20) and one
    /// unit (30).
    pub fn reference() -> ReferenceData {
        let named = |id: i64, zh: &str, en: &str| Named {
            id,
            name_zh: zh.into(),
            name_en: en.into(),
        };
        ReferenceData {
            roadmap: Some(RoadmapInfo {
                name: "示例县".into(),
                county: "示例县".into(),
                start_year: 2023,
                end_year: 2027,
                is_sample: true,
            }),
            phases: vec![PhaseInfo {
                id: 1,
                name_zh: "一年起势".into(),
                name_en: "Momentum".into(),
                start_date: d(2023, 1, 1),
                end_date: d(2023, 12, 31),
            }],
            pillars: vec![named(10, "一朵云", "Cloud"), named(11, "一张网", "Network")],
            domains: vec![named(20, "数字政府", "Government")],
            units: vec![UnitInfo {
                id: 30,
                name: "县大数据中心".into(),
            }],
        }
    }

    /// A milestone of [`reference`]: phase 1, pillar 10, unit 30, March to September 2023.
    pub fn draft(title: &str) -> MilestoneDraft {
        MilestoneDraft {
            title: title.into(),
            description: String::new(),
            phase_id: 1,
            pillar_id: 10,
            domain_id: None,
            unit_id: 30,
            start_date: d(2023, 3, 1),
            due_date: d(2023, 9, 30),
            weight: 2,
        }
    }
}
