//! The shared vocabulary: what the server and the pages exchange (forms, filters, view models,
//! the session, reporting). It sits below everything that uses it — `domain` rules validate its
//! forms, `db` fills its view models, `api` sends it, `pages` show it — and imports only `domain`.

mod activities;
mod baselines;
mod dashboard;
mod filters;
mod ids;
mod indicators;
mod journal;
mod milestones;
mod paging;
mod problems;
mod projects;
pub mod query;
mod reference;
mod region;
mod reporting;
mod rounds;
mod search;
mod session;
mod system;
mod views;

pub use activities::*;
pub use baselines::*;
pub use dashboard::*;
pub use filters::*;
pub use ids::*;
pub use indicators::*;
pub use journal::*;
pub use milestones::*;
pub use paging::*;
pub use problems::*;
pub use projects::*;
pub use reference::*;
pub use region::*;
pub use reporting::*;
pub use rounds::*;
pub use search::*;
pub use session::*;
pub use system::*;
pub use views::*;
