//! `roadmap seed --sample`: a plausible county programme so every page has something to show.
//!
//! The figures are invented (the seed report's own figures were redacted) and the roadmap is
//! flagged `is_sample`, which the interface shows. Loading is one transaction and idempotent:
//! a database that already holds a roadmap is left as it is.

use chrono::{Datelike, Duration, NaiveDate};

use super::{with_pool, Db, DbError};
use crate::domain::money::Wan;

/// The day the sample figures were "reported": progress histories and ledgers stop here.
pub const SAMPLE_DATA_DATE: (i32, u32, u32) = (2026, 11, 20);

/// [`SAMPLE_DATA_DATE`] as a date.
pub fn sample_data_date() -> Result<NaiveDate, DbError> {
    date(SAMPLE_DATA_DATE.0, SAMPLE_DATA_DATE.1, SAMPLE_DATA_DATE.2)
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DbError> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| DbError::Corrupt(format!("示例数据日期无效：{y}-{m}-{d}")))
}

struct PhaseSeed {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
}

const PHASES: [PhaseSeed; 4] = [
    PhaseSeed {
        code: "momentum",
        zh: "一年起势",
        en: "Year 1: momentum",
        start: (2023, 1, 1),
        end: (2023, 12, 31),
    },
    PhaseSeed {
        code: "framework",
        zh: "两年搭架",
        en: "Year 2: framework",
        start: (2024, 1, 1),
        end: (2024, 12, 31),
    },
    PhaseSeed {
        code: "breakthrough",
        zh: "三年突破",
        en: "Year 3: breakthrough",
        start: (2025, 1, 1),
        end: (2025, 12, 31),
    },
    PhaseSeed {
        code: "results",
        zh: "五年成效",
        en: "Year 5: results",
        start: (2026, 1, 1),
        end: (2027, 12, 31),
    },
];

/// The provincial “五个一” pillars; every county has the same five.
pub const PILLARS: [(&str, &str, &str, &str); 5] = [
    (
        "cloud",
        "一朵云",
        "One government cloud",
        "全县统一的政务云，集约承载各部门业务系统",
    ),
    (
        "network",
        "一张网",
        "One e-government network",
        "覆盖县、乡、村三级的电子政务外网",
    ),
    (
        "platform",
        "一平台",
        "One data platform",
        "一体化智能化公共数据平台",
    ),
    (
        "system",
        "一系统",
        "One collaborative system",
        "跨部门协同的业务应用体系",
    ),
    (
        "wall",
        "一城墙",
        "One security wall",
        "网络安全与数据安全“城墙”防护体系",
    ),
];

pub const DOMAINS: [(&str, &str, &str); 5] = [
    ("infrastructure", "数字基建", "Digital infrastructure"),
    ("government", "数字政府", "Digital government"),
    ("governance", "数字治理", "Digital governance"),
    ("services", "数字惠民", "Digital services for people"),
    ("economy", "数字经济", "Digital economy"),
];

/// A sample indicator: names, measure, period, aggregate, source (and the ledger type or
/// computed key it is counted from), pillar, the 2026 target and entered values by month.
struct SampleIndicator {
    zh: &'static str,
    en: &'static str,
    measure: &'static str,
    period: &'static str,
    aggregate: &'static str,
    source: &'static str,
    from: &'static str,
    pillar: &'static str,
    target: i64,
    values: &'static [(u32, i64)],
}

const SAMPLE_INDICATORS: [SampleIndicator; 4] = [
    SampleIndicator {
        zh: "政务云承载业务系统",
        en: "Systems on the government cloud",
        measure: "个",
        period: "quarter",
        aggregate: "latest",
        source: "entered",
        from: "",
        pillar: "cloud",
        target: 60,
        values: &[(1, 42), (4, 48), (7, 53)],
    },
    SampleIndicator {
        zh: "数据目录挂接资源",
        en: "Resources in the data catalogue",
        measure: "条",
        period: "quarter",
        aggregate: "latest",
        source: "entered",
        from: "",
        pillar: "platform",
        target: 1500,
        values: &[(1, 980), (4, 1160), (7, 1310)],
    },
    SampleIndicator {
        zh: "网络安全检查",
        en: "Security inspections",
        measure: "次",
        period: "month",
        aggregate: "sum",
        source: "ledger",
        from: "安全检查",
        pillar: "wall",
        target: 12,
        values: &[],
    },
    SampleIndicator {
        zh: "完成里程碑",
        en: "Milestones completed",
        measure: "项",
        period: "month",
        aggregate: "sum",
        source: "computed",
        from: "milestones_completed",
        pillar: "platform",
        target: 8,
        values: &[],
    },
];

const UNITS: [(&str, &str, &str, &str); 16] = [
    ("县大数据发展中心", "department", "王敏", "0579-8512 3401"),
    ("县委办公室", "department", "陈晓东", "0579-8512 1002"),
    ("县政府办公室", "department", "刘洁", "0579-8512 1105"),
    ("县发展和改革局", "department", "赵建国", "0579-8512 2210"),
    ("县财政局", "department", "孙丽华", "0579-8512 2308"),
    ("县委网信办", "department", "周伟", "0579-8512 1206"),
    ("县公安局", "department", "吴强", "0579-8512 4110"),
    ("县市场监督管理局", "department", "郑芳", "0579-8512 3315"),
    ("县卫生健康局", "department", "冯涛", "0579-8512 5120"),
    ("县教育局", "department", "何静", "0579-8512 5216"),
    (
        "县人力资源和社会保障局",
        "department",
        "许磊",
        "0579-8512 2612",
    ),
    ("县自然资源和规划局", "department", "朱红", "0579-8512 3710"),
    ("县农业农村局", "department", "马骏", "0579-8512 3808"),
    (
        "县政务服务管理办公室",
        "department",
        "胡燕",
        "0579-8512 1320",
    ),
    ("城关镇人民政府", "town", "林峰", "0579-8521 0001"),
    ("中国电信示例县分公司", "company", "郭斌", "0579-8550 0010"),
];

struct MilestoneSeed {
    key: &'static str,
    phase: usize,
    pillar: &'static str,
    domain: &'static str,
    unit: usize,
    title: &'static str,
    start: (i32, u32, u32),
    due: (i32, u32, u32),
    weight: i32,
    percent: i32,
}

macro_rules! ms {
    ($key:literal, $phase:literal, $pillar:literal, $domain:literal, $unit:literal, $title:literal,
     $start:expr, $due:expr, $weight:literal, $percent:literal) => {
        MilestoneSeed {
            key: $key,
            phase: $phase,
            pillar: $pillar,
            domain: $domain,
            unit: $unit,
            title: $title,
            start: $start,
            due: $due,
            weight: $weight,
            percent: $percent,
        }
    };
}

#[rustfmt::skip]
const MILESTONES: [MilestoneSeed; 42] = [
    // 一年起势 2023, including the six tasks of the report's second-half plan.
    ms!("theory", 0, "system", "government", 1, "开展数字化转型理论学习专题培训", (2023, 7, 1), (2023, 9, 30), 1, 100),
    ms!("literacy", 0, "system", "services", 10, "全员数字素养与技能提升行动", (2023, 7, 1), (2023, 12, 31), 1, 100),
    ms!("plan", 0, "platform", "government", 0, "编制县数字化转型五年规划（顶层设计）", (2023, 7, 1), (2023, 12, 15), 2, 100),
    ms!("grassroots", 0, "system", "governance", 14, "上线基层治理“一网统管”平台（试点）", (2023, 8, 1), (2023, 12, 31), 2, 100),
    ms!("security23", 0, "wall", "infrastructure", 5, "开展网络安全专项检查与等保测评", (2023, 7, 15), (2023, 11, 30), 1, 100),
    ms!("report14", 0, "platform", "economy", 3, "梳理申报“十四五”数字化重大项目", (2023, 8, 1), (2023, 10, 31), 1, 100),
    ms!("cloud1", 0, "cloud", "infrastructure", 0, "政务云资源统一纳管（一期）", (2023, 3, 1), (2023, 12, 31), 2, 100),
    ms!("net-towns", 0, "network", "infrastructure", 15, "电子政务外网乡镇全覆盖", (2023, 3, 1), (2023, 11, 30), 2, 100),
    ms!("survey", 0, "platform", "government", 0, "全县信息化项目摸底调查", (2023, 4, 1), (2023, 6, 30), 1, 100),
    // 两年搭架 2024
    ms!("cloud-dr", 1, "cloud", "infrastructure", 0, "政务云扩容与容灾备份", (2024, 2, 1), (2024, 10, 31), 2, 100),
    ms!("net-villages", 1, "network", "infrastructure", 15, "电子政务外网延伸至村（社区）", (2024, 3, 1), (2024, 12, 31), 2, 100),
    ms!("platform-live", 1, "platform", "government", 0, "一体化大数据平台上线（数据归集）", (2024, 1, 15), (2024, 9, 30), 3, 100),
    ms!("catalogue", 1, "platform", "governance", 6, "公共数据共享交换目录编制", (2024, 3, 1), (2024, 8, 31), 1, 100),
    ms!("oa", 1, "system", "government", 2, "协同办公系统全县推广", (2024, 2, 1), (2024, 11, 30), 2, 100),
    ms!("soc", 1, "wall", "infrastructure", 5, "建成网络安全态势感知平台", (2024, 4, 1), (2024, 12, 31), 2, 100),
    ms!("one-stop", 1, "system", "services", 13, "“一网通办”事项上线率达到 90%", (2024, 1, 1), (2024, 12, 31), 2, 100),
    ms!("agri-data", 1, "platform", "economy", 12, "智慧农业数据中台建设", (2024, 5, 1), (2024, 12, 31), 1, 90),
    ms!("land-map", 1, "system", "governance", 11, "国土空间“一张图”系统建设", (2024, 3, 1), (2024, 12, 31), 1, 100),
    // 三年突破 2025
    ms!("xinchuang1", 2, "cloud", "infrastructure", 0, "政务云信创改造（一期）", (2025, 1, 1), (2025, 12, 31), 2, 100),
    ms!("video-net", 2, "network", "infrastructure", 6, "视频专网与政务外网安全互联", (2025, 2, 1), (2025, 10, 31), 1, 100),
    ms!("province-link", 2, "platform", "government", 0, "数据资源目录与共享平台对接省平台", (2025, 1, 1), (2025, 9, 30), 2, 100),
    ms!("credit-db", 2, "platform", "economy", 7, "企业信用信息数据专题库", (2025, 3, 1), (2025, 12, 31), 1, 100),
    ms!("health", 2, "system", "services", 8, "县域医共体信息平台", (2025, 1, 1), (2025, 12, 31), 2, 100),
    ms!("schools", 2, "system", "services", 9, "智慧校园覆盖全县中小学", (2025, 2, 1), (2025, 12, 31), 1, 100),
    ms!("cii", 2, "wall", "infrastructure", 5, "关键信息基础设施安全防护", (2025, 3, 1), (2025, 11, 30), 2, 100),
    ms!("grassroots-all", 2, "system", "governance", 14, "基层治理平台全县推广（18 个乡镇）", (2025, 1, 1), (2025, 12, 31), 2, 100),
    ms!("budget", 2, "platform", "government", 4, "财政预算一体化系统对接", (2025, 4, 1), (2025, 9, 30), 1, 100),
    ms!("one-thing", 2, "system", "government", 13, "“一件事”集成改革事项上线", (2025, 3, 1), (2025, 12, 31), 1, 100),
    // 五年成效 2026–2027
    ms!("xinchuang2", 3, "cloud", "infrastructure", 0, "政务云信创改造（二期）", (2026, 1, 1), (2026, 12, 31), 2, 85),
    ms!("5g", 3, "network", "infrastructure", 15, "5G 政务专网试点", (2026, 3, 1), (2027, 6, 30), 1, 40),
    ms!("data-quality", 3, "platform", "government", 0, "数据治理与质量提升工程", (2026, 1, 1), (2026, 12, 31), 2, 70),
    ms!("data-ops", 3, "platform", "economy", 3, "公共数据授权运营试点", (2026, 4, 1), (2027, 3, 31), 1, 20),
    ms!("brain", 3, "system", "governance", 6, "城市运行管理中心（县域大脑）建设", (2026, 1, 1), (2027, 12, 31), 3, 45),
    ms!("mobile-social", 3, "system", "services", 10, "社保医保“掌上办”全覆盖", (2026, 2, 1), (2026, 10, 31), 1, 90),
    ms!("data-class", 3, "wall", "infrastructure", 5, "数据安全分类分级管理", (2026, 1, 1), (2026, 12, 31), 1, 100),
    ms!("drill", 3, "wall", "infrastructure", 6, "网络安全攻防演练（年度）", (2026, 9, 1), (2026, 11, 30), 1, 60),
    ms!("villages", 3, "system", "economy", 12, "数字乡村示范村建设（10 个）", (2026, 3, 1), (2027, 10, 31), 2, 30),
    ms!("health-records", 3, "system", "services", 8, "电子健康档案开放查询", (2026, 6, 1), (2027, 5, 31), 1, 45),
    ms!("midterm", 3, "platform", "government", 0, "数字化转型成效评估（中期）", (2026, 12, 1), (2027, 3, 31), 1, 0),
    ms!("cloud-eff", 3, "cloud", "infrastructure", 0, "政务云资源使用效率评估与优化", (2027, 1, 1), (2027, 9, 30), 1, 0),
    ms!("final", 3, "system", "government", 1, "五年规划总结与成效验收", (2027, 7, 1), (2027, 12, 31), 2, 0),
    ms!("ipv6", 3, "network", "infrastructure", 15, "政务外网 IPv6 改造", (2026, 11, 1), (2027, 6, 30), 1, 0),
];

/// (milestone, depends on)
const DEPENDENCIES: [(&str, &str); 6] = [
    ("platform-live", "cloud1"),
    ("province-link", "platform-live"),
    ("data-quality", "province-link"),
    ("brain", "platform-live"),
    ("brain", "soc"),
    ("final", "midterm"),
];

struct ProjectSeed {
    kind: &'static str,
    code: Option<&'static str>,
    name: &'static str,
    unit: usize,
    location: &'static str,
    construction: &'static str,
    pillar: &'static str,
    domain: &'static str,
    content: &'static str,
    years: (i32, i32),
    /// 万元, as written in the sheet.
    total: &'static str,
    /// Shares of 中央 / 省 / 市 / 县 in percent; the rest is 社会资本 (自筹).
    shares: [i64; 4],
    status: &'static str,
    visible_progress: &'static str,
    /// Share of each month's plan actually completed, in percent.
    completion: i64,
    milestones: &'static [&'static str],
}

#[rustfmt::skip]
const PROJECTS: [ProjectSeed; 15] = [
    ProjectSeed { kind: "major", code: Some("2022-339901-65-01-000015"), name: "县政务云平台扩容及信创改造工程", unit: 0, location: "县大数据中心机房", construction: "continuing", pillar: "cloud", domain: "infrastructure", content: "扩容计算资源 2000 核、存储 2PB，完成政务云信创改造", years: (2022, 2026), total: "3860.00", shares: [0, 20, 10, 70], status: "in_progress", visible_progress: "信创二期设备已到货，正在部署调试", completion: 88, milestones: &["cloud1", "xinchuang1", "xinchuang2"] },
    ProjectSeed { kind: "major", code: Some("2023-339901-65-01-000027"), name: "电子政务外网提升改造工程", unit: 15, location: "全县 18 个乡镇及 326 个村（社区）", construction: "expansion", pillar: "network", domain: "infrastructure", content: "县乡村三级政务外网万兆骨干、千兆到村改造", years: (2023, 2025), total: "2450.50", shares: [0, 0, 20, 50], status: "completed", visible_progress: "已完工并通过竣工验收", completion: 100, milestones: &["net-towns", "net-villages"] },
    ProjectSeed { kind: "major", code: Some("2023-339901-65-01-00031X"), name: "县一体化智能化公共数据平台", unit: 0, location: "县大数据中心", construction: "new", pillar: "platform", domain: "government", content: "建设数据归集、治理、共享、开放一体化平台", years: (2023, 2026), total: "5200.00", shares: [10, 30, 10, 50], status: "in_progress", visible_progress: "已归集数据 1.2 亿条，接入部门 46 个", completion: 92, milestones: &["platform-live", "province-link", "data-quality"] },
    ProjectSeed { kind: "major", code: Some("2024-339901-65-01-000046"), name: "城市运行管理中心（县域大脑）", unit: 6, location: "县行政中心 3 号楼", construction: "new", pillar: "system", domain: "governance", content: "建设指挥大厅、城市运行体征监测和联动处置平台", years: (2024, 2027), total: "8600.00", shares: [0, 20, 10, 40], status: "in_progress", visible_progress: "指挥大厅主体装修完成，平台联调中", completion: 80, milestones: &["brain"] },
    ProjectSeed { kind: "major", code: Some("2024-339901-65-01-000052"), name: "县域医共体数字健康平台", unit: 8, location: "县人民医院及 12 家分院", construction: "new", pillar: "system", domain: "services", content: "医共体统一 HIS、电子病历互认与远程诊疗", years: (2024, 2026), total: "3120.00", shares: [30, 20, 0, 50], status: "in_progress", visible_progress: "12 家分院已接入，电子病历互认上线", completion: 95, milestones: &["health", "health-records"] },
    ProjectSeed { kind: "major", code: Some("2024-339901-65-01-000068"), name: "网络安全“城墙”综合防护体系", unit: 5, location: "全县", construction: "new", pillar: "wall", domain: "infrastructure", content: "态势感知、零信任接入、数据安全监测", years: (2024, 2026), total: "1980.00", shares: [0, 0, 0, 100], status: "in_progress", visible_progress: "态势感知平台运行，零信任网关部署中", completion: 90, milestones: &["soc", "cii", "data-class"] },
    ProjectSeed { kind: "major", code: Some("2025-339901-65-01-000073"), name: "数字乡村示范带建设", unit: 12, location: "城关镇、溪口乡等 6 个乡镇", construction: "new", pillar: "system", domain: "economy", content: "建设 10 个数字乡村示范村及农产品溯源体系", years: (2025, 2027), total: "4500.00", shares: [20, 20, 10, 20], status: "in_progress", visible_progress: "首批 4 个示范村建成", completion: 70, milestones: &["villages"] },
    ProjectSeed { kind: "major", code: Some("2025-339901-65-01-000085"), name: "智慧教育城域网及智慧校园", unit: 9, location: "全县中小学", construction: "expansion", pillar: "network", domain: "services", content: "教育城域网扩容及 56 所学校智慧校园改造", years: (2025, 2027), total: "2760.00", shares: [0, 30, 0, 70], status: "preparing", visible_progress: "初步设计已批复，正在招标", completion: 0, milestones: &["schools"] },
    ProjectSeed { kind: "information", code: None, name: "协同办公系统（OA）升级", unit: 2, location: "县政府办公室", construction: "expansion", pillar: "system", domain: "government", content: "全县统一协同办公、移动办公", years: (2024, 2024), total: "186.50", shares: [0, 0, 0, 100], status: "completed", visible_progress: "已上线运行", completion: 100, milestones: &["oa"] },
    ProjectSeed { kind: "information", code: None, name: "不动产登记“一窗受理”系统", unit: 11, location: "县政务服务中心", construction: "new", pillar: "system", domain: "services", content: "不动产登记、税务、水电气联办", years: (2024, 2025), total: "235.80", shares: [0, 0, 0, 100], status: "completed", visible_progress: "已上线，平均办理时间压缩至 1 个工作日", completion: 100, milestones: &["land-map"] },
    ProjectSeed { kind: "information", code: Some("2025-339901-65-01-000091"), name: "企业信用监管数据专题库", unit: 7, location: "县市场监督管理局", construction: "new", pillar: "platform", domain: "economy", content: "归集企业信用信息，支撑分级分类监管", years: (2025, 2026), total: "98.60", shares: [0, 0, 0, 100], status: "in_progress", visible_progress: "专题库建成，正在对接执法系统", completion: 85, milestones: &["credit-db"] },
    ProjectSeed { kind: "information", code: None, name: "财政预算管理一体化系统县级部署", unit: 4, location: "县财政局", construction: "new", pillar: "platform", domain: "government", content: "预算编制、执行、决算一体化", years: (2025, 2025), total: "320.00", shares: [0, 50, 0, 50], status: "completed", visible_progress: "已完成部署并通过省级验收", completion: 100, milestones: &["budget"] },
    ProjectSeed { kind: "information", code: None, name: "社保经办“掌上办”移动端", unit: 10, location: "县人力社保局", construction: "new", pillar: "system", domain: "services", content: "社保、医保高频事项移动端办理", years: (2026, 2026), total: "145.00", shares: [0, 0, 0, 100], status: "in_progress", visible_progress: "36 项事项已上线，剩余 4 项待省级系统改造", completion: 75, milestones: &["mobile-social"] },
    ProjectSeed { kind: "information", code: None, name: "视频监控资源共享平台", unit: 6, location: "县公安局", construction: "expansion", pillar: "network", domain: "governance", content: "全县公共视频资源汇聚与共享", years: (2025, 2026), total: "410.00", shares: [0, 0, 20, 80], status: "in_progress", visible_progress: "汇聚视频点位 5200 路", completion: 90, milestones: &["video-net"] },
    ProjectSeed { kind: "information", code: None, name: "农业农村大数据中心", unit: 12, location: "县农业农村局", construction: "new", pillar: "platform", domain: "economy", content: "农业生产、农村集体资产数据中心", years: (2024, 2026), total: "268.00", shares: [0, 40, 0, 60], status: "suspended", visible_progress: "因资金调整暂缓实施", completion: 55, milestones: &["agri-data"] },
];

/// 存在问题 on a milestone or a project (index into `PROJECTS`).
struct ProblemSeed {
    milestone: Option<&'static str>,
    project: Option<usize>,
    description: &'static str,
    unit: usize,
    raised: (i32, u32, u32),
    due: Option<(i32, u32, u32)>,
    status: &'static str,
}

/// A few open problems, one of them past its due date, and one answered.
#[rustfmt::skip]
const PROBLEMS: [ProblemSeed; 4] = [
    ProblemSeed { milestone: Some("agri-data"), project: None, description: "省级农业数据接口标准尚未明确，数据中台对接受阻", unit: 12, raised: (2025, 1, 10), due: Some((2026, 12, 15)), status: "open" },
    ProblemSeed { milestone: Some("mobile-social"), project: None, description: "4 项事项需省级社保系统改造配合，县级无法单独完成", unit: 10, raised: (2026, 9, 20), due: Some((2026, 11, 15)), status: "open" },
    ProblemSeed { milestone: None, project: Some(6), description: "示范村建设用地指标尚未落实", unit: 11, raised: (2026, 6, 5), due: Some((2027, 1, 31)), status: "open" },
    ProblemSeed { milestone: None, project: Some(14), description: "年度资金调整，项目资金缺口约 120 万元", unit: 4, raised: (2025, 11, 2), due: None, status: "answered" },
];

/// Splits `total` into `parts` whole pieces that add up exactly; the remainder goes to the last.
fn split_exact(total: i64, parts: i64) -> Vec<i64> {
    if parts <= 0 {
        return Vec::new();
    }
    let base = total / parts;
    let mut pieces = vec![base; parts as usize];
    if let Some(last) = pieces.last_mut() {
        *last += total - base * parts;
    }
    pieces
}

/// Progress dates every 30 days from a month after `start` until `end`, always ending on `end`.
fn report_dates(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut day = start + Duration::days(30);
    while day < end {
        dates.push(day);
        day += Duration::days(30);
    }
    dates.push(end);
    dates
}

/// Loads the sample programme, its milestones numbered. Returns `false` (and changes nothing)
/// when a roadmap already exists.
pub async fn seed_sample(db: &Db) -> Result<bool, DbError> {
    let seeded = insert_sample(db).await?;
    if seeded {
        super::milestones::number_all_new(db).await?;
    }
    Ok(seeded)
}

async fn insert_sample(db: &Db) -> Result<bool, DbError> {
    let data_date = sample_data_date()?;
    // Resolve every date and amount before touching the database.
    let mut phases = Vec::new();
    for p in &PHASES {
        phases.push((
            p,
            date(p.start.0, p.start.1, p.start.2)?,
            date(p.end.0, p.end.1, p.end.2)?,
        ));
    }
    let mut milestones = Vec::new();
    for m in &MILESTONES {
        milestones.push((
            m,
            date(m.start.0, m.start.1, m.start.2)?,
            date(m.due.0, m.due.1, m.due.2)?,
        ));
    }
    let mut projects = Vec::new();
    for p in &PROJECTS {
        let total = Wan::parse(p.total)
            .map_err(|e| DbError::Corrupt(e.to_string()))?
            .hundredths();
        let mut funds: Vec<i64> = p.shares.iter().map(|s| total * s / 100).collect();
        funds.push(total - funds.iter().sum::<i64>());
        projects.push((p, total, funds));
    }

    let mut demo_hashes = Vec::new();
    for (_, _, _, password) in &DEMO_ACCOUNTS {
        demo_hashes.push(
            super::users::hash_password(password)
                .await
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
        );
    }

    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM roadmaps").fetch_one(&mut *tx).await?;
        if existing > 0 {
            return Ok(false);
        }
        let (roadmap_id,): (i64,) = sqlx::query_as(
            "INSERT INTO roadmaps (name, county, start_year, end_year, is_sample) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind("示例县数字化转型五年路线图（2023—2027）")
        .bind("示例县")
        .bind(2023_i32)
        .bind(2027_i32)
        .bind(true)
        .fetch_one(&mut *tx)
        .await?;

        let mut phase_ids = Vec::new();
        for (i, (p, start, end)) in phases.iter().enumerate() {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO phases (roadmap_id, code, name_zh, name_en, start_date, end_date, sort_order)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(roadmap_id).bind(p.code).bind(p.zh).bind(p.en).bind(*start).bind(*end).bind(i as i32)
            .fetch_one(&mut *tx)
            .await?;
            phase_ids.push(id);
        }

        let mut pillar_ids = std::collections::HashMap::new();
        for (i, (code, zh, en, description)) in PILLARS.iter().enumerate() {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO pillars (code, name_zh, name_en, description, sort_order, abbr) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id",
            )
            .bind(*code).bind(*zh).bind(*en).bind(*description).bind(i as i32)
            .bind(crate::domain::milestone_code::pillar_abbr(code))
            .fetch_one(&mut *tx)
            .await?;
            pillar_ids.insert(*code, id);
        }

        let mut domain_ids = std::collections::HashMap::new();
        for (i, (code, zh, en)) in DOMAINS.iter().enumerate() {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO domains (code, name_zh, name_en, sort_order) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id",
            )
            .bind(*code).bind(*zh).bind(*en).bind(i as i32)
            .fetch_one(&mut *tx)
            .await?;
            domain_ids.insert(*code, id);
        }

        let mut unit_ids = Vec::new();
        for (i, (name, kind, contact, phone)) in UNITS.iter().enumerate() {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO units (name, kind, contact_name, contact_phone, sort_order) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
            )
            .bind(*name).bind(*kind).bind(*contact).bind(*phone).bind(i as i32)
            .fetch_one(&mut *tx)
            .await?;
            unit_ids.push(id);
        }

        let lookup = |map: &std::collections::HashMap<&str, i64>, key: &str| {
            map.get(key).copied().ok_or_else(|| DbError::Corrupt(format!("示例数据引用了不存在的代码 {key}")))
        };

        let mut milestone_ids = std::collections::HashMap::new();
        for (m, start, due) in &milestones {
            let reported_until = (*due).min(data_date);
            let completed_on = (m.percent >= 100).then_some(reported_until);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO milestones (roadmap_id, phase_id, pillar_id, domain_id, unit_id, title, start_date,
                                         due_date, weight, percent, completed_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(roadmap_id)
            .bind(phase_ids[m.phase])
            .bind(lookup(&pillar_ids, m.pillar)?)
            .bind(lookup(&domain_ids, m.domain)?)
            .bind(unit_ids[m.unit])
            .bind(m.title)
            .bind(*start)
            .bind(*due)
            .bind(m.weight)
            .bind(m.percent)
            .bind(completed_on)
            .fetch_one(&mut *tx)
            .await?;
            milestone_ids.insert(m.key, id);

            if m.percent > 0 {
                let dates = report_dates(*start, reported_until);
                let n = dates.len() as i32;
                for (i, day) in dates.iter().enumerate() {
                    let percent = m.percent * (i as i32 + 1) / n;
                    let note = if percent >= 100 {
                        "已完成全部建设内容并通过验收"
                    } else if i == 0 {
                        "已启动，完成方案编制与任务分解"
                    } else {
                        "按计划推进，完成阶段性工作"
                    };
                    sqlx::query(
                        "INSERT INTO milestone_progress (milestone_id, reported_on, percent, note) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id).bind(*day).bind(percent).bind(note)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }

        for (milestone, depends_on) in DEPENDENCIES {
            sqlx::query("INSERT INTO milestone_dependencies (milestone_id, depends_on_id) VALUES ($1, $2)")
                .bind(lookup(&milestone_ids, milestone)?)
                .bind(lookup(&milestone_ids, depends_on)?)
                .execute(&mut *tx)
                .await?;
        }

        let mut project_ids = Vec::new();
        for (p, total, funds) in &projects {
            let (contact, phone) = (UNITS[p.unit].2, UNITS[p.unit].3);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO projects (kind, code, name, unit_id, location, construction_type, pillar_id, domain_id,
                    content, start_year, end_year, total_investment, fund_central, fund_provincial, fund_city,
                    fund_county, fund_social, status, visible_progress, contact_name, contact_phone)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                 RETURNING id",
            )
            .bind(p.kind).bind(p.code).bind(p.name).bind(unit_ids[p.unit]).bind(p.location).bind(p.construction)
            .bind(lookup(&pillar_ids, p.pillar)?).bind(lookup(&domain_ids, p.domain)?).bind(p.content)
            .bind(p.years.0).bind(p.years.1).bind(*total)
            .bind(funds[0]).bind(funds[1]).bind(funds[2]).bind(funds[3]).bind(funds[4])
            .bind(p.status).bind(p.visible_progress).bind(contact).bind(phone)
            .fetch_one(&mut *tx)
            .await?;
            project_ids.push(id);

            for key in p.milestones {
                sqlx::query("INSERT INTO project_milestones (project_id, milestone_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(lookup(&milestone_ids, key)?)
                    .execute(&mut *tx)
                    .await?;
            }

            // Monthly ledger: the plan spread evenly, completion up to the month before the data date.
            let years = i64::from(p.years.1 - p.years.0 + 1);
            let mut completed_total = 0_i64;
            for (y, year_plan) in split_exact(*total, years).into_iter().enumerate() {
                let year = p.years.0 + y as i32;
                for (m, planned) in split_exact(year_plan, 12).into_iter().enumerate() {
                    let month = m as u32 + 1;
                    let reported = (year, month) < (data_date.year(), data_date.month());
                    let completed = if reported { planned * p.completion / 100 } else { 0 };
                    completed_total += completed;
                    sqlx::query(
                        "INSERT INTO investment_ledger (project_id, year, month, planned, completed) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id).bind(year).bind(month as i32).bind(planned).bind(completed)
                    .execute(&mut *tx)
                    .await?;
                }
            }

            // Quarterly 形象进度 reports following the money actually spent.
            let progress_now = if p.status == "completed" { 100 } else { (completed_total * 100 / (*total).max(1)) as i32 };
            let last = date(p.years.1, 12, 31)?.min(data_date);
            let mut quarters = Vec::new();
            for year in p.years.0..=p.years.1 {
                for (month, day) in [(3, 31), (6, 30), (9, 30), (12, 31)] {
                    let quarter_end = date(year, month, day)?;
                    if quarter_end < last {
                        quarters.push(quarter_end);
                    }
                }
            }
            quarters.push(last);
            let n = quarters.len() as i32;
            for (i, day) in quarters.iter().enumerate() {
                let percent = progress_now * (i as i32 + 1) / n;
                let text = if i as i32 == n - 1 {
                    p.visible_progress.to_string()
                } else {
                    format!("完成第 {} 批建设任务，累计进度 {percent}%", i + 1)
                };
                sqlx::query(
                    "INSERT INTO project_progress (project_id, reported_on, percent, visible_progress) VALUES ($1, $2, $3, $4)",
                )
                .bind(id).bind(*day).bind(percent).bind(text)
                .execute(&mut *tx)
                .await?;
            }
        }

        for problem in &PROBLEMS {
            let milestone_id = problem.milestone.map(|k| lookup(&milestone_ids, k)).transpose()?;
            let project_id = problem.project.map(|i| project_ids[i]);
            let due = problem.due.map(|(y, m, d)| date(y, m, d)).transpose()?;
            let (raised, status) = (problem.raised, problem.status);
            sqlx::query(
                "INSERT INTO problems (milestone_id, project_id, description, owner_unit_id, raised_on, due_date, status, answer)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(milestone_id).bind(project_id).bind(problem.description).bind(unit_ids[problem.unit])
            .bind(date(raised.0, raised.1, raised.2)?).bind(due).bind(status)
            .bind(if status == "answered" { "已报县政府常务会议研究，拟于下年度预算安排" } else { "" })
            .execute(&mut *tx)
            .await?;
        }

        // The demo passwords count as set now, so that turning password expiry on later does
        // not expire every demo account at once.
        let set_at = chrono::Utc::now().timestamp();
        for ((username, display_name, role, _), hash) in DEMO_ACCOUNTS.iter().zip(&demo_hashes) {
            sqlx::query(
                "INSERT INTO users (username, display_name, role, password_hash, password_changed_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (username) DO NOTHING",
            )
            .bind(username).bind(display_name).bind(role).bind(hash).bind(set_at)
            .execute(&mut *tx)
            .await?;
        }
        for (username, unit) in DEMO_LIAISON_UNITS {
            sqlx::query(
                "INSERT INTO user_units (user_id, unit_id)
                 SELECT id, $1 FROM users WHERE username = $2 ON CONFLICT DO NOTHING",
            )
            .bind(unit_ids[unit]).bind(username)
            .execute(&mut *tx)
            .await?;
        }

        // Indicators (指标) a centre keeps: two entered by quarter with their values, one counted
        // from the ledger's 安全检查 records, one computed from the milestones.
        for ind in &SAMPLE_INDICATORS {
            let (activity_type, computed) = match ind.source {
                "ledger" => {
                    let (id,): (i64,) = sqlx::query_as("SELECT id FROM activity_types WHERE name_zh = $1")
                        .bind(ind.from).fetch_one(&mut *tx).await?;
                    (Some(id), None)
                }
                "computed" => (None, Some(ind.from)),
                _ => (None, None),
            };
            let pillar = lookup(&pillar_ids, ind.pillar)?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO indicators (name_zh, name_en, measure, higher_is_better, period, aggregate,
                    source, activity_type_id, computed, pillar_id, unit_id, pinned)
                 VALUES ($1, $2, $3, TRUE, $4, $5, $6, $7, $8, $9, $10, TRUE) RETURNING id",
            )
            .bind(ind.zh).bind(ind.en).bind(ind.measure).bind(ind.period).bind(ind.aggregate)
            .bind(ind.source).bind(activity_type).bind(computed).bind(pillar).bind(unit_ids[0])
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO indicator_targets (indicator_id, year, target) VALUES ($1, 2026, $2)")
                .bind(id).bind(ind.target * 100)
                .execute(&mut *tx)
                .await?;
            for (month, value) in ind.values {
                sqlx::query(
                    "INSERT INTO indicator_values (indicator_id, starts_on, value, note, recorded_by, recorded_at)
                     VALUES ($1, $2, $3, '', 'planner', 0)",
                )
                .bind(id).bind(date(2026, *month, 1)?).bind(value * 100)
                .execute(&mut *tx)
                .await?;
            }
        }

        tx.commit().await?;
        Ok(true)
    })
}

/// Sign-in accounts that come with the sample programme, one per role (documented in the
/// README; a real deployment creates its own with `roadmap user add` and disables these).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &str); 5] = [
    ("admin", "示例管理员", "admin", "roadmap-admin"),
    ("planner", "示例规划员", "planner", "roadmap-planner"),
    ("viewer", "示例领导", "viewer", "roadmap-viewer"),
    (
        "liaison",
        "示例填报员（县公安局）",
        "liaison",
        "roadmap-liaison",
    ),
    (
        "liaison2",
        "示例填报员（县大数据发展中心）",
        "liaison",
        "roadmap-liaison2",
    ),
];

/// The unit (index into `UNITS`) each demo liaison reports for.
const DEMO_LIAISON_UNITS: [(&str, usize); 2] = [("liaison", 6), ("liaison2", 0)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_split_adds_up() {
        assert_eq!(split_exact(100, 3), vec![33, 33, 34]);
        assert_eq!(split_exact(386_000, 12).iter().sum::<i64>(), 386_000);
        assert!(split_exact(5, 0).is_empty());
    }

    #[test]
    fn report_dates_end_on_the_last_day() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let dates = report_dates(start, end);
        assert_eq!(
            dates.first(),
            Some(&NaiveDate::from_ymd_opt(2025, 1, 31).unwrap())
        );
        assert_eq!(dates.last(), Some(&end));
        assert!(dates.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn sample_has_the_reports_six_tasks_and_every_pillar() {
        for key in [
            "theory",
            "literacy",
            "plan",
            "grassroots",
            "security23",
            "report14",
        ] {
            assert!(MILESTONES.iter().any(|m| m.key == key), "{key}");
        }
        for (code, ..) in PILLARS {
            assert!(MILESTONES.iter().any(|m| m.pillar == code), "{code}");
        }
        for (phase, _) in PHASES.iter().enumerate() {
            assert!(MILESTONES.iter().filter(|m| m.phase == phase).count() >= 5);
        }
    }
}
