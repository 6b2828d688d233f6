//! What can be wrong with what a person submitted, as data.
//!
//! Rules say *what* is wrong ([`Problem`]) and *which* field it is about ([`Label`]); the words
//! are chosen later, in the reader's language, by `i18n` (`Locale::problem`, `Locale::label`).
//! So the same refusal reads in Chinese or English, on a page, in a preview or on the command line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::import_sheet::SheetError;
use super::model::SubmissionState;
use super::money::{MoneyError, Wan};
use super::period::{Period, PeriodError};
use super::project_code::ProjectCodeError;
use super::rounds::ReviewStep;

/// The name of a field or record, as messages and the journal call it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Label {
    Milestone,
    PasswordMaxAge,
    MilestoneTitle,
    Description,
    Phase,
    PhaseName,
    Pillar,
    Domain,
    OwnerUnit,
    StartDate,
    DueDate,
    EndDate,
    Weight,
    Percent,
    Progress,
    ReportedOn,
    ProgressNote,
    Problem,
    ProblemUnit,
    ProblemDue,
    ProblemRaisedOn,
    ProblemStatus,
    Answer,
    DependsOn,
    LinkedProjects,
    AnonymousRead,
    SeparateDuties,
    Settings,
    Project,
    ProjectKind,
    ProjectCode,
    ProjectName,
    BuildUnit,
    Location,
    ConstructionType,
    Content,
    Years,
    StartYear,
    EndYear,
    Total,
    FundCentral,
    FundProvincial,
    FundCity,
    FundCounty,
    FundSocial,
    CompletedBeforeThisYear,
    PlannedThisYear,
    CompletedThisYear,
    ProjectStatus,
    VisibleProgress,
    ContactName,
    ContactPhone,
    Ledger,
    Year,
    Month,
    Planned,
    Completed,
    NameZh,
    NameEn,
    UnitName,
    UnitKind,
    YellowPoints,
    RedPoints,
    User,
    Username,
    DisplayName,
    Role,
    Disabled,
    Password,
    File,
    /// A reporting round (填报轮次).
    Round,
    ReviewComment,
    /// Who handed a unit's submission in.
    SubmittedBy,
    /// The units a liaison reports for.
    Units,
    ChannelKind,
    /// A registered county (区域汇总), as a channel's owner.
    County,
    /// The day of the following month by which counties send a month's package.
    PackageDueDay,
    /// The token upstream issued for pushing packages.
    PushToken,
    WebhookUrl,
    WebhookSecret,
    /// A schedule baseline's name (计划基线).
    BaselineName,
    /// The activity ledger (工作台账).
    ActivityType,
    HeldOn,
    ActivityTitle,
    Participants,
    Notes,
    /// Indicators (指标) and the 工作总结 document.
    Indicator,
    Measure,
    IndicatorPeriod,
    IndicatorSource,
    IndicatorAggregate,
    Target,
    IndicatorValue,
    ReportSection,
    ReportPeriod,
    /// The milestones a bulk edit is for (所选里程碑), and how many days it moves them.
    Selection,
    ShiftDays,
    /// A saved view's name (视图名称).
    ViewName,
    Other,
}

impl Label {
    /// The names under which the journal stores a field or a record (its column name).
    const KEYS: [(&'static str, Label); 69] = [
        ("milestone", Label::Milestone),
        ("title", Label::MilestoneTitle),
        ("description", Label::Description),
        ("phase", Label::Phase),
        ("pillar", Label::Pillar),
        ("domain", Label::Domain),
        ("unit", Label::OwnerUnit),
        ("start_date", Label::StartDate),
        ("due_date", Label::DueDate),
        ("end_date", Label::EndDate),
        ("weight", Label::Weight),
        ("percent", Label::Percent),
        ("progress", Label::Progress),
        ("problem", Label::Problem),
        ("problem_status", Label::ProblemStatus),
        ("problem_answer", Label::Answer),
        ("depends_on", Label::DependsOn),
        ("projects", Label::LinkedProjects),
        ("anonymous_read", Label::AnonymousRead),
        ("package_due_day", Label::PackageDueDay),
        ("separate_duties", Label::SeparateDuties),
        ("password_max_age_days", Label::PasswordMaxAge),
        ("settings", Label::Settings),
        ("project", Label::Project),
        ("kind", Label::ProjectKind),
        ("code", Label::ProjectCode),
        ("name", Label::ProjectName),
        ("location", Label::Location),
        ("construction_type", Label::ConstructionType),
        ("content", Label::Content),
        ("start_year", Label::StartYear),
        ("end_year", Label::EndYear),
        ("total", Label::Total),
        ("fund_central", Label::FundCentral),
        ("fund_provincial", Label::FundProvincial),
        ("fund_city", Label::FundCity),
        ("fund_county", Label::FundCounty),
        ("fund_social", Label::FundSocial),
        ("status", Label::ProjectStatus),
        ("visible_progress", Label::VisibleProgress),
        ("contact_name", Label::ContactName),
        ("contact_phone", Label::ContactPhone),
        ("ledger", Label::Ledger),
        ("year", Label::Year),
        ("month", Label::Month),
        ("planned", Label::Planned),
        ("completed", Label::Completed),
        ("name_zh", Label::NameZh),
        ("name_en", Label::NameEn),
        ("yellow_points", Label::YellowPoints),
        ("red_points", Label::RedPoints),
        ("user", Label::User),
        ("username", Label::Username),
        ("display_name", Label::DisplayName),
        ("role", Label::Role),
        ("disabled", Label::Disabled),
        ("password", Label::Password),
        ("answer", Label::Answer),
        ("round", Label::Round),
        ("review_comment", Label::ReviewComment),
        ("submitted_by", Label::SubmittedBy),
        ("units", Label::Units),
        ("indicator", Label::Indicator),
        ("measure", Label::Measure),
        ("period", Label::IndicatorPeriod),
        ("source", Label::IndicatorSource),
        ("target", Label::Target),
        ("value", Label::IndicatorValue),
        ("baseline", Label::BaselineName),
    ];

    /// The label of a journal key, if it names a field or record.
    pub fn from_key(key: &str) -> Option<Label> {
        Self::KEYS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, label)| *label)
    }
}

/// Which of two rows in one uploaded file make it a duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DuplicateKey {
    Code,
    NameAndUnit,
    MilestoneCode,
    TitleAndUnit,
}

/// One thing wrong with a submission. Nothing was saved because of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// A field that must be filled in is empty.
    Required(Label),
    /// Nothing was chosen from a list.
    Choose(Label),
    /// The chosen item no longer exists.
    NoSuchChoice(Label),
    TooLong {
        label: Label,
        max: usize,
        actual: usize,
    },
    BadDate {
        label: Label,
        value: String,
    },
    IntegerRange {
        label: Label,
        min: i64,
        max: i64,
    },
    /// A coded value (type, status …) that is not one of the known codes.
    Unrecognized {
        label: Label,
        value: String,
    },
    OutsideRoadmap {
        label: Label,
        first: NaiveDate,
        last: NaiveDate,
    },
    /// `later` may not come before `earlier` (a due date before the start …).
    Before {
        later: Label,
        earlier: Label,
    },
    InFuture(Label),
    Amount {
        label: Label,
        error: MoneyError,
    },
    Code(ProjectCodeError),
    Period(PeriodError),
    NoRoadmap,
    PhaseMissing,
    PhasesChanged,
    PhasesNotAdjacent {
        phase: String,
        previous: String,
        overlap: bool,
        expected_start: Option<NaiveDate>,
    },
    RedNotAboveYellow,
    MajorNeedsCode,
    FundingMismatch {
        sum: Wan,
        total: Wan,
    },
    PhoneCharacters,
    ConfirmDelete,
    DependencyCycle {
        other: String,
    },
    CodeTaken {
        code: String,
        by: Option<String>,
    },
    UnitNameTaken {
        name: String,
    },
    UnitInUse {
        name: String,
        uses: i64,
    },
    UsernameInvalid,
    PasswordTooShort {
        min: usize,
    },
    /// Fewer kinds of character (lower case, capitals, digits, others) than the rules ask.
    PasswordTooSimple {
        classes: usize,
    },
    PasswordHasUsername,
    /// The same as one of the account's last few passwords.
    PasswordReused {
        remembered: usize,
    },
    /// The person must change their password before going on.
    PasswordChangeRequired,
    PasswordWrong,
    PasswordMismatch,
    UserExists {
        username: String,
    },
    CannotDemoteSelf,
    /// While duties are separated, each administrator's duty needs an enabled account.
    DutyLeftUnheld {
        role: super::model::Role,
    },
    /// Duties can be separated only once a security and an audit administrator exist.
    SeparationNeedsAdministrators,
    /// Ledger months up to a locked reporting period are part of its baseline.
    LedgerMonthLocked {
        month: Period,
        locked: Period,
    },
    PeriodNotOver(Period),
    PeriodAlreadyLocked(Period),
    PeriodNotLocked(Period),
    /// Not a 行政区划代码 (six digits).
    RegionCode(String),
    /// Not an Ed25519 public key as `roadmap package key` prints it.
    PublicKey,
    /// A county with this 行政区划代码 is registered already.
    CountyRegistered(String),
    /// Not an address packages can be pushed to (https, or http to this machine).
    PushUrl(String),
    // Import: the file as a whole.
    FileEmpty,
    FileTooLarge {
        megabytes: usize,
    },
    OldExcelFormat,
    UnknownFileType,
    BadXlsx {
        detail: String,
    },
    NoWorksheet,
    ZipBomb,
    BadCsv {
        detail: String,
    },
    Sheet(SheetError),
    ImportHasProblems {
        count: usize,
    },
    ImportNothingToDo,
    ImportStale {
        project: String,
    },
    UploadExpired,
    // Import: one row.
    UnknownUnit {
        unit: String,
    },
    DuplicateRow {
        first_row: usize,
        key: DuplicateKey,
    },
    NewProjectNeedsUnit,
    UnknownConstruction {
        value: String,
    },
    /// A schedule baseline of this name exists already.
    BaselineNameTaken {
        name: String,
    },
    /// A bulk edit is for more milestones than one may change at once.
    SelectionTooLarge {
        max: usize,
        actual: usize,
    },
    /// A bulk edit that asks for no change.
    BulkNothingChosen,
    /// A bulk edit that would leave every selected milestone as it is.
    BulkNoEffect,
    /// Selected milestones the change would break a rule of.
    BulkHasProblems {
        count: usize,
    },
    /// Milestones of a bulk edit that someone saved after its preview.
    MilestonesChangedMeanwhile {
        titles: Vec<String>,
    },
    /// The person keeps as many saved views as one may.
    TooManyViews {
        max: usize,
    },
    /// A name in a file that is none of the entries it must be one of.
    UnknownName {
        label: Label,
        value: String,
        known: Vec<String>,
    },
    /// A milestone code (in a file) that names no milestone.
    UnknownMilestoneCode {
        code: String,
    },
    /// A project code or name (in a file) that names no project.
    UnknownProjectRef {
        reference: String,
    },
    BadYears {
        value: String,
    },
    MonthOutsideYears {
        month: Period,
        start: i32,
        end: i32,
    },
    ImportLedgerLocked(Period),
    // Reporting rounds.
    /// A round for this month exists already.
    RoundExists(Period),
    RoundDueTooEarly {
        month: Period,
        due: NaiveDate,
    },
    /// No unit has an active milestone or project, and none was chosen.
    RoundCoversNoUnit,
    RoundAlreadyClosed(Period),
    /// The round does not cover this unit or item.
    NotInRound,
    /// A unit that has started its submission stays in the round.
    RoundUnitHasEntries,
    /// Nothing was filled in yet, so there is nothing to hand in.
    SubmissionEmpty,
    /// This step cannot be taken while the submission is in `state`.
    SubmissionStep {
        state: SubmissionState,
        step: ReviewStep,
    },
    /// A returned submission needs a reason on at least one item or on the whole.
    ReturnNeedsComment,
    /// A liaison account must be bound to at least one unit.
    LiaisonNeedsUnit,
    /// Units may only be bound to a liaison.
    UnitsOnlyForLiaison,
    // Evidence files (佐证材料).
    /// The content is not one of the accepted kinds (checked by its bytes, not its name).
    EvidenceType,
    EvidenceTooLarge {
        megabytes: usize,
        limit: usize,
    },
    /// A project reported upward or kept in a locked baseline is archived, not deleted.
    ProjectWasReported,
    /// A webhook address must be an http(s) URL.
    WebhookUrl,
    /// The robot (or the mail server) did not take the test message; its answer.
    ChannelTestFailed {
        answer: String,
    },
    /// An e-mail channel lists something that is not an address.
    EmailAddress {
        address: String,
    },
    /// An e-mail channel lists more addresses than one message should go to.
    TooManyRecipients {
        limit: usize,
    },
    /// E-mail channels need the server's `--smtp-url` and `--smtp-from`.
    SmtpNotConfigured,
    /// The item was taken out of this round: nothing to report on it.
    ItemNotInRound,
    /// The unit has filled the item in already, so it stays in the round.
    ItemHasEntry,
    /// The ledger records what happened: not a day after today.
    HeldInFuture,
    /// An activity type of this name exists.
    ActivityTypeTaken {
        name: String,
    },
    /// An indicator of this name exists.
    IndicatorTaken {
        name: String,
    },
    /// Values of a counted or computed indicator are worked out, not entered.
    IndicatorNotEntered,
    /// A report's period ends before it starts, or spans more than a few years.
    ReportPeriod,
    /// A narrative names a section the report does not have.
    NoSuchReportSection,
}
