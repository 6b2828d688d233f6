//! Small presentational pieces used on several pages.

use leptos::prelude::*;

use crate::domain::status::{Assessment, Status};
use crate::error::AppError;
use crate::i18n::use_locale;

/// Colour chip with the status word; the reason sentence goes beside it.
#[component]
pub fn StatusChip(status: Status) -> impl IntoView {
    let locale = use_locale();
    view! { <span class=format!("status-chip status-{}", status.code())>{locale.status(status)}</span> }
}

/// Status chip plus its reason, as every status must be shown.
#[component]
pub fn StatusWithReason(assessment: Assessment) -> impl IntoView {
    let locale = use_locale();
    let reason = locale.reason(&assessment.reason);
    view! {
        <div class="status-cell">
            <StatusChip status=assessment.status/>
            <span class="status-reason">{reason}</span>
        </div>
    }
}

/// Horizontal bar for actual progress, with an optional 序时进度 marker.
#[component]
pub fn ProgressBar(
    percent: f64,
    #[prop(optional)] expected: Option<f64>,
    #[prop(optional)] status: Option<Status>,
) -> impl IntoView {
    let clamp = |v: f64| v.clamp(0.0, 100.0);
    let class = format!(
        "progress-bar {}",
        status
            .map(|s| format!("status-{}", s.code()))
            .unwrap_or_default()
    );
    view! {
        <div class=class role="img" aria-label=format!("{:.0}%", percent)>
            <div class="progress-fill" style=format!("width: {:.1}%", clamp(percent))></div>
            {expected.map(|e| view! { <div class="progress-expected" style=format!("left: {:.1}%", clamp(e))></div> })}
        </div>
    }
}

/// A failed load, in the user's language.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    // A page that shows an error answers with its status (a 404 for a deleted record …).
    #[cfg(feature = "ssr")]
    error.set_response_status();
    let locale = use_locale();
    let t = locale.texts();
    view! {
        <div class="error-box" role="alert">
            <strong>{t.load_failed}</strong>
            " "
            {locale.error(&error)}
        </div>
    }
}

/// Renders a loaded value with `view`, or the error box when loading failed.
pub fn loaded<T>(result: Result<T, AppError>, view: impl FnOnce(T) -> AnyView) -> AnyView {
    match result {
        Ok(value) => view(value),
        Err(error) => view! { <ErrorBox error/> }.into_any(),
    }
}

/// A panel of controls beside a list (its exports), folded on a phone, whose first screen is the
/// list itself, and open on a desk; its heading is the control that opens it.
#[component]
pub fn ControlPanel(
    heading: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details class=format!("panel control-panel {class}") open=!crate::components::layout::request_is_phone()>
            <summary><h2>{heading}</h2></summary>
            {children()}
        </details>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let t = use_locale().texts();
    view! { <p class="loading">{t.loading}</p> }
}

/// Dated progress entries, newest first, with their evidence (images as thumbnails).
#[component]
pub fn ProgressTimeline(
    entries: Vec<crate::model::ProgressEntry>,
    locale: crate::i18n::Locale,
) -> impl IntoView {
    let te = locale.edit();
    if entries.is_empty() {
        return view! { <p class="empty">{te.no_progress}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {entries.into_iter().map(|p| view! {
                <li class="timeline-entry">
                    <div class="timeline-head">
                        <span class="timeline-date">{locale.date(p.reported_on)}</span>
                        <span class="timeline-percent">{format!("{}%", p.percent)}</span>
                        {p.author.map(|a| view! { <span class="timeline-author">{te.author}"："{a}</span> })}
                    </div>
                    <p class="timeline-note">{p.note}</p>
                    <crate::components::submission::EvidenceList files=p.attachments/>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}
