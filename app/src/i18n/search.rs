//! The words of search (搜索), Chinese first.

use super::Locale;
use crate::domain::search::{QueryProblem, SearchKind, MAX_CHARS, MIN_CHARS};

pub struct SearchTexts {
    pub title: &'static str,
    pub label: &'static str,
    pub placeholder: &'static str,
    pub button: &'static str,
    pub hint: &'static str,
    pub nothing_found: &'static str,
    pub kind_label: &'static str,
    pub unit_label: &'static str,
    pub pillar_label: &'static str,
}

static ZH_SEARCH: SearchTexts = SearchTexts {
    title: "搜索",
    label: "搜索里程碑、项目、问题、进展、单位和台账",
    placeholder: "搜索…",
    button: "搜索",
    hint: "输入任意两个字以上，可查找里程碑、项目、存在问题、进展情况、单位和工作台账中的文字；名称中的匹配排在前面。",
    nothing_found: "没有找到包含这些文字的内容。",
    kind_label: "类别",
    unit_label: "单位",
    pillar_label: "支柱",
};

static EN_SEARCH: SearchTexts = SearchTexts {
    title: "Search",
    label: "Search milestones, projects, problems, progress, units and the ledger",
    placeholder: "Search…",
    button: "Search",
    hint: "Type two characters or more to find them in milestones, projects, problems, progress notes, units and the activity ledger; matches in names come first.",
    nothing_found: "Nothing contains these words.",
    kind_label: "Kind",
    unit_label: "Unit",
    pillar_label: "Pillar",
};

impl Locale {
    pub fn search(self) -> &'static SearchTexts {
        match self {
            Locale::Zh => &ZH_SEARCH,
            Locale::En => &EN_SEARCH,
        }
    }

    /// What a kind of result is called.
    pub fn search_kind(self, kind: SearchKind) -> &'static str {
        let zh = self == Locale::Zh;
        match kind {
            SearchKind::Unit => {
                if zh {
                    "单位"
                } else {
                    "Units"
                }
            }
            SearchKind::Milestone => {
                if zh {
                    "里程碑"
                } else {
                    "Milestones"
                }
            }
            SearchKind::Project => {
                if zh {
                    "项目"
                } else {
                    "Projects"
                }
            }
            SearchKind::Problem => {
                if zh {
                    "存在问题"
                } else {
                    "Problems"
                }
            }
            SearchKind::Activity => {
                if zh {
                    "工作台账"
                } else {
                    "Activity ledger"
                }
            }
            SearchKind::MilestoneProgress => {
                if zh {
                    "里程碑进展"
                } else {
                    "Milestone progress"
                }
            }
            SearchKind::ProjectProgress => {
                if zh {
                    "项目进展"
                } else {
                    "Project progress"
                }
            }
        }
    }

    /// "共 12 条" / "100 条以上" for a group's count.
    pub fn search_count(self, count: i64, more: bool) -> String {
        match (self, more) {
            (Locale::Zh, false) => format!("共 {count} 条"),
            (Locale::Zh, true) => format!("{count} 条以上"),
            (Locale::En, false) => format!("{count} found"),
            (Locale::En, true) => format!("more than {count}"),
        }
    }

    /// The link to every result of a kind.
    pub fn search_all_of(self, kind: SearchKind) -> String {
        match self {
            Locale::Zh => format!("查看全部{}结果", self.search_kind(kind)),
            Locale::En => format!("All {} results", self.search_kind(kind).to_lowercase()),
        }
    }

    pub fn query_problem(self, problem: QueryProblem) -> String {
        match (self, problem) {
            (Locale::Zh, QueryProblem::TooShort) => format!("请至少输入 {MIN_CHARS} 个字"),
            (Locale::En, QueryProblem::TooShort) => {
                format!("Type at least {MIN_CHARS} characters")
            }
            (Locale::Zh, QueryProblem::TooLong) => format!("搜索内容不能超过 {MAX_CHARS} 个字"),
            (Locale::En, QueryProblem::TooLong) => {
                format!("A search may be at most {MAX_CHARS} characters")
            }
        }
    }
}
