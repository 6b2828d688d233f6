//! The problem list and the form that raises a problem, shared by the milestone and project
//! pages.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::edit::{OpenProblem, RespondProblem};
use crate::components::forms::{
    id_options, last_error, FieldMessage, FormMessage, SelectField, TextField,
};
use crate::domain::model::ProblemStatus;
use crate::i18n::Locale;
use crate::model::ReferenceData;

/// What a new problem is raised on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaisedOn {
    Milestone(i64),
    Project(i64),
}

/// The editor's form that raises a 存在问题 on a milestone or a project.
#[component]
pub fn OpenProblemForm(
    on: RaisedOn,
    reference: ReferenceData,
    action: ServerAction<OpenProblem>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    let error = last_error(action);
    let (name, id) = match on {
        RaisedOn::Milestone(id) => ("milestone", id),
        RaisedOn::Project(id) => ("project", id),
    };
    let units = id_options(reference.unit_names());
    view! {
        <details class="open-problem" open=move || error.get().is_some()>
            <summary class="button button-quiet">{te.open_problem}</summary>
            <FormMessage error/>
            <ActionForm action attr:class="stacked-form">
                <input type="hidden" name=name value=id/>
                <label class="field">
                    <span class="field-label">{te.problem}" *"</span>
                    <textarea name="form[description]" rows="2" required></textarea>
                    <FieldMessage error field="description"/>
                </label>
                <div class="field-row">
                    <SelectField label=te.problem_unit name="form[unit]" field="unit" options=units error/>
                    <TextField label=te.problem_due name="form[due_date]" field="due_date" kind="date" error/>
                </div>
                <button type="submit" class="button">{te.save}</button>
            </ActionForm>
        </details>
    }
}

/// Problems with their status, owner, due date and answer; editors can answer and close open ones.
#[component]
pub fn ProblemList(
    problems: Vec<crate::model::ProblemEntry>,
    respond: Option<ServerAction<RespondProblem>>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    if problems.is_empty() {
        return view! { <p class="empty">{te.no_problems}</p> }.into_any();
    }
    view! {
        <ul class="problem-list">
            {problems.into_iter().map(|p| {
                let open = p.status != ProblemStatus::Closed;
                view! {
                    <li class=format!("problem problem-{}", p.status.code())>
                        <div class="problem-head">
                            <span class=format!("problem-status problem-status-{}", p.status.code())>{locale.problem_status(p.status)}</span>
                            {p.overdue.then(|| view! { <span class="status-chip status-red">{te.overdue}</span> })}
                            <span class="problem-text">{p.description.clone()}</span>
                        </div>
                        <p class="problem-meta">
                            {te.raised_on}" "{locale.date(p.raised_on)}
                            {p.owner_unit.clone().map(|u| format!(" · {}：{u}", te.problem_unit))}
                            {p.due_date.map(|d| format!(" · {}：{}", te.problem_due, locale.date(d)))}
                        </p>
                        {(!p.answer.is_empty()).then(|| view! { <p class="problem-answer">{te.answer}"："{p.answer.clone()}</p> })}
                        {respond.filter(|_| open).map(|action| view! {
                            <ActionForm action attr:class="problem-respond">
                                <input type="hidden" name="id" value=p.id/>
                                <input type="text" name="answer_text" placeholder=te.answer aria-label=te.answer/>
                                <button type="submit" class="button button-quiet">{te.send_answer}</button>
                                <button type="submit" name="close" value="yes" class="button button-quiet">{te.close_problem}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
