//! The error a page receives from a server function: data the page turns into a message a
//! person can act on, in their language (`Locale::error`). Internal details (SQL, paths) are
//! logged on the server, never sent to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, Encodes};
use serde::{Deserialize, Serialize};

use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::model::JournalEntry;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    Database,
    /// A fault of the server's own (a task that stopped half-way); logged there.
    Internal,
    Misconfigured(String),
    Transport(String),
    /// A request the server cannot read (missing or malformed arguments); nothing was done.
    BadRequest(String),
    Unauthenticated,
    Forbidden,
    NotFound,
    /// Problems with fields of a submitted form; nothing was saved.
    Invalid(FieldErrors),
    /// Someone else saved the same record since it was opened; nothing was overwritten.
    Conflict(Vec<JournalEntry>),
    /// A request the rules refuse, with the reason.
    Refused(Problem),
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status_code(&self) -> u16 {
        match self {
            // Both 403: an anonymous or a read-only request that tries to change data is refused alike.
            AppError::Unauthenticated | AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) | AppError::Refused(_) => 422,
            AppError::Database
            | AppError::Internal
            | AppError::Misconfigured(_)
            | AppError::Transport(_) => 500,
        }
    }

    /// Field messages, when the error is about a form's fields.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// A request whose arguments cannot be read is the caller's mistake (400), not the
    /// server's; anything else here is the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::UnsupportedRequestMethod(detail) => AppError::BadRequest(detail),
            other => AppError::Transport(other.to_string()),
        }
    }

    /// Every server function's error leaves the server through here, so this is where the
    /// response gets the error's status: no server function can forget it.
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        self.set_response_status();
        <JsonEncoding as Encodes<Self>>::encode(self).unwrap_or_default()
    }
}

impl AppError {
    /// Gives the response this error's HTTP status (403, 404, 409, 422 …), except on a plain
    /// HTML form post made before the wasm loaded: that must stay the redirect back to the
    /// form, which then shows the error. Called for server functions' errors ([`ser`]) and
    /// for errors a server-rendered page shows (`components::widgets::ErrorBox`).
    ///
    /// [`ser`]: FromServerFnError::ser
    #[cfg(feature = "ssr")]
    pub fn set_response_status(&self) {
        use leptos::prelude::use_context;
        let plain_form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
            parts.method == http::Method::POST
                && parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        });
        if plain_form_post {
            return;
        }
        if let (Some(options), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(self.status_code()),
        ) {
            options.set_status(status);
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

#[cfg(feature = "ssr")]
impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        tracing::error!(error = %e, "database error in a server function");
        AppError::Database
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        crate::db::DbError::Query(e).into()
    }
}

#[cfg(feature = "ssr")]
impl From<crate::files::FileStoreError> for AppError {
    fn from(e: crate::files::FileStoreError) -> Self {
        crate::db::DbError::Files(e).into()
    }
}

impl From<Problem> for AppError {
    fn from(problem: Problem) -> Self {
        AppError::Refused(problem)
    }
}
