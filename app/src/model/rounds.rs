//! Reporting rounds (填报轮次) as the pages see them: rounds, each unit's submission and its
//! items, and the in-app notifications.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::model::{ChannelKind, NotificationKind, SubmissionState};
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::rounds::ItemKind;

/// What a liaison fills in for one item (a plain form post).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubmissionItemForm {
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub month_planned: String,
    #[serde(default)]
    pub month_completed: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub problem_due: String,
}

/// How many of a round's units stand where.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundCounts {
    pub units: usize,
    pub not_started: usize,
    pub filling: usize,
    pub submitted: usize,
    pub returned: usize,
    pub accepted: usize,
    /// Handed in after the due day or after the round closed.
    pub late: usize,
    /// Not handed in, and the due day has passed.
    pub overdue: usize,
}

impl RoundCounts {
    pub fn add(&mut self, state: SubmissionState, late: bool, overdue: bool) {
        self.units += 1;
        match state {
            SubmissionState::NotStarted => self.not_started += 1,
            SubmissionState::Filling => self.filling += 1,
            SubmissionState::Submitted => self.submitted += 1,
            SubmissionState::Returned => self.returned += 1,
            SubmissionState::Accepted => self.accepted += 1,
        }
        self.late += usize::from(late);
        self.overdue += usize::from(overdue);
    }

    /// Units that have handed in at least once and are not waiting to fix anything.
    pub fn handed_in(&self) -> usize {
        self.submitted + self.accepted
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub id: i64,
    pub month: Period,
    pub due_date: NaiveDate,
    pub opened_at: i64,
    pub opened_by: String,
    pub closed_at: Option<i64>,
    pub counts: RoundCounts,
}

/// One unit's line in a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundUnitRow {
    pub unit_id: i64,
    pub unit_name: String,
    pub state: SubmissionState,
    pub started_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub submitted_by: String,
    pub reviewed_at: Option<i64>,
    pub reviewed_by: String,
    pub late: bool,
    pub overdue: bool,
    pub reminders: i32,
    pub reminded_at: Option<i64>,
    pub items_filled: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundDetail {
    pub round: RoundSummary,
    pub units: Vec<RoundUnitRow>,
    /// Units not in the round, which a planner may add.
    pub other_units: Vec<(i64, String)>,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundsPage {
    pub rounds: Vec<RoundSummary>,
    pub can_manage: bool,
    /// The month a new round would usually report on (the previous month), as `2026-11`.
    pub suggested_month: String,
    pub suggested_due: NaiveDate,
}

/// What a liaison entered for an item, as stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemEntry {
    pub id: i64,
    pub percent: Option<i32>,
    pub note: String,
    pub month_planned: Option<Wan>,
    pub month_completed: Option<Wan>,
    pub new_problem: String,
    pub new_problem_due: Option<NaiveDate>,
    pub review_comment: String,
    pub updated_at: i64,
    pub updated_by: String,
    pub attachments: Vec<AttachmentView>,
}

/// An evidence file, as a link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    pub content_type: String,
    /// A photo with a small preview (`/files/{id}?thumb=1`).
    pub thumbnail: bool,
}

/// One item a unit reports on in a round, with its accepted figures to compare against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionItemView {
    pub kind: ItemKind,
    /// The milestone, project or problem.
    pub target_id: i64,
    pub title: String,
    /// Accepted percent (milestone progress or project 形象进度) before this round.
    pub accepted_percent: Option<i32>,
    /// Accepted text: the latest 进展, 形象进度 or, for a problem, its description.
    pub accepted_note: String,
    /// When the accepted figure was reported.
    pub accepted_on: Option<NaiveDate>,
    /// The round month's ledger entry as accepted (projects).
    pub accepted_month: Option<(Wan, Wan)>,
    pub entry: Option<ItemEntry>,
    /// Taken out of this round by a planner: nothing to report on it this month.
    pub excluded: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub round: RoundSummary,
    pub unit: RoundUnitRow,
    pub review_note: String,
    pub items: Vec<SubmissionItemView>,
    /// The unit's entered indicators (指标) and this round's values.
    #[serde(default)]
    pub indicators: Vec<super::SubmissionIndicatorView>,
    /// The signed-in person reports for this unit and the submission is open to edits.
    pub can_edit: bool,
    /// The signed-in person may review (planner) and it waits for review.
    pub can_review: bool,
    /// The signed-in person may download it as a zip (reviewers and the unit's liaisons).
    pub can_export: bool,
    /// The signed-in person may take items out of the round or put them back (planners, until
    /// it is accepted).
    pub can_scope: bool,
    /// The entries are shown: to the unit and the reviewers, and to everyone once accepted.
    pub entries_visible: bool,
}

/// The liaison's landing page: for each unit they report for, its latest round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyReporting {
    pub units: Vec<(i64, String)>,
    pub submissions: Vec<SubmissionView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub at: i64,
    pub kind: NotificationKind,
    pub round_id: Option<i64>,
    pub month: Option<Period>,
    pub due_date: Option<NaiveDate>,
    pub unit_id: Option<i64>,
    pub unit_name: String,
    /// The milestone or problem it is about (title or description), when not a round.
    pub milestone_id: Option<i64>,
    pub subject: String,
    pub read: bool,
}

/// A unit's or a registered county's channel, as the admin page lists it (the secret is never
/// sent back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: i64,
    /// The unit's or the county's name.
    pub owner_name: String,
    /// The county's 行政区划代码, for a county's channel.
    pub county_code: Option<String>,
    pub kind: ChannelKind,
    pub url: String,
    pub signed: bool,
    pub enabled: bool,
}

/// A message that has not gone through yet: retrying, or given up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub owner_name: String,
    pub county_code: Option<String>,
    pub kind: ChannelKind,
    pub created_at: i64,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub failed: bool,
    pub last_error: String,
}

/// The admin's channels page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelsPage {
    pub channels: Vec<ChannelView>,
    pub units: Vec<(i64, String)>,
    pub problems: Vec<DeliveryView>,
    /// (delivered, waiting, given up)
    pub queue: (i64, i64, i64),
    pub last_daily_run: Option<i64>,
    /// The SMTP server e-mail channels go through (password hidden), if the server has one.
    pub mail_server: Option<String>,
}

/// A new channel as the admin's form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelForm {
    /// The unit's id, for a unit's channel.
    #[serde(default)]
    pub unit: String,
    /// The county's 行政区划代码, for a registered county's channel (upstream).
    #[serde(default)]
    pub county: String,
    pub kind: String,
    pub url: String,
    #[serde(default)]
    pub secret: String,
}
