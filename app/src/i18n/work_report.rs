//! The words of the 工作总结 document, the 通报, the 指标 page and the report page.

use chrono::{Datelike, NaiveDate};

use super::{zh_date, Locale};
use crate::domain::indicators::{ComputedKey, IndicatorPeriod, Source};
use crate::domain::report_doc::{PeriodKind, ReportPeriod};

pub struct ReportTexts {
    pub work: &'static str,
    pub overall: &'static str,
    pub projects: &'static str,
    pub indicators: &'static str,
    pub activities: &'static str,
    pub problems: &'static str,
    pub plan: &'static str,
    pub col_no: &'static str,
    pub col_project: &'static str,
    pub col_unit: &'static str,
    pub col_total: &'static str,
    pub col_completed: &'static str,
    pub col_share: &'static str,
    pub col_indicator: &'static str,
    pub col_measure: &'static str,
    pub col_value: &'static str,
    pub col_target: &'static str,
    pub col_expected: &'static str,
    pub col_standing: &'static str,
    pub total_row: &'static str,
    pub on_track: &'static str,
    pub off_track: &'static str,
    pub no_figure: &'static str,
    pub no_projects: &'static str,
    pub no_indicators: &'static str,
    pub no_activities: &'static str,
    pub no_problems: &'static str,
    pub no_plan: &'static str,
    pub chart_progress: &'static str,
    pub chart_burnup: &'static str,
    pub chart_investment: &'static str,
    pub list_sep: &'static str,
    pub ranking_title: &'static str,
    pub col_items: &'static str,
    pub col_on_schedule: &'static str,
    pub col_late_submissions: &'static str,
    pub col_rank: &'static str,
    pub no_units: &'static str,
    // The report page.
    pub page_title: &'static str,
    pub nav: &'static str,
    pub page_hint: &'static str,
    pub period_label: &'static str,
    pub first_half: &'static str,
    pub three_quarters: &'static str,
    pub whole_year: &'static str,
    pub custom: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    pub generate: &'static str,
    pub generate_ranking: &'static str,
    pub with_pdf: &'static str,
    pub no_pdf: &'static str,
    pub narrative_before: &'static str,
    pub narrative_after: &'static str,
    pub save_narrative: &'static str,
    pub saved: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub col_generated: &'static str,
    pub col_period: &'static str,
    pub col_kind: &'static str,
    pub col_version: &'static str,
    pub col_files: &'static str,
    pub kind_summary: &'static str,
    pub kind_ranking: &'static str,
    pub generated: &'static str,
    pub outline: &'static str,
    pub open_report: &'static str,
}

pub static ZH_REPORT: ReportTexts = ReportTexts {
    work: "工作开展情况",
    overall: "总体进展",
    projects: "重大项目建设",
    indicators: "主要指标完成情况",
    activities: "日常工作开展情况",
    problems: "存在的问题",
    plan: "下一步工作计划",
    col_no: "序号",
    col_project: "项目名称",
    col_unit: "单位",
    col_total: "总投资（万元）",
    col_completed: "累计完成投资（万元）",
    col_share: "完成率",
    col_indicator: "指标",
    col_measure: "计量单位",
    col_value: "截至期末",
    col_target: "年度目标",
    col_expected: "序时要求",
    col_standing: "完成情况",
    total_row: "合计",
    on_track: "达到序时",
    off_track: "未达序时",
    no_figure: "—",
    no_projects: "本期暂无在库重大项目。",
    no_indicators: "尚未设置工作指标。",
    no_activities: "本期工作台账无记录。",
    no_problems: "本期无未解决的问题。",
    no_plan: "下一阶段暂无到期的里程碑。",
    chart_progress: "图1 各支柱完成进度与序时进度",
    chart_burnup: "图2 里程碑累计完成情况",
    chart_investment: "图3 重大项目年度投资",
    list_sep: "、",
    ranking_title: "各单位数字化转型工作推进情况通报",
    col_items: "承担事项",
    col_on_schedule: "按序时推进",
    col_late_submissions: "逾期报送",
    col_rank: "排名",
    no_units: "暂无承担事项的单位。",
    page_title: "工作总结",
    nav: "总结",
    page_hint: "选择期间，按实时数据生成公文格式（GB/T 9704）的工作总结。各章节前后可填写说明文字，重新生成时保留。",
    period_label: "报告期间",
    first_half: "上半年",
    three_quarters: "前三季度",
    whole_year: "全年",
    custom: "自定义",
    from: "开始日期",
    to: "结束日期",
    show: "查看",
    generate: "生成工作总结",
    generate_ranking: "生成单位通报",
    with_pdf: "同时生成 PDF",
    no_pdf: "服务器未安装 LibreOffice，只能生成 Word（DOCX）文件。",
    narrative_before: "章节前说明",
    narrative_after: "章节后说明",
    save_narrative: "保存说明",
    saved: "已保存",
    history: "已生成的文件",
    no_history: "该期间尚未生成文件。",
    col_generated: "生成时间",
    col_period: "期间",
    col_kind: "类型",
    col_version: "数据版本",
    col_files: "下载",
    kind_summary: "工作总结",
    kind_ranking: "单位通报",
    generated: "已生成",
    outline: "报告结构与说明文字",
    open_report: "生成公文格式的工作总结（Word / PDF）",
};

pub static EN_REPORT: ReportTexts = ReportTexts {
    work: "Work done",
    overall: "Overall progress",
    projects: "Major projects",
    indicators: "Indicators",
    activities: "Recurring work",
    problems: "Problems",
    plan: "Plan for the next period",
    col_no: "No.",
    col_project: "Project",
    col_unit: "Unit",
    col_total: "Total investment (10k CNY)",
    col_completed: "Completed (10k CNY)",
    col_share: "Share",
    col_indicator: "Indicator",
    col_measure: "Measure",
    col_value: "At period end",
    col_target: "Yearly target",
    col_expected: "Expected by now",
    col_standing: "Standing",
    total_row: "Total",
    on_track: "on track",
    off_track: "behind",
    no_figure: "—",
    no_projects: "No major projects in the registry for this period.",
    no_indicators: "No indicators have been set up.",
    no_activities: "Nothing in the activity ledger for this period.",
    no_problems: "No open problems in this period.",
    no_plan: "No milestones fall due in the next period.",
    chart_progress: "Figure 1 Progress by pillar against expected",
    chart_burnup: "Figure 2 Milestones completed over time",
    chart_investment: "Figure 3 Major-project investment by year",
    list_sep: ", ",
    ranking_title: "Progress of the units' digital-transformation items",
    col_items: "Items",
    col_on_schedule: "On schedule",
    col_late_submissions: "Late submissions",
    col_rank: "Rank",
    no_units: "No unit owns any item yet.",
    page_title: "Work report",
    nav: "Report",
    page_hint: "Choose a period and generate the work report from live data, laid out as an official document (GB/T 9704). Text written before or after each section is kept when the report is generated again.",
    period_label: "Period",
    first_half: "First half",
    three_quarters: "First three quarters",
    whole_year: "Whole year",
    custom: "Custom",
    from: "From",
    to: "To",
    show: "Show",
    generate: "Generate report",
    generate_ranking: "Generate unit ranking",
    with_pdf: "Also make a PDF",
    no_pdf: "LibreOffice is not installed on the server: only Word (DOCX) files can be made.",
    narrative_before: "Text before the section",
    narrative_after: "Text after the section",
    save_narrative: "Save text",
    saved: "Saved",
    history: "Generated files",
    no_history: "Nothing generated for this period yet.",
    col_generated: "Generated",
    col_period: "Period",
    col_kind: "Kind",
    col_version: "Data version",
    col_files: "Download",
    kind_summary: "Work report",
    kind_ranking: "Unit ranking",
    generated: "Generated",
    outline: "Sections and narrative",
    open_report: "Generate the work report as an official document (Word / PDF)",
};

/// How the numbers of the report's sentences are told.
pub struct OverallFigures {
    pub day: NaiveDate,
    pub milestones: usize,
    pub done: usize,
    pub actual: f64,
    pub expected: f64,
    pub behind: usize,
}

impl Locale {
    pub fn report(self) -> &'static ReportTexts {
        match self {
            Locale::Zh => &ZH_REPORT,
            Locale::En => &EN_REPORT,
        }
    }

    /// "2026年上半年", "2026年前三季度", "2026年", or the days.
    pub fn period_name(self, period: ReportPeriod) -> String {
        let year = period.from.year();
        match (self, period.kind()) {
            (Locale::Zh, PeriodKind::FirstHalf) => format!("{year}年上半年"),
            (Locale::Zh, PeriodKind::FirstThreeQuarters) => format!("{year}年前三季度"),
            (Locale::Zh, PeriodKind::WholeYear) => format!("{year}年"),
            (Locale::Zh, PeriodKind::Range) => {
                format!("{}至{}", zh_date(period.from), zh_date(period.to))
            }
            (Locale::En, PeriodKind::FirstHalf) => format!("first half of {year}"),
            (Locale::En, PeriodKind::FirstThreeQuarters) => {
                format!("first three quarters of {year}")
            }
            (Locale::En, PeriodKind::WholeYear) => year.to_string(),
            (Locale::En, PeriodKind::Range) => format!("{} to {}", period.from, period.to),
        }
    }

    /// The issuing body: the county's big-data centre.
    pub fn issuing_body(self, county: Option<&str>) -> String {
        let county = county.unwrap_or_default();
        match self {
            Locale::Zh => format!("{county}大数据中心"),
            Locale::En if county.is_empty() => "Big-data centre".into(),
            Locale::En => format!("{county} big-data centre"),
        }
    }

    /// "XX县大数据中心2026年上半年工作总结及下半年工作计划".
    pub fn report_title(self, body: &str, period: ReportPeriod) -> String {
        let next = period.next();
        match self {
            Locale::Zh => {
                let next_name = match period.kind() {
                    PeriodKind::FirstHalf => "下半年".to_string(),
                    PeriodKind::FirstThreeQuarters => "第四季度".to_string(),
                    PeriodKind::WholeYear => format!("{}年", next.from.year()),
                    PeriodKind::Range => "下一阶段".to_string(),
                };
                format!(
                    "{body}{}工作总结及{next_name}工作计划",
                    self.period_name(period)
                )
            }
            Locale::En => format!(
                "{body}: work report for the {} and plan for the next period",
                self.period_name(period)
            ),
        }
    }

    /// The 总体进展 sentence: the same figures as the dashboard for the day.
    pub fn report_overall(self, f: &OverallFigures) -> String {
        if f.milestones == 0 {
            return match self {
                Locale::Zh => format!("截至{}，路线图尚无里程碑。", zh_date(f.day)),
                Locale::En => format!("As of {}, the roadmap has no milestones yet.", f.day),
            };
        }
        let gap = f.actual - f.expected;
        match self {
            Locale::Zh => {
                let standing = if gap >= 0.0 {
                    format!("超出序时进度 {gap:.1} 个百分点")
                } else {
                    format!("落后序时进度 {:.1} 个百分点", -gap)
                };
                format!(
                    "截至{}，路线图共有里程碑 {} 项，已完成 {} 项，总体完成进度 {:.1}%，序时进度 {:.1}%，{standing}；{} 项滞后或严重滞后。",
                    zh_date(f.day), f.milestones, f.done, f.actual, f.expected, f.behind
                )
            }
            Locale::En => format!(
                "As of {}, the roadmap has {} milestones, {} completed; overall progress {:.1}% against {:.1}% expected ({gap:+.1} points); {} behind or critical.",
                f.day, f.milestones, f.done, f.actual, f.expected, f.behind
            ),
        }
    }

    /// One pillar's sentence: what was completed in the period, what is under way, what lags.
    /// `completed` and `behind` are (the titles to name, how many in all).
    pub fn report_pillar(
        self,
        completed: (&[String], usize),
        total: usize,
        actual: f64,
        expected: f64,
        behind: (&[String], usize),
    ) -> String {
        let ((completed, completed_count), (behind, behind_count)) = (completed, behind);
        let t = self.report();
        if total == 0 {
            return match self {
                Locale::Zh => "该领域暂无里程碑。".into(),
                Locale::En => "No milestones under this pillar.".into(),
            };
        }
        match self {
            Locale::Zh => {
                let done = if completed.is_empty() {
                    "本期无新完成的里程碑".to_string()
                } else {
                    format!(
                        "本期完成{}等 {} 项里程碑",
                        completed.join(t.list_sep),
                        completed_count
                    )
                };
                let lag = if behind.is_empty() {
                    "无滞后事项".to_string()
                } else {
                    format!("{}等 {} 项滞后", behind.join(t.list_sep), behind_count)
                };
                format!("共有里程碑 {total} 项，完成进度 {actual:.1}%（序时进度 {expected:.1}%）。{done}；{lag}。")
            }
            Locale::En => {
                let done = if completed.is_empty() {
                    "no milestone completed in the period".to_string()
                } else {
                    format!(
                        "{} completed in the period: {}",
                        completed_count,
                        completed.join(t.list_sep)
                    )
                };
                let lag = if behind.is_empty() {
                    "none behind".to_string()
                } else {
                    format!("{} behind: {}", behind_count, behind.join(t.list_sep))
                };
                format!("{total} milestones, {actual:.1}% done ({expected:.1}% expected); {done}; {lag}.")
            }
        }
    }

    /// What a list leaves out.
    pub fn report_more(self, more: usize) -> String {
        match self {
            Locale::Zh => format!("另有 {more} 项，此处从略。"),
            Locale::En => format!("{more} more, not listed here."),
        }
    }

    /// The projects' sentence above their table.
    pub fn report_projects(self, count: usize, total: &str, completed: &str, share: f64) -> String {
        match self {
            Locale::Zh => format!(
                "在库重大项目 {count} 个，总投资 {total} 万元，累计完成投资 {completed} 万元，占总投资 {share:.1}%。"
            ),
            Locale::En => format!(
                "{count} major projects, total investment {total} (10k CNY), {completed} completed ({share:.1}%)."
            ),
        }
    }

    /// The ledger's sentence: "本期开展集体学习 12 次、数据讲堂 6 次。"
    pub fn report_activities(self, counts: &[(String, String, i64)]) -> String {
        match self {
            Locale::Zh => {
                let done: Vec<String> = counts
                    .iter()
                    .map(|(name, measure, n)| format!("{name} {n} {measure}"))
                    .collect();
                format!("本期开展{}。", done.join("、"))
            }
            Locale::En => {
                let done: Vec<String> = counts
                    .iter()
                    .map(|(name, _, n)| format!("{name} ×{n}"))
                    .collect();
                format!("In the period: {}.", done.join(", "))
            }
        }
    }

    /// One open problem: "描述（责任单位：…，整改时限：…，已逾期）".
    pub fn report_problem(
        self,
        description: &str,
        unit: Option<&str>,
        due: NaiveDate,
        overdue: bool,
    ) -> String {
        match self {
            Locale::Zh => {
                let unit = unit.map(|u| format!("责任单位：{u}，")).unwrap_or_default();
                let late = if overdue { "，已逾期" } else { "" };
                format!("{description}（{unit}整改时限：{}{late}）。", zh_date(due))
            }
            Locale::En => {
                let unit = unit.map(|u| format!("owner {u}, ")).unwrap_or_default();
                let late = if overdue { ", overdue" } else { "" };
                format!("{description} ({unit}due {due}{late}).")
            }
        }
    }

    /// One milestone of the plan: "标题（牵头单位，计划于…完成，目前进度 40%）".
    pub fn report_plan_item(self, title: &str, unit: &str, due: NaiveDate, percent: i64) -> String {
        match self {
            Locale::Zh => format!(
                "{title}（{unit}牵头，计划于{}完成，目前进度 {percent}%）。",
                zh_date(due)
            ),
            Locale::En => format!("{title} ({unit}, due {due}, now {percent}%)."),
        }
    }

    /// The sentence above the unit ranking.
    pub fn ranking_intro(self, period: ReportPeriod, day: NaiveDate, units: usize) -> String {
        match self {
            Locale::Zh => format!(
                "现将{}各单位承担的数字化转型事项推进情况通报如下（数据截至{}，共 {units} 个单位，按序时推进比例排序）。",
                self.period_name(period), zh_date(day)
            ),
            Locale::En => format!(
                "Progress of the {units} units' items in the {} (figures as of {day}), ranked by the share on schedule.",
                self.period_name(period)
            ),
        }
    }
}

/// The words of the 指标 page and the dashboard's indicator tiles.
pub struct IndicatorTexts {
    pub title: &'static str,
    pub nav: &'static str,
    pub hint: &'static str,
    pub empty: &'static str,
    pub col_name: &'static str,
    pub col_period: &'static str,
    pub col_source: &'static str,
    pub col_value: &'static str,
    pub col_target: &'static str,
    pub col_expected: &'static str,
    pub col_trend: &'static str,
    pub add: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub measure: &'static str,
    pub direction: &'static str,
    pub higher: &'static str,
    pub lower: &'static str,
    pub period: &'static str,
    pub month: &'static str,
    pub quarter: &'static str,
    pub year: &'static str,
    pub aggregate: &'static str,
    pub sum: &'static str,
    pub latest: &'static str,
    pub source: &'static str,
    pub entered: &'static str,
    pub ledger_prefix: &'static str,
    pub computed_prefix: &'static str,
    pub pillar: &'static str,
    pub domain: &'static str,
    pub unit: &'static str,
    pub target_year: &'static str,
    pub target: &'static str,
    pub pinned: &'static str,
    pub record: &'static str,
    pub edit: &'static str,
    pub values: &'static str,
    pub period_day: &'static str,
    pub value: &'static str,
    pub note: &'static str,
    pub save: &'static str,
    pub tiles: &'static str,
    pub filter: &'static str,
    pub any: &'static str,
}

pub static ZH_INDICATORS: IndicatorTexts = IndicatorTexts {
    title: "工作指标",
    nav: "指标",
    hint: "工作总结引用的次数、比率和金额。指标值可按期填报，也可由工作台账或系统数据自动统计；标记“置顶”的指标显示在总览页。",
    empty: "尚未设置指标。",
    col_name: "指标",
    col_period: "周期",
    col_source: "取值方式",
    col_value: "本年累计",
    col_target: "年度目标",
    col_expected: "序时要求",
    col_trend: "近期走势",
    add: "新增指标",
    name_zh: "指标名称",
    name_en: "英文名称（可选）",
    measure: "计量单位（次、项、个、%、万元、TB…）",
    direction: "方向",
    higher: "越高越好",
    lower: "越低越好",
    period: "统计周期",
    month: "月",
    quarter: "季度",
    year: "年",
    aggregate: "年度合计方式",
    sum: "各期相加",
    latest: "取最近一期",
    source: "取值方式",
    entered: "人工填报",
    ledger_prefix: "台账计数：",
    computed_prefix: "系统统计：",
    pillar: "支柱（可选）",
    domain: "领域（可选）",
    unit: "责任单位（可选）",
    target_year: "目标年份",
    target: "年度目标（可选）",
    pinned: "在总览页置顶显示",
    record: "填报",
    edit: "修改",
    values: "已填报的值",
    period_day: "所属期间（该期任一日）",
    value: "指标值",
    note: "说明（可选）",
    save: "保存",
    tiles: "重点指标",
    filter: "筛选",
    any: "全部",
};

pub static EN_INDICATORS: IndicatorTexts = IndicatorTexts {
    title: "Indicators",
    nav: "Indicators",
    hint: "The counts, rates and amounts the work report cites. Values are entered per period, or counted from the activity ledger or the tracker's own data; pinned indicators show on the dashboard.",
    empty: "No indicators yet.",
    col_name: "Indicator",
    col_period: "Period",
    col_source: "Source",
    col_value: "This year",
    col_target: "Yearly target",
    col_expected: "Expected by now",
    col_trend: "Trend",
    add: "Add an indicator",
    name_zh: "Name (Chinese)",
    name_en: "Name (English, optional)",
    measure: "Measure (times, items, %, 10k CNY, TB…)",
    direction: "Direction",
    higher: "Higher is better",
    lower: "Lower is better",
    period: "Period",
    month: "Month",
    quarter: "Quarter",
    year: "Year",
    aggregate: "Yearly figure",
    sum: "Sum of periods",
    latest: "Latest period",
    source: "Source of values",
    entered: "Entered",
    ledger_prefix: "Ledger count: ",
    computed_prefix: "Computed: ",
    pillar: "Pillar (optional)",
    domain: "Domain (optional)",
    unit: "Owning unit (optional)",
    target_year: "Target year",
    target: "Yearly target (optional)",
    pinned: "Pin to the dashboard",
    record: "Record",
    edit: "Edit",
    values: "Recorded values",
    period_day: "Period (any day in it)",
    value: "Value",
    note: "Note (optional)",
    save: "Save",
    tiles: "Key indicators",
    filter: "Filter",
    any: "All",
};

impl Locale {
    pub fn indicators(self) -> &'static IndicatorTexts {
        match self {
            Locale::Zh => &ZH_INDICATORS,
            Locale::En => &EN_INDICATORS,
        }
    }

    /// The name of a computed figure.
    pub fn computed_figure(self, key: ComputedKey) -> &'static str {
        match key {
            ComputedKey::MilestonesCompleted => self.pick("完成里程碑数", "Milestones completed"),
            ComputedKey::ProblemsClosed => self.pick("解决问题数", "Problems closed"),
            ComputedKey::InvestmentCompleted => {
                self.pick("完成投资（万元）", "Investment completed (10k CNY)")
            }
            ComputedKey::MajorProjects => self.pick("在库重大项目数", "Major projects"),
            ComputedKey::UnitsSurveyed => self.pick("已摸排单位数", "Units surveyed"),
        }
    }

    /// The name of a period code (`month` …).
    pub fn indicator_period(self, code: &str) -> &'static str {
        let t = self.indicators();
        match IndicatorPeriod::from_code(code) {
            Some(IndicatorPeriod::Month) => t.month,
            Some(IndicatorPeriod::Quarter) => t.quarter,
            Some(IndicatorPeriod::Year) | None => t.year,
        }
    }

    /// How a value is obtained, from its code and the activity types' names.
    pub fn indicator_source(self, code: &str, types: &[crate::model::ActivityTypeView]) -> String {
        let t = self.indicators();
        match Source::from_code(code) {
            Some(Source::Ledger(id)) => {
                let name = types
                    .iter()
                    .find(|ty| ty.id == id)
                    .map(|ty| self.pick(&ty.name_zh, &ty.name_en))
                    .unwrap_or_default();
                format!("{}{name}", t.ledger_prefix)
            }
            Some(Source::Computed(key)) => {
                format!("{}{}", t.computed_prefix, self.computed_figure(key))
            }
            Some(Source::Entered) | None => t.entered.to_string(),
        }
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (numbers of a 公文's headings).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let head = if tens == 1 { "" } else { DIGITS[tens] };
            let tail = if ones == 0 { "" } else { DIGITS[ones] };
            format!("{head}十{tail}")
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_count_in_chinese() {
        let got: Vec<String> = [1, 2, 9, 10, 11, 20, 23].map(chinese_number).to_vec();
        assert_eq!(got, ["一", "二", "九", "十", "十一", "二十", "二十三"]);
    }
}
