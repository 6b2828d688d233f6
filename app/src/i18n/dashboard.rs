//! Words of the dashboard's charts, Chinese first.

use super::Locale;

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
};

impl Locale {
    pub fn dash(self) -> &'static DashTexts {
        match self {
            Locale::Zh => &ZH_DASH,
            Locale::En => &EN_DASH,
        }
    }
}
