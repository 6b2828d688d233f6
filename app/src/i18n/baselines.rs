//! The words of schedule baselines (计划基线) and slip, Chinese first.

use super::Locale;
use crate::domain::baseline::SlipBand;

pub struct BaselineTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub approve_heading: &'static str,
    pub name: &'static str,
    pub approve: &'static str,
    pub approve_hint: &'static str,
    pub none_yet: &'static str,
    pub baseline: &'static str,
    pub slip_by_pillar: &'static str,
    pub moved: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub against: &'static str,
}

static ZH_BASELINES: BaselineTexts = BaselineTexts {
    nav: "计划基线",
    title: "计划基线",
    hint: "批准计划时，每个里程碑的开始日期、完成日期和权重都按基线保存；之后可看出每个里程碑比批准的计划推迟或提前了多少天，以及此后新增和删除了哪些里程碑。",
    approve_heading: "批准当前计划为基线",
    name: "基线名称",
    approve: "批准为基线",
    approve_hint: "如“2026年度计划”。保存的是当前全部里程碑的日期和权重。",
    none_yet: "尚未批准任何计划基线。",
    baseline: "计划基线",
    slip_by_pillar: "按支柱统计的完成日期偏差（个）",
    moved: "完成日期变动的里程碑",
    added: "基线之后新增的里程碑",
    removed: "基线之后删除的里程碑",
    against: "较基线",
};

static EN_BASELINES: BaselineTexts = BaselineTexts {
    nav: "Baselines",
    title: "Schedule baselines",
    hint: "Approving the plan keeps every milestone's start, end and weight as a baseline; then each milestone shows how many days later or earlier it is due than the approved plan, and what was added or removed since.",
    approve_heading: "Approve the plan as it stands",
    name: "Baseline name",
    approve: "Approve as baseline",
    approve_hint: "E.g. “2026 annual plan”. Keeps the dates and weights of every milestone as they are now.",
    none_yet: "No baseline has been approved yet.",
    baseline: "Baseline",
    slip_by_pillar: "Change of due dates by pillar (milestones)",
    moved: "Milestones whose due date moved",
    added: "Added since the baseline",
    removed: "Removed since the baseline",
    against: "Against baseline",
};

impl Locale {
    pub fn baselines(self) -> &'static BaselineTexts {
        match self {
            Locale::Zh => &ZH_BASELINES,
            Locale::En => &EN_BASELINES,
        }
    }

    pub fn slip_band(self, band: SlipBand) -> &'static str {
        let zh = self == Locale::Zh;
        match band {
            SlipBand::Earlier => {
                if zh {
                    "提前"
                } else {
                    "Earlier"
                }
            }
            SlipBand::OnTime => {
                if zh {
                    "未变"
                } else {
                    "Unchanged"
                }
            }
            SlipBand::UpTo30 => {
                if zh {
                    "推迟 1–30 天"
                } else {
                    "1–30 days later"
                }
            }
            SlipBand::UpTo90 => {
                if zh {
                    "推迟 31–90 天"
                } else {
                    "31–90 days later"
                }
            }
            SlipBand::Over90 => {
                if zh {
                    "推迟 90 天以上"
                } else {
                    "Over 90 days later"
                }
            }
        }
    }

    /// The dashboard's slip chart, against baseline `name`.
    pub fn slip_chart_title(self, name: &str) -> String {
        match self {
            Locale::Zh => format!("各支柱完成日期较计划基线“{name}”的偏差"),
            Locale::En => format!("Due dates against the baseline “{name}”, by pillar"),
        }
    }

    /// "推迟 12 天" / "提前 3 天" / "与基线一致".
    pub fn slip_days(self, days: i64) -> String {
        match (self, days.signum()) {
            (Locale::Zh, 1) => format!("推迟 {days} 天"),
            (Locale::Zh, -1) => format!("提前 {} 天", -days),
            (Locale::Zh, _) => "与基线一致".into(),
            (Locale::En, 1) => format!("{days} days later"),
            (Locale::En, -1) => format!("{} days earlier", -days),
            (Locale::En, _) => "as in the baseline".into(),
        }
    }
}
