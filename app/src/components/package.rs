//! This county's 上报 package: its key and 行政区划代码 for registration upstream (the admin page,
//! where the code is set) and the month's signed package (the reporting page).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::region::{get_package_identity, SetRegionCode};
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
    let error = last_error(set_code);
    let identity = Resource::new(move || set_code.version().get(), |_| get_package_identity());
    view! {
        <section class="panel package-panel" data-panel="package">
            <h2>{t.package_title}</h2>
            <p class="muted">{t.package_intro}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    loaded(identity.await, |id| view! {
                        <dl class="facts fact-grid package-facts">
                            <dt>{t.region_code}</dt>
                            <dd data-field="region-code">{id.region_code.clone().unwrap_or_else(|| t.code_not_set.to_string())}</dd>
                            <dt>{t.public_key}</dt>
                            <dd><code data-field="public-key">{id.public_key.clone()}</code></dd>
                            <dt>{t.fingerprint}</dt>
                            <dd><code>{id.fingerprint.clone()}</code></dd>
                        </dl>
                    }.into_any())
                })}
            </Transition>
            {can_set_code.then(|| view! {
                <FormMessage error/>
                <ActionForm action=set_code attr:class="inline-add">
                    <TextField label=t.set_code name="code" field="code" required=true error/>
                    <button type="submit" class="button" data-action="set-region-code">{t.save_code}</button>
                </ActionForm>
            })}
            {export_month.map(|month| view! {
                <form method="get" action="/package/export" class="filter-bar">
                    <label class="filter"><span>{locale.region().period}</span>
                        <input type="month" name="period" value=month required/>
                    </label>
                    <button type="submit" class="button" data-action="export-package">{t.package_button}</button>
                </form>
                <p><a href="/region">{t.region_link}</a></p>
            })}
        </section>
    }
}
