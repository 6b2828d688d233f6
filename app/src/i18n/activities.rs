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
    pub pillar: &'static str,
    pub domain: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub types_title: &'static str,
    pub type_name_zh: &'static str,
    pub type_name_en: &'static str,
    pub type_measure: &'static str,
    pub add_type: &'static str,
    pub import_title: &'static str,
    pub import_hint: &'static str,
    pub import_file: &'static str,
    pub import_upload: &'static str,
    pub import_confirm: &'static str,
    pub import_cancel: &'static str,
    pub import_done: &'static str,
    pub col_line: &'static str,
    pub col_outcome: &'static str,
    pub outcome_new: &'static str,
    pub outcome_present: &'static str,
    pub outcome_problem: &'static str,
    pub back_to_ledger: &'static str,
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
    pillar: "支柱（可选）",
    domain: "领域（可选）",
    edit: "编辑",
    save: "保存",
    export: "导出 Excel",
    import: "从 Excel 导入",
    types_title: "活动类型",
    type_name_zh: "类型名称",
    type_name_en: "英文名称（可选）",
    type_measure: "计量单位（默认“次”）",
    add_type: "新增类型",
    import_title: "导入工作台账",
    import_hint: "上传 Excel（.xlsx）或 CSV 文件，第一行为表头：日期、类型、名称、单位、支柱、领域、参加人数、备注（与导出的文件相同）。先预览，全部无误后才能导入；已有的相同记录（日期、类型、名称、单位均相同）不会重复导入。",
    import_file: "台账文件",
    import_upload: "上传并预览",
    import_confirm: "确认导入",
    import_cancel: "放弃",
    import_done: "已导入",
    col_line: "行",
    col_outcome: "结果",
    outcome_new: "新增",
    outcome_present: "已存在，跳过",
    outcome_problem: "有问题",
    back_to_ledger: "返回工作台账",
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
    pillar: "Pillar (optional)",
    domain: "Domain (optional)",
    edit: "Edit",
    save: "Save",
    export: "Export to Excel",
    import: "Import from Excel",
    types_title: "Activity types",
    type_name_zh: "Type name (Chinese)",
    type_name_en: "English name (optional)",
    type_measure: "Measure (default 次)",
    add_type: "Add type",
    import_title: "Import the activity ledger",
    import_hint: "Upload an Excel (.xlsx) or CSV file whose first row is the header: 日期, 类型, 名称, 单位, 支柱, 领域, 参加人数, 备注 (as the export writes it). You see a preview first, and can import only when every row is right; a record already in the ledger (same day, type, title and unit) is not imported twice.",
    import_file: "Ledger file",
    import_upload: "Upload and preview",
    import_confirm: "Import",
    import_cancel: "Discard",
    import_done: "Imported",
    col_line: "Row",
    col_outcome: "Outcome",
    outcome_new: "new",
    outcome_present: "already there, skipped",
    outcome_problem: "problem",
    back_to_ledger: "Back to the ledger",
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
