//! The 总览 dashboard, in two steps: [`gather`] reads everything it needs from the database
//! (independent queries at once) into one [`DashboardInputs`]; [`assemble`] turns that into the
//! page's figures, attention lists, charts and 工作总结 without touching the database, so it is
//! tested on plain values.

pub mod charts;
pub mod svg;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::db::fact_store::FactStore;
use crate::db::queries::{InvestmentRow, ProjectTotals, WorkCounts};
use crate::db::{milestone_detail, queries, Db, DbError};
use crate::domain::burnup::{burn_up, month_ends, BurnUpInput};
use crate::domain::dependency_check::{overlaps, warnings_of, Dates, Overlap};
use crate::domain::status::{Status, Thresholds};
use crate::domain::summary::{summarize, MilestoneFacts};
use crate::domain::work_summary::WorkFigures;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::{
    Attention, AttentionProblem, DashboardFilter, DependencyClash, GroupProgress, MilestoneFact,
    MilestoneRow, Named, Overview, PhaseInfo, RoundSummary,
};

/// Why a dashboard could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Chart(#[from] svg::ChartError),
    /// The thread drawing the charts stopped before it finished (a panic, or shutdown).
    #[error("the dashboard was interrupted: {0}")]
    Interrupted(String),
}

impl From<DashboardError> for AppError {
    fn from(e: DashboardError) -> Self {
        match e {
            DashboardError::Db(e) => e.into(),
            DashboardError::Chart(e) => {
                tracing::error!(error = %e, "a dashboard chart could not be drawn");
                AppError::Misconfigured(e.to_string())
            }
            DashboardError::Interrupted(e) => {
                tracing::error!(error = %e, "a dashboard could not be finished");
                AppError::Internal
            }
        }
    }
}

/// How many rows each 需关注 list shows at most; the list page has them all.
const ATTENTION_ROWS: usize = 12;

/// Everything the dashboard shows, as read from the database for one filter and day.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardInputs {
    /// The filter, with an "as of" day that is not in the past taken as today.
    pub filter: DashboardFilter,
    /// The day shown: today, or the "as of" day.
    pub day: NaiveDate,
    pub thresholds: Thresholds,
    pub phases: Vec<PhaseInfo>,
    pub pillars: Vec<Named>,
    /// The milestones the filter shows, as they stood on `day`: facts only, no text.
    pub milestones: Vec<MilestoneFact>,
    /// The milestones the 需关注 lists show, picked once from `milestones`.
    pub attention: AttentionPicks,
    /// The milestones the page names (in 需关注 and in the timeline's open lanes), with their text.
    pub named: HashMap<i64, MilestoneRow>,
    pub dependency_edges: Vec<(i64, i64)>,
    pub totals: ProjectTotals,
    pub investment: Vec<InvestmentRow>,
    /// `None` when the roadmap has no phases yet.
    pub burn_up: Option<BurnUpInput>,
    pub counts: WorkCounts,
    /// The first overdue problems (the count is in `counts`).
    pub overdue_problems: Vec<AttentionProblem>,
    /// The newest reporting round, for the 填报情况 tile.
    pub round: Option<RoundSummary>,
    /// The pinned indicators (指标 tiles) on the day.
    pub indicators: Vec<crate::model::IndicatorView>,
    /// Due dates against the newest schedule baseline, when there is one.
    pub slip: Option<charts::SlipInput>,
}

impl DashboardInputs {
    /// Every milestone rolled up on the day shown: overall, by pillar, by phase and by cell.
    /// The 上报 package reports the same roll-ups as the dashboard shows.
    pub fn summary(&self) -> crate::domain::summary::Summary {
        let facts: Vec<MilestoneFacts> = self
            .milestones
            .iter()
            .map(|r| MilestoneFacts {
                phase_id: r.phase_id,
                pillar_id: r.pillar_id,
                start: r.start_date,
                due: r.due_date,
                percent: r.percent,
                weight: r.weight,
            })
            .collect();
        summarize(&facts, self.day, &self.thresholds)
    }
}

/// The dashboard for `filter` on `today`, in `locale`, every milestone read afresh.
pub async fn overview(
    db: &Db,
    today: NaiveDate,
    filter: &DashboardFilter,
    locale: Locale,
) -> Result<Overview, DashboardError> {
    overview_with(db, None, today, filter, Urgency::Waited, move |inputs| {
        assemble(inputs, locale)
    })
    .await
}

/// Whether someone waits for a dashboard being computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// A reader waits for it.
    Waited,
    /// Its readers are served the one before meanwhile: it yields to the requests being served.
    Background,
}

/// The dashboard for `filter` on `today`: its inputs gathered (today's milestone facts taken from
/// `store` when there is one), then `draw` — assembling the figures and drawing the charts, tens
/// of milliseconds of CPU — run off the runtime's workers, which go on serving requests
/// meanwhile: on the pool for blocking work, or on the background thread when nobody waits.
pub async fn overview_with<T: Send + 'static>(
    db: &Db,
    store: Option<&FactStore>,
    today: NaiveDate,
    filter: &DashboardFilter,
    urgency: Urgency,
    draw: impl FnOnce(&DashboardInputs) -> Result<T, svg::ChartError> + Send + 'static,
) -> Result<T, DashboardError> {
    let started = std::time::Instant::now();
    let inputs = gather(db, store, today, filter).await?;
    let gathered = started.elapsed();
    let milestones = inputs.milestones.len();
    let draw = move || draw(&inputs);
    let drawn = match urgency {
        Urgency::Waited => tokio::task::spawn_blocking(draw)
            .await
            .map_err(|e| DashboardError::Interrupted(e.to_string()))?,
        Urgency::Background => crate::background::run(draw)
            .await
            .map_err(|e| DashboardError::Interrupted(e.to_string()))?,
    }?;
    tracing::debug!(
        gather_ms = gathered.as_secs_f64() * 1e3,
        draw_ms = (started.elapsed() - gathered).as_secs_f64() * 1e3,
        milestones,
        ?urgency,
        "dashboard computed"
    );
    Ok(drawn)
}

/// Reads the dashboard's inputs. The queries do not depend on each other, so they run at once
/// (on PostgreSQL each on its own connection; SQLite takes them in turn). Today's milestone facts
/// come from `store` when there is one; a past day's are read with the reports up to it.
pub async fn gather(
    db: &Db,
    store: Option<&FactStore>,
    today: NaiveDate,
    filter: &DashboardFilter,
) -> Result<DashboardInputs, DbError> {
    let filter = DashboardFilter {
        as_of: filter.past_as_of(today),
        ..filter.clone()
    };
    let ledger_until = filter.ledger_until(today);
    let day = filter.day(today);
    let thresholds = queries::thresholds(db).await?;
    let milestone_filter = filter.milestones();
    // One read of every milestone's facts serves the roll-ups, the plan, the 需关注 lists and the
    // timeline; the text is read afterwards for the few the page names.
    let milestones = async {
        match store {
            Some(store) if filter.as_of.is_none() => {
                store.facts(db, &milestone_filter, day, &thresholds).await
            }
            _ => {
                queries::milestone_facts(db, &milestone_filter, day, filter.as_of, &thresholds)
                    .await
            }
        }
    };
    // The pinned indicators (指标 tiles) on the day.
    let indicators = async {
        let pinned = crate::db::indicators::list(db, &filter, true).await?;
        crate::db::indicators::views(db, pinned, day).await
    };
    // Slip against the newest baseline, by pillar and band.
    let slip = async {
        match crate::db::baselines::latest(db).await? {
            Some((id, baseline)) => Ok(Some(charts::SlipInput {
                bands: crate::db::baselines::bands(db, id, &milestone_filter).await?,
                baseline_id: id,
                baseline,
                planned: HashMap::new(),
            })),
            None => Ok(None),
        }
    };
    let (
        phases,
        pillars,
        milestones,
        dependency_edges,
        totals,
        investment,
        counts,
        overdue,
        round,
        indicators,
        gains,
        slip,
    ) = tokio::try_join!(
        queries::phases(db),
        queries::pillars(db),
        milestones,
        milestone_detail::dependency_edges(db),
        queries::project_totals(db, &filter, ledger_until),
        queries::investment_by_year(db, &filter, ledger_until),
        queries::work_counts(db, &filter, day),
        milestone_detail::overdue_problems(db, &filter, day, ATTENTION_ROWS as i64),
        crate::db::rounds::latest(db, today),
        indicators,
        queries::burn_up_gains(db, &filter, day),
        slip,
    )?;
    // The planners' preview: what the dashboard will say once the waiting submissions are accepted.
    let mut milestones = milestones;
    if filter.pending && filter.as_of.is_none() {
        let pending: BTreeMap<i64, i32> = crate::db::rounds::pending_milestone_percents(db)
            .await?
            .into_iter()
            .collect();
        for row in milestones.iter_mut() {
            if let Some(percent) = pending.get(&row.id) {
                row.percent = i64::from(*percent);
                row.assessment = crate::domain::status::assess(
                    row.start_date,
                    row.due_date,
                    row.percent,
                    day,
                    &thresholds,
                );
            }
        }
    }
    // The plan comes from the milestones just read; the gains from the roll-up the writes keep.
    let burn_up = phases.first().map(|_| BurnUpInput {
        plans: crate::domain::burnup::plans(
            milestones
                .iter()
                .map(|r| (r.start_date, r.due_date, r.weight)),
        ),
        monthly_gains: gains,
    });
    let attention = attention_picks(&milestones, &dependency_edges, day);
    let named = named_rows(db, &milestones, &attention, &phases, &pillars).await?;
    let mut slip = slip;
    if let Some(slip) = slip.as_mut() {
        let ids: Vec<i64> = named.keys().copied().collect();
        let slips = crate::db::baselines::slips(db, slip.baseline_id, &slip.baseline, &ids).await?;
        slip.planned = slips
            .into_iter()
            .map(|(id, s)| (id, (s.baseline_start, s.baseline_due)))
            .collect();
    }
    Ok(DashboardInputs {
        filter,
        day,
        thresholds,
        phases,
        pillars,
        milestones,
        attention,
        named,
        dependency_edges,
        totals,
        investment,
        burn_up,
        counts,
        overdue_problems: overdue,
        round,
        indicators,
        slip,
    })
}

/// The rows, with their text, of the milestones the page names: those the 需关注 lists show and
/// those the timeline draws one by one.
async fn named_rows(
    db: &Db,
    facts: &[MilestoneFact],
    attention: &AttentionPicks,
    phases: &[PhaseInfo],
    pillars: &[Named],
) -> Result<HashMap<i64, MilestoneRow>, DbError> {
    let ids: Vec<i64> = attention
        .behind
        .iter()
        .chain(&attention.due_soon)
        .copied()
        .chain(
            attention
                .clashes
                .iter()
                .flat_map(|o| [o.successor, o.predecessor]),
        )
        .chain(charts::open_lane_milestones(facts, pillars).map(|f| f.id))
        .collect();
    let mut texts = queries::milestone_texts(db, &ids).await?;
    let named = |id: i64, list: &[Named]| list.iter().find(|n| n.id == id).cloned();
    let phases: Vec<Named> = phases
        .iter()
        .map(|p| Named {
            id: p.id,
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
        })
        .collect();
    Ok(facts
        .iter()
        .filter_map(|f| {
            let text = texts.remove(&f.id)?;
            Some((
                f.id,
                MilestoneRow {
                    id: f.id,
                    code: text.code,
                    title: text.title,
                    phase: named(f.phase_id, &phases)?,
                    pillar: named(f.pillar_id, pillars)?,
                    unit_name: text.unit_name,
                    start_date: f.start_date,
                    due_date: f.due_date,
                    percent: f.percent,
                    weight: f.weight,
                    assessment: f.assessment.clone(),
                },
            ))
        })
        .collect())
}

/// The milestones the 需关注 lists show (ids, at most [`ATTENTION_ROWS`] each) and how many
/// each list has in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AttentionPicks {
    /// Behind 序时进度: red before yellow, the furthest behind first.
    behind: Vec<i64>,
    behind_total: usize,
    /// Not complete and due within 30 days, by due date.
    due_soon: Vec<i64>,
    due_soon_total: usize,
    /// Starting before a predecessor ends: the longest overlap first.
    clashes: Vec<Overlap>,
    clashes_total: usize,
}

fn attention_picks(
    facts: &[MilestoneFact],
    edges: &[(i64, i64)],
    day: NaiveDate,
) -> AttentionPicks {
    let by_id: HashMap<i64, &MilestoneFact> = facts.iter().map(|f| (f.id, f)).collect();
    let mut clashes = overlaps(edges, |id| {
        by_id.get(&id).map(|f| Dates {
            id,
            start: f.start_date,
            due: f.due_date,
            complete: f.percent >= 100,
        })
    });
    let clashes_total = clashes.len();
    clashes.sort_by_key(|o| (std::cmp::Reverse(o.days), o.successor, o.predecessor));
    clashes.truncate(ATTENTION_ROWS);
    let soon = day + chrono::Duration::days(30);
    // Facts come by due date; that order breaks ties, so the lists are the same on every load.
    let mut behind: Vec<(usize, &MilestoneFact)> = facts
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.assessment.status, Status::Critical | Status::Behind))
        .collect();
    let behind_total = behind.len();
    let furthest_first = |(i, a): &(usize, &MilestoneFact), (j, b): &(usize, &MilestoneFact)| {
        let gap = |r: &MilestoneFact| r.assessment.expected - r.percent as f64;
        (b.assessment.status == Status::Critical)
            .cmp(&(a.assessment.status == Status::Critical))
            .then(gap(b).total_cmp(&gap(a)))
            .then(i.cmp(j))
    };
    // Only the first few are shown: pick them, then sort those, not the thousands behind.
    if behind.len() > ATTENTION_ROWS {
        behind.select_nth_unstable_by(ATTENTION_ROWS - 1, furthest_first);
        behind.truncate(ATTENTION_ROWS);
    }
    behind.sort_unstable_by(furthest_first);
    let due_soon: Vec<&MilestoneFact> = facts
        .iter()
        .filter(|r| r.percent < 100 && r.due_date >= day && r.due_date <= soon)
        .collect();
    AttentionPicks {
        behind: behind.iter().map(|(_, f)| f.id).collect(),
        behind_total,
        due_soon: due_soon.iter().take(ATTENTION_ROWS).map(|f| f.id).collect(),
        due_soon_total: due_soon.len(),
        clashes,
        clashes_total,
    }
}

/// The dashboard from its inputs: roll-ups by pillar and phase, attention lists, charts and the
/// 工作总结 sentences.
pub fn assemble(inputs: &DashboardInputs, locale: Locale) -> Result<Overview, svg::ChartError> {
    let DashboardInputs {
        filter,
        day,
        thresholds,
        phases,
        pillars,
        milestones: rows,
        attention: attention_picked,
        named,
        dependency_edges,
        totals,
        investment,
        burn_up: burn_up_input,
        counts,
        overdue_problems,
        round,
        indicators,
        slip,
    } = inputs;
    let day = *day;
    let summary = inputs.summary();
    let group = |id: i64, name_zh: &str, name_en: &str, map: &BTreeMap<_, _>| {
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
    let mut charts = charts::dashboard_charts(
        &summary, pillars, phases, &by_pillar, filter, thresholds, locale,
    )?;
    if let Some(slip) = slip {
        charts.push(charts::slip_chart(slip, pillars, filter, locale)?);
    }
    charts.push(charts::investment_chart(
        investment,
        pillars,
        filter.investment_by_source(),
        locale,
    )?);
    if let (Some(input), Some(first), Some(last)) = (burn_up_input, phases.first(), phases.last()) {
        let points = burn_up(input, &month_ends(first.start_date, last.end_date), day);
        charts.insert(1, charts::burn_up_chart(&points, filter, day, locale)?);
    }
    charts.push(charts::timeline_chart(
        charts::Shown {
            facts: rows,
            named,
            planned: slip.as_ref().map(|s| &s.planned),
        },
        dependency_edges,
        pillars,
        phases,
        filter,
        day,
        locale,
    )?);
    let overdue_total = usize::try_from(counts.overdue_problems).unwrap_or(0);
    let figures = WorkFigures {
        today: day,
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
        overdue_problems: overdue_total,
        activities: counts
            .activities
            .iter()
            .map(|a| {
                (
                    locale.pick(&a.name_zh, &a.name_en).to_string(),
                    a.measure.clone(),
                    a.count,
                )
            })
            .collect(),
    };
    Ok(Overview {
        today: day,
        round: round.clone(),
        indicators: indicators.clone(),
        can_preview: false,
        filter: filter.clone(),
        charts: charts.into(),
        charts_markup: Default::default(),
        work_summary: locale.work_summary(&figures),
        attention: attention(attention_picked, named, overdue_problems, overdue_total),
        thresholds: *thresholds,
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

/// The 需关注 lists: milestones behind, furthest first; the first overdue problems; milestones
/// due within 30 days. Each shows at most [`ATTENTION_ROWS`], with the full count beside it.
fn attention(
    picked: &AttentionPicks,
    named: &HashMap<i64, MilestoneRow>,
    overdue_problems: &[AttentionProblem],
    overdue_total: usize,
) -> Attention {
    let rows = |ids: &[i64]| -> Vec<MilestoneRow> {
        ids.iter().filter_map(|id| named.get(id).cloned()).collect()
    };
    let label = |id: i64| {
        named
            .get(&id)
            .map(|m| match &m.code {
                Some(code) => format!("{code} {}", m.title),
                None => m.title.clone(),
            })
            .unwrap_or_default()
    };
    let dependency_clashes = picked
        .clashes
        .iter()
        .filter_map(|o| {
            let milestone = named.get(&o.successor)?.clone();
            let warning = warnings_of(o.successor, std::slice::from_ref(o), label)
                .into_iter()
                .next()?;
            Some(DependencyClash { milestone, warning })
        })
        .collect();
    Attention {
        behind: rows(&picked.behind),
        overdue_problems: overdue_problems.to_vec(),
        due_soon_total: picked.due_soon_total,
        due_soon: rows(&picked.due_soon),
        dependency_clashes,
        behind_total: picked.behind_total,
        overdue_problems_total: overdue_total,
        dependency_clashes_total: picked.clashes_total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::assess;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn named(id: i64, zh: &str) -> Named {
        Named {
            id,
            name_zh: zh.into(),
            name_en: String::new(),
        }
    }

    fn milestone(
        id: i64,
        pillar: i64,
        percent: i64,
        due: NaiveDate,
        day: NaiveDate,
    ) -> MilestoneRow {
        let start = d(2026, 1, 1);
        MilestoneRow {
            id,
            code: None,
            title: format!("里程碑 {id}"),
            phase: named(1, "两年搭架"),
            pillar: named(
                pillar,
                if pillar == 1 {
                    "一朵云"
                } else {
                    "一张网"
                },
            ),
            unit_name: "县大数据中心".into(),
            start_date: start,
            due_date: due,
            percent,
            weight: 1,
            assessment: assess(start, due, percent, day, &Thresholds::default()),
        }
    }

    fn fact(r: &MilestoneRow) -> MilestoneFact {
        MilestoneFact {
            id: r.id,
            phase_id: r.phase.id,
            pillar_id: r.pillar.id,
            unit_id: 1,
            start_date: r.start_date,
            due_date: r.due_date,
            percent: r.percent,
            weight: r.weight,
            assessment: r.assessment.clone(),
        }
    }

    /// The dashboard is made from plain values: no database is needed to check it.
    #[test]
    fn the_dashboard_is_assembled_from_its_inputs_alone() {
        let day = d(2026, 11, 24);
        let rows = [
            milestone(1, 1, 100, d(2026, 6, 30), day),
            // Due soon and far behind 序时进度.
            milestone(2, 2, 10, d(2026, 12, 10), day),
        ];
        let facts: Vec<MilestoneFact> = rows.iter().map(fact).collect();
        let inputs = DashboardInputs {
            attention: attention_picks(&facts, &[(2, 1)], day),
            filter: DashboardFilter::default(),
            day,
            thresholds: Thresholds::default(),
            phases: vec![PhaseInfo {
                id: 1,
                name_zh: "两年搭架".into(),
                name_en: "Framework".into(),
                start_date: d(2026, 1, 1),
                end_date: d(2026, 12, 31),
            }],
            pillars: vec![named(1, "一朵云"), named(2, "一张网")],
            milestones: facts,
            named: rows.iter().map(|r| (r.id, r.clone())).collect(),
            dependency_edges: vec![(2, 1)],
            totals: ProjectTotals::default(),
            investment: Vec::new(),
            burn_up: Some(BurnUpInput::default()),
            counts: WorkCounts {
                completed_this_year: vec![(1, 1)],
                ..WorkCounts::default()
            },
            overdue_problems: Vec::new(),
            round: None,
            indicators: Vec::new(),
            slip: Some(charts::SlipInput {
                baseline_id: 1,
                baseline: "2026年度计划".into(),
                bands: vec![(2, crate::domain::baseline::SlipBand::UpTo30, 3)],
                planned: [(2, (d(2026, 1, 1), d(2026, 3, 31)))].into_iter().collect(),
            }),
        };
        let overview = assemble(&inputs, Locale::Zh).unwrap();
        assert_eq!(overview.today, day);
        assert_eq!(overview.counts.done, 1);
        assert_eq!(overview.by_pillar.len(), 2);
        assert_eq!(overview.attention.behind_total, 1);
        assert_eq!(overview.attention.behind[0].id, 2);
        assert_eq!(overview.attention.due_soon_total, 1);
        // 2 depends on 1 but starts on 1 January, 180 days before 1 ends.
        assert_eq!(overview.attention.dependency_clashes_total, 1);
        assert_eq!(
            overview.attention.dependency_clashes[0].warning,
            crate::domain::dependency_check::DependencyWarning::StartsBeforePredecessorEnds {
                other: "里程碑 1".into(),
                days: 180
            }
        );
        // The matrix, the burn-up, the bars, the stacks, the investment and the timeline.
        assert!(overview.charts.len() >= 5, "{}", overview.charts.len());
        let slip = overview
            .charts
            .iter()
            .find(|c| c.key == "slip")
            .expect("the slip chart");
        assert!(slip.title.contains("2026年度计划"));
        assert_eq!(slip.table_rows.len(), 2, "a row per pillar");
        assert_eq!(slip.table_rows[1], ["一张网", "0", "0", "3", "0", "0"]);
        // The timeline draws milestone 2's baseline under it, and its table says the dates.
        let timeline = overview
            .charts
            .iter()
            .find(|c| c.key == "timeline")
            .expect("the timeline");
        let planned: Vec<&String> = timeline
            .table_rows
            .iter()
            .map(|r| &r[2])
            .filter(|dates| dates.contains("计划基线"))
            .collect();
        assert_eq!(planned.len(), 1, "{:?}", timeline.table_rows);
        assert!(planned[0].ends_with("计划基线 2026年1月1日 – 2026年3月31日）"));
        assert!(overview.work_summary.iter().any(|s| s.contains("一朵云")));
    }

    #[test]
    fn attention_shows_the_furthest_behind_first_and_says_how_many_there_are() {
        let day = d(2026, 11, 24);
        // 30 milestones behind, by due date; every third as far behind as the next one.
        let facts: Vec<MilestoneFact> = (1..=30)
            .map(|id| {
                let percent = [0, 0, 20][(id % 3) as usize];
                fact(&milestone(id, 1, percent, d(2026, 12, 31), day))
            })
            .collect();
        let picked = attention_picks(&facts, &[], day);
        assert_eq!(picked.behind_total, 30);
        assert_eq!(picked.behind.len(), ATTENTION_ROWS);
        let mut expected: Vec<&MilestoneFact> = facts.iter().collect();
        expected.sort_by(|a, b| {
            let gap = |r: &MilestoneFact| r.assessment.expected - r.percent as f64;
            (b.assessment.status == Status::Critical)
                .cmp(&(a.assessment.status == Status::Critical))
                .then(gap(b).total_cmp(&gap(a)))
        });
        let expected: Vec<i64> = expected.iter().take(ATTENTION_ROWS).map(|f| f.id).collect();
        assert_eq!(
            picked.behind, expected,
            "a full sort's first rows, ties in due order"
        );
        assert_eq!(
            attention_picks(&facts, &[], day),
            picked,
            "the same on every load"
        );
    }
}
