//! The 工作总结 and the 通报 from their figures, without the database: every section says what
//! the figures say, and an empty one says so rather than printing zeros.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::dashboard::DashboardInputs;
use crate::domain::indicators::figure_text;
use crate::domain::money::Wan;
use crate::domain::report_doc::{Block, Position, ReportDocument, ReportPeriod, Section, Table};
use crate::domain::status::Status;
use crate::i18n::work_report::{chinese_number, OverallFigures};
use crate::i18n::Locale;
use crate::model::{ActivityCount, IndicatorView, MilestoneRow, Named, Overview};

/// A milestone completed within the period.
#[derive(Clone, Debug, PartialEq)]
pub struct CompletedMilestone {
    pub pillar_id: i64,
    pub title: String,
}

/// A major project's line in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectLine {
    pub name: String,
    pub unit: String,
    pub total: Wan,
    pub completed: Wan,
}

/// A problem open at the end of the period.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemLine {
    pub pillar_id: Option<i64>,
    pub description: String,
    pub unit: Option<String>,
    pub due: NaiveDate,
}

/// Everything a report is made from, read for one period and filter.
#[derive(Clone, Debug)]
pub struct ReportInputs {
    pub period: ReportPeriod,
    /// The day the figures stand on: the period's end, or today when it has not ended.
    pub day: NaiveDate,
    /// The day the document is dated.
    pub issued_on: NaiveDate,
    /// The issuing body: "XX县大数据中心".
    pub body: String,
    pub dashboard: DashboardInputs,
    pub overview: Overview,
    /// Every milestone the report's filter shows, as it stood on `day`, with its text.
    pub milestones: Vec<MilestoneRow>,
    pub completed: Vec<CompletedMilestone>,
    pub projects: Vec<ProjectLine>,
    pub indicators: Vec<IndicatorView>,
    pub activities: Vec<ActivityCount>,
    pub problems: Vec<ProblemLine>,
    /// Late or missing monthly submissions per unit name, within the period.
    pub late_submissions: BTreeMap<String, i64>,
}

/// Planners' text before and after sections.
pub type Narratives = BTreeMap<(Section, Position), String>;

/// Titles a sentence names at most ("…等 N 项"); items a list under one heading shows at most,
/// the rest told as a count. A county at scale has thousands of milestones.
const NAMES_IN_A_SENTENCE: usize = 10;
const ITEMS_UNDER_A_HEADING: usize = 20;

/// The sections of the report in order, with their headings (the page lists them for the
/// narratives).
pub fn outline(pillars: &[&Named], locale: Locale) -> Vec<(Section, String)> {
    let t = locale.report();
    let mut sections = vec![
        (Section::Work, heading1(1, t.work)),
        (Section::Overall, heading2(1, t.overall)),
    ];
    let mut n = 1;
    for pillar in pillars {
        n += 1;
        sections.push((
            Section::Pillar(pillar.id),
            heading2(n, locale.pick(&pillar.name_zh, &pillar.name_en)),
        ));
    }
    for (section, title) in [
        (Section::Projects, t.projects),
        (Section::Indicators, t.indicators),
        (Section::Activities, t.activities),
    ] {
        n += 1;
        sections.push((section, heading2(n, title)));
    }
    sections.push((Section::Problems, heading1(2, t.problems)));
    sections.push((Section::Plan, heading1(3, t.plan)));
    sections
}

fn heading1(n: usize, text: &str) -> String {
    format!("{}、{text}", chinese_number(n))
}

fn heading2(n: usize, text: &str) -> String {
    format!("（{}）{text}", chinese_number(n))
}

/// The pillars the filter shows.
fn pillars_shown(inputs: &ReportInputs) -> Vec<&Named> {
    let only = inputs.dashboard.filter.pillar;
    inputs
        .dashboard
        .pillars
        .iter()
        .filter(|p| only.is_none_or(|id| id == p.id))
        .collect()
}

/// The 工作总结.
pub fn summary(inputs: &ReportInputs, narratives: &Narratives, locale: Locale) -> ReportDocument {
    let t = locale.report();
    let mut doc = Doc {
        blocks: vec![Block::Title(
            locale.report_title(&inputs.body, inputs.period),
        )],
        narratives,
    };
    let pillars = pillars_shown(inputs);
    let headings: BTreeMap<Section, String> = outline(&pillars, locale).into_iter().collect();
    let heading = |s: Section| headings.get(&s).cloned().unwrap_or_default();

    doc.heading(1, heading(Section::Work));
    doc.narrative(Section::Work, Position::Before);
    doc.section(Section::Overall, heading(Section::Overall), |blocks| {
        let o = &inputs.overview;
        blocks.push(Block::Paragraph(locale.report_overall(&OverallFigures {
            day: inputs.day,
            milestones: o.overall.milestones,
            done: o.counts.done,
            actual: o.overall.actual,
            expected: o.overall.expected,
            behind: o.counts.yellow + o.counts.red,
        })));
        for (key, caption) in [("progress", t.chart_progress), ("burnup", t.chart_burnup)] {
            if o.charts.iter().any(|c| c.key == key) {
                blocks.push(Block::Chart {
                    key: key.into(),
                    caption: caption.into(),
                });
            }
        }
    });
    for pillar in pillars {
        let section = Section::Pillar(pillar.id);
        doc.section(section, heading(section), |blocks| {
            let rows: Vec<_> = inputs
                .milestones
                .iter()
                .filter(|m| m.pillar.id == pillar.id)
                .collect();
            let completed: Vec<String> = inputs
                .completed
                .iter()
                .filter(|m| m.pillar_id == pillar.id)
                .map(|m| quoted(locale, &m.title))
                .collect();
            let behind: Vec<String> = rows
                .iter()
                .filter(|m| matches!(m.assessment.status, Status::Behind | Status::Critical))
                .map(|m| quoted(locale, &m.title))
                .collect();
            let named = |all: &[String]| all[..all.len().min(NAMES_IN_A_SENTENCE)].to_vec();
            let progress = inputs.overview.by_pillar.iter().find(|g| g.id == pillar.id);
            let (actual, expected) =
                progress.map_or((0.0, 0.0), |g| (g.rollup.actual, g.rollup.expected));
            blocks.push(Block::Paragraph(locale.report_pillar(
                (&named(&completed), completed.len()),
                rows.len(),
                actual,
                expected,
                (&named(&behind), behind.len()),
            )));
        });
    }
    doc.section(Section::Projects, heading(Section::Projects), |blocks| {
        projects_block(inputs, locale, blocks)
    });
    doc.section(
        Section::Indicators,
        heading(Section::Indicators),
        |blocks| indicators_block(inputs, locale, blocks),
    );
    doc.section(
        Section::Activities,
        heading(Section::Activities),
        |blocks| {
            let counts: Vec<(String, String, i64)> = inputs
                .activities
                .iter()
                .filter(|c| c.count > 0)
                .map(|c| {
                    (
                        locale.pick(&c.name_zh, &c.name_en).to_string(),
                        c.measure.clone(),
                        c.count,
                    )
                })
                .collect();
            blocks.push(Block::Paragraph(if counts.is_empty() {
                t.no_activities.into()
            } else {
                locale.report_activities(&counts)
            }));
        },
    );
    doc.narrative(Section::Work, Position::After);

    doc.section(Section::Problems, heading(Section::Problems), |blocks| {
        let groups = by_pillar(
            inputs,
            locale,
            inputs.problems.iter().map(|p| (p.pillar_id, p)),
        );
        if groups.is_empty() {
            blocks.push(Block::Paragraph(t.no_problems.into()));
        }
        for (n, (name, problems)) in groups.into_iter().enumerate() {
            blocks.push(Block::Heading(2, heading2(n + 1, &name)));
            let more = problems.len().saturating_sub(ITEMS_UNDER_A_HEADING);
            for (i, p) in problems.into_iter().take(ITEMS_UNDER_A_HEADING).enumerate() {
                let text = locale.report_problem(
                    &p.description,
                    p.unit.as_deref(),
                    p.due,
                    p.due < inputs.day,
                );
                blocks.push(Block::Paragraph(format!("{}.{text}", i + 1)));
            }
            if more > 0 {
                blocks.push(Block::Paragraph(locale.report_more(more)));
            }
        }
    });
    doc.section(Section::Plan, heading(Section::Plan), |blocks| {
        let next = inputs.period.next();
        let due = inputs
            .milestones
            .iter()
            .filter(|m| m.percent < 100 && m.due_date >= next.from && m.due_date <= next.to)
            .map(|m| (Some(m.pillar.id), m));
        let groups = by_pillar(inputs, locale, due);
        if groups.is_empty() {
            blocks.push(Block::Paragraph(t.no_plan.into()));
        }
        for (n, (name, milestones)) in groups.into_iter().enumerate() {
            blocks.push(Block::Heading(2, heading2(n + 1, &name)));
            let more = milestones.len().saturating_sub(ITEMS_UNDER_A_HEADING);
            for (i, m) in milestones
                .into_iter()
                .take(ITEMS_UNDER_A_HEADING)
                .enumerate()
            {
                let text = locale.report_plan_item(&m.title, &m.unit_name, m.due_date, m.percent);
                blocks.push(Block::Paragraph(format!("{}.{text}", i + 1)));
            }
            if more > 0 {
                blocks.push(Block::Paragraph(locale.report_more(more)));
            }
        }
    });
    doc.blocks.push(Block::Signature {
        body: inputs.body.clone(),
        date: locale.date(inputs.issued_on),
    });
    ReportDocument { blocks: doc.blocks }
}

/// 《title》 in Chinese; the title as it is in English.
fn quoted(locale: Locale, title: &str) -> String {
    match locale {
        Locale::Zh => format!("“{title}”"),
        Locale::En => title.to_string(),
    }
}

/// Items grouped under their pillars' names, in the pillars' order; items with no pillar last.
fn by_pillar<'a, T>(
    inputs: &ReportInputs,
    locale: Locale,
    items: impl Iterator<Item = (Option<i64>, &'a T)>,
) -> Vec<(String, Vec<&'a T>)> {
    let mut groups: BTreeMap<Option<usize>, Vec<&T>> = BTreeMap::new();
    let pillars = &inputs.dashboard.pillars;
    for (pillar, item) in items {
        let place = pillar.and_then(|id| pillars.iter().position(|p| p.id == id));
        groups.entry(place).or_default().push(item);
    }
    // `None` sorts first in a BTreeMap: move it to the end.
    let mut out: Vec<(String, Vec<&T>)> = Vec::new();
    let mut unplaced = None;
    for (place, items) in groups {
        match place.and_then(|i| pillars.get(i)) {
            Some(p) => out.push((locale.pick(&p.name_zh, &p.name_en).to_string(), items)),
            None => unplaced = Some(items),
        }
    }
    if let Some(items) = unplaced {
        out.push((String::new(), items));
    }
    out.into_iter()
        .map(|(name, items)| {
            let name = if name.is_empty() {
                "—".to_string()
            } else {
                name
            };
            (name, items)
        })
        .collect()
}

fn projects_block(inputs: &ReportInputs, locale: Locale, blocks: &mut Vec<Block>) {
    let t = locale.report();
    if inputs.projects.is_empty() {
        blocks.push(Block::Paragraph(t.no_projects.into()));
        return;
    }
    let total: Wan = inputs.projects.iter().map(|p| p.total).sum();
    let completed: Wan = inputs.projects.iter().map(|p| p.completed).sum();
    let share = |done: Wan, of: Wan| {
        done.percent_of(of)
            .map_or_else(|| t.no_figure.to_string(), |s| format!("{s:.1}%"))
    };
    blocks.push(Block::Paragraph(locale.report_projects(
        inputs.projects.len(),
        &total.to_string(),
        &completed.to_string(),
        completed.percent_of(total).unwrap_or(0.0),
    )));
    blocks.push(Block::Table(Table {
        head: [
            t.col_no,
            t.col_project,
            t.col_unit,
            t.col_total,
            t.col_completed,
            t.col_share,
        ]
        .map(String::from)
        .to_vec(),
        rows: inputs
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    (i + 1).to_string(),
                    p.name.clone(),
                    p.unit.clone(),
                    p.total.to_string(),
                    p.completed.to_string(),
                    share(p.completed, p.total),
                ]
            })
            .collect(),
        total: Some(vec![
            String::new(),
            t.total_row.into(),
            String::new(),
            total.to_string(),
            completed.to_string(),
            share(completed, total),
        ]),
        widths: vec![10, 48, 30, 22, 26, 20],
    }));
    if inputs.overview.charts.iter().any(|c| c.key == "investment") {
        blocks.push(Block::Chart {
            key: "investment".into(),
            caption: t.chart_investment.into(),
        });
    }
}

fn indicators_block(inputs: &ReportInputs, locale: Locale, blocks: &mut Vec<Block>) {
    let t = locale.report();
    if inputs.indicators.is_empty() {
        blocks.push(Block::Paragraph(t.no_indicators.into()));
        return;
    }
    let figure = |v: Option<i64>| v.map_or_else(|| t.no_figure.to_string(), figure_text);
    blocks.push(Block::Table(Table {
        head: [
            t.col_no,
            t.col_indicator,
            t.col_measure,
            t.col_value,
            t.col_target,
            t.col_expected,
            t.col_standing,
        ]
        .map(String::from)
        .to_vec(),
        rows: inputs
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                vec![
                    (i + 1).to_string(),
                    locale.pick(&ind.name_zh, &ind.name_en).to_string(),
                    ind.measure.clone(),
                    figure(ind.value),
                    figure(ind.target),
                    figure(ind.expected),
                    match ind.on_track {
                        Some(true) => t.on_track.into(),
                        Some(false) => t.off_track.into(),
                        None => t.no_figure.into(),
                    },
                ]
            })
            .collect(),
        total: None,
        widths: vec![10, 44, 18, 22, 22, 22, 18],
    }));
}

/// The document under construction, with the narratives to weave in.
struct Doc<'a> {
    blocks: Vec<Block>,
    narratives: &'a Narratives,
}

impl Doc<'_> {
    fn heading(&mut self, level: u8, text: String) {
        self.blocks.push(Block::Heading(level, text));
    }

    fn narrative(&mut self, section: Section, position: Position) {
        if let Some(text) = self.narratives.get(&(section, position)) {
            for paragraph in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                self.blocks.push(Block::Paragraph(paragraph.to_string()));
            }
        }
    }

    /// A heading, the text before, the generated blocks, the text after.
    fn section(
        &mut self,
        section: Section,
        heading: String,
        generate: impl FnOnce(&mut Vec<Block>),
    ) {
        self.heading(section.level(), heading);
        self.narrative(section, Position::Before);
        generate(&mut self.blocks);
        self.narrative(section, Position::After);
    }
}

/// One unit's line in the 通报.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitStanding {
    pub unit: String,
    pub items: usize,
    pub on_schedule: usize,
    pub late_submissions: i64,
}

/// Units by the share of their milestones on schedule (completed or on track), then by fewer
/// late submissions, then by name.
pub fn unit_ranking(inputs: &ReportInputs) -> Vec<UnitStanding> {
    let mut by_unit: BTreeMap<&str, UnitStanding> = BTreeMap::new();
    for m in &inputs.milestones {
        let line = by_unit.entry(&m.unit_name).or_insert_with(|| UnitStanding {
            unit: m.unit_name.clone(),
            items: 0,
            on_schedule: 0,
            late_submissions: inputs
                .late_submissions
                .get(&m.unit_name)
                .copied()
                .unwrap_or(0),
        });
        line.items += 1;
        if matches!(m.assessment.status, Status::Completed | Status::OnTrack) {
            line.on_schedule += 1;
        }
    }
    let mut lines: Vec<UnitStanding> = by_unit.into_values().collect();
    // Shares compared exactly: a/b > c/d ⇔ a·d > c·b.
    lines.sort_by(|a, b| {
        (b.on_schedule * a.items)
            .cmp(&(a.on_schedule * b.items))
            .then(a.late_submissions.cmp(&b.late_submissions))
            .then(a.unit.cmp(&b.unit))
    });
    lines
}

/// The 通报: a short document with the units' table.
pub fn ranking(inputs: &ReportInputs, locale: Locale) -> ReportDocument {
    let t = locale.report();
    let lines = unit_ranking(inputs);
    let mut blocks = vec![
        Block::Title(format!(
            "{}{}",
            locale.period_name(inputs.period),
            t.ranking_title
        )),
        Block::Paragraph(locale.ranking_intro(inputs.period, inputs.day, lines.len())),
    ];
    if lines.is_empty() {
        blocks.push(Block::Paragraph(t.no_units.into()));
    } else {
        let items: usize = lines.iter().map(|l| l.items).sum();
        let on_schedule: usize = lines.iter().map(|l| l.on_schedule).sum();
        let late: i64 = lines.iter().map(|l| l.late_submissions).sum();
        let share = |on: usize, of: usize| format!("{:.1}%", on as f64 * 100.0 / of.max(1) as f64);
        blocks.push(Block::Table(Table {
            head: [
                t.col_rank,
                t.col_unit,
                t.col_items,
                t.col_on_schedule,
                t.col_share,
                t.col_late_submissions,
            ]
            .map(String::from)
            .to_vec(),
            rows: lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    vec![
                        (i + 1).to_string(),
                        l.unit.clone(),
                        l.items.to_string(),
                        l.on_schedule.to_string(),
                        share(l.on_schedule, l.items),
                        l.late_submissions.to_string(),
                    ]
                })
                .collect(),
            total: Some(vec![
                String::new(),
                t.total_row.into(),
                items.to_string(),
                on_schedule.to_string(),
                share(on_schedule, items),
                late.to_string(),
            ]),
            widths: vec![12, 54, 20, 24, 22, 24],
        }));
    }
    blocks.push(Block::Signature {
        body: inputs.body.clone(),
        date: locale.date(inputs.issued_on),
    });
    ReportDocument { blocks }
}
