//! 管理: access settings (the system administrator's) and the audit journal, filterable by
//! user, record type and date (the audit administrator's; the admin holds both unless duties
//! are separated). The server checks both; this page only shows what it is given.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use crate::api::edit::SetAnonymousRead;
use crate::api::get_journal;
use crate::components::forms::{last_error, FormMessage};
use crate::components::layout::{page_filter, session_can, use_session, AdminTabs};
use crate::components::paging::{
    choice_filter, date_range_fields, filter_actions, list_heading, list_pager,
};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::i18n::{use_locale, Locale};
use crate::model::{JournalFilter, JournalPage, JournalSort};

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let filter = page_filter::<JournalFilter>();
    let session = use_session();
    // Only the audit duty reads the journal; others are not sent asking for it.
    let journal = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        move |filter| async move {
            match session_can(session, Permission::Audit).await {
                true => get_journal(filter).await.map(Some),
                false => Ok(None),
            }
        },
    );
    let toggle = ServerAction::<SetAnonymousRead>::new();
    let toggle_error = last_error(toggle);

    view! {
        <Title text=te.admin/>
        <div class="page-head"><h1>{te.admin}</h1></div>
        <AdminTabs current="/admin" locale/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let session = session.await.ok().filter(|s| s.can(Permission::Administer))?;
                Some(view! {
                    <section class="panel section-gap">
                        <FormMessage error=toggle_error/>
                        <ActionForm action=toggle attr:class="inline-add">
                            <label class="checkbox">
                                <input type="checkbox" name="enabled" value="yes" checked=session.anonymous_read/>
                                {te.anonymous_read}
                            </label>
                            <button type="submit" class="button button-quiet">{te.save}</button>
                        </ActionForm>
                        <p class="muted">{te.anonymous_read_hint}</p>
                    </section>
                    <crate::components::package::PackagePanel locale can_set_code=true/>
                })
            })}
        </Suspense>
        <Transition fallback=Loading>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    loaded(journal.await, |found| match found {
                        Some(found) => journal_panel(found, filter, locale),
                        None => ().into_any(),
                    })
                })
            }}
        </Transition>
    }
}

/// The change journal: its filter and this page of changes.
fn journal_panel(found: JournalPage, filter: JournalFilter, locale: Locale) -> AnyView {
    let te = locale.edit();
    let value = move |v: Option<String>| v.unwrap_or_default();
    let entities = [
        "milestone",
        "project",
        "phase",
        "pillar",
        "domain",
        "unit",
        "user",
        "settings",
    ]
    .map(|e| (e.to_string(), locale.journal_label(e)))
    .to_vec();
    let table = journal_table(found, &filter, locale);
    view! {
        <section class="panel">
            <h2>{te.journal}</h2>
            <Form method="GET" action="/admin" attr:class="filter-bar">
                <label class="filter"><span>{te.user}</span>
                    <input type="text" name="user" value=value(filter.user.clone())/>
                </label>
                {choice_filter(te.entity, "entity", entities, filter.entity.as_deref(), locale)}
                {date_range_fields(filter.from, filter.to, locale)}
                {filter_actions(&filter, locale)}
            </Form>
            {table}
        </section>
    }
    .into_any()
}

/// This page of the journal, or that nothing matches.
fn journal_table(found: JournalPage, filter: &JournalFilter, locale: Locale) -> AnyView {
    let te = locale.edit();
    let JournalPage { entries, page } = found;
    if entries.is_empty() {
        return view! { <p class="empty">{te.no_history}</p> }.into_any();
    }
    let shown = entries.len();
    let heading = |label, key| list_heading(label, key, filter, locale);
    view! {
                            <p class="result-count" data-count=page.total>{locale.count_items(page.total as usize)}</p>
                            <div class="table-scroll">
                                <table class="data-table journal-table">
                                    <thead><tr>
                                        {heading(te.time, JournalSort::Time)}
                                        {heading(te.user, JournalSort::User)}
                                        {heading(te.entity, JournalSort::Record)}
                                        {heading(te.field, JournalSort::Field)}
                                        {heading(te.old_value, JournalSort::Old)}
                                        {heading(te.new_value, JournalSort::New)}
                                    </tr></thead>
                                    <tbody>
                                        {entries.into_iter().map(|e| {
                                            let page = match e.entity.as_str() {
                                                "milestone" => Some("milestones"),
                                                "project" => Some("projects"),
                                                _ => None,
                                            };
                                            let label = format!("{} #{}", locale.journal_label(&e.entity), e.entity_id);
                                            let record = match page {
                                                Some(page) if e.action != "delete" => view! { <a href=format!("/{page}/{}", e.entity_id)>{label}</a> }.into_any(),
                                                _ => view! { <span>{label}</span> }.into_any(),
                                            };
                                            view! {
                                                <tr>
                                                    <td class="nowrap">{locale.datetime(e.at)}</td>
                                                    <td>{e.username}</td>
                                                    <td>{record}" "{locale.journal_label(&e.action)}</td>
                                                    <td>{locale.journal_label(&e.field)}</td>
                                                    <td class="old-value">{e.old_value}</td>
                                                    <td class="new-value">{e.new_value}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {list_pager(page, shown, filter, locale)}
                        }.into_any()
}
