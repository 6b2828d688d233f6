//! The words of the page frame on every screen: the skip link, the phone's navigation, the
//! collapsed filters with their chips, and the charts' text alternatives. Chinese first.

use super::Locale;

pub struct LayoutTexts {
    /// The first link of every page, for keyboard and screen-reader users.
    pub skip_to_content: &'static str,
    /// The navigation's search entry on a phone, where the header has no search box.
    pub nav_search: &'static str,
    /// The one control behind which a page's filters collapse.
    pub filters: &'static str,
    /// The list of active filters shown as chips.
    pub active_filters: &'static str,
    /// A chip's accessible name: "移除筛选：阶段 一年起势".
    pub remove_filter: &'static str,
    /// Removes every filter at once.
    pub clear_all: &'static str,
    /// A chart's link to the table holding its figures.
    pub chart_data_link: &'static str,
    /// The label of a wide table's scrolling region, read before the table's own name.
    pub scroll_region: &'static str,
    /// The language of the other locale's switch, as that language names itself.
    pub other_language_tag: &'static str,
}

static ZH_LAYOUT: LayoutTexts = LayoutTexts {
    skip_to_content: "跳到正文",
    nav_search: "搜索",
    filters: "筛选",
    active_filters: "已选筛选",
    remove_filter: "移除筛选",
    clear_all: "全部清除",
    chart_data_link: "数据表",
    scroll_region: "可左右滚动的表格",
    other_language_tag: "en",
};

static EN_LAYOUT: LayoutTexts = LayoutTexts {
    skip_to_content: "Skip to content",
    nav_search: "Search",
    filters: "Filters",
    active_filters: "Active filters",
    remove_filter: "Remove filter",
    clear_all: "Clear all",
    chart_data_link: "Data table",
    scroll_region: "Table, scrolls sideways",
    other_language_tag: "zh-CN",
};

impl Locale {
    pub fn layout(self) -> &'static LayoutTexts {
        match self {
            Locale::Zh => &ZH_LAYOUT,
            Locale::En => &EN_LAYOUT,
        }
    }

    /// The summary of the collapsed filters: "筛选 · 已选 2 项", or just "筛选".
    pub fn filters_summary(self, active: usize) -> String {
        let label = self.layout().filters;
        match (self, active) {
            (_, 0) => label.to_string(),
            (Locale::Zh, n) => format!("{label} · 已选 {n} 项"),
            (Locale::En, n) => format!("{label} · {n} active"),
        }
    }
}
