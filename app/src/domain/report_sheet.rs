//! The provincial reporting sheet (项目进展情况表), as data: which columns, which rows, which
//! groups and totals. The XLSX and CSV writers only lay this out; every figure is decided here,
//! in exact 万元, so the totals equal the sum of their rows to the fen in every format.

use super::model::ConstructionType;
use super::money::Wan;

/// The sheet's columns in order; 资金来源 spans five of them.
pub const FUND_SOURCES: [&str; 5] = ["中央", "省", "市", "县", "自筹"];

/// Column headings (one row; 资金来源's five columns come as "资金来源（中央）" and so on).
pub const COLUMNS: [&str; 23] = [
    "序号",
    "项目代码",
    "项目名称",
    "建设单位",
    "建设地点",
    "建设性质",
    "所属支柱（五个一）",
    "建设内容及规模",
    "建设起止年限",
    "总投资（万元）",
    "资金来源（中央）",
    "资金来源（省）",
    "资金来源（市）",
    "资金来源（县）",
    "资金来源（自筹）",
    "截至上年底累计完成投资",
    "本年计划投资",
    "本年完成投资",
    "占年度计划（%）",
    "形象进度",
    "存在问题",
    "联系人",
    "联系电话",
];

/// Index of the first 资金来源 column in [`COLUMNS`].
pub const FIRST_FUND_COLUMN: usize = 10;

/// The amounts of one row, a group's subtotal or the 合计.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amounts {
    pub total: Wan,
    /// 中央, 省, 市, 县, 自筹 (社会资本).
    pub funds: [Wan; 5],
    /// 截至上年底累计完成投资
    pub completed_before_year: Wan,
    /// 本年计划投资
    pub planned_this_year: Wan,
    /// 本年完成投资
    pub completed_this_year: Wan,
}

impl Amounts {
    pub fn add(&mut self, other: &Amounts) {
        self.total += other.total;
        for (sum, fund) in self.funds.iter_mut().zip(other.funds) {
            *sum += fund;
        }
        self.completed_before_year += other.completed_before_year;
        self.planned_this_year += other.planned_this_year;
        self.completed_this_year += other.completed_this_year;
    }

    /// 占年度计划: this year's completed investment as a percentage of its plan.
    pub fn share_of_plan(&self) -> Option<f64> {
        self.completed_this_year.percent_of(self.planned_this_year)
    }
}

/// One project's row.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportProject {
    pub code: Option<String>,
    pub name: String,
    pub unit: String,
    pub location: String,
    pub construction: ConstructionType,
    /// 所属支柱, by name; `None` where the project is not tied to a pillar.
    pub pillar: Option<String>,
    pub content: String,
    pub start_year: i32,
    pub end_year: i32,
    pub amounts: Amounts,
    pub visible_progress: String,
    /// Open 存在问题, joined.
    pub problems: String,
    pub contact_name: String,
    pub contact_phone: String,
}

impl ReportProject {
    /// 建设性质 as the sheet writes it.
    pub fn construction_label(&self) -> &'static str {
        Self::label_of(self.construction)
    }

    fn label_of(construction: ConstructionType) -> &'static str {
        match construction {
            ConstructionType::New => "新建",
            ConstructionType::Continuing => "续建",
            ConstructionType::Expansion => "改扩建",
        }
    }

    /// 建设起止年限 as the sheet writes it, e.g. "2023-2025".
    pub fn years(&self) -> String {
        format!("{}-{}", self.start_year, self.end_year)
    }
}

/// How rows are grouped, chosen at export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// 一、新建项目 / 二、续建项目 / 三、改扩建项目
    Construction,
    /// By 五个一 pillar, in the pillars' order; projects with none come last.
    Pillar,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// "一、新建项目"
    pub title: String,
    pub rows: Vec<ReportProject>,
    pub subtotal: Amounts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportSheet {
    pub title: String,
    /// 填报单位
    pub reporting_unit: String,
    /// 填报日期, as written on the sheet.
    pub report_date: String,
    /// The year 本年 refers to.
    pub year: i32,
    pub total: Amounts,
    pub groups: Vec<Group>,
}

impl ReportSheet {
    pub fn project_count(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }
}

/// Chinese ordinal for group titles: 一、二、… 十、十一.
fn ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// The names of the groups `grouping` makes, in the sheet's order; a group's index here is the
/// one [`group_of`] gives. Some may have no rows.
pub fn group_names(grouping: Grouping, pillar_order: &[String]) -> Vec<String> {
    match grouping {
        Grouping::Construction => ["新建项目", "续建项目", "改扩建项目"]
            .map(String::from)
            .to_vec(),
        Grouping::Pillar => pillar_order
            .iter()
            .cloned()
            .chain(["未归属五个一".to_string()])
            .collect(),
    }
}

/// The group (an index into [`group_names`]) of a project of `construction` and `pillar`.
pub fn group_of(
    grouping: Grouping,
    pillar_order: &[String],
    construction: ConstructionType,
    pillar: Option<&str>,
) -> usize {
    match grouping {
        Grouping::Construction => match construction {
            ConstructionType::New => 0,
            ConstructionType::Continuing => 1,
            ConstructionType::Expansion => 2,
        },
        Grouping::Pillar => pillar
            .and_then(|name| pillar_order.iter().position(|known| known == name))
            .unwrap_or(pillar_order.len()),
    }
}

/// What goes above a group's rows: its title ("一、新建项目"), how many rows it has, their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupHead {
    /// The group's index in [`group_names`].
    pub index: usize,
    pub title: String,
    pub rows: usize,
    pub subtotal: Amounts,
}

/// Every figure the sheet puts above its rows: the 合计 and each group's head, known before the
/// first row is written (a streamed sheet gets them from the database first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetSums {
    pub rows: usize,
    pub total: Amounts,
    /// The groups with rows, in the sheet's order.
    pub groups: Vec<GroupHead>,
}

impl SheetSums {
    /// From each group's row count and subtotal, by index into [`group_names`]: groups without
    /// rows are left out, the rest numbered 一、二、… in the sheet's order.
    pub fn from_groups(
        grouping: Grouping,
        pillar_order: &[String],
        counted: impl IntoIterator<Item = (usize, usize, Amounts)>,
    ) -> SheetSums {
        let names = group_names(grouping, pillar_order);
        let mut by_index: Vec<(usize, Amounts)> = vec![(0, Amounts::default()); names.len()];
        for (index, rows, amounts) in counted {
            if let Some(slot) = by_index.get_mut(index) {
                slot.0 += rows;
                slot.1.add(&amounts);
            }
        }
        let mut sums = SheetSums::default();
        for (index, (name, (rows, subtotal))) in names.into_iter().zip(by_index).enumerate() {
            if rows == 0 {
                continue;
            }
            sums.rows += rows;
            sums.total.add(&subtotal);
            sums.groups.push(GroupHead {
                index,
                title: format!("{}、{name}", ordinal(sums.groups.len() + 1)),
                rows,
                subtotal,
            });
        }
        sums
    }
}

/// Builds the sheet: rows grouped as asked (groups with no rows are left out), 序号 restarting in
/// each group, a subtotal per group and the 合计 over all.
pub fn build(
    title: String,
    reporting_unit: String,
    report_date: String,
    year: i32,
    projects: Vec<ReportProject>,
    grouping: Grouping,
    pillar_order: &[String],
) -> ReportSheet {
    let group_of =
        |p: &ReportProject| group_of(grouping, pillar_order, p.construction, p.pillar.as_deref());
    let mut buckets: Vec<Vec<ReportProject>> =
        vec![Vec::new(); group_names(grouping, pillar_order).len()];
    for project in projects {
        buckets[group_of(&project)].push(project);
    }
    let sums = SheetSums::from_groups(
        grouping,
        pillar_order,
        buckets.iter().enumerate().map(|(index, rows)| {
            let mut subtotal = Amounts::default();
            for row in rows {
                subtotal.add(&row.amounts);
            }
            (index, rows.len(), subtotal)
        }),
    );
    let groups = sums
        .groups
        .into_iter()
        .map(|head| Group {
            title: head.title,
            rows: std::mem::take(&mut buckets[head.index]),
            subtotal: head.subtotal,
        })
        .collect();
    ReportSheet {
        title,
        reporting_unit,
        report_date,
        year,
        total: sums.total,
        groups,
    }
}

/// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or
/// carriage return) gets a leading apostrophe, which spreadsheets show as plain text.
pub fn defuse_formula(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// The template's own words around the table. The provincial sheet is a Chinese file format,
/// whatever language its reader uses, so these are not interface messages.
pub mod words {
    use crate::domain::model::ProjectKind;

    pub const SHEET_NAME: &str = "项目进展情况表";
    pub const FUND_GROUP: &str = "资金来源（万元）";
    /// How a true / false cell reads.
    pub const YES: &str = "是";
    pub const NO: &str = "否";

    /// `某县2026年重大项目进展情况表（截至2026年10月）`; `as_of` is the locked month as Chinese
    /// offices write it.
    pub fn title(
        county: &str,
        year: i32,
        kind: Option<ProjectKind>,
        as_of: Option<&str>,
    ) -> String {
        let kind = match kind {
            Some(ProjectKind::Major) => "重大项目",
            Some(ProjectKind::Information) => "信息化项目",
            None => "重大项目及信息化项目",
        };
        let as_of = as_of.map(|m| format!("（截至{m}）")).unwrap_or_default();
        format!("{county}{year}年{kind}进展情况表{as_of}")
    }

    pub fn reporting_unit(county: &str) -> String {
        format!("{county}大数据发展中心")
    }

    pub fn reporting_unit_line(unit: &str) -> String {
        format!("填报单位：{unit}")
    }

    pub fn report_date_line(date: &str) -> String {
        format!("填报日期：{date}")
    }

    pub fn total(projects: usize) -> String {
        format!("合计（{projects} 个项目）")
    }

    pub fn group(title: &str, projects: usize) -> String {
        format!("{title}（{projects} 个）")
    }

    /// The merged sheet of many counties' packages, e.g. "某市2026年11月重大项目进展情况汇总表".
    pub fn merged_title(region: &str, year: i32, month: u32) -> String {
        format!("{region}{year}年{month}月重大项目进展情况汇总表")
    }

    /// A county's group in the merged sheet: "一、示例县（339901）".
    pub fn merged_county_group(index: usize, county: &str, code: &str) -> String {
        format!("{}、{county}（{code}）", super::ordinal(index + 1))
    }
}

/// The 五个一 pillars in the provincial order, for laying out figures reported by pillar name.
pub const FIVE_PILLARS: [&str; 5] = ["一朵云", "一张网", "一平台", "一系统", "一城墙"];

/// 建设性质 read back from the label the sheet writes; `None` for any other text.
pub fn construction_from_label(label: &str) -> Option<ConstructionType> {
    [
        ConstructionType::New,
        ConstructionType::Continuing,
        ConstructionType::Expansion,
    ]
    .into_iter()
    .find(|ty| ReportProject::label_of(*ty) == label.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(
        name: &str,
        ty: ConstructionType,
        pillar: Option<&str>,
        total: i64,
    ) -> ReportProject {
        ReportProject {
            code: None,
            name: name.into(),
            unit: "县大数据发展中心".into(),
            location: String::new(),
            construction: ty,
            pillar: pillar.map(String::from),
            content: String::new(),
            start_year: 2025,
            end_year: 2026,
            amounts: Amounts {
                total: Wan(total),
                funds: [Wan(0), Wan(0), Wan(0), Wan(total - 1), Wan(1)],
                completed_before_year: Wan(total / 3),
                planned_this_year: Wan(total / 2),
                completed_this_year: Wan(total / 4),
            },
            visible_progress: String::new(),
            problems: String::new(),
            contact_name: String::new(),
            contact_phone: String::new(),
        }
    }

    fn pillars() -> Vec<String> {
        ["一朵云", "一张网"].map(String::from).to_vec()
    }

    #[test]
    fn groups_by_construction_type_with_subtotals_and_a_total() {
        use ConstructionType::*;
        let rows = vec![
            project("甲", Continuing, None, 100_001),
            project("乙", New, None, 250_099),
            project("丙", Continuing, None, 33),
        ];
        let sheet = build(
            "表".into(),
            "县".into(),
            "2026年11月24日".into(),
            2026,
            rows,
            Grouping::Construction,
            &pillars(),
        );
        let titles: Vec<&str> = sheet.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            ["一、新建项目", "二、续建项目"],
            "empty groups are left out"
        );
        assert_eq!(sheet.groups[1].rows.len(), 2);
        assert_eq!(sheet.groups[1].subtotal.total, Wan(100_034));
        assert_eq!(sheet.total.total, Wan(350_133));
        assert_eq!(sheet.total.funds[4], Wan(3));
        let sum_of_rows: Wan = sheet
            .groups
            .iter()
            .flat_map(|g| &g.rows)
            .map(|r| r.amounts.completed_this_year)
            .sum();
        assert_eq!(sheet.total.completed_this_year, sum_of_rows);
        assert_eq!(sheet.project_count(), 3);
    }

    #[test]
    fn groups_by_pillar_in_order_with_the_unassigned_last() {
        use ConstructionType::*;
        let rows = vec![
            project("甲", New, Some("一张网"), 1),
            project("乙", New, None, 2),
            project("丙", New, Some("一朵云"), 3),
            project("丁", New, Some("已停用的支柱"), 4),
        ];
        let sheet = build(
            "表".into(),
            "县".into(),
            "".into(),
            2026,
            rows,
            Grouping::Pillar,
            &pillars(),
        );
        let titles: Vec<&str> = sheet.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(titles, ["一、一朵云", "二、一张网", "三、未归属五个一"]);
        assert_eq!(sheet.groups[2].subtotal.total, Wan(6));
    }

    #[test]
    fn share_of_plan_is_a_percentage_and_absent_without_a_plan() {
        let a = Amounts {
            planned_this_year: Wan(40_000),
            completed_this_year: Wan(10_000),
            ..Default::default()
        };
        assert_eq!(a.share_of_plan(), Some(25.0));
        assert_eq!(Amounts::default().share_of_plan(), None);
    }

    #[test]
    fn ordinals_read_as_chinese() {
        let got: Vec<String> = [1, 3, 10, 12, 21].map(ordinal).to_vec();
        assert_eq!(got, ["一", "三", "十", "十二", "二十一"]);
    }

    #[test]
    fn formula_like_text_is_defused() {
        for text in ["=1+1", "+86 0579", "-3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(defuse_formula(text).starts_with('\''), "{text:?}");
        }
        assert_eq!(defuse_formula("县大数据中心"), "县大数据中心");
        assert_eq!(
            defuse_formula("2023-339901-65-01-000027"),
            "2023-339901-65-01-000027"
        );
        assert_eq!(defuse_formula(""), "");
    }
}
