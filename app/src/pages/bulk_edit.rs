//! 批量修改: the milestones ticked in the list, a change to make to all of them (phase, pillar,
//! unit, a shift of their dates, their weight), a preview of what each becomes, and one confirm.
//!
//! The change form is a plain GET to this page, so the preview works without JavaScript and its
//! address can be reloaded; only the confirm posts.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::api::planning::{bulk_edit_preview, BulkEdit};
use crate::components::forms::{
    id_options, last_error, named_options, phase_options, FormError, FormMessage, SelectField,
    TextField,
};
use crate::components::layout::use_reference_data;
use crate::components::widgets::{loaded, Loading};
use crate::i18n::{use_locale, Locale};
use crate::model::{milestone_list_href, BulkEditForm, BulkPreview, ReferenceData};

#[component]
pub fn BulkEditPage() -> impl IntoView {
    let locale = use_locale();
    let p = locale.planning();
    let form = BulkEditForm::from_query(&use_location().search.get_untracked());
    let back_href = milestone_list_href(&form.back);
    let reference = use_reference_data();
    let confirm = ServerAction::<BulkEdit>::new();
    let error = last_error(confirm);
    let selected = !form.selection.is_empty();
    let preview = Resource::new(
        {
            let form = form.clone();
            move || (form.clone(), confirm.version().get())
        },
        |(form, _)| bulk_edit_preview(form),
    );
    let change_form = form.clone();

    view! {
        <Title text=p.bulk_title/>
        <p class="breadcrumb"><a href=back_href.clone()>{locale.texts().nav_milestones}</a>" ›"</p>
        <div class="page-head">
            <h1>{p.bulk_title}</h1>
            <a class="button button-quiet" href=back_href>{p.back_to_list}</a>
        </div>
        <p class="muted">{p.bulk_hint}</p>
        {if selected {
            view! {
                <Suspense fallback=Loading>
                    {move || {
                        let form = change_form.clone();
                        Suspend::new(async move {
                            loaded(reference.await, |r| view! { <ChangeForm form reference=r error locale/> }.into_any())
                        })
                    }}
                </Suspense>
                <FormMessage error/>
                <Transition fallback=Loading>
                    {move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            loaded(preview.await, |preview| view! { <Preview preview form confirm locale/> }.into_any())
                        })
                    }}
                </Transition>
            }
            .into_any()
        } else {
            view! { <p class="empty">{p.nothing_selected}</p> }.into_any()
        }}
    }
}

/// The change to make: every field empty means "as it is". A GET back to this page, which
/// then shows the preview.
#[component]
fn ChangeForm(
    form: BulkEditForm,
    reference: ReferenceData,
    error: FormError,
    locale: Locale,
) -> impl IntoView {
    let p = locale.planning();
    let t = locale.texts();
    let phases = phase_options(&reference.phases, locale);
    let pillars = named_options(&reference.pillars, locale);
    let units = id_options(reference.unit_names());
    view! {
        <form method="get" action="/milestones/bulk" class="panel bulk-change">
            <input type="hidden" name="selection" value=form.selection.clone()/>
            <input type="hidden" name="back" value=form.back.clone()/>
            <p>{locale.selected_count(form.selection.split(',').count())}" · "{p.choose_change}</p>
            <div class="form-grid">
                <SelectField label=t.col_phase name="phase" field="phase" options=phases selected=form.phase.clone() empty=p.bulk_keep error/>
                <SelectField label=t.col_pillar name="pillar" field="pillar" options=pillars selected=form.pillar.clone() empty=p.bulk_keep error/>
                <SelectField label=t.col_unit name="unit" field="unit" options=units selected=form.unit.clone() empty=p.bulk_keep error/>
                <TextField label=p.shift_days name="shift_days" field="shift_days" kind="number" value=form.shift_days.clone() error/>
                <TextField label=p.new_weight name="weight" field="weight" kind="number" value=form.weight.clone() error/>
            </div>
            <p class="muted">{p.shift_hint}</p>
            <button type="submit" class="button" data-action="bulk-preview">{p.preview}</button>
        </form>
    }
}

/// Each selected milestone and what the change makes of it; the confirm when it changes
/// something and breaks no rule.
#[component]
fn Preview(
    preview: BulkPreview,
    form: BulkEditForm,
    confirm: ServerAction<BulkEdit>,
    locale: Locale,
) -> impl IntoView {
    let p = locale.planning();
    let changed = preview.changed();
    let can_confirm = changed > 0 && !preview.has_problems();
    let missing = preview.missing;
    let selection = preview.selection.clone();
    let rows = preview
        .items
        .into_iter()
        .map(|item| {
            let changes = if item.changes.is_empty() {
                view! { <span class="muted">{p.unchanged}</span> }.into_any()
            } else {
                view! {
                    <ul class="change-list">
                        {item.changes.into_iter().map(|c| view! {
                            <li data-field=c.field.clone()>
                                <span class="change-field">{locale.journal_label(&c.field)}</span>{locale.colon()}
                                <span class="change-old">{locale.journal_value(&c.field, &c.old)}</span>" → "
                                <span class="change-new">{locale.journal_value(&c.field, &c.new)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            let broken = !item.problems.is_empty();
            view! {
                <tr data-id=item.id class:row-problem=broken>
                    <td><a href=format!("/milestones/{}", item.id)>{item.label}</a></td>
                    <td>{changes}</td>
                    <td class="problems">
                        {item.problems.iter().map(|problem| view! { <p class="error-text">{locale.problem(problem)}</p> }).collect_view()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel bulk-preview" aria-label=p.preview>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{locale.texts().col_milestone}</th>
                        <th scope="col">{p.changes}</th>
                        <th scope="col">{p.problems}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(missing > 0).then(|| view! { <p class="muted">{locale.bulk_missing(missing)}</p> })}
            {can_confirm.then(|| view! {
                <ActionForm action=confirm attr:class="bulk-confirm">
                    <input type="hidden" name="form[selection]" value=selection/>
                    <input type="hidden" name="form[phase]" value=form.phase/>
                    <input type="hidden" name="form[pillar]" value=form.pillar/>
                    <input type="hidden" name="form[unit]" value=form.unit/>
                    <input type="hidden" name="form[shift_days]" value=form.shift_days/>
                    <input type="hidden" name="form[weight]" value=form.weight/>
                    <input type="hidden" name="form[back]" value=form.back/>
                    <button type="submit" class="button" data-action="bulk-confirm">{locale.confirm_bulk(changed)}</button>
                </ActionForm>
            })}
        </section>
    }
}
