//! The words of every paged list: where a page sits, the page links, sortable column headings.

use super::Locale;

impl Locale {
    /// Records `first`–`last` of `total`.
    pub fn records_range(self, first: i64, last: i64, total: i64) -> String {
        match self {
            Locale::Zh => format!("第 {first}–{last} 条，共 {total} 条"),
            Locale::En => format!("{first}–{last} of {total}"),
        }
    }

    /// "第 2 / 40 页" / "Page 2 of 40".
    pub fn page_of(self, page: u32, pages: u32) -> String {
        match self {
            Locale::Zh => format!("第 {page} / {pages} 页"),
            Locale::En => format!("Page {page} of {pages}"),
        }
    }

    /// The pager's links: first, previous, next, last page.
    pub fn page_links(self) -> [&'static str; 4] {
        match self {
            Locale::Zh => ["首页", "上一页", "下一页", "末页"],
            Locale::En => ["First", "Previous", "Next", "Last"],
        }
    }

    /// The pager's landmark name.
    pub fn pages_label(self) -> &'static str {
        self.pick("分页", "Pages")
    }

    /// A sortable heading's hint: what a click does.
    pub fn sort_hint(self, column: &str, descending_next: bool) -> String {
        match (self, descending_next) {
            (Locale::Zh, false) => format!("按{column}升序排列"),
            (Locale::Zh, true) => format!("按{column}降序排列"),
            (Locale::En, false) => format!("Sort by {column}, ascending"),
            (Locale::En, true) => format!("Sort by {column}, descending"),
        }
    }
}
