//! The interface's words, Simplified Chinese first and English second.
//!
//! Every string lives in one [`Texts`] table per locale, so a missing translation is a
//! compile error. Sentences with figures are methods on [`Locale`].

pub mod activities;
#[cfg(feature = "ssr")]
pub mod backup;
pub mod baselines;
#[cfg(feature = "ssr")]
pub mod cli;
pub mod dashboard;
pub mod edit;
pub mod layout;
pub mod paging;
pub mod planning;
pub mod problem_list;
pub mod problems;
pub mod region;
pub mod reporting;
pub mod rounds;
pub mod search;
pub mod security;
pub mod work_report;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use chrono::Datelike;

use crate::domain::dates::{china_local, iso_date};
use crate::domain::model::{ConstructionType, ProjectKind, ProjectStatus};
use crate::domain::status::{Reason, Status};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

/// `2025年3月31日`: how Chinese offices write a date.
pub fn zh_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Name of the cookie that remembers the chosen language.
pub const LOCALE_COOKIE: &str = "roadmap_lang";

impl Locale {
    /// The value of `<html lang>` and of the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Locale {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Locale::En
        } else {
            Locale::Zh
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }

    /// A moment (Unix seconds) in China Standard Time: `2025年3月31日 14:05`.
    pub fn datetime(self, unix_seconds: i64) -> String {
        china_local(unix_seconds)
            .map(|local| format!("{} {}", self.date(local.date()), local.format("%H:%M")))
            .unwrap_or_default()
    }

    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Locale::Zh => zh_date(date),
            Locale::En => iso_date(date),
        }
    }

    pub fn status(self, status: Status) -> &'static str {
        let t = self.texts();
        match status {
            Status::Completed => t.status_done,
            Status::OnTrack => t.status_green,
            Status::Behind => t.status_yellow,
            Status::Critical => t.status_red,
        }
    }

    /// The sentence shown next to every status, e.g. "进度 35%，序时进度 70%，滞后 35 个百分点".
    pub fn reason(self, reason: &Reason) -> String {
        match (self, reason) {
            (Locale::Zh, Reason::Completed) => "已完成".into(),
            (Locale::En, Reason::Completed) => "Completed".into(),
            (Locale::Zh, Reason::Overdue { days, percent }) => {
                format!("已逾期 {days} 天，进度 {percent}%")
            }
            (Locale::En, Reason::Overdue { days, percent }) => {
                format!("{days} days overdue, {percent}% done")
            }
            (Locale::Zh, Reason::NotStarted { expected }) => {
                format!("已过开始日期仍未启动，序时进度 {expected}%")
            }
            (Locale::En, Reason::NotStarted { expected }) => {
                format!("Start date passed but not started; {expected}% expected by now")
            }
            (
                Locale::Zh,
                Reason::Progress {
                    percent,
                    expected,
                    gap,
                },
            ) => match gap {
                g if *g > 0 => format!("进度 {percent}%，序时进度 {expected}%，滞后 {g} 个百分点"),
                0 => format!("进度 {percent}%，序时进度 {expected}%，与序时持平"),
                g => format!(
                    "进度 {percent}%，序时进度 {expected}%，超前 {} 个百分点",
                    -g
                ),
            },
            (
                Locale::En,
                Reason::Progress {
                    percent,
                    expected,
                    gap,
                },
            ) => match gap {
                g if *g > 0 => format!("{percent}% done, {expected}% expected: {g} points behind"),
                0 => format!("{percent}% done, {expected}% expected: on schedule"),
                g => format!("{percent}% done, {expected}% expected: {} points ahead", -g),
            },
        }
    }

    pub fn project_kind(self, kind: ProjectKind) -> &'static str {
        let t = self.texts();
        match kind {
            ProjectKind::Major => t.kind_major,
            ProjectKind::Information => t.kind_information,
        }
    }

    pub fn construction_type(self, ty: ConstructionType) -> &'static str {
        let t = self.texts();
        match ty {
            ConstructionType::New => t.construction_new,
            ConstructionType::Continuing => t.construction_continuing,
            ConstructionType::Expansion => t.construction_expansion,
        }
    }

    pub fn project_status(self, status: ProjectStatus) -> &'static str {
        let t = self.texts();
        match status {
            ProjectStatus::Preparing => t.project_preparing,
            ProjectStatus::InProgress => t.project_in_progress,
            ProjectStatus::Completed => t.project_completed,
            ProjectStatus::Suspended => t.project_suspended,
        }
    }

    /// A name stored in both languages: the English one when chosen and present.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::En if !en.is_empty() => en,
            _ => zh,
        }
    }

    /// A whole number with thousands separators, "12,345" (as both languages write counts).
    /// The colon between a label and its value: full-width in Chinese.
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    pub fn count(self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// "共 40 项" / "40 items"
    pub fn count_items(self, n: usize) -> String {
        match self {
            Locale::Zh => format!("共 {n} 项"),
            Locale::En => format!("{n} items"),
        }
    }

    /// "进度 35%，序时进度 70%" for a roll-up.
    pub fn progress_vs_expected(self, actual: f64, expected: f64) -> String {
        match self {
            Locale::Zh => format!("实际 {actual:.1}%，序时 {expected:.1}%"),
            Locale::En => format!("{actual:.1}% done, {expected:.1}% expected"),
        }
    }

    /// "截至 2026年11月24日" / "as of 2026-11-24"
    pub fn as_of(self, date: NaiveDate) -> String {
        match self {
            Locale::Zh => format!("截至 {}", zh_date(date)),
            Locale::En => format!("as of {}", iso_date(date)),
        }
    }

    /// "2023–2025年" / "2023–2025"
    pub fn years(self, start: i32, end: i32) -> String {
        match self {
            Locale::Zh => format!("{start}–{end}年"),
            Locale::En => format!("{start}–{end}"),
        }
    }
}

/// The locale of the current page, provided by the app's root.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Every fixed string of the interface.
pub struct Texts {
    pub app_name: &'static str,
    pub app_subtitle: &'static str,
    pub nav_overview: &'static str,
    pub nav_milestones: &'static str,
    pub nav_projects: &'static str,
    pub switch_language: &'static str,
    pub sample_badge: &'static str,
    pub sample_note: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,

    pub kpi_overall: &'static str,
    pub kpi_expected: &'static str,
    pub kpi_milestones_done: &'static str,
    pub kpi_overdue: &'static str,
    pub kpi_red: &'static str,
    pub kpi_yellow: &'static str,
    pub kpi_projects: &'static str,
    pub kpi_total_investment: &'static str,
    pub kpi_completed_investment: &'static str,
    pub kpi_major_information: &'static str,
    pub by_pillar: &'static str,
    pub by_phase: &'static str,
    pub unit_wan: &'static str,
    pub of_total: &'static str,

    pub col_milestone: &'static str,
    pub col_phase: &'static str,
    pub col_pillar: &'static str,
    pub col_domain: &'static str,
    pub col_unit: &'static str,
    pub col_dates: &'static str,
    pub col_progress: &'static str,
    pub col_status: &'static str,
    pub col_reason: &'static str,
    pub col_milestones: &'static str,
    pub col_actual: &'static str,
    pub col_expected: &'static str,

    pub col_code: &'static str,
    pub col_project: &'static str,
    pub col_kind: &'static str,
    pub col_builder: &'static str,
    pub col_construction: &'static str,
    pub col_years: &'static str,
    pub col_total_investment: &'static str,
    pub col_completed_investment: &'static str,
    pub col_project_status: &'static str,
    pub col_visible_progress: &'static str,
    pub total_row: &'static str,
    pub no_code: &'static str,

    pub filter_all: &'static str,
    pub filter_apply: &'static str,
    pub filter_clear: &'static str,
    pub no_matches: &'static str,

    pub status_done: &'static str,
    pub status_green: &'static str,
    pub status_yellow: &'static str,
    pub status_red: &'static str,

    pub kind_major: &'static str,
    pub kind_information: &'static str,
    pub construction_new: &'static str,
    pub construction_continuing: &'static str,
    pub construction_expansion: &'static str,
    pub project_preparing: &'static str,
    pub project_in_progress: &'static str,
    pub project_completed: &'static str,
    pub project_suspended: &'static str,
}

pub static ZH: Texts = Texts {
    app_name: "路线图",
    app_subtitle: "县域数字化转型路线图",
    nav_overview: "总览",
    nav_milestones: "里程碑",
    nav_projects: "项目",
    switch_language: "English",
    sample_badge: "示例数据",
    sample_note: "当前为示例数据，单位、项目与金额均为虚构，仅供演示。",
    loading: "正在加载…",
    load_failed: "数据加载失败",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移动。",
    back_home: "返回总览",

    kpi_overall: "总体进度",
    kpi_expected: "序时进度",
    kpi_milestones_done: "里程碑完成",
    kpi_overdue: "逾期里程碑",
    kpi_red: "严重滞后",
    kpi_yellow: "滞后",
    kpi_projects: "项目",
    kpi_total_investment: "总投资（万元）",
    kpi_completed_investment: "累计完成投资（万元）",
    kpi_major_information: "重大项目 / 信息化项目",
    by_pillar: "按“五个一”",
    by_phase: "按阶段",
    unit_wan: "万元",
    of_total: "占总投资",

    col_milestone: "里程碑",
    col_phase: "阶段",
    col_pillar: "五个一",
    col_domain: "领域",
    col_unit: "责任单位",
    col_dates: "起止日期",
    col_progress: "进度",
    col_status: "状态",
    col_reason: "说明",
    col_milestones: "里程碑数",
    col_actual: "实际进度",
    col_expected: "序时进度",

    col_code: "项目代码",
    col_project: "项目名称",
    col_kind: "类别",
    col_builder: "建设单位",
    col_construction: "建设性质",
    col_years: "建设起止年限",
    col_total_investment: "总投资（万元）",
    col_completed_investment: "累计完成投资（万元）",
    col_project_status: "项目状态",
    col_visible_progress: "形象进度",
    total_row: "合计",
    no_code: "（无）",

    filter_all: "全部",
    filter_apply: "筛选",
    filter_clear: "清除筛选",
    no_matches: "没有符合条件的记录。",

    status_done: "已完成",
    status_green: "正常",
    status_yellow: "滞后",
    status_red: "严重滞后",

    kind_major: "重大项目",
    kind_information: "信息化项目",
    construction_new: "新建",
    construction_continuing: "续建",
    construction_expansion: "改扩建",
    project_preparing: "前期",
    project_in_progress: "在建",
    project_completed: "已完工",
    project_suspended: "暂停",
};

pub static EN: Texts = Texts {
    app_name: "Roadmap",
    app_subtitle: "County digital transformation roadmap",
    nav_overview: "Overview",
    nav_milestones: "Milestones",
    nav_projects: "Projects",
    switch_language: "中文",
    sample_badge: "Sample data",
    sample_note: "This is sample data: units, projects and amounts are invented for demonstration.",
    loading: "Loading…",
    load_failed: "Could not load the data",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has moved.",
    back_home: "Back to the overview",

    kpi_overall: "Overall progress",
    kpi_expected: "Expected by now",
    kpi_milestones_done: "Milestones done",
    kpi_overdue: "Overdue milestones",
    kpi_red: "Critical",
    kpi_yellow: "Behind",
    kpi_projects: "Projects",
    kpi_total_investment: "Total investment (10k CNY)",
    kpi_completed_investment: "Invested to date (10k CNY)",
    kpi_major_information: "major / information",
    by_pillar: "By pillar",
    by_phase: "By phase",
    unit_wan: "10k CNY",
    of_total: "of total",

    col_milestone: "Milestone",
    col_phase: "Phase",
    col_pillar: "Pillar",
    col_domain: "Domain",
    col_unit: "Owner",
    col_dates: "Dates",
    col_progress: "Progress",
    col_status: "Status",
    col_reason: "Why",
    col_milestones: "Milestones",
    col_actual: "Actual",
    col_expected: "Expected",

    col_code: "Project code",
    col_project: "Project",
    col_kind: "Kind",
    col_builder: "Builder",
    col_construction: "Construction",
    col_years: "Years",
    col_total_investment: "Total (10k CNY)",
    col_completed_investment: "Invested (10k CNY)",
    col_project_status: "Status",
    col_visible_progress: "Visible progress",
    total_row: "Total",
    no_code: "(none)",

    filter_all: "All",
    filter_apply: "Filter",
    filter_clear: "Clear filters",
    no_matches: "Nothing matches these filters.",

    status_done: "Done",
    status_green: "On track",
    status_yellow: "Behind",
    status_red: "Critical",

    kind_major: "Major project",
    kind_information: "Information project",
    construction_new: "New",
    construction_continuing: "Continuing",
    construction_expansion: "Expansion",
    project_preparing: "Preparing",
    project_in_progress: "Under construction",
    project_completed: "Completed",
    project_suspended: "Suspended",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        let l = Locale::Zh;
        assert_eq!(l.count(0), "0");
        assert_eq!(l.count(999), "999");
        assert_eq!(l.count(1_000), "1,000");
        assert_eq!(l.count(50_000), "50,000");
        assert_eq!(l.count(1_234_567), "1,234,567");
    }

    #[test]
    fn reason_reads_like_the_report() {
        let r = Reason::Progress {
            percent: 35,
            expected: 70,
            gap: 35,
        };
        assert_eq!(
            Locale::Zh.reason(&r),
            "进度 35%，序时进度 70%，滞后 35 个百分点"
        );
        assert_eq!(
            Locale::En.reason(&r),
            "35% done, 70% expected: 35 points behind"
        );
        let ahead = Reason::Progress {
            percent: 80,
            expected: 60,
            gap: -20,
        };
        assert_eq!(
            Locale::Zh.reason(&ahead),
            "进度 80%，序时进度 60%，超前 20 个百分点"
        );
        assert_eq!(
            Locale::Zh.reason(&Reason::Overdue {
                days: 3,
                percent: 95
            }),
            "已逾期 3 天，进度 95%"
        );
    }

    #[test]
    fn locale_from_cookie_defaults_to_chinese() {
        let from_cookie = |header: &str| {
            crate::cookies::find(header, LOCALE_COOKIE)
                .map(Locale::from_tag)
                .unwrap_or_default()
        };
        assert_eq!(from_cookie("a=1; roadmap_lang=en"), Locale::En);
        assert_eq!(from_cookie("roadmap_lang=zh-CN"), Locale::Zh);
        assert_eq!(from_cookie("other=en"), Locale::Zh);
        assert_eq!(from_cookie(""), Locale::Zh);
    }

    #[test]
    fn english_names_fall_back_to_chinese() {
        assert_eq!(Locale::En.pick("一朵云", "Cloud"), "Cloud");
        assert_eq!(Locale::En.pick("县发改局", ""), "县发改局");
        assert_eq!(Locale::Zh.pick("一朵云", "Cloud"), "一朵云");
    }
}
