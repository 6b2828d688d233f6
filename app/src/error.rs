//! The error a page receives from a server function: a message a person can act on.
//! Internal details (SQL, paths) are logged on the server, never sent to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::validate::FieldErrors;
use crate::model::JournalEntry;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("数据库暂时不可用，请稍后重试")]
    Database,
    #[error("服务器配置不完整：{0}")]
    Misconfigured(String),
    #[error("与服务器通信失败：{0}")]
    Transport(String),
    #[error("请先登录")]
    Unauthenticated,
    #[error("您的账号没有执行此操作的权限")]
    Forbidden,
    #[error("要找的记录不存在，可能已被删除")]
    NotFound,
    /// Problems with fields of a submitted form; nothing was saved.
    #[error("请修改标红的内容后再保存：{0}")]
    Invalid(FieldErrors),
    /// Someone else saved the same record since it was opened; nothing was overwritten.
    #[error("保存未成功：此记录在您打开之后已被他人修改，请查看下列变更后重新编辑")]
    Conflict(Vec<JournalEntry>),
    #[error("{0}")]
    Refused(String),
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status_code(&self) -> u16 {
        match self {
            // Both 403: an anonymous or a read-only request that tries to change data is refused alike.
            AppError::Unauthenticated | AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) | AppError::Refused(_) => 422,
            AppError::Database | AppError::Misconfigured(_) | AppError::Transport(_) => 500,
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

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
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
