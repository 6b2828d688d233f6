//! 工作指标: the counts, rates and amounts the 工作总结 cites, where each stands against its yearly
//! target and 序时进度, with a sparkline; planners define indicators and record entered values.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::indicators::{
    get_indicators, CreateIndicator, RecordIndicatorValue, UpdateIndicator,
};
use crate::components::forms::{
    id_options, last_error, named_options, FormMessage, SelectField, TextField,
};
use crate::components::indicators::{figure, Sparkline};
use crate::components::submission::{EvidenceForm, EvidenceList, UploadMessage};
use crate::components::widgets::{loaded, Loading};
use crate::domain::indicators::{ComputedKey, Source};
use crate::i18n::{use_locale, Locale};
use crate::model::query::parse;
use crate::model::{DashboardFilter, IndicatorForm, IndicatorView, IndicatorsPage as PageData};

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.indicators();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| parse::<DashboardFilter>(&q.to_query_string())));
    let create = ServerAction::<CreateIndicator>::new();
    let record = ServerAction::<RecordIndicatorValue>::new();
    let update = ServerAction::<UpdateIndicator>::new();
    let data = Resource::new(move || filter.get(), get_indicators);
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <p class="muted">{t.hint}</p>
        <UploadMessage/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                loaded(data.await, |page| view! { <Indicators page filter create record update locale/> }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn Indicators(
    page: PageData,
    filter: DashboardFilter,
    create: ServerAction<CreateIndicator>,
    record: ServerAction<RecordIndicatorValue>,
    update: ServerAction<UpdateIndicator>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.indicators();
    let named = |list: &[crate::model::Named]| named_options(list, locale);
    let pillars = named(&page.pillars);
    let domains = named(&page.domains);
    let units = id_options(page.units.clone());
    let selected = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let sources: Vec<(String, String)> = std::iter::once(Source::Entered)
        .chain(page.activity_types.iter().map(|ty| Source::Ledger(ty.id)))
        .chain(ComputedKey::ALL.into_iter().map(Source::Computed))
        .map(|s| {
            let code = s.code();
            let label = locale.indicator_source(&code, &page.activity_types);
            (code, label)
        })
        .collect();
    let periods: Vec<(String, String)> = ["month", "quarter", "year"]
        .into_iter()
        .map(|code| (code.to_string(), locale.indicator_period(code).to_string()))
        .collect();
    let directions = vec![
        ("higher".to_string(), t.higher.to_string()),
        ("lower".to_string(), t.lower.to_string()),
    ];
    let aggregates = vec![
        ("sum".to_string(), t.sum.to_string()),
        ("latest".to_string(), t.latest.to_string()),
    ];
    let create_error = last_error(create);
    let record_error = last_error(record);
    let update_error = last_error(update);
    let can_edit = page.can_edit;
    let year = page.day.format("%Y").to_string();
    let types = page.activity_types.clone();
    let choices = Choices {
        sources,
        periods,
        directions,
        aggregates,
        pillars: pillars.clone(),
        domains: domains.clone(),
        units: units.clone(),
    };
    view! {
        <section class="panel">
            <form method="get" action="/indicators" class="filter-form activity-filter">
                <FilterSelect label=t.pillar name="pillar" options=pillars.clone() selected=selected(filter.pillar) any=t.any/>
                <FilterSelect label=t.domain name="domain" options=domains.clone() selected=selected(filter.domain) any=t.any/>
                <FilterSelect label=t.unit name="unit" options=units.clone() selected=selected(filter.unit) any=t.any/>
                <button type="submit" class="button button-quiet">{t.filter}</button>
            </form>
        </section>
        <section class="panel section-gap">
            <FormMessage error=record_error/>
            <FormMessage error=update_error/>
            {if page.rows.is_empty() {
                view! { <p class="empty">{t.empty}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table indicator-table">
                        <thead><tr>
                            <th scope="col">{t.col_name}</th><th scope="col">{t.col_period}</th>
                            <th scope="col">{t.col_source}</th><th scope="col" class="num">{t.col_value}</th>
                            <th scope="col" class="num">{t.col_target}</th><th scope="col" class="num">{t.col_expected}</th>
                            <th scope="col">{t.col_trend}</th>
                            {can_edit.then(|| view! { <th scope="col"></th> })}
                        </tr></thead>
                        <tbody>
                            {page.rows.into_iter().map(|row| {
                                let source = locale.indicator_source(&row.source, &types);
                                let choices = choices.clone();
                                view! { <Row row source can_edit record update choices locale/> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {can_edit.then(|| view! {
            <section class="panel form-panel">
                <h2>{t.add}</h2>
                <FormMessage error=create_error/>
                <ActionForm action=create attr:class="stacked-form add-indicator-form">
                    <DefinitionFields choices=choices.clone() initial=IndicatorForm {
                        direction: "higher".into(),
                        period: "month".into(),
                        source: "entered".into(),
                        aggregate: "sum".into(),
                        target_year: year.clone(),
                        ..IndicatorForm::default()
                    } error=create_error locale/>
                    <div><button type="submit" class="button" data-action="add-indicator">{t.add}</button></div>
                </ActionForm>
            </section>
        })}
    }
}

/// What a definition's selects offer.
#[derive(Clone)]
struct Choices {
    sources: Vec<(String, String)>,
    periods: Vec<(String, String)>,
    directions: Vec<(String, String)>,
    aggregates: Vec<(String, String)>,
    pillars: Vec<(String, String)>,
    domains: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

/// The fields of an indicator's definition, filled with `initial` (the add form and the edit
/// form share them).
#[component]
fn DefinitionFields(
    choices: Choices,
    initial: IndicatorForm,
    error: crate::components::forms::FormError,
    locale: Locale,
) -> impl IntoView {
    let t = locale.indicators();
    let pinned = !initial.pinned.is_empty();
    view! {
        <div class="field-row">
            <TextField label=t.name_zh name="form[name_zh]" field="name_zh" value=initial.name_zh required=true error/>
            <TextField label=t.name_en name="form[name_en]" field="name_en" value=initial.name_en error/>
        </div>
        <div class="field-row">
            <TextField label=t.measure name="form[measure]" field="measure" value=initial.measure required=true error/>
            <SelectField label=t.direction name="form[direction]" field="direction" options=choices.directions selected=initial.direction required=true error/>
            <SelectField label=t.period name="form[period]" field="period" options=choices.periods selected=initial.period required=true error/>
        </div>
        <div class="field-row">
            <SelectField label=t.source name="form[source]" field="source" options=choices.sources selected=initial.source required=true error/>
            <SelectField label=t.aggregate name="form[aggregate]" field="aggregate" options=choices.aggregates selected=initial.aggregate required=true error/>
        </div>
        <div class="field-row">
            <SelectField label=t.pillar name="form[pillar]" field="pillar" options=choices.pillars selected=initial.pillar error/>
            <SelectField label=t.domain name="form[domain]" field="domain" options=choices.domains selected=initial.domain error/>
            <SelectField label=t.unit name="form[unit]" field="unit" options=choices.units selected=initial.unit error/>
        </div>
        <div class="field-row">
            <TextField label=t.target_year name="form[target_year]" field="target_year" kind="number" value=initial.target_year error/>
            <TextField label=t.target name="form[target]" field="target" value=initial.target error/>
        </div>
        <label class="checkbox-field">
            <input type="checkbox" name="form[pinned]" value="on" checked=pinned/>
            <span>{t.pinned}</span>
        </label>
    }
}

/// An indicator's definition as its edit form starts.
fn form_of(row: &IndicatorView) -> IndicatorForm {
    let id = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    IndicatorForm {
        name_zh: row.name_zh.clone(),
        name_en: row.name_en.clone(),
        measure: row.measure.clone(),
        direction: if row.higher_is_better {
            "higher"
        } else {
            "lower"
        }
        .into(),
        period: row.period.clone(),
        aggregate: row.aggregate.clone(),
        source: row.source.clone(),
        pillar: id(row.pillar_id),
        domain: id(row.domain_id),
        unit: id(row.unit_id),
        target_year: row.year.to_string(),
        target: row
            .target
            .map(|t| crate::domain::indicators::figure_text(t).replace(',', ""))
            .unwrap_or_default(),
        pinned: if row.pinned {
            "on".into()
        } else {
            String::new()
        },
    }
}

#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    selected: String,
    any: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select name=name>
                <option value="">{any}</option>
                {options.into_iter().map(|(value, text)| {
                    let is = value == selected;
                    view! { <option value=value selected=is>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Row(
    row: IndicatorView,
    source: String,
    can_edit: bool,
    record: ServerAction<RecordIndicatorValue>,
    update: ServerAction<UpdateIndicator>,
    choices: Choices,
    locale: Locale,
) -> impl IntoView {
    let t = locale.indicators();
    let error = last_error(update);
    let initial = form_of(&row);
    let (id, version) = (row.id, row.version);
    let edit_form = view! {
        <details class="inline-details">
            <summary class="link-button">{t.edit}</summary>
            <ActionForm action=update attr:class="stacked-form edit-indicator-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <DefinitionFields choices initial error locale/>
                <button type="submit" class="button" data-action="save-indicator-definition">{t.save}</button>
            </ActionForm>
        </details>
    };
    let standing = match row.on_track {
        Some(true) => "status-on-track",
        Some(false) => "status-behind",
        None => "",
    };
    let entered = row.source == "entered";
    let month_input = row.period == "month";
    let values = row.values.clone();
    let measure = row.measure.clone();
    view! {
        <tr data-indicator=row.id>
            <th scope="row">{locale.pick(&row.name_zh, &row.name_en).to_string()}
                {row.unit_name.clone().map(|u| view! { <span class="muted">" · "{u}</span> })}</th>
            <td>{locale.indicator_period(&row.period)}</td>
            <td>{source}</td>
            <td class=format!("num {standing}") data-value=row.value.unwrap_or_default()>{figure(row.value, &row.measure)}</td>
            <td class="num">{figure(row.target, &row.measure)}</td>
            <td class="num">{figure(row.expected, &row.measure)}</td>
            <td><Sparkline trend=row.trend.clone()/></td>
            {can_edit.then(|| view! {
                <td>
                    {edit_form}
                    {entered.then(|| view! {
                        <details class="inline-details">
                            <summary class="link-button">{t.record}</summary>
                            <ActionForm action=record attr:class="inline-form record-value-form">
                                <input type="hidden" name="id" value=row.id/>
                                <label class="field">
                                    <span class="field-label">{t.period_day}</span>
                                    <input type=if month_input { "month" } else { "date" } name="form[period_day]" required/>
                                </label>
                                <label class="field">
                                    <span class="field-label">{t.value}</span>
                                    <input type="text" inputmode="decimal" name="form[value]" required/>
                                </label>
                                <label class="field">
                                    <span class="field-label">{t.note}</span>
                                    <input type="text" name="form[note]"/>
                                </label>
                                <button type="submit" class="button" data-action="record-value">{t.save}</button>
                            </ActionForm>
                        </details>
                    })}
                    {(!values.is_empty()).then(|| view! {
                        <details class="inline-details indicator-values">
                            <summary class="link-button">{t.values}" "{values.len()}</summary>
                            <ul class="value-list">
                                {values.into_iter().map(|v| view! {
                                    <li data-value-id=v.id>
                                        {locale.date(v.starts_on)}" · "{figure(Some(v.value), &measure)}
                                        {(!v.note.is_empty()).then(|| view! { <span class="muted">" · "{v.note.clone()}</span> })}
                                        <EvidenceList files=v.attachments.clone()/>
                                        <EvidenceForm field="indicator_value" id=v.id back="/indicators".to_string() locale/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </details>
                    })}
                </td>
            })}
        </tr>
    }
}
