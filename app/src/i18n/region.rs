//! What reporting upward says: the 上报 package, the region's import refusals, its dashboard and
//! its command lines. Chinese first.

use std::fmt;

use chrono::NaiveDate;

use super::Locale;
use crate::domain::period::Period;

/// Messages with figures: refusals, and what the commands did.
pub enum RegionSay<'a> {
    NoRegionCode,
    BadRegionCode(&'a str),
    FuturePeriod(Period),
    /// The month asked for is missing or not one.
    NoPeriod(&'a str),
    Write(&'a str),
    NotAPackage,
    TooLarge,
    BadPublicKey,
    UnknownCounty {
        code: &'a str,
        county: &'a str,
    },
    Unsigned(&'a str),
    WrongKey(&'a str),
    UnknownSchema {
        given: u32,
        oldest: u32,
        newest: u32,
    },
    Tampered(&'a str),
    Missing(&'a str),
    Added(&'a str),
    BadReport(&'a str),
    NotNewer {
        county: &'a str,
        period: Period,
        have: i64,
        given: i64,
    },
    CountyExists(&'a str),
    NoSuchCounty(&'a str),
    BadPushToken,
    EvidenceTooLarge {
        files: usize,
        megabytes: u64,
        max_files: i64,
        max_megabytes: u64,
    },
    TokenOfOtherCounty {
        token: &'a str,
        package: &'a str,
    },
    BadPushUrl(&'a str),
    PushTokenMissing,
    NoPushTarget,
    PushFailed(&'a str),
    PushRefused {
        status: u16,
        answer: &'a str,
    },
    /// `roadmap package push`, and the reporting page's push: what upstream said.
    Pushed {
        period: Period,
        sequence: i64,
        answer: &'a str,
    },
    /// `roadmap region county token`
    TokenIssued {
        county: &'a str,
        code: &'a str,
        token: &'a str,
    },
    /// `roadmap package key`
    Key {
        county: &'a str,
        code: Option<&'a str>,
        key: &'a str,
        fingerprint: &'a str,
        signed: i64,
    },
    /// `roadmap package export`
    Exported {
        path: &'a dyn fmt::Display,
        period: Period,
        sequence: i64,
        projects: usize,
    },
    /// `roadmap region county add`
    CountyAdded {
        name: &'a str,
        code: &'a str,
    },
    /// A line of `roadmap region county list`
    CountyLine {
        name: &'a str,
        code: &'a str,
        fingerprint: &'a str,
    },
    /// `roadmap region import`
    Imported {
        county: &'a str,
        period: Period,
        sequence: i64,
        projects: usize,
        superseded: bool,
    },
    /// `roadmap region synthetic`
    SyntheticWritten {
        path: &'a dyn fmt::Display,
        counties: usize,
        projects: usize,
    },
    /// What a 催报 did.
    Reminded {
        reached: usize,
        unreachable: usize,
    },
    /// `roadmap region sheet`
    MergedWritten {
        path: &'a dyn fmt::Display,
        counties: usize,
        projects: usize,
    },
}

impl Locale {
    pub fn region_say(self, say: &RegionSay) -> String {
        let zh = self == Locale::Zh;
        match say {
            RegionSay::NoRegionCode => self
                .pick(
                    "尚未设置本县的行政区划代码：请管理员在“管理”页或用 roadmap package key --code 339901 设置后再导出上报包",
                    "this county's administrative division code (行政区划代码) is not set: an admin sets it on the admin page or with roadmap package key --code 339901 before exporting a package",
                )
                .into(),
            RegionSay::BadRegionCode(code) if zh => {
                format!("“{code}”不是行政区划代码：应为 6 位数字，如 339901")
            }
            RegionSay::BadRegionCode(code) => format!(
                "“{code}” is not an administrative division code: six digits, such as 339901"
            ),
            RegionSay::FuturePeriod(p) if zh => {
                format!("{} 尚未开始，不能上报", self.period(*p))
            }
            RegionSay::FuturePeriod(p) => {
                format!("{} has not begun yet and cannot be reported", self.period(*p))
            }
            RegionSay::NoPeriod(given) if zh => {
                format!("“{given}”不是月份：请选择月份，如 2026-11")
            }
            RegionSay::NoPeriod(given) => {
                format!("“{given}” is not a month: choose one, such as 2026-11")
            }
            RegionSay::Write(e) if zh => format!("无法写出上报包：{e}"),
            RegionSay::Write(e) => format!("cannot write the package: {e}"),
            RegionSay::NotAPackage => self
                .pick(
                    "这不是 Roadmap 上报包（不是 zip，或没有上报包的 manifest.json），未导入任何内容",
                    "this is not a Roadmap report package (not a zip, or no package manifest.json); nothing was imported",
                )
                .into(),
            RegionSay::TooLarge => self
                .pick(
                    "上报包超过 256 MB，未导入任何内容",
                    "the package is larger than 256 MB; nothing was imported",
                )
                .into(),
            RegionSay::BadPublicKey => self
                .pick(
                    "公钥无法识别：请粘贴县里 roadmap package key 显示的完整公钥（44 个字符）",
                    "the public key cannot be read: paste the whole key the county's roadmap package key shows (44 characters)",
                )
                .into(),
            RegionSay::UnknownCounty { code, county } if zh => format!(
                "上报包来自未登记的县（{county}，行政区划代码 {code}）：请先用 roadmap region county add 登记该县及其公钥；未导入任何内容"
            ),
            RegionSay::UnknownCounty { code, county } => format!(
                "the package comes from a county not registered here ({county}, code {code}): register it and its public key with roadmap region county add first; nothing was imported"
            ),
            RegionSay::Unsigned(county) if zh => {
                format!("{county}的上报包没有有效签名（manifest.sig 缺失或损坏），未导入任何内容")
            }
            RegionSay::Unsigned(county) => format!(
                "the package from {county} has no valid signature (manifest.sig missing or damaged); nothing was imported"
            ),
            RegionSay::WrongKey(county) if zh => format!(
                "签名与登记的{county}公钥不符：上报包不是用该县的密钥签的，或清单被改动过；未导入任何内容"
            ),
            RegionSay::WrongKey(county) => format!(
                "the signature does not match the public key registered for {county}: the package was not signed with that county's key, or its manifest was changed; nothing was imported"
            ),
            RegionSay::UnknownSchema {
                given,
                oldest,
                newest,
            } if zh => format!(
                "上报包的数据格式为第 {given} 版，本程序只认识第 {oldest}–{newest} 版：请升级 Roadmap 后再导入；未导入任何内容"
            ),
            RegionSay::UnknownSchema {
                given,
                oldest,
                newest,
            } => format!(
                "the package's data layout is version {given}; this program reads versions {oldest} to {newest}: upgrade Roadmap to import it; nothing was imported"
            ),
            RegionSay::Tampered(file) if zh => format!(
                "上报包中的“{file}”与签名清单中的大小或 SHA-256 不符（文件被改动或损坏），未导入任何内容"
            ),
            RegionSay::Tampered(file) => format!(
                "“{file}” in the package does not match the size or SHA-256 in its signed manifest (changed or damaged); nothing was imported"
            ),
            RegionSay::Missing(file) if zh => {
                format!("上报包缺少签名清单中列出的“{file}”，未导入任何内容")
            }
            RegionSay::Missing(file) => format!(
                "the package lacks “{file}”, which its signed manifest lists; nothing was imported"
            ),
            RegionSay::Added(file) if zh => {
                format!("上报包中多了签名清单未列出的“{file}”，未导入任何内容")
            }
            RegionSay::Added(file) => format!(
                "the package holds “{file}”, which its signed manifest does not list; nothing was imported"
            ),
            RegionSay::BadReport(e) if zh => {
                format!("上报包的 report.json 无法读取：{e}；未导入任何内容")
            }
            RegionSay::BadReport(e) => {
                format!("the package's report.json cannot be read: {e}; nothing was imported")
            }
            RegionSay::NotNewer {
                county,
                period,
                have,
                given,
            } if zh => format!(
                "{county}{}已有第 {have} 号上报包，此包为第 {given} 号，不比已有的新（重复或较早的包），未导入任何内容",
                self.period(*period)
            ),
            RegionSay::NotNewer {
                county,
                period,
                have,
                given,
            } => format!(
                "{county} already has package no. {have} for {}; this is no. {given}, not newer (a repeat or an older package); nothing was imported",
                self.period(*period)
            ),
            RegionSay::CountyExists(code) if zh => format!("行政区划代码 {code} 已登记"),
            RegionSay::CountyExists(code) => format!("the code {code} is registered already"),
            RegionSay::NoSuchCounty(code) if zh => format!("没有登记行政区划代码为 {code} 的县"),
            RegionSay::NoSuchCounty(code) => format!("no county is registered with the code {code}"),
            RegionSay::EvidenceTooLarge {
                files,
                megabytes,
                max_files,
                max_megabytes,
            } if zh => format!(
                "本月佐证材料有 {files} 个文件、约 {megabytes} MB，超过一个上报包可带的 {max_files} 个文件、{max_megabytes} MB：请不含佐证材料导出，佐证材料另行报送"
            ),
            RegionSay::EvidenceTooLarge {
                files,
                megabytes,
                max_files,
                max_megabytes,
            } => format!(
                "The month's evidence is {files} files, about {megabytes} MB: more than a package carries ({max_files} files, {max_megabytes} MB). Export without evidence and send it separately"
            ),
            RegionSay::BadPushToken if zh => {
                "推送令牌无效：请使用上级管理员为本县生成的令牌（重新生成后旧令牌失效）；未导入任何内容".into()
            }
            RegionSay::BadPushToken => "The push token is not valid: use the token the upstream admin issued for this county (issuing a new one ends the old one); nothing was imported".into(),
            RegionSay::TokenOfOtherCounty { token, package } if zh => format!(
                "推送令牌属于{token}，而上报包来自{package}；未导入任何内容"
            ),
            RegionSay::TokenOfOtherCounty { token, package } => format!(
                "The push token is {token}'s but the package is {package}'s; nothing was imported"
            ),
            RegionSay::BadPushUrl(url) if zh => format!(
                "“{url}”不是可推送的地址：请填写上级实例的 https:// 地址，如 https://city.example.gov.cn（http:// 仅限本机测试）"
            ),
            RegionSay::BadPushUrl(url) => format!(
                "“{url}” is not an address to push to: give the upstream instance's https:// address, such as https://city.example.gov.cn (http:// only to this machine, for testing)"
            ),
            RegionSay::PushTokenMissing if zh => "请填写上级为本县生成的推送令牌".into(),
            RegionSay::PushTokenMissing => "Give the push token upstream issued for this county".into(),
            RegionSay::NoPushTarget if zh => {
                "尚未设置推送地址：请管理员在“管理”页设置上级地址和推送令牌，或在命令中给出 --to 和 --token".into()
            }
            RegionSay::NoPushTarget => "No push address is set: an admin sets the upstream address and push token on the admin page, or give --to and --token".into(),
            RegionSay::PushFailed(error) if zh => format!(
                "未能连接上级：{error}。上报包仍可导出为文件报送"
            ),
            RegionSay::PushFailed(error) => format!(
                "Could not reach upstream: {error}. The package can still be exported as a file"
            ),
            RegionSay::PushRefused { status, answer } if zh => {
                format!("上级未接收（HTTP {status}）：{answer}")
            }
            RegionSay::PushRefused { status, answer } => {
                format!("Upstream did not take it (HTTP {status}): {answer}")
            }
            RegionSay::Pushed {
                period,
                sequence,
                answer,
            } if zh => format!(
                "已推送{}上报包（第 {sequence} 号）。上级回复：{answer}",
                self.period(*period)
            ),
            RegionSay::Pushed {
                period,
                sequence,
                answer,
            } => format!(
                "Pushed the package for {} (no. {sequence}). Upstream said: {answer}",
                self.period(*period)
            ),
            RegionSay::TokenIssued { county, code, token } if zh => format!(
                "已为{county}（{code}）生成推送令牌（只显示这一次，旧令牌即时失效）：\n{token}\n请通过安全渠道交给该县管理员，填入其“管理”页的推送设置。"
            ),
            RegionSay::TokenIssued { county, code, token } => format!(
                "Issued a push token for {county} ({code}) (shown only this once; the old one stops working now):\n{token}\nHand it to the county's admin by a safe channel, for the push settings on their admin page."
            ),
            RegionSay::Key {
                county,
                code,
                key,
                fingerprint,
                signed,
            } if zh => format!(
                "县名：{county}\n行政区划代码：{}\n公钥（Ed25519）：{key}\n指纹：{fingerprint}\n已签发上报包：{signed} 个\n上级登记：roadmap region county add {county} --code {} --key {key}",
                code.unwrap_or("（未设置）"),
                code.unwrap_or("<代码>")
            ),
            RegionSay::Key {
                county,
                code,
                key,
                fingerprint,
                signed,
            } => format!(
                "County: {county}\nCode: {}\nPublic key (Ed25519): {key}\nFingerprint: {fingerprint}\nPackages signed: {signed}\nTo register upstream: roadmap region county add {county} --code {} --key {key}",
                code.unwrap_or("(not set)"),
                code.unwrap_or("<code>")
            ),
            RegionSay::Exported {
                path,
                period,
                sequence,
                projects,
            } if zh => format!(
                "已写出{}上报包 {path}（第 {sequence} 号，{} 个项目，已签名）",
                self.period(*period),
                self.count(*projects)
            ),
            RegionSay::Exported {
                path,
                period,
                sequence,
                projects,
            } => format!(
                "Wrote the package for {} to {path} (no. {sequence}, {} projects, signed)",
                self.period(*period),
                self.count(*projects)
            ),
            RegionSay::CountyAdded { name, code } if zh => {
                format!("已登记{name}（{code}）")
            }
            RegionSay::CountyAdded { name, code } => format!("Registered {name} ({code})"),
            RegionSay::CountyLine {
                name,
                code,
                fingerprint,
            } => format!("{code}  {name}  {fingerprint}"),
            RegionSay::Imported {
                county,
                period,
                sequence,
                projects,
                superseded,
            } if zh => format!(
                "已导入{county}{}上报包（第 {sequence} 号，{} 个项目）{}",
                self.period(*period),
                self.count(*projects),
                if *superseded { "，替代此前的包（保留为历史）" } else { "" }
            ),
            RegionSay::Imported {
                county,
                period,
                sequence,
                projects,
                superseded,
            } => format!(
                "Imported {county}'s package for {} (no. {sequence}, {} projects){}",
                self.period(*period),
                self.count(*projects),
                if *superseded { ", superseding the earlier one (kept as history)" } else { "" }
            ),
            RegionSay::SyntheticWritten {
                path,
                counties,
                projects,
            } if zh => format!(
                "已在 {path} 写出 {counties} 个合成县的上报包（每县 {} 个项目）及 counties.tsv",
                self.count(*projects)
            ),
            RegionSay::SyntheticWritten {
                path,
                counties,
                projects,
            } => format!(
                "Wrote {counties} synthetic counties' packages ({} projects each) and counties.tsv in {path}",
                self.count(*projects)
            ),
            RegionSay::Reminded {
                reached,
                unreachable,
            } if zh => {
                let mut said = format!("已通过通知渠道向 {reached} 个未上报的县发送催报");
                if *unreachable > 0 {
                    said.push_str(&format!("；{unreachable} 个县未设通知渠道，请电话联系"));
                }
                said
            }
            RegionSay::Reminded {
                reached,
                unreachable,
            } => {
                let mut said =
                    format!("Reminded {reached} unreported counties through their channels");
                if *unreachable > 0 {
                    said.push_str(&format!(
                        "; {unreachable} have no channel set, please phone them"
                    ));
                }
                said
            }
            RegionSay::MergedWritten {
                path,
                counties,
                projects,
            } if zh => format!(
                "已写出汇总表 {path}：{counties} 个县，{} 个项目",
                self.count(*projects)
            ),
            RegionSay::MergedWritten {
                path,
                counties,
                projects,
            } => format!(
                "Wrote the merged sheet {path}: {counties} counties, {} projects",
                self.count(*projects)
            ),
        }
    }

    pub fn region(self) -> &'static RegionTexts {
        match self {
            Locale::Zh => &ZH_REGION,
            Locale::En => &EN_REGION,
        }
    }

    /// A county's page: "示例县（339901）· 2026年11月".
    pub fn region_county_title(self, county: &str, code: &str, period: Period) -> String {
        match self {
            Locale::Zh => format!("{county}（{code}）· {}", self.period(period)),
            Locale::En => format!("{county} ({code}) · {}", self.period(period)),
        }
    }

    /// The 催报 a county's robots and mailboxes receive.
    pub fn county_reminder(
        self,
        county: &str,
        code: &str,
        period: Period,
        due: NaiveDate,
    ) -> String {
        match self {
            Locale::Zh => format!(
                "【催报】{county}（{code}）：{}的上报包尚未报送，报送截止日期为{}。请在“上报记录与报告期”导出上报包后尽快报送。",
                self.period(period),
                self.date(due)
            ),
            Locale::En => format!(
                "[Reminder] {county} ({code}): the report package for {} has not been received; it is due on {}. Please export it from Reporting and send it.",
                self.period(period),
                self.date(due)
            ),
        }
    }

    /// How often a county was chased for the month: "已催报 2 次，最近 12月8日 09:30".
    pub fn county_reminded(self, times: i64, last: i64) -> String {
        match self {
            Locale::Zh => format!("已催报 {times} 次，最近 {}", self.datetime(last)),
            Locale::En => format!("reminded {times}×, last {}", self.datetime(last)),
        }
    }

    /// A channel's owner when it is a county: "甲县（339901）".
    pub fn county_with_code(self, county: &str, code: &str) -> String {
        match self {
            Locale::Zh => format!("{county}（{code}）"),
            Locale::En => format!("{county} ({code})"),
        }
    }

    /// A push token's file: "示例县-339901-推送令牌.txt".
    pub fn push_token_file_name(self, county: &str, code: &str) -> String {
        let word = self.pick("推送令牌", "push-token");
        format!("{county}-{code}-{word}.txt")
    }

    /// The package's file name: "示例县-339901-2026-11-上报包.zip".
    pub fn package_file_name(self, county: &str, code: &str, period: Period) -> String {
        let word = self.pick("上报包", "package");
        format!("{county}-{code}-{}-{word}.zip", period.code())
    }
}

impl fmt::Display for RegionSay<'_> {
    /// In the process's language (the command line's).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Locale::process().region_say(self))
    }
}

/// The fixed words of the region's pages and the package panel.
pub struct RegionTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    pub registered: &'static str,
    pub reported: &'static str,
    pub not_reported: &'static str,
    pub not_reported_none: &'static str,
    pub no_counties: &'static str,
    pub heatmap: &'static str,
    pub ranking: &'static str,
    pub rank: &'static str,
    pub county: &'static str,
    pub code: &'static str,
    pub progress: &'static str,
    pub expected: &'static str,
    pub gap: &'static str,
    pub behind: &'static str,
    pub projects: &'static str,
    pub total_investment: &'static str,
    pub completed_this_year: &'static str,
    pub package_no: &'static str,
    pub investment_by_source: &'static str,
    pub region_total: &'static str,
    pub upload: &'static str,
    pub upload_button: &'static str,
    pub upload_hint: &'static str,
    pub merged_sheet: &'static str,
    pub drill_back: &'static str,
    pub as_reported: &'static str,
    pub figures_locked: &'static str,
    pub figures_live: &'static str,
    pub by_pillar: &'static str,
    pub by_phase: &'static str,
    pub all: &'static str,
    pub history: &'static str,
    pub made_at: &'static str,
    pub imported_by: &'static str,
    pub current: &'static str,
    pub superseded: &'static str,
    pub no_package: &'static str,
    pub project_code: &'static str,
    pub project_name: &'static str,
    pub unit: &'static str,
    pub pillar: &'static str,
    pub visible_progress: &'static str,
    pub problems: &'static str,
    pub package_title: &'static str,
    pub package_intro: &'static str,
    pub package_button: &'static str,
    pub region_code: &'static str,
    pub public_key: &'static str,
    pub fingerprint: &'static str,
    pub code_not_set: &'static str,
    pub set_code: &'static str,
    pub save_code: &'static str,
    /// 资金来源: 中央, 省, 市, 县, 自筹.
    pub funds: [&'static str; 5],
    pub region_link: &'static str,
    pub register: &'static str,
    pub register_hint: &'static str,
    pub county_name: &'static str,
    pub key: &'static str,
    pub register_button: &'static str,
    pub due: &'static str,
    pub remind: &'static str,
    pub remind_hint: &'static str,
    pub no_channel: &'static str,
    pub channels: &'static str,
    pub county_channels: &'static str,
    pub county_channels_hint: &'static str,
    pub add_channel: &'static str,
    pub due_day: &'static str,
    pub due_day_hint: &'static str,
    pub save: &'static str,
    pub push_url: &'static str,
    pub push_not_set: &'static str,
    pub push_hint: &'static str,
    pub push_token: &'static str,
    pub save_push: &'static str,
    pub push_button: &'static str,
    pub issue_token: &'static str,
    pub token_hint: &'static str,
    pub with_evidence: &'static str,
    pub evidence: &'static str,
    pub evidence_file: &'static str,
    pub evidence_for: &'static str,
    pub evidence_reported_on: &'static str,
    pub evidence_size: &'static str,
    pub evidence_milestone: &'static str,
    pub evidence_project: &'static str,
}

static ZH_REGION: RegionTexts = RegionTexts {
    nav: "区域汇总",
    title: "区域汇总",
    intro: "各县上报包按月汇总：进度对照序时进度、投资、排名和未报县。",
    period: "月份",
    show: "查看",
    registered: "已登记县",
    reported: "已上报",
    not_reported: "未上报",
    not_reported_none: "所有已登记的县均已上报。",
    no_counties: "尚未登记任何县：请管理员用 roadmap region county add 登记县名、行政区划代码和公钥。",
    heatmap: "各县 × 五个一 进度（对照序时进度）",
    ranking: "通报排名（按超前或滞后序时进度的百分点）",
    rank: "名次",
    county: "县",
    code: "行政区划代码",
    progress: "实际进度",
    expected: "序时进度",
    gap: "差值（百分点）",
    behind: "滞后里程碑",
    projects: "项目数",
    total_investment: "总投资（万元）",
    completed_this_year: "本年完成投资（万元）",
    package_no: "包号",
    investment_by_source: "投资与资金来源（万元）",
    region_total: "合计",
    upload: "导入上报包",
    upload_button: "上传并导入",
    upload_hint: "选择县里导出的上报包（.zip）。签名、每个文件的校验值和包号都核对无误才会导入；否则不做任何改动。",
    merged_sheet: "下载汇总表（XLSX）",
    drill_back: "返回区域汇总",
    as_reported: "以下为该县上报包中的数据（只读）。",
    figures_locked: "项目数据为该月锁定的基线",
    figures_live: "项目数据为导出时的台账（该月未锁定）",
    by_pillar: "按支柱",
    by_phase: "按阶段",
    all: "合计",
    history: "本月上报记录",
    made_at: "生成时间",
    imported_by: "导入人",
    current: "当前",
    superseded: "已被替代",
    no_package: "该县本月尚未上报。",
    project_code: "项目代码",
    project_name: "项目名称",
    unit: "建设单位",
    pillar: "所属支柱",
    visible_progress: "形象进度",
    problems: "存在问题",
    package_title: "上报包",
    package_intro: "导出某月的签名上报包（省级模板 XLSX + 机读 JSON + 签名清单），通过 OA 或存储介质报送上级。",
    package_button: "导出上报包",
    region_code: "行政区划代码",
    public_key: "上报公钥（Ed25519）",
    fingerprint: "指纹",
    code_not_set: "未设置",
    set_code: "设置行政区划代码",
    save_code: "保存",
    funds: ["中央", "省", "市", "县", "自筹"],
    region_link: "各县上报汇总（区域汇总）",
    register: "登记县",
    register_hint: "登记向本实例上报的县：县名、行政区划代码，以及该县“管理”页或 roadmap package key 显示的上报公钥。请通过电话等其他渠道核对指纹。",
    county_name: "县名",
    key: "上报公钥",
    register_button: "登记",
    due: "报送截止",
    remind: "催报未上报的县",
    remind_hint: "通过各县的通知渠道（群机器人、邮件）发送催报，与单位催报同一发送队列，失败自动重试。截止日前后系统每天也会自动催报。",
    no_channel: "未设通知渠道",
    channels: "通知渠道",
    county_channels: "各县通知渠道",
    county_channels_hint: "催报发往各县的群机器人（钉钉 / 政务钉钉、企业微信、飞书）或邮箱。在“管理 › 通知渠道”可测试或删除渠道。",
    add_channel: "添加渠道",
    due_day: "上报截止日（次月几日）",
    due_day_hint: "各县在次月这一天前报送上月的上报包；系统从截止日前几天起每天催报未上报的县。",
    save: "保存",
    push_url: "推送地址（上级实例）",
    push_not_set: "未设置（仅以文件报送）",
    push_hint: "网络允许时，可将上报包通过 HTTPS 直接推送到上级实例：填写上级地址和上级为本县生成的推送令牌。地址留空则不推送；文件报送始终可用。",
    push_token: "推送令牌",
    save_push: "保存推送设置",
    push_button: "推送到上级",
    issue_token: "生成推送令牌",
    with_evidence: "含本月进展的佐证材料",
    evidence: "佐证材料",
    evidence_file: "文件",
    evidence_for: "所属进展",
    evidence_reported_on: "进展日期",
    evidence_size: "大小",
    evidence_milestone: "里程碑",
    evidence_project: "项目",
    token_hint: "生成推送令牌会下载一个文本文件（令牌只在其中出现这一次，旧令牌即时失效），请通过安全渠道交给该县管理员。",
};

static EN_REGION: RegionTexts = RegionTexts {
    nav: "Region",
    title: "Region roll-up",
    intro: "The counties' packages by month: progress against the expected pace, investment, ranking and who has not reported.",
    period: "Month",
    show: "Show",
    registered: "Counties registered",
    reported: "Reported",
    not_reported: "Not reported",
    not_reported_none: "Every registered county has reported.",
    no_counties: "No county is registered yet: an admin registers each with roadmap region county add (name, code and public key).",
    heatmap: "Counties × five pillars (against the expected pace)",
    ranking: "Ranking (points ahead of or behind the expected pace)",
    rank: "Rank",
    county: "County",
    code: "Code",
    progress: "Progress",
    expected: "Expected",
    gap: "Gap (points)",
    behind: "Milestones behind",
    projects: "Projects",
    total_investment: "Total investment (10k yuan)",
    completed_this_year: "Completed this year (10k yuan)",
    package_no: "Package no.",
    investment_by_source: "Investment and funding sources (10k yuan)",
    region_total: "Total",
    upload: "Import a package",
    upload_button: "Upload and import",
    upload_hint: "Choose a package (.zip) a county exported. It is imported only if its signature, every file's checksum and its number check out; otherwise nothing changes.",
    merged_sheet: "Download the merged sheet (XLSX)",
    drill_back: "Back to the region",
    as_reported: "The figures below are as the county's package reported them (read-only).",
    figures_locked: "Project figures are the month's locked baseline",
    figures_live: "Project figures are the registry when exported (the month was not locked)",
    by_pillar: "By pillar",
    by_phase: "By phase",
    all: "All",
    history: "Packages for the month",
    made_at: "Made at",
    imported_by: "Imported by",
    current: "current",
    superseded: "superseded",
    no_package: "The county has not reported for this month.",
    project_code: "Code",
    project_name: "Project",
    unit: "Unit",
    pillar: "Pillar",
    visible_progress: "Visible progress",
    problems: "Problems",
    package_title: "Report package",
    package_intro: "Export a month's signed package (provincial sheet XLSX + machine-readable JSON + signed manifest) to send upward through the OA system or on a storage device.",
    package_button: "Export package",
    region_code: "Administrative division code",
    public_key: "Package public key (Ed25519)",
    fingerprint: "Fingerprint",
    code_not_set: "not set",
    set_code: "Set the division code",
    save_code: "Save",
    funds: ["Central", "Province", "City", "County", "Own funds"],
    region_link: "Counties' packages (region roll-up)",
    register: "Register a county",
    register_hint: "Register a county that reports here: its name, division code, and the package public key its admin page or roadmap package key shows. Check the fingerprint with the county by another channel, such as the phone.",
    county_name: "County name",
    key: "Package public key",
    register_button: "Register",
    due: "Due",
    remind: "Remind the counties that have not reported",
    remind_hint: "Sends a reminder through each county's channels (group robots, e-mail), by the same queue as unit reminders, retried when it fails. The schedule also reminds them every day around the due day.",
    no_channel: "no channel set",
    channels: "Channels",
    county_channels: "Counties' channels",
    county_channels_hint: "Reminders go to each county's group robots (DingTalk, WeCom, Feishu) or mailboxes. Test or remove a channel under Admin › Channels.",
    add_channel: "Add channel",
    due_day: "Package due day (of the next month)",
    due_day_hint: "Counties send a month's package by this day of the next month; from a few days before it, the counties that have not are reminded every day.",
    save: "Save",
    push_url: "Push address (upstream instance)",
    push_not_set: "not set (files only)",
    push_hint: "Where the networks allow it, packages can be pushed over HTTPS straight to the upstream instance: give its address and the push token it issued for this county. Leave the address empty not to push; files always work.",
    push_token: "Push token",
    save_push: "Save push settings",
    push_button: "Push upstream",
    issue_token: "Issue push token",
    with_evidence: "With the month's evidence files",
    evidence: "Evidence",
    evidence_file: "File",
    evidence_for: "Progress update of",
    evidence_reported_on: "Reported on",
    evidence_size: "Size",
    evidence_milestone: "milestone",
    evidence_project: "project",
    token_hint: "Issuing a push token downloads a small text file (the token appears only there, this once; the old one stops working at once). Hand it to the county's admin by a safe channel.",
};
