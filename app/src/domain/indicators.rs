//! Indicators (指标): the counts, rates and amounts a 工作总结 cites beside milestones and
//! projects. What makes one valid, how its periods fall, how a year's figure is made of them, and
//! where it stands against its target and 序时进度.

use chrono::{Datelike, NaiveDate};

use super::money::Wan;
use super::problem::{Label, Problem};
use super::project_rules::amount;
use super::validate::FieldErrors;
use crate::model::{IndicatorForm, IndicatorValueForm};

const NAME_MAX: usize = 60;
const MEASURE_MAX: usize = 10;
const NOTE_MAX: usize = 500;

/// How often a value is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorPeriod {
    Month,
    Quarter,
    Year,
}

impl IndicatorPeriod {
    pub const ALL: [IndicatorPeriod; 3] = [Self::Month, Self::Quarter, Self::Year];

    pub fn code(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The first day of the period `day` falls in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        let month = match self {
            Self::Month => day.month(),
            Self::Quarter => (day.month0() / 3) * 3 + 1,
            Self::Year => 1,
        };
        NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
    }

    /// The last day of the period that starts on `start`.
    pub fn end_of(self, start: NaiveDate) -> NaiveDate {
        let months = match self {
            Self::Month => 1,
            Self::Quarter => 3,
            Self::Year => 12,
        };
        start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|next| next.pred_opt())
            .unwrap_or(start)
    }

    /// The starts of the periods that overlap `from..=to`, oldest first.
    pub fn starts_between(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut starts = Vec::new();
        let mut start = self.start_of(from);
        while start <= to {
            starts.push(start);
            match self.end_of(start).succ_opt() {
                Some(next) => start = next,
                None => break,
            }
        }
        starts
    }
}

/// How a year's figure is made of its periods' values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Added up: sessions held, 万元 invested.
    Sum,
    /// The latest period's value: a coverage rate, storage in use.
    Latest,
}

impl Aggregate {
    pub fn code(self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::Latest => "latest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Sum, Self::Latest]
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// The figure for a stretch of periods from their values, oldest first; `None` when no
    /// period has a value.
    pub fn combine(self, values: &[(NaiveDate, i64)]) -> Option<i64> {
        match self {
            Self::Sum => (!values.is_empty()).then(|| values.iter().map(|(_, v)| v).sum()),
            Self::Latest => values.iter().max_by_key(|(day, _)| *day).map(|(_, v)| *v),
        }
    }
}

/// A figure the tracker works out from its own data for a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputedKey {
    /// Milestones completed in the period.
    MilestonesCompleted,
    /// Problems closed in the period.
    ProblemsClosed,
    /// Investment completed in the period's months, in 万元.
    InvestmentCompleted,
    /// Major projects (重大项目) in the registry.
    MajorProjects,
    /// Units whose information-system projects were surveyed.
    UnitsSurveyed,
}

impl ComputedKey {
    pub const ALL: [ComputedKey; 5] = [
        Self::MilestonesCompleted,
        Self::ProblemsClosed,
        Self::InvestmentCompleted,
        Self::MajorProjects,
        Self::UnitsSurveyed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::MilestonesCompleted => "milestones_completed",
            Self::ProblemsClosed => "problems_closed",
            Self::InvestmentCompleted => "investment_completed",
            Self::MajorProjects => "major_projects",
            Self::UnitsSurveyed => "units_surveyed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Counts of a state (not of events in the period) are levels: a year shows the latest.
    pub fn aggregate(self) -> Aggregate {
        match self {
            Self::MajorProjects | Self::UnitsSurveyed => Aggregate::Latest,
            _ => Aggregate::Sum,
        }
    }
}

/// Where an indicator's values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Entered by planners or the owning unit, period by period.
    Entered,
    /// The number of activity-ledger records of this type in the period.
    Ledger(i64),
    Computed(ComputedKey),
}

impl Source {
    /// As a form's select and the database hold it: `entered`, `ledger:6`, `computed:…`.
    pub fn code(self) -> String {
        match self {
            Self::Entered => "entered".into(),
            Self::Ledger(type_id) => format!("ledger:{type_id}"),
            Self::Computed(key) => format!("computed:{}", key.code()),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.split_once(':') {
            None if code == "entered" => Some(Self::Entered),
            Some(("ledger", id)) => id.parse().ok().map(Self::Ledger),
            Some(("computed", key)) => ComputedKey::from_code(key).map(Self::Computed),
            _ => None,
        }
    }

    /// From the columns `source`, `activity_type_id`, `computed`.
    pub fn from_columns(source: &str, activity_type: Option<i64>, computed: Option<&str>) -> Self {
        match (
            source,
            activity_type,
            computed.and_then(ComputedKey::from_code),
        ) {
            ("ledger", Some(id), _) => Self::Ledger(id),
            ("computed", _, Some(key)) => Self::Computed(key),
            _ => Self::Entered,
        }
    }

    /// The `source` column.
    pub fn column(self) -> &'static str {
        match self {
            Self::Entered => "entered",
            Self::Ledger(_) => "ledger",
            Self::Computed(_) => "computed",
        }
    }
}

/// The ids an indicator may refer to.
#[derive(Clone, Copy, Debug)]
pub struct IndicatorChoices<'a> {
    pub activity_types: &'a [i64],
    pub units: &'a [i64],
    pub pillars: &'a [i64],
    pub domains: &'a [i64],
}

/// An indicator that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorDraft {
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    pub higher_is_better: bool,
    pub period: IndicatorPeriod,
    pub aggregate: Aggregate,
    pub source: Source,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub pinned: bool,
    /// The target for a year, in hundredths of the measure.
    pub target: Option<(i32, i64)>,
}

/// Checks an indicator form. A ledger count is told in the type's measure and added up; a
/// computed figure is added up or read as a level as its kind says.
pub fn validate_indicator(
    form: &IndicatorForm,
    choices: IndicatorChoices,
) -> Result<IndicatorDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let name_zh = e.required_text("name_zh", Label::NameZh, &form.name_zh, NAME_MAX);
    let name_en = e.optional_text("name_en", Label::NameEn, &form.name_en, NAME_MAX);
    let measure = e.required_text("measure", Label::Measure, &form.measure, MEASURE_MAX);
    let period = IndicatorPeriod::from_code(form.period.trim());
    if period.is_none() {
        e.add("period", Problem::Choose(Label::IndicatorPeriod));
    }
    let source = match Source::from_code(form.source.trim()) {
        Some(Source::Ledger(id)) if !choices.activity_types.contains(&id) => {
            e.add("source", Problem::NoSuchChoice(Label::IndicatorSource));
            None
        }
        None => {
            e.add("source", Problem::Choose(Label::IndicatorSource));
            None
        }
        known => known,
    };
    let aggregate = match source {
        Some(Source::Ledger(_)) => Some(Aggregate::Sum),
        Some(Source::Computed(key)) => Some(key.aggregate()),
        _ => {
            let aggregate = Aggregate::from_code(form.aggregate.trim());
            if aggregate.is_none() {
                e.add("aggregate", Problem::Choose(Label::IndicatorAggregate));
            }
            aggregate
        }
    };
    let optional = |e: &mut FieldErrors, field, label, value: &str, known: &[i64]| {
        e.optional_choice(field, label, value, known.iter().copied())
    };
    let pillar_id = optional(
        &mut e,
        "pillar",
        Label::Pillar,
        &form.pillar,
        choices.pillars,
    );
    let domain_id = optional(
        &mut e,
        "domain",
        Label::Domain,
        &form.domain,
        choices.domains,
    );
    let unit_id = optional(&mut e, "unit", Label::OwnerUnit, &form.unit, choices.units);
    let target = if form.target.trim().is_empty() {
        None
    } else {
        let year = e
            .integer_in("target_year", Label::Year, &form.target_year, 2000, 2100)
            .and_then(|y| i32::try_from(y).ok());
        let value = amount(&mut e, "target", Label::Target, &form.target, true);
        year.zip(value.map(Wan::hundredths))
    };
    match (period, source, aggregate) {
        (Some(period), Some(source), Some(aggregate)) => e.into_result(IndicatorDraft {
            name_zh,
            name_en,
            measure,
            higher_is_better: form.direction.trim() != "lower",
            period,
            aggregate,
            source,
            pillar_id,
            domain_id,
            unit_id,
            pinned: !form.pinned.trim().is_empty(),
            target,
        }),
        _ => Err(e),
    }
}

/// A value that passed the checks: the start of its period, hundredths, a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueDraft {
    pub starts_on: NaiveDate,
    pub value: i64,
    pub note: String,
}

/// Checks a value for an entered indicator: a day in the period (a month as `2026-06` will do),
/// not a period that has not begun by `today`, and a figure with at most two decimals.
pub fn validate_value(
    form: &IndicatorValueForm,
    period: IndicatorPeriod,
    today: NaiveDate,
) -> Result<ValueDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let day_text = form.period_day.trim();
    // `<input type="month">` posts `2026-06`.
    let day_text = if day_text.len() == 7 {
        format!("{day_text}-01")
    } else {
        day_text.to_string()
    };
    let starts_on = e
        .required_date("period_day", Label::IndicatorPeriod, &day_text)
        .map(|day| period.start_of(day));
    if starts_on.is_some_and(|start| start > today) {
        e.add("period_day", Problem::InFuture(Label::IndicatorPeriod));
    }
    let value = amount(&mut e, "value", Label::IndicatorValue, &form.value, true);
    let note = e.optional_text("note", Label::Notes, &form.note, NOTE_MAX);
    match (starts_on, value) {
        (Some(starts_on), Some(value)) => e.into_result(ValueDraft {
            starts_on,
            value: value.hundredths(),
            note,
        }),
        _ => Err(e),
    }
}

/// A figure in hundredths as people read it: `12`, `96.5`, `1,234.56`.
pub fn figure_text(hundredths: i64) -> String {
    let text = Wan(hundredths).to_string();
    match text.strip_suffix(".00") {
        Some(whole) => whole.to_string(),
        None => text.strip_suffix('0').map(str::to_string).unwrap_or(text),
    }
}

/// Where an indicator stands on a day of its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The year's figure so far (hundredths); `None` when nothing is recorded.
    pub value: Option<i64>,
    pub target: Option<i64>,
    /// What the target asks for by this day (序时): a share of the year's target for a sum,
    /// the target itself for a level.
    pub expected: Option<i64>,
    /// Whether the figure is where the target asks it to be by now.
    pub on_track: Option<bool>,
}

/// The standing of a year's `values` (oldest first) against `target` on `day`.
pub fn standing(
    aggregate: Aggregate,
    higher_is_better: bool,
    values: &[(NaiveDate, i64)],
    target: Option<i64>,
    day: NaiveDate,
) -> Standing {
    let value = aggregate.combine(values);
    let expected = target.map(|target| match aggregate {
        Aggregate::Latest => target,
        Aggregate::Sum => {
            let year_days = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() {
                366
            } else {
                365
            };
            let elapsed = i64::from(day.ordinal());
            (i128::from(target) * i128::from(elapsed) / year_days) as i64
        }
    });
    let on_track = match (value, expected, target) {
        (Some(v), Some(expected), _) if higher_is_better => Some(v >= expected),
        (Some(v), _, Some(target)) => Some(v <= target),
        _ => None,
    };
    Standing {
        value,
        target,
        expected,
        on_track,
    }
}

/// The points of a sparkline `width` × `height` for values oldest first, as an SVG
/// `polyline`'s `points`; empty with fewer than two values.
pub fn sparkline_points(values: &[i64], width: f64, height: f64) -> String {
    if values.len() < 2 {
        return String::new();
    }
    let (low, high) = values
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = (high - low).max(1) as f64;
    let step = width / (values.len() - 1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = height - (v - low) as f64 / span * height;
            format!("{:.1},{:.1}", i as f64 * step, y)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn choices() -> IndicatorChoices<'static> {
        IndicatorChoices {
            activity_types: &[6],
            units: &[1],
            pillars: &[1],
            domains: &[1],
        }
    }

    #[test]
    fn periods_start_and_end_on_calendar_boundaries() {
        let day = d(2026, 8, 17);
        assert_eq!(IndicatorPeriod::Month.start_of(day), d(2026, 8, 1));
        assert_eq!(IndicatorPeriod::Quarter.start_of(day), d(2026, 7, 1));
        assert_eq!(IndicatorPeriod::Year.start_of(day), d(2026, 1, 1));
        assert_eq!(IndicatorPeriod::Month.end_of(d(2026, 2, 1)), d(2026, 2, 28));
        assert_eq!(
            IndicatorPeriod::Quarter.end_of(d(2026, 10, 1)),
            d(2026, 12, 31)
        );
        assert_eq!(
            IndicatorPeriod::Quarter.starts_between(d(2026, 2, 10), d(2026, 6, 30)),
            vec![d(2026, 1, 1), d(2026, 4, 1)]
        );
        assert_eq!(
            IndicatorPeriod::Month
                .starts_between(d(2026, 1, 1), d(2026, 6, 30))
                .len(),
            6
        );
    }

    #[test]
    fn a_year_adds_up_counts_and_reads_the_latest_level() {
        let values = [(d(2026, 1, 1), 300), (d(2026, 2, 1), 500)];
        assert_eq!(Aggregate::Sum.combine(&values), Some(800));
        assert_eq!(Aggregate::Latest.combine(&values), Some(500));
        assert_eq!(Aggregate::Sum.combine(&[]), None);
    }

    #[test]
    fn standing_follows_the_share_of_the_year_gone() {
        // Half-way through 2026 (day 181 of 365), a target of 24 sessions asks for 11.9 so far.
        let day = d(2026, 6, 30);
        let values = [(d(2026, 1, 1), 600), (d(2026, 4, 1), 700)];
        let s = standing(Aggregate::Sum, true, &values, Some(2400), day);
        assert_eq!(s.value, Some(1300));
        assert_eq!(s.expected, Some(2400 * 181 / 365));
        assert_eq!(s.on_track, Some(true));
        let behind = standing(Aggregate::Sum, true, &values[..1], Some(2400), day);
        assert_eq!(behind.on_track, Some(false));
        // A level is held against the whole target; lower-is-better against its ceiling.
        let rate = standing(Aggregate::Latest, true, &values, Some(9000), day);
        assert_eq!(rate.on_track, Some(false));
        let incidents = standing(Aggregate::Sum, false, &values, Some(1000), day);
        assert_eq!(incidents.on_track, Some(false));
        assert_eq!(
            standing(Aggregate::Sum, true, &[], Some(1), day).on_track,
            None
        );
    }

    #[test]
    fn an_indicator_form_is_checked_field_by_field() {
        let form = IndicatorForm {
            name_zh: "安全检查".into(),
            measure: "次".into(),
            period: "month".into(),
            source: "ledger:6".into(),
            target_year: "2026".into(),
            target: "12".into(),
            pinned: "on".into(),
            ..IndicatorForm::default()
        };
        let draft = validate_indicator(&form, choices()).unwrap();
        assert_eq!(draft.source, Source::Ledger(6));
        assert_eq!(draft.aggregate, Aggregate::Sum);
        assert_eq!(draft.target, Some((2026, 1200)));
        assert!(draft.pinned && draft.higher_is_better);

        let bad = IndicatorForm {
            source: "ledger:99".into(),
            period: "week".into(),
            target: "1.234".into(),
            ..form
        };
        let errors = validate_indicator(&bad, choices()).unwrap_err();
        for field in ["source", "period", "target"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_value_is_filed_under_its_period_and_not_ahead_of_time() {
        let today = d(2026, 6, 15);
        let form = IndicatorValueForm {
            period_day: "2026-05".into(),
            value: "96.5".into(),
            ..IndicatorValueForm::default()
        };
        let draft = validate_value(&form, IndicatorPeriod::Quarter, today).unwrap();
        assert_eq!(draft.starts_on, d(2026, 4, 1));
        assert_eq!(draft.value, 9650);
        let ahead = IndicatorValueForm {
            period_day: "2026-07-01".into(),
            ..form
        };
        let errors = validate_value(&ahead, IndicatorPeriod::Month, today).unwrap_err();
        assert!(errors.get("period_day").is_some());
    }

    #[test]
    fn a_sparkline_spans_its_box() {
        assert_eq!(sparkline_points(&[5], 60.0, 20.0), "");
        assert_eq!(
            sparkline_points(&[0, 100, 50], 60.0, 20.0),
            "0.0,20.0 30.0,0.0 60.0,10.0"
        );
    }

    #[test]
    fn figures_read_without_needless_decimals() {
        assert_eq!(figure_text(1200), "12");
        assert_eq!(figure_text(9650), "96.5");
        assert_eq!(figure_text(123_456), "1,234.56");
    }

    #[test]
    fn sources_round_trip_through_their_codes() {
        for source in [
            Source::Entered,
            Source::Ledger(3),
            Source::Computed(ComputedKey::UnitsSurveyed),
        ] {
            assert_eq!(Source::from_code(&source.code()), Some(source));
        }
        assert_eq!(Source::from_code("computed:nothing"), None);
    }
}
