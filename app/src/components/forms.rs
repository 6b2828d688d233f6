//! Pieces every editing form uses: the error of its last submission, shown next to the field
//! it concerns or above the form, and the list of changes that made a save conflict.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::domain::model::{ConstructionType, ProjectKind, ProjectStatus};
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::JournalEntry;

/// The error of a form's last submission, if it failed, and the server function the form
/// posts to. The page renders the error on the server (after a plain form post it comes back in
/// the URL); in the browser, [`crate::browser`] submits the form in place and renders the answer
/// into the same slots, which it finds by that server function's path.
#[derive(Clone, Copy)]
pub struct FormError {
    error: Signal<Option<AppError>>,
    action: &'static str,
}

impl FormError {
    pub fn get(&self) -> Option<AppError> {
        self.error.get()
    }

    pub fn with<R>(&self, f: impl FnOnce(&Option<AppError>) -> R) -> R {
        self.error.with(f)
    }

    /// Whether the last submission was refused because of `field`.
    fn concerns(&self, field: &str) -> bool {
        self.error.with(|e| {
            e.as_ref()
                .and_then(AppError::field_errors)
                .is_some_and(|f| f.get(field).is_some())
        })
    }
}

/// The error of an action's latest result (on the server: of the plain form post that came
/// back with the error in the URL).
pub fn last_error<S>(action: ServerAction<S>) -> FormError
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let value = action.value();
    FormError {
        error: Signal::derive(move || {
            value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
        }),
        action: S::PATH,
    }
}

/// Marks where a form's messages go, for [`crate::browser`]: `data-action` names the server
/// function, `data-field` the field (absent for the form-level message).
pub const MESSAGE_SLOT_CLASS: &str = "message-slot";

/// The message about one field, shown right under it.
#[component]
pub fn FieldMessage(error: FormError, #[prop(into)] field: String) -> impl IntoView {
    let locale = use_locale();
    let slot_field = field.clone();
    let message = move || error.with(|e| e.as_ref().map(|e| field_message(e, &field, locale)));
    view! {
        <span class=MESSAGE_SLOT_CLASS data-action=error.action data-field=slot_field>{message}</span>
    }
}

/// What [`FieldMessage`] shows for `error`, if it concerns `field`.
pub fn field_message(error: &AppError, field: &str, locale: Locale) -> Option<impl IntoView> {
    error
        .field_errors()
        .and_then(|f| f.get(field))
        .map(|message| view! { <p class="field-error" data-field=field.to_string() role="alert">{locale.problem(message)}</p> })
}

/// A labelled input with its error message.
#[component]
pub fn TextField(
    label: &'static str,
    #[prop(into)] name: String,
    #[prop(into)] field: String,
    #[prop(into, optional)] value: String,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    error: FormError,
) -> impl IntoView {
    let checked = field.clone();
    let invalid = move || error.concerns(&checked);
    view! {
        <label class="field">
            <span class="field-label">{label}{required.then_some(" *")}</span>
            <input type=kind.unwrap_or("text") name=name value=value required=required list=list
                aria-invalid=move || invalid().to_string()/>
            <FieldMessage error field/>
        </label>
    }
}

/// A labelled select over `(value, label)` options with its error message.
#[component]
pub fn SelectField(
    label: &'static str,
    #[prop(into)] name: String,
    #[prop(into)] field: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(optional)] required: bool,
    /// What the empty choice says, when not "choose" / "none" (a bulk edit's "unchanged").
    #[prop(optional)]
    empty: Option<&'static str>,
    error: FormError,
) -> impl IntoView {
    let t = use_locale().edit();
    let empty_label = empty.unwrap_or(if required { t.choose } else { t.none });
    view! {
        <label class="field">
            <span class="field-label">{label}{required.then_some(" *")}</span>
            <select name=name required=required>
                <option value="" selected=selected.is_empty()>{empty_label}</option>
                {options.into_iter().map(|(value, text)| {
                    let is_selected = selected == value;
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
            <FieldMessage error field/>
        </label>
    }
}

/// The form-level message: what went wrong that is not about one field, and for a conflict,
/// what others changed meanwhile.
#[component]
pub fn FormMessage(error: FormError) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class=MESSAGE_SLOT_CLASS data-action=error.action>
            {move || error.get().map(|e| form_message(e, locale))}
        </div>
    }
}

/// What [`FormMessage`] shows for `error`.
pub fn form_message(error: AppError, locale: Locale) -> impl IntoView {
    let conflict = match &error {
        AppError::Conflict(changes) => Some(changes.clone()),
        _ => None,
    };
    view! {
        <div class="error-box form-error" role="alert">
            <strong>{locale.error(&error)}</strong>
            // `?` is this page again, as it is now, without an earlier error in its address.
            {conflict.map(|changes| view! {
                <p>{locale.edit().conflict_title}</p>
                <ChangeList changes locale/>
                <a class="button button-quiet reload-latest" href="?">{locale.edit().reload_latest}</a>
            })}
        </div>
    }
}

/// Journal entries as a compact list: "2025年3月5日 10:20 张三 名称：A → B".
#[component]
pub fn ChangeList(changes: Vec<JournalEntry>, locale: Locale) -> impl IntoView {
    view! {
        <ul class="change-list">
            {changes.into_iter().map(|c| view! {
                <li>
                    <span class="change-when">{locale.datetime(c.at)}</span>" "
                    <span class="change-who">{c.username}</span>" "
                    <span class="change-field">{locale.journal_label(&c.field)}</span>{locale.colon()}
                    <span class="change-old">{c.old_value}</span>" → "
                    <span class="change-new">{c.new_value}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Save and cancel (back to `cancel`).
#[component]
pub fn FormButtons(cancel: String, locale: Locale) -> impl IntoView {
    let te = locale.edit();
    view! {
        <div class="form-buttons">
            <button type="submit" class="button">{te.save}</button>
            <a class="button button-quiet" href=cancel>{te.cancel}</a>
        </div>
    }
}

/// Options keyed by database id.
pub fn id_options(items: impl IntoIterator<Item = (i64, String)>) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(id, label)| (id.to_string(), label))
        .collect()
}

/// The kinds of channel (robots, e-mail) as a select's choices, in the reader's language.
pub fn channel_kind_options(locale: Locale) -> Vec<(String, String)> {
    crate::domain::model::ChannelKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), locale.channel_kind(*k).to_string()))
        .collect()
}

/// Named reference data (pillars, domains …) as a select's choices, in the reader's language.
pub fn named_options(list: &[crate::model::Named], locale: Locale) -> Vec<(String, String)> {
    id_options(
        list.iter()
            .map(|n| (n.id, locale.pick(&n.name_zh, &n.name_en).to_string())),
    )
}

/// The roadmap's phases as `(id, name)` choices in the reader's language.
pub fn phase_options(phases: &[crate::model::PhaseInfo], locale: Locale) -> Vec<(String, String)> {
    id_options(
        phases
            .iter()
            .map(|p| (p.id, locale.pick(&p.name_zh, &p.name_en).to_string())),
    )
}

/// Choices of the closed vocabularies, for the project form.
pub fn kind_options(locale: Locale) -> Vec<(String, String)> {
    ProjectKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), locale.project_kind(*k).to_string()))
        .collect()
}

pub fn construction_options(locale: Locale) -> Vec<(String, String)> {
    ConstructionType::ALL
        .iter()
        .map(|c| {
            (
                c.code().to_string(),
                locale.construction_type(*c).to_string(),
            )
        })
        .collect()
}

pub fn status_options(locale: Locale) -> Vec<(String, String)> {
    ProjectStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), locale.project_status(*s).to_string()))
        .collect()
}
