//! Building blocks shared by the pages.

pub mod forms;
pub mod indicators;
pub mod layout;
pub mod paging;
pub mod problems;
pub mod resource;
pub mod submission;
pub mod widgets;
