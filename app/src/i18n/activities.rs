//! The words of the activity ledger (工作台账) page.

use super::Locale;
use crate::model::ActivityCount;

pub struct ActivityTexts {
    pub title: &'static str,
    pub nav: &'static str,
    pub hint: &'static str,
    pub type_label: &'static str,
    pub any_type: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub apply: &'static str,
    pub col_date: &'static str,
    pub col_type: &'static str,
    pub col_title: &'static str,
    pub col_unit: &'static str,
    pub col_participants: &'static str,
    pub col_notes: &'static str,
    pub empty: &'static str,
    pub add: &'static str,
    pub held_on: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub participants: &'static str,
    pub notes: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub no_counts: &'static str,
}

pub static ZH_ACTIVITIES: ActivityTexts = ActivityTexts {
    title: "工作台账",
    nav: "台账",
    hint: "中心日常工作的记录：集体学习、数据讲堂、培训、安全检查等。各类次数按所选期间统计，并写入工作总结。",
    type_label: "活动类型",
    any_type: "全部类型",
    from: "开始日期",
    to: "结束日期",
    apply: "筛选",
    col_date: "日期",
    col_type: "类型",
    col_title: "名称",
    col_unit: "单位",
    col_participants: "人数",
    col_notes: "备注",
    empty: "所选期间没有台账记录。",
    add: "新增记录",
    held_on: "开展日期",
    name: "活动名称",
    unit: "单位（可选）",
    participants: "参加人数（可选）",
    notes: "备注（可选）",
    delete: "删除",
    confirm_delete: "确认删除",
    previous: "上一页",
    next: "下一页",
    no_counts: "所选期间尚无记录",
};

pub static EN_ACTIVITIES: ActivityTexts = ActivityTexts {
    title: "Activity ledger",
    nav: "Ledger",
    hint: "The centre's recurring work: group study, data lectures, trainings, security inspections and more. Counts per type for the chosen period feed the work report.",
    type_label: "Type",
    any_type: "All types",
    from: "From",
    to: "To",
    apply: "Filter",
    col_date: "Date",
    col_type: "Type",
    col_title: "Title",
    col_unit: "Unit",
    col_participants: "People",
    col_notes: "Notes",
    empty: "No records in this period.",
    add: "Add a record",
    held_on: "Date held",
    name: "Title",
    unit: "Unit (optional)",
    participants: "Participants (optional)",
    notes: "Notes (optional)",
    delete: "Delete",
    confirm_delete: "Confirm deletion",
    previous: "Previous",
    next: "Next",
    no_counts: "Nothing recorded in this period",
};

impl Locale {
    pub fn activities(self) -> &'static ActivityTexts {
        match self {
            Locale::Zh => &ZH_ACTIVITIES,
            Locale::En => &EN_ACTIVITIES,
        }
    }

    /// The counts per type in one line: 集体学习 26 次 · 数据讲堂 25 次.
    pub fn activity_counts(self, counts: &[ActivityCount]) -> String {
        if counts.is_empty() {
            return self.activities().no_counts.to_string();
        }
        counts
            .iter()
            .map(|c| match self {
                Locale::Zh => format!("{} {} {}", c.name_zh, c.count, c.measure),
                Locale::En => format!("{} ×{}", self.pick(&c.name_zh, &c.name_en), c.count),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Records `first`–`last` of `total`.
    pub fn records_range(self, first: i64, last: i64, total: i64) -> String {
        match self {
            Locale::Zh => format!("第 {first}–{last} 条，共 {total} 条"),
            Locale::En => format!("{first}–{last} of {total}"),
        }
    }
}
