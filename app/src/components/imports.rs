//! What an import shows, for every kind of file (project lists, milestone plans): the preview
//! of what it would do, and what it did.

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
