//! 工作台账: the centre's recurring work, a page at a time, filtered by type and period, with
//! the counts per type the 工作总结 cites; planners add and delete records.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::activities::{
    get_activities, AddActivityType, CreateActivity, DeleteActivity, UpdateActivity,
};
use crate::components::forms::{
    id_options, last_error, named_options, FormMessage, SelectField, TextField,
};
use crate::components::submission::{EvidenceForm, EvidenceList, UploadMessage};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::{use_locale, Locale};
use crate::model::query::{parse, to_query};
use crate::model::{ActivitiesPage, ActivityFilter, ActivityView};

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.activities();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| parse::<ActivityFilter>(&q.to_query_string())));
    let actions = LedgerActions {
        create: ServerAction::<CreateActivity>::new(),
        update: ServerAction::<UpdateActivity>::new(),
        remove: ServerAction::<DeleteActivity>::new(),
        add_type: ServerAction::<AddActivityType>::new(),
    };
    let data = Resource::new(move || filter.get(), get_activities);
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <p class="muted">{t.hint}</p>
        <UploadMessage/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                loaded(data.await, |page| view! { <Ledger page filter actions locale/> }.into_any())
            })}
        </Transition>
    }
}

/// What the ledger page's forms do.
#[derive(Clone, Copy)]
struct LedgerActions {
    create: ServerAction<CreateActivity>,
    update: ServerAction<UpdateActivity>,
    remove: ServerAction<DeleteActivity>,
    add_type: ServerAction<AddActivityType>,
}

/// The choices a record's form offers.
#[derive(Clone)]
struct Choices {
    types: Vec<(String, String)>,
    units: Vec<(String, String)>,
    pillars: Vec<(String, String)>,
    domains: Vec<(String, String)>,
}

#[component]
fn Ledger(
    page: ActivitiesPage,
    filter: ActivityFilter,
    actions: LedgerActions,
    locale: Locale,
) -> impl IntoView {
    let t = locale.activities();
    let LedgerActions {
        create,
        update,
        remove,
        add_type,
    } = actions;
    let type_options: Vec<(String, String)> = page
        .types
        .iter()
        .map(|ty| {
            (
                ty.id.to_string(),
                locale.pick(&ty.name_zh, &ty.name_en).to_string(),
            )
        })
        .collect();
    let selected_type = filter.type_id.map(|id| id.to_string()).unwrap_or_default();
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let page_info = crate::model::PageInfo {
        page: page.page,
        page_size: page.page_size,
        total: page.total,
    };
    let shown = page.rows.len();
    let page_href = {
        let filter = filter.clone();
        move |to_page: u32| {
            let query = to_query(&ActivityFilter {
                page: Some(to_page),
                ..filter.clone()
            });
            format!("/activities?{query}")
        }
    };
    let (from, to) = (day(filter.from), day(filter.to));
    let create_error = last_error(create);
    let remove_error = last_error(remove);
    let update_error = last_error(update);
    let can_edit = page.can_edit;
    let named = |list: &[crate::model::Named]| named_options(list, locale);
    let choices = Choices {
        types: type_options.clone(),
        units: id_options(page.units.clone()),
        pillars: named(&page.pillars),
        domains: named(&page.domains),
    };
    let export_href = format!(
        "/activities/export?{}",
        to_query(&ActivityFilter {
            page: None,
            ..filter.clone()
        })
    );
    view! {
        <section class="panel">
            <form method="get" action="/activities" class="filter-form activity-filter">
                <label class="field">
                    <span class="field-label">{t.type_label}</span>
                    <select name="type_id">
                        <option value="">{t.any_type}</option>
                        {type_options.iter().map(|(value, label)| view! {
                            <option value=value.clone() selected=*value == selected_type>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">{t.from}</span>
                    <input type="date" name="from" value=from/>
                </label>
                <label class="field">
                    <span class="field-label">{t.to}</span>
                    <input type="date" name="to" value=to/>
                </label>
                <button type="submit" class="button button-quiet">{t.apply}</button>
            </form>
            <p class="activity-counts" data-total=page.total>{locale.activity_counts(&page.counts)}</p>
            <p class="ledger-files">
                <a href=export_href class="button button-quiet" data-action="export-activities" download>{t.export}</a>
                {can_edit.then(|| view! {
                    " "<a href="/activities/import" class="button button-quiet">{t.import}</a>
                })}
            </p>
        </section>
        <section class="panel section-gap">
            <FormMessage error=remove_error/>
            <FormMessage error=update_error/>
            {if page.rows.is_empty() {
                view! { <p class="empty">{t.empty}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table activity-table">
                        <thead><tr>
                            <th scope="col">{t.col_date}</th><th scope="col">{t.col_type}</th>
                            <th scope="col">{t.col_title}</th><th scope="col">{t.col_unit}</th>
                            <th scope="col" class="num">{t.col_participants}</th><th scope="col">{t.col_notes}</th>
                            {can_edit.then(|| view! { <th scope="col"></th> })}
                        </tr></thead>
                        <tbody>
                            {page.rows.into_iter().map(|row| {
                                let choices = choices.clone();
                                view! { <Row row can_edit update remove choices locale/> }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {crate::components::paging::pager(page_info, shown, page_href.clone(), locale)}
                }.into_any()
            }}
        </section>
        {can_edit.then(|| view! {
            <section class="panel form-panel">
                <h2>{t.add}</h2>
                <FormMessage error=create_error/>
                <ActionForm action=create attr:class="stacked-form add-activity-form">
                    <div class="field-row">
                        <SelectField label=t.type_label name="form[activity_type]" field="activity_type" options=type_options.clone() required=true error=create_error/>
                        <TextField label=t.held_on name="form[held_on]" field="held_on" kind="date" required=true error=create_error/>
                    </div>
                    <TextField label=t.name name="form[title]" field="title" required=true error=create_error/>
                    <div class="field-row">
                        <SelectField label=t.unit name="form[unit]" field="unit" options=choices.units.clone() error=create_error/>
                        <SelectField label=t.pillar name="form[pillar]" field="pillar" options=choices.pillars.clone() error=create_error/>
                        <SelectField label=t.domain name="form[domain]" field="domain" options=choices.domains.clone() error=create_error/>
                    </div>
                    <div class="field-row">
                        <TextField label=t.participants name="form[participants]" field="participants" kind="number" error=create_error/>
                        <TextField label=t.notes name="form[notes]" field="notes" error=create_error/>
                    </div>
                    <div><button type="submit" class="button" data-action="add-activity">{t.add}</button></div>
                </ActionForm>
            </section>
        })}
        {page.can_administer.then(|| view! { <TypesPanel types=page.types.clone() add_type locale/> })}
    }
}

/// The admins' list of activity types, and the form that adds one.
#[component]
fn TypesPanel(
    types: Vec<crate::model::ActivityTypeView>,
    add_type: ServerAction<AddActivityType>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.activities();
    let error = last_error(add_type);
    view! {
        <section class="panel form-panel activity-types">
            <h2>{t.types_title}</h2>
            <p class="muted">
                {types.iter().map(|ty| format!("{} ({})", locale.pick(&ty.name_zh, &ty.name_en), ty.measure))
                    .collect::<Vec<_>>().join(" · ")}
            </p>
            <FormMessage error/>
            <ActionForm action=add_type attr:class="stacked-form add-type-form">
                <div class="field-row">
                    <TextField label=t.type_name_zh name="name_zh" field="name_zh" required=true error/>
                    <TextField label=t.type_name_en name="name_en" field="name_en" error/>
                    <TextField label=t.type_measure name="measure" field="measure" error/>
                </div>
                <div><button type="submit" class="button" data-action="add-activity-type">{t.add_type}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn Row(
    row: ActivityView,
    can_edit: bool,
    update: ServerAction<UpdateActivity>,
    remove: ServerAction<DeleteActivity>,
    choices: Choices,
    locale: Locale,
) -> impl IntoView {
    let t = locale.activities();
    let error = last_error(update);
    let id_text = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let (id, version, type_id, held_on) = (row.id, row.version, row.type_id, row.held_on);
    let (unit, pillar, domain) = (
        id_text(row.unit_id),
        id_text(row.pillar_id),
        id_text(row.domain_id),
    );
    let (title, notes) = (row.title.clone(), row.notes.clone());
    let participants = row.participants.map(|n| n.to_string()).unwrap_or_default();
    let edit_form = view! {
        <details class="inline-details">
            <summary class="link-button">{t.edit}</summary>
            <ActionForm action=update attr:class="stacked-form edit-activity-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <SelectField label=t.type_label name="form[activity_type]" field="activity_type" options=choices.types selected=type_id.to_string() required=true error/>
                <TextField label=t.held_on name="form[held_on]" field="held_on" kind="date" value=held_on.to_string() required=true error/>
                <TextField label=t.name name="form[title]" field="title" value=title required=true error/>
                <SelectField label=t.unit name="form[unit]" field="unit" options=choices.units selected=unit error/>
                <SelectField label=t.pillar name="form[pillar]" field="pillar" options=choices.pillars selected=pillar error/>
                <SelectField label=t.domain name="form[domain]" field="domain" options=choices.domains selected=domain error/>
                <TextField label=t.participants name="form[participants]" field="participants" kind="number" value=participants error/>
                <TextField label=t.notes name="form[notes]" field="notes" value=notes error/>
                <button type="submit" class="button" data-action="save-activity">{t.save}</button>
            </ActionForm>
        </details>
    };
    view! {
        <tr data-activity=row.id>
            <td>{locale.date(row.held_on)}</td>
            <td>{row.type_name.clone()}</td>
            <td>{row.title.clone()}</td>
            <td>{row.unit_name.clone().unwrap_or_default()}</td>
            <td class="num">{row.participants.map(|n| n.to_string()).unwrap_or_default()}</td>
            <td class="muted">{row.notes.clone()}<EvidenceList files=row.attachments.clone()/></td>
            {can_edit.then(|| view! {
                <td>
                    {edit_form}
                    <details class="inline-details">
                        <summary class="link-button">{locale.rounds().evidence}</summary>
                        <EvidenceForm field="activity" id=id back="/activities".to_string() locale/>
                    </details>
                    <details class="inline-details">
                        <summary class="link-button">{t.delete}</summary>
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=row.id/>
                            <input type="hidden" name="version" value=row.version/>
                            <input type="hidden" name="confirm" value="yes"/>
                            <button type="submit" class="button button-quiet" data-action="delete-activity">{t.confirm_delete}</button>
                        </ActionForm>
                    </details>
                </td>
            })}
        </tr>
    }
}
