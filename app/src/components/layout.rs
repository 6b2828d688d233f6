//! Page frame: header with navigation, the sample-data notice, the language switch.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::{get_reference_data, get_session};
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::{admin_tabs, ReferenceData, SessionInfo};

/// Phases, pillars, domains and units, loaded once per page by the layout.
pub type ReferenceResource = Resource<Result<ReferenceData, AppError>>;

/// The page's filter, read from its URL once, as a plain value. Pages are rendered whole on the
/// server and a link or form loads a new page, so the query never changes under a page; and a
/// value read after an `.await` from a reactive `Memo` panics when the browser has gone away in
/// the meantime (the request's reactive owner is disposed while its suspended parts finish).
pub fn page_filter<T: serde::de::DeserializeOwned + Default>() -> T {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| crate::model::query::parse(&q.to_query_string()))
}

/// The layout's reference data; pages use it instead of asking the server again.
pub fn use_reference_data() -> ReferenceResource {
    use_context::<ReferenceResource>()
        .unwrap_or_else(|| Resource::new(|| (), |_| get_reference_data()))
}

/// Who is signed in, loaded once per page by the layout.
pub type SessionResource = Resource<Result<SessionInfo, AppError>>;

/// The layout's session; pages use it to decide which controls to show (the server decides
/// what is allowed).
pub fn use_session() -> SessionResource {
    use_context::<SessionResource>().unwrap_or_else(|| Resource::new(|| (), |_| get_session()))
}

/// `Ok` when the signed-in person may do `permission`, else the refusal the page shows: the
/// permission gate of every form page, chained with its loads into one `loaded(…)`.
pub async fn permitted(
    session: SessionResource,
    permission: crate::domain::access::Permission,
) -> Result<(), crate::error::AppError> {
    if session_can(session, permission).await {
        Ok(())
    } else {
        Err(crate::error::AppError::Forbidden)
    }
}

/// Whether the signed-in person may do `permission` (false while signed out or on error).
pub async fn session_can(
    session: SessionResource,
    permission: crate::domain::access::Permission,
) -> bool {
    session.await.map(|s| s.can(permission)).unwrap_or(false)
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let te = locale.edit();
    let reference: ReferenceResource = Resource::new(|| (), |_| get_reference_data());
    provide_context(reference);
    let session: SessionResource = Resource::new(|| (), |_| get_session());
    provide_context(session);
    let location = use_location();
    let on_login_page = move || location.pathname.get() == "/login";
    // Pages are rendered on the server only: the path does not change under a rendered page.
    let path = location.pathname.get_untracked();
    let on_milestones = path.starts_with("/milestones");
    let on_region = path.starts_with("/region");
    // The language switch is a plain link to a server route that sets a cookie and comes back here.
    let switch_href = move || {
        let other = if locale == Locale::Zh {
            Locale::En
        } else {
            Locale::Zh
        };
        let search = location.search.get();
        let back = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!("/lang/{}?back={}", other.tag(), urlencode(&back))
    };

    let l = locale.layout();
    view! {
        <a class="skip-link" href="#main">{l.skip_to_content}</a>
        <header class="site-header">
            <div class="brand">
                <a href="/" class="brand-name">{t.app_name}</a>
                <span class="brand-sub">
                    <Suspense fallback=move || t.app_subtitle>
                        {move || Suspend::new(async move {
                            match reference.await {
                                Ok(r) => r.roadmap.map(|r| r.name).unwrap_or_else(|| t.app_subtitle.to_string()),
                                Err(_) => t.app_subtitle.to_string(),
                            }
                        })}
                    </Suspense>
                </span>
            </div>
            <nav class="site-nav" aria-label=t.app_name>
                <Show when=move || !on_login_page()>
                    <A href="/" exact=true>{t.nav_overview}</A>
                    // The person's default view, once the session says which (see `edit::views`).
                    // Plain links, like 区域汇总's below: the router's <A> reads the router's
                    // context, which a suspended view finished after its request was dropped no
                    // longer has (a panic under load).
                    <Suspense fallback=move || view! {
                        <a href="/milestones" aria-current=on_milestones.then_some("page")>{t.nav_milestones}</a>
                    }>
                        {move || Suspend::new(async move {
                            let href = session.await.ok().and_then(|s| s.milestones_href);
                            let href = href.unwrap_or_else(|| "/milestones".to_string());
                            view! { <a href=href aria-current=on_milestones.then_some("page")>{t.nav_milestones}</a> }
                        })}
                    </Suspense>
                    <A href="/projects">{t.nav_projects}</A>
                    <A href="/problems">{locale.problem_list().nav}</A>
                    <A href="/rounds">{locale.rounds().nav_rounds}</A>
                    <A href="/activities">{locale.activities().nav}</A>
                    <A href="/indicators">{locale.indicators().nav}</A>
                    <A href="/report">{locale.report().nav}</A>
                    // Only where counties report to this instance (a city or province).
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            session.await.ok().filter(|s| s.region).map(|_| view! {
                                <a href="/region" aria-current=on_region.then_some("page")>{locale.region().nav}</a>
                            })
                        })}
                    </Suspense>
                    // A phone's header has no room for the search box: its page is one tap away.
                    <A href="/search" attr:class="nav-search">{l.nav_search}</A>
                </Show>
            </nav>
            <Show when=move || !on_login_page()>
                <form method="get" action="/search" class="site-search" role="search">
                    <input type="search" name="q" placeholder=locale.search().placeholder
                        aria-label=locale.search().label maxlength=crate::domain::search::MAX_CHARS/>
                </form>
            </Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let session = session.await.ok();
                    let unread = session.as_ref().map(|s| s.unread).unwrap_or(0);
                    let user = session.and_then(|s| s.user);
                    let tr = locale.rounds();
                    match user {
                        Some(user) => view! {
                            <div class="user-menu">
                                {(user.role == crate::domain::model::Role::Liaison).then(|| view! {
                                    <a href="/my-reporting" class="user-link">{tr.nav_my_reporting}</a>
                                })}
                                // Named by what it shows ("通知 3 未读"), so a voice command
                                // that says what is on the screen finds it.
                                <a href="/notifications" class="user-link bell" data-unread=unread>
                                    {tr.nav_notifications}
                                    {(unread > 0).then(|| view! {
                                        " "<span class="bell-count">{unread}</span>
                                        <span class="sr-only">" "{tr.unread}</span>
                                    })}
                                </a>
                                {admin_tabs(&user).first().map(|(href, _)| view! {
                                    <a href=*href class="user-link">{te.admin}</a>
                                })}
                                <a href="/account" class="user-link user-name" title=locale.role(user.role)>
                                    {user.label().to_string()}
                                    <span class="user-role">{locale.role(user.role)}</span>
                                </a>
                                <form method="post" action="/logout" class="inline-form">
                                    <button type="submit" class="link-button">{te.sign_out}</button>
                                </form>
                            </div>
                        }.into_any(),
                        None if !on_login_page() => view! {
                            <a href="/login" rel="external" class="user-link">{te.sign_in}</a>
                        }.into_any(),
                        None => ().into_any(),
                    }
                })}
            </Suspense>
            <a class="lang-switch" rel="external" href=switch_href lang=l.other_language_tag>{t.switch_language}</a>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let sample = matches!(reference.await, Ok(r) if r.roadmap.as_ref().is_some_and(|r| r.is_sample));
                sample.then(|| view! {
                    <div class="sample-banner" role="note">
                        <span class="badge">{t.sample_badge}</span>
                        {t.sample_note}
                    </div>
                })
            })}
        </Suspense>
        <main class="content" id="main" tabindex="-1">{children()}</main>
    }
}

/// Whether this page is for a phone, by its browser's own word (`Mobile`, as Chrome, Safari and
/// the in-app browsers of 政务钉钉 / 企业微信 say on a phone). Pages are rendered on the server
/// only, so this is how a page arrives with its filters already folded away on a phone; the
/// layout itself follows the screen's width (the stylesheet), whatever the browser says.
pub fn request_is_phone() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                let agent = parts.headers.get(http::header::USER_AGENT)?;
                agent.to_str().ok().map(is_phone_user_agent)
            })
            .unwrap_or(false)
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// `Mobile` in a user agent means a phone (tablets leave it out: iPad, Android tablets).
pub fn is_phone_user_agent(agent: &str) -> bool {
    agent.contains("Mobile") || agent.contains("iPhone")
}

/// Percent-encodes a path for use as a query value.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones_are_told_apart_from_desks_and_tablets() {
        let dingtalk = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) \
            Version/4.0 Chrome/101.0.4951.61 Mobile Safari/537.36 AliApp(DingTalk/7.0.50) com.alibaba.android.rimet";
        let wecom = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.16 MicroMessenger/7.0.1 Language/zh";
        let desk =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/120.0.0.0 Safari/537.36";
        let ipad = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) \
            Version/17.1 Safari/605.1.15";
        assert!(super::is_phone_user_agent(dingtalk));
        assert!(super::is_phone_user_agent(wecom));
        assert!(!super::is_phone_user_agent(desk));
        assert!(!super::is_phone_user_agent(ipad));
    }

    #[test]
    fn urlencode_keeps_paths_readable() {
        assert_eq!(
            super::urlencode("/milestones?phase=1&status=red"),
            "/milestones%3Fphase%3D1%26status%3Dred"
        );
    }
}

/// The `:id` of the current route, if it is a number.
pub fn route_id() -> Memo<Option<i64>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|v| v.parse::<i64>().ok())
    })
}

/// The admin area's sections.
#[component]
pub fn AdminTabs(current: &'static str, locale: crate::i18n::Locale) -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = session.await.ok().and_then(|s| s.user);
                let tabs = user.as_ref().map(admin_tabs).unwrap_or_default();
                view! {
                    <nav class="status-links admin-tabs">
                        {tabs.into_iter().map(|(href, tab)| {
                            let class = if href == current { "status-link current" } else { "status-link" };
                            view! { <a href=href class=class>{locale.admin_tab(tab)}</a> }
                        }).collect_view()}
                    </nav>
                }
            })}
        </Suspense>
    }
}
