//! 登录: a plain HTML form that posts to `/login` (an HTTP route, not a server function), so it
//! works before the wasm loads and from scripts. The route answers with a redirect.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_locale;

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_else(|| "/".into());
    let message = move || {
        query.with(|q| match q.get("error").as_deref() {
            Some("invalid") => Some(("error", te.err_invalid.to_string())),
            Some("locked") => {
                let wait = q.get("wait").and_then(|w| w.parse().ok()).unwrap_or(60);
                Some(("error", locale.sign_in_wait(wait)))
            }
            Some("unavailable") => Some(("error", te.err_unavailable.to_string())),
            Some("signed_out") => Some(("note", te.signed_out.to_string())),
            _ => None,
        })
    };
    view! {
        <Title text=te.sign_in/>
        <section class="login-panel">
            <h1>{te.sign_in_title}</h1>
            <p class="muted">{te.sign_in_hint}</p>
            {move || message().map(|(kind, text)| view! {
                <p class=format!("login-message login-{kind}") role="alert">{text}</p>
            })}
            // A plain form to a route, not a server function: a real POST and redirect.
            <form method="post" action="/login" class="login-form">
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span class="field-label">{te.username}</span>
                    <input type="text" name="username" autocomplete="username" required autofocus/>
                </label>
                <label class="field">
                    <span class="field-label">{te.password}</span>
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <button type="submit" class="button">{te.sign_in}</button>
            </form>
        </section>
    }
}
