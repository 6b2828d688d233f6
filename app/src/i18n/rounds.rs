//! Words of unit reporting: rounds, submissions and their review, evidence, notifications.
//! Chinese first; a missing translation is a compile error, as in the other tables.

use super::Locale;
use crate::domain::model::{NotificationKind, SubmissionState};
use crate::domain::rounds::ReviewStep;
use crate::model::NotificationView;

pub struct RoundTexts {
    pub preview_exit: &'static str,
    pub preview_on: &'static str,
    pub preview_link: &'static str,
    pub entries_private: &'static str,
    pub delete_confirm: &'static str,
    pub delete_project: &'static str,
    pub unarchive: &'static str,
    pub archive: &'static str,
    pub archived: &'static str,
    pub show_archived: &'static str,
    pub export_zip: &'static str,
    pub col_item: &'static str,
    pub col_kind: &'static str,
    pub tab_channels: &'static str,
    pub delivery_retry_at: &'static str,
    pub delivery_given_up: &'static str,
    pub delivery_error: &'static str,
    pub delivery_state: &'static str,
    pub delivery_attempts: &'static str,
    pub delivery_created: &'static str,
    pub last_daily_run: &'static str,
    pub no_delivery_problems: &'static str,
    pub deliveries_title: &'static str,
    pub no: &'static str,
    pub yes: &'static str,
    pub robot_answered: &'static str,
    pub remove_unit_channel: &'static str,
    pub test_channel: &'static str,
    pub add_channel: &'static str,
    pub channel_signed: &'static str,
    pub channel_secret: &'static str,
    pub channel_url: &'static str,
    pub mail_server: &'static str,
    pub excluded_items: &'static str,
    pub take_out: &'static str,
    pub put_back: &'static str,
    pub mail_server_none: &'static str,
    pub channel_kind: &'static str,
    pub no_channels: &'static str,
    pub channels_hint: &'static str,
    pub channels_title: &'static str,
    pub progress_history: &'static str,
    pub liaison_units_hint: &'static str,
    pub liaison_units: &'static str,
    pub nav_rounds: &'static str,
    pub nav_my_reporting: &'static str,
    pub nav_notifications: &'static str,
    pub rounds_title: &'static str,
    pub rounds_hint: &'static str,
    pub open_heading: &'static str,
    pub open_month: &'static str,
    pub open_due: &'static str,
    pub open_units: &'static str,
    pub open_units_hint: &'static str,
    pub open_button: &'static str,
    pub no_rounds: &'static str,
    pub col_round: &'static str,
    pub col_due: &'static str,
    pub col_units: &'static str,
    pub col_submitted: &'static str,
    pub col_accepted: &'static str,
    pub col_returned: &'static str,
    pub col_late: &'static str,
    pub col_overdue: &'static str,
    pub col_round_state: &'static str,
    pub round_open: &'static str,
    pub round_closed: &'static str,
    pub col_unit: &'static str,
    /// A channel's owner: a unit, or upstream a county.
    pub col_owner: &'static str,
    pub col_state: &'static str,
    pub col_items: &'static str,
    pub col_submitted_at: &'static str,
    pub col_reviewed: &'static str,
    pub col_reminders: &'static str,
    pub col_actions: &'static str,
    pub view: &'static str,
    pub remove_unit: &'static str,
    pub add_unit: &'static str,
    pub choose_unit: &'static str,
    pub close_round: &'static str,
    pub close_hint: &'static str,
    pub remind: &'static str,
    pub remind_hint: &'static str,
    pub opened_by: &'static str,
    pub late_mark: &'static str,
    pub overdue_mark: &'static str,
    pub missing_title: &'static str,
    pub section_milestones: &'static str,
    pub section_projects: &'static str,
    pub section_answers: &'static str,
    pub accepted_figure: &'static str,
    pub this_round: &'static str,
    pub not_filled: &'static str,
    pub no_earlier: &'static str,
    pub field_percent: &'static str,
    pub field_note: &'static str,
    pub field_visible: &'static str,
    pub field_answer: &'static str,
    pub field_month_planned: &'static str,
    pub field_month_completed: &'static str,
    pub field_problem: &'static str,
    pub field_problem_due: &'static str,
    pub save_item: &'static str,
    pub saved_by: &'static str,
    pub submit: &'static str,
    pub submit_hint: &'static str,
    pub evidence: &'static str,
    pub upload_evidence: &'static str,
    pub evidence_hint: &'static str,
    pub review_heading: &'static str,
    pub review_comment: &'static str,
    pub save_comment: &'static str,
    pub return_note: &'static str,
    pub return_button: &'static str,
    pub accept: &'static str,
    pub accept_hint: &'static str,
    pub returned_with: &'static str,
    pub changed: &'static str,
    pub my_title: &'static str,
    pub my_no_units: &'static str,
    pub my_no_round: &'static str,
    pub due_on: &'static str,
    pub notifications_title: &'static str,
    pub no_notifications: &'static str,
    pub mark_read: &'static str,
    pub unread: &'static str,
    pub tile_title: &'static str,
    pub tile_none: &'static str,
    pub upload_refused: &'static str,
}

pub static ZH_ROUNDS: RoundTexts = RoundTexts {
    preview_exit: "返回已通过数据",
    preview_on: "预览：里程碑进度已计入已提交、尚未审核通过的填报（仅规划人员可见，领导看到的是已通过数据）。",
    preview_link: "预览：含已提交待审核的填报",
    entries_private: "审核通过前，填报内容仅本单位填报员和审核人可见；下表为已通过数据。",
    delete_confirm: "确认删除（仅限从未上报、未计入报告期基线的项目）",
    delete_project: "删除项目",
    unarchive: "取消归档",
    archive: "归档",
    archived: "已归档",
    show_archived: "显示已归档",
    export_zip: "导出本期填报（XLSX + 佐证材料）",
    col_item: "事项",
    col_kind: "类别",
    tab_channels: "通知渠道",
    delivery_retry_at: "将重试于",
    delivery_given_up: "已放弃",
    delivery_error: "最后错误",
    delivery_state: "状态",
    delivery_attempts: "尝试次数",
    delivery_created: "生成时间",
    last_daily_run: "定时提醒上次运行",
    no_delivery_problems: "没有发送失败的消息。",
    deliveries_title: "消息发送",
    no: "否",
    yes: "是",
    robot_answered: "对方返回：",
    remove_unit_channel: "删除",
    test_channel: "发送测试",
    add_channel: "添加渠道",
    channel_signed: "加签",
    channel_secret: "签名密钥（可选）",
    channel_url: "Webhook 地址 / 收件邮箱",
    mail_server: "邮件经此服务器发出：",
    excluded_items: "本轮无需填报",
    take_out: "本轮不填",
    put_back: "恢复填报",
    mail_server_none: "服务器未设置邮件发送（--smtp-url、--smtp-from），暂只能添加群机器人。",
    channel_kind: "渠道类型",
    no_channels: "还没有设置通知渠道。",
    channels_hint: "各单位的群机器人和邮箱：催报、滞后提醒和问题到期提醒除站内通知外，也发到这里。在机器人设置中复制 Webhook 地址；启用了加签（钉钉）或签名校验（飞书）时填写密钥。电子邮件渠道填写收件地址（多个用逗号隔开），经服务器设置的邮件服务器发出。",
    channels_title: "通知渠道",
    progress_history: "形象进度记录",
    liaison_units_hint:
        "角色为单位填报员时必填，填单位名录中的名称，多个用顿号或逗号分隔；其他角色留空。",
    liaison_units: "所属单位（单位填报员）",
    nav_rounds: "填报",
    nav_my_reporting: "我的填报",
    nav_notifications: "通知",
    rounds_title: "填报轮次",
    rounds_hint:
        "每月发起一轮，各单位填报员填报本单位事项的进展、问题和投资，经审核通过后计入总览和上报表。",
    open_heading: "发起填报",
    open_month: "填报月份",
    open_due: "截止日期",
    open_units: "填报单位（可选）",
    open_units_hint: "留空则覆盖所有有在建里程碑或项目的单位；多个单位用逗号或顿号分隔",
    open_button: "发起",
    no_rounds: "还没有填报轮次。",
    col_round: "轮次",
    col_due: "截止日期",
    col_units: "单位",
    col_submitted: "已提交",
    col_accepted: "已通过",
    col_returned: "已退回",
    col_late: "迟交",
    col_overdue: "逾期未报",
    col_round_state: "状态",
    round_open: "进行中",
    round_closed: "已结束",
    col_unit: "单位",
    col_owner: "单位 / 县",
    col_state: "填报状态",
    col_items: "已填事项",
    col_submitted_at: "提交时间",
    col_reviewed: "审核",
    col_reminders: "催报",
    col_actions: "操作",
    view: "查看",
    remove_unit: "移出本轮",
    add_unit: "加入本轮",
    choose_unit: "选择单位",
    close_round: "结束本轮",
    close_hint: "结束后仍可提交，但记为迟交。",
    remind: "一键催报",
    remind_hint: "向所有尚未提交（或被退回未重新提交）的单位填报员发送提醒。",
    opened_by: "发起人",
    late_mark: "迟交",
    overdue_mark: "逾期",
    missing_title: "尚未填报",
    section_milestones: "里程碑进展",
    section_projects: "项目形象进度与投资",
    section_answers: "存在问题答复",
    accepted_figure: "已通过数据",
    this_round: "本期填报",
    not_filled: "未填",
    no_earlier: "尚无",
    field_percent: "完成进度（%）",
    field_note: "进展情况",
    field_visible: "形象进度",
    field_answer: "答复",
    field_month_planned: "本月计划投资（万元）",
    field_month_completed: "本月完成投资（万元）",
    field_problem: "新的存在问题（可选）",
    field_problem_due: "要求解决日期",
    save_item: "保存",
    saved_by: "填报",
    submit: "提交审核",
    submit_hint: "提交后等待审核，审核前不能修改。",
    evidence: "佐证材料",
    upload_evidence: "上传",
    evidence_hint: "PDF、OFD、Word/Excel（含 WPS）、JPG、PNG 或 ZIP，每个文件不超过上限。",
    review_heading: "审核",
    review_comment: "审核意见",
    save_comment: "保存意见",
    return_note: "退回说明",
    return_button: "退回修改",
    accept: "审核通过",
    accept_hint: "通过后，本单位本期填报的进展、投资和问题将写入路线图和上报表。",
    returned_with: "退回意见",
    changed: "（与已通过数据不同）",
    my_title: "我的填报",
    my_no_units: "您的账号尚未绑定单位，请联系管理员。",
    my_no_round: "本单位目前没有填报轮次。",
    due_on: "截止",
    notifications_title: "通知",
    no_notifications: "没有通知。",
    mark_read: "全部标为已读",
    unread: "未读",
    tile_title: "填报情况",
    tile_none: "尚未发起填报",
    upload_refused: "上传未成功",
};

pub static EN_ROUNDS: RoundTexts = RoundTexts {
    preview_exit: "Back to accepted figures",
    preview_on: "Preview: milestone progress includes submissions not yet accepted (planners only; leadership sees accepted figures).",
    preview_link: "Preview with submissions waiting for review",
    entries_private: "Until accepted, the entries are seen only by the unit's liaisons and the reviewers; below are the accepted figures.",
    delete_confirm: "Confirm deletion (only for a project never reported nor in a locked baseline)",
    delete_project: "Delete project",
    unarchive: "Unarchive",
    archive: "Archive",
    archived: "Archived",
    show_archived: "Show archived",
    export_zip: "Export this submission (XLSX + evidence)",
    col_item: "Item",
    col_kind: "Kind",
    tab_channels: "Channels",
    delivery_retry_at: "retry at",
    delivery_given_up: "given up",
    delivery_error: "Last error",
    delivery_state: "State",
    delivery_attempts: "Attempts",
    delivery_created: "Queued",
    last_daily_run: "scheduled reminders last ran",
    no_delivery_problems: "No failed deliveries.",
    deliveries_title: "Deliveries",
    no: "no",
    yes: "yes",
    robot_answered: "The answer:",
    remove_unit_channel: "Remove",
    test_channel: "Send test",
    add_channel: "Add channel",
    channel_signed: "Signed",
    channel_secret: "Signing secret (optional)",
    channel_url: "Webhook URL / e-mail recipients",
    mail_server: "E-mail goes out through",
    excluded_items: "Not reported this round",
    take_out: "Not this round",
    put_back: "Report it again",
    mail_server_none: "The server has no mail settings (--smtp-url, --smtp-from), so only group robots can be added.",
    channel_kind: "Channel",
    no_channels: "No channels yet.",
    channels_hint: "Each unit's group robots and mailboxes: reminders, behind-schedule and overdue-problem alerts also go here besides the in-app notifications. Copy the webhook URL from the robot's settings; fill in the secret when signing is on (DingTalk, Feishu). An e-mail channel lists its recipients (separated by commas) and goes out through the server's mail settings.",
    channels_title: "Notification channels",
    progress_history: "Visible progress history",
    liaison_units_hint: "Required for a unit liaison: names from the unit list, separated by commas; leave empty for other roles.",
    liaison_units: "Units (unit liaisons)",
    nav_rounds: "Rounds",
    nav_my_reporting: "My reporting",
    nav_notifications: "Notifications",
    rounds_title: "Reporting rounds",
    rounds_hint: "Open one round a month: each unit's liaison reports progress, problems and investment for the unit's items; once accepted, the figures reach the dashboard and the provincial sheet.",
    open_heading: "Open a round",
    open_month: "Month",
    open_due: "Due date",
    open_units: "Units (optional)",
    open_units_hint: "Leave empty for every unit with an active milestone or project; separate several with commas",
    open_button: "Open round",
    no_rounds: "No reporting rounds yet.",
    col_round: "Round",
    col_due: "Due",
    col_units: "Units",
    col_submitted: "Submitted",
    col_accepted: "Accepted",
    col_returned: "Returned",
    col_late: "Late",
    col_overdue: "Overdue",
    col_round_state: "State",
    round_open: "Open",
    round_closed: "Closed",
    col_unit: "Unit",
    col_owner: "Unit / county",
    col_state: "State",
    col_items: "Items filled",
    col_submitted_at: "Submitted",
    col_reviewed: "Reviewed",
    col_reminders: "Reminders",
    col_actions: "Actions",
    view: "Open",
    remove_unit: "Remove",
    add_unit: "Add to round",
    choose_unit: "Choose a unit",
    close_round: "Close round",
    close_hint: "Submissions are still taken after closing, marked late.",
    remind: "Remind late units",
    remind_hint: "Sends a reminder to the liaisons of every unit that has not submitted (or not resubmitted).",
    opened_by: "Opened by",
    late_mark: "late",
    overdue_mark: "overdue",
    missing_title: "Not yet filled",
    section_milestones: "Milestone progress",
    section_projects: "Project progress and investment",
    section_answers: "Answers to problems",
    accepted_figure: "Accepted",
    this_round: "This round",
    not_filled: "not filled",
    no_earlier: "none yet",
    field_percent: "Percent done",
    field_note: "Progress",
    field_visible: "Visible progress",
    field_answer: "Answer",
    field_month_planned: "Planned this month (万元)",
    field_month_completed: "Completed this month (万元)",
    field_problem: "New problem (optional)",
    field_problem_due: "Resolve by",
    save_item: "Save",
    saved_by: "Entered by",
    submit: "Submit for review",
    submit_hint: "After submitting, the entries are frozen until reviewed.",
    evidence: "Evidence",
    upload_evidence: "Upload",
    evidence_hint: "PDF, OFD, Word/Excel (WPS too), JPG, PNG or ZIP, each within the size limit.",
    review_heading: "Review",
    review_comment: "Review comment",
    save_comment: "Save comment",
    return_note: "Reason for returning",
    return_button: "Return",
    accept: "Accept",
    accept_hint: "Accepting writes this unit's progress, investment and problems into the roadmap and the provincial sheet.",
    returned_with: "Returned with",
    changed: "(differs from the accepted figure)",
    my_title: "My reporting",
    my_no_units: "Your account is not bound to a unit yet; ask an administrator.",
    my_no_round: "There is no reporting round for your unit yet.",
    due_on: "due",
    notifications_title: "Notifications",
    no_notifications: "No notifications.",
    mark_read: "Mark all as read",
    unread: "unread",
    tile_title: "Unit reporting",
    tile_none: "No round yet",
    upload_refused: "Upload refused",
};

impl Locale {
    pub fn rounds(self) -> &'static RoundTexts {
        match self {
            Locale::Zh => &ZH_ROUNDS,
            Locale::En => &EN_ROUNDS,
        }
    }

    pub fn submission_state(self, state: SubmissionState) -> &'static str {
        match (self, state) {
            (Locale::Zh, SubmissionState::NotStarted) => "未填报",
            (Locale::Zh, SubmissionState::Filling) => "填报中",
            (Locale::Zh, SubmissionState::Submitted) => "已提交",
            (Locale::Zh, SubmissionState::Returned) => "已退回",
            (Locale::Zh, SubmissionState::Accepted) => "已通过",
            (Locale::En, SubmissionState::NotStarted) => "not started",
            (Locale::En, SubmissionState::Filling) => "being filled",
            (Locale::En, SubmissionState::Submitted) => "submitted",
            (Locale::En, SubmissionState::Returned) => "returned",
            (Locale::En, SubmissionState::Accepted) => "accepted",
        }
    }

    /// A review step as the end of "cannot …".
    pub fn review_step(self, step: ReviewStep) -> &'static str {
        match (self, step) {
            (Locale::Zh, ReviewStep::Edit) => "修改",
            (Locale::Zh, ReviewStep::Submit) => "提交",
            (Locale::Zh, ReviewStep::Return) => "退回",
            (Locale::Zh, ReviewStep::Accept) => "审核通过",
            (Locale::En, ReviewStep::Edit) => "changed",
            (Locale::En, ReviewStep::Submit) => "submitted",
            (Locale::En, ReviewStep::Return) => "returned",
            (Locale::En, ReviewStep::Accept) => "accepted",
        }
    }

    /// A round's name: "2026年11月进展填报".
    pub fn round_title(self, month: crate::domain::period::Period) -> String {
        match self {
            Locale::Zh => format!("{}年{}月进展填报", month.year, month.month),
            Locale::En => format!("Progress reporting for {}", month.code()),
        }
    }

    /// The 填报情况 tile's line: "12/16 已提交 · 9 已通过".
    pub fn round_progress(self, handed_in: usize, units: usize, accepted: usize) -> String {
        match self {
            Locale::Zh => format!("{handed_in}/{units} 个单位已提交，{accepted} 个已通过"),
            Locale::En => format!("{handed_in} of {units} units submitted, {accepted} accepted"),
        }
    }

    pub fn round_late(self, late: usize, overdue: usize) -> String {
        match self {
            Locale::Zh => format!("迟交 {late} · 逾期未报 {overdue}"),
            Locale::En => format!("{late} late · {overdue} overdue"),
        }
    }

    /// What the 催报 button did.
    pub fn reminded(self, units: usize) -> String {
        match self {
            Locale::Zh => format!("已向 {units} 个单位发送催报提醒"),
            Locale::En => format!("Reminded {units} units"),
        }
    }

    /// What came of an evidence upload, by the `?upload=` code: (succeeded, words).
    pub fn evidence_upload(self, code: &str) -> Option<(bool, &'static str)> {
        let refused = |zh, en| Some((false, self.pick(zh, en)));
        match code {
            "ok" => Some((true, self.pick("佐证材料已上传", "The evidence file was uploaded"))),
            "too_large" => refused("文件超过大小上限", "The file is over the size limit"),
            "type" => refused(
                "文件类型不被接受：限 PDF、OFD、Word/Excel（含 WPS）、JPG、PNG 或 ZIP，按文件内容识别",
                "This kind of file is not accepted: PDF, OFD, Word/Excel (WPS too), JPG, PNG or ZIP, recognised by content",
            ),
            "zip_bomb" => refused(
                "压缩内容异常（解压后过大），已拒绝",
                "The archive would unpack to far too much, so it was refused",
            ),
            "empty" => refused("文件是空的", "The file is empty"),
            "no_file" => refused("请选择要上传的文件", "Choose a file to upload"),
            "frozen" => refused(
                "填报已提交或已通过，不能再上传",
                "The submission is handed in or accepted, so nothing more can be uploaded",
            ),
            "failed" => refused("上传未成功，请重试", "The upload failed; please try again"),
            _ => None,
        }
    }

    /// Why a message for a switched-off channel was not sent.
    pub fn channel_disabled(self) -> &'static str {
        self.pick("渠道已停用", "the channel is switched off")
    }

    /// The test message a channel's robot receives.
    pub fn channel_test(self, unit: &str) -> String {
        match self {
            Locale::Zh => format!("【路线图】{unit} 通知渠道测试：收到此消息说明设置正确。"),
            Locale::En => format!(
                "[Roadmap] Channel test for {unit}: this message means it is set up correctly."
            ),
        }
    }

    pub fn channel_kind(self, kind: crate::domain::model::ChannelKind) -> &'static str {
        use crate::domain::model::ChannelKind;
        match kind {
            ChannelKind::DingTalk => self.pick("钉钉 / 政务钉钉", "DingTalk"),
            ChannelKind::WeCom => self.pick("企业微信", "WeCom"),
            ChannelKind::Feishu => self.pick("飞书", "Feishu"),
            ChannelKind::Email => self.pick("电子邮件", "E-mail"),
        }
    }

    /// The delivery queue in one line.
    pub fn delivery_counts(self, delivered: i64, waiting: i64, failed: i64) -> String {
        match self {
            Locale::Zh => format!("已发送 {delivered} 条，待发送 {waiting} 条，已放弃 {failed} 条"),
            Locale::En => format!("{delivered} delivered, {waiting} waiting, {failed} given up"),
        }
    }

    /// How many items still have no entry.
    pub fn items_missing(self, missing: usize, total: usize) -> String {
        match self {
            Locale::Zh => format!("共 {total} 项，尚有 {missing} 项未填"),
            Locale::En => format!("{missing} of {total} items not filled yet"),
        }
    }

    /// One notification as a sentence.
    pub fn notification(self, n: &NotificationView) -> String {
        let round = n.month.map(|m| self.round_title(m)).unwrap_or_default();
        let due = n.due_date.map(|d| self.date(d)).unwrap_or_default();
        let unit = &n.unit_name;
        match (self, n.kind) {
            (Locale::Zh, NotificationKind::Reminder) => {
                format!("催报：{unit} 尚未提交“{round}”，截止日期 {due}")
            }
            (Locale::En, NotificationKind::Reminder) => {
                format!("Reminder: {unit} has not submitted “{round}”, due {due}")
            }
            (Locale::Zh, NotificationKind::Submitted) => format!("{unit} 已提交“{round}”，请审核"),
            (Locale::En, NotificationKind::Submitted) => {
                format!("{unit} submitted “{round}”; it waits for review")
            }
            (Locale::Zh, NotificationKind::Returned) if !n.subject.is_empty() => format!(
                "{unit} 的“{round}”被退回，请按审核意见修改后重新提交。退回原因：{}",
                n.subject
            ),
            (Locale::Zh, NotificationKind::Returned) => {
                format!("{unit} 的“{round}”被退回，请按审核意见修改后重新提交")
            }
            (Locale::En, NotificationKind::Returned) if !n.subject.is_empty() => format!(
                "“{round}” of {unit} was returned; fix it as the comments say and submit again. Reason: {}",
                n.subject
            ),
            (Locale::En, NotificationKind::Returned) => format!(
                "“{round}” of {unit} was returned; fix it as the comments say and submit again"
            ),
            (Locale::Zh, NotificationKind::Accepted) => format!("{unit} 的“{round}”已审核通过"),
            (Locale::En, NotificationKind::Accepted) => {
                format!("“{round}” of {unit} was accepted")
            }
            (Locale::Zh, NotificationKind::RoundOpened) => {
                format!("已发起“{round}”，{unit} 请于 {due} 前填报")
            }
            (Locale::En, NotificationKind::RoundOpened) => {
                format!("“{round}” is open: {unit}, please report by {due}")
            }
            (Locale::Zh, NotificationKind::MilestoneBehind) => {
                format!("{unit} 的里程碑“{}”已滞后于序时进度，请关注并在下次填报中说明", n.subject)
            }
            (Locale::En, NotificationKind::MilestoneBehind) => format!(
                "The milestone “{}” of {unit} is behind schedule; please explain in the next report",
                n.subject
            ),
            (Locale::Zh, NotificationKind::ProblemOverdue) => {
                format!("{unit} 负责的存在问题“{}”已超过要求解决日期", n.subject)
            }
            (Locale::En, NotificationKind::ProblemOverdue) => {
                format!("The problem “{}” owned by {unit} is past its due date", n.subject)
            }
        }
    }
}
