//! One module per route.

pub mod account;
pub mod activities;
pub mod activity_import;
pub mod admin;
pub mod admin_channels;
pub mod admin_reference;
pub mod admin_security;
pub mod admin_users;
pub mod indicators;
pub mod login;
pub mod milestone;
pub mod milestone_form;
pub mod milestone_import;
pub mod milestones;
pub mod my_reporting;
pub mod not_found;
pub mod notifications;
pub mod overview;
pub mod problems;
pub mod project;
pub mod project_form;
pub mod projects;
pub mod reporting;
pub mod rounds;
pub mod search;
pub mod work_report;
