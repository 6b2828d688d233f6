//! 新建 / 编辑里程碑. One set of fields serves both; the server validates every field and
//! refuses a save when someone else saved the milestone since this form was opened.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{CreateMilestone, UpdateMilestone};
use crate::api::get_milestone;
use crate::components::forms::{
    id_options, last_error, named_options, phase_options, FieldMessage, FormButtons, FormError,
    FormMessage, SelectField, TextField,
};
use crate::components::layout::{permitted, route_id, use_reference_data, use_session};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::{MilestoneForm, ReferenceData};

#[component]
pub fn NewMilestonePage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let reference = use_reference_data();
    let session = use_session();
    let action = ServerAction::<CreateMilestone>::new();
    let error = last_error(action);
    view! {
        <Title text=te.new_milestone/>
        <div class="page-head"><h1>{te.new_milestone}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = async {
                    permitted(session, Permission::EditContent).await?;
                    reference.await
                };
                loaded(page.await, |reference| {
                    let form = MilestoneForm { weight: "1".into(), ..Default::default() };
                    view! {
                        <section class="panel form-panel">
                            <FormMessage error/>
                            <ActionForm action attr:class="stacked-form milestone-form">
                                <MilestoneFields form reference error locale/>
                                <FormButtons cancel="/milestones".to_string() locale/>
                            </ActionForm>
                        </section>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn EditMilestonePage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let id = route_id();
    let reference = use_reference_data();
    let session = use_session();
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_milestone(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let action = ServerAction::<UpdateMilestone>::new();
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
                        <p class="breadcrumb"><a href=format!("/milestones/{id}")>{d.row.title.clone()}</a>" ›"</p>
                        <div class="page-head"><h1>{te.edit}</h1></div>
                        <section class="panel form-panel">
                            <FormMessage error/>
                            <ActionForm action attr:class="stacked-form milestone-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="version" value=d.version/>
                                <MilestoneFields form=d.form() reference error locale/>
                                <FormButtons cancel=format!("/milestones/{id}") locale/>
                            </ActionForm>
                        </section>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

/// The milestone's fields, named `form[…]` for the server function's `form` argument.
#[component]
fn MilestoneFields(
    form: MilestoneForm,
    reference: ReferenceData,
    error: FormError,
    locale: Locale,
) -> impl IntoView {
    let t = locale.texts();
    let te = locale.edit();
    let named = |items: &[crate::model::Named]| named_options(items, locale);
    let phases = phase_options(&reference.phases, locale);
    let units = id_options(reference.unit_names());
    view! {
        <TextField label=t.col_milestone name="form[title]" field="title" value=form.title required=true error/>
        <div class="field-row">
            <SelectField label=t.col_phase name="form[phase]" field="phase" options=phases selected=form.phase required=true error/>
            <SelectField label=t.col_pillar name="form[pillar]" field="pillar" options=named(&reference.pillars) selected=form.pillar required=true error/>
            <SelectField label=te.domain name="form[domain]" field="domain" options=named(&reference.domains) selected=form.domain error/>
        </div>
        <SelectField label=t.col_unit name="form[unit]" field="unit" options=units selected=form.unit required=true error/>
        <div class="field-row">
            <TextField label=te.start_date name="form[start_date]" field="start_date" kind="date" value=form.start_date required=true error/>
            <TextField label=te.due_date name="form[due_date]" field="due_date" kind="date" value=form.due_date required=true error/>
            <TextField label=te.weight name="form[weight]" field="weight" kind="number" value=form.weight required=true error/>
        </div>
        <label class="field">
            <span class="field-label">{te.description}</span>
            <textarea name="form[description]" rows="4">{form.description}</textarea>
            <FieldMessage error field="description"/>
        </label>
    }
}
