//! The words for what went wrong: field labels, validation and import problems, and errors.
//!
//! Each message is one `match` arm per language, side by side, so a new variant without a
//! translation does not compile.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Locale;
use crate::domain::import_sheet::{SheetError, MAX_COLUMNS, MAX_ROWS};
use crate::domain::money::MoneyError;
use crate::domain::period::{Period, PeriodError};
use crate::domain::problem::{DuplicateKey, Label, Problem};
use crate::domain::project_code::ProjectCodeError;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;

/// The language of messages that have no request to take it from: the command line's output
/// and the server's logs. Chinese unless the CLI was told otherwise (`LANG=en*` or `--lang en`).
static PROCESS_ENGLISH: AtomicBool = AtomicBool::new(false);

impl Locale {
    pub fn set_process(locale: Locale) {
        PROCESS_ENGLISH.store(locale == Locale::En, Ordering::Relaxed);
    }

    pub fn process() -> Locale {
        if PROCESS_ENGLISH.load(Ordering::Relaxed) {
            Locale::En
        } else {
            Locale::Zh
        }
    }

    /// The language a command-line user asked for: `--lang` first, then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`; Chinese when none says English.
    pub fn from_env(flag: Option<&str>) -> Locale {
        let from_vars = || {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|var| std::env::var(var).ok())
                .find(|v| !v.is_empty())
        };
        flag.map(str::to_string)
            .or_else(from_vars)
            .map(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }

    pub fn label(self, label: Label) -> &'static str {
        let (zh, en) = match label {
            Label::Milestone => ("里程碑", "milestone"),
            Label::MilestoneTitle => ("里程碑名称", "milestone title"),
            Label::Description => ("说明", "description"),
            Label::Phase => ("阶段", "phase"),
            Label::PhaseName => ("阶段名称", "phase name"),
            Label::Pillar => ("支柱", "pillar"),
            Label::Domain => ("领域", "domain"),
            Label::OwnerUnit => ("责任单位", "responsible unit"),
            Label::StartDate => ("开始日期", "start date"),
            Label::DueDate => ("完成期限", "due date"),
            Label::EndDate => ("结束日期", "end date"),
            Label::Weight => ("权重", "weight"),
            Label::Percent => ("完成进度", "percent complete"),
            Label::Progress => ("进展", "progress"),
            Label::ReportedOn => ("进展日期", "report date"),
            Label::ProgressNote => ("进展情况", "progress note"),
            Label::Problem => ("存在问题", "problem"),
            Label::ProblemUnit => ("整改单位", "unit to resolve it"),
            Label::ProblemDue => ("整改期限", "resolve-by date"),
            Label::ProblemRaisedOn => ("提出问题的日期", "the day the problem was raised"),
            Label::ProblemStatus => ("问题状态", "problem status"),
            Label::Answer => ("答复", "answer"),
            Label::DependsOn => ("依赖", "dependency"),
            Label::LinkedProjects => ("关联项目", "linked projects"),
            Label::AnonymousRead => ("匿名只读访问", "anonymous read access"),
            Label::SeparateDuties => ("三员分立", "separation of duties"),
            Label::Settings => ("系统设置", "settings"),
            Label::Project => ("项目", "project"),
            Label::ProjectKind => ("项目类别", "project type"),
            Label::ProjectCode => ("项目代码", "project code"),
            Label::ProjectName => ("项目名称", "project name"),
            Label::BuildUnit => ("建设单位", "building unit"),
            Label::Location => ("建设地点", "location"),
            Label::ConstructionType => ("建设性质", "construction type"),
            Label::Content => ("建设内容及规模", "content and scale"),
            Label::Years => ("建设起止年限", "construction years"),
            Label::StartYear => ("开工年份", "start year"),
            Label::EndYear => ("完工年份", "completion year"),
            Label::Total => ("总投资", "total investment"),
            Label::FundCentral => ("中央资金", "central funds"),
            Label::FundProvincial => ("省级资金", "provincial funds"),
            Label::FundCity => ("市级资金", "city funds"),
            Label::FundCounty => ("县级资金", "county funds"),
            Label::FundSocial => ("社会资本（自筹）", "private capital (self-raised)"),
            Label::CompletedBeforeThisYear => {
                ("截至上年底累计完成投资", "completed before this year")
            }
            Label::PlannedThisYear => ("本年计划投资", "planned this year"),
            Label::CompletedThisYear => ("本年完成投资", "completed this year"),
            Label::ProjectStatus => ("项目状态", "project status"),
            Label::VisibleProgress => ("形象进度", "visible progress"),
            Label::ContactName => ("联系人", "contact"),
            Label::ContactPhone => ("联系电话", "contact phone"),
            Label::Ledger => ("投资台账", "investment ledger"),
            Label::Year => ("年份", "year"),
            Label::Month => ("月份", "month"),
            Label::Planned => ("计划投资", "planned investment"),
            Label::Completed => ("完成投资", "completed investment"),
            Label::NameZh => ("中文名称", "Chinese name"),
            Label::NameEn => ("英文名称", "English name"),
            Label::UnitName => ("单位名称", "unit name"),
            Label::UnitKind => ("单位类型", "unit type"),
            Label::YellowPoints => ("滞后阈值", "behind threshold"),
            Label::RedPoints => ("严重滞后阈值", "critical threshold"),
            Label::User => ("用户", "user"),
            Label::Username => ("用户名", "user name"),
            Label::DisplayName => ("姓名", "name"),
            Label::PasswordMaxAge => ("密码有效期", "password lifetime"),
            Label::Role => ("角色", "role"),
            Label::Disabled => ("停用", "disabled"),
            Label::Password => ("密码", "password"),
            Label::File => ("文件", "file"),
            Label::Round => ("填报轮次", "reporting round"),
            Label::ReviewComment => ("审核意见", "review comment"),
            Label::SubmittedBy => ("提交人", "submitted by"),
            Label::Units => ("所属单位", "units"),
            Label::ChannelKind => ("渠道类型", "channel type"),
            Label::County => ("县（市、区）", "county"),
            Label::PushToken => ("推送令牌", "push token"),
            Label::PackageDueDay => (
                "上报包报送截止日（次月几日）",
                "package due day (of the next month)",
            ),
            Label::WebhookUrl => ("Webhook 地址 / 收件邮箱", "webhook URL / e-mail recipients"),
            Label::WebhookSecret => ("签名密钥", "signing secret"),
            Label::BaselineName => ("计划基线", "baseline"),
            Label::ActivityType => ("活动类型", "activity type"),
            Label::HeldOn => ("开展日期", "date held"),
            Label::ActivityTitle => ("活动名称", "title"),
            Label::Participants => ("参加人数", "participants"),
            Label::Notes => ("备注", "notes"),
            Label::Indicator => ("指标", "indicator"),
            Label::Measure => ("计量单位", "measure"),
            Label::IndicatorPeriod => ("统计周期", "period"),
            Label::IndicatorSource => ("取值方式", "source of values"),
            Label::IndicatorAggregate => ("年度合计方式", "yearly figure"),
            Label::Target => ("年度目标", "yearly target"),
            Label::IndicatorValue => ("指标值", "value"),
            Label::ReportSection => ("报告章节", "report section"),
            Label::ReportPeriod => ("报告期间", "report period"),
            Label::Selection => ("所选里程碑", "selected milestones"),
            Label::ShiftDays => ("日期平移天数", "days to shift the dates"),
            Label::ViewName => ("视图名称", "view name"),
            Label::Other => ("其他", "other"),
        };
        self.pick(zh, en)
    }

    /// The name of a unit kind (`domain::reference_rules::UNIT_KINDS`).
    pub fn unit_kind(self, code: &str) -> &'static str {
        match code {
            "department" => self.pick("部门", "department"),
            "town" => self.pick("乡镇（街道）", "town or subdistrict"),
            "company" => self.pick("企业", "company"),
            _ => self.pick("其他", "other"),
        }
    }

    /// A label at the start of an English sentence.
    fn label_capital(self, label: Label) -> String {
        let text = self.label(label);
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    pub fn problem(self, problem: &Problem) -> String {
        let l = |label: Label| self.label(label);
        let cap = |label: Label| self.label_capital(label);
        match (self, problem) {
            (Locale::Zh, Problem::Required(x)) => format!("请填写{}", l(*x)),
            (Locale::En, Problem::Required(x)) => format!("Please fill in the {}", l(*x)),
            (Locale::Zh, Problem::Choose(x)) => format!("请选择{}", l(*x)),
            (Locale::En, Problem::Choose(x)) => format!("Please choose a {}", l(*x)),
            (Locale::Zh, Problem::NoSuchChoice(x)) => format!("所选{}不存在，请重新选择", l(*x)),
            (Locale::En, Problem::NoSuchChoice(x)) => {
                format!("The chosen {} does not exist; please choose again", l(*x))
            }
            (Locale::Zh, Problem::TooLong { label, max, actual }) => {
                format!("{}不能超过 {max} 个字（现为 {actual} 个字）", l(*label))
            }
            (Locale::En, Problem::TooLong { label, max, actual }) => format!(
                "{} can be at most {max} characters long (it has {actual})",
                cap(*label)
            ),
            (Locale::Zh, Problem::BadDate { label, value }) => format!(
                "{}“{value}”不是有效日期，应为 年-月-日，如 2025-06-30",
                l(*label)
            ),
            (Locale::En, Problem::BadDate { label, value }) => format!(
                "{} “{value}” is not a valid date; write year-month-day, e.g. 2025-06-30",
                cap(*label)
            ),
            (Locale::Zh, Problem::IntegerRange { label, min, max }) => {
                format!("{}应为 {min} 到 {max} 之间的整数", l(*label))
            }
            (Locale::En, Problem::IntegerRange { label, min, max }) => {
                format!("{} must be a whole number from {min} to {max}", cap(*label))
            }
            (Locale::Zh, Problem::Unrecognized { label, value }) => {
                format!("{}“{value}”无法识别，请重新选择", l(*label))
            }
            (Locale::En, Problem::Unrecognized { label, value }) => format!(
                "{} “{value}” is not recognised; please choose again",
                cap(*label)
            ),
            (Locale::Zh, Problem::OutsideRoadmap { label, first, last }) => format!(
                "{}应在路线图期间内（{} 至 {}）",
                l(*label),
                self.date(*first),
                self.date(*last)
            ),
            (Locale::En, Problem::OutsideRoadmap { label, first, last }) => format!(
                "{} must lie within the roadmap ({} to {})",
                cap(*label),
                self.date(*first),
                self.date(*last)
            ),
            (Locale::Zh, Problem::Before { later, earlier }) => {
                format!("{}不能早于{}", l(*later), l(*earlier))
            }
            (Locale::En, Problem::Before { later, earlier }) => {
                format!("{} cannot be before the {}", cap(*later), l(*earlier))
            }
            (Locale::Zh, Problem::InFuture(x)) => format!("{}不能晚于今天", l(*x)),
            (Locale::En, Problem::InFuture(x)) => format!("{} cannot be later than today", cap(*x)),
            (_, Problem::Amount { label, error }) => {
                format!("{}{}{}", cap(*label), self.colon(), self.money_error(error))
            }
            (_, Problem::Code(error)) => self.project_code_error(error),
            (_, Problem::Period(error)) => self.period_error(error),
            (_, Problem::Sheet(error)) => self.sheet_error(error),
            (Locale::Zh, Problem::NoRoadmap) => "尚未建立路线图，无法添加里程碑".into(),
            (Locale::En, Problem::NoRoadmap) => {
                "There is no roadmap yet, so milestones cannot be added".into()
            }
            (Locale::Zh, Problem::PhaseMissing) => "阶段不存在，请刷新页面后重试".into(),
            (Locale::En, Problem::PhaseMissing) => {
                "This phase no longer exists; reload the page and try again".into()
            }
            (Locale::Zh, Problem::PhasesChanged) => "阶段列表已变化，请刷新页面后重试".into(),
            (Locale::En, Problem::PhasesChanged) => {
                "The phases have changed; reload the page and try again".into()
            }
            (
                Locale::Zh,
                Problem::PhasesNotAdjacent {
                    phase,
                    previous,
                    overlap,
                    expected_start,
                },
            ) => format!(
                "“{phase}”与上一阶段“{previous}”{}：应从 {} 开始",
                if *overlap { "重叠" } else { "之间有空档" },
                expected_start.map(|d| self.date(d)).unwrap_or_default()
            ),
            (
                Locale::En,
                Problem::PhasesNotAdjacent {
                    phase,
                    previous,
                    overlap,
                    expected_start,
                },
            ) => format!(
                "“{phase}” {} the previous phase “{previous}”: it should start on {}",
                if *overlap { "overlaps" } else { "leaves a gap after" },
                expected_start.map(|d| self.date(d)).unwrap_or_default()
            ),
            (Locale::Zh, Problem::RedNotAboveYellow) => "严重滞后阈值应大于滞后阈值".into(),
            (Locale::En, Problem::RedNotAboveYellow) => {
                "The critical threshold must be above the behind threshold".into()
            }
            (Locale::Zh, Problem::MajorNeedsCode) => {
                "重大项目须填写项目代码（由投资项目在线审批监管平台赋码）".into()
            }
            (Locale::En, Problem::MajorNeedsCode) => {
                "A major project needs its project code (issued by the online approval platform)"
                    .into()
            }
            (Locale::Zh, Problem::FundingMismatch { sum, total }) => format!(
                "资金来源合计 {} 万元，与总投资 {} 万元不一致",
                sum.plain(),
                total.plain()
            ),
            (Locale::En, Problem::FundingMismatch { sum, total }) => format!(
                "The funding sources add up to {} 万元, not the total investment of {} 万元",
                sum.plain(),
                total.plain()
            ),
            (Locale::Zh, Problem::PhoneCharacters) => {
                "联系电话只能包含数字、空格、括号和“-”".into()
            }
            (Locale::En, Problem::PhoneCharacters) => {
                "A phone number may contain only digits, spaces, brackets and “-”".into()
            }
            (Locale::Zh, Problem::ConfirmDelete) => "请先勾选“确认删除”".into(),
            (Locale::En, Problem::ConfirmDelete) => "Please tick “Confirm deletion” first".into(),
            (Locale::Zh, Problem::DependencyCycle { other }) => format!(
                "不能依赖“{other}”：它已直接或间接依赖本里程碑，会形成循环依赖"
            ),
            (Locale::En, Problem::DependencyCycle { other }) => format!(
                "Cannot depend on “{other}”: it already depends on this milestone, which would make a cycle"
            ),
            (Locale::Zh, Problem::CodeTaken { code, by: Some(name) }) => {
                format!("项目代码 {code} 已被项目“{name}”使用")
            }
            (Locale::Zh, Problem::CodeTaken { code, by: None }) => {
                format!("项目代码 {code} 已被其他项目使用")
            }
            (Locale::En, Problem::CodeTaken { code, by: Some(name) }) => {
                format!("Project code {code} is already used by “{name}”")
            }
            (Locale::En, Problem::CodeTaken { code, by: None }) => {
                format!("Project code {code} is already used by another project")
            }
            (Locale::Zh, Problem::UnitNameTaken { name }) => format!("已有名为“{name}”的单位"),
            (Locale::En, Problem::UnitNameTaken { name }) => {
                format!("There is already a unit named “{name}”")
            }
            (Locale::Zh, Problem::UnitInUse { name, uses }) => format!(
                "“{name}”仍是 {uses} 个里程碑、项目或问题的责任单位，不能删除；请先改为其他单位"
            ),
            (Locale::En, Problem::UnitInUse { name, uses }) => format!(
                "“{name}” is still responsible for {uses} milestones, projects or problems and cannot be deleted; assign them to another unit first"
            ),
            (Locale::Zh, Problem::UsernameInvalid) => "用户名不能为空，且不超过 64 个字符".into(),
            (Locale::En, Problem::UsernameInvalid) => {
                "The user name must not be empty and at most 64 characters long".into()
            }
            (Locale::Zh, Problem::PasswordTooShort { min }) => {
                format!("密码至少需要 {min} 个字符")
            }
            (Locale::En, Problem::PasswordTooShort { min }) => {
                format!("The password needs at least {min} characters")
            }
            (Locale::Zh, Problem::PasswordTooSimple { classes }) => format!(
                "密码须包含小写字母、大写字母、数字和其他字符中的至少 {classes} 类"
            ),
            (Locale::En, Problem::PasswordTooSimple { classes }) => format!(
                "The password needs at least {classes} of: lower-case letters, capitals, digits, other characters"
            ),
            (Locale::Zh, Problem::PasswordHasUsername) => "密码不能包含用户名".into(),
            (Locale::En, Problem::PasswordHasUsername) => {
                "The password must not contain the user name".into()
            }
            (Locale::Zh, Problem::PasswordReused { remembered }) => {
                format!("不能使用最近 {remembered} 次用过的密码")
            }
            (Locale::En, Problem::PasswordReused { remembered }) => {
                format!("The password must differ from the last {remembered} ones")
            }
            (Locale::Zh, Problem::PasswordChangeRequired) => "请先修改密码，再继续使用".into(),
            (Locale::En, Problem::PasswordChangeRequired) => {
                "Please change your password before going on".into()
            }
            (Locale::Zh, Problem::PasswordWrong) => "当前密码不正确".into(),
            (Locale::En, Problem::PasswordWrong) => "The current password is not correct".into(),
            (Locale::Zh, Problem::PasswordMismatch) => "两次输入的新密码不一致".into(),
            (Locale::En, Problem::PasswordMismatch) => {
                "The two new passwords are not the same".into()
            }
            (Locale::Zh, Problem::UserExists { username }) => format!("用户 “{username}” 已存在"),
            (Locale::En, Problem::UserExists { username }) => {
                format!("The user “{username}” already exists")
            }
            (Locale::Zh, Problem::CannotDemoteSelf) => "不能停用或降级自己的账号".into(),
            (Locale::En, Problem::CannotDemoteSelf) => {
                "You cannot disable or demote your own account".into()
            }
            (Locale::Zh, Problem::DutyLeftUnheld { role }) => format!(
                "三员分立期间，{}至少要保留一个可用账号",
                self.role(*role)
            ),
            (Locale::En, Problem::DutyLeftUnheld { role }) => format!(
                "While duties are separated, at least one enabled account must remain a {}",
                self.role(*role).to_lowercase()
            ),
            (Locale::Zh, Problem::SeparationNeedsAdministrators) => {
                "开启三员分立前，请先开设至少一个可用的安全管理员账号和一个审计管理员账号".into()
            }
            (Locale::En, Problem::SeparationNeedsAdministrators) => {
                "Before separating duties, open at least one enabled security administrator account and one audit administrator account".into()
            }
            (Locale::Zh, Problem::LedgerMonthLocked { month, locked }) => format!(
                "{} 的投资已随报告期 {} 锁定，不能再修改；请在之后的月份中填报调整",
                self.period(*month),
                self.period(*locked)
            ),
            (Locale::En, Problem::LedgerMonthLocked { month, locked }) => format!(
                "The investment of {} was locked with the reporting period {}; record an adjustment in a later month",
                self.period(*month),
                self.period(*locked)
            ),
            (Locale::Zh, Problem::PeriodNotOver(p)) => {
                format!("{} 尚未结束，不能锁定；只能锁定已经过去的月份", self.period(*p))
            }
            (Locale::En, Problem::PeriodNotOver(p)) => format!(
                "{} is not over yet; only past months can be locked",
                self.period(*p)
            ),
            (Locale::Zh, Problem::PeriodAlreadyLocked(p)) => {
                format!("报告期 {} 已经锁定，基线不会被覆盖", self.period(*p))
            }
            (Locale::En, Problem::PeriodAlreadyLocked(p)) => format!(
                "The reporting period {} is already locked; its baseline is not overwritten",
                self.period(*p)
            ),
            (Locale::Zh, Problem::PeriodNotLocked(p)) => {
                format!("报告期 {} 尚未锁定，还没有基线", self.period(*p))
            }
            (Locale::En, Problem::PeriodNotLocked(p)) => format!(
                "The reporting period {} is not locked, so it has no baseline",
                self.period(*p)
            ),
            (_, Problem::RegionCode(code)) => {
                self.region_say(&super::region::RegionSay::BadRegionCode(code))
            }
            (_, Problem::PublicKey) => self.region_say(&super::region::RegionSay::BadPublicKey),
            (_, Problem::PushUrl(url)) => {
                self.region_say(&super::region::RegionSay::BadPushUrl(url))
            }
            (_, Problem::CountyRegistered(code)) => {
                self.region_say(&super::region::RegionSay::CountyExists(code))
            }
            (Locale::Zh, Problem::FileEmpty) => "文件是空的".into(),
            (Locale::En, Problem::FileEmpty) => "The file is empty".into(),
            (Locale::Zh, Problem::FileTooLarge { megabytes }) => {
                format!("文件有 {megabytes} MB，超出上限 20 MB；请分批导入")
            }
            (Locale::En, Problem::FileTooLarge { megabytes }) => format!(
                "The file has {megabytes} MB, over the limit of 20 MB; import it in parts"
            ),
            (Locale::Zh, Problem::OldExcelFormat) => {
                "这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入".into()
            }
            (Locale::En, Problem::OldExcelFormat) => {
                "This is an old Excel (.xls) file: save it as .xlsx in Excel or WPS, then import it"
                    .into()
            }
            (Locale::Zh, Problem::UnknownFileType) => {
                "无法识别的文件：既不是 Excel（.xlsx）也不是 CSV 文本文件".into()
            }
            (Locale::En, Problem::UnknownFileType) => {
                "Unrecognised file: neither Excel (.xlsx) nor a CSV text file".into()
            }
            (Locale::Zh, Problem::BadXlsx { detail }) => {
                format!("Excel 文件已损坏或不是有效的 .xlsx：{detail}")
            }
            (Locale::En, Problem::BadXlsx { detail }) => {
                format!("The Excel file is damaged or not a valid .xlsx: {detail}")
            }
            (Locale::Zh, Problem::NoWorksheet) => "工作簿中没有工作表".into(),
            (Locale::En, Problem::NoWorksheet) => "The workbook has no worksheet".into(),
            (Locale::Zh, Problem::ZipBomb) => {
                "Excel 文件解压后超过 200 MB（可能是恶意的“压缩炸弹”文件），已拒绝".into()
            }
            (Locale::En, Problem::ZipBomb) => {
                "The Excel file unpacks to more than 200 MB (possibly a malicious “zip bomb”) and was refused".into()
            }
            (Locale::Zh, Problem::BadCsv { detail }) => format!("CSV 文件无法读取：{detail}"),
            (Locale::En, Problem::BadCsv { detail }) => {
                format!("The CSV file cannot be read: {detail}")
            }
            (Locale::Zh, Problem::ImportHasProblems { count }) => {
                format!("导入未执行：文件中有 {count} 处问题，请修改后重新上传")
            }
            (Locale::En, Problem::ImportHasProblems { count }) => format!(
                "Nothing was imported: the file has {count} problems; correct them and upload it again"
            ),
            (Locale::Zh, Problem::ImportNothingToDo) => {
                "导入未执行：文件中没有需要新建或修改的内容".into()
            }
            (Locale::En, Problem::ImportNothingToDo) => {
                "Nothing was imported: nothing in the file needs creating or changing".into()
            }
            (Locale::Zh, Problem::ImportStale { project }) => {
                format!("导入未执行：“{project}”在预览之后被他人修改，请重新预览")
            }
            (Locale::En, Problem::ImportStale { project }) => format!(
                "Nothing was imported: “{project}” was changed by someone else after the preview; preview again"
            ),
            (Locale::Zh, Problem::UploadExpired) => "上传的文件已过期或不存在，请重新上传".into(),
            (Locale::En, Problem::UploadExpired) => {
                "The uploaded file has expired or does not exist; upload it again".into()
            }
            (Locale::Zh, Problem::UnknownUnit { unit }) => format!(
                "单位“{unit}”不在单位名录中，请先在“管理 → 单位”中添加或改用名录中的名称"
            ),
            (Locale::En, Problem::UnknownUnit { unit }) => format!(
                "The unit “{unit}” is not in the unit list; add it under Admin → Units or use a listed name"
            ),
            (Locale::Zh, Problem::DuplicateRow { first_row, key }) => format!(
                "与第 {first_row} 行重复（{}相同）",
                match key {
                    DuplicateKey::Code => "项目代码",
                    DuplicateKey::NameAndUnit => "项目名称和建设单位",
                    DuplicateKey::MilestoneCode => "里程碑编码",
                    DuplicateKey::TitleAndUnit => "里程碑名称和责任单位",
                }
            ),
            (Locale::En, Problem::DuplicateRow { first_row, key }) => format!(
                "Repeats row {first_row} (same {})",
                match key {
                    DuplicateKey::Code => "project code",
                    DuplicateKey::NameAndUnit => "project name and building unit",
                    DuplicateKey::MilestoneCode => "milestone code",
                    DuplicateKey::TitleAndUnit => "milestone title and unit",
                }
            ),
            (Locale::Zh, Problem::NewProjectNeedsUnit) => "新项目须填写建设单位".into(),
            (Locale::En, Problem::NewProjectNeedsUnit) => {
                "A new project needs its building unit".into()
            }
            (Locale::Zh, Problem::UnknownConstruction { value }) => {
                format!("建设性质“{value}”无法识别，应为 新建、续建 或 改扩建")
            }
            (Locale::En, Problem::UnknownConstruction { value }) => format!(
                "Construction type “{value}” is not recognised; use 新建 (new), 续建 (continuing) or 改扩建 (expansion)"
            ),
            (Locale::Zh, Problem::UnknownName { label, value, known }) => format!(
                "{}“{value}”不存在，应为 {} 之一",
                l(*label),
                known.join("、")
            ),
            (Locale::En, Problem::UnknownName { label, value, known }) => format!(
                "There is no {} “{value}”; use one of {}",
                l(*label),
                known.join(", ")
            ),
            (Locale::Zh, Problem::SelectionTooLarge { max, actual }) => {
                format!("一次最多批量修改 {max} 个里程碑，现选了 {actual} 个")
            }
            (Locale::En, Problem::SelectionTooLarge { max, actual }) => {
                format!("At most {max} milestones can be changed at once; {actual} are selected")
            }
            (Locale::Zh, Problem::BulkNothingChosen) => {
                "请至少选择一项修改：阶段、支柱、责任单位、日期平移或权重".to_string()
            }
            (Locale::En, Problem::BulkNothingChosen) => {
                "Choose at least one change: phase, pillar, unit, date shift or weight".to_string()
            }
            (Locale::Zh, Problem::BulkNoEffect) => {
                "所选里程碑已经是这样，没有需要修改的内容".to_string()
            }
            (Locale::En, Problem::BulkNoEffect) => {
                "The selected milestones are like that already; nothing needs changing".to_string()
            }
            (Locale::Zh, Problem::BulkHasProblems { count }) => {
                format!("未做任何修改：{count} 个里程碑修改后不符合规则，见预览")
            }
            (Locale::En, Problem::BulkHasProblems { count }) => format!(
                "Nothing was changed: the change would break the rules of {count} milestones (see the preview)"
            ),
            (Locale::Zh, Problem::MilestonesChangedMeanwhile { titles }) => format!(
                "预览之后，其他人修改了：{}。未做任何修改，请重新预览后再确认",
                titles.join("、")
            ),
            (Locale::En, Problem::MilestonesChangedMeanwhile { titles }) => format!(
                "Someone saved {} after the preview. Nothing was changed; preview again, then confirm",
                titles.join(", ")
            ),
            (Locale::Zh, Problem::TooManyViews { max }) => {
                format!("每人最多保存 {max} 个视图，请先删除不用的视图")
            }
            (Locale::En, Problem::TooManyViews { max }) => {
                format!("You can keep at most {max} views; delete one you no longer use first")
            }
            (Locale::Zh, Problem::BaselineNameTaken { name }) => {
                format!("已有名为“{name}”的计划基线，请换一个名称")
            }
            (Locale::En, Problem::BaselineNameTaken { name }) => {
                format!("A baseline named “{name}” exists already; choose another name")
            }
            (Locale::Zh, Problem::UnknownMilestoneCode { code }) => {
                format!("没有编码为“{code}”的里程碑（编码形如 YW-2025-014）")
            }
            (Locale::En, Problem::UnknownMilestoneCode { code }) => {
                format!("No milestone has the code “{code}” (codes look like YW-2025-014)")
            }
            (Locale::Zh, Problem::UnknownProjectRef { reference }) => {
                format!("没有项目代码或名称为“{reference}”的项目")
            }
            (Locale::En, Problem::UnknownProjectRef { reference }) => {
                format!("No project has the code or name “{reference}”")
            }
            (Locale::Zh, Problem::BadYears { value }) => {
                format!("建设起止年限“{value}”无法识别，应写成 2023-2025")
            }
            (Locale::En, Problem::BadYears { value }) => format!(
                "Construction years “{value}” are not recognised; write them as 2023-2025"
            ),
            (Locale::Zh, Problem::MonthOutsideYears { month, start, end }) => format!(
                "{} 不在建设起止年限 {start}-{end} 内，无法记入投资台账",
                self.period(*month)
            ),
            (Locale::En, Problem::MonthOutsideYears { month, start, end }) => format!(
                "{} is outside the construction years {start}-{end}, so it cannot go into the ledger",
                self.period(*month)
            ),
            (Locale::Zh, Problem::ImportLedgerLocked(month)) => format!(
                "需要改动 {} 的投资，但该月已随报告期锁定；请改在之后的月份调整",
                self.period(*month)
            ),
            (Locale::En, Problem::ImportLedgerLocked(month)) => format!(
                "This changes the investment of {}, which is locked with a reporting period; adjust it in a later month",
                self.period(*month)
            ),
            (Locale::Zh, Problem::RoundExists(p)) => {
                format!("{} 的填报轮次已经存在，不能重复发起", self.period(*p))
            }
            (Locale::En, Problem::RoundExists(p)) => {
                format!("A reporting round for {} exists already", self.period(*p))
            }
            (Locale::Zh, Problem::RoundDueTooEarly { month, due }) => format!(
                "截止日期 {} 早于填报月份 {} 的开始",
                self.date(*due),
                self.period(*month)
            ),
            (Locale::En, Problem::RoundDueTooEarly { month, due }) => format!(
                "The due date {} is before the month {} begins",
                self.date(*due),
                self.period(*month)
            ),
            (Locale::Zh, Problem::RoundCoversNoUnit) => {
                "没有需要填报的单位：请至少选择一个单位，或先为单位安排在建的里程碑或项目".into()
            }
            (Locale::En, Problem::RoundCoversNoUnit) => {
                "No unit has anything to report: choose at least one unit, or give units active milestones or projects first".into()
            }
            (Locale::Zh, Problem::RoundAlreadyClosed(p)) => {
                format!("{} 的填报轮次已经结束", self.period(*p))
            }
            (Locale::En, Problem::RoundAlreadyClosed(p)) => {
                format!("The reporting round for {} is already closed", self.period(*p))
            }
            (Locale::Zh, Problem::NotInRound) => "本轮填报不包含该单位或事项".into(),
            (Locale::En, Problem::NotInRound) => {
                "This round does not cover that unit or item".into()
            }
            (Locale::Zh, Problem::RoundUnitHasEntries) => {
                "该单位已开始填报，不能移出本轮".into()
            }
            (Locale::En, Problem::RoundUnitHasEntries) => {
                "This unit has started its submission, so it stays in the round".into()
            }
            (Locale::Zh, Problem::SubmissionEmpty) => "还没有填报任何事项，不能提交".into(),
            (Locale::En, Problem::SubmissionEmpty) => {
                "Nothing has been filled in yet, so there is nothing to submit".into()
            }
            (Locale::Zh, Problem::SubmissionStep { state, step }) => format!(
                "填报状态为“{}”，不能{}",
                self.submission_state(*state),
                self.review_step(*step)
            ),
            (Locale::En, Problem::SubmissionStep { state, step }) => format!(
                "The submission is “{}”, so it cannot be {}",
                self.submission_state(*state),
                self.review_step(*step)
            ),
            (Locale::Zh, Problem::ReturnNeedsComment) => {
                "退回时请至少写一条审核意见（整体或某一事项），说明需要怎样修改".into()
            }
            (Locale::En, Problem::ReturnNeedsComment) => {
                "To return a submission, write at least one comment (overall or on an item) saying what to fix".into()
            }
            (Locale::Zh, Problem::LiaisonNeedsUnit) => {
                "单位填报员须至少绑定一个单位".into()
            }
            (Locale::En, Problem::LiaisonNeedsUnit) => {
                "A unit liaison must be bound to at least one unit".into()
            }
            (Locale::Zh, Problem::UnitsOnlyForLiaison) => {
                "只有单位填报员才绑定单位".into()
            }
            (Locale::En, Problem::UnitsOnlyForLiaison) => {
                "Only unit liaisons are bound to units".into()
            }
            (Locale::Zh, Problem::EvidenceType) => {
                "文件类型不被接受：佐证材料限 PDF、OFD、Word/Excel（含 WPS）、JPG、PNG 或 ZIP，按文件内容识别，与文件名无关".into()
            }
            (Locale::En, Problem::EvidenceType) => {
                "This kind of file is not accepted: evidence must be PDF, OFD, Word/Excel (WPS too), JPG, PNG or ZIP, recognised by its content, not its name".into()
            }
            (Locale::Zh, Problem::ProjectWasReported) => {
                "该项目已上报或已计入锁定的报告期基线，不能删除；可以归档".into()
            }
            (Locale::En, Problem::ProjectWasReported) => {
                "This project was reported upward or is in a locked period's baseline, so it cannot be deleted; archive it instead".into()
            }
            (Locale::Zh, Problem::WebhookUrl) => {
                "Webhook 地址须以 https:// 或 http:// 开头（从群机器人设置中复制）".into()
            }
            (Locale::En, Problem::WebhookUrl) => {
                "The webhook URL must start with https:// or http:// (copy it from the robot's settings)".into()
            }
            (Locale::Zh, Problem::ChannelTestFailed { answer }) => {
                format!("测试消息未送达，对方返回：{answer}")
            }
            (Locale::En, Problem::ChannelTestFailed { answer }) => {
                format!("The test message did not go through; the answer was: {answer}")
            }
            (Locale::Zh, Problem::EmailAddress { address }) => {
                format!("“{address}”不是有效的邮箱地址；多个地址用逗号或分号隔开")
            }
            (Locale::En, Problem::EmailAddress { address }) => {
                format!("“{address}” is not an e-mail address; separate several with commas or semicolons")
            }
            (Locale::Zh, Problem::TooManyRecipients { limit }) => {
                format!("一个渠道最多 {limit} 个收件地址")
            }
            (Locale::En, Problem::TooManyRecipients { limit }) => {
                format!("A channel has at most {limit} recipients")
            }
            (Locale::Zh, Problem::ItemNotInRound) => "该事项本轮无需填报".into(),
            (Locale::En, Problem::ItemNotInRound) => {
                "This item was taken out of the round: nothing to report on it".into()
            }
            (Locale::Zh, Problem::ItemHasEntry) => "单位已填报该事项，不能移出本轮".into(),
            (Locale::En, Problem::ItemHasEntry) => {
                "The unit has filled this item in, so it stays in the round".into()
            }
            (Locale::Zh, Problem::ActivityTypeTaken { name }) => format!("已有活动类型“{name}”"),
            (Locale::En, Problem::ActivityTypeTaken { name }) => {
                format!("There is an activity type “{name}” already")
            }
            (Locale::Zh, Problem::IndicatorTaken { name }) => format!("已有指标“{name}”"),
            (Locale::En, Problem::IndicatorTaken { name }) => {
                format!("There is already an indicator called “{name}”")
            }
            (Locale::Zh, Problem::IndicatorNotEntered) => {
                "该指标的值由台账或系统数据自动统计，无需填报".into()
            }
            (Locale::En, Problem::IndicatorNotEntered) => {
                "This indicator is counted from the ledger or the tracker's data; its values are not entered".into()
            }
            (Locale::Zh, Problem::ReportPeriod) => {
                "报告期间不正确：结束日期不能早于开始日期，且跨度不超过五年".into()
            }
            (Locale::En, Problem::ReportPeriod) => {
                "The report period is wrong: it must end on or after its start and span five years at most".into()
            }
            (Locale::Zh, Problem::NoSuchReportSection) => "报告中没有该章节".into(),
            (Locale::En, Problem::NoSuchReportSection) => "The report has no such section".into(),
            (Locale::Zh, Problem::HeldInFuture) => "台账记录已开展的工作，开展日期不能晚于今天".into(),
            (Locale::En, Problem::HeldInFuture) => {
                "The ledger records work done: the date cannot be after today".into()
            }
            (Locale::Zh, Problem::SmtpNotConfigured) => {
                "服务器未设置邮件发送（启动参数 --smtp-url 与 --smtp-from），暂不能添加邮件渠道".into()
            }
            (Locale::En, Problem::SmtpNotConfigured) => {
                "The server has no mail settings (--smtp-url and --smtp-from), so e-mail channels cannot be added yet".into()
            }
            (Locale::Zh, Problem::EvidenceTooLarge { megabytes, limit }) => {
                format!("文件有 {megabytes} MB，超出上限 {limit} MB")
            }
            (Locale::En, Problem::EvidenceTooLarge { megabytes, limit }) => {
                format!("The file has {megabytes} MB, over the limit of {limit} MB")
            }
        }
    }

    /// A month: "2026年10月" or "2026-10".
    pub fn period(self, period: Period) -> String {
        match self {
            Locale::Zh => format!("{}年{}月", period.year, period.month),
            Locale::En => period.code(),
        }
    }

    pub fn money_error(self, error: &MoneyError) -> String {
        match (self, error) {
            (Locale::Zh, MoneyError::Empty) => "金额不能为空".into(),
            (Locale::En, MoneyError::Empty) => "the amount is empty".into(),
            (Locale::Zh, MoneyError::NotANumber(v)) => format!("金额不是数字：{v}"),
            (Locale::En, MoneyError::NotANumber(v)) => format!("the amount is not a number: {v}"),
            (Locale::Zh, MoneyError::TooManyDecimals(v)) => format!("金额最多保留两位小数：{v}"),
            (Locale::En, MoneyError::TooManyDecimals(v)) => {
                format!("an amount has at most two decimals: {v}")
            }
            (Locale::Zh, MoneyError::Negative(v)) => format!("金额不能为负数：{v}"),
            (Locale::En, MoneyError::Negative(v)) => format!("the amount cannot be negative: {v}"),
            (Locale::Zh, MoneyError::TooLarge(v)) => format!("金额过大：{v}"),
            (Locale::En, MoneyError::TooLarge(v)) => format!("the amount is too large: {v}"),
        }
    }

    pub fn project_code_error(self, error: &ProjectCodeError) -> String {
        match (self, error) {
            (Locale::Zh, ProjectCodeError::Length(n)) => {
                format!("项目代码应为 24 位，形如 2023-330782-65-01-123456，实际为 {n} 位")
            }
            (Locale::En, ProjectCodeError::Length(n)) => format!(
                "A project code has 24 characters, like 2023-330782-65-01-123456; this one has {n}"
            ),
            (Locale::Zh, ProjectCodeError::Shape) => {
                "项目代码格式应为 年份(4位)-地区码(6位)-部门码(2位)-类型码(2位)-序号(5位)+校验位(1位)"
                    .into()
            }
            (Locale::En, ProjectCodeError::Shape) => {
                "A project code reads year(4)-region(6)-department(2)-type(2)-serial(5)+check digit(1)"
                    .into()
            }
            (Locale::Zh, ProjectCodeError::Year(y)) => format!("项目代码中的年份 {y} 不合理"),
            (Locale::En, ProjectCodeError::Year(y)) => {
                format!("The year {y} in the project code is not plausible")
            }
        }
    }

    pub fn period_error(self, error: &PeriodError) -> String {
        match self {
            Locale::Zh => format!("报告期“{}”格式不对，应写成 2026-10 这样的年-月", error.0),
            Locale::En => format!(
                "The reporting period “{}” is not valid; write year-month, such as 2026-10",
                error.0
            ),
        }
    }

    pub fn sheet_error(self, error: &SheetError) -> String {
        match (self, error) {
            (Locale::Zh, SheetError::NoHeader(n)) => format!(
                "找不到表头：前 {n} 行中没有同时含“项目名称”和“建设单位”的一行。请使用导出的模板，或第一行为列名的表格"
            ),
            (Locale::En, SheetError::NoHeader(n)) => format!(
                "No heading row: none of the first {n} rows has both “项目名称” and “建设单位”. Use the exported template, or a sheet whose first row names the columns"
            ),
            (Locale::Zh, SheetError::DuplicateColumn(name, at)) => {
                format!("表头中“{name}”出现了两次（第 {at} 列），无法判断以哪一列为准")
            }
            (Locale::En, SheetError::DuplicateColumn(name, at)) => format!(
                "The heading “{name}” appears twice (column {at}); it is unclear which one counts"
            ),
            (Locale::Zh, SheetError::TooManyColumns(n)) => {
                format!("文件有 {n} 列，超出上限 {MAX_COLUMNS} 列；省里模板只有 23 列")
            }
            (Locale::En, SheetError::TooManyColumns(n)) => format!(
                "The file has {n} columns, over the limit of {MAX_COLUMNS}; the provincial template has 23"
            ),
            (Locale::Zh, SheetError::TooManyRows(n)) => {
                format!("文件有 {n} 行，超出上限 {MAX_ROWS} 行，请分批导入")
            }
            (Locale::En, SheetError::TooManyRows(n)) => format!(
                "The file has {n} rows, over the limit of {MAX_ROWS}; import it in parts"
            ),
            (Locale::Zh, SheetError::NoRows) => "文件中没有项目行".into(),
            (Locale::En, SheetError::NoRows) => "The file has no project rows".into(),
        }
    }

    /// Every problem of a form, in one sentence (for logs and the command line).
    pub fn field_errors(self, errors: &FieldErrors) -> String {
        let messages: Vec<String> = errors.0.iter().map(|e| self.problem(&e.problem)).collect();
        messages.join(self.pick("；", "; "))
    }

    pub fn error(self, error: &AppError) -> String {
        match (self, error) {
            (Locale::Zh, AppError::Database) => "数据库暂时不可用，请稍后重试".into(),
            (Locale::En, AppError::Database) => {
                "The database is unavailable at the moment; please try again later".into()
            }
            (Locale::Zh, AppError::Internal) => "服务器处理出错，请稍后重试".into(),
            (Locale::En, AppError::Internal) => {
                "Something went wrong on the server; please try again".into()
            }
            (Locale::Zh, AppError::Misconfigured(detail)) => {
                format!("服务器配置不完整：{detail}")
            }
            (Locale::En, AppError::Misconfigured(detail)) => {
                format!("The server is not fully configured: {detail}")
            }
            (Locale::Zh, AppError::Transport(detail)) => format!("与服务器通信失败：{detail}"),
            (Locale::En, AppError::Transport(detail)) => {
                format!("Could not reach the server: {detail}")
            }
            (Locale::Zh, AppError::BadRequest(detail)) => {
                format!("请求的格式不正确，未做任何改动：{detail}")
            }
            (Locale::En, AppError::BadRequest(detail)) => {
                format!("The request is malformed; nothing was changed: {detail}")
            }
            (Locale::Zh, AppError::Unauthenticated) => "请先登录".into(),
            (Locale::En, AppError::Unauthenticated) => "Please sign in first".into(),
            (Locale::Zh, AppError::Forbidden) => "您的账号没有执行此操作的权限".into(),
            (Locale::En, AppError::Forbidden) => {
                "Your account is not allowed to do this".into()
            }
            (Locale::Zh, AppError::NotFound) => "要找的记录不存在，可能已被删除".into(),
            (Locale::En, AppError::NotFound) => {
                "The record does not exist; it may have been deleted".into()
            }
            (Locale::Zh, AppError::Invalid(errors)) => {
                format!("请修改标红的内容后再保存：{}", self.field_errors(errors))
            }
            (Locale::En, AppError::Invalid(errors)) => format!(
                "Please correct the fields marked in red, then save: {}",
                self.field_errors(errors)
            ),
            (Locale::Zh, AppError::Conflict(_)) => {
                "保存未成功：此记录在您打开之后已被他人修改，请查看下列变更后重新编辑".into()
            }
            (Locale::En, AppError::Conflict(_)) => {
                "Not saved: someone else changed this record after you opened it; see their changes below and edit again".into()
            }
            (_, AppError::Refused(problem)) => self.problem(problem),
        }
    }
}

/// Errors and problems print in the process's language (the CLI's, the logs'); pages choose
/// the reader's with [`Locale::error`] and [`Locale::problem`].
macro_rules! display_in_process_locale {
    ($($ty:ty => $render:ident),* $(,)?) => {
        $(impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&Locale::process().$render(self))
            }
        })*
    };
}

display_in_process_locale! {
    AppError => error,
    Problem => problem,
    FieldErrors => field_errors,
    MoneyError => money_error,
    ProjectCodeError => project_code_error,
    PeriodError => period_error,
    SheetError => sheet_error,
}
