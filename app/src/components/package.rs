//! This county's 上报 package: its key and 行政区划代码 for registration upstream (the admin page,
//! where the code and the push settings are set) and the month's signed package (the reporting
//! page), exported as a file or pushed upstream over HTTPS.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::region::{get_package_identity, PushPackage, SetPushTarget, SetRegionCode};
use crate::components::forms::{last_error, FormMessage, TextField};
use crate::components::widgets::loaded;
use crate::i18n::Locale;

/// The package panel: the identity, then the export form (`export_month`: the month offered)
/// or, for admins, the form that sets the code.
#[component]
pub fn PackagePanel(
    locale: Locale,
    #[prop(optional)] export_month: Option<String>,
    #[prop(optional)] can_set_code: bool,
) -> impl IntoView {
    let t = locale.region();
    let set_code = ServerAction::<SetRegionCode>::new();
    let set_push = ServerAction::<SetPushTarget>::new();
    let push = ServerAction::<PushPackage>::new();
    let error = last_error(set_code);
    let push_settings_error = last_error(set_push);
    let identity = Resource::new(
        move || (set_code.version().get(), set_push.version().get()),
        |_| get_package_identity(),
    );
    let export_month = StoredValue::new(export_month);
    view! {
        <section class="panel package-panel" data-panel="package">
            <h2>{t.package_title}</h2>
            <p class="muted">{t.package_intro}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    loaded(identity.await, move |id| {
                        let push_url = id.push_url.clone().unwrap_or_default();
                        let pushes = id.push_url.is_some();
                        view! {
                        <dl class="facts fact-grid package-facts">
                            <dt>{t.region_code}</dt>
                            <dd data-field="region-code">{id.region_code.clone().unwrap_or_else(|| t.code_not_set.to_string())}</dd>
                            <dt>{t.public_key}</dt>
                            <dd><code data-field="public-key">{id.public_key.clone()}</code></dd>
                            <dt>{t.fingerprint}</dt>
                            <dd><code>{id.fingerprint.clone()}</code></dd>
                            <dt>{t.push_url}</dt>
                            <dd data-field="push-url">{id.push_url.clone().unwrap_or_else(|| t.push_not_set.to_string())}</dd>
                        </dl>
                        {can_set_code.then(|| view! {
                            <FormMessage error=push_settings_error/>
                            <ActionForm action=set_push attr:class="stacked-form push-settings">
                                <p class="muted">{t.push_hint}</p>
                                <TextField label=t.push_url name="url" field="url" value=push_url error=push_settings_error/>
                                <TextField label=t.push_token name="token" field="token" kind="password" error=push_settings_error/>
                                <div><button type="submit" class="button" data-action="save-push-target">{t.save_push}</button></div>
                            </ActionForm>
                        })}
                        {export_month.get_value().filter(|_| pushes).map(|month| view! {
                            <PushForm push month locale/>
                        })}
                    }.into_any()})
                })}
            </Transition>
            {can_set_code.then(|| view! {
                <FormMessage error/>
                <ActionForm action=set_code attr:class="inline-add">
                    <TextField label=t.set_code name="code" field="code" required=true error/>
                    <button type="submit" class="button" data-action="set-region-code">{t.save_code}</button>
                </ActionForm>
            })}
            {export_month.get_value().map(|month| view! {
                <form method="get" action="/package/export" class="filter-bar">
                    <label class="filter"><span>{locale.region().period}</span>
                        <input type="month" name="period" value=month required/>
                    </label>
                    <label class="checkbox"><input type="checkbox" name="evidence" value="true"/>{t.with_evidence}</label>
                    <button type="submit" class="button" data-action="export-package">{t.package_button}</button>
                </form>
                <p><a href="/region">{t.region_link}</a></p>
            })}
        </section>
    }
}

/// Pushes the month's package upstream; the page it comes back to says what upstream said.
#[component]
fn PushForm(push: ServerAction<PushPackage>, month: String, locale: Locale) -> impl IntoView {
    let t = locale.region();
    let error = last_error(push);
    let pushed = crate::outcome::use_pushed();
    view! {
        {move || pushed.get().map(|said| view! { <p class="notice ok" role="status" data-notice="pushed">{said}</p> })}
        <FormMessage error/>
        <ActionForm action=push attr:class="filter-bar push-form">
            <input type="hidden" name="locale" value=format!("{locale:?}")/>
            <label class="filter"><span>{t.period}</span>
                <input type="month" name="period" value=month required/>
            </label>
            <label class="checkbox"><input type="checkbox" name="evidence" value="true"/>{t.with_evidence}</label>
            <button type="submit" class="button" data-action="push-package">{t.push_button}</button>
        </ActionForm>
    }
}
