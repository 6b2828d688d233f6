//! The words of the problems list (存在问题 across the programme).

use super::Locale;

pub struct ProblemListTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub col_problem: &'static str,
    pub col_subject: &'static str,
    pub col_unit: &'static str,
    pub col_raised: &'static str,
    pub col_due: &'static str,
    pub col_status: &'static str,
    pub status_label: &'static str,
    pub unit_label: &'static str,
    pub overdue_only: &'static str,
    pub milestone: &'static str,
    pub project: &'static str,
}

static ZH_PROBLEM_LIST: ProblemListTexts = ProblemListTexts {
    nav: "问题",
    title: "存在问题",
    hint: "里程碑和项目上提出的全部问题；点所属事项去答复或关闭。",
    col_problem: "问题",
    col_subject: "所属事项",
    col_unit: "整改单位",
    col_raised: "提出日期",
    col_due: "整改期限",
    col_status: "状态",
    status_label: "状态",
    unit_label: "整改单位",
    overdue_only: "只看逾期",
    milestone: "里程碑",
    project: "项目",
};

static EN_PROBLEM_LIST: ProblemListTexts = ProblemListTexts {
    nav: "Problems",
    title: "Problems",
    hint: "Every problem raised on a milestone or a project; open its item to answer or close it.",
    col_problem: "Problem",
    col_subject: "Raised on",
    col_unit: "Unit to resolve it",
    col_raised: "Raised",
    col_due: "Due",
    col_status: "Status",
    status_label: "Status",
    unit_label: "Unit",
    overdue_only: "Overdue only",
    milestone: "Milestone",
    project: "Project",
};

impl Locale {
    pub fn problem_list(self) -> &'static ProblemListTexts {
        match self {
            Locale::Zh => &ZH_PROBLEM_LIST,
            Locale::En => &EN_PROBLEM_LIST,
        }
    }
}
