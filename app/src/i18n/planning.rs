//! The words of saved views (我的视图), the list's columns and bulk edits (批量修改), Chinese first.

use super::Locale;
use crate::model::MilestoneColumn;

pub struct PlanningTexts {
    pub views: &'static str,
    pub no_views: &'static str,
    pub default_mark: &'static str,
    pub manage_views: &'static str,
    pub view_name: &'static str,
    pub save_view: &'static str,
    pub make_default: &'static str,
    pub save_view_hint: &'static str,
    pub view_link: &'static str,
    pub set_default: &'static str,
    pub clear_default: &'static str,
    pub delete_view: &'static str,
    pub columns: &'static str,
    pub col_code: &'static str,
    pub col_weight: &'static str,
    pub select_row: &'static str,
    pub bulk_selected: &'static str,
    pub bulk_title: &'static str,
    pub bulk_hint: &'static str,
    pub bulk_keep: &'static str,
    pub shift_days: &'static str,
    pub shift_hint: &'static str,
    pub new_weight: &'static str,
    pub preview: &'static str,
    pub nothing_selected: &'static str,
    pub changes: &'static str,
    pub unchanged: &'static str,
    pub problems: &'static str,
    pub confirm: &'static str,
    pub back_to_list: &'static str,
    pub choose_change: &'static str,
}

static ZH_PLANNING: PlanningTexts = PlanningTexts {
    views: "我的视图",
    no_views: "还没有保存的视图。",
    default_mark: "默认",
    manage_views: "保存与管理视图",
    view_name: "视图名称",
    save_view: "保存当前视图",
    make_default: "设为我的默认视图",
    save_view_hint: "保存当前的筛选、显示列和排序。同名视图会被覆盖。默认视图在点击导航栏“里程碑”时打开；把视图链接发给同事，对方打开后看到同样的列表。",
    view_link: "链接",
    set_default: "设为默认",
    clear_default: "取消默认",
    delete_view: "删除",
    columns: "显示列",
    col_code: "编码",
    col_weight: "权重",
    select_row: "选择",
    bulk_selected: "批量修改所选",
    bulk_title: "批量修改里程碑",
    bulk_hint: "留空的项保持不变。先预览每个里程碑将如何变化；确认后全部修改在同一事务中完成并记入修改日志，任何一个里程碑不符合规则或在预览后被他人修改，都不做任何修改。",
    bulk_keep: "— 不变 —",
    shift_days: "日期平移（天）",
    shift_hint: "正数推后，负数提前；开始和完成日期一起平移。",
    new_weight: "权重改为",
    preview: "预览",
    nothing_selected: "没有选择里程碑。请在里程碑列表中勾选要修改的里程碑。",
    changes: "修改内容",
    unchanged: "不变",
    problems: "问题",
    confirm: "确认修改",
    back_to_list: "返回里程碑列表",
    choose_change: "选择要做的修改，然后预览。",
};

static EN_PLANNING: PlanningTexts = PlanningTexts {
    views: "My views",
    no_views: "No saved views yet.",
    default_mark: "default",
    manage_views: "Save and manage views",
    view_name: "View name",
    save_view: "Save this view",
    make_default: "Make it my default view",
    save_view_hint: "Keeps the current filters, columns and sort; a view of the same name is replaced. Your default view opens from “Milestones” in the navigation; send a view's link to a colleague and they see the same list.",
    view_link: "Link",
    set_default: "Make default",
    clear_default: "Not default",
    delete_view: "Delete",
    columns: "Columns",
    col_code: "Code",
    col_weight: "Weight",
    select_row: "Select",
    bulk_selected: "Change selected",
    bulk_title: "Change milestones together",
    bulk_hint: "Fields left empty stay as they are. Preview what each milestone becomes; confirming makes every change in one transaction, journalled, and changes nothing if any milestone would break a rule or was saved by someone else after the preview.",
    bulk_keep: "— unchanged —",
    shift_days: "Shift dates (days)",
    shift_hint: "Positive moves later, negative earlier; start and due date move together.",
    new_weight: "Set weight to",
    preview: "Preview",
    nothing_selected: "No milestone is selected. Tick the milestones to change in the milestone list.",
    changes: "Changes",
    unchanged: "unchanged",
    problems: "Problems",
    confirm: "Confirm the changes",
    back_to_list: "Back to the milestone list",
    choose_change: "Choose the changes to make, then preview them.",
};

impl Locale {
    pub fn planning(self) -> &'static PlanningTexts {
        match self {
            Locale::Zh => &ZH_PLANNING,
            Locale::En => &EN_PLANNING,
        }
    }

    /// A column's heading in the column chooser.
    pub fn milestone_column(self, column: MilestoneColumn) -> &'static str {
        let t = self.texts();
        let p = self.planning();
        match column {
            MilestoneColumn::Code => p.col_code,
            MilestoneColumn::Phase => t.col_phase,
            MilestoneColumn::Pillar => t.col_pillar,
            MilestoneColumn::Unit => t.col_unit,
            MilestoneColumn::Dates => t.col_dates,
            MilestoneColumn::Weight => p.col_weight,
            MilestoneColumn::Progress => t.col_progress,
            MilestoneColumn::Status => t.col_status,
        }
    }

    /// "已选 3 个里程碑".
    pub fn selected_count(self, count: usize) -> String {
        match self {
            Locale::Zh => format!("已选 {count} 个里程碑"),
            Locale::En => format!("{count} milestones selected"),
        }
    }

    /// The confirm button: "确认修改 3 个里程碑".
    pub fn confirm_bulk(self, count: usize) -> String {
        match self {
            Locale::Zh => format!("确认修改 {count} 个里程碑"),
            Locale::En => format!("Confirm the changes to {count} milestones"),
        }
    }

    /// The list's notice after a bulk edit.
    pub fn bulk_changed(self, count: usize) -> String {
        match self {
            Locale::Zh => format!("已批量修改 {count} 个里程碑，修改已记入日志。"),
            Locale::En => format!("{count} milestones were changed and the changes journalled."),
        }
    }

    /// Selected milestones that no longer exist.
    pub fn bulk_missing(self, count: usize) -> String {
        match self {
            Locale::Zh => format!("另有 {count} 个所选里程碑已被删除，不在其中。"),
            Locale::En => format!("{count} more selected milestones have been deleted since."),
        }
    }
}
