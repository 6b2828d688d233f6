//! The activity ledger (工作台账): what makes a record valid, and the counts per type that a
//! 工作总结 cites ("开展集体学习*次、数据讲堂*次").

use chrono::NaiveDate;

use super::problem::{Label, Problem};
use super::validate::FieldErrors;
use crate::model::ActivityForm;

const TITLE_MAX: usize = 200;
const NOTES_MAX: usize = 2000;
const PARTICIPANTS_MAX: i64 = 100_000;

/// The ids a record may refer to.
#[derive(Clone, Copy, Debug)]
pub struct ActivityChoices<'a> {
    pub types: &'a [i64],
    pub units: &'a [i64],
    pub pillars: &'a [i64],
    pub domains: &'a [i64],
}

/// A record that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityDraft {
    pub type_id: i64,
    pub held_on: NaiveDate,
    pub title: String,
    pub unit_id: Option<i64>,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub participants: Option<i32>,
    pub notes: String,
}

/// Checks a record: a known type, a date not after `today` (the ledger records work done), a
/// title, and optional unit, pillar, domain, participants and notes.
pub fn validate(
    form: &ActivityForm,
    choices: ActivityChoices,
    today: NaiveDate,
) -> Result<ActivityDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let type_id = e.choice(
        "activity_type",
        Label::ActivityType,
        &form.activity_type,
        choices.types.iter().copied(),
    );
    let held_on = e.required_date("held_on", Label::HeldOn, &form.held_on);
    if held_on.is_some_and(|d| d > today) {
        e.add("held_on", Problem::HeldInFuture);
    }
    let title = e.required_text("title", Label::ActivityTitle, &form.title, TITLE_MAX);
    let unit_id = e.optional_choice(
        "unit",
        Label::OwnerUnit,
        &form.unit,
        choices.units.iter().copied(),
    );
    let pillar_id = e.optional_choice(
        "pillar",
        Label::Pillar,
        &form.pillar,
        choices.pillars.iter().copied(),
    );
    let domain_id = e.optional_choice(
        "domain",
        Label::Domain,
        &form.domain,
        choices.domains.iter().copied(),
    );
    let participants = if form.participants.trim().is_empty() {
        None
    } else {
        e.integer_in(
            "participants",
            Label::Participants,
            &form.participants,
            0,
            PARTICIPANTS_MAX,
        )
        .and_then(|n| i32::try_from(n).ok())
    };
    let notes = e.optional_text("notes", Label::Notes, &form.notes, NOTES_MAX);
    match (type_id, held_on) {
        (Some(type_id), Some(held_on)) => e.into_result(ActivityDraft {
            type_id,
            held_on,
            title,
            unit_id,
            pillar_id,
            domain_id,
            participants,
            notes,
        }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const CHOICES: ActivityChoices = ActivityChoices {
        types: &[1, 2],
        units: &[7],
        pillars: &[1],
        domains: &[3],
    };

    fn form() -> ActivityForm {
        ActivityForm {
            activity_type: "1".into(),
            held_on: "2026-11-02".into(),
            title: " 周一集体学习：数字政府建设 ".into(),
            unit: "7".into(),
            participants: "18".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_record_passes_trimmed() {
        let draft = validate(&form(), CHOICES, d(2026, 11, 30)).unwrap();
        assert_eq!(draft.title, "周一集体学习：数字政府建设");
        assert_eq!(draft.held_on, d(2026, 11, 2));
        assert_eq!((draft.unit_id, draft.participants), (Some(7), Some(18)));
        assert_eq!(draft.pillar_id, None);
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let bad = ActivityForm {
            activity_type: "9".into(),
            held_on: "2026-12-01".into(),
            title: " ".into(),
            participants: "-3".into(),
            domain: "4".into(),
            ..Default::default()
        };
        let errors = validate(&bad, CHOICES, d(2026, 11, 30)).unwrap_err();
        assert_eq!(
            errors.get("activity_type"),
            Some(&Problem::NoSuchChoice(Label::ActivityType))
        );
        let future = ActivityForm {
            held_on: "2026-12-01".into(),
            ..form()
        };
        let errors_future = validate(&future, CHOICES, d(2026, 11, 30)).unwrap_err();
        assert_eq!(errors_future.get("held_on"), Some(&Problem::HeldInFuture));
        assert_eq!(
            errors.get("title"),
            Some(&Problem::Required(Label::ActivityTitle))
        );
        assert!(errors.get("participants").is_some());
        assert_eq!(
            errors.get("domain"),
            Some(&Problem::NoSuchChoice(Label::Domain))
        );
    }
}
