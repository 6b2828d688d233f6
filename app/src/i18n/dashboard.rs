//! Words of the dashboard's charts, Chinese first.

use chrono::Datelike;

use super::Locale;
use crate::domain::work_summary::WorkFigures;
use crate::i18n::zh_date;

pub struct DashTexts {
    pub chart_matrix: &'static str,
    pub chart_progress: &'static str,
    pub chart_status: &'static str,
    pub count_unit: &'static str,
    pub expected_short: &'static str,
    pub download_svg: &'static str,
    pub show_data: &'static str,
    pub actual: &'static str,
    pub milestones: &'static str,
    pub attention: &'static str,
    /// The first tiles: overall progress against 序时进度 and the milestone counts.
    pub kpis_main: &'static str,
    /// The tiles after 需关注: projects, investment and the reporting round.
    pub kpis_more: &'static str,
    pub behind_list: &'static str,
    pub overdue_problems: &'static str,
    pub due_soon: &'static str,
    pub dependency_clashes: &'static str,
    pub none: &'static str,
    pub work_summary: &'static str,
    pub copy_hint: &'static str,
    pub chart_investment: &'static str,
    pub no_pillar: &'static str,
    pub year: &'static str,
    pub planned: &'static str,
    pub completed: &'static str,
    pub completion_rate: &'static str,
    pub bars_caption: &'static str,
    pub chart_burnup: &'static str,
    pub planned_progress: &'static str,
    pub today: &'static str,
    pub month_end: &'static str,
    pub chart_timeline: &'static str,
    pub chart_investment_by_source: &'static str,
    pub as_of_label: &'static str,
    pub as_of_notice: &'static str,
    pub back_to_today: &'static str,
    pub invest_stack: &'static str,
    pub invest_by_pillar: &'static str,
    pub invest_by_source: &'static str,
    pub see_red: &'static str,
    pub see_yellow: &'static str,
}

pub static ZH_DASH: DashTexts = DashTexts {
    chart_matrix: "五个一 × 阶段 加权进度",
    chart_progress: "各支柱进度与序时进度",
    chart_status: "各支柱里程碑状态分布",
    count_unit: "项",
    expected_short: "序时",
    download_svg: "下载 SVG",
    show_data: "查看数据表",
    actual: "实际进度",
    milestones: "里程碑数",
    attention: "需关注",
    kpis_main: "进度概况",
    kpis_more: "项目、投资与填报",
    behind_list: "滞后与严重滞后",
    overdue_problems: "逾期未解决的问题",
    due_soon: "30 天内到期",
    dependency_clashes: "与前置里程碑日期冲突",
    none: "无",
    work_summary: "工作总结",
    copy_hint: "以下文字由实时数据生成，可直接复制到报告中。",
    chart_investment: "年度计划投资与完成投资（万元，按支柱）",
    no_pillar: "未归属",
    year: "年度",
    planned: "计划投资",
    completed: "完成投资",
    completion_rate: "完成率",
    bars_caption: "每年左柱为计划投资（浅色），右柱为完成投资",
    chart_burnup: "累计进度与计划进度（按月）",
    planned_progress: "计划进度",
    today: "今天",
    month_end: "月末",
    chart_timeline: "路线图时间轴（按五个一分道，颜色表示状态）",
    chart_investment_by_source: "年度计划投资与完成投资（万元，按资金来源）",
    as_of_label: "回看日期",
    as_of_notice: "历史回看：以下为该日结束时的状态。进度取当日及以前最后一次填报，投资完成额计至当日已结束的月份，问题按当日是否已提出、是否已关闭统计；里程碑的划分与计划日期为现行设置。",
    back_to_today: "回到今天",
    invest_stack: "投资图分类",
    invest_by_pillar: "按五个一",
    invest_by_source: "按资金来源",
    see_red: "查看全部严重滞后",
    see_yellow: "查看全部滞后",
};

pub static EN_DASH: DashTexts = DashTexts {
    chart_matrix: "Pillar × phase weighted progress",
    chart_progress: "Progress by pillar against expected",
    chart_status: "Milestone status by pillar",
    count_unit: "items",
    expected_short: "expected",
    download_svg: "Download SVG",
    show_data: "Show the data",
    actual: "Actual",
    milestones: "Milestones",
    attention: "Needs attention",
    kpis_main: "Progress at a glance",
    kpis_more: "Projects, investment and reporting",
    behind_list: "Behind and critical",
    overdue_problems: "Problems past their due date",
    due_soon: "Due within 30 days",
    dependency_clashes: "Starting before what they depend on",
    none: "None",
    work_summary: "Work summary",
    copy_hint: "Written from live data; copy it into a report.",
    chart_investment: "Planned and completed investment by year (10k CNY, by pillar)",
    no_pillar: "No pillar",
    year: "Year",
    planned: "Planned",
    completed: "Completed",
    completion_rate: "Completion",
    bars_caption: "Each year: planned on the left (light), completed on the right",
    chart_burnup: "Cumulative progress against plan, by month",
    planned_progress: "Planned",
    today: "Today",
    month_end: "Month end",
    chart_timeline: "Roadmap timeline (a lane per pillar, colour by status)",
    chart_investment_by_source: "Planned and completed investment by year (10k CNY, by funding source)",
    as_of_label: "As of",
    as_of_notice: "Looking back: this is the state at the end of that day. Progress is each milestone's last report by then, completed investment counts the months closed by then, and problems count if raised and not yet closed by then; milestones' grouping and planned dates are today's.",
    back_to_today: "Back to today",
    invest_stack: "Investment by",
    invest_by_pillar: "Pillar",
    invest_by_source: "Funding source",
    see_red: "All critical",
    see_yellow: "All behind",
};

impl Locale {
    /// "显示前 12 项，共 345 项" / "first 12 of 345"
    pub fn showing_first(self, shown: usize, total: usize) -> String {
        match self {
            Locale::Zh => format!("显示前 {shown} 项，共 {} 项", self.count(total)),
            Locale::En => format!("first {shown} of {}", self.count(total)),
        }
    }

    pub fn dash(self) -> &'static DashTexts {
        match self {
            Locale::Zh => &ZH_DASH,
            Locale::En => &EN_DASH,
        }
    }
}

impl Locale {
    /// The 工作总结 sentences for `f`.
    pub fn work_summary(self, f: &WorkFigures) -> Vec<String> {
        let share = f
            .completed_investment
            .percent_of(f.total_investment)
            .unwrap_or(0.0);
        let by_pillar = |sep: &str, fmt: &dyn Fn(&str, usize) -> String| {
            f.completed_this_year
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(name, n)| fmt(name, *n))
                .collect::<Vec<_>>()
                .join(sep)
        };
        let this_year: usize = f.completed_this_year.iter().map(|(_, n)| n).sum();
        let year = f.today.year();
        match self {
            Locale::Zh => {
                let detail = by_pillar("、", &|name, n| format!("{name} {n} 项"));
                vec![
                    format!(
                        "截至{}，路线图共有里程碑 {} 项，已完成 {} 项，总体进度 {:.1}%（序时进度 {:.1}%），{} 项滞后或严重滞后。",
                        zh_date(f.today), f.milestones, f.done, f.actual, f.expected, f.behind
                    ),
                    if this_year > 0 {
                        format!("{year}年以来完成里程碑 {this_year} 项，其中{detail}。")
                    } else {
                        format!("{year}年以来尚无完成的里程碑。")
                    },
                    format!(
                        "在库重大项目 {} 个、信息化项目 {} 个，总投资 {} 万元，累计完成投资 {} 万元，占总投资 {share:.1}%。",
                        f.projects_major, f.projects_information, f.total_investment, f.completed_investment
                    ),
                    format!("已摸排 {} 个单位的信息化项目 {} 个。", f.units_surveyed, f.projects_information),
                    format!("存在问题 {} 个尚未解决，其中 {} 个已超过整改期限。", f.open_problems, f.overdue_problems),
                    if f.activities.is_empty() {
                        format!("{year}年以来工作台账尚无记录。")
                    } else {
                        let done: Vec<String> = f
                            .activities
                            .iter()
                            .map(|(name, measure, n)| format!("{name} {n} {measure}"))
                            .collect();
                        format!("{year}年以来开展{}。", done.join("、"))
                    },
                ]
            }
            Locale::En => {
                let detail = by_pillar(", ", &|name, n| format!("{n} in {name}"));
                vec![
                    format!(
                        "As of {}, the roadmap has {} milestones, {} completed; overall progress {:.1}% against {:.1}% expected; {} behind or critical.",
                        f.today, f.milestones, f.done, f.actual, f.expected, f.behind
                    ),
                    if this_year > 0 {
                        format!("{this_year} milestones completed since the start of {year}: {detail}.")
                    } else {
                        format!("No milestone completed yet in {year}.")
                    },
                    format!(
                        "{} major and {} information projects, total investment {} (10k CNY), {} completed ({share:.1}%).",
                        f.projects_major, f.projects_information, f.total_investment, f.completed_investment
                    ),
                    format!("{} information projects surveyed across {} units.", f.projects_information, f.units_surveyed),
                    format!("{} problems open, {} past their due date.", f.open_problems, f.overdue_problems),
                    if f.activities.is_empty() {
                        format!("Nothing in the activity ledger yet in {year}.")
                    } else {
                        let done: Vec<String> = f
                            .activities
                            .iter()
                            .map(|(name, _, n)| format!("{name} ×{n}"))
                            .collect();
                        format!("Activities since the start of {year}: {}.", done.join(", "))
                    },
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Wan;

    #[test]
    fn the_work_summary_fills_in_the_reports_figures() {
        let f = WorkFigures {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            milestones: 42,
            done: 28,
            actual: 82.04,
            expected: 85.1,
            behind: 8,
            completed_this_year: vec![
                ("一朵云".into(), 2),
                ("一张网".into(), 0),
                ("一平台".into(), 3),
            ],
            projects_major: 8,
            projects_information: 7,
            total_investment: Wan(3_413_440),
            completed_investment: Wan(2_298_536),
            units_surveyed: 6,
            open_problems: 5,
            overdue_problems: 2,
            activities: vec![
                ("集体学习".into(), "次".into(), 26),
                ("数据讲堂".into(), "次".into(), 25),
            ],
        };
        let zh = Locale::Zh.work_summary(&f);
        assert_eq!(zh[0], "截至2026年11月24日，路线图共有里程碑 42 项，已完成 28 项，总体进度 82.0%（序时进度 85.1%），8 项滞后或严重滞后。");
        assert_eq!(
            zh[1],
            "2026年以来完成里程碑 5 项，其中一朵云 2 项、一平台 3 项。"
        );
        assert_eq!(zh[2], "在库重大项目 8 个、信息化项目 7 个，总投资 34,134.40 万元，累计完成投资 22,985.36 万元，占总投资 67.3%。");
        assert_eq!(zh[3], "已摸排 6 个单位的信息化项目 7 个。");
        assert_eq!(zh[4], "存在问题 5 个尚未解决，其中 2 个已超过整改期限。");
        assert_eq!(zh[5], "2026年以来开展集体学习 26 次、数据讲堂 25 次。");
        let en = Locale::En.work_summary(&f);
        assert!(en[1].contains("2 in 一朵云, 3 in 一平台"));
        let quiet = WorkFigures {
            completed_this_year: vec![],
            activities: vec![],
            ..f
        };
        let quiet = Locale::Zh.work_summary(&quiet);
        assert_eq!(quiet[1], "2026年以来尚无完成的里程碑。");
        assert_eq!(
            quiet[5], "2026年以来工作台账尚无记录。",
            "says so, not zeros"
        );
    }
}
