//! `/search?q=…`: what a query finds across the programme, ranked, with the matches marked and
//! the filters (kind, unit, pillar) applicable to the results. A plain GET form, so it works
//! before (and without) the bundle, like the lists.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::search;
use crate::components::forms::{id_options, named_options};
use crate::components::layout::{page_filter, use_reference_data};
use crate::components::paging::{choice_filter, pager};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::{use_locale, Locale};
use crate::model::{
    Marked, ReferenceData, SearchFilter, SearchGroup, SearchHit, SearchKind, SearchResults,
};

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.search();
    let filter = page_filter::<SearchFilter>();
    let reference = use_reference_data();
    let results = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        search,
    );
    let (form_filter, list_filter) = (filter.clone(), filter);
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <Suspense fallback=Loading>
            {move || {
                let filter = form_filter.clone();
                Suspend::new(async move {
                    loaded(reference.await, |r| view! { <SearchForm reference=r filter locale/> }.into_any())
                })
            }}
        </Suspense>
        <Transition fallback=Loading>
            {move || {
                let filter = list_filter.clone();
                Suspend::new(async move {
                    loaded(results.await, |r| view! { <Results results=r filter locale/> }.into_any())
                })
            }}
        </Transition>
    }
}

#[component]
fn SearchForm(reference: ReferenceData, filter: SearchFilter, locale: Locale) -> impl IntoView {
    let t = locale.search();
    let kinds = SearchKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), locale.search_kind(*k).to_string()))
        .collect();
    let kind = filter.kind.map(|k| k.code().to_string());
    let unit = filter.unit.map(|u| u.to_string());
    let pillar = filter.pillar.map(|p| p.to_string());
    let pillars = named_options(&reference.pillars, locale);
    view! {
        <form method="get" action="/search" class="filter-bar search-form" role="search" aria-label=t.label>
            <label class="filter search-field">
                <span>{t.title}</span>
                <input type="search" name="q" value=filter.q.clone().unwrap_or_default()
                    maxlength=crate::domain::search::MAX_CHARS placeholder=t.placeholder autofocus/>
            </label>
            {choice_filter(t.kind_label, "kind", kinds, kind.as_deref(), locale)}
            {choice_filter(t.unit_label, "unit", id_options(reference.unit_names()), unit.as_deref(), locale)}
            {choice_filter(t.pillar_label, "pillar", pillars, pillar.as_deref(), locale)}
            <button type="submit" class="button">{t.button}</button>
        </form>
    }
}

/// A text with its matching runs in `<mark>`.
fn marked_view(runs: Marked) -> impl IntoView {
    runs.into_iter()
        .map(|(text, hit)| {
            if hit {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Results(results: SearchResults, filter: SearchFilter, locale: Locale) -> impl IntoView {
    let t = locale.search();
    if let Some(problem) = results.problem {
        return view! { <p class="form-error" role="alert">{locale.query_problem(problem)}</p> }
            .into_any();
    }
    if results.query.is_empty() {
        return view! { <p class="muted">{t.hint}</p> }.into_any();
    }
    if results.groups.is_empty() {
        return view! { <p class="empty search-none">{t.nothing_found}</p> }.into_any();
    }
    let page = results.page;
    let groups_shown: usize = results.groups.iter().map(|g| g.hits.len()).sum();
    let groups = results
        .groups
        .into_iter()
        .map(|group| view! { <Group group filter=filter.clone() locale/> })
        .collect_view();
    let shown = groups_shown;
    let pager = page.map(|page| {
        let filter = filter.clone();
        let href = move |to: u32| {
            SearchFilter {
                page: (to > 1).then_some(to),
                ..filter.clone()
            }
            .href()
        };
        pager(page, shown, href, locale)
    });
    view! { {groups}{pager} }.into_any()
}

#[component]
fn Group(group: SearchGroup, filter: SearchFilter, locale: Locale) -> impl IntoView {
    let kind = group.kind;
    let all_of_kind = (filter.kind.is_none() && group.count > group.hits.len() as i64).then(|| {
        let href = SearchFilter {
            kind: Some(kind),
            page: None,
            ..filter.clone()
        }
        .href();
        view! { <p class="panel-links"><a href=href>{locale.search_all_of(kind)}</a></p> }
    });
    view! {
        <section class="panel search-group" data-kind=kind.code() aria-label=locale.search_kind(kind)>
            <h2>{locale.search_kind(kind)}" "<span class="muted search-count" data-count=group.count>
                {locale.search_count(group.count, group.more)}</span></h2>
            <ol class="search-hits">
                {group.hits.into_iter().map(|hit| view! { <Hit hit locale/> }).collect_view()}
            </ol>
            {all_of_kind}
        </section>
    }
}

#[component]
fn Hit(hit: SearchHit, locale: Locale) -> impl IntoView {
    let context: Vec<String> = [
        hit.parent.clone(),
        hit.unit.clone(),
        hit.day.map(|d| locale.date(d)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let has_excerpt = !hit.excerpt.is_empty();
    view! {
        <li class="search-hit" data-id=hit.id>
            <a class="search-title" href=hit.href>{marked_view(hit.title)}</a>
            {has_excerpt.then(|| view! { <p class="search-excerpt">{marked_view(hit.excerpt)}</p> })}
            {(!context.is_empty()).then(|| view! { <p class="muted search-context">{context.join(" · ")}</p> })}
        </li>
    }
}
