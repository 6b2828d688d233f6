use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_locale;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_locale().texts();
    view! {
        <Title text=t.not_found_title/>
        <section class="not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <a href="/">{t.back_home}</a>
        </section>
    }
}
