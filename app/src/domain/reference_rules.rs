//! Rules for the reference data admins edit: phases that follow each other without gaps or
//! overlaps, status thresholds, units, pillar and domain names.

use chrono::NaiveDate;

use super::problem::{Label, Problem};
use super::status::Thresholds;
use super::validate::{roadmap_span, FieldErrors};
use crate::model::{PhaseForm, UnitForm};

/// A phase that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseDraft {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// Field name of phase `index`'s `part`, e.g. `phase1_start_date`.
pub fn phase_field(index: usize, part: &str) -> String {
    format!("phase{index}_{part}")
}

/// All phases of the roadmap at once: every existing phase exactly once, each inside the
/// roadmap's years, and, in date order, each starting the day after the previous one ends.
pub fn validate_phases(
    forms: &[PhaseForm],
    existing_ids: &[i64],
    roadmap_years: (i32, i32),
) -> Result<Vec<PhaseDraft>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut drafts = Vec::new();
    for (i, form) in forms.iter().enumerate() {
        let name_zh = e.required_text(
            &phase_field(i, "name_zh"),
            Label::PhaseName,
            &form.name_zh,
            50,
        );
        let name_en = e.optional_text(
            &phase_field(i, "name_en"),
            Label::NameEn,
            &form.name_en,
            100,
        );
        let start = e.required_date(
            &phase_field(i, "start_date"),
            Label::StartDate,
            &form.start_date,
        );
        let end = e.required_date(&phase_field(i, "end_date"), Label::EndDate, &form.end_date);
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                e.add(
                    &phase_field(i, "end_date"),
                    Problem::Before {
                        later: Label::EndDate,
                        earlier: Label::StartDate,
                    },
                );
            }
        }
        if let Some((first, last)) = roadmap_span(roadmap_years.0, roadmap_years.1) {
            e.within(
                &phase_field(i, "start_date"),
                Label::StartDate,
                start,
                first,
                last,
            );
            e.within(
                &phase_field(i, "end_date"),
                Label::EndDate,
                end,
                first,
                last,
            );
        }
        let id = form
            .id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| existing_ids.contains(id));
        if id.is_none() {
            e.add(&phase_field(i, "name_zh"), Problem::PhaseMissing);
        }
        if let (Some(id), Some(start_date), Some(end_date)) = (id, start, end) {
            drafts.push((
                i,
                PhaseDraft {
                    id,
                    name_zh,
                    name_en,
                    start_date,
                    end_date,
                },
            ));
        }
    }
    let mut ids: Vec<i64> = drafts.iter().map(|(_, d)| d.id).collect();
    ids.sort_unstable();
    ids.dedup();
    if e.is_empty() && (ids.len() != existing_ids.len() || forms.len() != existing_ids.len()) {
        e.add(&phase_field(0, "name_zh"), Problem::PhasesChanged);
    }
    drafts.sort_by_key(|(_, d)| d.start_date);
    for pair in drafts.windows(2) {
        let ((_, previous), (i, next)) = (&pair[0], &pair[1]);
        let expected = previous.end_date.succ_opt();
        if Some(next.start_date) != expected {
            e.add(
                &phase_field(*i, "start_date"),
                Problem::PhasesNotAdjacent {
                    phase: next.name_zh.clone(),
                    previous: previous.name_zh.clone(),
                    overlap: next.start_date <= previous.end_date,
                    expected_start: expected,
                },
            );
        }
    }
    e.into_result(drafts.into_iter().map(|(_, d)| d).collect())
}

/// Status thresholds in whole points: 0 < yellow < red ≤ 100.
pub fn validate_thresholds(yellow: &str, red: &str) -> Result<Thresholds, FieldErrors> {
    let mut e = FieldErrors::default();
    let y = e.integer_in("yellow_points", Label::YellowPoints, yellow, 1, 99);
    let r = e.integer_in("red_points", Label::RedPoints, red, 2, 100);
    if let (Some(y), Some(r)) = (y, r) {
        if r <= y {
            e.add("red_points", Problem::RedNotAboveYellow);
        }
    }
    match (y, r) {
        (Some(y), Some(r)) => e.into_result(Thresholds {
            yellow_points: y as f64,
            red_points: r as f64,
        }),
        _ => Err(e),
    }
}

/// The kinds of unit, by code; `Locale::unit_kind` names them.
pub const UNIT_KINDS: [&str; 4] = ["department", "town", "company", "other"];

/// A unit that passed validation (uniqueness of the name is checked against the database).
pub fn validate_unit(form: &UnitForm) -> Result<UnitForm, FieldErrors> {
    let mut e = FieldErrors::default();
    let name = e.required_text("name", Label::UnitName, &form.name, 100);
    let kind = form.kind.trim().to_string();
    if !UNIT_KINDS.contains(&kind.as_str()) {
        e.add("kind", Problem::Choose(Label::UnitKind));
    }
    let (contact_name, contact_phone) = e.contact(&form.contact_name, &form.contact_phone);
    e.into_result(UnitForm {
        name,
        kind,
        contact_name,
        contact_phone,
    })
}

/// A pillar's or domain's names.
pub fn validate_names(name_zh: &str, name_en: &str) -> Result<(String, String), FieldErrors> {
    let mut e = FieldErrors::default();
    let zh = e.required_text("name_zh", Label::NameZh, name_zh, 50);
    let en = e.optional_text("name_en", Label::NameEn, name_en, 100);
    e.into_result((zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(id: i64, name: &str, start: &str, end: &str) -> PhaseForm {
        PhaseForm {
            id: id.to_string(),
            name_zh: name.into(),
            name_en: String::new(),
            start_date: start.into(),
            end_date: end.into(),
        }
    }

    fn defaults() -> Vec<PhaseForm> {
        vec![
            phase(1, "一年起势", "2023-01-01", "2023-12-31"),
            phase(2, "两年搭架", "2024-01-01", "2024-12-31"),
            phase(3, "三年突破", "2025-01-01", "2025-12-31"),
            phase(4, "五年成效", "2026-01-01", "2027-12-31"),
        ]
    }

    #[test]
    fn contiguous_phases_pass_in_any_submitted_order() {
        let mut forms = defaults();
        forms.reverse();
        let drafts = validate_phases(&forms, &[1, 2, 3, 4], (2023, 2027)).unwrap();
        assert_eq!(
            drafts.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
    }

    #[test]
    fn a_gap_or_an_overlap_is_named_on_the_later_phase() {
        let mut gap = defaults();
        gap[1].start_date = "2024-02-01".into();
        let e = validate_phases(&gap, &[1, 2, 3, 4], (2023, 2027)).unwrap_err();
        assert_eq!(
            e.zh("phase1_start_date").as_deref(),
            Some("“两年搭架”与上一阶段“一年起势”之间有空档：应从 2024年1月1日 开始")
        );
        let mut overlap = defaults();
        overlap[2].start_date = "2024-12-01".into();
        let e = validate_phases(&overlap, &[1, 2, 3, 4], (2023, 2027)).unwrap_err();
        assert!(e
            .zh("phase2_start_date")
            .as_deref()
            .unwrap()
            .contains("重叠"));
    }

    #[test]
    fn phases_stay_inside_the_roadmap_and_none_may_be_missing() {
        let mut late = defaults();
        late[3].end_date = "2028-06-30".into();
        assert!(validate_phases(&late, &[1, 2, 3, 4], (2023, 2027))
            .unwrap_err()
            .zh("phase3_end_date")
            .as_deref()
            .is_some());
        let missing = defaults()[..3].to_vec();
        assert!(validate_phases(&missing, &[1, 2, 3, 4], (2023, 2027)).is_err());
        let mut unknown = defaults();
        unknown[0].id = "99".into();
        assert!(validate_phases(&unknown, &[1, 2, 3, 4], (2023, 2027)).is_err());
    }

    #[test]
    fn thresholds_must_rise() {
        assert_eq!(
            validate_thresholds("10", "30").unwrap(),
            Thresholds {
                yellow_points: 10.0,
                red_points: 30.0
            }
        );
        assert_eq!(
            validate_thresholds("30", "30")
                .unwrap_err()
                .zh("red_points")
                .as_deref(),
            Some("严重滞后阈值应大于滞后阈值")
        );
        assert!(validate_thresholds("0", "30")
            .unwrap_err()
            .zh("yellow_points")
            .as_deref()
            .is_some());
        assert!(validate_thresholds("x", "101").unwrap_err().0.len() == 2);
    }

    #[test]
    fn units_need_a_name_and_a_known_kind() {
        let ok = UnitForm {
            name: " 县教育局 ".into(),
            kind: "department".into(),
            ..Default::default()
        };
        assert_eq!(validate_unit(&ok).unwrap().name, "县教育局");
        let bad = UnitForm {
            name: "".into(),
            kind: "club".into(),
            ..Default::default()
        };
        let e = validate_unit(&bad).unwrap_err();
        assert!(e.zh("name").as_deref().is_some() && e.zh("kind").as_deref().is_some());
        assert!(validate_names("", "x").is_err());
    }
}
