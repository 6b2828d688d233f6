//! 项目: the registry of major and information projects with their investment.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::list_projects;
use crate::api::types::{ProjectFilter, ProjectList};
use crate::components::layout::{session_can, use_session};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::domain::model::ProjectKind;
use crate::i18n::{use_locale, Locale};

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| ProjectFilter::from_query(|k| q.get(k))));
    let list = crate::api::codec::page_resource(move || filter.get(), list_projects);
    let kind_link = move |kind: Option<ProjectKind>, label: &'static str| {
        let href = kind
            .map(|k| format!("/projects?kind={}", k.code()))
            .unwrap_or_else(|| "/projects".into());
        let class = move || {
            if filter.get().kind == kind {
                "status-link current"
            } else {
                "status-link"
            }
        };
        view! { <a href=href class=class>{label}</a> }
    };
    let session = use_session();
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
            {kind_link(None, t.filter_all)}
            {kind_link(Some(ProjectKind::Major), t.kind_major)}
            {kind_link(Some(ProjectKind::Information), t.kind_information)}
        </nav>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(list.await, |l| view! { <ProjectTable list=l locale/> }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn ProjectTable(list: ProjectList, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    if list.rows.is_empty() {
        return view! { <p class="empty">{t.no_matches}</p> }.into_any();
    }
    let count = locale.count_items(list.rows.len());
    view! {
        <p class="result-count" data-count=list.rows.len()>{count}</p>
        <div class="table-scroll">
            <table class="data-table project-table">
                <thead>
                    <tr>
                        <th scope="col">{t.col_code}</th>
                        <th scope="col">{t.col_project}</th>
                        <th scope="col">{t.col_kind}</th>
                        <th scope="col">{t.col_builder}</th>
                        <th scope="col">{t.col_construction}</th>
                        <th scope="col">{t.col_pillar}</th>
                        <th scope="col">{t.col_years}</th>
                        <th scope="col" class="num">{t.col_total_investment}</th>
                        <th scope="col" class="num">{t.col_completed_investment}</th>
                        <th scope="col">{t.col_project_status}</th>
                        <th scope="col">{t.col_visible_progress}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="total-row">
                        <th scope="row" colspan="7">{t.total_row}</th>
                        <td class="num money" data-total="investment">{list.total_investment.to_string()}</td>
                        <td class="num money" data-total="completed">{list.completed_investment.to_string()}</td>
                        <td colspan="2"></td>
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
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
