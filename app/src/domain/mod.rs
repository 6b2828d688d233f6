//! Pure domain rules of the county programme: no I/O, no framework types.
//! Everything here compiles for the server and for the browser, and is unit-tested.

pub mod access;
pub mod activities;
pub mod activity_sheet;
pub mod burnup;
pub mod dates;
pub mod dependency_check;
pub mod evidence;
pub mod graph;
pub mod import_plan;
pub mod import_sheet;
pub mod indicators;
pub mod journal;
pub mod milestone_code;
pub mod milestone_rules;
pub mod model;
pub mod money;
pub mod password_rules;
pub mod period;
pub mod plan_sheet;
pub mod problem;
pub mod project_code;
pub mod project_rules;
pub mod reference_rules;
pub mod report_doc;
pub mod report_sheet;
pub mod rollup;
pub mod rounds;
pub mod schedule;
pub mod search;
pub mod sheet_header;
pub mod status;
pub mod summary;
pub mod timeline;
pub mod validate;
pub mod work_summary;
