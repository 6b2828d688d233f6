//! One module per route.

pub mod milestones;
pub mod not_found;
pub mod overview;
pub mod projects;
