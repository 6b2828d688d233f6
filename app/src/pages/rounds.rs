//! 填报轮次: the list of monthly rounds with a form to open one, a round with every unit's
//! state (close, 催报, add or remove units), and one unit's submission for review.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::rounds::{
    get_round, get_rounds, get_submission, CloseRound, OpenRound, RemindRound, SetRoundUnit,
};
use crate::components::forms::{id_options, last_error, FieldMessage, FormMessage, SelectField};
use crate::components::layout::route_id;
use crate::components::submission::{SubmissionActions, SubmissionPanel, SubmissionStateChip};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::{use_locale, Locale};
use crate::model::{RoundDetail, RoundSummary, RoundsPage as RoundsData};

#[component]
pub fn RoundsPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.rounds();
    let open = ServerAction::<OpenRound>::new();
    let rounds = Resource::new(|| (), |_| get_rounds());
    view! {
        <Title text=tr.rounds_title/>
        <div class="page-head"><h1>{tr.rounds_title}</h1></div>
        <p class="muted">{tr.rounds_hint}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(rounds.await, |data| view! { <RoundsView data open locale/> }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn RoundsView(data: RoundsData, open: ServerAction<OpenRound>, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let error = last_error(open);
    view! {
        {data.can_manage.then(|| view! {
            <section class="panel form-panel">
                <h2>{tr.open_heading}</h2>
                <FormMessage error/>
                <ActionForm action=open attr:class="stacked-form open-round">
                    <div class="field-row">
                        <label class="field field-short">
                            <span class="field-label">{tr.open_month}" *"</span>
                            <input type="month" name="month" value=data.suggested_month.clone() required/>
                            <FieldMessage error field="month"/>
                        </label>
                        <label class="field field-short">
                            <span class="field-label">{tr.open_due}" *"</span>
                            <input type="date" name="due_date" value=data.suggested_due.to_string() required/>
                            <FieldMessage error field="due_date"/>
                        </label>
                    </div>
                    <label class="field">
                        <span class="field-label">{tr.open_units}</span>
                        <input type="text" name="units" placeholder=tr.open_units_hint/>
                        <FieldMessage error field="units"/>
                    </label>
                    <button type="submit" class="button" data-action="open-round">{tr.open_button}</button>
                </ActionForm>
            </section>
        })}
        <section class="panel table-panel">
            {if data.rounds.is_empty() {
                view! { <p class="empty">{tr.no_rounds}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data-table rounds-table">
                            <thead><tr>
                                <th>{tr.col_round}</th><th>{tr.col_due}</th><th>{tr.col_round_state}</th>
                                <th class="num">{tr.col_units}</th><th class="num">{tr.col_submitted}</th>
                                <th class="num">{tr.col_accepted}</th><th class="num">{tr.col_returned}</th>
                                <th class="num">{tr.col_late}</th><th class="num">{tr.col_overdue}</th>
                            </tr></thead>
                            <tbody>
                                {data.rounds.into_iter().map(|r| view! { <RoundRow round=r locale/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RoundRow(round: RoundSummary, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let c = round.counts.clone();
    view! {
        <tr>
            <td><a href=format!("/rounds/{}", round.id)>{locale.round_title(round.month)}</a></td>
            <td>{locale.date(round.due_date)}</td>
            <td>{if round.closed_at.is_some() { tr.round_closed } else { tr.round_open }}</td>
            <td class="num">{c.units}</td>
            <td class="num">{c.handed_in()}</td>
            <td class="num">{c.accepted}</td>
            <td class="num">{c.returned}</td>
            <td class="num">{c.late}</td>
            <td class="num">{c.overdue}</td>
        </tr>
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.rounds();
    let id = route_id();
    let close = ServerAction::<CloseRound>::new();
    let remind = ServerAction::<RemindRound>::new();
    let set_unit = ServerAction::<SetRoundUnit>::new();
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_round(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let actions = RoundActions {
        close,
        remind,
        set_unit,
    };
    view! {
        <Title text=tr.rounds_title/>
        <p class="breadcrumb"><a href="/rounds">{tr.rounds_title}</a>" ›"</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(detail.await, |d| view! { <RoundView detail=d actions locale/> }.into_any())
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct RoundActions {
    close: ServerAction<CloseRound>,
    remind: ServerAction<RemindRound>,
    set_unit: ServerAction<SetRoundUnit>,
}

#[component]
fn RoundView(detail: RoundDetail, actions: RoundActions, locale: Locale) -> impl IntoView {
    let tr = locale.rounds();
    let RoundDetail {
        round,
        units,
        other_units,
        can_manage,
    } = detail;
    let id = round.id;
    let c = round.counts.clone();
    let close_error = last_error(actions.close);
    let remind_error = last_error(actions.remind);
    let unit_error = last_error(actions.set_unit);
    let reminded = crate::outcome::use_reminded();
    let owing = c.not_started + c.filling + c.returned;
    view! {
        <div class="page-head">
            <h1 data-round=round.month.code()>{locale.round_title(round.month)}</h1>
            <span class="muted">
                {tr.due_on}" "{locale.date(round.due_date)}" · "
                {if round.closed_at.is_some() { tr.round_closed } else { tr.round_open }}
                " · "{tr.opened_by}" "{round.opened_by.clone()}
            </span>
        </div>
        <section class="panel round-counts" role="status">
            <p>{locale.round_progress(c.handed_in(), c.units, c.accepted)}</p>
            <p class="muted">{locale.round_late(c.late, c.overdue)}</p>
        </section>
        {can_manage.then(|| view! {
            <section class="panel round-manage">
                <FormMessage error=remind_error/>
                <FormMessage error=close_error/>
                <FormMessage error=unit_error/>
                <ActionForm action=actions.remind attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button" data-action="remind" disabled=owing == 0>
                        {format!("{}（{}）", tr.remind, owing)}
                    </button>
                    <span class="muted">" "{tr.remind_hint}</span>
                </ActionForm>
                {move || reminded.get().map(|n| view! { <p class="form-success" role="status">{locale.reminded(n)}</p> })}
                {round.closed_at.is_none().then(|| view! {
                    <ActionForm action=actions.close attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button-quiet" data-action="close-round">{tr.close_round}</button>
                        <span class="muted">" "{tr.close_hint}</span>
                    </ActionForm>
                })}
                {(!other_units.is_empty()).then(|| {
                    let options = id_options(other_units.clone());
                    view! {
                        <ActionForm action=actions.set_unit attr:class="inline-add">
                            <input type="hidden" name="round" value=id/>
                            <input type="hidden" name="include" value="yes"/>
                            <SelectField label=tr.choose_unit name="unit" field="unit" options required=true error=unit_error/>
                            <button type="submit" class="button button-quiet">{tr.add_unit}</button>
                        </ActionForm>
                    }
                })}
            </section>
        })}
        <section class="panel table-panel">
            <div class="table-scroll" tabindex="0">
                <table class="data-table round-units">
                    <thead><tr>
                        <th>{tr.col_unit}</th><th>{tr.col_state}</th><th class="num">{tr.col_items}</th>
                        <th>{tr.col_submitted_at}</th><th>{tr.col_reviewed}</th><th class="num">{tr.col_reminders}</th>
                        <th>{tr.col_actions}</th>
                    </tr></thead>
                    <tbody>
                        {units.into_iter().map(|u| {
                            let href = format!("/rounds/{id}/units/{}", u.unit_id);
                            let removable = can_manage && u.state == crate::domain::model::SubmissionState::NotStarted;
                            view! {
                                <tr data-unit=u.unit_id data-state=u.state.code()>
                                    <td><a href=href.clone()>{u.unit_name.clone()}</a></td>
                                    <td>
                                        <SubmissionStateChip state=u.state locale/>
                                        {u.late.then(|| view! { " "<span class="late-chip">{tr.late_mark}</span> })}
                                        {u.overdue.then(|| view! { " "<span class="late-chip">{tr.overdue_mark}</span> })}
                                    </td>
                                    <td class="num">{u.items_filled}</td>
                                    <td>{u.submitted_at.map(|at| format!("{} {}", locale.datetime(at), u.submitted_by)).unwrap_or_default()}</td>
                                    <td>{u.reviewed_at.map(|at| format!("{} {}", locale.datetime(at), u.reviewed_by)).unwrap_or_default()}</td>
                                    <td class="num">{u.reminders}</td>
                                    <td>
                                        <a href=href>{tr.view}</a>
                                        {removable.then(|| view! {
                                            " "
                                            <ActionForm action=actions.set_unit attr:class="inline-form">
                                                <input type="hidden" name="round" value=id/>
                                                <input type="hidden" name="unit" value=u.unit_id/>
                                                <button type="submit" class="link-button">{tr.remove_unit}</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.rounds();
    let params = use_params_map();
    let query = use_query_map();
    let round = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let unit = move || params.with(|p| p.get("unit").and_then(|v| v.parse::<i64>().ok()));
    let upload = move || query.with(|q| q.get("upload"));
    let actions = SubmissionActions::new();
    let view_data = Resource::new(
        move || (round(), unit()),
        |(round, unit)| async move {
            match (round, unit) {
                (Some(round), Some(unit)) => get_submission(round, unit).await,
                _ => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=tr.rounds_title/>
        <p class="breadcrumb">
            <a href="/rounds">{tr.rounds_title}</a>" › "
            {move || round().map(|r| view! { <a href=format!("/rounds/{r}")>{tr.col_round}</a> })}" ›"
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let upload = upload();
                loaded(view_data.await, |v| view! { <SubmissionPanel view=v actions upload locale/> }.into_any())
            })}
        </Transition>
    }
}
