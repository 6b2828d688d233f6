//! Bulk edits (批量修改): a planner selects milestones in the list and moves them to another
//! phase, pillar or unit, shifts their dates by a number of days, or sets their weight, all at
//! once. Each milestone's result must pass the same rules as its own form.

use chrono::{Days, NaiveDate};

use super::journal::{diff, Change};
use super::milestone_rules::{milestone_snapshot, validate_milestone, MilestoneDraft, WEIGHT_MAX};
use super::problem::{Label, Problem};
use super::validate::FieldErrors;
use crate::model::{BulkEditForm, ReferenceData};

/// Milestones one bulk edit may change: a few pages of the list.
pub const SELECTION_MAX: usize = 200;
/// Dates move by at most ten years either way.
pub const SHIFT_MAX_DAYS: i64 = 3660;

/// One selected milestone, with the version the preview read (when confirming).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected {
    pub id: i64,
    pub version: Option<i64>,
}

/// Writes a selection as the confirm form carries it: `12:3,15:7`.
pub fn selection_text(selected: impl IntoIterator<Item = (i64, i64)>) -> String {
    selected
        .into_iter()
        .map(|(id, version)| format!("{id}:{version}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads a selection: milestone ids separated by commas, each with `:version` when the
/// preview read one. A repeated id counts once.
pub fn parse_selection(text: &str) -> Result<Vec<Selected>, Problem> {
    let mut selected: Vec<Selected> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let unreadable = || Problem::Unrecognized {
            label: Label::Selection,
            value: item.to_string(),
        };
        let (id, version) = match item.split_once(':') {
            Some((id, version)) => (id, Some(version.parse().map_err(|_| unreadable())?)),
            None => (item, None),
        };
        let id: i64 = id.parse().map_err(|_| unreadable())?;
        if !selected.iter().any(|s| s.id == id) {
            selected.push(Selected { id, version });
        }
    }
    if selected.is_empty() {
        return Err(Problem::Choose(Label::Selection));
    }
    if selected.len() > SELECTION_MAX {
        return Err(Problem::SelectionTooLarge {
            max: SELECTION_MAX,
            actual: selected.len(),
        });
    }
    Ok(selected)
}

/// The change to make to every selected milestone; `None` / 0 leaves that part as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkChange {
    pub phase_id: Option<i64>,
    pub pillar_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub shift_days: i64,
    pub weight: Option<i64>,
}

/// The change the form asks for (possibly none yet), or what is wrong with it.
pub fn validate_change(
    form: &BulkEditForm,
    reference: &ReferenceData,
) -> Result<BulkChange, FieldErrors> {
    let mut e = FieldErrors::default();
    let phase_id = e.optional_choice(
        "phase",
        Label::Phase,
        &form.phase,
        reference.phases.iter().map(|p| p.id),
    );
    let pillar_id = e.optional_choice(
        "pillar",
        Label::Pillar,
        &form.pillar,
        reference.pillars.iter().map(|p| p.id),
    );
    let unit_id = e.optional_choice(
        "unit",
        Label::OwnerUnit,
        &form.unit,
        reference.units.iter().map(|u| u.id),
    );
    let shift_days = e
        .optional_integer_in(
            "shift_days",
            Label::ShiftDays,
            &form.shift_days,
            -SHIFT_MAX_DAYS,
            SHIFT_MAX_DAYS,
        )
        .unwrap_or(0);
    let weight = e.optional_integer_in("weight", Label::Weight, &form.weight, 0, WEIGHT_MAX);
    e.into_result(BulkChange {
        phase_id,
        pillar_id,
        unit_id,
        shift_days,
        weight,
    })
}

fn shifted(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    let by = Days::new(days.unsigned_abs());
    if days >= 0 {
        day.checked_add_days(by)
    } else {
        day.checked_sub_days(by)
    }
}

impl BulkChange {
    /// Whether it asks for no change at all.
    pub fn is_empty(&self) -> bool {
        *self == BulkChange::default()
    }

    /// The milestone's form after the change, to be checked as a form is.
    fn applied_to(&self, draft: &MilestoneDraft) -> crate::model::MilestoneForm {
        let mut form = draft.form();
        if let Some(phase) = self.phase_id {
            form.phase = phase.to_string();
        }
        if let Some(pillar) = self.pillar_id {
            form.pillar = pillar.to_string();
        }
        if let Some(unit) = self.unit_id {
            form.unit = unit.to_string();
        }
        if let Some(weight) = self.weight {
            form.weight = weight.to_string();
        }
        if self.shift_days != 0 {
            // Beyond the calendar is left empty and reported as a missing date.
            let text = |day| {
                shifted(day, self.shift_days)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            form.start_date = text(draft.start_date);
            form.due_date = text(draft.due_date);
        }
        form
    }

    /// What the change makes of one milestone: its new fields and their changes as the journal
    /// writes them (none when it is already so), or every rule the result would break.
    pub fn apply(
        &self,
        stored: &MilestoneDraft,
        reference: &ReferenceData,
    ) -> Result<(MilestoneDraft, Vec<Change>), Vec<Problem>> {
        let draft = validate_milestone(&self.applied_to(stored), reference)
            .map_err(|e| e.0.into_iter().map(|e| e.problem).collect::<Vec<_>>())?;
        let changes = diff(
            &milestone_snapshot(stored, reference),
            &milestone_snapshot(&draft, reference),
        );
        Ok((draft, changes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::d;
    use crate::model::UnitInfo;

    /// The shared sample with a second unit to move milestones to.
    fn reference() -> ReferenceData {
        let mut reference = crate::domain::fixtures::reference();
        reference.units.push(UnitInfo {
            id: 31,
            name: "县人社局".into(),
        });
        reference
    }

    /// The shared sample milestone, due at the end of June, of weight 5.
    fn draft() -> MilestoneDraft {
        MilestoneDraft {
            due_date: d(2023, 6, 30),
            weight: 5,
            ..crate::domain::fixtures::draft("政务云扩容")
        }
    }

    fn form(pairs: &[(&str, &str)]) -> BulkEditForm {
        let mut form = BulkEditForm::default();
        for (key, value) in pairs {
            let value = value.to_string();
            match *key {
                "phase" => form.phase = value,
                "pillar" => form.pillar = value,
                "unit" => form.unit = value,
                "shift_days" => form.shift_days = value,
                "weight" => form.weight = value,
                _ => unreachable!(),
            }
        }
        form
    }

    #[test]
    fn a_selection_carries_ids_and_the_versions_the_preview_read() {
        assert_eq!(
            parse_selection("12:3, 15 ,12:4").unwrap(),
            vec![
                Selected {
                    id: 12,
                    version: Some(3)
                },
                Selected {
                    id: 15,
                    version: None
                }
            ]
        );
        assert_eq!(selection_text([(12, 3), (15, 7)]), "12:3,15:7");
        assert_eq!(
            parse_selection(" , "),
            Err(Problem::Choose(Label::Selection))
        );
        assert!(matches!(
            parse_selection("12:x"),
            Err(Problem::Unrecognized { .. })
        ));
        let many = (1..=201)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            parse_selection(&many),
            Err(Problem::SelectionTooLarge {
                max: 200,
                actual: 201
            })
        );
    }

    #[test]
    fn the_form_must_ask_for_something_known() {
        let reference = reference();
        let none = validate_change(&form(&[("shift_days", "0")]), &reference).unwrap();
        assert!(none.is_empty(), "a shift of 0 days is no change");
        let bad = validate_change(
            &form(&[("pillar", "9"), ("weight", "101"), ("shift_days", "abc")]),
            &reference,
        )
        .unwrap_err();
        assert_eq!(
            bad.get("pillar"),
            Some(&Problem::NoSuchChoice(Label::Pillar))
        );
        assert!(matches!(
            bad.get("weight"),
            Some(Problem::IntegerRange { max: 100, .. })
        ));
        assert!(bad.get("shift_days").is_some());
        assert!(bad.get("phase").is_none(), "an empty choice is no change");
    }

    #[test]
    fn a_change_moves_shifts_and_reweights_and_reports_only_what_changed() {
        let reference = reference();
        let change = validate_change(
            &form(&[("unit", "31"), ("shift_days", "31"), ("weight", "5")]),
            &reference,
        )
        .unwrap();
        let (draft, changes) = change.apply(&draft(), &reference).unwrap();
        assert_eq!(draft.unit_id, 31);
        assert_eq!(draft.start_date, d(2023, 4, 1));
        assert_eq!(draft.due_date, d(2023, 7, 31));
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            ["unit", "start_date", "due_date"],
            "weight was 5 already"
        );
        assert_eq!(changes[0].new, "县人社局");
    }

    #[test]
    fn a_result_outside_the_roadmap_is_refused_with_the_forms_rule() {
        let reference = reference();
        let change = validate_change(&form(&[("shift_days", "-3000")]), &reference).unwrap();
        let problems = change.apply(&draft(), &reference).unwrap_err();
        assert!(problems
            .iter()
            .all(|p| matches!(p, Problem::OutsideRoadmap { .. })));
        assert_eq!(problems.len(), 2, "start and due date");
    }
}
