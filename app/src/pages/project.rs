//! 项目详情: every field of the provincial sheet, the monthly investment ledger with yearly
//! totals, linked milestones, open problems and the change history.

use std::collections::BTreeMap;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{ArchiveProject, DeleteProject, OpenProblem, RespondProblem, SetLedger};
use crate::api::get_project;
use crate::components::forms::{last_error, ChangeList, FormMessage, TextField};
use crate::components::layout::{route_id, session_can, use_reference_data, use_session};
use crate::components::problems::{OpenProblemForm, ProblemList, RaisedOn};
use crate::components::widgets::{loaded, Loading, ProgressTimeline};
use crate::domain::access::Permission;
use crate::domain::money::Wan;
use crate::i18n::{use_locale, Locale};
use crate::model::{LedgerRow, ProjectDetail};

#[component]
pub fn ProjectPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let id = route_id();
    let session = use_session();
    let reference = use_reference_data();
    let ledger = ServerAction::<SetLedger>::new();
    let respond = ServerAction::<RespondProblem>::new();
    let open_problem = ServerAction::<OpenProblem>::new();
    let archive = ServerAction::<ArchiveProject>::new();
    let delete = ServerAction::<DeleteProject>::new();
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_project(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t.nav_projects/>
        <p class="breadcrumb"><a href="/projects">{t.nav_projects}</a>" ›"</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let can_edit = session_can(session, Permission::EditContent).await;
                let reference = reference.await.unwrap_or_default();
                loaded(detail.await, |d| {
                    let pillar = d.row.pillar.as_ref().map(|p| locale.pick(&p.name_zh, &p.name_en).to_string());
                    let domain = reference
                        .domains
                        .iter()
                        .find(|x| x.id.to_string() == d.form.domain)
                        .map(|x| locale.pick(&x.name_zh, &x.name_en).to_string());
                    let actions = ProjectActions { ledger, respond, open_problem, archive, delete };
                    view! { <ProjectView detail=d reference=reference.clone() pillar domain can_edit actions locale/> }.into_any()
                })
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct ProjectActions {
    ledger: ServerAction<SetLedger>,
    respond: ServerAction<RespondProblem>,
    open_problem: ServerAction<OpenProblem>,
    archive: ServerAction<ArchiveProject>,
    delete: ServerAction<DeleteProject>,
}

#[component]
fn ProjectView(
    detail: ProjectDetail,
    reference: crate::model::ReferenceData,
    pillar: Option<String>,
    domain: Option<String>,
    can_edit: bool,
    actions: ProjectActions,
    locale: Locale,
) -> impl IntoView {
    let ProjectActions {
        ledger,
        respond,
        open_problem,
        archive,
        delete,
    } = actions;
    let tr = locale.rounds();
    let archived = detail.archived_on.is_some();
    let archive_error = last_error(archive);
    let delete_error = last_error(delete);
    let t = locale.texts();
    let te = locale.edit();
    let d = detail;
    let id = d.row.id;
    let none = || te.none.to_string();
    let money = |text: &str| Wan::parse(text).map(|w| w.to_string()).unwrap_or_default();
    let funds = [
        (te.fund_central, money(&d.form.fund_central)),
        (te.fund_provincial, money(&d.form.fund_provincial)),
        (te.fund_city, money(&d.form.fund_city)),
        (te.fund_county, money(&d.form.fund_county)),
        (te.fund_social, money(&d.form.fund_social)),
    ];
    view! {
        <div class="page-head milestone-head">
            <h1 data-project-id=id>{d.row.name.clone()}</h1>
            {d.archived_on.map(|on| view! { <span class="late-chip" data-archived=on.to_string()>{tr.archived}" "{locale.date(on)}</span> })}
            {can_edit.then(|| view! {
                <a class="button" href=format!("/projects/{id}/edit")>{te.edit}</a>
                <ActionForm action=archive attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    {(!archived).then(|| view! { <input type="hidden" name="archived" value="yes"/> })}
                    <button type="submit" class="button button-quiet" data-action="archive">
                        {if archived { tr.unarchive } else { tr.archive }}
                    </button>
                </ActionForm>
            })}
        </div>
        <FormMessage error=archive_error/>
        {(can_edit && d.deletable).then(|| view! {
            <details class="delete-project">
                <summary class="link-button">{tr.delete_project}</summary>
                <FormMessage error=delete_error/>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <label class="checkbox"><input type="checkbox" name="confirm" value="yes"/>{tr.delete_confirm}</label>
                    <button type="submit" class="button button-quiet">{tr.delete_project}</button>
                </ActionForm>
            </details>
        })}
        <section class="panel facts">
            <dl class="fact-grid">
                <dt>{te.kind}</dt><dd>{locale.project_kind(d.row.kind)}</dd>
                <dt>{t.col_code}</dt><dd class="code">{d.row.code.clone().unwrap_or_else(none)}</dd>
                <dt>{t.col_builder}</dt><dd>{d.row.unit_name.clone()}</dd>
                <dt>{te.location}</dt><dd>{if d.form.location.is_empty() { none() } else { d.form.location.clone() }}</dd>
                <dt>{t.col_construction}</dt><dd>{locale.construction_type(d.row.construction_type)}</dd>
                <dt>{t.col_pillar}</dt><dd>{pillar.unwrap_or_else(none)}</dd>
                <dt>{te.domain}</dt><dd>{domain.unwrap_or_else(none)}</dd>
                <dt>{t.col_years}</dt><dd>{locale.years(d.row.start_year, d.row.end_year)}</dd>
                <dt>{t.col_total_investment}</dt><dd class="num" data-total=d.row.total_investment.plain()>{d.row.total_investment.to_string()}</dd>
                <dt>{t.col_completed_investment}</dt><dd class="num" data-completed=d.row.completed_investment.plain()>{d.row.completed_investment.to_string()}</dd>
                <dt>{t.col_project_status}</dt><dd>{locale.project_status(d.row.status)}</dd>
                <dt>{t.col_visible_progress}</dt><dd>{d.row.visible_progress.clone()}</dd>
                <dt>{te.contact_name}</dt><dd>{d.form.contact_name.clone()}</dd>
                <dt>{te.contact_phone}</dt><dd>{d.form.contact_phone.clone()}</dd>
            </dl>
            <h2 class="subhead">{te.funding}</h2>
            <dl class="fact-grid funds">
                {funds.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd class="num">{value}</dd> }).collect_view()}
            </dl>
            {(!d.form.content.is_empty()).then(|| view! { <p class="description">{d.form.content.clone()}</p> })}
        </section>
        <div class="two-col section-gap">
            <section class="panel">
                <h2>{te.ledger}</h2>
                {can_edit.then(|| view! { <LedgerFormView id start_year=d.row.start_year action=ledger locale/> })}
                // Scrolls on its own, so the keyboard can reach it to scroll it.
                <div class="ledger-scroll" role="region" tabindex="0" aria-label=te.ledger>
                    <LedgerTable rows=d.ledger.clone() locale/>
                </div>
            </section>
            <section class="panel">
                <h2>{te.problems}</h2>
                <FormMessage error=last_error(respond)/>
                <ProblemList problems=d.problems.clone() respond=can_edit.then_some(respond) locale/>
                {can_edit.then(|| view! {
                    <OpenProblemForm on=RaisedOn::Project(id) reference=reference.clone() action=open_problem locale/>
                })}
                <h2>{te.linked_milestones}</h2>
                {if d.milestones.is_empty() {
                    view! { <p class="empty">{te.nothing_yet}</p> }.into_any()
                } else {
                    view! {
                        <ul class="linked-list">
                            {d.milestones.iter().map(|m| view! {
                                <li><a href=format!("/milestones/{}", m.id)>{format!("{}（{}%）", m.title, m.percent)}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
        <section class="panel section-gap">
            <h2>{locale.rounds().progress_history}</h2>
            <ProgressTimeline entries=d.progress.clone() locale/>
        </section>
        <section class="panel">
            <h2>{te.history}</h2>
            {if d.history.is_empty() {
                view! { <p class="empty">{te.no_history}</p> }.into_any()
            } else {
                view! { <ChangeList changes=d.history.clone() locale/> }.into_any()
            }}
        </section>
    }
}

/// Months grouped by year, each year with its total.
#[component]
fn LedgerTable(rows: Vec<LedgerRow>, locale: Locale) -> impl IntoView {
    let te = locale.edit();
    if rows.is_empty() {
        return view! { <p class="empty">{te.no_ledger}</p> }.into_any();
    }
    let mut years: BTreeMap<i32, Vec<LedgerRow>> = BTreeMap::new();
    for row in rows {
        years.entry(row.year).or_default().push(row);
    }
    view! {
        <table class="data-table ledger-table">
            <thead><tr>
                <th scope="col">{te.year}</th><th scope="col">{te.month}</th>
                <th scope="col" class="num">{te.planned}</th><th scope="col" class="num">{te.completed_amount}</th>
            </tr></thead>
            <tbody>
                {years.into_iter().map(|(year, months)| {
                    let planned: Wan = months.iter().map(|m| m.planned).sum();
                    let completed: Wan = months.iter().map(|m| m.completed).sum();
                    view! {
                        {months.into_iter().map(|m| view! {
                            <tr data-month=format!("{}-{:02}", m.year, m.month)>
                                <td>{m.year}</td><td>{m.month}</td>
                                <td class="num">{m.planned.to_string()}</td><td class="num">{m.completed.to_string()}</td>
                            </tr>
                        }).collect_view()}
                        <tr class="total-row" data-year-total=year>
                            <td colspan="2">{year}" "{te.year_total}</td>
                            <td class="num">{planned.to_string()}</td><td class="num">{completed.to_string()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn LedgerFormView(
    id: i64,
    start_year: i32,
    action: ServerAction<SetLedger>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    let error = last_error(action);
    view! {
        <FormMessage error/>
        <p class="muted">{te.ledger_hint}</p>
        <ActionForm action attr:class="stacked-form ledger-form">
            <input type="hidden" name="id" value=id/>
            <div class="field-row">
                <TextField label=te.year name="form[year]" field="year" kind="number" value=start_year.to_string() required=true error/>
                <TextField label=te.month name="form[month]" field="month" kind="number" required=true error/>
                <TextField label=te.planned name="form[planned]" field="planned" error/>
                <TextField label=te.completed_amount name="form[completed]" field="completed" error/>
            </div>
            <button type="submit" class="button button-quiet">{te.save_month}</button>
        </ActionForm>
    }
}
