//! 管理 › 基础数据: status thresholds, phases, pillar and domain names, units. Admins only; the
//! server refuses everyone else and validates every field.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{
    AddUnit, DeleteUnit, RenameReference, SavePhases, SaveThresholds, UpdateUnit,
};
use crate::api::get_admin_data;
use crate::components::forms::{last_error, FormError, FormMessage, SelectField, TextField};
use crate::components::layout::AdminTabs;
use crate::components::widgets::{loaded, Loading};
use crate::domain::reference_rules::{phase_field, UNIT_KINDS};
use crate::i18n::{use_locale, Locale};
use crate::model::{AdminData, Named};

#[derive(Clone, Copy)]
struct Actions {
    thresholds: ServerAction<SaveThresholds>,
    phases: ServerAction<SavePhases>,
    rename: ServerAction<RenameReference>,
    add_unit: ServerAction<AddUnit>,
    update_unit: ServerAction<UpdateUnit>,
    delete_unit: ServerAction<DeleteUnit>,
}

#[component]
pub fn AdminReferencePage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let actions = Actions {
        thresholds: ServerAction::new(),
        phases: ServerAction::new(),
        rename: ServerAction::new(),
        add_unit: ServerAction::new(),
        update_unit: ServerAction::new(),
        delete_unit: ServerAction::new(),
    };
    let data = Resource::new(|| (), |_| get_admin_data());
    view! {
        <Title text=te.tab_reference/>
        <div class="page-head"><h1>{te.admin}</h1></div>
        <AdminTabs current="/admin/reference" locale/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(data.await, |d| view! { <ReferenceView data=d actions locale/> }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn ReferenceView(data: AdminData, actions: Actions, locale: Locale) -> impl IntoView {
    let te = locale.edit();
    let thresholds_error = last_error(actions.thresholds);
    let phases_error = last_error(actions.phases);
    let rename_error = last_error(actions.rename);
    let unit_error = last_error(actions.update_unit);
    let delete_error = last_error(actions.delete_unit);
    let add_error = last_error(actions.add_unit);
    let kinds: Vec<(String, String)> = UNIT_KINDS
        .iter()
        .map(|c| (c.to_string(), locale.unit_kind(c).to_string()))
        .collect();
    view! {
        <section class="panel section-gap">
            <h2>{te.thresholds}</h2>
            <FormMessage error=thresholds_error/>
            <ActionForm action=actions.thresholds attr:class="inline-add thresholds-form">
                <TextField label=te.yellow_points name="yellow_points" field="yellow_points" kind="number" value=format!("{}", data.thresholds.yellow_points) required=true error=thresholds_error/>
                <TextField label=te.red_points name="red_points" field="red_points" kind="number" value=format!("{}", data.thresholds.red_points) required=true error=thresholds_error/>
                <button type="submit" class="button">{te.save}</button>
            </ActionForm>
        </section>

        <section class="panel section-gap">
            <h2>{te.phases}</h2>
            <FormMessage error=phases_error/>
            <ActionForm action=actions.phases attr:class="stacked-form phases-form">
                {data.reference.phases.iter().enumerate().map(|(i, p)| view! {
                    <div class="field-row phase-row">
                        <input type="hidden" name=format!("phases[{i}][id]") value=p.id/>
                        <TextField label=te.phase_name name=format!("phases[{i}][name_zh]") field=phase_field(i, "name_zh") value=p.name_zh.clone() required=true error=phases_error/>
                        <TextField label=te.name_en name=format!("phases[{i}][name_en]") field=phase_field(i, "name_en") value=p.name_en.clone() error=phases_error/>
                        <TextField label=te.start_date name=format!("phases[{i}][start_date]") field=phase_field(i, "start_date") kind="date" value=p.start_date.to_string() required=true error=phases_error/>
                        <TextField label=te.end_date name=format!("phases[{i}][end_date]") field=phase_field(i, "end_date") kind="date" value=p.end_date.to_string() required=true error=phases_error/>
                    </div>
                }).collect_view()}
                <div><button type="submit" class="button">{te.save}</button></div>
            </ActionForm>
        </section>

        <div class="two-col section-gap">
            <NamesPanel title=te.pillars kind="pillar" items=data.reference.pillars.clone() action=actions.rename error=rename_error locale/>
            <NamesPanel title=te.domains kind="domain" items=data.reference.domains.clone() action=actions.rename error=rename_error locale/>
        </div>

        <section class="panel section-gap">
            <h2>{te.units}</h2>
            <FormMessage error=unit_error/>
            <FormMessage error=delete_error/>
            <ul class="unit-list">
                {data.units.into_iter().map(|u| {
                    let kinds = kinds.clone();
                    view! {
                        <li class="unit-row" data-unit=u.id>
                            <ActionForm action=actions.update_unit attr:class="inline-add">
                                <input type="hidden" name="id" value=u.id/>
                                <TextField label=te.unit_name name="form[name]" field="name" value=u.name.clone() required=true error=unit_error/>
                                <SelectField label=te.unit_kind name="form[kind]" field="kind" options=kinds selected=u.kind.clone() required=true error=unit_error/>
                                <TextField label=te.contact_name name="form[contact_name]" field="contact_name" value=u.contact_name.clone() error=unit_error/>
                                <TextField label=te.contact_phone name="form[contact_phone]" field="contact_phone" value=u.contact_phone.clone() error=unit_error/>
                                <button type="submit" class="button button-quiet">{te.save}</button>
                            </ActionForm>
                            <ActionForm action=actions.delete_unit attr:class="inline-form">
                                <input type="hidden" name="id" value=u.id/>
                                <span class="muted">{te.uses}" "{u.uses}</span>" "
                                <button type="submit" class="link-button" disabled={u.uses > 0}>{te.delete}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{te.add_unit}</h2>
            <FormMessage error=add_error/>
            <ActionForm action=actions.add_unit attr:class="inline-add add-unit-form">
                <TextField label=te.unit_name name="form[name]" field="name" required=true error=add_error/>
                <SelectField label=te.unit_kind name="form[kind]" field="kind" options=kinds selected="department" required=true error=add_error/>
                <TextField label=te.contact_name name="form[contact_name]" field="contact_name" error=add_error/>
                <TextField label=te.contact_phone name="form[contact_phone]" field="contact_phone" error=add_error/>
                <button type="submit" class="button">{te.add_unit}</button>
            </ActionForm>
        </section>
    }
}

/// Names of pillars or domains, one small form each.
#[component]
fn NamesPanel(
    title: &'static str,
    kind: &'static str,
    items: Vec<Named>,
    action: ServerAction<RenameReference>,
    error: FormError,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            <FormMessage error/>
            {items.into_iter().map(|n| view! {
                <ActionForm action attr:class="inline-add">
                    <input type="hidden" name="kind" value=kind/>
                    <input type="hidden" name="id" value=n.id/>
                    <TextField label=te.name_zh name="name_zh" field="name_zh" value=n.name_zh.clone() required=true error/>
                    <TextField label=te.name_en name="name_en" field="name_en" value=n.name_en.clone() error/>
                    <button type="submit" class="button button-quiet">{te.save}</button>
                </ActionForm>
            }).collect_view()}
        </section>
    }
}
