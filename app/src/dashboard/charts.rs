//! The dashboard's charts as the page shows them: each drawn as SVG (`svg`) from the figures,
//! with the same figures as a table, in the reader's language. Pure: no database.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::svg::{self as charts, ChartError};
use crate::db::queries::InvestmentRow;
use crate::domain::baseline::SlipBand;
use crate::domain::burnup::BurnUpPoint;
use crate::domain::money::Wan;
use crate::domain::status::{rollup_status, Status, Thresholds};
use crate::domain::summary::Summary;
use crate::i18n::Locale;
use crate::model::MilestoneFilter;
use crate::model::{
    Chart, DashboardFilter, GroupProgress, MilestoneFact, MilestoneRow, Named, PhaseInfo,
};

/// A pillar's lane draws its milestones one by one up to this many; beyond it the lane collapses
/// to one status-split bar per phase, so the SVG stays small and the bars stay readable.
pub const TIMELINE_LANE_LIMIT: usize = 100;

/// The milestones a timeline draws one by one: those of lanes (pillars) that do not collapse.
pub fn open_lane_milestones<'a>(
    facts: &'a [MilestoneFact],
    pillars: &[Named],
) -> impl Iterator<Item = &'a MilestoneFact> {
    let open: Vec<i64> = pillars
        .iter()
        .map(|p| p.id)
        .filter(|&id| {
            let n = facts.iter().filter(|f| f.pillar_id == id).count();
            n > 0 && n <= TIMELINE_LANE_LIMIT
        })
        .collect();
    facts.iter().filter(move |f| open.contains(&f.pillar_id))
}

/// Due dates against the newest schedule baseline: its name and (pillar, band, milestones).
#[derive(Clone, Debug, PartialEq)]
pub struct SlipInput {
    pub baseline_id: i64,
    pub baseline: String,
    pub bands: Vec<(i64, SlipBand, i64)>,
    /// The baseline's start and due date of the milestones the page names (the timeline draws them).
    pub planned: HashMap<i64, (NaiveDate, NaiveDate)>,
}

/// Milestones by pillar and band of slip against the baseline, as stacked bars (the pillars the
/// filter shows, in their order).
pub fn slip_chart(
    slip: &SlipInput,
    pillars: &[Named],
    filter: &DashboardFilter,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let stacks: Vec<charts::Stack> = pillars
        .iter()
        .filter(|p| filter.pillar.is_none_or(|id| id == p.id))
        .map(|p| charts::Stack {
            label: locale.pick(&p.name_zh, &p.name_en).to_string(),
            counts: SlipBand::ALL
                .iter()
                .map(|band| {
                    slip.bands
                        .iter()
                        .filter(|(pillar, b, _)| *pillar == p.id && b == band)
                        .map(|(_, _, n)| usize::try_from(*n).unwrap_or(0))
                        .sum()
                })
                .collect(),
        })
        .collect();
    let legend: Vec<(&str, &'static plotters::style::RGBColor)> = SlipBand::ALL
        .iter()
        .zip(charts::SLIP_COLORS.iter())
        .map(|(band, color)| (locale.slip_band(*band), color))
        .collect();
    stacked_chart(
        "slip",
        locale.slip_chart_title(&slip.baseline),
        &stacks,
        &legend,
        locale,
    )
}

/// Stacked bars per pillar with their data table: a row per pillar, a column per part.
fn stacked_chart(
    key: &str,
    title: String,
    stacks: &[charts::Stack],
    legend: &[(&str, &'static plotters::style::RGBColor)],
    locale: Locale,
) -> Result<Chart, ChartError> {
    Ok(Chart {
        key: key.into(),
        title,
        svg: charts::stacked_bars(stacks, legend)?,
        table_head: std::iter::once(locale.texts().col_pillar.to_string())
            .chain(legend.iter().map(|(name, _)| name.to_string()))
            .collect(),
        table_rows: stacks
            .iter()
            .map(|s| {
                std::iter::once(s.label.clone())
                    .chain(s.counts.iter().map(|c| c.to_string()))
                    .collect()
            })
            .collect(),
    })
}

/// The milestones a chart shows: the facts of every one, and the rows with text of those it names.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub facts: &'a [MilestoneFact],
    pub named: &'a HashMap<i64, MilestoneRow>,
    /// The named milestones' start and due date in the newest baseline, when there is one.
    pub planned: Option<&'a HashMap<i64, (NaiveDate, NaiveDate)>>,
}

/// The roadmap timeline of the milestones the dashboard shows; `shown.named` holds those drawn
/// one by one ([`open_lane_milestones`]).
pub fn timeline_chart(
    shown: Shown<'_>,
    edges: &[(i64, i64)],
    pillars: &[Named],
    phases: &[PhaseInfo],
    filter: &DashboardFilter,
    today: NaiveDate,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let Shown {
        facts,
        named,
        planned,
    } = shown;
    let d = locale.dash();
    let t = locale.texts();
    let lanes: Vec<(&Named, usize)> = pillars
        .iter()
        .map(|p| (p, facts.iter().filter(|r| r.pillar_id == p.id).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let rows: Vec<&MilestoneRow> = open_lane_milestones(facts, pillars)
        .filter_map(|f| named.get(&f.id))
        .collect();
    let lane_of = |pillar_id: i64| lanes.iter().position(|(p, _)| p.id == pillar_id);
    let collapsed = |lane: usize| lanes[lane].1 > TIMELINE_LANE_LIMIT;
    let items: Vec<charts::TimelineItem> = rows
        .iter()
        .copied()
        .filter_map(|r| {
            let lane = lane_of(r.pillar.id).filter(|&l| !collapsed(l))?;
            Some(charts::TimelineItem {
                id: r.id,
                lane,
                title: r.title.clone(),
                start: r.start_date,
                due: r.due_date,
                status: r.assessment.status,
                href: format!("/milestones/{}", r.id),
                planned: planned.and_then(|p| p.get(&r.id)).copied(),
            })
        })
        .collect();
    let mut summaries = Vec::new();
    for (lane, (pillar, _)) in lanes.iter().enumerate().filter(|(l, _)| collapsed(*l)) {
        for phase in phases {
            let mut counts = [0usize; 4];
            for r in facts
                .iter()
                .filter(|r| r.pillar_id == pillar.id && r.phase_id == phase.id)
            {
                if let Some(i) = Status::ALL.iter().position(|s| *s == r.assessment.status) {
                    counts[i] += 1;
                }
            }
            let total: usize = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let names = format!(
                "{} · {}",
                locale.pick(&pillar.name_zh, &pillar.name_en),
                locale.pick(&phase.name_zh, &phase.name_en)
            );
            let breakdown = Status::ALL
                .iter()
                .zip(counts)
                .map(|(s, n)| format!("{} {}", locale.status(*s), locale.count(n)))
                .collect::<Vec<_>>()
                .join("，");
            let drill = MilestoneFilter {
                phase: Some(phase.id),
                pillar: Some(pillar.id),
                ..filter.milestones()
            };
            summaries.push(charts::TimelineSummary {
                lane,
                start: phase.start_date,
                end: phase.end_date,
                counts,
                label: format!("{} {}", locale.count(total), d.count_unit),
                tooltip: format!("{names}：{breakdown}"),
                href: format!("/milestones?{}", crate::model::query::to_query(&drill)),
            });
        }
    }
    let bands: Vec<charts::TimelineBand> = phases
        .iter()
        .map(|p| charts::TimelineBand {
            name: locale.pick(&p.name_zh, &p.name_en).to_string(),
            start: p.start_date,
            end: p.end_date,
        })
        .collect();
    let lane_names: Vec<String> = lanes
        .iter()
        .map(|(p, _)| locale.pick(&p.name_zh, &p.name_en).to_string())
        .collect();
    // The table lists what the chart draws: each milestone, or a collapsed lane's phase totals.
    let mut table_rows: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| lane_of(r.pillar.id).is_some_and(|l| !collapsed(l)))
        .map(|r| {
            vec![
                r.title.clone(),
                locale
                    .pick(&r.pillar.name_zh, &r.pillar.name_en)
                    .to_string(),
                dates_with_plan(
                    (r.start_date, r.due_date),
                    planned.and_then(|p| p.get(&r.id)).copied(),
                    locale,
                ),
                locale.status(r.assessment.status).to_string(),
            ]
        })
        .collect();
    table_rows.extend(summaries.iter().map(|s| {
        let (names, breakdown) = s.tooltip.split_once('：').unwrap_or((&s.tooltip, ""));
        vec![
            format!("{names}（{}）", s.label),
            lane_names[s.lane].clone(),
            format!("{} – {}", locale.date(s.start), locale.date(s.end)),
            breakdown.to_string(),
        ]
    }));
    Ok(Chart {
        key: "timeline".into(),
        title: d.chart_timeline.into(),
        svg: charts::timeline(
            &bands,
            &lane_names,
            &items,
            &summaries,
            edges,
            today,
            &day_label(filter, today, locale),
        )?,
        table_head: vec![
            t.col_milestone.into(),
            t.col_pillar.into(),
            t.col_dates.into(),
            t.col_status.into(),
        ],
        table_rows,
    })
}

/// "2026年3月1日 – 2026年6月30日", with the baseline's dates when they differ.
fn dates_with_plan(
    (start, due): (NaiveDate, NaiveDate),
    planned: Option<(NaiveDate, NaiveDate)>,
    locale: Locale,
) -> String {
    let now = format!("{} – {}", locale.date(start), locale.date(due));
    match planned.filter(|p| *p != (start, due)) {
        Some((start, due)) => format!(
            "{now}{}{} {} – {}{}",
            locale.pick("（", " ("),
            locale.baselines().baseline,
            locale.date(start),
            locale.date(due),
            locale.pick("）", ")")
        ),
        None => now,
    }
}

/// What the charts call the day they show: "今天", or the date when looking back.
fn day_label(filter: &DashboardFilter, day: NaiveDate, locale: Locale) -> String {
    match filter.as_of {
        Some(_) => locale.date(day),
        None => locale.dash().today.to_string(),
    }
}

/// Cumulative weighted progress by month against the plan.
pub fn burn_up_chart(
    points: &[BurnUpPoint],
    filter: &DashboardFilter,
    today: NaiveDate,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let d = locale.dash();
    let series: Vec<_> = points
        .iter()
        .map(|p| (p.day, p.actual, p.planned))
        .collect();
    Ok(Chart {
        key: "burnup".into(),
        title: d.chart_burnup.into(),
        svg: charts::burn_up(
            &series,
            today,
            [
                d.actual,
                d.planned_progress,
                &day_label(filter, today, locale),
            ],
        )?,
        table_head: vec![
            d.month_end.into(),
            d.actual.into(),
            d.planned_progress.into(),
        ],
        table_rows: points
            .iter()
            .map(|p| {
                vec![
                    locale.date(p.day),
                    p.actual.map(|a| format!("{a:.1}%")).unwrap_or_default(),
                    format!("{:.1}%", p.planned),
                ]
            })
            .collect(),
    })
}

/// Investment by year, planned against completed, stacked by pillar or by funding source.
pub fn investment_chart(
    rows: &[InvestmentRow],
    pillars: &[Named],
    by_source: bool,
    locale: Locale,
) -> Result<Chart, ChartError> {
    let d = locale.dash();
    let e = locale.edit();
    let series: Vec<String> = if by_source {
        [
            e.fund_central,
            e.fund_provincial,
            e.fund_city,
            e.fund_county,
            e.fund_social,
        ]
        .map(String::from)
        .to_vec()
    } else {
        pillars
            .iter()
            .map(|p| locale.pick(&p.name_zh, &p.name_en).to_string())
            .chain(std::iter::once(d.no_pillar.to_string()))
            .collect()
    };
    // Adds one row's planned and completed amounts into the series they belong to.
    let add = |row: &InvestmentRow, planned: &mut [Wan], completed: &mut [Wan]| {
        if by_source {
            if let Some(split) = &row.by_source {
                for i in 0..5 {
                    planned[i] += split.planned[i];
                    completed[i] += split.completed[i];
                }
            }
        } else {
            let i = row
                .pillar
                .and_then(|id| pillars.iter().position(|p| p.id == id))
                .unwrap_or(pillars.len());
            planned[i] += row.planned;
            completed[i] += row.completed;
        }
    };
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.dedup();
    let mut table_rows = Vec::new();
    let data: Vec<charts::YearInvestment> = years
        .iter()
        .map(|&year| {
            let mut planned = vec![Wan::ZERO; series.len()];
            let mut completed = vec![Wan::ZERO; series.len()];
            for row in rows.iter().filter(|r| r.year == year) {
                add(row, &mut planned, &mut completed);
            }
            let (total_planned, total_completed): (Wan, Wan) = (
                planned.iter().copied().sum(),
                completed.iter().copied().sum(),
            );
            table_rows.push(vec![
                year.to_string(),
                total_planned.to_string(),
                total_completed.to_string(),
                total_completed
                    .percent_of(total_planned)
                    .map(|p| format!("{p:.1}%"))
                    .unwrap_or_default(),
            ]);
            let as_f64 = |v: &[Wan]| v.iter().map(|w| w.hundredths() as f64 / 100.0).collect();
            charts::YearInvestment {
                year,
                planned: as_f64(&planned),
                completed: as_f64(&completed),
                planned_label: total_planned.to_string(),
                completed_label: total_completed.to_string(),
            }
        })
        .collect();
    Ok(Chart {
        key: "investment".into(),
        title: if by_source {
            d.chart_investment_by_source
        } else {
            d.chart_investment
        }
        .into(),
        svg: charts::investment_by_year(&data, &series, d.bars_caption)?,
        table_head: vec![
            d.year.into(),
            d.planned.into(),
            d.completed.into(),
            d.completion_rate.into(),
        ],
        table_rows,
    })
}

/// The dashboard's charts from the roll-ups, each with its figures as a table.
pub fn dashboard_charts(
    summary: &Summary,
    pillars: &[Named],
    phases: &[PhaseInfo],
    by_pillar: &[GroupProgress],
    filter: &DashboardFilter,
    thresholds: &Thresholds,
    locale: Locale,
) -> Result<Vec<Chart>, ChartError> {
    let d = locale.dash();
    let pct = |v: f64| format!("{v:.1}%");
    // A pillar or phase filter narrows the matrix to that row or column.
    let pillars: Vec<&Named> = pillars
        .iter()
        .filter(|p| filter.pillar.is_none_or(|id| id == p.id))
        .collect();
    let phases: Vec<&PhaseInfo> = phases
        .iter()
        .filter(|p| filter.phase.is_none_or(|id| id == p.id))
        .collect();
    let rows: Vec<String> = pillars
        .iter()
        .map(|p| locale.pick(&p.name_zh, &p.name_en).to_string())
        .collect();
    let cols: Vec<String> = phases
        .iter()
        .map(|p| locale.pick(&p.name_zh, &p.name_en).to_string())
        .collect();
    let cells: Vec<Vec<Option<charts::MatrixCell>>> = pillars
        .iter()
        .map(|pillar| {
            phases
                .iter()
                .map(|phase| {
                    summary.by_cell.get(&(pillar.id, phase.id)).map(|(r, _)| {
                        let drill = MilestoneFilter {
                            phase: Some(phase.id),
                            pillar: Some(pillar.id),
                            ..filter.milestones()
                        };
                        charts::MatrixCell {
                            actual: r.actual,
                            expected: r.expected,
                            status: rollup_status(r.actual, r.expected, thresholds),
                            milestones: r.milestones,
                            href: format!("/milestones?{}", crate::model::query::to_query(&drill)),
                        }
                    })
                })
                .collect()
        })
        .collect();
    let matrix_rows = pillars
        .iter()
        .zip(&rows)
        .map(|(pillar, name)| {
            let mut row = vec![name.clone()];
            row.extend(phases.iter().map(|phase| {
                summary
                    .by_cell
                    .get(&(pillar.id, phase.id))
                    .map(|(r, _)| {
                        format!(
                            "{} / {} {} ({})",
                            pct(r.actual),
                            d.expected_short,
                            pct(r.expected),
                            r.milestones
                        )
                    })
                    .unwrap_or_else(|| "—".into())
            }));
            row
        })
        .collect();
    let bars: Vec<charts::ProgressBarData> = by_pillar
        .iter()
        .map(|g| charts::ProgressBarData {
            label: locale.pick(&g.name_zh, &g.name_en).to_string(),
            actual: g.rollup.actual,
            expected: g.rollup.expected,
            status: rollup_status(g.rollup.actual, g.rollup.expected, thresholds),
        })
        .collect();
    let stacks: Vec<charts::Stack> = by_pillar
        .iter()
        .map(|g| charts::Stack {
            label: locale.pick(&g.name_zh, &g.name_en).to_string(),
            counts: Status::ALL.map(|s| g.counts.get(s)).to_vec(),
        })
        .collect();
    let legend = Status::ALL.map(|s| locale.status(s));
    let mut head = vec![locale.texts().col_pillar.to_string()];
    head.extend(cols.iter().cloned());
    Ok(vec![
        Chart {
            key: "matrix".into(),
            title: d.chart_matrix.into(),
            svg: charts::matrix(&rows, &cols, &cells, d.expected_short, d.count_unit)?,
            table_head: head,
            table_rows: matrix_rows,
        },
        Chart {
            key: "progress".into(),
            title: d.chart_progress.into(),
            svg: charts::progress_bars(&bars, d.expected_short)?,
            table_head: vec![
                locale.texts().col_pillar.into(),
                d.actual.into(),
                d.expected_short.into(),
            ],
            table_rows: bars
                .iter()
                .map(|b| vec![b.label.clone(), pct(b.actual), pct(b.expected)])
                .collect(),
        },
        stacked_chart(
            "status",
            d.chart_status.into(),
            &stacks,
            &charts::status_legend(legend),
            locale,
        )?,
    ])
}
