//! Importing the activity ledger (工作台账) from Excel: upload, see what every line would do
//! (new, already there, or its problems), and import when no line has a problem.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::activities::{get_activity_import_preview, CommitActivityImport};
use crate::components::forms::{last_error, FormMessage};
use crate::components::imports::UploadPanel;
use crate::components::widgets::{loaded, Loading};
use crate::i18n::{use_locale, Locale};
use crate::model::{ActivityImportPreview, ImportOutcomeKind};

#[component]
pub fn ActivityImportPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.activities();
    view! {
        <Title text=t.import_title/>
        <div class="page-head">
            <h1>{t.import_title}</h1>
            <a class="button button-quiet" href="/activities">{t.back_to_ledger}</a>
        </div>
        <UploadPanel hint=t.import_hint action="/activities/import/upload" file_label=t.import_file
            button=t.import_upload/>
    }
}

#[component]
pub fn ActivityImportPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.activities();
    let tr = locale.reporting();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let preview = Resource::new(token, get_activity_import_preview);
    let commit = ServerAction::<CommitActivityImport>::new();
    let error = last_error(commit);
    let added = crate::outcome::use_activities_imported();
    view! {
        <Title text=t.import_title/>
        <div class="page-head">
            <h1>{t.import_title}</h1>
            <a class="button button-quiet" href="/activities/import">{tr.upload_again}</a>
        </div>
        <FormMessage error/>
        {move || added.get().map(|n| view! {
            <section class="panel import-done" role="status">
                <h2>{t.import_done}</h2>
                <p class="import-summary" data-added=n>{format!("{} {n}", t.outcome_new)}</p>
                <p><a href="/activities">{t.back_to_ledger}</a></p>
            </section>
        })}
        <Show when=move || added.get().is_none()>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    loaded(preview.await, |p| {
                        let can_commit = p.problems == 0 && p.new > 0;
                        view! {
                            <Lines preview=p locale/>
                            {can_commit.then(|| view! {
                                <ActionForm action=commit attr:class="confirm-import">
                                    <input type="hidden" name="token" value=token()/>
                                    <p class="muted">{tr.nothing_written}</p>
                                    <button type="submit" class="button" data-action="confirm-activity-import"
                                        disabled=move || commit.pending().get()>{t.import_confirm}</button>
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

#[component]
fn Lines(preview: ActivityImportPreview, locale: Locale) -> impl IntoView {
    let t = locale.activities();
    let shown = preview.lines.len();
    let all = preview.new + preview.present + preview.problems;
    view! {
        <section class="panel">
            <p class="import-summary" data-new=preview.new data-present=preview.present data-problems=preview.problems>
                {preview.file_name.clone()}" · "
                {format!("{} {} · {} {} · {} {}", t.outcome_new, preview.new, t.outcome_present, preview.present, t.outcome_problem, preview.problems)}
            </p>
            <table class="data-table import-lines">
                <thead><tr>
                    <th scope="col" class="num">{t.col_line}</th><th scope="col">{t.col_date}</th>
                    <th scope="col">{t.col_type}</th><th scope="col">{t.col_title}</th>
                    <th scope="col">{t.col_outcome}</th>
                </tr></thead>
                <tbody>
                    {preview.lines.into_iter().map(|line| {
                        let (class, outcome) = match line.outcome {
                            ImportOutcomeKind::New => ("", t.outcome_new),
                            ImportOutcomeKind::Present => ("muted", t.outcome_present),
                            ImportOutcomeKind::Problem => ("row-problem", t.outcome_problem),
                        };
                        let problems: Vec<String> = line.problems.iter().map(|(_, p)| locale.problem(p)).collect();
                        view! {
                            <tr class=class data-line=line.line>
                                <td class="num">{line.line}</td>
                                <td>{line.held_on}</td>
                                <td>{line.type_name}</td>
                                <td>{line.title}</td>
                                <td>{outcome}
                                    {(!problems.is_empty()).then(|| view! {
                                        <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(shown < all).then(|| view! { <p class="muted">{locale.records_range(1, shown as i64, all as i64)}</p> })}
        </section>
    }
}
