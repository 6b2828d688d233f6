//! 总览: where the programme stands, in a few tiles and two roll-up tables.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::get_overview;
use crate::api::types::{GroupProgress, Overview};
use crate::components::widgets::{loaded, Loading, ProgressBar};
use crate::domain::status::{rollup_status, Thresholds};
use crate::i18n::{use_locale, Locale};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=t.nav_overview/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                loaded(overview.await, |o| view! { <OverviewBody overview=o locale/> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn OverviewBody(overview: Overview, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let o = overview;
    let thresholds = o.thresholds;
    let overall_status = rollup_status(o.overall.actual, o.overall.expected, &thresholds);
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
        <section class="kpis" aria-label=t.nav_overview>
            <div class=format!("kpi kpi-wide status-{}", overall_status.code()) data-kpi="overall">
                <div class="kpi-label">{t.kpi_overall}</div>
                <div class="kpi-value">{format!("{:.1}%", o.overall.actual)}</div>
                <ProgressBar percent=o.overall.actual expected=o.overall.expected status=overall_status/>
                <div class="kpi-note">{format!("{} {:.1}%", t.kpi_expected, o.overall.expected)}</div>
            </div>
            <a class="kpi" href="/milestones?status=done" data-kpi="done">
                <div class="kpi-label">{t.kpi_milestones_done}</div>
                <div class="kpi-value">{format!("{} / {}", o.counts.done, o.overall.milestones)}</div>
            </a>
            <div class="kpi kpi-alert" data-kpi="overdue">
                <div class="kpi-label">{t.kpi_overdue}</div>
                <div class="kpi-value">{o.counts.overdue}</div>
            </div>
            <a class="kpi status-red" href="/milestones?status=red" data-kpi="red">
                <div class="kpi-label">{t.kpi_red}</div>
                <div class="kpi-value">{o.counts.red}</div>
            </a>
            <a class="kpi status-yellow" href="/milestones?status=yellow" data-kpi="yellow">
                <div class="kpi-label">{t.kpi_yellow}</div>
                <div class="kpi-value">{o.counts.yellow}</div>
            </a>
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
        </section>
        <div class="two-col">
            <GroupTable title=t.by_pillar groups=o.by_pillar locale thresholds param="pillar"/>
            <GroupTable title=t.by_phase groups=o.by_phase locale thresholds param="phase"/>
        </div>
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
