//! Monthly reporting rounds (填报轮次): the life of a unit's submission, when it counts as late,
//! and what a liaison's entry for one item must hold.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::china_day_start;
use super::model::SubmissionState;
use super::money::Wan;
use super::period::Period;
use super::problem::{Label, Problem};
use super::project_rules::amount;
use super::validate::FieldErrors;
use crate::model::SubmissionItemForm;

/// What someone does to a unit's submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStep {
    /// The liaison saves an item.
    Edit,
    /// The liaison hands the submission in for review.
    Submit,
    /// The reviewer sends it back with comments.
    Return,
    /// The reviewer accepts it: its figures become the programme's.
    Accept,
}

/// The state a submission moves to when `step` is taken in `state`, or why it may not be.
///
/// A submission is editable until it is handed in, and again once it is returned; while it waits
/// for review and once accepted it is frozen, so the reviewer accepts exactly what they read.
pub fn after(state: SubmissionState, step: ReviewStep) -> Result<SubmissionState, Problem> {
    use ReviewStep as S;
    use SubmissionState as St;
    match (state, step) {
        (St::NotStarted | St::Filling, S::Edit) => Ok(St::Filling),
        (St::Returned, S::Edit) => Ok(St::Returned),
        (St::Filling | St::Returned, S::Submit) => Ok(St::Submitted),
        (St::NotStarted, S::Submit) => Err(Problem::SubmissionEmpty),
        (St::Submitted, S::Return) => Ok(St::Returned),
        (St::Submitted, S::Accept) => Ok(St::Accepted),
        (state, step) => Err(Problem::SubmissionStep { state, step }),
    }
}

/// Whether a submission handed in at `submitted_at` (Unix seconds) is late: after the end of the
/// due day in China, or after the round was closed.
pub fn is_late(submitted_at: i64, due: NaiveDate, closed_at: Option<i64>) -> bool {
    let due_ends = due.succ_opt().map(china_day_start).unwrap_or(i64::MAX);
    submitted_at >= due_ends || closed_at.is_some_and(|closed| submitted_at >= closed)
}

/// Whether the unit still owes its submission: not handed in, or returned and not handed in again.
pub fn owes(state: SubmissionState) -> bool {
    matches!(
        state,
        SubmissionState::NotStarted | SubmissionState::Filling | SubmissionState::Returned
    )
}

/// Whether the unit still owes its submission on `today` and the due day has passed.
pub fn is_overdue(state: SubmissionState, due: NaiveDate, today: NaiveDate) -> bool {
    owes(state) && today > due
}

/// A round's due date must not come before the month it reports on begins.
pub fn check_due(month: Period, due: NaiveDate) -> Result<(), Problem> {
    let first = NaiveDate::from_ymd_opt(month.year, month.month, 1);
    match first {
        Some(first) if due >= first => Ok(()),
        _ => Err(Problem::RoundDueTooEarly { month, due }),
    }
}

/// What a liaison reports on, and so which fields an entry has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// A milestone: percent and 进展, maybe a new 存在问题.
    Milestone,
    /// A project: 形象进度 (percent and text), the month's investment, maybe a new 存在问题.
    Project,
    /// An open 存在问题 the unit owns: its answer.
    Answer,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Milestone, ItemKind::Project, ItemKind::Answer];

    /// As forms and the database name it.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Milestone => "milestone",
            ItemKind::Project => "project",
            ItemKind::Answer => "answer",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One item's entry that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDraft {
    pub percent: Option<i32>,
    pub note: String,
    pub month_planned: Option<Wan>,
    pub month_completed: Option<Wan>,
    pub new_problem: String,
    pub new_problem_due: Option<NaiveDate>,
}

const NOTE_MAX: usize = 2000;

/// An amount left empty means "no change to the ledger", not zero.
fn optional_amount(e: &mut FieldErrors, field: &str, label: Label, value: &str) -> Option<Wan> {
    if value.trim().is_empty() {
        None
    } else {
        amount(e, field, label, value, true)
    }
}

/// Checks a liaison's entry for one item of a round for `month`.
pub fn validate_item(
    kind: ItemKind,
    form: &SubmissionItemForm,
    month: Period,
) -> Result<ItemDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let percent = match kind {
        ItemKind::Answer => None,
        ItemKind::Milestone | ItemKind::Project => e
            .integer_in("percent", Label::Percent, &form.percent, 0, 100)
            .and_then(|p| i32::try_from(p).ok()),
    };
    let note_label = match kind {
        ItemKind::Milestone => Label::ProgressNote,
        ItemKind::Project => Label::VisibleProgress,
        ItemKind::Answer => Label::Answer,
    };
    let note = e.required_text("note", note_label, &form.note, NOTE_MAX);
    let (month_planned, month_completed) = match kind {
        ItemKind::Project => (
            optional_amount(&mut e, "month_planned", Label::Planned, &form.month_planned),
            optional_amount(
                &mut e,
                "month_completed",
                Label::Completed,
                &form.month_completed,
            ),
        ),
        _ => (None, None),
    };
    let (new_problem, new_problem_due) = match kind {
        ItemKind::Answer => (String::new(), None),
        _ => {
            let text = e.optional_text("problem", Label::Problem, &form.problem, 1000);
            let due = e.optional_date("problem_due", Label::ProblemDue, &form.problem_due);
            let month_start = NaiveDate::from_ymd_opt(month.year, month.month, 1);
            if due.is_some() && text.is_empty() {
                e.add("problem", Problem::Required(Label::Problem));
            }
            if let (Some(due), Some(start)) = (due, month_start) {
                if due < start {
                    e.add(
                        "problem_due",
                        Problem::Before {
                            later: Label::ProblemDue,
                            earlier: Label::ProblemRaisedOn,
                        },
                    );
                }
            }
            (text, due)
        }
    };
    e.into_result(ItemDraft {
        percent,
        note,
        month_planned,
        month_completed,
        new_problem,
        new_problem_due,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_kinds_have_one_code_each() {
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ItemKind::from_code("unit"), None);
    }
    use SubmissionState as St;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_submission_goes_filling_submitted_returned_submitted_accepted() {
        let mut state = St::NotStarted;
        for (step, expected) in [
            (ReviewStep::Edit, St::Filling),
            (ReviewStep::Submit, St::Submitted),
            (ReviewStep::Return, St::Returned),
            (ReviewStep::Edit, St::Returned),
            (ReviewStep::Submit, St::Submitted),
            (ReviewStep::Accept, St::Accepted),
        ] {
            state = after(state, step).unwrap();
            assert_eq!(state, expected, "after {step:?}");
        }
    }

    #[test]
    fn frozen_while_waiting_and_once_accepted() {
        for step in [ReviewStep::Edit, ReviewStep::Submit] {
            assert_eq!(
                after(St::Submitted, step),
                Err(Problem::SubmissionStep {
                    state: St::Submitted,
                    step
                })
            );
        }
        for step in [
            ReviewStep::Edit,
            ReviewStep::Submit,
            ReviewStep::Return,
            ReviewStep::Accept,
        ] {
            assert!(after(St::Accepted, step).is_err());
        }
        assert_eq!(
            after(St::NotStarted, ReviewStep::Submit),
            Err(Problem::SubmissionEmpty)
        );
        assert!(after(St::Filling, ReviewStep::Accept).is_err());
        assert!(after(St::Returned, ReviewStep::Return).is_err());
    }

    #[test]
    fn late_means_after_the_due_day_in_china_or_after_closing() {
        let due = d(2026, 12, 5);
        // 23:59 on the due day in Beijing is 15:59 UTC.
        let last_minute = china_day_start(due) + 24 * 3600 - 60;
        assert!(!is_late(last_minute, due, None));
        assert!(is_late(last_minute + 60, due, None));
        assert!(is_late(last_minute, due, Some(last_minute - 1)));
        assert!(is_overdue(St::Filling, due, d(2026, 12, 6)));
        assert!(!is_overdue(St::Filling, due, due));
        assert!(!is_overdue(St::Submitted, due, d(2026, 12, 9)));
    }

    #[test]
    fn due_date_not_before_the_month() {
        let month = Period::new(2026, 11).unwrap();
        assert!(check_due(month, d(2026, 12, 5)).is_ok());
        assert!(check_due(month, d(2026, 11, 1)).is_ok());
        assert!(check_due(month, d(2026, 10, 31)).is_err());
    }

    #[test]
    fn entries_need_their_fields() {
        let month = Period::new(2026, 11).unwrap();
        let form = SubmissionItemForm {
            percent: "60".into(),
            note: "完成机房改造".into(),
            month_planned: "12.5".into(),
            month_completed: "10".into(),
            ..Default::default()
        };
        let draft = validate_item(ItemKind::Project, &form, month).unwrap();
        assert_eq!(draft.percent, Some(60));
        assert_eq!(draft.month_planned, Some(Wan(1250)));
        assert_eq!(draft.month_completed, Some(Wan(1000)));
        // A milestone entry ignores the ledger fields.
        let draft = validate_item(ItemKind::Milestone, &form, month).unwrap();
        assert_eq!(draft.month_planned, None);

        let bad = SubmissionItemForm {
            percent: "120".into(),
            month_completed: "1.234".into(),
            problem_due: "2026-12-31".into(),
            ..Default::default()
        };
        let errors = validate_item(ItemKind::Project, &bad, month).unwrap_err();
        assert!(errors.get("percent").is_some());
        assert!(errors.get("note").is_some());
        assert!(errors.get("month_completed").is_some());
        assert!(
            errors.get("problem").is_some(),
            "a due date needs a problem"
        );

        let answer = SubmissionItemForm {
            note: "已协调解决".into(),
            ..Default::default()
        };
        let draft = validate_item(ItemKind::Answer, &answer, month).unwrap();
        assert_eq!(draft.percent, None);
    }
}
