//! 项目: the registry of major and information projects with their investment.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::list_projects;
use crate::components::filters::{FilterField, FilterPanel};
use crate::components::forms::{id_options, named_options};
use crate::components::imports::FormatChoice;
use crate::components::layout::{page_filter, session_can, use_reference_data, use_session};
use crate::components::paging::{list_heading, list_pager};
use crate::components::widgets::{loaded, ControlPanel, Loading};
use crate::domain::access::Permission;
use crate::domain::model::ProjectKind;
use crate::domain::model::ProjectStatus;
use crate::i18n::{use_locale, Locale};
use crate::model::ReferenceData;
use crate::model::{ListFilter, ProjectFilter, ProjectList, ProjectSort};

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let filter = page_filter::<ProjectFilter>();
    let list = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        list_projects,
    );
    let kind_link = |kind: Option<ProjectKind>, label: &'static str| {
        let href = kind
            .map(|k| format!("/projects?kind={}", k.code()))
            .unwrap_or_else(|| "/projects".into());
        let class = if filter.kind == kind {
            "status-link current"
        } else {
            "status-link"
        };
        view! { <a href=href class=class>{label}</a> }
    };
    let kind_links = (
        kind_link(None, t.filter_all),
        kind_link(Some(ProjectKind::Major), t.kind_major),
        kind_link(Some(ProjectKind::Information), t.kind_information),
    );
    let (bar_filter, table_filter) = (filter.clone(), filter);
    let session = use_session();
    let reference = use_reference_data();
    view! {
        <Title text=t.nav_projects/>
        <div class="page-head">
            <h1>{t.nav_projects}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    can_edit.then(|| view! { <a class="button new-project" href="/projects/new">{locale.edit().new_project}</a> })
                })}
            </Suspense>
        </div>
        <nav class="status-links" aria-label=t.col_kind>
            {kind_links}
        </nav>
        <Suspense fallback=|| ()>
            {move || {
                let filter = bar_filter.clone();
                Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    loaded(reference.await, |r| view! {
                        <ProjectFilterBar reference=r filter=filter.clone() locale/>
                        <ExportPanel filter locale can_edit/>
                    }.into_any())
                })
            }}
        </Suspense>
        <Transition fallback=Loading>
            {move || {
                let filter = table_filter.clone();
                Suspend::new(async move {
                    loaded(list.await, |l| view! { <ProjectTable list=l filter locale/> }.into_any())
                })
            }}
        </Transition>
    }
}

/// 所属支柱, 建设单位, 项目状态, 建设年度 and the archived ones; a plain GET form, so it works
/// before scripts load, folded behind 筛选 on a phone.
#[component]
fn ProjectFilterBar(
    reference: ReferenceData,
    filter: ProjectFilter,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.reporting();
    let statuses = ProjectStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), locale.project_status(*s).to_string()))
        .collect();
    let years = reference
        .roadmap
        .as_ref()
        .map(|r| {
            (r.start_year..=r.end_year)
                .map(|y| (y.to_string(), y.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let fields = vec![
        FilterField::choice(
            "pillar",
            tr.filter_pillar,
            named_options(&reference.pillars, locale),
        ),
        FilterField::choice("unit", tr.filter_unit, id_options(reference.unit_names())),
        FilterField::choice("status", tr.filter_status, statuses),
        FilterField::choice("year", tr.filter_year, years),
        FilterField::flag("archived", locale.rounds().show_archived),
    ];
    let pairs = crate::model::query::to_pairs(&filter);
    // The tab (major / information) is not one of the filters: clearing keeps it.
    let clear_href = ProjectFilter {
        kind: filter.kind,
        ..ProjectFilter::default()
    }
    .href();
    view! {
        <FilterPanel path=ProjectFilter::PATH fields pairs clear_href class="project-filters" locale/>
    }
}

/// Downloads the filtered registry in the provincial template; planners may also record the
/// download as a report upward (上报), which the server checks again.
#[component]
fn ExportPanel(filter: ProjectFilter, locale: Locale, can_edit: bool) -> impl IntoView {
    let tr = locale.reporting();
    // The registry's filter as the form's hidden fields: the file holds what the list shows.
    let hidden = crate::model::query::to_pairs(&filter.all_pages())
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <ControlPanel heading=tr.export_heading class="export-panel">
            <form method="get" action="/projects/export" class="filter-bar" data-testid="export-form">
                {hidden}
                <FormatChoice locale/>
                <label class="filter"><span>{tr.group}</span>
                    <select name="group">
                        <option value="construction" selected>{tr.group_construction}</option>
                        <option value="pillar">{tr.group_pillar}</option>
                    </select>
                </label>
                <button type="submit" class="button" formmethod="get">{tr.download}</button>
                {can_edit.then(|| view! {
                    <label class="filter"><span>{tr.batch}</span>
                        <input type="text" name="batch" maxlength="60" placeholder=tr.batch_placeholder/>
                    </label>
                    <button type="submit" class="button button-quiet" formmethod="post">{tr.record}</button>
                })}
            </form>
            <p class="muted">{tr.export_hint}</p>
            <p class="panel-links">
                {can_edit.then(|| view! { <a href="/projects/import">{tr.import_link}</a>" · "})}
                <a href="/projects/reporting">{tr.reporting_link}</a>
            </p>
        </ControlPanel>
    }
}

#[component]
fn ProjectTable(list: ProjectList, filter: ProjectFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    if list.rows.is_empty() {
        return view! { <p class="empty">{t.no_matches}</p> }.into_any();
    }
    let heading = |label, key| list_heading(label, key, &filter, locale);
    let shown = list.rows.len();
    let count = locale.count_items(list.page.total as usize);
    view! {
        <p class="result-count" data-count=list.page.total>{count}</p>
        <div class="table-scroll">
            <table class="data-table project-table">
                <thead>
                    <tr>
                        {heading(t.col_code, ProjectSort::Code)}
                        {heading(t.col_project, ProjectSort::Name)}
                        {heading(t.col_kind, ProjectSort::Kind)}
                        {heading(t.col_builder, ProjectSort::Unit)}
                        {heading(t.col_construction, ProjectSort::Construction)}
                        {heading(t.col_pillar, ProjectSort::Pillar)}
                        {heading(t.col_years, ProjectSort::Years)}
                        {heading(t.col_total_investment, ProjectSort::Investment)}
                        {heading(t.col_completed_investment, ProjectSort::Completed)}
                        {heading(t.col_project_status, ProjectSort::Status)}
                        {heading(t.col_visible_progress, ProjectSort::Progress)}
                        {heading(locale.reporting().col_reported, ProjectSort::Reported)}
                    </tr>
                </thead>
                <tbody>
                    <tr class="total-row">
                        <th scope="row" colspan="7"><span class="sticky-label">{t.total_row}</span></th>
                        <td class="num money" data-total="investment">{list.total_investment.to_string()}</td>
                        <td class="num money" data-total="completed">{list.completed_investment.to_string()}</td>
                        <td colspan="3"></td>
                    </tr>
                    {list.rows.into_iter().map(|p| view! {
                        <tr data-id=p.id id=format!("project-{}", p.id)>
                            <td class="code">{p.code.unwrap_or_else(|| t.no_code.to_string())}</td>
                            <td class="title"><a href=format!("/projects/{}", p.id)>{p.name}</a></td>
                            <td>{locale.project_kind(p.kind)}</td>
                            <td>{p.unit_name}</td>
                            <td>{locale.construction_type(p.construction_type)}</td>
                            <td>{p.pillar.map(|n| locale.pick(&n.name_zh, &n.name_en).to_string()).unwrap_or_default()}</td>
                            <td>{locale.years(p.start_year, p.end_year)}</td>
                            <td class="num money">{p.total_investment.to_string()}</td>
                            <td class="num money">{p.completed_investment.to_string()}</td>
                            <td><span class=format!("project-status project-{}", p.status.code())>{locale.project_status(p.status)}</span></td>
                            <td class="visible-progress">{p.visible_progress}</td>
                            <td class="last-reported">{p.last_reported.map(|(on, batch)| format!("{} {batch}", locale.date(on)))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {list_pager(list.page, shown, &filter, locale)}
    }
    .into_any()
}
