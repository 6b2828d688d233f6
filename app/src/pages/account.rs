//! 账号: the signed-in person changes their own password.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::ChangePassword;
use crate::components::forms::{last_error, FormMessage, TextField};
use crate::components::layout::use_session;
use crate::i18n::use_locale;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let session = use_session();
    let action = ServerAction::<ChangePassword>::new();
    let error = last_error(action);
    let ts = locale.security();
    // The server sends people here when their password must be changed first.
    let query = leptos_router::hooks::use_query_map();
    let required = query
        .with_untracked(|q| q.get("change"))
        .and_then(|why| match why.as_str() {
            "initial" => Some(ts.change_initial),
            "expired" => Some(ts.change_expired),
            _ => None,
        });
    let changed = query.with_untracked(|q| q.get("changed")).is_some();
    view! {
        <Title text=te.account/>
        <div class="page-head"><h1>{te.account}</h1></div>
        {required.map(|text| view! { <p class="notice change-required" role="alert">{text}</p> })}
        {changed.then(|| view! { <p class="notice password-changed" role="status">{te.password_changed}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                session.await.ok().and_then(|s| s.user).map(|u| view! {
                    <p class="account-who">{u.label().to_string()}" · "{u.username.clone()}" · "{locale.role(u.role)}</p>
                })
            })}
        </Suspense>
        <section class="panel form-panel">
            <h2>{te.change_password}</h2>
            <p class="muted">{ts.password_rules}</p>
            <FormMessage error/>
            <ActionForm action attr:data-saved=te.password_changed>
                <TextField label=te.current_password name="current" field="current" kind="password" required=true error/>
                <TextField label=te.new_password name="new" field="new" kind="password" required=true error/>
                <TextField label=te.confirm_password name="confirm" field="confirm" kind="password" required=true error/>
                <button type="submit" class="button">{te.change_password}</button>
            </ActionForm>
        </section>
    }
}
