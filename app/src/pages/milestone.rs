//! 里程碑详情: one milestone with its status, progress timeline, problems, dependencies,
//! linked projects and change history. Planners record progress and edit from here.
//!
//! Every form is an `ActionForm`: a POST that comes back to this page, sent in place by the
//! browser bundle when it has loaded (`crate::browser`).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{
    AddDependency, DeleteMilestone, LinkProject, OpenProblem, RecordProgress, RemoveDependency,
    RespondProblem, UnlinkProject,
};
use crate::api::get_milestone;
use crate::components::forms::{
    id_options, last_error, ChangeList, FieldMessage, FormError, FormMessage, SelectField,
    TextField,
};
use crate::components::layout::{route_id, session_can, use_reference_data, use_session};
use crate::components::problems::{OpenProblemForm, ProblemList, RaisedOn};
use crate::components::widgets::{
    loaded, Loading, ProgressBar, ProgressTimeline, StatusWithReason,
};
use crate::domain::access::Permission;
use crate::i18n::{use_locale, Locale};
use crate::model::{MilestoneDetail, ReferenceData};

#[component]
pub fn MilestonePage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let id = route_id();
    let session = use_session();
    let reference = use_reference_data();

    let progress = ServerAction::<RecordProgress>::new();
    let open_problem = ServerAction::<OpenProblem>::new();
    let respond = ServerAction::<RespondProblem>::new();
    let add_dependency = ServerAction::<AddDependency>::new();
    let remove_dependency = ServerAction::<RemoveDependency>::new();
    let link = ServerAction::<LinkProject>::new();
    let unlink = ServerAction::<UnlinkProject>::new();
    let delete = ServerAction::<DeleteMilestone>::new();
    let actions = Actions {
        progress,
        open_problem,
        respond,
        add_dependency,
        remove_dependency,
        link,
        unlink,
        delete,
    };
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_milestone(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );

    view! {
        <Title text=t.nav_milestones/>
        <p class="breadcrumb"><a href="/milestones">{t.nav_milestones}</a>" ›"</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let can_edit = session_can(session, Permission::EditContent).await;
                let reference = reference.await.unwrap_or_default();
                loaded(detail.await, |d| view! {
                    <MilestoneView detail=d reference can_edit actions locale/>
                }.into_any())
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    progress: ServerAction<RecordProgress>,
    open_problem: ServerAction<OpenProblem>,
    respond: ServerAction<RespondProblem>,
    add_dependency: ServerAction<AddDependency>,
    remove_dependency: ServerAction<RemoveDependency>,
    link: ServerAction<LinkProject>,
    unlink: ServerAction<UnlinkProject>,
    delete: ServerAction<DeleteMilestone>,
}

fn unit_options(reference: &ReferenceData) -> Vec<(String, String)> {
    id_options(reference.unit_names())
}

#[component]
fn MilestoneView(
    detail: MilestoneDetail,
    reference: ReferenceData,
    can_edit: bool,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let t = locale.texts();
    let te = locale.edit();
    let d = detail;
    let id = d.row.id;
    let status = d.row.assessment.status;
    view! {
        <div class="page-head milestone-head">
            <h1 data-milestone-id=id>{d.row.title.clone()}</h1>
            {d.row.code.clone().map(|code| view! { <span class="milestone-code" title=te.milestone_code>{code}</span> })}
            {can_edit.then(|| view! {
                <a class="button" href=format!("/milestones/{id}/edit")>{te.edit}</a>
            })}
        </div>
        <StatusWithReason assessment=d.row.assessment.clone()/>
        {(!d.dependency_warnings.is_empty()).then(|| view! {
            <section class="panel dependency-warnings" role="note" aria-label=te.dependency_warnings>
                <h2>{te.dependency_warnings}</h2>
                <ul>
                    {d.dependency_warnings.iter().map(|w| view! { <li>{locale.dependency_warning(w)}</li> }).collect_view()}
                </ul>
            </section>
        })}
        <section class="panel facts">
            <dl class="fact-grid">
                <dt>{t.col_phase}</dt><dd>{locale.pick(&d.row.phase.name_zh, &d.row.phase.name_en).to_string()}</dd>
                <dt>{t.col_pillar}</dt><dd>{locale.pick(&d.row.pillar.name_zh, &d.row.pillar.name_en).to_string()}</dd>
                <dt>{te.domain}</dt><dd>{d.domain.as_ref().map(|x| locale.pick(&x.name_zh, &x.name_en).to_string()).unwrap_or_else(|| te.none.to_string())}</dd>
                <dt>{t.col_unit}</dt><dd>{d.row.unit_name.clone()}</dd>
                <dt>{t.col_dates}</dt><dd>{locale.date(d.row.start_date)}" – "{locale.date(d.row.due_date)}</dd>
                {d.slip.clone().map(|s| view! {
                    <dt>{locale.baselines().against}</dt>
                    <dd class="slip" data-days=s.days>
                        {locale.slip_days(s.days)}
                        <span class="muted">
                            {format!("{}{}{}{} – {}{}", locale.pick("（", " ("), s.baseline, locale.colon(),
                                locale.date(s.baseline_start), locale.date(s.baseline_due), locale.pick("）", ")"))}
                        </span>
                    </dd>
                })}
                <dt>{te.weight}</dt><dd>{d.row.weight}</dd>
                <dt>{t.col_progress}</dt>
                <dd class="progress-cell">
                    <ProgressBar percent=d.row.percent as f64 expected=d.row.assessment.expected status/>
                    <span class="progress-text" data-percent=d.row.percent>{format!("{}%", d.row.percent)}</span>
                </dd>
                {d.completed_on.map(|c| view! { <dt>{te.completed_on}</dt><dd>{locale.date(c)}</dd> })}
            </dl>
            {(!d.description.is_empty()).then(|| view! { <p class="description">{d.description.clone()}</p> })}
        </section>

        <div class="two-col section-gap">
            <section class="panel">
                <h2>{te.progress_history}</h2>
                {can_edit.then(|| view! { <ProgressFormView id today=d.today reference=reference.clone() action=actions.progress locale/> })}
                <ProgressTimeline entries=d.progress.clone() locale/>
            </section>
            <section class="panel">
                <h2>{te.problems}</h2>
                <ProblemsView detail=d.clone() reference=reference.clone() can_edit actions locale/>
            </section>
        </div>

        <div class="two-col section-gap">
            <section class="panel">
                <h2>{te.depends_on}</h2>
                <LinkedList
                    items=d.depends_on.iter().map(|m| (m.id, format!("/milestones/{}", m.id), format!("{}（{}%）", m.label(), m.percent))).collect()
                    can_edit
                    remove=move |other: i64| view! {
                        <ActionForm action=actions.remove_dependency attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="depends_on" value=other/>
                            <button type="submit" class="link-button">{te.remove}</button>
                        </ActionForm>
                    }.into_any()
                    locale
                />
                {can_edit.then(|| {
                    let error = last_error(actions.add_dependency);
                    // Codes typed or picked: the list offers the nearest of its pillar, not all.
                    let options = d.dependency_candidates.iter().filter_map(|m| {
                        let code = m.code.clone()?;
                        Some(view! { <option value=code>{m.title.clone()}</option> })
                    }).collect_view();
                    view! {
                        <ActionForm action=actions.add_dependency attr:class="inline-add">
                            <input type="hidden" name="id" value=id/>
                            <TextField label=te.add_dependency name="depends_on" field="depends_on" required=true
                                list="dependency-candidates" error/>
                            <datalist id="dependency-candidates">{options}</datalist>
                            <button type="submit" class="button button-quiet">{te.add_dependency}</button>
                        </ActionForm>
                        <p class="muted field-hint">{te.dependency_code_hint}</p>
                    }
                })}
                <h2>{te.dependents}</h2>
                <LinkedList
                    items=d.dependents.iter().map(|m| (m.id, format!("/milestones/{}", m.id), format!("{}（{}%）", m.label(), m.percent))).collect()
                    can_edit=false
                    remove=|_| ().into_any()
                    locale
                />
            </section>
            <section class="panel">
                <h2>{te.linked_projects}</h2>
                <LinkedList
                    items=d.projects.iter().map(|p| (p.id, format!("/projects/{}", p.id), p.name.clone())).collect()
                    can_edit
                    remove=move |project: i64| view! {
                        <ActionForm action=actions.unlink attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="project" value=project/>
                            <button type="submit" class="link-button">{te.remove}</button>
                        </ActionForm>
                    }.into_any()
                    locale
                />
                {can_edit.then(|| {
                    let error = last_error(actions.link);
                    let options = id_options(d.project_candidates.iter().map(|p| (p.id, p.name.clone())));
                    view! {
                        <ActionForm action=actions.link attr:class="inline-add">
                            <input type="hidden" name="id" value=id/>
                            <SelectField label=te.link_project name="project" field="project" options required=true error/>
                            <button type="submit" class="button button-quiet">{te.link_project}</button>
                        </ActionForm>
                    }
                })}
            </section>
        </div>

        <section class="panel">
            <h2>{te.history}</h2>
            {if d.history.is_empty() {
                view! { <p class="empty">{te.no_history}</p> }.into_any()
            } else {
                view! { <ChangeList changes=d.history.clone() locale/> }.into_any()
            }}
        </section>

        {can_edit.then(|| view! { <DeleteView detail=d.clone() action=actions.delete locale/> })}
    }
}

#[component]
fn ProgressFormView(
    id: i64,
    today: chrono::NaiveDate,
    reference: ReferenceData,
    action: ServerAction<RecordProgress>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    let error = last_error(action);
    view! {
        <details class="record-progress" open=move || error.get().is_some()>
            <summary class="button">{te.record_progress}</summary>
            <FormMessage error/>
            <ActionForm action attr:class="stacked-form progress-form">
                <input type="hidden" name="id" value=id/>
                <div class="field-row">
                    <TextField label=te.percent name="form[percent]" field="percent" kind="number" required=true error/>
                    <TextField label=te.reported_on name="form[reported_on]" field="reported_on" kind="date" value=today.to_string() required=true error/>
                </div>
                <label class="field">
                    <span class="field-label">{te.note}" *"</span>
                    <textarea name="form[note]" rows="3" required></textarea>
                    <FieldMessage error field="note"/>
                </label>
                <label class="field">
                    <span class="field-label">{te.problem_optional}</span>
                    <textarea name="form[problem]" rows="2"></textarea>
                    <FieldMessage error field="problem"/>
                </label>
                <div class="field-row">
                    <SelectField label=te.problem_unit name="form[problem_unit]" field="problem_unit" options=unit_options(&reference) error/>
                    <TextField label=te.problem_due name="form[problem_due]" field="problem_due" kind="date" error/>
                </div>
                <button type="submit" class="button">{te.save}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ProblemsView(
    detail: MilestoneDetail,
    reference: ReferenceData,
    can_edit: bool,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let respond_error = last_error(actions.respond);
    let id = detail.row.id;
    view! {
        <FormMessage error=respond_error/>
        <ProblemList problems=detail.problems respond=can_edit.then_some(actions.respond) locale/>
        {can_edit.then(|| view! {
            <OpenProblemForm on=RaisedOn::Milestone(id) reference=reference.clone() action=actions.open_problem locale/>
        })}
    }
}

/// Links to other records, each with a remove button for editors.
#[component]
fn LinkedList(
    items: Vec<(i64, String, String)>,
    can_edit: bool,
    remove: impl Fn(i64) -> AnyView + 'static,
    locale: Locale,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty">{locale.edit().nothing_yet}</p> }.into_any();
    }
    view! {
        <ul class="linked-list">
            {items.into_iter().map(|(id, href, text)| view! {
                <li><a href=href>{text}</a>{can_edit.then(|| remove(id))}</li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn DeleteView(
    detail: MilestoneDetail,
    action: ServerAction<DeleteMilestone>,
    locale: Locale,
) -> impl IntoView {
    let te = locale.edit();
    let error: FormError = last_error(action);
    let consequences = locale.delete_consequences(
        detail.dependents.len(),
        detail.progress.len(),
        detail.problems.len(),
    );
    view! {
        <section class="panel danger-zone">
            <h2>{te.delete_title}</h2>
            <p>{consequences}</p>
            <FormMessage error/>
            <ActionForm action attr:class="inline-add">
                <input type="hidden" name="id" value=detail.row.id/>
                <input type="hidden" name="version" value=detail.version/>
                <label class="checkbox">
                    <input type="checkbox" name="confirm" value="yes"/>
                    {te.confirm_delete}
                </label>
                <button type="submit" class="button button-danger">{te.delete}</button>
            </ActionForm>
        </section>
    }
}
