//! Words of the security page (安全与备份): the audit log, sessions and backups, and what
//! `roadmap audit` says.

use super::Locale;
use crate::model::audit_action as action;
use crate::model::audit_outcome::{DENIED, FAILED, OK};

pub struct SecurityTexts {
    pub tab: &'static str,
    pub title: &'static str,
    pub backups: &'static str,
    pub backup_schedule: &'static str,
    pub backups_off: &'static str,
    pub backup_started: &'static str,
    pub backup_server: &'static str,
    pub backup_result: &'static str,
    pub backup_running: &'static str,
    pub no_backups: &'static str,
    pub sessions: &'static str,
    pub session_user: &'static str,
    pub session_role: &'static str,
    pub session_since: &'static str,
    pub session_last_seen: &'static str,
    pub session_address: &'static str,
    pub session_end: &'static str,
    pub session_this_browser: &'static str,
    pub session_ended: &'static str,
    pub log: &'static str,
    pub log_hint: &'static str,
    pub log_time: &'static str,
    pub log_user: &'static str,
    pub log_action: &'static str,
    pub log_target: &'static str,
    pub log_outcome: &'static str,
    pub log_address: &'static str,
    pub log_detail: &'static str,
    pub log_empty: &'static str,
    pub log_export: &'static str,
    pub log_verify: &'static str,
    pub anonymous: &'static str,
    pub verify_result: &'static str,
    pub sessions_more: &'static str,
    pub password_rules: &'static str,
    pub change_initial: &'static str,
    pub change_expired: &'static str,
    pub password_policy: &'static str,
    pub max_age_days: &'static str,
    pub max_age_hint: &'static str,
    pub duties: &'static str,
    pub duties_separate: &'static str,
    pub duties_hint: &'static str,
}

const ZH: SecurityTexts = SecurityTexts {
    tab: "安全与备份",
    title: "安全与备份",
    backups: "定时备份",
    backup_schedule: "本服务器的设置",
    backups_off: "本服务器未设置定时备份（启动时加 --backup-dir 目录）。也可随时运行 roadmap backup --out 文件。",
    backup_started: "开始时间",
    backup_server: "执行的服务器",
    backup_result: "结果",
    backup_running: "进行中或未完成",
    no_backups: "还没有定时备份记录。",
    sessions: "在线会话",
    session_user: "用户",
    session_role: "角色",
    session_since: "登录时间",
    session_last_seen: "最近活动",
    session_address: "来源地址",
    session_end: "强制下线",
    session_this_browser: "（本浏览器）",
    session_ended: "已结束该会话。",
    log: "安全审计日志",
    log_hint: "记录登录成功与失败、退出、被拒绝的请求、导出、导入、报告生成、佐证材料下载和管理操作及其来源地址。日志只增不改，每条记录带有与上一条相连的哈希；至少保存 180 天（本系统不删除）。",
    log_time: "时间",
    log_user: "用户",
    log_action: "事件",
    log_target: "对象",
    log_outcome: "结果",
    log_address: "来源地址",
    log_detail: "说明",
    log_empty: "没有符合条件的记录。",
    log_export: "导出 CSV",
    log_verify: "校验完整性",
    anonymous: "（未登录）",
    verify_result: "完整性校验",
    sessions_more: "仅列出最近活动的会话",
    password_rules: "新密码至少 8 位，须包含小写字母、大写字母、数字、其他字符中的至少 3 类，不能包含用户名，不能与最近 5 次用过的密码相同。",
    change_initial: "您的密码是管理员设置的初始密码或重置密码，请先修改密码再继续使用。",
    change_expired: "您的密码已超过规定的使用期限，请先修改密码再继续使用。",
    password_policy: "密码策略",
    max_age_days: "密码有效期（天，0 为不过期）",
    max_age_hint: "到期后，用户登录时须先修改密码。管理员新建账号或重置密码后，用户首次登录也须先修改。",
    duties: "三员分立",
    duties_separate: "分设系统管理员、安全管理员、审计管理员",
    duties_hint: "开启后，管理员只负责系统管理：普通用户账号、单位与基础数据、通知渠道、备份；安全管理员负责管理员账号与角色、密码策略和会话；审计管理员查阅、校验和导出安全审计日志与变更记录，不能修改其他内容。任何账号只担任其中一种职责。开启前须先开设至少一个安全管理员和一个审计管理员账号。",
};

const EN: SecurityTexts = SecurityTexts {
    tab: "Security & backups",
    title: "Security and backups",
    backups: "Scheduled backups",
    backup_schedule: "This server's settings",
    backups_off: "This server takes no scheduled backups (start it with --backup-dir DIR). roadmap backup --out FILE takes one at any time.",
    backup_started: "Started",
    backup_server: "Server",
    backup_result: "Result",
    backup_running: "running or unfinished",
    no_backups: "No scheduled backup yet.",
    sessions: "Signed-in sessions",
    session_user: "User",
    session_role: "Role",
    session_since: "Signed in",
    session_last_seen: "Last active",
    session_address: "From",
    session_end: "Sign out",
    session_this_browser: "(this browser)",
    session_ended: "The session is ended.",
    log: "Security audit log",
    log_hint: "Sign-ins and failed sign-ins, sign-outs, refused requests, exports, imports, reports, evidence downloads and admin actions, with where they came from. Records are only ever added, each carries a hash linked to the one before, and they are kept at least 180 days (this system removes none).",
    log_time: "Time",
    log_user: "User",
    log_action: "Event",
    log_target: "Object",
    log_outcome: "Result",
    log_address: "From",
    log_detail: "Detail",
    log_empty: "No records match.",
    log_export: "Export CSV",
    log_verify: "Check integrity",
    anonymous: "(not signed in)",
    verify_result: "Integrity check",
    sessions_more: "Only the most recently active sessions are listed",
    password_rules: "A new password has at least 8 characters of at least 3 kinds (lower-case letters, capitals, digits, other characters), does not contain the user name, and differs from the last 5.",
    change_initial: "Your password was set by an admin (a new account or a reset): please change it before going on.",
    change_expired: "Your password is older than the allowed period: please change it before going on.",
    password_policy: "Password policy",
    max_age_days: "Passwords expire after (days, 0 = never)",
    max_age_hint: "Once expired, people change their password when they sign in. After an admin opens an account or resets a password, its owner changes it at the first sign-in too.",
    duties: "Separation of duties",
    duties_separate: "Separate the system, security and audit administrators",
    duties_hint: "When on, the admin manages the system only: the accounts of people using the programme, units and reference data, channels, backups. The security administrator manages administrators' accounts and roles, the password policy and sessions; the audit administrator reads, checks and exports the security audit log and the change journal, and can change nothing else. No account holds two of these duties. Open at least one security administrator and one audit administrator account first.",
};

/// What `roadmap audit verify` and the page's check say.
pub enum ChainSay {
    Intact(u64),
    BrokenAt(i64),
    /// `roadmap audit export` wrote its file.
    Exported {
        records: u64,
        path: String,
    },
}

impl std::fmt::Display for ChainSay {
    /// In the process's language (the command line's).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Locale::process().chain_say(self))
    }
}

impl Locale {
    pub fn security(self) -> &'static SecurityTexts {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }

    /// An audit record's event, in words.
    pub fn audit_action(self, code: &str) -> &'static str {
        let (zh, en) = match code {
            action::SIGN_IN => ("登录", "sign-in"),
            action::SIGN_IN_FAILED => ("登录失败", "failed sign-in"),
            action::SIGN_OUT => ("退出", "sign-out"),
            action::REFUSED => ("请求被拒绝", "request refused"),
            action::EXPORT => ("导出", "export"),
            action::IMPORT => ("导入", "import"),
            action::REPORT => ("报告", "report"),
            action::DOWNLOAD => ("下载佐证材料", "evidence download"),
            action::ADMIN => ("管理操作", "admin action"),
            action::SESSION_ENDED => ("强制下线", "session ended"),
            action::AUDIT_EXPORT => ("导出审计日志", "audit log export"),
            action::BACKUP => ("备份", "backup"),
            action::RESTORE => ("恢复", "restore"),
            action::PASSWORD_CHANGED => ("修改密码", "password change"),
            _ => ("其他", "other"),
        };
        self.pick(zh, en)
    }

    pub fn audit_outcome(self, code: &str) -> &'static str {
        match code {
            OK => self.pick("成功", "ok"),
            DENIED => self.pick("拒绝", "refused"),
            FAILED => self.pick("失败", "failed"),
            _ => self.pick("其他", "other"),
        }
    }

    pub fn chain_say(self, say: &ChainSay) -> String {
        match (say, self) {
            (ChainSay::Intact(n), Locale::Zh) => {
                format!("审计日志完整：{} 条记录的哈希链逐条相连", self.count(*n as usize))
            }
            (ChainSay::Intact(n), Locale::En) => format!(
                "The audit log is intact: the hash chain of {} records links throughout",
                self.count(*n as usize)
            ),
            (ChainSay::BrokenAt(id), Locale::Zh) => {
                format!("审计日志在第 {id} 条记录处断开：该记录或其前一条被修改、删除或插入")
            }
            (ChainSay::BrokenAt(id), Locale::En) => format!(
                "The audit log breaks at record {id}: it or the one before it was changed, removed or inserted"
            ),
            (ChainSay::Exported { records, path }, Locale::Zh) => {
                format!("已导出 {} 条审计记录到 {path}", self.count(*records as usize))
            }
            (ChainSay::Exported { records, path }, Locale::En) => format!(
                "Exported {} audit records to {path}",
                self.count(*records as usize)
            ),
        }
    }

    /// How often scheduled backups are taken, and how many are kept.
    pub fn backup_every(self, every_seconds: i64, keep: usize, dir: &str) -> String {
        let (n, zh_unit, en_unit) = match every_seconds {
            s if s % 86_400 == 0 => (s / 86_400, "天", "days"),
            s if s % 3_600 == 0 => (s / 3_600, "小时", "hours"),
            s => (s / 60, "分钟", "minutes"),
        };
        match self {
            Locale::Zh => format!("每 {n} {zh_unit}备份一次到 {dir}，保留最近 {keep} 个"),
            Locale::En => format!("Every {n} {en_unit} into {dir}, keeping the newest {keep}"),
        }
    }

    /// A backup's size.
    pub fn megabytes(self, bytes: i64) -> String {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    }

    /// The header of the audit log's CSV export.
    pub fn audit_csv_header(self) -> [&'static str; 10] {
        let t = self.security();
        [
            self.pick("序号", "No."),
            t.log_time,
            t.log_user,
            t.log_action,
            t.log_target,
            t.log_outcome,
            t.log_address,
            t.log_detail,
            self.pick("前一条哈希", "Previous hash"),
            self.pick("本条哈希", "Hash"),
        ]
    }
}
