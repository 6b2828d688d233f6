//! Provincial reporting pages: importing a project list (upload, preview, confirm) and the
//! reporting page with locked periods, their baselines and the 上报 records.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::reporting::{
    get_baseline_comparison, get_import_preview, get_reporting_overview, CommitImport, LockPeriod,
};
use crate::components::forms::{last_error, FormMessage};
use crate::components::imports::{ImportDone, PreviewView, UploadPanel};
use crate::components::layout::{session_can, use_session};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::domain::money::Wan;
use crate::i18n::{use_locale, Locale};
use crate::model::{BaselineComparison, DriftFigures, ProjectFilter, ReportingOverview};

#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.reporting();
    let t = locale.texts();
    view! {
        <Title text=tr.import_title/>
        <div class="page-head"><h1>{tr.import_title}</h1></div>
        <UploadPanel hint=tr.import_hint action="/projects/import/upload" file_label=tr.choose_file button=tr.upload>
            <label class="field">
                <span class="field-label">{tr.new_kind}</span>
                <select name="kind">
                    <option value="major" selected>{t.kind_major}</option>
                    <option value="information">{t.kind_information}</option>
                </select>
            </label>
        </UploadPanel>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.reporting();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let kind = move || query.with(|q| q.get("kind").unwrap_or_else(|| "major".into()));
    let preview = Resource::new(
        move || (token(), kind()),
        |(token, kind)| get_import_preview(token, kind),
    );
    let commit = ServerAction::<CommitImport>::new();
    let error = last_error(commit);
    let outcome = crate::outcome::use_import_outcome();
    view! {
        <Title text=tr.preview_title/>
        <div class="page-head">
            <h1>{tr.preview_title}</h1>
            <a class="button button-quiet" href="/projects/import">{tr.upload_again}</a>
        </div>
        <FormMessage error/>
        {move || outcome.get().map(|o| view! {
            <ImportDone outcome=o locale list_href="/projects" list_label=locale.texts().nav_projects/>
        })}
        <Show when=move || outcome.get().is_none()>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    loaded(preview.await, |p| {
                        let can_commit = p.can_commit();
                        view! {
                            <PreviewView preview=p locale name_heading=tr.col_project/>
                            {can_commit.then(|| view! {
                                <ActionForm action=commit attr:class="confirm-import">
                                    <input type="hidden" name="token" value=token()/>
                                    <input type="hidden" name="kind" value=kind()/>
                                    <p class="muted">{tr.nothing_written}</p>
                                    <button type="submit" class="button" disabled=move || commit.pending().get()>
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

#[component]
pub fn ReportingPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.reporting();
    let query = use_query_map();
    let lock = ServerAction::<LockPeriod>::new();
    let lock_error = last_error(lock);
    let overview = Resource::new(|| (), |_| get_reporting_overview());
    let compare = move || query.with(|q| q.get("compare")).filter(|c| !c.is_empty());
    let filter =
        move || query.with(|q| crate::model::query::parse::<ProjectFilter>(&q.to_query_string()));
    let comparison = Resource::new(
        move || (compare(), filter()),
        |(period, filter)| async move {
            match period {
                Some(period) => Some(get_baseline_comparison(period, filter).await),
                None => None,
            }
        },
    );
    let session = use_session();
    view! {
        <Title text=tr.reporting_title/>
        <div class="page-head"><h1>{tr.reporting_title}</h1></div>
        <section class="panel">
            <h2>{tr.periods}</h2>
            <p class="muted">{tr.lock_hint}</p>
            <FormMessage error=lock_error/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    loaded(overview.await, |o| {
                        let suggested = o.suggested_period.clone();
                        view! {
                        {can_edit.then(|| view! {
                            <ActionForm action=lock attr:class="filter-bar lock-form">
                                <label class="filter"><span>{tr.period}</span>
                                    <input type="month" name="period" value=suggested required/>
                                </label>
                                <button type="submit" class="button">{tr.lock}</button>
                            </ActionForm>
                        })}
                        <PeriodsAndBatches overview=o locale/>
                    }.into_any()})
                })}
            </Transition>
        </section>
        // The month's signed 上报 package, for the planners who report upward.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let can_edit = session_can(session, Permission::EditContent).await;
                let month = overview.await.ok().map(|o| o.suggested_period);
                can_edit.then(|| view! {
                    <crate::components::package::PackagePanel locale export_month=month.unwrap_or_default()/>
                })
            })}
        </Suspense>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                comparison.await.map(|result| loaded(result, |c| view! { <Comparison comparison=c locale/> }.into_any()))
            })}
        </Transition>
    }
}

#[component]
fn PeriodsAndBatches(overview: ReportingOverview, locale: Locale) -> impl IntoView {
    let tr = locale.reporting();
    let periods = if overview.periods.is_empty() {
        view! { <p class="empty">{tr.no_periods}</p> }.into_any()
    } else {
        view! {
            <table class="data-table period-table">
                <thead><tr>
                    <th scope="col">{tr.period}</th>
                    <th scope="col">{tr.locked_at}</th>
                    <th scope="col">{tr.locked_by}</th>
                    <th scope="col" class="num">{tr.projects}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    {overview.periods.into_iter().map(|p| view! {
                        <tr data-period=p.period.code()>
                            <td>{locale.period(p.period)}</td>
                            <td>{locale.datetime(p.locked_at)}</td>
                            <td>{p.locked_by}</td>
                            <td class="num">{p.project_count}</td>
                            <td class="actions">
                                {tr.export_baseline}" "
                                <a rel="external" href=format!("/projects/export?period={}&format=xlsx", p.period.code())>"XLSX"</a>
                                " / "
                                <a rel="external" href=format!("/projects/export?period={}&format=csv", p.period.code())>"CSV"</a>
                                " · "
                                <a href=format!("/projects/reporting?compare={}", p.period.code())>{tr.compare}</a>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let batches = if overview.batches.is_empty() {
        view! { <p class="empty">{tr.no_batches}</p> }.into_any()
    } else {
        view! {
            <table class="data-table batch-table">
                <thead><tr>
                    <th scope="col">{tr.reported_on}</th>
                    <th scope="col">{tr.batch_col}</th>
                    <th scope="col">{tr.period}</th>
                    <th scope="col">{tr.format}</th>
                    <th scope="col" class="num">{tr.projects}</th>
                    <th scope="col" class="num">{tr.total_col}</th>
                    <th scope="col">{tr.reported_by}</th>
                </tr></thead>
                <tbody>
                    {overview.batches.into_iter().map(|b| view! {
                        <tr>
                            <td>{locale.date(b.reported_on)}</td>
                            <td class="batch-name">{b.batch}</td>
                            <td>{b.period.map(|p| locale.period(p)).unwrap_or_default()}</td>
                            <td>{b.file_format}</td>
                            <td class="num">{b.project_count}</td>
                            <td class="num money">{b.total_investment.to_string()}</td>
                            <td>{b.username}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        {periods}
        <h2>{tr.batches}</h2>
        {batches}
    }
}

/// One figure of a baseline comparison.
type Measure = fn(&DriftFigures) -> Wan;

#[component]
fn Comparison(comparison: BaselineComparison, locale: Locale) -> impl IntoView {
    let tr = locale.reporting();
    let money = |w: Option<Wan>| w.map(|w| w.to_string()).unwrap_or_else(|| "—".into());
    let delta = |b: Option<Wan>, c: Option<Wan>| match (b, c) {
        (Some(b), Some(c)) if b != c => {
            let d = c.hundredths() - b.hundredths();
            let sign = if d > 0 { "+" } else { "−" };
            format!("{sign}{}", Wan(d.abs()))
        }
        _ => String::new(),
    };
    let pick = |f: Option<DriftFigures>, which: Measure| f.as_ref().map(which);
    let measures: [(&'static str, Measure); 4] = [
        (tr.total, |f| f.total),
        (tr.planned, |f| f.planned_this_year),
        (tr.completed, |f| f.completed_this_year),
        (tr.cumulative, |f| f.completed_to_date),
    ];
    view! {
        <section class="panel comparison" data-period=comparison.period.map(|p| p.code()).unwrap_or_default()>
            <h2>{tr.compare_title}" · "{comparison.period.map(|p| locale.period(p)).unwrap_or_default()}</h2>
            <p class="muted">{tr.unchanged}" "{comparison.unchanged}</p>
            {if comparison.rows.is_empty() {
                view! { <p class="empty">{tr.no_drift}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table drift-table">
                            <thead>
                                <tr>
                                    <th scope="col" rowspan="2">{tr.col_project}</th>
                                    {measures.iter().map(|(label, _)| view! { <th scope="colgroup" colspan="3">{*label}</th> }).collect_view()}
                                </tr>
                                <tr>
                                    {measures.iter().map(|_| view! {
                                        <th scope="col" class="num">{tr.baseline}</th>
                                        <th scope="col" class="num">{tr.current}</th>
                                        <th scope="col" class="num">{tr.drift}</th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {comparison.rows.into_iter().map(|r| {
                                    let note = match (r.baseline.is_some(), r.current.is_some()) {
                                        (false, _) => Some(tr.added),
                                        (_, false) => Some(tr.removed),
                                        _ => None,
                                    };
                                    view! {
                                        <tr data-id=r.project_id>
                                            <td class="title">
                                                <a href=format!("/projects/{}", r.project_id)>{r.name}</a>
                                                <span class="muted">" "{r.unit}</span>
                                                {note.map(|n| view! { <span class="tag">{n}</span> })}
                                            </td>
                                            {measures.iter().map(|(_, which)| {
                                                let (b, c) = (pick(r.baseline, *which), pick(r.current, *which));
                                                view! {
                                                    <td class="num money">{money(b)}</td>
                                                    <td class="num money">{money(c)}</td>
                                                    <td class="num money drift">{delta(b, c)}</td>
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}
