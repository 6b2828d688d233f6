//! Files in and out, for every kind (project lists, milestone plans, the activity ledger): the
//! upload form, the preview of what an import would do and what it did, and the export format.

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::model::{ImportOutcome, ImportPreview};

/// What an import did, with the way back to the list it changed.
#[component]
pub fn ImportDone(
    outcome: ImportOutcome,
    locale: Locale,
    list_href: &'static str,
    list_label: &'static str,
) -> impl IntoView {
    let tr = locale.reporting();
    view! {
        <section class="panel import-done" role="status">
            <h2>{tr.imported}</h2>
            <p class="import-summary">
                {format!("{} {} · {} {} · {} {}", tr.creates, outcome.created, tr.updates, outcome.updated, tr.unchanged, outcome.unchanged)}
            </p>
            <p><a href=list_href>{list_label}</a></p>
        </section>
    }
}

/// What an import would do: the counts, every problem by row and column, and each row it would
/// create or change (`name_heading` says what a row is: a project, a milestone).
#[component]
pub fn PreviewView(
    preview: ImportPreview,
    locale: Locale,
    name_heading: &'static str,
) -> impl IntoView {
    let tr = locale.reporting();
    let ImportPreview {
        file_name,
        year,
        row_count,
        creates,
        updates,
        unchanged,
        problems,
        ignored_columns,
    } = preview;
    let has_problems = !problems.is_empty();
    let nothing = !has_problems && creates.is_empty() && updates.is_empty();
    let change_rows = |label: &'static str, rows: Vec<crate::model::PreviewRow>| {
        (!rows.is_empty()).then(|| view! {
            <h2>{label}" "{rows.len()}</h2>
            <div class="table-scroll">
                <table class="data-table preview-table" data-kind=label>
                    <thead><tr>
                        <th scope="col">{tr.col_row}</th>
                        <th scope="col">{name_heading}</th>
                        <th scope="col">{tr.col_changes}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().take(500).map(|r| view! {
                            <tr>
                                <td class="num">{r.row}</td>
                                <td>{r.name}</td>
                                <td><ul class="change-list">
                                    {r.changes.into_iter().take(30).map(|(field, old, new)| view! {
                                        <li><span class="field-name">{locale.journal_label(&field)}</span>{locale.colon()}
                                            {(!old.is_empty()).then(|| view! { <del>{locale.journal_value(&field, &old)}</del>" → " })}
                                            <ins>{locale.journal_value(&field, &new)}</ins>
                                        </li>
                                    }).collect_view()}
                                </ul></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="panel import-preview">
            <p class="import-file">{file_name}{year.map(|year| format!(" · {} {year}", tr.preview_year))}</p>
            <ul class="kpi-strip import-counts">
                <li data-count="rows">{locale.count_items(row_count)}</li>
                <li data-count="creates">{tr.creates}" "<strong>{creates.len()}</strong></li>
                <li data-count="updates">{tr.updates}" "<strong>{updates.len()}</strong></li>
                <li data-count="unchanged">{tr.unchanged}" "<strong>{unchanged}</strong></li>
                <li data-count="problems" class:has-problems=has_problems>{tr.problems}" "<strong>{problems.len()}</strong></li>
            </ul>
            {(!ignored_columns.is_empty()).then(|| view! {
                <p class="muted">{tr.ignored_columns}"："{ignored_columns.join("、")}</p>
            })}
            {nothing.then(|| view! { <p class="form-success">{tr.nothing_to_import}</p> })}
            {has_problems.then(|| view! {
                <p class="form-error" role="alert">{tr.fix_and_reupload}</p>
                <div class="table-scroll">
                    <table class="data-table problem-table">
                        <thead><tr>
                            <th scope="col">{tr.col_row}</th>
                            <th scope="col">{tr.col_column}</th>
                            <th scope="col">{tr.col_reason}</th>
                        </tr></thead>
                        <tbody>
                            {problems.into_iter().take(1000).map(|p| view! {
                                <tr data-row=p.row>
                                    <td class="num">{p.row}</td>
                                    <td>{p.column}</td>
                                    <td>{locale.problem(&p.problem)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {change_rows(tr.creates, creates)}
            {change_rows(tr.updates, updates)}
        </section>
    }
}

/// An import's upload form in its panel: the hint, why the last upload was refused (`?error=`
/// from the upload route), the file field, any other fields (`children`) and the button.
#[component]
pub fn UploadPanel(
    hint: &'static str,
    /// Where the file is posted.
    action: &'static str,
    file_label: &'static str,
    button: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let query = leptos_router::hooks::use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|code| locale.upload_error(&code))
    };
    view! {
        <section class="panel form-panel">
            <p class="muted">{hint}</p>
            {move || error().map(|message| view! {
                <p class="form-error" role="alert">{locale.reporting().upload_refused}{locale.colon()}{message}</p>
            })}
            <form method="post" action=action enctype="multipart/form-data" class="import-form">
                <label class="field">
                    <span class="field-label">{file_label}" *"</span>
                    <input type="file" name="file" accept=".xlsx,.csv,text/csv" required/>
                </label>
                {children.map(|children| children())}
                <button type="submit" class="button">{button}</button>
            </form>
        </section>
    }
}

/// The file format of an export form: XLSX, CSV in UTF-8, or CSV in GBK.
#[component]
pub fn FormatChoice(locale: Locale) -> impl IntoView {
    let tr = locale.reporting();
    view! {
        <label class="filter"><span>{tr.format}</span>
            <select name="format">
                <option value="xlsx" selected>{tr.format_xlsx}</option>
                <option value="csv">{tr.format_csv}</option>
                <option value="csv-gbk">{tr.format_csv_gbk}</option>
            </select>
        </label>
    }
}
