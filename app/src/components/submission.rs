//! One unit's submission in a reporting round, as the liaison fills it in and the reviewer reads
//! it: every item with its accepted figures beside this round's entry, evidence files, review
//! comments, and the submit / return / accept controls. Used by 我的填报 and the round's pages.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::rounds::{
    AcceptSubmission, CommentSubmissionItem, ReturnSubmission, SaveSubmissionIndicator,
    SaveSubmissionItem, SetRoundItem, SubmitSubmission,
};
use crate::components::forms::{last_error, FieldMessage, FormMessage};
use crate::domain::model::SubmissionState;
use crate::domain::rounds::ItemKind;
use crate::i18n::Locale;
use crate::model::{
    AttachmentView, ItemEntry, SubmissionIndicatorView, SubmissionItemView, SubmissionView,
};

/// The actions that change a submission as a whole; the page reloads after any of them.
#[derive(Clone, Copy)]
pub struct SubmissionActions {
    pub submit: ServerAction<SubmitSubmission>,
    pub ret: ServerAction<ReturnSubmission>,
    pub accept: ServerAction<AcceptSubmission>,
    /// Takes an item out of the round or puts it back.
    pub scope: ServerAction<SetRoundItem>,
}

impl SubmissionActions {
    pub fn new() -> SubmissionActions {
        SubmissionActions {
            submit: ServerAction::new(),
            ret: ServerAction::new(),
            accept: ServerAction::new(),
            scope: ServerAction::new(),
        }
    }
}

impl Default for SubmissionActions {
    fn default() -> Self {
        Self::new()
    }
}

/// The state chip of a submission, coloured by state.
#[component]
pub fn SubmissionStateChip(state: SubmissionState, locale: Locale) -> impl IntoView {
    view! {
        <span class=format!("state-chip state-{}", state.code()) data-state=state.code()>
            {locale.submission_state(state)}
        </span>
    }
}

#[component]
pub fn SubmissionPanel(
    view: SubmissionView,
    actions: SubmissionActions,
    /// The `?upload=` code after an evidence upload came back here.
    upload: Option<String>,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.rounds();
    let SubmissionView {
        round,
        unit,
        review_note,
        items,
        indicators,
        can_edit,
        can_review,
        can_export,
        can_scope,
        entries_visible,
    } = view;
    let round_id = round.id;
    let unit_id = unit.unit_id;
    let back = format!("/rounds/{round_id}/units/{unit_id}");
    let (excluded, items): (Vec<SubmissionItemView>, Vec<SubmissionItemView>) =
        items.into_iter().partition(|i| i.excluded);
    let missing = items.iter().filter(|i| i.entry.is_none()).count();
    let total = items.len();
    let upload_message = upload.and_then(|code| locale.evidence_upload(&code));
    let section = |kind: ItemKind, title: &'static str| {
        let list: Vec<SubmissionItemView> =
            items.iter().filter(|i| i.kind == kind).cloned().collect();
        let back = back.clone();
        (!list.is_empty()).then(move || view! {
            <section class="panel submission-section" data-kind=kind.code()>
                <h3>{title}" "<span class="muted">{list.len()}</span></h3>
                {list.into_iter().map(|item| view! {
                    <SubmissionItem item round_id unit_id can_edit can_review can_scope entries_visible scope=actions.scope back=back.clone() locale/>
                }).collect_view()}
            </section>
        })
    };
    let submit_error = last_error(actions.submit);
    let return_error = last_error(actions.ret);
    let accept_error = last_error(actions.accept);
    let scope_error = last_error(actions.scope);
    view! {
        <section class="panel submission-head" data-unit=unit_id>
            <h2>
                {unit.unit_name.clone()}" · "{locale.round_title(round.month)}" "
                <SubmissionStateChip state=unit.state locale/>
                {unit.late.then(|| view! { <span class="late-chip">{tr.late_mark}</span> })}
                {unit.overdue.then(|| view! { <span class="late-chip">{tr.overdue_mark}</span> })}
            </h2>
            <p class="muted">
                {tr.due_on}" "{locale.date(round.due_date)}
                {unit.submitted_at.map(|at| format!(" · {} {} {}", tr.col_submitted_at, locale.datetime(at), unit.submitted_by))}
                {unit.reviewed_at.map(|at| format!(" · {} {} {}", tr.col_reviewed, locale.datetime(at), unit.reviewed_by))}
            </p>
            {if entries_visible {
                view! { <p class="items-missing" data-missing=missing>{locale.items_missing(missing, total)}</p> }.into_any()
            } else {
                view! { <p class="muted">{tr.entries_private}</p> }.into_any()
            }}
            {can_export.then(|| view! {
                <p><a class="button button-quiet" rel="external" data-action="export-zip"
                    href=format!("/rounds/{round_id}/units/{unit_id}/export")>{tr.export_zip}</a></p>
            })}
            {(!review_note.is_empty() && unit.state == SubmissionState::Returned).then(|| view! {
                <p class="review-note" role="note"><strong>{tr.returned_with}"："</strong>{review_note.clone()}</p>
            })}
            {upload_message.map(|(ok, message)| {
                let class = if ok { "form-success" } else { "form-error" };
                view! { <p class=class role="status">{message}</p> }
            })}
        </section>
        {section(ItemKind::Milestone, tr.section_milestones)}
        {section(ItemKind::Project, tr.section_projects)}
        {section(ItemKind::Answer, tr.section_answers)}
        {(!indicators.is_empty()).then(|| view! {
            <section class="panel submission-section" data-kind="indicator">
                <h3>{locale.indicators().title}" "<span class="muted">{indicators.len()}</span></h3>
                {indicators.into_iter().map(|indicator| view! {
                    <IndicatorEntry indicator round_id unit_id can_edit locale/>
                }).collect_view()}
            </section>
        })}
        <FormMessage error=scope_error/>
        {(!excluded.is_empty()).then(|| view! {
            <section class="panel submission-section excluded-items" data-kind="excluded">
                <h3>{tr.excluded_items}" "<span class="muted">{excluded.len()}</span></h3>
                <ul>
                    {excluded.into_iter().map(|item| view! {
                        <li data-target=item.target_id>
                            {item.title.clone()}
                            {can_scope.then(|| view! {
                                " "<ScopeButton action=actions.scope round_id unit_id item=item.clone() include=true label=tr.put_back/>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {can_edit.then(|| view! {
            <section class="panel submission-actions">
                <FormMessage error=submit_error/>
                <ActionForm action=actions.submit attr:class="inline-form">
                    <input type="hidden" name="round" value=round_id/>
                    <input type="hidden" name="unit" value=unit_id/>
                    <button type="submit" class="button" data-action="submit">{tr.submit}</button>
                    <span class="muted">" "{tr.submit_hint}</span>
                </ActionForm>
            </section>
        })}
        {can_review.then(|| view! {
            <section class="panel submission-actions review-actions">
                <h3>{tr.review_heading}</h3>
                <FormMessage error=return_error/>
                <FormMessage error=accept_error/>
                <ActionForm action=actions.accept attr:class="inline-form">
                    <input type="hidden" name="round" value=round_id/>
                    <input type="hidden" name="unit" value=unit_id/>
                    <button type="submit" class="button" data-action="accept">{tr.accept}</button>
                    <span class="muted">" "{tr.accept_hint}</span>
                </ActionForm>
                <ActionForm action=actions.ret attr:class="stacked-form">
                    <input type="hidden" name="round" value=round_id/>
                    <input type="hidden" name="unit" value=unit_id/>
                    <label class="field">
                        <span class="field-label">{tr.return_note}</span>
                        <textarea name="note" rows="2"></textarea>
                    </label>
                    <button type="submit" class="button button-quiet" data-action="return">{tr.return_button}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// One button that takes `item` out of the round or (`include`) puts it back.
#[component]
fn ScopeButton(
    action: ServerAction<SetRoundItem>,
    round_id: i64,
    unit_id: i64,
    item: SubmissionItemView,
    include: bool,
    label: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="round" value=round_id/>
            <input type="hidden" name="unit" value=unit_id/>
            <input type="hidden" name="kind" value=item.kind.code()/>
            <input type="hidden" name="target" value=item.target_id/>
            {include.then(|| view! { <input type="hidden" name="include" value="1"/> })}
            <button type="submit" class="link-button" data-action=if include { "include-item" } else { "exclude-item" }>{label}</button>
        </ActionForm>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn SubmissionItem(
    item: SubmissionItemView,
    round_id: i64,
    unit_id: i64,
    can_edit: bool,
    can_review: bool,
    can_scope: bool,
    entries_visible: bool,
    scope: ServerAction<SetRoundItem>,
    back: String,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.rounds();
    let href = match item.kind {
        ItemKind::Milestone => Some(format!("/milestones/{}", item.target_id)),
        ItemKind::Project => Some(format!("/projects/{}", item.target_id)),
        ItemKind::Answer => None,
    };
    let differs = item
        .entry
        .as_ref()
        .is_some_and(|e| e.percent.is_some() && e.percent != item.accepted_percent);
    let title = item.title.clone();
    let entry = item.entry.clone();
    let comment = entry
        .as_ref()
        .map(|e| e.review_comment.clone())
        .unwrap_or_default();
    view! {
        <article class="submission-item" data-target=item.target_id data-filled=entry.is_some().to_string()>
            <h4>
                {match href {
                    Some(href) => view! { <a href=href>{title}</a> }.into_any(),
                    None => view! { <span>{title}</span> }.into_any(),
                }}
                {(entries_visible && entry.is_none()).then(|| view! { <span class="missing-chip">{tr.not_filled}</span> })}
                {(can_scope && entry.is_none()).then(|| view! {
                    " "<ScopeButton action=scope round_id unit_id item=item.clone() include=false label=tr.take_out/>
                })}
            </h4>
            <div class="submission-compare">
                <div class="accepted">
                    <p class="column-label">{tr.accepted_figure}</p>
                    <AcceptedFigures item=item.clone() locale/>
                </div>
                {entries_visible.then(|| view! {
                <div class="this-round">
                    <p class="column-label">{tr.this_round}{differs.then_some(tr.changed)}</p>
                    {if can_edit {
                        view! { <ItemForm item=item.clone() round_id unit_id back=back.clone() locale/> }.into_any()
                    } else {
                        match entry.clone() {
                            Some(entry) => view! { <EntryFigures kind=item.kind entry locale/> }.into_any(),
                            None => view! { <p class="empty">{tr.not_filled}</p> }.into_any(),
                        }
                    }}
                </div>
                })}
            </div>
            {(!comment.is_empty() && !can_review).then(|| view! {
                <p class="review-comment" role="note"><strong>{tr.review_comment}"："</strong>{comment.clone()}</p>
            })}
            {(can_review && entry.is_some()).then(|| {
                let item_id = entry.as_ref().map(|e| e.id).unwrap_or_default();
                view! { <CommentForm item_id comment=comment.clone() locale/> }
            })}
        </article>
    }
}

#[component]
fn AcceptedFigures(item: SubmissionItemView, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let percent = item.accepted_percent.map(|p| format!("{p}%"));
    let on = item.accepted_on.map(|d| locale.date(d));
    let month = item.accepted_month.map(|(planned, completed)| {
        format!(
            "{} {} · {} {}",
            tr.field_month_planned, planned, tr.field_month_completed, completed
        )
    });
    let nothing = percent.is_none() && item.accepted_note.is_empty() && month.is_none();
    view! {
        {percent.map(|p| { let shown = p.clone(); view! { <p class="figure-percent" data-accepted-percent=p>{shown}</p> } })}
        {(!item.accepted_note.is_empty()).then(|| view! { <p class="figure-note">{item.accepted_note.clone()}</p> })}
        {on.map(|d| view! { <p class="muted">{d}</p> })}
        {month.map(|m| view! { <p class="muted">{m}</p> })}
        {nothing.then(|| view! { <p class="empty">{tr.no_earlier}</p> })}
    }
}

#[component]
fn EntryFigures(kind: ItemKind, entry: ItemEntry, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let month = (kind == ItemKind::Project
        && (entry.month_planned.is_some() || entry.month_completed.is_some()))
    .then(|| {
        format!(
            "{} {} · {} {}",
            tr.field_month_planned,
            entry
                .month_planned
                .map(|w| w.to_string())
                .unwrap_or_default(),
            tr.field_month_completed,
            entry
                .month_completed
                .map(|w| w.to_string())
                .unwrap_or_default()
        )
    });
    view! {
        {entry.percent.map(|p| view! { <p class="figure-percent" data-entry-percent=p>{format!("{p}%")}</p> })}
        <p class="figure-note">{entry.note.clone()}</p>
        {month.map(|m| view! { <p class="muted">{m}</p> })}
        {(!entry.new_problem.is_empty()).then(|| view! {
            <p class="new-problem">{tr.field_problem}"："{entry.new_problem.clone()}
                {entry.new_problem_due.map(|d| format!("（{} {}）", tr.field_problem_due, locale.date(d)))}
            </p>
        })}
        <p class="muted">{tr.saved_by}" "{entry.updated_by.clone()}" "{locale.datetime(entry.updated_at)}</p>
        <EvidenceList files=entry.attachments.clone()/>
    }
}

/// Links to evidence files; images as thumbnails.
#[component]
pub fn EvidenceList(files: Vec<AttachmentView>) -> impl IntoView {
    (!files.is_empty()).then(|| view! {
        <ul class="evidence-list">
            {files.into_iter().map(|f| {
                let href = format!("/files/{}", f.id);
                let thumb = f.thumbnail.then(|| format!("/files/{}?thumb=1", f.id));
                view! {
                    <li>
                        {thumb.map(|src| view! { <img class="evidence-thumb" src=src alt=f.file_name.clone() loading="lazy"/> })}
                        <a href=href rel="external" download=f.file_name.clone()>{f.file_name.clone()}</a>
                        <span class="muted">" "{format!("{:.1} KB", f.size as f64 / 1024.0)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// The liaison's entry for one item: saved on its own, so filling one item never loses another.
#[component]
fn ItemForm(
    item: SubmissionItemView,
    round_id: i64,
    unit_id: i64,
    back: String,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.rounds();
    let save = ServerAction::<SaveSubmissionItem>::new();
    let error = last_error(save);
    let entry = item.entry.clone().unwrap_or_default();
    let stored_id = item.entry.as_ref().map(|e| e.id);
    let percent = entry
        .percent
        .or(item.accepted_percent)
        .map(|p| p.to_string())
        .unwrap_or_default();
    let kind = item.kind;
    let note_label = match kind {
        ItemKind::Milestone => tr.field_note,
        ItemKind::Project => tr.field_visible,
        ItemKind::Answer => tr.field_answer,
    };
    let money = |w: Option<crate::domain::money::Wan>| w.map(|w| w.plain()).unwrap_or_default();
    let attachments = entry.attachments.clone();
    view! {
        <ActionForm action=save attr:class="stacked-form item-form">
            <input type="hidden" name="round" value=round_id/>
            <input type="hidden" name="unit" value=unit_id/>
            <input type="hidden" name="kind" value=kind.code()/>
            <input type="hidden" name="target" value=item.target_id/>
            {(kind != ItemKind::Answer).then(|| view! {
                <label class="field field-short">
                    <span class="field-label">{tr.field_percent}" *"</span>
                    <input type="number" name="form[percent]" min="0" max="100" value=percent.clone() required/>
                    <FieldMessage error field="percent"/>
                </label>
            })}
            <label class="field">
                <span class="field-label">{note_label}" *"</span>
                <textarea name="form[note]" rows="2" required>{entry.note.clone()}</textarea>
                <FieldMessage error field="note"/>
            </label>
            {(kind == ItemKind::Project).then(|| view! {
                <div class="field-row">
                    <label class="field">
                        <span class="field-label">{tr.field_month_planned}</span>
                        <input type="text" inputmode="decimal" name="form[month_planned]" value=money(entry.month_planned)/>
                        <FieldMessage error field="month_planned"/>
                    </label>
                    <label class="field">
                        <span class="field-label">{tr.field_month_completed}</span>
                        <input type="text" inputmode="decimal" name="form[month_completed]" value=money(entry.month_completed)/>
                        <FieldMessage error field="month_completed"/>
                    </label>
                </div>
            })}
            {(kind != ItemKind::Answer).then(|| view! {
                <div class="field-row">
                    <label class="field">
                        <span class="field-label">{tr.field_problem}</span>
                        <input type="text" name="form[problem]" value=entry.new_problem.clone()/>
                        <FieldMessage error field="problem"/>
                    </label>
                    <label class="field field-short">
                        <span class="field-label">{tr.field_problem_due}</span>
                        <input type="date" name="form[problem_due]" value=entry.new_problem_due.map(|d| d.to_string()).unwrap_or_default()/>
                        <FieldMessage error field="problem_due"/>
                    </label>
                </div>
            })}
            <FormMessage error/>
            <button type="submit" class="button button-quiet" data-action="save-item">{tr.save_item}</button>
        </ActionForm>
        <EvidenceList files=attachments/>
        {stored_id.map(|item_id| view! {
            <EvidenceForm field="item" id=item_id back=back.clone() locale/>
        })}
    }
}

/// The form that uploads an evidence file (佐证材料) for `field` = `id` (`item`, `activity` or
/// `indicator_value`) and comes back to `back`.
#[component]
pub fn EvidenceForm(field: &'static str, id: i64, back: String, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    view! {
        <form method="post" action="/evidence/upload" enctype="multipart/form-data" class="evidence-form">
            <input type="hidden" name=field value=id/>
            <input type="hidden" name="back" value=back/>
            <label class="field">
                <span class="field-label">{tr.evidence}</span>
                <input type="file" name="file" required accept=".pdf,.ofd,.doc,.docx,.xls,.xlsx,.wps,.et,.jpg,.jpeg,.png,.zip"/>
            </label>
            <button type="submit" class="button button-quiet" data-action="upload-evidence">{tr.upload_evidence}</button>
            <p class="muted">{tr.evidence_hint}</p>
        </form>
    }
}

/// One of the unit's indicators in the round: its value for the period, editable while the
/// submission is open.
#[component]
fn IndicatorEntry(
    indicator: SubmissionIndicatorView,
    round_id: i64,
    unit_id: i64,
    can_edit: bool,
    locale: Locale,
) -> impl IntoView {
    let t = locale.indicators();
    let save = ServerAction::<SaveSubmissionIndicator>::new();
    let error = last_error(save);
    let (value, note) = indicator
        .entry
        .clone()
        .map(|(v, n)| {
            (
                crate::domain::indicators::figure_text(v).replace(',', ""),
                n,
            )
        })
        .unwrap_or_default();
    let period = format!(
        "{} · {}",
        locale.indicator_period(&indicator.period),
        locale.date(indicator.starts_on)
    );
    view! {
        <div class="submission-item indicator-entry" data-indicator=indicator.id>
            <h4>{locale.pick(&indicator.name_zh, &indicator.name_en).to_string()}" "
                <span class="muted">{period}</span></h4>
            {if can_edit {
                view! {
                    <ActionForm action=save attr:class="inline-form indicator-form">
                        <input type="hidden" name="round" value=round_id/>
                        <input type="hidden" name="unit" value=unit_id/>
                        <input type="hidden" name="indicator" value=indicator.id/>
                        <label class="field field-short">
                            <span class="field-label">{t.value}" ("{indicator.measure.clone()}") *"</span>
                            <input type="text" inputmode="decimal" name="form[value]" value=value required/>
                            <FieldMessage error field="value"/>
                        </label>
                        <label class="field">
                            <span class="field-label">{t.note}</span>
                            <input type="text" name="form[note]" value=note/>
                        </label>
                        <FormMessage error/>
                        <button type="submit" class="button button-quiet" data-action="save-indicator">{t.save}</button>
                    </ActionForm>
                }.into_any()
            } else {
                let shown = indicator
                    .entry
                    .map(|(v, n)| format!("{} {} {n}", crate::domain::indicators::figure_text(v), indicator.measure))
                    .unwrap_or_else(|| "—".to_string());
                view! { <p class="indicator-value">{shown}</p> }.into_any()
            }}
        </div>
    }
}

#[component]
fn CommentForm(item_id: i64, comment: String, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let action = ServerAction::<CommentSubmissionItem>::new();
    let error = last_error(action);
    view! {
        <ActionForm action attr:class="stacked-form comment-form">
            <input type="hidden" name="item" value=item_id/>
            <label class="field">
                <span class="field-label">{tr.review_comment}</span>
                <textarea name="comment" rows="2">{comment}</textarea>
            </label>
            <FormMessage error/>
            <button type="submit" class="button button-quiet" data-action="comment">{tr.save_comment}</button>
        </ActionForm>
    }
}

/// What came of an evidence upload (`?upload=ok` …) that returned here.
#[component]
pub fn UploadMessage() -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .with(|q| q.get("upload"))
            .and_then(|code| locale.evidence_upload(&code))
            .map(|(ok, message)| {
                let class = if ok { "form-success" } else { "form-error" };
                view! { <p class=class role="status">{message}</p> }
            })
    }
}
