//! The pager and the sortable headings every paged list shares: plain links carrying the whole
//! URL (filters, sort, page).

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::model::{ListFilter, PageInfo, SortKey};

/// "第 51–100 条，共 50000 条 · 第 2 / 1000 页" and the first / previous / next / last links.
/// `href` gives the URL of a page number.
pub fn pager(
    page: PageInfo,
    shown: usize,
    href: impl Fn(u32) -> String,
    locale: Locale,
) -> impl IntoView {
    let [first, previous, next, last] = locale.page_links();
    let link = |to: Option<u32>, label: &'static str, rel: &'static str| {
        to.map(|to| view! { " · "<a href=href(to) rel=rel>{label}</a> })
    };
    let range = page
        .rows_shown(shown)
        .map(|(from, to)| locale.records_range(from, to, page.total));
    let pages = page.pages();
    view! {
        <nav class="pager muted" aria-label=locale.pages_label() data-total=page.total data-page=page.page>
            {range}
            {(pages > 1).then(|| view! { " · "{locale.page_of(page.page, pages)} })}
            {link(page.previous().filter(|p| *p > 1).map(|_| 1), first, "first")}
            {link(page.previous(), previous, "prev")}
            {link(page.next(), next, "next")}
            {link(page.next().filter(|p| *p < pages).map(|_| pages), last, "last")}
        </nav>
    }
}

/// A column heading that sorts the list on `key`: ascending first, descending on a second click.
/// `href(key, descending)` gives the URL of that order (back to the first page).
pub fn sort_heading<K: SortKey>(
    label: &'static str,
    key: K,
    current: Option<K>,
    descending: bool,
    href: impl Fn(K, bool) -> String,
    locale: Locale,
) -> impl IntoView {
    let active = current == Some(key);
    let next_descending = active && !descending;
    let (aria_sort, arrow) = match (active, descending) {
        (false, _) => ("none", ""),
        (true, false) => ("ascending", " ▲"),
        (true, true) => ("descending", " ▼"),
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <a class="sort-link" href=href(key, next_descending) title=locale.sort_hint(label, next_descending)
               data-sort=key.code()>
                {label}<span aria-hidden="true">{arrow}</span>
            </a>
        </th>
    }
}

/// [`sort_heading`] for a list whose filter carries its sort.
pub fn list_heading<F: ListFilter + 'static>(
    label: &'static str,
    key: F::Sort,
    filter: &F,
    locale: Locale,
) -> impl IntoView {
    let (current, descending) = filter.sort();
    let filter = filter.clone();
    sort_heading(
        label,
        key,
        current,
        descending,
        move |key, descending| filter.sorted(key, descending).href(),
        locale,
    )
}

/// [`pager`] for a list whose filter carries its page.
pub fn list_pager<F: ListFilter + 'static>(
    page: PageInfo,
    shown: usize,
    filter: &F,
    locale: Locale,
) -> impl IntoView {
    let filter = filter.clone();
    pager(
        page,
        shown,
        move |to| filter.on_page(Some(to)).href(),
        locale,
    )
}

/// The list's sort as hidden fields of its filter form: applying a filter keeps the order and
/// starts again from the first page.
/// The end of a list's filter bar: the order kept, apply, and clear (back to the whole list).
pub fn filter_actions<F: ListFilter>(filter: &F, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    view! {
        {sort_fields(filter)}
        <button type="submit" class="button">{t.filter_apply}</button>
        <a class="button button-quiet" href=F::PATH>{t.filter_clear}</a>
    }
}

/// One select of a filter bar: "all" (nothing chosen) or one of `options` (value, name), for a
/// form that is not a [`crate::components::filters::FilterPanel`] (the logs, the search page).
pub fn choice_filter(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    chosen: Option<&str>,
    locale: Locale,
) -> impl IntoView {
    crate::components::filters::FilterField::choice(name, label, options).control(chosen, locale)
}

/// A log's `from` / `to` date fields.
pub fn date_range_fields(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <label class="filter"><span>{te.from_date}</span>
            <input type="date" name="from" value=day(from)/>
        </label>
        <label class="filter"><span>{te.to_date}</span>
            <input type="date" name="to" value=day(to)/>
        </label>
    }
}

pub fn sort_fields<F: ListFilter>(filter: &F) -> impl IntoView {
    let (sort, descending) = filter.sort();
    view! {
        {sort.map(|key| view! { <input type="hidden" name="sort" value=key.code()/> })}
        {descending.then(|| view! { <input type="hidden" name="desc" value="true"/> })}
    }
}
