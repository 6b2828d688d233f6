//! Building blocks shared by the pages.

pub mod charts;
pub mod filters;
pub mod forms;
pub mod imports;
pub mod indicators;
pub mod layout;
pub mod package;
pub mod paging;
pub mod problems;
pub mod submission;
pub mod widgets;
