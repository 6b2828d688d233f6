//! What the `roadmap` command and the server's plain-text answers say, as data ([`Say`]).
//! The command speaks Chinese unless `LANG=en*` or `--lang en` asks for English
//! (`Locale::from_env`); plain-text HTTP answers use the request's language.

use std::fmt;

use super::Locale;
use crate::domain::period::Period;
use crate::domain::problem::Label;
use crate::model::{ImportPreview, ImportStage, RoundSummary, RoundUnitRow};

/// One thing the command line or the server says.
pub enum Say<'a> {
    About,
    PasswordPrompt,
    RuntimeFailed(&'a dyn fmt::Display),
    BindFailed {
        addr: &'a dyn fmt::Display,
        error: &'a dyn fmt::Display,
    },
    ServeFailed(&'a dyn fmt::Display),
    PasswordUnreadable(&'a dyn fmt::Display),
    Started(&'a dyn fmt::Display),
    Migrated {
        backend: &'a str,
    },
    SyntheticSeeded {
        seconds: f64,
    },
    SyntheticPresent,
    SampleSeeded,
    SamplePresent,
    UserCreated {
        username: &'a str,
        id: i64,
    },
    NoSuchChoice {
        what: Label,
        given: &'a str,
        choices: &'a [&'a str],
    },
    UnknownProjectStatus(&'a str),
    UnknownMilestoneStatus(&'a str),
    FileFailed {
        path: &'a str,
        error: &'a dyn fmt::Display,
    },
    /// `--tls-cert` holds no PEM certificate.
    TlsNoCertificate(&'a str),
    /// `--tls-key` holds no PEM private key.
    TlsNoKey(&'a str),
    /// The certificate and key cannot be used together (or at all).
    TlsUnusable(&'a dyn fmt::Display),
    /// The server answers HTTPS.
    StartedTls(&'a dyn fmt::Display),
    Exported {
        projects: usize,
        path: &'a dyn fmt::Display,
        total: &'a dyn fmt::Display,
    },
    BatchRecorded(&'a str),
    /// `roadmap report` wrote the document (and its PDF).
    ReportWritten {
        path: &'a dyn fmt::Display,
        pdf: Option<&'a dyn fmt::Display>,
        data_version: i64,
    },
    /// Progress through a large import.
    Progress {
        stage: ImportStage,
        done: usize,
        of: usize,
    },
    DryRun,
    NothingToWrite,
    PlanExported {
        milestones: usize,
        path: &'a dyn fmt::Display,
    },
    Imported {
        created: usize,
        updated: usize,
        unchanged: usize,
    },
    Preview(&'a ImportPreview),
    NoSuchCliUser(&'a str),
    PeriodLocked(Period),
    PeriodWasLocked(Period),
    NoLockedPeriods,
    LockedPeriod {
        period: Period,
        projects: i64,
        by: &'a str,
        at: i64,
    },
    SiteNotEmbedded {
        script: &'a str,
    },
    SiteNotInFolder {
        folder: &'a str,
        script: &'a str,
    },
    CrossSiteRefused,
    SignInFirst,
    PlannersOnly,
    NotYourUnit,
    BatchNameNeeded,
    UnknownExportFormat(&'a str),
    /// The exported milestone plan's file name (without extension), on a day.
    PlanFileName(chrono::NaiveDate),
    ExportFailed(&'a dyn fmt::Display),
    NoSuchChart,
    DatabaseUrlUnsupported(&'a str),
    DatabaseUrlInvalid {
        url: &'a str,
        error: &'a dyn fmt::Display,
    },
    DatabaseUnreachable {
        url: &'a str,
        error: &'a dyn fmt::Display,
    },
    DatabaseFolderFailed {
        path: &'a str,
        error: &'a dyn fmt::Display,
    },
    MigrationFailed(&'a dyn fmt::Display),
    RoundOpened {
        month: Period,
        due: chrono::NaiveDate,
        units: usize,
    },
    NoSuchRound(Period),
    RoundHeader(&'a RoundSummary),
    RoundUnitLine(&'a RoundUnitRow),
    RoundClosed(Period),
    Reminded(usize),
    RemindersRan {
        sent: usize,
        delivered: usize,
    },
    QueryFailed(&'a dyn fmt::Display),
    DataCorrupt(&'a str),
    /// `--smtp-url` or `--smtp-from` cannot be used.
    SmtpSetting {
        flag: &'a str,
        error: &'a dyn fmt::Display,
    },
    EvidenceStoreFailed(&'a dyn fmt::Display),
    EvidenceDirFailed {
        dir: &'a str,
        error: &'a dyn fmt::Display,
    },
    EvidenceStoreMissing,
    EvidenceKeyInvalid(&'a str),
    EvidenceS3Url(&'a str),
}

impl Locale {
    pub fn say(self, say: &Say) -> String {
        let zh = self == Locale::Zh;
        match say {
            Say::About => self
                .pick(
                    "Roadmap：县域数字化转型路线图",
                    "Roadmap: the county's digital-transformation roadmap",
                )
                .into(),
            Say::PasswordPrompt => self.pick("密码：", "Password: ").into(),
            Say::RuntimeFailed(e) if zh => format!("无法启动异步运行时：{e}"),
            Say::RuntimeFailed(e) => format!("cannot start the async runtime: {e}"),
            Say::BindFailed { addr, error } if zh => format!("无法监听 {addr}：{error}"),
            Say::BindFailed { addr, error } => format!("cannot listen on {addr}: {error}"),
            Say::ServeFailed(e) if zh => format!("服务器异常退出：{e}"),
            Say::ServeFailed(e) => format!("the server stopped with an error: {e}"),
            Say::PasswordUnreadable(e) if zh => format!("无法读取密码：{e}"),
            Say::PasswordUnreadable(e) => format!("cannot read the password: {e}"),
            Say::SmtpSetting { flag, error } if zh => format!("邮件设置 {flag} 无法使用：{error}"),
            Say::SmtpSetting { flag, error } => format!("the mail setting {flag} cannot be used: {error}"),
            Say::EvidenceStoreFailed(e) if zh => format!("佐证材料存储出错：{e}"),
            Say::EvidenceStoreFailed(e) => format!("the evidence file store failed: {e}"),
            Say::EvidenceDirFailed { dir, error } if zh => {
                format!("无法使用佐证材料目录 {dir}：{error}")
            }
            Say::EvidenceDirFailed { dir, error } => {
                format!("cannot use the evidence directory {dir}: {error}")
            }
            Say::EvidenceStoreMissing => self
                .pick(
                    "该文件保存在外部存储中，但本服务器未设置 --evidence-dir 或 --evidence-s3",
                    "this file is kept in an external store, but this server has no --evidence-dir or --evidence-s3",
                )
                .into(),
            Say::EvidenceKeyInvalid(key) if zh => format!("无效的文件摘要：{key}"),
            Say::EvidenceKeyInvalid(key) => format!("not a file digest: {key}"),
            Say::EvidenceS3Url(url) if zh => {
                format!("--evidence-s3 须写成 s3://存储桶 或 s3://存储桶/前缀，而不是 {url}")
            }
            Say::EvidenceS3Url(url) => {
                format!("--evidence-s3 must be s3://bucket or s3://bucket/prefix, not {url}")
            }
            Say::Started(addr) if zh => format!("Roadmap 已启动：http://{addr}"),
            Say::Started(addr) => format!("Roadmap is running: http://{addr}"),
            Say::Migrated { backend } if zh => format!("数据库已是最新结构（{backend}）"),
            Say::Migrated { backend } => format!("The database schema is up to date ({backend})"),
            Say::SyntheticSeeded { seconds } if zh => format!("已生成合成数据（{seconds:.1} 秒）"),
            Say::SyntheticSeeded { seconds } => {
                format!("Synthetic data generated ({seconds:.1} s)")
            }
            Say::SyntheticPresent => self
                .pick(
                    "数据库已有合成规模的数据，未再生成",
                    "The database already holds synthetic data; nothing generated",
                )
                .into(),
            Say::SampleSeeded => self.pick("已载入示例数据", "Sample data loaded").into(),
            Say::SamplePresent => self
                .pick(
                    "数据库中已有路线图，未载入示例数据",
                    "The database already has a roadmap; sample data not loaded",
                )
                .into(),
            Say::UserCreated { username, id } if zh => format!("已创建用户 {username}（编号 {id}）"),
            Say::UserCreated { username, id } => format!("Created user {username} (number {id})"),
            Say::NoSuchChoice {
                what,
                given,
                choices,
            } if zh => format!(
                "{}“{given}”不存在；可选：{}",
                self.label(*what),
                choices.join("、")
            ),
            Say::NoSuchChoice {
                what,
                given,
                choices,
            } => format!(
                "There is no {} “{given}”; choose from: {}",
                self.label(*what),
                choices.join(", ")
            ),
            Say::UnknownProjectStatus(given) if zh => format!(
                "项目状态“{given}”无法识别；可选：preparing、in_progress、completed、suspended"
            ),
            Say::UnknownProjectStatus(given) => format!(
                "Unknown project status “{given}”; use preparing, in_progress, completed or suspended"
            ),
            Say::UnknownMilestoneStatus(given) if zh => format!(
                "里程碑状态“{given}”无法识别；可选：done（已完成）、green（正常）、yellow（滞后）、red（严重滞后）"
            ),
            Say::UnknownMilestoneStatus(given) => format!(
                "Unknown milestone status “{given}”; use done, green, yellow or red"
            ),
            Say::TlsNoCertificate(path) if zh => {
                format!("{path} 中没有 PEM 格式的证书（-----BEGIN CERTIFICATE-----）")
            }
            Say::TlsNoCertificate(path) => {
                format!("{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            }
            Say::TlsNoKey(path) if zh => format!("{path} 中没有 PEM 格式的私钥（-----BEGIN PRIVATE KEY-----）"),
            Say::TlsNoKey(path) => format!("{path} holds no PEM private key (-----BEGIN PRIVATE KEY-----)"),
            Say::TlsUnusable(e) if zh => format!("证书和私钥无法使用（是否配对？）：{e}"),
            Say::TlsUnusable(e) => format!("the certificate and key cannot be used (do they belong together?): {e}"),
            Say::StartedTls(addr) if zh => format!("Roadmap 已启动：https://{addr}"),
            Say::StartedTls(addr) => format!("Roadmap is running: https://{addr}"),
            Say::FileFailed { path, error } if zh => format!("无法读写文件 {path}：{error}"),
            Say::FileFailed { path, error } => format!("cannot read or write {path}: {error}"),
            Say::Exported {
                projects,
                path,
                total,
            } if zh => format!("已导出 {projects} 个项目到 {path}（总投资合计 {total} 万元）"),
            Say::Exported {
                projects,
                path,
                total,
            } => format!("Exported {projects} projects to {path} (total investment {total} 万元)"),
            Say::ReportWritten {
                path,
                pdf,
                data_version,
            } if zh => match pdf {
                Some(pdf) => format!("已生成 {path} 和 {pdf}（数据版本 {data_version}）"),
                None => format!("已生成 {path}（数据版本 {data_version}）"),
            },
            Say::ReportWritten {
                path,
                pdf,
                data_version,
            } => match pdf {
                Some(pdf) => format!("Wrote {path} and {pdf} (data version {data_version})"),
                None => format!("Wrote {path} (data version {data_version})"),
            },
            Say::BatchRecorded(batch) if zh => format!("已记录为上报批次“{batch}”"),
            Say::BatchRecorded(batch) => format!("Recorded as the report batch “{batch}”"),
            Say::Progress { stage, done, of } => format!(
                "{}{}{done}/{of}{}",
                match stage {
                    ImportStage::Checking => self.pick("检查", "Checking"),
                    ImportStage::Writing => self.pick("写入", "Writing"),
                },
                self.colon(),
                self.pick(" 行", " rows")
            ),
            Say::DryRun => self
                .pick("（试运行：未写入任何数据）", "(dry run: nothing was written)")
                .into(),
            Say::NothingToWrite => self
                .pick("没有需要写入的变更", "Nothing to write")
                .into(),
            Say::PlanExported { milestones, path } if zh => {
                format!("已导出 {milestones} 个里程碑到 {path}")
            }
            Say::PlanExported { milestones, path } => {
                format!("Exported {milestones} milestones to {path}")
            }
            Say::Imported {
                created,
                updated,
                unchanged,
            } if zh => format!("导入完成：新建 {created} 个，更新 {updated} 个，未变 {unchanged} 个"),
            Say::Imported {
                created,
                updated,
                unchanged,
            } => format!("Imported: {created} created, {updated} updated, {unchanged} unchanged"),
            Say::Preview(preview) => self.preview(preview),
            Say::RoundOpened { month, due, units } if zh => format!(
                "已发起“{}”，截止 {}，覆盖 {units} 个单位",
                self.round_title(*month),
                self.date(*due)
            ),
            Say::RoundOpened { month, due, units } => format!(
                "Opened “{}”, due {}, covering {units} units",
                self.round_title(*month),
                self.date(*due)
            ),
            Say::NoSuchRound(p) if zh => format!("{} 还没有填报轮次", self.period(*p)),
            Say::NoSuchRound(p) => format!("There is no reporting round for {}", self.period(*p)),
            Say::RoundHeader(round) => {
                let state = if round.closed_at.is_some() {
                    self.rounds().round_closed
                } else {
                    self.rounds().round_open
                };
                let c = &round.counts;
                format!(
                    "{}\t{} {}\t{state}\t{}\t{}",
                    self.round_title(round.month),
                    self.rounds().due_on,
                    self.date(round.due_date),
                    self.round_progress(c.handed_in(), c.units, c.accepted),
                    self.round_late(c.late, c.overdue)
                )
            }
            Say::RoundUnitLine(unit) => {
                let mut line = format!(
                    "{}\t{}",
                    unit.unit_name,
                    self.submission_state(unit.state)
                );
                if let Some(at) = unit.submitted_at {
                    line.push_str(&format!("\t{}", self.datetime(at)));
                }
                if unit.late {
                    line.push_str(&format!("\t{}", self.rounds().late_mark));
                }
                if unit.overdue {
                    line.push_str(&format!("\t{}", self.rounds().overdue_mark));
                }
                line
            }
            Say::RoundClosed(p) if zh => format!("已结束“{}”", self.round_title(*p)),
            Say::RoundClosed(p) => format!("Closed “{}”", self.round_title(*p)),
            Say::Reminded(units) => self.reminded(*units),
            Say::RemindersRan { sent, delivered } if zh => {
                format!("定时提醒：发出 {sent} 条，机器人消息送达 {delivered} 条")
            }
            Say::RemindersRan { sent, delivered } => {
                format!("Scheduled reminders: {sent} sent, {delivered} robot messages delivered")
            }
            Say::NotYourUnit => self
                .pick(
                    "只有本单位的填报员才能为本单位填报或上传佐证材料",
                    "Only the unit's own liaison may report for it or upload its evidence",
                )
                .into(),
            Say::NoSuchCliUser(username) if zh => format!(
                "用户“{username}”不存在或已停用；请用 --by 指定一名规划员或管理员"
            ),
            Say::NoSuchCliUser(username) => format!(
                "The user “{username}” does not exist or is disabled; name a planner or admin with --by"
            ),
            Say::PeriodLocked(p) if zh => {
                format!("已锁定报告期 {}，其数据已保存为基线", self.period(*p))
            }
            Say::PeriodLocked(p) => format!(
                "Locked the reporting period {}; its figures are kept as the baseline",
                self.period(*p)
            ),
            Say::PeriodWasLocked(p) if zh => {
                format!("报告期 {} 早已锁定，基线未改动", self.period(*p))
            }
            Say::PeriodWasLocked(p) => format!(
                "The reporting period {} was locked before; its baseline is unchanged",
                self.period(*p)
            ),
            Say::NoLockedPeriods => self
                .pick("尚无锁定的报告期", "No reporting period is locked yet")
                .into(),
            Say::LockedPeriod {
                period,
                projects,
                by,
                at,
            } if zh => format!(
                "{}  {projects} 个项目  {by} 锁定于 {}",
                period.code(),
                self.datetime(*at)
            ),
            Say::LockedPeriod {
                period,
                projects,
                by,
                at,
            } => format!(
                "{}  {projects} projects  locked by {by} on {}",
                period.code(),
                self.datetime(*at)
            ),
            Say::SiteNotEmbedded { script } if zh => format!(
                "这个 roadmap 程序没有打包站点文件（{script}）：请用 scripts/start.sh 或 `cargo leptos build --release` 构建，或用 --site-root 指定 `cargo leptos build` 输出的目录"
            ),
            Say::SiteNotEmbedded { script } => format!(
                "This binary was built without the site ({script}): build it with scripts/start.sh or `cargo leptos build --release`, or pass --site-root"
            ),
            Say::SiteNotInFolder { folder, script } if zh => format!(
                "站点文件目录 {folder} 中没有 {script}：请先运行 `cargo leptos build`"
            ),
            Say::SiteNotInFolder { folder, script } => format!(
                "The site folder {folder} has no {script}: run `cargo leptos build` first"
            ),
            Say::CrossSiteRefused => self
                .pick("跨站请求已被拒绝", "Cross-site request refused")
                .into(),
            Say::SignInFirst => self.pick("请先登录", "Please sign in first").into(),
            Say::PlannersOnly => self
                .pick(
                    "记录上报需要编辑权限",
                    "Recording a report needs a planner account",
                )
                .into(),
            Say::BatchNameNeeded => self
                .pick(
                    "请填写上报批次（不超过 60 个字），如“2026年11月第1批”",
                    "Name the report batch (at most 60 characters), e.g. “2026-11 batch 1”",
                )
                .into(),
            Say::UnknownExportFormat(name) if zh => {
                format!("不支持的导出格式“{name}”，请选 xlsx、csv 或 csv-gbk")
            }
            Say::UnknownExportFormat(name) => {
                format!("Unsupported export format “{name}”; choose xlsx, csv or csv-gbk")
            }
            Say::PlanFileName(day) if zh => format!("里程碑计划表{}", crate::i18n::zh_date(*day)),
            Say::PlanFileName(day) => format!("milestone-plan-{day}"),
            Say::ExportFailed(e) if zh => format!("导出失败：{e}"),
            Say::ExportFailed(e) => format!("The export failed: {e}"),
            Say::NoSuchChart => self.pick("没有这个图表", "There is no such chart").into(),
            Say::DatabaseUrlUnsupported(url) if zh => {
                format!("DATABASE_URL 应以 sqlite:// 或 postgres:// 开头，实际为 “{url}”")
            }
            Say::DatabaseUrlUnsupported(url) => {
                format!("DATABASE_URL must start with sqlite:// or postgres://, not “{url}”")
            }
            Say::DatabaseUrlInvalid { url, error } if zh => {
                format!("DATABASE_URL 无法解析（{url}）：{error}")
            }
            Say::DatabaseUrlInvalid { url, error } => {
                format!("DATABASE_URL cannot be read ({url}): {error}")
            }
            Say::DatabaseUnreachable { url, error } if zh => {
                format!("无法连接数据库 {url}：{error}")
            }
            Say::DatabaseUnreachable { url, error } => {
                format!("cannot connect to the database {url}: {error}")
            }
            Say::DatabaseFolderFailed { path, error } if zh => {
                format!("无法创建数据库目录 {path}：{error}")
            }
            Say::DatabaseFolderFailed { path, error } => {
                format!("cannot create the database folder {path}: {error}")
            }
            Say::MigrationFailed(e) if zh => format!("数据库迁移失败：{e}"),
            Say::MigrationFailed(e) => format!("the database migration failed: {e}"),
            Say::QueryFailed(e) if zh => format!("数据库操作失败：{e}"),
            Say::QueryFailed(e) => format!("a database operation failed: {e}"),
            Say::DataCorrupt(what) if zh => format!("数据库中的数据不合规：{what}"),
            Say::DataCorrupt(what) => format!("the database holds invalid data: {what}"),
        }
    }

    /// An import preview as the command line prints it: the counts, then the first rows.
    fn preview(self, p: &ImportPreview) -> String {
        let zh = self == Locale::Zh;
        let mut lines = vec![if zh {
            format!(
                "文件 {}：{} 行{}：新建 {}，更新 {}，未变 {}，问题 {}",
                p.file_name,
                p.row_count,
                p.year
                    .map(|y| format!("（本年 = {y} 年）"))
                    .unwrap_or_default(),
                p.creates.len(),
                p.updates.len(),
                p.unchanged,
                p.problems.len()
            )
        } else {
            format!(
                "File {}: {} rows{}: {} to create, {} to update, {} unchanged, {} problems",
                p.file_name,
                p.row_count,
                p.year
                    .map(|y| format!(" (this year = {y})"))
                    .unwrap_or_default(),
                p.creates.len(),
                p.updates.len(),
                p.unchanged,
                p.problems.len()
            )
        }];
        if !p.ignored_columns.is_empty() {
            lines.push(format!(
                "{}{}",
                self.pick("未导入的列：", "Columns not imported: "),
                p.ignored_columns.join(self.pick("、", ", "))
            ));
        }
        let row_word = |row: usize| {
            if zh {
                format!("第 {row} 行")
            } else {
                format!("row {row}")
            }
        };
        for row in p.creates.iter().take(20) {
            lines.push(format!(
                "  {} {} {}",
                self.pick("新建", "create"),
                row_word(row.row),
                row.name
            ));
        }
        let colon = self.colon();
        for row in p.updates.iter().take(20) {
            let fields: Vec<String> = row
                .changes
                .iter()
                .map(|(field, old, new)| {
                    format!(
                        "{}{colon}{} → {}",
                        self.journal_label(field),
                        self.journal_value(field, old),
                        self.journal_value(field, new)
                    )
                })
                .collect();
            lines.push(format!(
                "  {} {} {}{colon}{}",
                self.pick("更新", "update"),
                row_word(row.row),
                row.name,
                fields.join(self.pick("；", "; "))
            ));
        }
        for problem in p.problems.iter().take(200) {
            let column = match (problem.column.is_empty(), zh) {
                (true, _) => String::new(),
                (false, true) => format!("“{}”列", problem.column),
                (false, false) => format!(", column “{}”", problem.column),
            };
            lines.push(format!(
                "  {} {}{column}{colon}{}",
                self.pick("问题", "problem"),
                row_word(problem.row),
                self.problem(&problem.problem)
            ));
        }
        if p.problems.len() > 200 {
            let more = p.problems.len() - 200;
            lines.push(if zh {
                format!("  ……另有 {more} 处问题")
            } else {
                format!("  … and {more} more problems")
            });
        }
        lines.join("\n")
    }
}

impl fmt::Display for Say<'_> {
    /// In the process's language (the command line's).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Locale::process().say(self))
    }
}

impl Locale {
    /// The help of a command-line subcommand (`command` is its path, e.g. `period lock`).
    pub fn cli_command_help(self, command: &str) -> Option<&'static str> {
        Some(match command {
            "serve" => self.pick(
                "运行网页应用（先应用尚未执行的数据库迁移）",
                "Serve the web application (applies pending migrations first)",
            ),
            "migrate" => self.pick(
                "应用尚未执行的数据库迁移后退出",
                "Apply pending database migrations and exit",
            ),
            "seed" => self.pick("向数据库载入数据", "Load data into the database"),
            "user" => self.pick("管理用户账号", "Manage user accounts"),
            "user add" => self.pick(
                "添加用户；密码从标准输入读取（在终端上会提示输入）",
                "Add a user; the password is read from standard input (or asked for on a terminal)",
            ),
            "export" => self.pick(
                "按省里模板导出项目清单（XLSX 或 CSV）",
                "Export the project registry in the provincial template (XLSX or CSV)",
            ),
            "import" => self.pick(
                "导入项目清单（XLSX 或 CSV，UTF-8 或 GBK）；写入前检查全部内容",
                "Import a project list (XLSX or CSV, UTF-8 or GBK); checks everything before writing",
            ),
            "milestones" => self.pick(
                "里程碑计划表：导出或导入（XLSX 或 CSV）",
                "The milestone plan as a spreadsheet: export or import (XLSX or CSV)",
            ),
            "milestones export" => self.pick(
                "导出里程碑计划表（可按阶段、支柱、单位、状态筛选）",
                "Export the milestone plan (optionally filtered by phase, pillar, unit, status)",
            ),
            "milestones import" => self.pick(
                "导入里程碑计划表；写入前检查全部内容，全部写入或全部不写入",
                "Import a milestone plan; checks everything first, then writes every row or none",
            ),
            "report" => self.pick(
                "按实时数据生成工作总结（或单位通报）的公文格式 DOCX，可同时生成 PDF",
                "Write the work report (or the unit ranking) from live data as an official-format DOCX, and a PDF too if asked",
            ),
            "period" => self.pick(
                "报告期：锁定某月作为基线，或列出已锁定的报告期",
                "Reporting periods: lock a month as a baseline, or list the locked ones",
            ),
            "period lock" => self.pick(
                "锁定某月（YYYY-MM）：保存其数据为基线并关闭该月台账",
                "Lock a month (YYYY-MM): keep its figures as a baseline and close its ledger",
            ),
            "period list" => self.pick("列出已锁定的报告期", "List the locked periods"),
            "round" => self.pick(
                "填报轮次：发起、查看、结束、催报",
                "Reporting rounds: open, show, close, remind",
            ),
            "round open" => self.pick(
                "发起某月（YYYY-MM）的填报轮次",
                "Open the reporting round for a month (YYYY-MM)",
            ),
            "round status" => self.pick(
                "列出某月填报轮次中每个单位的状态，每行一个单位",
                "Show each unit's state in a month's round, one line each",
            ),
            "round close" => self.pick(
                "结束某月的填报轮次（之后提交的记为迟交）",
                "Close a month's round (later submissions are marked late)",
            ),
            "reminders" => self.pick(
                "定时提醒与群机器人消息",
                "Scheduled reminders and group-robot messages",
            ),
            "reminders run" => self.pick(
                "运行一次：今天的定时提醒（未发过时）并发送待发的机器人和邮件消息",
                "One pass: today's reminders (if not sent yet) and the queued robot and e-mail messages",
            ),
            "backup" => self.pick(
                "在服务器运行时备份：数据库的一致性副本、数据库外的佐证材料和校验清单，写入一个 zip 文件",
                "Back up while the server runs: a consistent copy of the database, the evidence kept outside it and a manifest, in one zip file",
            ),
            "restore" => self.pick(
                "从备份文件恢复到空数据库（先停止服务器）；先校验整个文件，恢复后逐表核对",
                "Restore a backup into an empty database (stop the servers first); the whole file is checked first and every table after",
            ),
            "audit" => self.pick(
                "安全审计日志：校验哈希链，或导出给测评机构",
                "The security audit log: check its hash chain, or export it for the assessor",
            ),
            "audit verify" => self.pick(
                "逐条校验审计日志的哈希链；断开时指出第一条有问题的记录并以非零状态退出",
                "Check the audit log's hash chain record by record; if it breaks, name the first broken record and exit non-zero",
            ),
            "audit export" => self.pick(
                "把审计日志导出为 CSV（UTF-8，可用 Excel 打开），含每条记录的哈希",
                "Export the audit log as CSV (UTF-8, opens in Excel), with each record's hash",
            ),
            "round remind" => self.pick(
                "催报：提醒所有尚未提交的单位",
                "Remind every unit that has not submitted",
            ),
            "package" => self.pick(
                "本县向上级报送的签名上报包",
                "This county's signed report packages for the city and province",
            ),
            "package key" => self.pick(
                "显示本县的上报公钥、指纹和行政区划代码（首次使用时生成密钥），供上级登记",
                "Show this county's package public key, fingerprint and division code (the key is made on first use), for registration upstream",
            ),
            "package export" => self.pick(
                "导出某月的签名上报包（省级模板 XLSX、机读 JSON 和签名清单）",
                "Export a month's signed package (provincial sheet XLSX, machine-readable JSON and a signed manifest)",
            ),
            "package push" => self.pick(
                "导出某月的签名上报包并通过 HTTPS 推送到上级实例（用“管理”页的推送设置，或 --to 和 --token）",
                "Export a month's signed package and push it over HTTPS to the upstream instance (with the admin page's push settings, or --to and --token)",
            ),
            "region" => self.pick(
                "上级（市、省）：登记各县、导入其上报包、生成汇总表",
                "Upstream (city, province): register counties, import their packages, write the merged sheet",
            ),
            "region county" => self.pick("登记向本实例上报的县", "The counties reporting to this instance"),
            "region county add" => self.pick(
                "登记一个县：县名、行政区划代码和其 roadmap package key 显示的公钥",
                "Register a county: its name, division code and the public key its roadmap package key shows",
            ),
            "region county token" => self.pick(
                "为一个县生成推送令牌（只显示一次，旧令牌即时失效），供该县通过 HTTPS 推送上报包",
                "Issue a county a push token (shown once; the old one stops working) for pushing its packages over HTTPS",
            ),
            "region county list" => self.pick("列出已登记的县及其公钥指纹", "List the registered counties with their key fingerprints"),
            "region import" => self.pick(
                "导入一个县的上报包：核对签名、每个文件的校验值、数据格式和包号，全部无误才写入",
                "Import a county's package: checks the signature, every file's checksum, the layout and the package number, and writes only if all hold",
            ),
            "region synthetic" => self.pick(
                "为区域基准测试生成合成县的签名上报包（每县的公钥写入 counties.tsv）",
                "Write signed packages of synthetic counties for the region benchmark (their public keys in counties.tsv)",
            ),
            "region sheet" => self.pick(
                "把某月各县上报的项目合成一张省级模板汇总表（每县一组并有小计，合计在上）",
                "Merge the counties' projects of a month into one provincial sheet (a group and subtotal per county, the total on top)",
            ),
            _ => return None,
        })
    }

    /// The help of one command-line option of `command` ("" for the global ones).
    pub fn cli_arg_help(self, command: &str, arg: &str) -> Option<&'static str> {
        Some(match (command, arg) {
            (_, "lang") => self.pick(
                "消息语言：zh（默认）或 en；未指定时按 LANG / LC_ALL / LC_MESSAGES",
                "Language of messages: zh (default) or en; without it, LANG / LC_ALL / LC_MESSAGES decide",
            ),
            (_, "database_url") => self.pick(
                "数据库：sqlite://路径/文件.db（不存在时创建）或 postgres://用户:密码@主机/库",
                "Database: sqlite://path/to/file.db (created when missing) or postgres://user:pass@host/db",
            ),
            (_, "today") => self.pick(
                "把今天当作此日期（YYYY-MM-DD），用于演示和可重复的测试",
                "Pretend today is this date (YYYY-MM-DD), for demonstrations and reproducible tests",
            ),
            ("serve", "addr") => self.pick("监听地址", "Address to listen on"),
            ("serve", "site_root") => self.pick(
                "从此目录（cargo leptos build 的输出）提供站点文件，而不用程序内置的副本；用于开发",
                "Serve the site's files from this folder (as cargo leptos build writes it) instead of the copy built into the binary; for development",
            ),
            ("serve", "session_idle_minutes") => self.pick(
                "浏览器闲置多少分钟后退出登录",
                "Sign a browser out after this many minutes without a request",
            ),
            ("seed", "sample") => self.pick(
                "载入示例县的路线图（数据库已有路线图时不做任何事）",
                "Load the sample county programme (does nothing if the database already has a roadmap)",
            ),
            ("seed", "synthetic") => self.pick(
                "载入示例后再生成基准测试规模的数据：10,000 个项目、50,000 个里程碑、500,000 条进展，每次相同",
                "Load the sample, then generate a benchmark-size county: 10,000 projects, 50,000 milestones, 500,000 progress updates, the same on every run",
            ),
            ("seed", "projects") => self.pick(
                "与 --synthetic 一起用：生成多少个项目（默认 10,000）",
                "With --synthetic: how many projects to generate instead of 10,000",
            ),
            ("seed", "milestones") => self.pick(
                "与 --synthetic 一起用：生成多少个里程碑（默认 50,000）",
                "With --synthetic: how many milestones to generate instead of 50,000",
            ),
            ("seed", "updates") => self.pick(
                "与 --synthetic 一起用：生成多少条进展（默认 500,000）",
                "With --synthetic: how many progress updates to generate instead of 500,000",
            ),
            ("user add", "name") => self.pick("登录名", "Sign-in name"),
            ("user add", "role") => self.pick("角色", "Role"),
            ("export" | "milestones export", "format") => self.pick("文件格式", "File format"),
            ("report", "from") => self.pick("报告期间的第一天（YYYY-MM-DD）", "First day of the period (YYYY-MM-DD)"),
            ("report", "to") => self.pick("报告期间的最后一天（YYYY-MM-DD）", "Last day of the period (YYYY-MM-DD)"),
            ("report", "out") => self.pick(
                "要写入的 DOCX 文件（先写 .part，完成后改名）",
                "The DOCX file to write (written as .part, renamed when complete)",
            ),
            ("report", "pdf") => self.pick(
                "同时用 LibreOffice 生成同名的 PDF",
                "Also write a PDF of the same name through LibreOffice",
            ),
            ("report", "kind") => self.pick(
                "summary：工作总结；ranking：单位通报",
                "summary: the work report; ranking: the unit ranking",
            ),
            ("export" | "milestones export", "gbk") => self.pick(
                "CSV 使用 GBK（GB18030）编码，而不是带 BOM 的 UTF-8",
                "CSV in GBK (GB18030) instead of UTF-8 with BOM",
            ),
            ("export" | "milestones export", "out") => self.pick("要写入的文件", "The file to write"),
            ("milestones export", "phase") => self.pick(
                "所属阶段，按名称（如 三年突破）或编号",
                "Phase by name, e.g. 三年突破, or by number",
            ),
            ("milestones export", "pillar") => self.pick(
                "所属支柱（五个一），按名称（如 一张网）或编号",
                "Pillar (五个一) by name, e.g. 一张网, or by number",
            ),
            ("milestones export", "unit") => {
                self.pick("责任单位，按名称或编号", "Owner unit by name or number")
            }
            ("milestones export", "status") => self.pick(
                "里程碑状态：done、green、yellow、red",
                "Milestone status: done, green, yellow, red",
            ),
            ("export", "kind") => self.pick("项目类别", "Project type"),
            ("export", "pillar") => self.pick(
                "所属支柱（五个一），按名称（如 一张网）或编号",
                "Pillar (五个一) by name, e.g. 一张网, or by number",
            ),
            ("export", "unit") => self.pick("建设单位，按名称或编号", "建设单位 by name or number"),
            ("export", "status") => self.pick(
                "项目状态：preparing、in_progress、completed、suspended",
                "Project status: preparing, in_progress, completed, suspended",
            ),
            ("export", "year") => self.pick(
                "在此年份建设的项目；也是“本年”所指的年份",
                "Projects under construction in this year; also the year 本年 refers to",
            ),
            ("export", "period") => self.pick(
                "导出此已锁定报告期（YYYY-MM）的基线，而不是当前数据",
                "Export the baseline of this locked period (YYYY-MM) instead of the live figures",
            ),
            ("export", "archived") => self.pick(
                "也导出已归档的项目",
                "Also export archived projects",
            ),
            ("export", "group") => self.pick(
                "按建设性质（默认）或按支柱分组",
                "Group rows by construction type (default) or by pillar",
            ),
            ("export", "record_batch") => self.pick(
                "把这次导出记录为上报批次，如“2026年11月第1批”",
                "Record the export as a report upward (上报) under this batch",
            ),
            ("export", "by") => self.pick("记录批次的用户名", "Who records the batch (a user name)"),
            ("import" | "milestones import", "file") => {
                self.pick("XLSX 或 CSV 文件", "The XLSX or CSV file")
            }
            ("import" | "milestones import", "dry_run") => self.pick(
                "只检查并显示将要改动的内容，不写入",
                "Only check and show what would change; write nothing",
            ),
            ("import", "kind") => self.pick(
                "新建项目的项目类别",
                "The kind given to rows that become new projects",
            ),
            ("import" | "milestones import", "by") => self.pick(
                "记录这些改动的用户（须为规划员或管理员）",
                "The user the changes are recorded under (a planner or admin)",
            ),
            ("audit export", "out") => self.pick("要写入的 CSV 文件", "The CSV file to write"),
            ("audit export", "from") => self.pick("从此日起（YYYY-MM-DD）", "From this day (YYYY-MM-DD)"),
            ("audit export", "to") => self.pick("到此日止（YYYY-MM-DD，含当日）", "Up to this day (YYYY-MM-DD, inclusive)"),
            ("audit export", "user") => self.pick("只导出此用户的记录", "Only this user's records"),
            ("audit export", "action") => self.pick(
                "只导出此类事件：sign_in、sign_in_failed、sign_out、refused、export、import、report、download、admin 等",
                "Only this kind of event: sign_in, sign_in_failed, sign_out, refused, export, import, report, download, admin …",
            ),
            ("package key", "code") => self.pick(
                "设置本县的行政区划代码（6 位数字，如 339901）",
                "Set this county's administrative division code (six digits, such as 339901)",
            ),
            ("package export", "period") => self.pick("上报的月份，如 2026-11", "The month reported, such as 2026-11"),
            ("package export", "out") => self.pick("要写入的上报包（.zip）", "The package file (.zip) to write"),
            ("package export" | "package push", "with_evidence") => self.pick(
                "同时带上本月进展的佐证材料（放在包内 evidence/ 下，逐个签名校验）",
                "Also carry the evidence files of the month's progress updates (under evidence/ in the package, each signed and checked)",
            ),
            ("package push", "period") => self.pick("上报的月份，如 2026-11", "The month reported, such as 2026-11"),
            ("package push", "to") => self.pick(
                "上级实例的地址，如 https://city.example.gov.cn（不填则用“管理”页的设置）",
                "The upstream instance's address, such as https://city.example.gov.cn (default: the admin page's setting)",
            ),
            ("package push", "token") => self.pick(
                "上级为本县生成的推送令牌（不填则用“管理”页的设置）",
                "The push token upstream issued for this county (default: the admin page's setting)",
            ),
            ("region county token", "code") => self.pick("县的行政区划代码", "The county's division code"),
            ("region county add", "name") => self.pick("县名", "The county's name"),
            ("region county add", "code") => self.pick("行政区划代码（6 位数字）", "Its division code (six digits)"),
            ("region county add", "key") => self.pick(
                "该县 roadmap package key 显示的公钥",
                "The public key the county's roadmap package key shows",
            ),
            ("region import", "file") => self.pick("县里导出的上报包（.zip）", "A package (.zip) a county exported"),
            ("region import", "by") => self.pick("记入日志的导入人账号", "The account the import is recorded under"),
            ("region synthetic", "counties") => self.pick("县的个数", "How many counties"),
            ("region synthetic", "projects") => self.pick("每县的项目数", "Projects per county"),
            ("region synthetic", "period") => self.pick("上报的月份，如 2026-11", "The month reported, such as 2026-11"),
            ("region synthetic", "out") => self.pick("写入上报包的文件夹", "The folder to write the packages into"),
            ("region sheet", "period") => self.pick("汇总的月份，如 2026-11", "The month to merge, such as 2026-11"),
            ("region sheet", "out") => self.pick("要写入的汇总表（.xlsx）", "The merged sheet (.xlsx) to write"),
            ("region sheet", "name") => self.pick(
                "表头的地区名（默认：本实例路线图的县名）",
                "The region's name in the title (default: this instance's roadmap name)",
            ),
            ("backup", "out") => self.pick(
                "要写入的备份文件（先写 .partial，完整写入磁盘后才改名）",
                "The backup file to write (written as .partial, renamed once it is complete on disk)",
            ),
            ("restore", "file") => self.pick("由 roadmap backup 生成的备份文件", "A backup file made by roadmap backup"),
            ("restore", "force") => self.pick(
                "目标数据库已有数据时也恢复：先把它备份到备份文件旁，再替换",
                "Restore even into a database that holds data: it is first backed up beside the backup file, then replaced",
            ),
            ("period lock", "period") => self.pick("报告期（YYYY-MM）", "The month (YYYY-MM)"),
            ("period lock", "by") => self.pick("锁定人的用户名", "Who locks it (a user name)"),
            ("serve", "remind_days_before") => self.pick(
                "在填报截止日前几天发出提醒（0 为不提前提醒；截止当天和逾期后每天仍会提醒）",
                "Remind this many days before a round's due date (0: not before; the due day and every late day still remind)",
            ),
            ("reminders run", "days_before") => self.pick(
                "在截止日前几天提醒",
                "Remind this many days before the due date",
            ),
            ("serve", "evidence_max_mb") => self.pick(
                "每个佐证材料文件的大小上限（MB，默认 50）",
                "The largest evidence file accepted, in MB (default 50)",
            ),
            ("report", "by") => self.pick(
                "在“已生成的文件”中记为生成人的用户名",
                "Who the history of generated files names (a user name)",
            ),
            ("serve" | "report" | "backup" | "restore" | "package export" | "package push", "evidence_dir") => self.pick(
                "把佐证材料保存在此目录而不是数据库中（多台应用服务器须共用同一目录，如 NFS）",
                "Keep evidence files in this directory instead of the database (several app servers must share it, e.g. over NFS)",
            ),
            ("serve" | "report" | "backup" | "restore" | "package export" | "package push", "evidence_s3") => self.pick(
                "把佐证材料保存在 S3 兼容的对象存储中：s3://存储桶[/前缀]；地址和密钥取自 AWS_ENDPOINT、AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_REGION（内网 HTTP 另设 AWS_ALLOW_HTTP=true）",
                "Keep evidence files in an S3-compatible store: s3://bucket[/prefix]; endpoint and keys from AWS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (AWS_ALLOW_HTTP=true for plain HTTP)",
            ),
            ("serve", "backup_dir") => self.pick(
                "定时备份写入此目录（不设则不定时备份）；多台应用服务器时每个周期只由一台备份",
                "Take scheduled backups into this folder (none without it); with several app servers, each interval's backup is taken by one of them",
            ),
            ("serve", "backup_every") => self.pick(
                "定时备份的间隔：30m、6h、24h（默认）或 7d",
                "How often to take a scheduled backup: 30m, 6h, 24h (default) or 7d",
            ),
            ("serve", "backup_keep") => self.pick(
                "保留最近多少个定时备份（默认 14），更早的删除",
                "How many scheduled backups to keep (default 14); older ones are removed",
            ),
            ("serve", "tls_cert") => self.pick(
                "以 HTTPS 提供服务：PEM 格式的证书链文件（须同时给出 --tls-key）",
                "Serve HTTPS with this PEM certificate chain (with --tls-key)",
            ),
            ("serve", "tls_key") => self.pick(
                "--tls-cert 证书对应的 PEM 格式私钥文件",
                "The PEM private key of the --tls-cert certificate",
            ),
            ("serve" | "reminders run", "smtp_url") => self.pick(
                "邮件渠道使用的 SMTP 服务器：smtp://主机:25、smtp://用户:密码@主机:587?tls=required 或 smtps://用户:密码@主机:465",
                "The SMTP server for e-mail channels: smtp://host:25, smtp://user:pass@host:587?tls=required or smtps://user:pass@host:465",
            ),
            ("serve" | "reminders run", "smtp_from") => self.pick(
                "邮件的发件人，如 \"县大数据中心 <sjzx@example.gov.cn>\"",
                "The sender of e-mails, e.g. \"County Big-Data Centre <sjzx@example.gov.cn>\"",
            ),
            ("user add", "units") => self.pick(
                "单位填报员所属单位（单位名录中的名称，可重复 --unit 绑定多个）",
                "The unit a liaison reports for (a name from the unit list; repeat --unit for more)",
            ),
            ("round open" | "round status" | "round close" | "round remind", "month") => {
                self.pick("填报月份（YYYY-MM）", "The month reported on (YYYY-MM)")
            }
            ("round open", "due") => self.pick("截止日期（YYYY-MM-DD）", "The due date (YYYY-MM-DD)"),
            ("round open", "units") => self.pick(
                "参加的单位（可重复）；不指定时为所有有在建里程碑或项目的单位",
                "A unit to include (repeatable); by default every unit with an active milestone or project",
            ),
            ("round open" | "round close" | "round remind", "by") => self.pick(
                "记录在其名下的用户（规划员或管理员）",
                "The user the change is recorded under (a planner or admin)",
            ),
            _ => return None,
        })
    }
}
