//! Who is signed in, and what they may do.

use serde::{Deserialize, Serialize};

use crate::domain::access::Permission;
use crate::domain::model::Role;

/// The person signed in, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.allows(permission)
    }

    /// The display name, or the sign-in name when none is set.
    pub fn label(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// Who is looking at the page; `None` for an anonymous reader (when the admin allows that).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    /// Whether the admin lets people read without signing in.
    pub anonymous_read: bool,
    /// The signed-in person's unread notifications (the bell).
    #[serde(default)]
    pub unread: i64,
}

impl SessionInfo {
    pub fn can(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(permission))
    }
}
