//! Roadmap's application crate: pages and components (rendered on the server), server
//! functions, the pure domain rules, and the small browser bundle (`browser`, behind `hydrate`).
//! Server-only parts sit behind `ssr`.

pub mod api;
#[cfg(feature = "hydrate")]
pub mod browser;
pub mod components;
pub mod cookies;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod outcome;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod background;
#[cfg(feature = "ssr")]
pub mod backup;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod edit;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod region;
#[cfg(feature = "ssr")]
pub mod reporting;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod work_report;

use leptos::prelude::*;

/// Whether the server function `name` needs one of the administrators' duties: its calls are
/// admin actions in the security audit log.
#[cfg(feature = "ssr")]
pub fn is_admin_call(name: &str) -> bool {
    api::mutating_endpoints().any(|(endpoint, permission)| {
        endpoint == name && domain::access::ADMIN_DUTIES.contains(&permission)
    })
}

/// Whether a call to `path` is a server function that only reads (they are called with POST
/// too). The HTTP gate marks every other successful write of a signed-in person as seen, so that
/// their next dashboard includes it (see [`cache`]).
#[cfg(feature = "ssr")]
pub fn is_read_only_call(path: &str) -> bool {
    path.strip_prefix("/api/")
        .is_some_and(|name| api::read_endpoints().any(|read| read == name))
}
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::Layout;
use i18n::Locale;
use pages::{
    account::AccountPage,
    activities::ActivitiesPage,
    activity_import::{ActivityImportPage, ActivityImportPreviewPage},
    admin::AdminPage,
    admin_channels::AdminChannelsPage,
    admin_reference::AdminReferencePage,
    admin_security::AdminSecurityPage,
    admin_users::AdminUsersPage,
    baselines::BaselinesPage,
    bulk_edit::BulkEditPage,
    indicators::IndicatorsPage,
    login::LoginPage,
    milestone::MilestonePage,
    milestone_form::{EditMilestonePage, NewMilestonePage},
    milestone_import::{MilestoneImportPage, MilestoneImportPreviewPage},
    milestones::MilestonesPage,
    my_reporting::MyReportingPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    overview::OverviewPage,
    problems::ProblemsPage,
    project::ProjectPage,
    project_form::{EditProjectPage, NewProjectPage},
    projects::ProjectsPage,
    region::{RegionCountyPage, RegionPage},
    reporting::{ImportPage, ImportPreviewPage, ReportingPage},
    rounds::{RoundPage, RoundsPage, SubmissionPage},
    search::SearchPage,
    work_report::WorkReportPage,
};

/// Where the shell links the stylesheet; the server provides its versioned name.
#[derive(Clone, Debug)]
pub struct StylesheetHref(pub String);

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy();
    let locale = request_locale();
    let stylesheet =
        use_context::<StylesheetHref>().map_or_else(|| "/pkg/roadmap.css".to_string(), |s| s.0);
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" id="leptos" href=stylesheet/>
                // Islands mode with no islands: the pages are rendered on the server only and
                // carry no hydration data; the bundle only enhances their forms (`browser`).
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of every response: scripts only from this site and, on a page,
/// the inline scripts carrying this response's `nonce` (the hydration loader, streamed parts);
/// WebAssembly compiled from the site's own bundle; nothing framed, embedded or posted elsewhere.
/// Styles may be inline (the charts' SVG carries style attributes).
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let page_scripts = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{page_scripts} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// A page's policy names the nonce leptos put on its inline scripts, generated per response.
#[cfg(feature = "ssr")]
fn send_content_security_policy() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let nonce = leptos::nonce::use_nonce();
        let policy = content_security_policy(nonce.as_deref());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The language of this request: the cookie on the server, `<html lang>` in the browser,
/// so that the bundle words its messages like the page around them.
pub(crate) fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| cookies::locale(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .map(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = request_locale();
    provide_context(locale);
    let t = locale.texts();

    // Pages are rendered whole on the server (`SsrMode::Async`): they arrive complete and
    // readable before the wasm loads, and without JavaScript at all.
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { t.app_subtitle.to_string() } else { format!("{page} · {}", t.app_name) }
        }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones") view=MilestonesPage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/new") view=NewMilestonePage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/import") view=MilestoneImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/bulk") view=BulkEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/import/:token") view=MilestoneImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/:id") view=MilestonePage ssr=SsrMode::Async/>
                    <Route path=path!("/milestones/:id/edit") view=EditMilestonePage ssr=SsrMode::Async/>
                    <Route path=path!("/problems") view=ProblemsPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects") view=ProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/new") view=NewProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/import/:token") view=ImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/reporting") view=ReportingPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/:id") view=ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/:id/edit") view=EditProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id") view=RoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id/units/:unit") view=SubmissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-reporting") view=MyReportingPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities") view=ActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/import") view=ActivityImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/import/:token") view=ActivityImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/indicators") view=IndicatorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/report") view=WorkReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/baselines") view=BaselinesPage ssr=SsrMode::Async/>
                    <Route path=path!("/region") view=RegionPage ssr=SsrMode::Async/>
                    <Route path=path!("/region/:code") view=RegionCountyPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reference") view=AdminReferencePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/channels") view=AdminChannelsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/security") view=AdminSecurityPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Entry point of the wasm bundle: enhances the server-rendered page (see [`browser`]).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    browser::enhance();
}
