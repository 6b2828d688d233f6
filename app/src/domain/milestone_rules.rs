//! The rules a milestone, a progress update and a problem must meet before they are saved.
//! Pure functions over what the form submitted and the reference data, so the server and
//! (for inline hints) the browser apply exactly the same rules.

use chrono::NaiveDate;

use super::journal::Snapshot;
use super::problem::{Label, Problem};
use super::validate::{roadmap_span, FieldErrors};
use crate::model::{MilestoneForm, ProblemForm, ProgressForm, ReferenceData};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 2000;
pub const WEIGHT_MAX: i64 = 100;

/// A milestone that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneDraft {
    pub title: String,
    pub description: String,
    pub phase_id: i64,
    pub pillar_id: i64,
    pub domain_id: Option<i64>,
    pub unit_id: i64,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub weight: i64,
}

impl MilestoneDraft {
    /// The draft as its form would submit it: what validating it again starts from (a file's
    /// row over a stored milestone, a bulk edit).
    pub fn form(&self) -> MilestoneForm {
        MilestoneForm {
            title: self.title.clone(),
            description: self.description.clone(),
            phase: self.phase_id.to_string(),
            pillar: self.pillar_id.to_string(),
            domain: self.domain_id.map(|d| d.to_string()).unwrap_or_default(),
            unit: self.unit_id.to_string(),
            start_date: self.start_date.to_string(),
            due_date: self.due_date.to_string(),
            weight: self.weight.to_string(),
        }
    }
}

/// The first and last day milestones may fall on.
fn span(reference: &ReferenceData) -> Option<(NaiveDate, NaiveDate)> {
    reference
        .roadmap
        .as_ref()
        .and_then(|r| roadmap_span(r.start_year, r.end_year))
}

pub fn validate_milestone(
    form: &MilestoneForm,
    reference: &ReferenceData,
) -> Result<MilestoneDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let title = e.required_text("title", Label::MilestoneTitle, &form.title, TITLE_MAX);
    let description = e.optional_text(
        "description",
        Label::Description,
        &form.description,
        TEXT_MAX,
    );
    let phase_id = e.choice(
        "phase",
        Label::Phase,
        &form.phase,
        reference.phases.iter().map(|p| p.id),
    );
    let pillar_id = e.choice(
        "pillar",
        Label::Pillar,
        &form.pillar,
        reference.pillars.iter().map(|p| p.id),
    );
    let domain_id = e.optional_choice(
        "domain",
        Label::Domain,
        &form.domain,
        reference.domains.iter().map(|d| d.id),
    );
    let unit_id = e.choice(
        "unit",
        Label::OwnerUnit,
        &form.unit,
        reference.units.iter().map(|u| u.id),
    );
    let start_date = e.required_date("start_date", Label::StartDate, &form.start_date);
    let due_date = e.required_date("due_date", Label::DueDate, &form.due_date);
    let weight = e.integer_in("weight", Label::Weight, &form.weight, 0, WEIGHT_MAX);
    match span(reference) {
        Some((first, last)) => {
            e.within("start_date", Label::StartDate, start_date, first, last);
            e.within("due_date", Label::DueDate, due_date, first, last);
        }
        None => e.add("title", Problem::NoRoadmap),
    }
    if let (Some(start), Some(due)) = (start_date, due_date) {
        if due < start {
            e.add(
                "due_date",
                Problem::Before {
                    later: Label::DueDate,
                    earlier: Label::StartDate,
                },
            );
        }
    }
    match (phase_id, pillar_id, unit_id, start_date, due_date, weight) {
        (
            Some(phase_id),
            Some(pillar_id),
            Some(unit_id),
            Some(start_date),
            Some(due_date),
            Some(weight),
        ) => e.into_result(MilestoneDraft {
            title,
            description,
            phase_id,
            pillar_id,
            domain_id,
            unit_id,
            start_date,
            due_date,
            weight,
        }),
        _ => Err(e),
    }
}

/// The milestone's fields as the journal shows them (names, not ids).
pub fn milestone_snapshot(draft: &MilestoneDraft, reference: &ReferenceData) -> Snapshot {
    let phase = reference
        .phases
        .iter()
        .find(|p| p.id == draft.phase_id)
        .map(|p| p.name_zh.clone());
    let pillar = reference
        .pillars
        .iter()
        .find(|p| p.id == draft.pillar_id)
        .map(|p| p.name_zh.clone());
    let domain = draft
        .domain_id
        .and_then(|id| reference.domains.iter().find(|d| d.id == id))
        .map(|d| d.name_zh.clone());
    let unit = reference
        .units
        .iter()
        .find(|u| u.id == draft.unit_id)
        .map(|u| u.name.clone());
    vec![
        ("title", draft.title.clone()),
        ("description", draft.description.clone()),
        ("phase", phase.unwrap_or_else(|| draft.phase_id.to_string())),
        (
            "pillar",
            pillar.unwrap_or_else(|| draft.pillar_id.to_string()),
        ),
        ("domain", domain.unwrap_or_default()),
        ("unit", unit.unwrap_or_else(|| draft.unit_id.to_string())),
        ("start_date", draft.start_date.to_string()),
        ("due_date", draft.due_date.to_string()),
        ("weight", draft.weight.to_string()),
    ]
}

/// A problem that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemDraft {
    pub description: String,
    pub unit_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
}

/// A progress update that passed validation, with the problem it raises, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressDraft {
    pub percent: i64,
    pub reported_on: NaiveDate,
    pub note: String,
    pub problem: Option<ProblemDraft>,
}

pub fn validate_progress(
    form: &ProgressForm,
    reference: &ReferenceData,
    today: NaiveDate,
) -> Result<ProgressDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let percent = e.integer_in("percent", Label::Percent, &form.percent, 0, 100);
    let reported_on = e.required_date("reported_on", Label::ReportedOn, &form.reported_on);
    if let Some((first, _)) = span(reference) {
        e.within(
            "reported_on",
            Label::ReportedOn,
            reported_on,
            first,
            today.max(first),
        );
    }
    if reported_on.is_some_and(|d| d > today) {
        e.add("reported_on", Problem::InFuture(Label::ReportedOn));
    }
    let note = e.required_text("note", Label::ProgressNote, &form.note, TEXT_MAX);
    let problem = if form.problem.trim().is_empty() {
        None
    } else {
        let problem = validate_problem_fields(
            &mut e,
            ("problem", &form.problem),
            ("problem_unit", &form.problem_unit),
            ("problem_due", &form.problem_due),
            reference,
            reported_on.unwrap_or(today),
        );
        Some(problem)
    };
    match (percent, reported_on) {
        (Some(percent), Some(reported_on)) => e.into_result(ProgressDraft {
            percent,
            reported_on,
            note,
            problem,
        }),
        _ => Err(e),
    }
}

pub fn validate_problem(
    form: &ProblemForm,
    reference: &ReferenceData,
    today: NaiveDate,
) -> Result<ProblemDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let draft = validate_problem_fields(
        &mut e,
        ("description", &form.description),
        ("unit", &form.unit),
        ("due_date", &form.due_date),
        reference,
        today,
    );
    e.into_result(draft)
}

/// Shared by the problem form and the problem part of the progress form (other field names).
fn validate_problem_fields(
    e: &mut FieldErrors,
    (description_field, description): (&str, &str),
    (unit_field, unit): (&str, &str),
    (due_field, due): (&str, &str),
    reference: &ReferenceData,
    raised_on: NaiveDate,
) -> ProblemDraft {
    let description = e.required_text(description_field, Label::Problem, description, 1000);
    let unit_id = e.optional_choice(
        unit_field,
        Label::ProblemUnit,
        unit,
        reference.units.iter().map(|u| u.id),
    );
    let due_date = e.optional_date(due_field, Label::ProblemDue, due);
    if due_date.is_some_and(|d| d < raised_on) {
        e.add(
            due_field,
            Problem::Before {
                later: Label::ProblemDue,
                earlier: Label::ProblemRaisedOn,
            },
        );
    }
    ProblemDraft {
        description,
        unit_id,
        due_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::fixtures::{d, reference};

    fn form() -> MilestoneForm {
        MilestoneForm {
            title: " 政务云扩容 ".into(),
            description: String::new(),
            phase: "1".into(),
            pillar: "10".into(),
            domain: String::new(),
            unit: "30".into(),
            start_date: "2023-03-01".into(),
            due_date: "2023-09-30".into(),
            weight: "2".into(),
        }
    }

    #[test]
    fn a_good_milestone_passes_with_trimmed_text() {
        let draft = validate_milestone(&form(), &reference()).unwrap();
        assert_eq!(draft.title, "政务云扩容");
        assert_eq!(draft.domain_id, None);
        assert_eq!(draft.weight, 2);
        let snapshot = milestone_snapshot(&draft, &reference());
        assert!(snapshot.contains(&("pillar", "一朵云".to_string())));
        assert!(snapshot.contains(&("unit", "县大数据中心".to_string())));
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let bad = MilestoneForm {
            title: "".into(),
            phase: "99".into(),
            pillar: "".into(),
            unit: "abc".into(),
            start_date: "2023-10-01".into(),
            due_date: "2023-09-30".into(),
            weight: "-1".into(),
            ..form()
        };
        let errors = validate_milestone(&bad, &reference()).unwrap_err();
        assert_eq!(errors.zh("title").as_deref(), Some("请填写里程碑名称"));
        assert_eq!(
            errors.zh("phase").as_deref(),
            Some("所选阶段不存在，请重新选择")
        );
        assert_eq!(errors.zh("pillar").as_deref(), Some("请选择支柱"));
        assert_eq!(
            errors.zh("unit").as_deref(),
            Some("所选责任单位不存在，请重新选择")
        );
        assert_eq!(
            errors.zh("due_date").as_deref(),
            Some("完成期限不能早于开始日期")
        );
        assert_eq!(
            errors.zh("weight").as_deref(),
            Some("权重应为 0 到 100 之间的整数")
        );
    }

    #[test]
    fn milestone_dates_must_lie_inside_the_roadmap_and_due_may_equal_start() {
        let outside = MilestoneForm {
            due_date: "2028-01-01".into(),
            ..form()
        };
        let errors = validate_milestone(&outside, &reference()).unwrap_err();
        assert!(errors
            .zh("due_date")
            .as_deref()
            .unwrap()
            .contains("路线图期间内"));
        let same_day = MilestoneForm {
            due_date: "2023-03-01".into(),
            ..form()
        };
        assert!(validate_milestone(&same_day, &reference()).is_ok());
    }

    #[test]
    fn progress_needs_a_percent_a_past_date_and_a_note() {
        let today = d(2025, 6, 30);
        let good = ProgressForm {
            percent: "100".into(),
            reported_on: "2025-06-30".into(),
            note: "已完成验收".into(),
            ..Default::default()
        };
        let draft = validate_progress(&good, &reference(), today).unwrap();
        assert_eq!((draft.percent, draft.problem), (100, None));
        let bad = ProgressForm {
            percent: "101".into(),
            reported_on: "2025-07-01".into(),
            note: " ".into(),
            ..Default::default()
        };
        let errors = validate_progress(&bad, &reference(), today).unwrap_err();
        assert_eq!(
            errors.zh("percent").as_deref(),
            Some("完成进度应为 0 到 100 之间的整数")
        );
        assert_eq!(errors.zh("note").as_deref(), Some("请填写进展情况"));
        assert!(errors
            .0
            .iter()
            .any(|e| crate::i18n::Locale::Zh.problem(&e.problem) == "进展日期不能晚于今天"));
    }

    #[test]
    fn a_problem_raised_with_progress_is_validated_under_its_own_field_names() {
        let today = d(2025, 6, 30);
        let form = ProgressForm {
            percent: "40".into(),
            reported_on: "2025-06-30".into(),
            note: "机房改造中".into(),
            problem: "资金未到位".into(),
            problem_unit: "30".into(),
            problem_due: "2025-06-01".into(),
        };
        let errors = validate_progress(&form, &reference(), today).unwrap_err();
        assert_eq!(
            errors.zh("problem_due").as_deref(),
            Some("整改期限不能早于提出问题的日期")
        );
        let ok = ProgressForm {
            problem_due: "2025-08-31".into(),
            ..form
        };
        let problem = validate_progress(&ok, &reference(), today)
            .unwrap()
            .problem
            .unwrap();
        assert_eq!(problem.unit_id, Some(30));
        assert_eq!(problem.due_date, Some(d(2025, 8, 31)));
    }
}
