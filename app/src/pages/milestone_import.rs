//! Importing the milestone plan from Excel: upload, see what every row would do (create,
//! update, unchanged) and every problem by row and column, and import when there is none.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::reporting::{get_milestone_import_preview, CommitMilestoneImport};
use crate::components::forms::{last_error, FormMessage};
use crate::components::imports::{ImportDone, PreviewView, UploadPanel};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::use_locale;

#[component]
pub fn MilestoneImportPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.reporting();
    view! {
        <Title text=tr.plan_import_title/>
        <div class="page-head">
            <h1>{tr.plan_import_title}</h1>
            <a class="button button-quiet" href="/milestones">{tr.back_to_milestones}</a>
        </div>
        <UploadPanel hint=tr.plan_import_hint action="/milestones/import/upload" file_label=tr.choose_file
            button=tr.upload/>
    }
}

#[component]
pub fn MilestoneImportPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.reporting();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let preview = Resource::new(token, get_milestone_import_preview);
    let commit = ServerAction::<CommitMilestoneImport>::new();
    let error = last_error(commit);
    let outcome = crate::outcome::use_import_outcome();
    view! {
        <Title text=tr.preview_title/>
        <div class="page-head">
            <h1>{tr.plan_import_title}</h1>
            <a class="button button-quiet" href="/milestones/import">{tr.upload_again}</a>
        </div>
        <FormMessage error/>
        {move || outcome.get().map(|o| view! {
            <ImportDone outcome=o locale list_href="/milestones" list_label=locale.texts().nav_milestones/>
        })}
        <Show when=move || outcome.get().is_none()>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    loaded(preview.await, |p| {
                        let can_commit = p.can_commit();
                        view! {
                            <PreviewView preview=p locale name_heading=tr.col_milestone/>
                            {can_commit.then(|| view! {
                                <ActionForm action=commit attr:class="confirm-import">
                                    <input type="hidden" name="token" value=token()/>
                                    <p class="muted">{tr.nothing_written}</p>
                                    <button type="submit" class="button" data-action="confirm-plan-import"
                                        disabled=move || commit.pending().get()>
                                        {move || if commit.pending().get() { tr.importing } else { tr.confirm }}
                                    </button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    })
                })}
            </Transition>
        </Show>
    }
}
