//! Words of sign-in, editing and the journal, Chinese first. A missing translation is a
//! compile error, as in the main table.

use super::Locale;
use crate::domain::model::{ConstructionType, ProblemStatus, ProjectKind, ProjectStatus, Role};
use crate::domain::problem::Label;

pub struct EditTexts {
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_hint: &'static str,
    pub sign_out: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub err_invalid: &'static str,
    pub err_unavailable: &'static str,
    pub signed_out: &'static str,
    pub account: &'static str,
    pub change_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub password_changed: &'static str,
    pub admin: &'static str,
    pub journal: &'static str,
    pub anonymous_read: &'static str,
    pub anonymous_read_hint: &'static str,

    pub new_milestone: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub cancel: &'static str,
    pub choose: &'static str,
    pub none: &'static str,
    pub description: &'static str,
    pub domain: &'static str,
    pub weight: &'static str,
    pub start_date: &'static str,
    pub due_date: &'static str,
    pub completed_on: &'static str,
    pub conflict_title: &'static str,
    pub reload_latest: &'static str,

    pub progress_history: &'static str,
    pub no_progress: &'static str,
    pub record_progress: &'static str,
    pub percent: &'static str,
    pub reported_on: &'static str,
    pub note: &'static str,
    pub problem_optional: &'static str,
    pub problem_unit: &'static str,
    pub problem_due: &'static str,
    pub author: &'static str,

    pub problems: &'static str,
    pub no_problems: &'static str,
    pub open_problem: &'static str,
    pub problem: &'static str,
    pub answer: &'static str,
    pub send_answer: &'static str,
    pub close_problem: &'static str,
    pub overdue: &'static str,
    pub raised_on: &'static str,

    pub depends_on: &'static str,
    pub dependents: &'static str,
    pub add_dependency: &'static str,
    pub linked_projects: &'static str,
    pub link_project: &'static str,
    pub remove: &'static str,
    pub nothing_yet: &'static str,

    pub history: &'static str,
    pub no_history: &'static str,
    pub time: &'static str,
    pub user: &'static str,
    pub entity: &'static str,
    pub field: &'static str,
    pub old_value: &'static str,
    pub new_value: &'static str,
    pub from_date: &'static str,
    pub to_date: &'static str,

    pub delete: &'static str,
    pub delete_title: &'static str,
    pub confirm_delete: &'static str,
    pub no_permission: &'static str,
    pub new_project: &'static str,
    pub location: &'static str,
    pub content: &'static str,
    pub start_year: &'static str,
    pub end_year: &'static str,
    pub funding: &'static str,
    pub fund_central: &'static str,
    pub fund_provincial: &'static str,
    pub fund_city: &'static str,
    pub fund_county: &'static str,
    pub fund_social: &'static str,
    pub funding_hint: &'static str,
    pub contact_name: &'static str,
    pub contact_phone: &'static str,
    pub ledger: &'static str,
    pub year: &'static str,
    pub month: &'static str,
    pub planned: &'static str,
    pub completed_amount: &'static str,
    pub save_month: &'static str,
    pub ledger_hint: &'static str,
    pub no_ledger: &'static str,
    pub year_total: &'static str,
    pub linked_milestones: &'static str,
    pub kind: &'static str,
    pub end_date: &'static str,
    pub tab_settings: &'static str,
    pub tab_reference: &'static str,
    pub tab_users: &'static str,
    pub managed_elsewhere: &'static str,
    pub milestone_code: &'static str,
    pub dependency_warnings: &'static str,
    pub dependency_code_hint: &'static str,
    pub thresholds: &'static str,
    pub yellow_points: &'static str,
    pub red_points: &'static str,
    pub phases: &'static str,
    pub phase_name: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub pillars: &'static str,
    pub domains: &'static str,
    pub units: &'static str,
    pub unit_name: &'static str,
    pub unit_kind: &'static str,
    pub uses: &'static str,
    pub add_unit: &'static str,
    pub users: &'static str,
    pub add_user: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub disabled: &'static str,
    pub initial_password: &'static str,
    pub reset_password: &'static str,
    pub new_password_for: &'static str,
}

pub static ZH_EDIT: EditTexts = EditTexts {
    sign_in: "登录",
    sign_in_title: "登录路线图",
    sign_in_hint: "请使用管理员为您开设的账号登录。",
    sign_out: "退出",
    username: "用户名",
    password: "密码",
    err_invalid: "用户名或密码不正确",
    err_unavailable: "暂时无法登录，请稍后重试",
    signed_out: "您已安全退出",
    account: "账号",
    change_password: "修改密码",
    current_password: "当前密码",
    new_password: "新密码（至少 8 个字符）",
    confirm_password: "再次输入新密码",
    password_changed: "密码已修改，其他设备上的登录已退出",
    admin: "管理",
    journal: "操作日志",
    anonymous_read: "允许未登录用户只读访问",
    anonymous_read_hint: "开启后，未登录的访问者可以查看所有页面，但不能修改任何内容。",

    new_milestone: "新建里程碑",
    edit: "编辑",
    save: "保存",
    saving: "正在保存…",
    saved: "已保存",
    cancel: "取消",
    choose: "请选择",
    none: "无",
    description: "说明",
    domain: "领域",
    weight: "权重",
    start_date: "开始日期",
    due_date: "完成期限",
    completed_on: "完成日期",
    conflict_title: "此期间他人所做的修改：",
    reload_latest: "载入最新内容重新编辑",

    progress_history: "进展记录",
    no_progress: "尚无进展记录",
    record_progress: "填报进展",
    percent: "完成进度（%）",
    reported_on: "进展日期",
    note: "进展情况",
    problem_optional: "存在问题（可不填）",
    problem_unit: "整改单位",
    problem_due: "整改期限",
    author: "填报人",

    problems: "存在问题",
    no_problems: "没有存在问题",
    open_problem: "提出问题",
    problem: "问题",
    answer: "答复",
    send_answer: "提交答复",
    close_problem: "关闭问题",
    overdue: "已逾期",
    raised_on: "提出日期",

    depends_on: "前置里程碑（本里程碑依赖）",
    dependents: "后续里程碑（依赖本里程碑）",
    add_dependency: "添加依赖",
    linked_projects: "关联项目",
    link_project: "关联项目",
    remove: "移除",
    nothing_yet: "无",

    history: "修改记录",
    no_history: "尚无修改记录",
    time: "时间",
    user: "操作人",
    entity: "对象",
    field: "字段",
    old_value: "原值",
    new_value: "新值",
    from_date: "起始日期",
    to_date: "截止日期",

    delete: "删除",
    delete_title: "删除里程碑",
    confirm_delete: "确认删除",
    no_permission: "您的账号只能查看，不能修改。",
    new_project: "新建项目",
    location: "建设地点",
    content: "建设内容及规模",
    start_year: "开工年份",
    end_year: "完工年份",
    funding: "资金来源（万元）",
    fund_central: "中央",
    fund_provincial: "省",
    fund_city: "市",
    fund_county: "县",
    fund_social: "社会资本（自筹）",
    funding_hint: "各项资金之和须等于总投资。",
    contact_name: "联系人",
    contact_phone: "联系电话",
    ledger: "投资台账（万元）",
    year: "年份",
    month: "月份",
    planned: "计划投资",
    completed_amount: "完成投资",
    save_month: "保存该月",
    ledger_hint: "填写某月的计划与完成投资；两项都填 0 即删除该月。",
    no_ledger: "尚无投资台账",
    year_total: "年度合计",
    linked_milestones: "关联里程碑",
    kind: "项目类别",
    end_date: "结束日期",
    tab_settings: "访问与日志",
    tab_reference: "基础数据",
    tab_users: "用户",
    managed_elsewhere: "（由另一位管理员管理）",
    milestone_code: "里程碑编号：支柱简称-开始年份-序号，创建时确定，之后不变",
    dependency_warnings: "依赖提示",
    dependency_code_hint: "从列表中选（同一支柱中日期最近的），或输入任一里程碑的编码",
    thresholds: "状态阈值（落后序时进度的百分点）",
    yellow_points: "滞后（黄）起点",
    red_points: "严重滞后（红）超过",
    phases: "阶段（相邻阶段须首尾相接，不留空档、不重叠）",
    phase_name: "阶段名称",
    name_zh: "中文名称",
    name_en: "英文名称",
    pillars: "五个一",
    domains: "领域",
    units: "单位",
    unit_name: "单位名称",
    unit_kind: "类型",
    uses: "在用",
    add_unit: "添加单位",
    users: "用户",
    add_user: "添加用户",
    display_name: "姓名",
    role: "角色",
    disabled: "停用",
    initial_password: "初始密码（至少 8 个字符）",
    reset_password: "重置密码",
    new_password_for: "新密码",
};

pub static EN_EDIT: EditTexts = EditTexts {
    sign_in: "Sign in",
    sign_in_title: "Sign in to Roadmap",
    sign_in_hint: "Use the account your administrator created for you.",
    sign_out: "Sign out",
    username: "User name",
    password: "Password",
    err_invalid: "Wrong user name or password",
    err_unavailable: "Signing in is not possible right now; please try again later",
    signed_out: "You have signed out",
    account: "Account",
    change_password: "Change password",
    current_password: "Current password",
    new_password: "New password (at least 8 characters)",
    confirm_password: "New password again",
    password_changed: "Password changed; your other browsers were signed out",
    admin: "Admin",
    journal: "Audit journal",
    anonymous_read: "Let visitors read without signing in",
    anonymous_read_hint: "When on, anyone can view every page but change nothing.",

    new_milestone: "New milestone",
    edit: "Edit",
    save: "Save",
    saving: "Saving…",
    saved: "Saved",
    cancel: "Cancel",
    choose: "Choose",
    none: "None",
    description: "Description",
    domain: "Domain",
    weight: "Weight",
    start_date: "Start",
    due_date: "Due",
    completed_on: "Completed on",
    conflict_title: "Changes made by others meanwhile:",
    reload_latest: "Load the latest version and edit again",

    progress_history: "Progress history",
    no_progress: "No progress recorded yet",
    record_progress: "Record progress",
    percent: "Percent complete",
    reported_on: "Date",
    note: "Progress note",
    problem_optional: "Problem (optional)",
    problem_unit: "Unit to resolve it",
    problem_due: "Resolve by",
    author: "By",

    problems: "Problems",
    no_problems: "No problems",
    open_problem: "Raise a problem",
    problem: "Problem",
    answer: "Answer",
    send_answer: "Send answer",
    close_problem: "Close problem",
    overdue: "Overdue",
    raised_on: "Raised on",

    depends_on: "Depends on",
    dependents: "Needed by",
    add_dependency: "Add dependency",
    linked_projects: "Linked projects",
    link_project: "Link project",
    remove: "Remove",
    nothing_yet: "None",

    history: "Change history",
    no_history: "No changes recorded yet",
    time: "Time",
    user: "User",
    entity: "Record",
    field: "Field",
    old_value: "Old",
    new_value: "New",
    from_date: "From",
    to_date: "To",

    delete: "Delete",
    delete_title: "Delete milestone",
    confirm_delete: "Yes, delete it",
    no_permission: "Your account can view but not change anything.",
    new_project: "New project",
    location: "Location",
    content: "Scope and scale",
    start_year: "Start year",
    end_year: "End year",
    funding: "Funding sources (10k CNY)",
    fund_central: "Central",
    fund_provincial: "Provincial",
    fund_city: "City",
    fund_county: "County",
    fund_social: "Private / own funds",
    funding_hint: "The sources must add up to the total.",
    contact_name: "Contact",
    contact_phone: "Phone",
    ledger: "Investment ledger (10k CNY)",
    year: "Year",
    month: "Month",
    planned: "Planned",
    completed_amount: "Completed",
    save_month: "Save month",
    ledger_hint: "Planned and completed investment of one month; 0 and 0 removes the month.",
    no_ledger: "No ledger entries yet",
    year_total: "Year total",
    linked_milestones: "Linked milestones",
    kind: "Kind",
    end_date: "End",
    tab_settings: "Access and journal",
    tab_reference: "Reference data",
    tab_users: "Users",
    managed_elsewhere: "(managed by another administrator)",
    milestone_code:
        "Milestone code: pillar, start year and number, given at creation and never changed",
    dependency_warnings: "Dependency warnings",
    dependency_code_hint:
        "Pick from the list (the nearest of its pillar) or type any milestone's code",
    thresholds: "Status thresholds (points behind expected)",
    yellow_points: "Behind (yellow) from",
    red_points: "Critical (red) above",
    phases: "Phases (each starts the day after the previous ends)",
    phase_name: "Phase name",
    name_zh: "Chinese name",
    name_en: "English name",
    pillars: "Pillars",
    domains: "Domains",
    units: "Units",
    unit_name: "Unit name",
    unit_kind: "Type",
    uses: "In use",
    add_unit: "Add unit",
    users: "Users",
    add_user: "Add user",
    display_name: "Name",
    role: "Role",
    disabled: "Disabled",
    initial_password: "Initial password (8+ characters)",
    reset_password: "Reset password",
    new_password_for: "New password",
};

impl Locale {
    /// Why a milestone's dates clash with a milestone it depends on or that depends on it.
    pub fn dependency_warning(
        self,
        warning: &crate::domain::dependency_check::DependencyWarning,
    ) -> String {
        use crate::domain::dependency_check::DependencyWarning::*;
        match (self, warning) {
            (Locale::Zh, StartsBeforePredecessorEnds { other, days }) => {
                format!("开始日期比前置里程碑“{other}”的完成日期早 {days} 天")
            }
            (Locale::En, StartsBeforePredecessorEnds { other, days }) => {
                format!("Starts {days} days before “{other}”, which it depends on, ends")
            }
            (Locale::Zh, EndsAfterSuccessorStarts { other, days }) => {
                format!("完成日期比后续里程碑“{other}”的开始日期晚 {days} 天")
            }
            (Locale::En, EndsAfterSuccessorStarts { other, days }) => {
                format!("Ends {days} days after “{other}”, which depends on it, starts")
            }
        }
    }

    pub fn edit(self) -> &'static EditTexts {
        match self {
            Locale::Zh => &ZH_EDIT,
            Locale::En => &EN_EDIT,
        }
    }

    /// A tab of 管理.
    pub fn admin_tab(self, tab: crate::model::AdminTab) -> &'static str {
        use crate::model::AdminTab;
        match tab {
            AdminTab::Settings => self.edit().tab_settings,
            AdminTab::Reference => self.edit().tab_reference,
            AdminTab::Users => self.edit().tab_users,
            AdminTab::Channels => self.rounds().tab_channels,
            AdminTab::Security => self.security().tab,
        }
    }

    pub fn role(self, role: Role) -> &'static str {
        match (self, role) {
            (Locale::Zh, Role::Viewer) => "领导/查看",
            (Locale::Zh, Role::Planner) => "规划/编辑",
            (Locale::Zh, Role::Liaison) => "单位填报员",
            (Locale::Zh, Role::Admin) => "管理员",
            (Locale::Zh, Role::SecurityAdmin) => "安全管理员",
            (Locale::Zh, Role::AuditAdmin) => "审计管理员",
            (Locale::En, Role::Viewer) => "Viewer",
            (Locale::En, Role::Planner) => "Planner",
            (Locale::En, Role::Liaison) => "Unit liaison",
            (Locale::En, Role::Admin) => "Admin",
            (Locale::En, Role::SecurityAdmin) => "Security administrator",
            (Locale::En, Role::AuditAdmin) => "Audit administrator",
        }
    }

    pub fn problem_status(self, status: ProblemStatus) -> &'static str {
        match (self, status) {
            (Locale::Zh, ProblemStatus::Open) => "待解决",
            (Locale::Zh, ProblemStatus::Answered) => "已答复",
            (Locale::Zh, ProblemStatus::Closed) => "已关闭",
            (Locale::En, ProblemStatus::Open) => "Open",
            (Locale::En, ProblemStatus::Answered) => "Answered",
            (Locale::En, ProblemStatus::Closed) => "Closed",
        }
    }

    /// "登录失败次数过多，请 5 分钟后再试"
    pub fn sign_in_wait(self, seconds: i64) -> String {
        let minutes = (seconds + 59) / 60;
        match self {
            Locale::Zh if seconds < 60 => format!("登录失败次数过多，请 {seconds} 秒后再试"),
            Locale::Zh => format!("登录失败次数过多，请 {minutes} 分钟后再试"),
            Locale::En if seconds < 60 => {
                format!("Too many failed attempts; try again in {seconds} s")
            }
            Locale::En => format!("Too many failed attempts; try again in {minutes} min"),
        }
    }

    /// What deleting a milestone takes with it, said before the person confirms.
    pub fn delete_consequences(
        self,
        dependents: usize,
        progress: usize,
        problems: usize,
    ) -> String {
        match self {
            Locale::Zh => format!(
                "删除后不可恢复。{dependents} 个里程碑依赖它（依赖关系将一并解除），{progress} 条进展记录和 {problems} 个存在问题将一并删除。"
            ),
            Locale::En => format!(
                "This cannot be undone. {dependents} milestones depend on it (those links go), and {progress} progress entries and {problems} problems are deleted with it."
            ),
        }
    }

    /// The journal's name for a field, a record or an action.
    pub fn journal_label(self, key: &str) -> String {
        if let Some(label) = Label::from_key(key) {
            return self.label(label).to_string();
        }
        match key {
            "create" => self.pick("新建", "create"),
            "update" => self.pick("修改", "update"),
            "delete" => self.pick("删除", "delete"),
            // A county's 上报 package imported upstream (issue 19).
            "region_package" => self.pick("上报包", "report package"),
            "county" => self.pick("县", "county"),
            "sequence" => self.pick("包号", "package no."),
            "manifest_sha256" => self.pick("清单 SHA-256", "manifest SHA-256"),
            other => other,
        }
        .to_string()
    }

    /// A journal value as people read it: coded values (type, status …) by their names.
    pub fn journal_value(self, field: &str, value: &str) -> String {
        let named = match field {
            "kind" => ProjectKind::from_code(value).map(|k| self.project_kind(k)),
            "construction_type" => {
                ConstructionType::from_code(value).map(|t| self.construction_type(t))
            }
            "status" => ProjectStatus::from_code(value).map(|s| self.project_status(s)),
            "role" => Role::from_code(value).map(|r| self.role(r)),
            // Days as the reader writes them (the journal keeps them as 2026-03-01).
            "start_date" | "due_date" | "end_date" | "held_on" => {
                return chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map_or_else(|_| value.to_string(), |day| self.date(day));
            }
            _ => None,
        };
        named.map_or_else(|| value.to_string(), str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_and_journal_name_coded_values_in_the_readers_language() {
        let zh = Locale::Zh;
        assert_eq!(zh.journal_value("construction_type", "continuing"), "续建");
        assert_eq!(zh.journal_value("kind", "information"), "信息化项目");
        assert_eq!(
            zh.journal_value("name", "new"),
            "new",
            "only coded fields are translated"
        );
        assert_eq!(zh.journal_value("due_date", "2026-03-01"), "2026年3月1日");
        assert_eq!(zh.journal_value("due_date", ""), "", "no day is left empty");
        assert_eq!(zh.journal_label("start_year"), "开工年份");
        assert_eq!(zh.journal_label("fund_county"), "县级资金");
        assert_eq!(Locale::En.journal_label("fund_county"), "county funds");
        assert_eq!(
            Locale::En.journal_value("kind", "information"),
            "Information project"
        );
    }
}
