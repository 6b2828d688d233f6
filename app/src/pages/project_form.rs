//! 新建 / 编辑项目: every column of the provincial sheet. The server validates the project code
//! (format and uniqueness), the years, and that the funding sources add up to the total.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{CreateProject, UpdateProject};
use crate::api::get_project;
use crate::components::forms::{
    construction_options, id_options, kind_options, last_error, named_options, status_options,
    FieldMessage, FormButtons, FormError, FormMessage, SelectField, TextField,
};
use crate::components::layout::{permitted, route_id, use_reference_data, use_session};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::{ProjectForm, ReferenceData};

#[component]
pub fn NewProjectPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let reference = use_reference_data();
    let session = use_session();
    let action = ServerAction::<CreateProject>::new();
    let error = last_error(action);
    view! {
        <Title text=te.new_project/>
        <div class="page-head"><h1>{te.new_project}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = async {
                    permitted(session, Permission::EditContent).await?;
                    reference.await
                };
                loaded(page.await, |reference| {
                    let form = ProjectForm {
                        kind: "information".into(),
                        construction_type: "new".into(),
                        status: "preparing".into(),
                        ..Default::default()
                    };
                    view! {
                        <section class="panel form-panel">
                            <FormMessage error/>
                            <ActionForm action attr:class="stacked-form project-form">
                                <ProjectFields form reference error locale/>
                                <FormButtons cancel="/projects".to_string() locale/>
                            </ActionForm>
                        </section>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn EditProjectPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let id = route_id();
    let reference = use_reference_data();
    let session = use_session();
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_project(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let action = ServerAction::<UpdateProject>::new();
    let error = last_error(action);
    view! {
        <Title text=te.edit/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = async {
                    permitted(session, Permission::EditContent).await?;
                    Ok((reference.await?, detail.await?))
                };
                loaded(page.await, |(reference, d)| {
                    let id = d.row.id;
                    view! {
                        <p class="breadcrumb"><a href=format!("/projects/{id}")>{d.row.name.clone()}</a>" ›"</p>
                        <div class="page-head"><h1>{te.edit}</h1></div>
                        <section class="panel form-panel">
                            <FormMessage error/>
                            <ActionForm action attr:class="stacked-form project-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="version" value=d.version/>
                                <ProjectFields form=d.form reference error locale/>
                                <FormButtons cancel=format!("/projects/{id}") locale/>
                            </ActionForm>
                        </section>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

/// The project's fields, named `form[…]` for the server function's `form` argument.
#[component]
fn ProjectFields(
    form: ProjectForm,
    reference: ReferenceData,
    error: FormError,
    locale: Locale,
) -> impl IntoView {
    let t = locale.texts();
    let te = locale.edit();
    let named = |items: &[crate::model::Named]| named_options(items, locale);
    let units = id_options(reference.unit_names());
    view! {
        <div class="field-row">
            <SelectField label=te.kind name="form[kind]" field="kind" options=kind_options(locale) selected=form.kind required=true error/>
            <TextField label=t.col_code name="form[code]" field="code" value=form.code error/>
        </div>
        <TextField label=t.col_project name="form[name]" field="name" value=form.name required=true error/>
        <div class="field-row">
            <SelectField label=t.col_builder name="form[unit]" field="unit" options=units selected=form.unit required=true error/>
            <TextField label=te.location name="form[location]" field="location" value=form.location error/>
        </div>
        <div class="field-row">
            <SelectField label=t.col_construction name="form[construction_type]" field="construction_type" options=construction_options(locale) selected=form.construction_type required=true error/>
            <SelectField label=t.col_pillar name="form[pillar]" field="pillar" options=named(&reference.pillars) selected=form.pillar error/>
            <SelectField label=te.domain name="form[domain]" field="domain" options=named(&reference.domains) selected=form.domain error/>
        </div>
        <div class="field-row">
            <TextField label=te.start_year name="form[start_year]" field="start_year" kind="number" value=form.start_year required=true error/>
            <TextField label=te.end_year name="form[end_year]" field="end_year" kind="number" value=form.end_year required=true error/>
            <SelectField label=t.col_project_status name="form[status]" field="status" options=status_options(locale) selected=form.status required=true error/>
        </div>
        <label class="field">
            <span class="field-label">{te.content}</span>
            <textarea name="form[content]" rows="3">{form.content}</textarea>
            <FieldMessage error field="content"/>
        </label>
        <fieldset class="funding">
            <legend>{te.funding}</legend>
            <div class="field-row">
                <TextField label=t.col_total_investment name="form[total]" field="total" value=form.total required=true error/>
                <TextField label=te.fund_central name="form[fund_central]" field="fund_central" value=form.fund_central error/>
                <TextField label=te.fund_provincial name="form[fund_provincial]" field="fund_provincial" value=form.fund_provincial error/>
            </div>
            <div class="field-row">
                <TextField label=te.fund_city name="form[fund_city]" field="fund_city" value=form.fund_city error/>
                <TextField label=te.fund_county name="form[fund_county]" field="fund_county" value=form.fund_county error/>
                <TextField label=te.fund_social name="form[fund_social]" field="fund_social" value=form.fund_social error/>
            </div>
            <p class="muted">{te.funding_hint}</p>
        </fieldset>
        <TextField label=t.col_visible_progress name="form[visible_progress]" field="visible_progress" value=form.visible_progress error/>
        <div class="field-row">
            <TextField label=te.contact_name name="form[contact_name]" field="contact_name" value=form.contact_name error/>
            <TextField label=te.contact_phone name="form[contact_phone]" field="contact_phone" value=form.contact_phone error/>
        </div>
    }
}
