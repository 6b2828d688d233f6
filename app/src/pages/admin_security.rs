//! 管理 › 安全与备份: scheduled backups and how the last ones went (the system administrator's);
//! the separation of duties, password policy and signed-in sessions, any of which may be ended
//! (the security administrator's); and the security audit log with its integrity check and CSV
//! export (the audit administrator's). The server checks each part; this page shows what it is
//! given.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use crate::api::system::{
    get_security_log, get_system_status, verify_security_log, EndSession, SetPasswordMaxAge,
    SetSeparateDuties,
};
use crate::components::forms::{last_error, FormMessage, TextField};
use crate::components::layout::{page_filter, session_can, use_session, AdminTabs};
use crate::components::paging::{
    choice_filter, date_range_fields, filter_actions, list_heading, list_pager,
};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::i18n::security::ChainSay;
use crate::i18n::{use_locale, Locale};
use crate::model::{
    audit_action, BackupRun, BackupsStatus, ChainState, SecurityLogFilter, SecurityLogPage,
    SecuritySort, SecurityStatus, SessionRow,
};

#[component]
pub fn AdminSecurityPage() -> impl IntoView {
    let locale = use_locale();
    let ts = locale.security();
    let te = locale.edit();
    let filter = page_filter::<SecurityLogFilter>();
    let status = Resource::new(|| (), |_| get_system_status());
    let session = use_session();
    // Only the audit duty reads the log; others are not sent asking for it.
    let log = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        move |filter| async move {
            match session_can(session, Permission::Audit).await {
                true => get_security_log(filter).await.map(Some),
                false => Ok(None),
            }
        },
    );
    let verify = filter.verify == Some(true);
    let chain = Resource::new(
        move || verify,
        |verify| async move {
            match verify {
                true => verify_security_log().await.map(Some),
                false => Ok(None),
            }
        },
    );
    let end = ServerAction::<EndSession>::new();
    let end_error = last_error(end);
    let max_age = ServerAction::<SetPasswordMaxAge>::new();
    let max_age_error = last_error(max_age);
    let duties = ServerAction::<SetSeparateDuties>::new();
    let duties_error = last_error(duties);
    let table_filter = filter.clone();
    // The export takes the filter's records, whichever page and order this view shows.
    let export_href = format!(
        "/admin/security/export?{}",
        crate::model::query::to_query(&SecurityLogFilter {
            sort: None,
            desc: false,
            page: None,
            verify: None,
            ..filter.clone()
        })
    );

    view! {
        <Title text=ts.title/>
        <div class="page-head"><h1>{te.admin}</h1></div>
        <AdminTabs current="/admin/security" locale/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(status.await, |s| view! {
                    {s.backups.map(|backups| view! { <BackupsPanel backups locale/> })}
                    {s.security.map(|security| view! {
                        <DutiesPanel separate=security.separate_duties action=duties error=duties_error locale/>
                        <PasswordPanel days=security.password_max_age_days action=max_age error=max_age_error locale/>
                        <SessionsPanel status=security end end_error=end_error locale/>
                    })}
                }.into_any())
            })}
        </Transition>
        <Transition fallback=Loading>
            {move || {
                let filter = table_filter.clone();
                let export_href = export_href.clone();
                Suspend::new(async move {
                    loaded(log.await, |page| match page {
                        Some(page) => log_panel(page, filter, &export_href, chain, locale).into_any(),
                        None => ().into_any(),
                    })
                })
            }}
        </Transition>
    }
}

#[component]
fn BackupsPanel(backups: BackupsStatus, locale: Locale) -> impl IntoView {
    let ts = locale.security();
    let schedule = match &backups.schedule {
        Some(s) => locale.backup_every(s.every_seconds, s.keep, &s.dir),
        None => ts.backups_off.to_string(),
    };
    let runs = backups.runs;
    view! {
        <section class="panel section-gap" id="backups">
            <h2>{ts.backups}</h2>
            <p class="muted" data-schedule="">{schedule}</p>
            {if runs.is_empty() {
                view! { <p class="empty">{ts.no_backups}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table backup-table">
                            <thead><tr>
                                <th scope="col">{ts.backup_started}</th>
                                <th scope="col">{ts.backup_server}</th>
                                <th scope="col">{ts.backup_result}</th>
                            </tr></thead>
                            <tbody>
                                {runs.into_iter().map(|run| backup_row(run, locale)).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn backup_row(run: BackupRun, locale: Locale) -> impl IntoView {
    let ts = locale.security();
    let (class, result) = match (&run.file, &run.error, run.finished_at) {
        (Some(file), _, _) => (
            "backup-ok",
            format!("{file}（{}）", locale.megabytes(run.bytes.unwrap_or(0))),
        ),
        (None, Some(error), _) => ("backup-failed", error.clone()),
        (None, None, _) => ("backup-running", ts.backup_running.to_string()),
    };
    view! {
        <tr class=class>
            <td class="nowrap">{locale.datetime(run.started_at)}</td>
            <td>{run.server}</td>
            <td>{result}</td>
        </tr>
    }
}

/// 三员分立: whether the admin's duties are split among three accounts.
#[component]
fn DutiesPanel(
    separate: bool,
    action: ServerAction<SetSeparateDuties>,
    error: crate::components::forms::FormError,
    locale: Locale,
) -> impl IntoView {
    let ts = locale.security();
    view! {
        <section class="panel section-gap" id="duties">
            <h2>{ts.duties}</h2>
            <FormMessage error/>
            <ActionForm action attr:class="inline-add">
                <label class="checkbox">
                    <input type="checkbox" name="separate" value="yes" checked=separate/>
                    {ts.duties_separate}
                </label>
                <button type="submit" class="button button-quiet">{locale.edit().save}</button>
            </ActionForm>
            <p class="muted">{ts.duties_hint}</p>
        </section>
    }
}

#[component]
fn PasswordPanel(
    days: i64,
    action: ServerAction<SetPasswordMaxAge>,
    error: crate::components::forms::FormError,
    locale: Locale,
) -> impl IntoView {
    let ts = locale.security();
    view! {
        <section class="panel section-gap" id="password-policy">
            <h2>{ts.password_policy}</h2>
            <p class="muted">{ts.password_rules}</p>
            <FormMessage error/>
            <ActionForm action attr:class="inline-add">
                <TextField label=ts.max_age_days name="days" field="days" kind="number" value=days.to_string() required=true error/>
                <button type="submit" class="button button-quiet">{locale.edit().save}</button>
            </ActionForm>
            <p class="muted">{ts.max_age_hint}</p>
        </section>
    }
}

#[component]
fn SessionsPanel(
    status: SecurityStatus,
    end: ServerAction<EndSession>,
    end_error: crate::components::forms::FormError,
    locale: Locale,
) -> impl IntoView {
    let ts = locale.security();
    let shown = status.sessions.len() as i64;
    let more = (status.sessions_total > shown).then(|| {
        view! { <p class="muted">{ts.sessions_more}" ("{shown}" / "{status.sessions_total}")"</p> }
    });
    view! {
        <section class="panel section-gap" id="sessions">
            <h2>{ts.sessions}</h2>
            <FormMessage error=end_error/>
            <div class="table-scroll">
                <table class="data-table session-table">
                    <thead><tr>
                        <th scope="col">{ts.session_user}</th>
                        <th scope="col">{ts.session_role}</th>
                        <th scope="col">{ts.session_since}</th>
                        <th scope="col">{ts.session_last_seen}</th>
                        <th scope="col">{ts.session_address}</th>
                        <th scope="col">{ts.session_end}</th>
                    </tr></thead>
                    <tbody>
                        {status.sessions.into_iter().map(|s| session_row(s, end, locale)).collect_view()}
                    </tbody>
                </table>
            </div>
            {more}
        </section>
    }
}

fn session_row(s: SessionRow, end: ServerAction<EndSession>, locale: Locale) -> impl IntoView {
    let ts = locale.security();
    let this_browser = s.current.then_some(ts.session_this_browser);
    let username = s.username.clone();
    view! {
        <tr data-session-user=username>
            <td>{s.display_name}" "<span class="muted">{s.username}</span>" "{this_browser}</td>
            <td>{locale.role(s.role)}</td>
            <td class="nowrap">{locale.datetime(s.created_at)}</td>
            <td class="nowrap">{locale.datetime(s.last_seen_at)}</td>
            <td>{s.address}</td>
            <td>
                <ActionForm action=end attr:class="inline-form">
                    <input type="hidden" name="handle" value=s.handle/>
                    <button type="submit" class="button button-quiet">{ts.session_end}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The security audit log: its check, its filter, this page of records and the export.
fn log_panel(
    page: SecurityLogPage,
    filter: SecurityLogFilter,
    export_href: &str,
    chain: Resource<Result<Option<ChainState>, crate::error::AppError>>,
    locale: Locale,
) -> impl IntoView {
    let ts = locale.security();
    let table = log_table(page, &filter, locale);
    let actions = audit_action::ALL
        .iter()
        .map(|a| (a.to_string(), locale.audit_action(a).to_string()))
        .collect();
    view! {
    <section class="panel" id="security-log">
        <h2>{ts.log}</h2>
        <p class="muted">{ts.log_hint}</p>
        <div class="inline-add">
            <a class="button button-quiet" href="/admin/security?verify=true#security-log">{ts.log_verify}</a>
            <a class="button button-quiet" href=export_href.to_string() rel="external" download="">{ts.log_export}</a>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                chain.await.ok().flatten().map(|state| {
                    let (state, say) = match state {
                        ChainState::Intact(n) => ("intact", ChainSay::Intact(n)),
                        ChainState::BrokenAt(id) => ("broken", ChainSay::BrokenAt(id)),
                    };
                    view! { <p class="notice chain-notice" role="status" data-chain=state>{locale.chain_say(&say)}</p> }
                })
            })}
        </Suspense>
        <Form method="GET" action="/admin/security" attr:class="filter-bar">
            <label class="filter"><span>{ts.log_user}</span>
                <input type="text" name="user" value=filter.user.clone().unwrap_or_default()/>
            </label>
            {choice_filter(ts.log_action, "action", actions, filter.action.as_deref(), locale)}
            {date_range_fields(filter.from, filter.to, locale)}
            {filter_actions(&filter, locale)}
        </Form>
        {table}
    </section>
    }
}

fn log_table(page: SecurityLogPage, filter: &SecurityLogFilter, locale: Locale) -> AnyView {
    let ts = locale.security();
    let SecurityLogPage { entries, page } = page;
    if entries.is_empty() {
        return view! { <p class="empty">{ts.log_empty}</p> }.into_any();
    }
    let shown = entries.len();
    let heading = |label, key| list_heading(label, key, filter, locale);
    view! {
        <p class="result-count" data-count=page.total>{locale.count_items(page.total as usize)}</p>
        <div class="table-scroll">
            <table class="data-table security-log-table">
                <thead><tr>
                    {heading(ts.log_time, SecuritySort::Time)}
                    {heading(ts.log_user, SecuritySort::User)}
                    {heading(ts.log_action, SecuritySort::Action)}
                    <th scope="col">{ts.log_target}</th>
                    <th scope="col">{ts.log_outcome}</th>
                    {heading(ts.log_address, SecuritySort::Address)}
                    <th scope="col">{ts.log_detail}</th>
                </tr></thead>
                <tbody>
                    {entries.into_iter().map(|e| {
                        let user = if e.username.is_empty() { ts.anonymous.to_string() } else { e.username };
                        view! {
                            <tr data-action=e.action.clone() data-outcome=e.outcome.clone()>
                                <td class="nowrap">{locale.datetime(e.at)}</td>
                                <td>{user}</td>
                                <td>{locale.audit_action(&e.action)}</td>
                                <td class="log-target">{e.target}</td>
                                <td>{locale.audit_outcome(&e.outcome)}</td>
                                <td>{e.address}</td>
                                <td>{e.detail}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {list_pager(page, shown, filter, locale)}
    }
    .into_any()
}
