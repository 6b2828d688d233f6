//! 里程碑: every milestone with its status and reason, filtered by phase, pillar, unit and status.
//!
//! The filters live in the URL: a plain GET form and plain links.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use crate::api::list_milestones;
use crate::components::forms::id_options;
use crate::components::imports::FormatChoice;
use crate::components::layout::{page_filter, session_can, use_reference_data, use_session};
use crate::components::paging::{choice_filter, filter_actions, list_heading, list_pager};
use crate::components::widgets::{loaded, Loading, ProgressBar, StatusWithReason};
use crate::domain::access::Permission;
use crate::domain::status::Status;
use crate::i18n::{use_locale, Locale};
use crate::model::{ListFilter, MilestoneFilter, MilestoneList, MilestoneSort, ReferenceData};

#[component]
pub fn MilestonesPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let filter = page_filter::<MilestoneFilter>();
    let reference = use_reference_data();
    let list = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        list_milestones,
    );
    let session = use_session();
    let (bar_filter, table_filter, export_filter) =
        (filter.clone(), filter.clone(), filter.clone());

    view! {
        <Title text=t.nav_milestones/>
        <div class="page-head">
            <h1>{t.nav_milestones}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    view! {
                        {can_edit.then(|| view! { <a class="button new-milestone" href="/milestones/new">{locale.edit().new_milestone}</a> })}
                        <a class="button button-quiet" href="/baselines">{locale.baselines().nav}</a>
                    }
                })}
            </Suspense>
        </div>
        <Suspense fallback=Loading>
            {move || {
                let filter = bar_filter.clone();
                Suspend::new(async move {
                    loaded(reference.await, |r| view! { <FilterBar reference=r filter locale/> }.into_any())
                })
            }}
        </Suspense>
        <StatusLinks filter locale/>
        <Transition fallback=Loading>
            {move || {
                let filter = table_filter.clone();
                Suspend::new(async move {
                    loaded(list.await, |l| view! { <MilestoneTable list=l filter locale/> }.into_any())
                })
            }}
        </Transition>
        <Suspense fallback=|| ()>
            {move || {
                let filter = export_filter.clone();
                Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    view! { <PlanExport filter locale can_edit/> }
                })
            }}
        </Suspense>
    }
}

/// The plan as a file, with the list's filters (its page aside); planners also get the import.
#[component]
fn PlanExport(filter: MilestoneFilter, locale: Locale, can_edit: bool) -> impl IntoView {
    let tr = locale.reporting();
    let mut all = filter;
    all.page = None;
    let hidden = crate::model::query::to_pairs(&all)
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <section class="panel export-panel" aria-label=tr.plan_export_heading>
            <h2>{tr.plan_export_heading}</h2>
            <form method="get" action="/milestones/export" class="filter-bar" data-testid="plan-export-form">
                {hidden}
                <FormatChoice locale/>
                <button type="submit" class="button">{tr.download}</button>
            </form>
            <p class="muted">{tr.plan_export_hint}</p>
            {can_edit.then(|| view! {
                <p class="panel-links"><a href="/milestones/import">{tr.plan_import_link}</a></p>
            })}
        </section>
    }
}

/// The three select filters: a plain GET form. Once the bundle has loaded, choosing a value
/// submits it at once (`data-apply-on-change`, see `crate::browser`); before, the button does.
#[component]
fn FilterBar(reference: ReferenceData, filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let select = move |chosen: Option<i64>,
                       key: &'static str,
                       label: &'static str,
                       options: Vec<(i64, String)>| {
        let chosen = chosen.map(|id| id.to_string());
        choice_filter(label, key, id_options(options), chosen.as_deref(), locale)
    };
    let phases = reference
        .phases
        .iter()
        .map(|p| (p.id, locale.pick(&p.name_zh, &p.name_en).to_string()))
        .collect();
    let pillars = reference
        .pillars
        .iter()
        .map(|p| (p.id, locale.pick(&p.name_zh, &p.name_en).to_string()))
        .collect();
    let units = reference.unit_names();
    view! {
        <Form method="GET" action="/milestones" attr:class="filter-bar" attr:data-apply-on-change="true">
            {select(filter.phase, "phase", t.col_phase, phases)}
            {select(filter.pillar, "pillar", t.col_pillar, pillars)}
            {select(filter.unit, "unit", t.col_unit, units)}
            {filter.status.map(|s| view! { <input type="hidden" name="status" value=s.code()/> })}
            {filter_actions(&filter, locale)}
        </Form>
    }
}

/// Status filters as plain links, keeping the other filters.
#[component]
fn StatusLinks(filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let link = |status: Option<Status>, label: &'static str| {
        let href = MilestoneFilter {
            status,
            page: None,
            ..filter.clone()
        }
        .href();
        let code = status.map(|s| s.code()).unwrap_or("all");
        let current = if filter.status == status {
            " current"
        } else {
            ""
        };
        let class = format!("status-link status-{code}{current}");
        view! { <a href=href class=class>{label}</a> }
    };
    view! {
        <nav class="status-links" aria-label=t.col_status>
            {link(None, t.filter_all)}
            {Status::ALL.into_iter().map(|s| link(Some(s), locale.status(s))).collect_view()}
        </nav>
    }
}

#[component]
fn MilestoneTable(list: MilestoneList, filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    if list.rows.is_empty() {
        return view! { <p class="empty">{t.no_matches}</p> }.into_any();
    }
    let heading = |label, key| list_heading(label, key, &filter, locale);
    let shown = list.rows.len();
    let warnings = list.warnings;
    let slips = list.slips;
    let te = locale.edit();
    view! {
        <p class="result-count" data-count=list.page.total>{locale.count_items(list.page.total as usize)}" · "{locale.as_of(list.today)}</p>
        <div class="table-scroll">
            <table class="data-table milestone-table">
                <thead>
                    <tr>
                        {heading(t.col_milestone, MilestoneSort::Title)}
                        {heading(t.col_phase, MilestoneSort::Phase)}
                        {heading(t.col_pillar, MilestoneSort::Pillar)}
                        {heading(t.col_unit, MilestoneSort::Unit)}
                        {heading(t.col_dates, MilestoneSort::Due)}
                        {heading(t.col_progress, MilestoneSort::Progress)}
                        {heading(t.col_status, MilestoneSort::Status)}
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|m| {
                        let status = m.assessment.status;
                        // Dependency warnings as a mark whose text says why (also to screen readers).
                        let warned = warnings.iter().find(|(id, _)| *id == m.id).map(|(_, w)| {
                            let why: Vec<String> = w.iter().map(|w| locale.dependency_warning(w)).collect();
                            let why = format!("{}{}{}", te.dependency_warnings, locale.colon(), why.join(locale.pick("；", "; ")));
                            view! { <span class="dependency-mark" title=why.clone() role="img" aria-label=why>"⚠"</span> }
                        });
                        view! {
                            <tr class=format!("row-{}", status.code()) data-id=m.id>
                                <td class="title">
                                    {m.code.map(|code| view! { <span class="milestone-code">{code}</span>" " })}
                                    <a href=format!("/milestones/{}", m.id)>{m.title}</a>
                                    {warned}
                                </td>
                                <td>{locale.pick(&m.phase.name_zh, &m.phase.name_en).to_string()}</td>
                                <td>{locale.pick(&m.pillar.name_zh, &m.pillar.name_en).to_string()}</td>
                                <td>{m.unit_name}</td>
                                <td class="dates">{locale.date(m.start_date)}" – "{locale.date(m.due_date)}
                                    {slips.iter().find(|(id, s)| *id == m.id && s.days != 0).map(|(_, s)| view! {
                                        <span class="slip muted" data-days=s.days title=s.baseline.clone()>
                                            <br/>{locale.baselines().against}" "{locale.slip_days(s.days)}
                                        </span>
                                    })}
                                </td>
                                <td class="progress-cell">
                                    <ProgressBar percent=m.percent as f64 expected=m.assessment.expected status/>
                                    <span class="progress-text">{format!("{}%", m.percent)}</span>
                                </td>
                                <td><StatusWithReason assessment=m.assessment/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {list_pager(list.page, shown, &filter, locale)}
    }
    .into_any()
}
