//! Page-level read models composed from queries and the pure domain rules.
//! Server functions call these; integration tests call them on both databases.

use chrono::NaiveDate;

use crate::charts;
use crate::db::{milestone_detail, queries, Db, DbError};
use crate::domain::burnup::{burn_up, month_ends, BurnUpPoint};
use crate::domain::money::Wan;
use crate::domain::status::{rollup_status, Status, Thresholds};
use crate::domain::summary::summarize;
use crate::domain::summary::{MilestoneFacts, Summary};
use crate::domain::work_summary::WorkFigures;
use crate::edit;
use crate::i18n::Locale;
use crate::model::{
    Attention, Chart, DashboardFilter, GroupProgress, MilestoneDetail, MilestoneFilter,
    MilestoneList, MilestoneRow, Named, Overview, PhaseInfo, ProjectDetail, ProjectFilter,
    ProjectList,
};

pub async fn overview(
    db: &Db,
    today: NaiveDate,
    filter: &DashboardFilter,
    locale: Locale,
) -> Result<Overview, DbError> {
    // An "as of" day that is not in the past is simply today.
    let filter = &DashboardFilter {
        as_of: filter.past_as_of(today),
        ..filter.clone()
    };
    let ledger_until = filter.ledger_until(today);
    let today = filter.day(today);
    let thresholds = queries::thresholds(db).await?;
    let phases = queries::phases(db).await?;
    let pillars = queries::pillars(db).await?;
    // One read of the milestones serves the roll-ups, the 需关注 lists and the timeline.
    let rows = match filter.as_of {
        Some(day) => queries::milestones_as_of(db, &filter.milestones(), day, &thresholds).await?,
        None => queries::milestones(db, &filter.milestones(), today, &thresholds).await?,
    };
    let facts: Vec<MilestoneFacts> = rows
        .iter()
        .map(|r| MilestoneFacts {
            phase_id: r.phase.id,
            pillar_id: r.pillar.id,
            start: r.start_date,
            due: r.due_date,
            percent: r.percent,
            weight: r.weight,
        })
        .collect();
    let totals = queries::project_totals(db, filter, ledger_until).await?;
    let summary = summarize(&facts, today, &thresholds);
    let group = |id: i64, name_zh: &str, name_en: &str, map: &std::collections::BTreeMap<_, _>| {
        map.get(&id).map(|(rollup, counts)| GroupProgress {
            id,
            name_zh: name_zh.to_string(),
            name_en: name_en.to_string(),
            rollup: *rollup,
            counts: *counts,
        })
    };
    let by_pillar: Vec<GroupProgress> = pillars
        .iter()
        .filter_map(|p| group(p.id, &p.name_zh, &p.name_en, &summary.by_pillar))
        .collect();
    let by_phase: Vec<GroupProgress> = phases
        .iter()
        .filter_map(|p| group(p.id, &p.name_zh, &p.name_en, &summary.by_phase))
        .collect();
    let investment = queries::investment_by_year(db, filter, ledger_until).await?;
    let mut charts = dashboard_charts(
        &summary,
        &pillars,
        &phases,
        &by_pillar,
        filter,
        &thresholds,
        locale,
    )
    .map_err(|e| DbError::Corrupt(e.to_string()))?;
    charts.push(
        investment_chart(&investment, &pillars, filter.investment_by_source, locale)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
    );
    if let (Some(first), Some(last)) = (phases.first(), phases.last()) {
        let input = queries::burn_up_input(db, filter, today).await?;
        let points = burn_up(&input, &month_ends(first.start_date, last.end_date), today);
        let chart = burn_up_chart(&points, filter, today, locale)
            .map_err(|e| DbError::Corrupt(e.to_string()))?;
        charts.insert(1, chart);
    }
    let edges = milestone_detail::dependency_edges(db).await?;
    charts.push(
        timeline_chart(&rows, &edges, &pillars, &phases, filter, today, locale)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
    );
    let counts = queries::work_counts(db, filter, today).await?;
    let overdue_problems = usize::try_from(counts.overdue_problems).unwrap_or(0);
    let attention = attention(db, &rows, filter, today, overdue_problems).await?;
    let figures = WorkFigures {
        today,
        milestones: summary.overall.milestones,
        done: summary.counts.done,
        actual: summary.overall.actual,
        expected: summary.overall.expected,
        behind: summary.counts.red + summary.counts.yellow,
        completed_this_year: pillars
            .iter()
            .filter(|p| filter.pillar.is_none_or(|id| id == p.id))
            .map(|p| {
                let n = counts
                    .completed_this_year
                    .iter()
                    .find(|(id, _)| *id == p.id)
                    .map_or(0, |(_, n)| *n);
                (
                    locale.pick(&p.name_zh, &p.name_en).to_string(),
                    usize::try_from(n).unwrap_or(0),
                )
            })
            .collect(),
        projects_major: totals.major,
        projects_information: totals.information,
        total_investment: totals.total_investment,
        completed_investment: totals.completed_investment,
        units_surveyed: counts.units_surveyed,
        open_problems: counts.open_problems,
        overdue_problems,
    };
    Ok(Overview {
        today,
        filter: filter.clone(),
        charts,
        work_summary: locale.work_summary(&figures),
        attention,
        thresholds,
        overall: summary.overall,
        counts: summary.counts,
        by_pillar,
        by_phase,
        projects_major: totals.major,
        projects_information: totals.information,
        total_investment: totals.total_investment,
        completed_investment: totals.completed_investment,
    })
}

/// A pillar's lane draws its milestones one by one up to this many; beyond it the lane collapses
/// to one status-split bar per phase, so the SVG stays small and the bars stay readable.
pub const TIMELINE_LANE_LIMIT: usize = 100;

/// The roadmap timeline of the milestones the dashboard shows.
fn timeline_chart(
    rows: &[MilestoneRow],
    edges: &[(i64, i64)],
    pillars: &[Named],
    phases: &[PhaseInfo],
    filter: &DashboardFilter,
    today: NaiveDate,
    locale: Locale,
) -> Result<Chart, charts::ChartError> {
    let d = locale.dash();
    let t = locale.texts();
    let lanes: Vec<(&Named, usize)> = pillars
        .iter()
        .map(|p| (p, rows.iter().filter(|r| r.pillar.id == p.id).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let lane_of = |pillar_id: i64| lanes.iter().position(|(p, _)| p.id == pillar_id);
    let collapsed = |lane: usize| lanes[lane].1 > TIMELINE_LANE_LIMIT;
    let items: Vec<charts::TimelineItem> = rows
        .iter()
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
            })
        })
        .collect();
    let mut summaries = Vec::new();
    for (lane, (pillar, _)) in lanes.iter().enumerate().filter(|(l, _)| collapsed(*l)) {
        for phase in phases {
            let mut counts = [0usize; 4];
            for r in rows
                .iter()
                .filter(|r| r.pillar.id == pillar.id && r.phase.id == phase.id)
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
                href: format!("/milestones?{}", drill.to_query()),
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
                format!(
                    "{} – {}",
                    locale.date(r.start_date),
                    locale.date(r.due_date)
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

/// What the charts call the day they show: "今天", or the date when looking back.
fn day_label(filter: &DashboardFilter, day: NaiveDate, locale: Locale) -> String {
    match filter.as_of {
        Some(_) => locale.date(day),
        None => locale.dash().today.to_string(),
    }
}

/// Cumulative weighted progress by month against the plan.
fn burn_up_chart(
    points: &[BurnUpPoint],
    filter: &DashboardFilter,
    today: NaiveDate,
    locale: Locale,
) -> Result<Chart, charts::ChartError> {
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
fn investment_chart(
    rows: &[queries::InvestmentRow],
    pillars: &[Named],
    by_source: bool,
    locale: Locale,
) -> Result<Chart, charts::ChartError> {
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
    let add = |row: &queries::InvestmentRow, planned: &mut [Wan], completed: &mut [Wan]| {
        if by_source {
            for i in 0..5 {
                planned[i] += row.planned_by_source[i];
                completed[i] += row.completed_by_source[i];
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

/// How many rows each 需关注 list shows at most; the list page has them all.
const ATTENTION_ROWS: usize = 12;

/// The 需关注 lists for the milestones the dashboard shows; `overdue_total` is the count of
/// overdue problems (the list shows the first few).
async fn attention(
    db: &Db,
    rows: &[MilestoneRow],
    filter: &DashboardFilter,
    today: NaiveDate,
    overdue_total: usize,
) -> Result<Attention, DbError> {
    let soon = today + chrono::Duration::days(30);
    let mut behind: Vec<&MilestoneRow> = rows
        .iter()
        .filter(|r| matches!(r.assessment.status, Status::Critical | Status::Behind))
        .collect();
    let behind_total = behind.len();
    // Red before yellow; within each, the furthest behind 序时进度 first.
    behind.sort_by(|a, b| {
        let gap = |r: &MilestoneRow| r.assessment.expected - r.percent as f64;
        (b.assessment.status == Status::Critical)
            .cmp(&(a.assessment.status == Status::Critical))
            .then(gap(b).total_cmp(&gap(a)))
    });
    let due_soon: Vec<&MilestoneRow> = rows
        .iter()
        .filter(|r| r.percent < 100 && r.due_date >= today && r.due_date <= soon)
        .collect();
    Ok(Attention {
        behind: behind.into_iter().take(ATTENTION_ROWS).cloned().collect(),
        overdue_problems: milestone_detail::overdue_problems(
            db,
            filter,
            today,
            ATTENTION_ROWS as i64,
        )
        .await?,
        due_soon_total: due_soon.len(),
        due_soon: due_soon.into_iter().take(ATTENTION_ROWS).cloned().collect(),
        behind_total,
        overdue_problems_total: overdue_total,
    })
}

/// The dashboard's charts from the roll-ups, each with its figures as a table.
fn dashboard_charts(
    summary: &Summary,
    pillars: &[Named],
    phases: &[PhaseInfo],
    by_pillar: &[GroupProgress],
    filter: &DashboardFilter,
    thresholds: &Thresholds,
    locale: Locale,
) -> Result<Vec<Chart>, charts::ChartError> {
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
                            href: format!("/milestones?{}", drill.to_query()),
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
    let stacks: Vec<charts::StatusStack> = by_pillar
        .iter()
        .map(|g| charts::StatusStack {
            label: locale.pick(&g.name_zh, &g.name_en).to_string(),
            counts: Status::ALL.map(|s| g.counts.get(s)),
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
        Chart {
            key: "status".into(),
            title: d.chart_status.into(),
            svg: charts::status_stacks(&stacks, legend)?,
            table_head: std::iter::once(locale.texts().col_pillar.to_string())
                .chain(legend.iter().map(|l| l.to_string()))
                .collect(),
            table_rows: stacks
                .iter()
                .map(|s| {
                    std::iter::once(s.label.clone())
                        .chain(s.counts.iter().map(|c| c.to_string()))
                        .collect()
                })
                .collect(),
        },
    ])
}

pub async fn milestone_list(
    db: &Db,
    filter: &MilestoneFilter,
    today: NaiveDate,
) -> Result<MilestoneList, DbError> {
    let thresholds = queries::thresholds(db).await?;
    let rows = queries::milestones(db, filter, today, &thresholds).await?;
    Ok(MilestoneList { today, rows })
}

pub async fn project_list(db: &Db, filter: &ProjectFilter) -> Result<ProjectList, DbError> {
    let mut rows = queries::projects(db, filter).await?;
    let mut reported = crate::db::report::last_reported(db).await?;
    for row in &mut rows {
        row.last_reported = reported.remove(&row.id);
    }
    let total_investment = rows.iter().map(|r| r.total_investment).sum();
    let completed_investment = rows.iter().map(|r| r.completed_investment).sum();
    Ok(ProjectList {
        rows,
        total_investment,
        completed_investment,
    })
}

/// The milestone page, or `None` when there is no such milestone.
pub async fn milestone_detail(
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<Option<MilestoneDetail>, DbError> {
    let thresholds = queries::thresholds(db).await?;
    let (Some(row), Some(extras)) = (
        queries::milestone(db, id, today, &thresholds).await?,
        milestone_detail::extras(db, id).await?,
    ) else {
        return Ok(None);
    };
    let dependencies = milestone_detail::dependencies(db, id).await?;
    let (projects, project_candidates) = milestone_detail::projects(db, id).await?;
    Ok(Some(MilestoneDetail {
        today,
        row,
        version: extras.version,
        description: extras.description,
        domain: extras.domain,
        unit_id: extras.unit_id,
        completed_on: extras.completed_on,
        progress: milestone_detail::progress(db, id).await?,
        problems: milestone_detail::problems(
            db,
            milestone_detail::ProblemsOf::Milestone(id),
            today,
        )
        .await?,
        depends_on: dependencies.depends_on,
        dependents: dependencies.dependents,
        projects,
        history: edit::journal::history(db, edit::milestones::ENTITY, id).await?,
        dependency_candidates: dependencies.candidates,
        project_candidates,
    }))
}

/// The project page, or `None` when there is no such project.
pub async fn project_detail(
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<Option<ProjectDetail>, crate::error::AppError> {
    let (Some(row), Some((form, version))) = (
        queries::project(db, id).await?,
        edit::projects::stored_form(db, id).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some(ProjectDetail {
        row,
        version,
        form,
        ledger: milestone_detail::ledger(db, id).await?,
        problems: milestone_detail::problems(db, milestone_detail::ProblemsOf::Project(id), today)
            .await?,
        milestones: milestone_detail::milestone_refs(db, Some(id)).await?,
        history: edit::journal::history(db, edit::projects::ENTITY, id).await?,
    }))
}
