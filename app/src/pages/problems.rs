//! 存在问题: every problem raised on a milestone or a project, filtered by status, unit and
//! overdue, sorted on any column, a page at a time. Answering and closing happen on the item the
//! problem belongs to, which each row links to.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::list_problems;
use crate::components::filters::{FilterField, FilterPanel};
use crate::components::forms::id_options;
use crate::components::layout::use_reference_data;
use crate::components::paging::{list_heading, list_pager};
use crate::components::widgets::{loaded, Loading};
use crate::domain::model::ProblemStatus;
use crate::i18n::{use_locale, Locale};
use crate::model::{
    ListFilter, ProblemFilter, ProblemList, ProblemSort, ProblemSubject, ReferenceData,
};

#[component]
pub fn ProblemsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.problem_list();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| crate::model::query::parse::<ProblemFilter>(&q.to_query_string()))
    });
    let reference = use_reference_data();
    let list = Resource::new(move || filter.get(), list_problems);
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <p class="muted">{t.hint}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get();
                let reference = reference.await;
                let list = list.await;
                loaded(reference.and_then(|r| list.map(|l| (r, l))), |(reference, list)| view! {
                    <FilterBar reference filter=filter.clone() locale/>
                    <ProblemTable list filter locale/>
                }.into_any())
            })}
        </Suspense>
    }
}

/// Status, unit and "overdue only": a plain GET form, applied at once once the bundle has loaded,
/// folded behind 筛选 on a phone.
#[component]
fn FilterBar(reference: ReferenceData, filter: ProblemFilter, locale: Locale) -> impl IntoView {
    let t = locale.problem_list();
    let statuses = [
        ProblemStatus::Open,
        ProblemStatus::Answered,
        ProblemStatus::Closed,
    ]
    .into_iter()
    .map(|s| (s.code().to_string(), locale.problem_status(s).to_string()))
    .collect();
    let fields = vec![
        FilterField::choice("status", t.status_label, statuses),
        FilterField::choice("unit", t.unit_label, id_options(reference.unit_names())),
        FilterField::flag("overdue", t.overdue_only),
    ];
    let pairs = crate::model::query::to_pairs(&filter);
    view! {
        <FilterPanel path=ProblemFilter::PATH fields pairs clear_href=ProblemFilter::PATH apply_on_change=true locale/>
    }
}

#[component]
fn ProblemTable(list: ProblemList, filter: ProblemFilter, locale: Locale) -> impl IntoView {
    let t = locale.problem_list();
    let te = locale.edit();
    if list.rows.is_empty() {
        return view! { <p class="empty">{locale.texts().no_matches}</p> }.into_any();
    }
    let heading = |label, key| list_heading(label, key, &filter, locale);
    let shown = list.rows.len();
    view! {
        <p class="result-count" data-count=list.page.total>{locale.count_items(list.page.total as usize)}</p>
        <div class="table-scroll">
            <table class="data-table problem-table">
                <thead>
                    <tr>
                        {heading(t.col_problem, ProblemSort::Problem)}
                        {heading(t.col_subject, ProblemSort::Subject)}
                        {heading(t.col_unit, ProblemSort::Unit)}
                        {heading(t.col_raised, ProblemSort::Raised)}
                        {heading(t.col_due, ProblemSort::Due)}
                        {heading(t.col_status, ProblemSort::Status)}
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|p| {
                        let kind = match p.subject {
                            ProblemSubject::Milestone { .. } => t.milestone,
                            ProblemSubject::Project { .. } => t.project,
                        };
                        view! {
                            <tr data-id=p.id class=format!("problem-{}", p.status.code())>
                                <td class="problem-text">
                                    {p.description.clone()}
                                    {(!p.answer.is_empty()).then(|| view! {
                                        <p class="problem-answer muted">{te.answer}{locale.colon()}{p.answer.clone()}</p>
                                    })}
                                </td>
                                <td class="title">
                                    <span class="muted">{kind}" "</span>
                                    <a href=p.subject.href()>{p.subject.name().to_string()}</a>
                                </td>
                                <td>{p.unit_name.clone().unwrap_or_else(|| "—".to_string())}</td>
                                <td class="date">{locale.date(p.raised_on)}</td>
                                <td class="date">{p.due_date.map(|d| locale.date(d)).unwrap_or_else(|| "—".to_string())}</td>
                                <td>
                                    <span class=format!("problem-status problem-status-{}", p.status.code())>{locale.problem_status(p.status)}</span>
                                    {p.overdue.then(|| view! { " "<span class="status-chip status-red">{te.overdue}</span> })}
                                </td>
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
