//! What the browser adds to the server-rendered pages. Every page is complete HTML that works
//! without JavaScript: links, GET filter forms, and forms that post to a server function, which
//! answers with a redirect (back to the page, or to what was saved). Once this small bundle has
//! loaded it improves two things, and nothing else runs in the browser:
//!
//! - A form that posts to a server function is sent in place. If the server refuses it, the form
//!   stays as typed and the server's messages appear beside the fields, rendered by the same
//!   components ([`field_message`], [`form_message`]) that render them on the server after a
//!   plain post. If it is saved, the browser goes where the server says (or loads the page again),
//!   so every figure on the page is the server's.
//! - Changing a field of a list's filter form marked `data-apply-on-change` applies it at once.
//!
//! Keeping the rest server-rendered is what keeps the bundle small (README, "Server-rendered
//! pages, a small enhancement").

use leptos::prelude::*;
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Document, Element, Event, HtmlButtonElement, HtmlElement, HtmlFormElement, HtmlInputElement,
    Request, RequestInit, Response, SubmitEvent, UrlSearchParams,
};

use crate::components::forms::{field_message, form_message, MESSAGE_SLOT_CLASS};
use crate::error::AppError;
use crate::model::query::without_empty_fields;

/// The path prefix of server functions (`#[server(prefix = "/api")]`).
const SERVER_FN_PREFIX: &str = "/api/";
/// The header leptos_axum's `redirect()` adds to a server function's answer to a script.
const REDIRECT_HEADER: &str = "serverfnredirect";

/// Installs the page's listeners and marks the page as ready (`<body data-hydrated>`).
pub fn enhance() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    listen(&document, "submit", on_submit);
    listen(&document, "change", on_change);
    confirm_saved(&document);
    if let Some(body) = document.body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// One listener on the document serves every form of the page, present or not yet shown.
fn listen(document: &Document, event: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    let _ = document.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

fn on_change(event: Event) {
    let form = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|field| field.closest("form[data-apply-on-change]").ok().flatten())
        .and_then(|form| form.dyn_into::<HtmlFormElement>().ok());
    let Some(form) = form else {
        return;
    };
    // The form as a GET would send it, without its empty fields (`?pillar=5` rather than
    // `?phase=&pillar=5&unit=`, like the page's own links). It has no `page` field, so the list
    // starts again at page 1.
    let query = web_sys::FormData::new_with_form(&form)
        .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&data))
        .map(|params| without_empty_fields(&String::from(params.to_string())))
        .unwrap_or_default();
    let path = form.get_attribute("action").unwrap_or_default();
    go_to(&if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    });
}

fn on_submit(event: Event) {
    if event.default_prevented() {
        return;
    }
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let action = form.get_attribute("action").unwrap_or_default();
    let posts_to_server_fn = action.starts_with(SERVER_FN_PREFIX)
        && form.method().eq_ignore_ascii_case("post")
        && !form.enctype().eq_ignore_ascii_case("multipart/form-data");
    if !posts_to_server_fn {
        return;
    }
    event.prevent_default();
    let submitter = event
        .dyn_ref::<SubmitEvent>()
        .and_then(SubmitEvent::submitter);
    spawn_local(async move {
        set_busy(&form, true);
        let outcome = send(&form, &action, submitter.as_ref()).await;
        match outcome {
            Ok(Answer::GoTo(location)) => go_to(&location),
            Ok(Answer::Saved) => {
                remember_saved(&form, &action);
                reload();
            }
            Ok(Answer::Refused(error)) => {
                set_busy(&form, false);
                show(&form, &action, error);
            }
            Err(error) => {
                set_busy(&form, false);
                show(&form, &action, transport_error(error));
            }
        }
    });
}

/// What the server answered to a form sent in place.
enum Answer {
    /// Saved; the server names the page to show next.
    GoTo(String),
    /// Saved; this page shows the result once loaded again.
    Saved,
    /// Not saved, with the server's reasons.
    Refused(AppError),
}

/// Where the browser keeps, across the reload after a save, which form was saved.
const SAVED_KEY: &str = "roadmap-saved-form";

/// Notes which form was saved: the `n`th of the page's forms that post to `action`, which is
/// the same form once the page has loaded again.
fn remember_saved(form: &HtmlFormElement, action: &str) {
    let Some(root) = form.owner_document().and_then(|d| d.document_element()) else {
        return;
    };
    let forms = query_all(&root, &forms_posting_to(action));
    let element: &Element = form.as_ref();
    if let Some(index) = forms.iter().position(|f| f == element) {
        if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
            let _ = storage.set_item(SAVED_KEY, &format!("{index} {action}"));
        }
    }
}

/// After the reload that follows a save, says "saved" beside the form that was saved (in its
/// `data-saved` words if it has them, e.g. "password changed").
fn confirm_saved(document: &Document) {
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let Ok(Some(saved)) = storage.get_item(SAVED_KEY) else {
        return;
    };
    let _ = storage.remove_item(SAVED_KEY);
    let Some((index, action)) = saved.split_once(' ') else {
        return;
    };
    let Some(root) = document.document_element() else {
        return;
    };
    let form = index
        .parse::<usize>()
        .ok()
        .and_then(|i| {
            query_all(&root, &forms_posting_to(action))
                .into_iter()
                .nth(i)
        })
        .and_then(|f| f.dyn_into::<HtmlElement>().ok());
    if let Some(form) = form {
        let words = form
            .get_attribute("data-saved")
            .unwrap_or_else(|| crate::request_locale().edit().saved.to_string());
        mount(
            &form,
            move || view! { <span class="form-success" role="status">{words}</span> },
        );
    }
}

fn forms_posting_to(action: &str) -> String {
    format!("form[action=\"{action}\"]")
}

/// Posts the form the way a plain form post would send it (URL-encoded, the clicked button's
/// name and value included), asking for the server function's own answer instead of a redirect.
async fn send(
    form: &HtmlFormElement,
    action: &str,
    submitter: Option<&HtmlElement>,
) -> Result<Answer, JsValue> {
    let data = web_sys::FormData::new_with_form(form)?;
    let body = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
    if let Some((name, value)) = submitter.and_then(submitter_field) {
        body.append(&name, &value);
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    let request = Request::new_with_str_and_init(action, &init)?;
    let headers = request.headers();
    headers.set("Accept", "application/json")?;
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    if response.ok() {
        let location = response.headers().get("Location")?;
        let redirected = response.headers().has(REDIRECT_HEADER)?;
        return Ok(match location {
            Some(location) if redirected => Answer::GoTo(location),
            _ => Answer::Saved,
        });
    }
    let text = JsFuture::from(response.text()?).await?;
    let error = text
        .as_string()
        .and_then(|text| serde_json::from_str::<AppError>(&text).ok())
        .unwrap_or_else(|| AppError::Transport(response.status_text()));
    Ok(Answer::Refused(error))
}

/// The clicked button's `name=value`, which a plain form post includes and `FormData` does not.
fn submitter_field(submitter: &HtmlElement) -> Option<(String, String)> {
    let (name, value) = if let Some(button) = submitter.dyn_ref::<HtmlButtonElement>() {
        (button.name(), button.value())
    } else if let Some(input) = submitter.dyn_ref::<HtmlInputElement>() {
        (input.name(), input.value())
    } else {
        return None;
    };
    (!name.is_empty()).then_some((name, value))
}

fn transport_error(error: JsValue) -> AppError {
    AppError::Transport(error.as_string().unwrap_or_default())
}

/// Disables the form's buttons while it is being sent, so a double click saves once.
fn set_busy(form: &HtmlFormElement, busy: bool) {
    let _ = form.set_attribute("aria-busy", if busy { "true" } else { "false" });
    for button in query_all(form, "button[type=submit], button:not([type])") {
        if let Ok(button) = button.dyn_into::<HtmlButtonElement>() {
            button.set_disabled(busy);
        }
    }
}

/// Puts the server's messages into the slots of the form that posted to `action`: each field's
/// under it (inside the form), the form's own above it: inside the form or, failing that, in the
/// nearest enclosing element that has a form-level slot for the same server function (a message
/// placed beside its form, as on the milestone page's record-progress panel).
fn show(form: &HtmlFormElement, action: &str, error: AppError) {
    let locale = crate::request_locale();
    let slot = format!(".{MESSAGE_SLOT_CLASS}[data-action=\"{action}\"]");
    let form_slots = nearest(form, &format!("{slot}:not([data-field])"));
    let field_slots = query_all(form, &format!("{slot}[data-field]"));
    let mut first_shown: Option<Element> = None;
    for slot in form_slots.into_iter().chain(field_slots) {
        let Ok(slot) = slot.dyn_into::<HtmlElement>() else {
            continue;
        };
        slot.set_inner_html("");
        match slot.get_attribute("data-field") {
            Some(field) => {
                let concerns = error
                    .field_errors()
                    .is_some_and(|f| f.get(&field).is_some());
                mark_invalid(&slot, concerns);
                if concerns {
                    let error = error.clone();
                    mount(&slot, move || field_message(&error, &field, locale));
                    first_shown.get_or_insert_with(|| slot.clone().into());
                }
            }
            None => {
                let error = error.clone();
                mount(&slot, move || form_message(error, locale));
                first_shown.get_or_insert_with(|| slot.clone().into());
            }
        }
    }
    if let Some(shown) = first_shown {
        shown.scroll_into_view_with_bool(false);
    }
}

/// The elements matching `selector` in `form`, or else in its nearest ancestor that has any.
fn nearest(form: &HtmlFormElement, selector: &str) -> Vec<Element> {
    let mut scope: Option<Element> = Some(form.clone().into());
    while let Some(element) = scope {
        let found = query_all(&element, selector);
        if !found.is_empty() {
            return found;
        }
        scope = element.parent_element();
    }
    Vec::new()
}

/// Sets `aria-invalid` on the control of the field whose message slot this is.
fn mark_invalid(slot: &HtmlElement, invalid: bool) {
    let control = slot.closest("label").ok().flatten().and_then(|label| {
        label
            .query_selector("input, select, textarea")
            .ok()
            .flatten()
    });
    if let Some(control) = control {
        let _ = control.set_attribute("aria-invalid", if invalid { "true" } else { "false" });
    }
}

fn mount<V: IntoView + 'static>(slot: &HtmlElement, view: impl FnOnce() -> V + 'static) {
    // The message stays until the form is sent again, which empties the slot.
    leptos::mount::mount_to(slot.clone(), view).forget();
}

fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

fn go_to(location: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(location);
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
