//! 总览: where the programme stands, in a few tiles and two roll-up tables.

use crate::components::charts::charts_markup;
use crate::components::indicators::IndicatorTiles;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::get_overview;
use crate::components::filters::{FilterField, FilterPanel};
use crate::components::forms::{id_options, named_options, phase_options};
use crate::components::layout::{page_filter, use_reference_data};
use crate::components::widgets::{loaded, Loading, ProgressBar, StatusWithReason};
use crate::domain::status::{rollup_status, Thresholds};
use crate::i18n::{use_locale, Locale};
use crate::model::{
    Attention, DashboardFilter, GroupProgress, InvestmentSplit, Overview, ReferenceData,
};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let filter = page_filter::<DashboardFilter>();
    let overview = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        move |f| get_overview(f, locale),
    );
    let reference = use_reference_data();
    view! {
        <Title text=t.nav_overview/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let reference = reference.await;
                loaded(overview.await, |o| {
                    // The filters sit under the heading: on a phone they are one line (筛选 and
                    // the active ones), and the figures come right after.
                    let filters = loaded(reference, |r| {
                        view! { <DashboardFilters reference=r filter=o.filter.clone() locale/> }.into_any()
                    });
                    view! { <OverviewBody overview=o filters locale/> }.into_any()
                })
            })}
        </Transition>
    }
}

/// Phase, pillar, domain, unit, the day looked back at and the investment chart's stacking: a
/// GET form, so the state is in the URL and bookmarkable; folded behind 筛选 on a phone.
#[component]
fn DashboardFilters(
    reference: ReferenceData,
    filter: DashboardFilter,
    locale: Locale,
) -> impl IntoView {
    let t = locale.texts();
    let d = locale.dash();
    let named = |items: &[crate::model::Named]| named_options(items, locale);
    let fields = vec![
        FilterField::choice(
            "phase",
            t.col_phase,
            phase_options(&reference.phases, locale),
        ),
        FilterField::choice("pillar", t.col_pillar, named(&reference.pillars)),
        FilterField::choice("domain", t.col_domain, named(&reference.domains)),
        FilterField::choice("unit", t.col_unit, id_options(reference.unit_names())),
        FilterField::date(DashboardFilter::AS_OF, d.as_of_label),
        FilterField::mode(
            DashboardFilter::INVEST,
            d.invest_stack,
            vec![
                (String::new(), d.invest_by_pillar.to_string()),
                (
                    InvestmentSplit::BySource.code().to_string(),
                    d.invest_by_source.to_string(),
                ),
            ],
        ),
    ];
    let pairs = crate::model::query::to_pairs(&filter);
    // Clearing the filters keeps the planners' preview switch where it was.
    let clear_href = if filter.pending {
        "/?pending=true"
    } else {
        "/"
    };
    view! {
        <FilterPanel path="/" fields pairs clear_href class="dashboard-filters" locale/>
    }
}

/// The milestone list of the dashboard's selection, narrowed to one status.
fn milestones_with_status(filter: &DashboardFilter, status: &str) -> String {
    let base = crate::model::query::to_query(&filter.milestones());
    if base.is_empty() {
        format!("/milestones?status={status}")
    } else {
        format!("/milestones?{base}&status={status}")
    }
}

/// 需关注: what is behind and why, problems past their due date, what falls due soon.
#[component]
fn AttentionLists(attention: Attention, filter: DashboardFilter, locale: Locale) -> impl IntoView {
    let d = locale.dash();
    // "first 12 of 345" under a list that was cut short.
    let more = move |shown: usize, total: usize| {
        (total > shown)
            .then(|| view! { <p class="attention-more">{locale.showing_first(shown, total)}</p> })
    };
    let status_list = |status: &str| milestones_with_status(&filter, status);
    let behind_more = (attention.behind_total > attention.behind.len()).then(|| {
        view! {
            <p class="attention-more">
                {locale.showing_first(attention.behind.len(), attention.behind_total)}" · "
                <a href=status_list("red")>{d.see_red}</a>" · "
                <a href=status_list("yellow")>{d.see_yellow}</a>
            </p>
        }
    });
    let problems_more = more(
        attention.overdue_problems.len(),
        attention.overdue_problems_total,
    );
    let due_soon_more = more(attention.due_soon.len(), attention.due_soon_total);
    let clashes_more = more(
        attention.dependency_clashes.len(),
        attention.dependency_clashes_total,
    );
    let milestone_link =
        |id: i64, title: String| view! { <a href=format!("/milestones/{id}")>{title}</a> };
    let empty = move || view! { <li class="empty">{d.none}</li> };
    view! {
        <section class="panel attention section-gap" aria-label=d.attention>
            <h2>{d.attention}</h2>
            <div class="attention-grid">
                <div data-list="behind">
                    <h3>{d.behind_list}</h3>
                    <ul class="attention-list">
                        {attention.behind.is_empty().then(empty)}
                        {attention.behind.into_iter().map(|m| view! {
                            <li>
                                {milestone_link(m.id, m.title)}
                                <StatusWithReason assessment=m.assessment/>
                            </li>
                        }).collect_view()}
                    </ul>
                    {behind_more}
                </div>
                <div data-list="overdue-problems">
                    <h3>{d.overdue_problems}</h3>
                    <ul class="attention-list">
                        {attention.overdue_problems.is_empty().then(empty)}
                        {attention.overdue_problems.into_iter().map(|p| view! {
                            <li>
                                <span class="problem-text">{p.problem.description}</span>
                                <span class="status-reason">
                                    {p.problem.due_date.map(|due| format!("{}：{} · ", locale.edit().problem_due, locale.date(due)))}
                                    {p.problem.owner_unit}
                                </span>
                                {milestone_link(p.milestone_id, p.milestone_title)}
                            </li>
                        }).collect_view()}
                    </ul>
                    {problems_more}
                </div>
                <div data-list="due-soon">
                    <h3>{d.due_soon}</h3>
                    <ul class="attention-list">
                        {attention.due_soon.is_empty().then(empty)}
                        {attention.due_soon.into_iter().map(|m| view! {
                            <li>
                                {milestone_link(m.id, m.title)}
                                <span class="status-reason">{locale.date(m.due_date)}" · "{format!("{}%", m.percent)}" · "{m.unit_name}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {due_soon_more}
                </div>
                <div data-list="dependency-clashes">
                    <h3>{d.dependency_clashes}</h3>
                    <ul class="attention-list">
                        {attention.dependency_clashes.is_empty().then(empty)}
                        {attention.dependency_clashes.into_iter().map(|c| view! {
                            <li>
                                {milestone_link(c.milestone.id, c.milestone.title)}
                                <span class="status-reason">{locale.dependency_warning(&c.warning)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {clashes_more}
                </div>
            </div>
        </section>
    }
}

#[component]
fn OverviewBody(overview: Overview, filters: AnyView, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let o = overview;
    let thresholds = o.thresholds;
    let overall_status = rollup_status(o.overall.actual, o.overall.expected, &thresholds);
    let status_list = |status: &str| milestones_with_status(&o.filter, status);
    let charts = o
        .charts_markup
        .0
        .clone()
        .unwrap_or_else(|| charts_markup(&o.charts, &o.filter, locale).into());
    let invested_share = o
        .completed_investment
        .percent_of(o.total_investment)
        .map(|p| format!("{} {p:.1}%", t.of_total))
        .unwrap_or_default();
    view! {
        <div class="page-head">
            <h1>{t.nav_overview}</h1>
            <span class="as-of">{locale.as_of(o.today)}</span>
        </div>
        {filters}
        {preview_notice(&o, locale)}
        {o.filter.as_of.map(|_| {
            let today_query = crate::model::query::to_query(&DashboardFilter { as_of: None, ..o.filter.clone() });
            view! {
                <p class="notice as-of-notice" role="status">
                    {locale.dash().as_of_notice}" "
                    <a href=format!("/?{today_query}")>{locale.dash().back_to_today}</a>
                </p>
            }
        })}
        <section class="kpis kpis-main" aria-label=locale.dash().kpis_main>
            <div class=format!("kpi kpi-wide status-{}", overall_status.code()) data-kpi="overall">
                <div class="kpi-label">{t.kpi_overall}</div>
                <div class="kpi-value">{format!("{:.1}%", o.overall.actual)}</div>
                <ProgressBar percent=o.overall.actual expected=o.overall.expected status=overall_status/>
                <div class="kpi-note">{format!("{} {:.1}%", t.kpi_expected, o.overall.expected)}</div>
            </div>
            <a class="kpi" href=status_list("done") data-kpi="done">
                <div class="kpi-label">{t.kpi_milestones_done}</div>
                <div class="kpi-value">{format!("{} / {}", o.counts.done, o.overall.milestones)}</div>
            </a>
            <div class="kpi kpi-alert" data-kpi="overdue">
                <div class="kpi-label">{t.kpi_overdue}</div>
                <div class="kpi-value">{o.counts.overdue}</div>
            </div>
            <a class="kpi status-red" href=status_list("red") data-kpi="red">
                <div class="kpi-label">{t.kpi_red}</div>
                <div class="kpi-value">{o.counts.red}</div>
            </a>
            <a class="kpi status-yellow" href=status_list("yellow") data-kpi="yellow">
                <div class="kpi-label">{t.kpi_yellow}</div>
                <div class="kpi-value">{o.counts.yellow}</div>
            </a>
        </section>
        // On a phone the first screen answers "how are we doing": these tiles, then 需关注.
        <AttentionLists attention=o.attention filter=o.filter.clone() locale/>
        <section class="kpis kpis-more" aria-label=locale.dash().kpis_more>
            <a class="kpi" href="/projects" data-kpi="projects">
                <div class="kpi-label">{t.kpi_projects}</div>
                <div class="kpi-value">{o.projects_major + o.projects_information}</div>
                <div class="kpi-note">{format!("{} {} / {}", t.kpi_major_information, o.projects_major, o.projects_information)}</div>
            </a>
            <div class="kpi" data-kpi="investment">
                <div class="kpi-label">{t.kpi_total_investment}</div>
                <div class="kpi-value money">{o.total_investment.to_string()}</div>
            </div>
            <div class="kpi" data-kpi="completed-investment">
                <div class="kpi-label">{t.kpi_completed_investment}</div>
                <div class="kpi-value money">{o.completed_investment.to_string()}</div>
                <div class="kpi-note">{invested_share}</div>
            </div>
            {round_tile(o.round.clone(), locale)}
        </section>
        <IndicatorTiles indicators=o.indicators/>
        <div class="charts" inner_html=charts></div>
        <div class="two-col">
            <GroupTable title=t.by_pillar groups=o.by_pillar locale thresholds param="pillar"/>
            <GroupTable title=t.by_phase groups=o.by_phase locale thresholds param="phase"/>
        </div>
        <section class="panel work-summary section-gap">
            <h2>{locale.dash().work_summary}</h2>
            <p class="muted">{locale.dash().copy_hint}</p>
            <textarea readonly rows="6" aria-label=locale.dash().work_summary>{o.work_summary.join("\n")}</textarea>
            <p><a href="/report" class="button button-quiet" data-action="open-report">{locale.report().open_report}</a></p>
        </section>
    }
}

#[component]
fn GroupTable(
    title: &'static str,
    groups: Vec<GroupProgress>,
    locale: Locale,
    thresholds: Thresholds,
    param: &'static str,
) -> impl IntoView {
    let t = locale.texts();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            <table class="data-table group-table" data-group=param>
                <thead>
                    <tr>
                        <th scope="col">{if param == "pillar" { t.col_pillar } else { t.col_phase }}</th>
                        <th scope="col" class="num">{t.col_milestones}</th>
                        <th scope="col">{t.col_progress}</th>
                    </tr>
                </thead>
                <tbody>
                    {groups.into_iter().map(|g| {
                        let status = rollup_status(g.rollup.actual, g.rollup.expected, &thresholds);
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=format!("/milestones?{param}={}", g.id)>{locale.pick(&g.name_zh, &g.name_en).to_string()}</a>
                                </th>
                                <td class="num">{format!("{} / {}", g.rollup.completed, g.rollup.milestones)}</td>
                                <td class="progress-cell">
                                    <ProgressBar percent=g.rollup.actual expected=g.rollup.expected status/>
                                    <span class="progress-text">{locale.progress_vs_expected(g.rollup.actual, g.rollup.expected)}</span>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The planners' switch between accepted figures and the preview with pending submissions.
fn preview_notice(o: &Overview, locale: Locale) -> Option<impl IntoView> {
    let tr = locale.rounds();
    let toggled = crate::model::query::to_query(&DashboardFilter {
        pending: !o.filter.pending,
        ..o.filter.clone()
    });
    let href = if toggled.is_empty() {
        "/".to_string()
    } else {
        format!("/?{toggled}")
    };
    match (o.can_preview, o.filter.pending) {
        (true, true) => Some(
            view! {
                <p class="notice preview-notice" role="status" data-preview="on">
                    {tr.preview_on}" "<a href=href>{tr.preview_exit}</a>
                </p>
            }
            .into_any(),
        ),
        (true, false) if o.filter.as_of.is_none() => Some(
            view! {
                <p class="preview-link"><a href=href data-preview="off">{tr.preview_link}</a></p>
            }
            .into_any(),
        ),
        _ => None,
    }
}

/// 填报情况: the newest round's units submitted / accepted / late, linking to the round.
fn round_tile(round: Option<crate::model::RoundSummary>, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    match round {
        Some(r) => {
            let c = r.counts.clone();
            let alert = if c.overdue > 0 {
                "kpi kpi-alert"
            } else {
                "kpi"
            };
            view! {
                <a class=alert href=format!("/rounds/{}", r.id) data-kpi="reporting"
                    data-submitted=c.handed_in() data-accepted=c.accepted data-late=c.late>
                    <div class="kpi-label">{tr.tile_title}" · "{locale.round_title(r.month)}</div>
                    <div class="kpi-value">{format!("{} / {}", c.handed_in(), c.units)}</div>
                    <div class="kpi-note">{locale.round_progress(c.handed_in(), c.units, c.accepted)}</div>
                    <div class="kpi-note">{locale.round_late(c.late, c.overdue)}</div>
                </a>
            }
            .into_any()
        }
        None => view! {
            <a class="kpi" href="/rounds" data-kpi="reporting">
                <div class="kpi-label">{tr.tile_title}</div>
                <div class="kpi-note">{tr.tile_none}</div>
            </a>
        }
        .into_any(),
    }
}
