//! Closed vocabularies of the model. Phases, pillars, domains and units are data
//! (admins edit them); these are fixed by the provincial rules and stored as codes.

use serde::{Deserialize, Serialize};

/// Implements `code()`, `from_code()` and `ALL` for a fieldless enum with stable text codes.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        /// The code, as URLs and the database write it.
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(code: &str) -> Result<$name, ()> {
                $name::from_code(code).ok_or(())
            }
        }
    };
}

coded_enum!(
    /// 重大项目 or 信息化项目.
    ProjectKind {
        /// 重大项目: a 十四五 major project reported upward.
        Major => "major",
        /// 信息化项目: a department's information-system project found in the survey.
        Information => "information",
    }
);

coded_enum!(
    /// 建设性质.
    ConstructionType {
        New => "new",
        Continuing => "continuing",
        Expansion => "expansion",
    }
);

coded_enum!(
    /// Where a project stands in its life.
    ProjectStatus {
        /// 前期 (planning, approvals)
        Preparing => "preparing",
        /// 在建
        InProgress => "in_progress",
        /// 已完工
        Completed => "completed",
        /// 暂停
        Suspended => "suspended",
    }
);

coded_enum!(
    /// Where a 存在问题 stands.
    ProblemStatus {
        /// 待解决
        Open => "open",
        /// 已答复: the owner answered, not yet closed.
        Answered => "answered",
        /// 已关闭
        Closed => "closed",
    }
);

impl ProblemStatus {
    /// Overdue: not closed, and its due date has passed.
    pub fn is_overdue(self, due_date: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> bool {
        self != ProblemStatus::Closed && due_date.is_some_and(|due| due < today)
    }
}

coded_enum!(
    /// What a signed-in person may do.
    Role {
        /// 领导/查看: reads everything.
        Viewer => "viewer",
        /// 规划/编辑: edits roadmap content.
        Planner => "planner",
        /// 单位填报员 (联络员): reads like a viewer; reports its own units' items in a round.
        Liaison => "liaison",
        /// 管理员: also users and reference data; when duties are separated (三员分立), the
        /// system administrator only.
        Admin => "admin",
        /// 安全管理员: administrators' accounts, password policy, sessions.
        SecurityAdmin => "security_admin",
        /// 审计管理员: reads and exports the audit logs; changes nothing else.
        AuditAdmin => "audit_admin",
    }
);

coded_enum!(
    /// Where a unit's submission in a reporting round stands.
    SubmissionState {
        /// 未填报
        NotStarted => "not_started",
        /// 填报中
        Filling => "filling",
        /// 已提交: waiting for review.
        Submitted => "submitted",
        /// 已退回: the reviewer asked for changes.
        Returned => "returned",
        /// 已通过: its figures are part of the programme.
        Accepted => "accepted",
    }
);

coded_enum!(
    /// What an in-app notification is about; its words are chosen in the reader's language.
    NotificationKind {
        /// 催报: the unit has not handed its submission in.
        Reminder => "reminder",
        /// A unit handed its submission in (told to planners).
        Submitted => "submitted",
        /// The reviewer returned the unit's submission.
        Returned => "returned",
        /// The reviewer accepted it.
        Accepted => "accepted",
        /// A round the unit is part of was opened.
        RoundOpened => "round_opened",
        /// One of the unit's milestones turned 滞后 or 严重滞后.
        MilestoneBehind => "milestone_behind",
        /// A problem the unit owns is past its due date.
        ProblemOverdue => "problem_overdue",
    }
);

coded_enum!(
    /// The group robots offices use, each with its documented webhook message format.
    ChannelKind {
        /// 钉钉 / 政务钉钉 custom robot (optional 加签 secret).
        DingTalk => "dingtalk",
        /// 企业微信 group robot.
        WeCom => "wecom",
        /// 飞书 custom bot (optional 签名校验 secret).
        Feishu => "feishu",
        /// E-mail to the addresses the channel lists, through the server's SMTP settings.
        Email => "email",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in ProjectKind::ALL {
            assert_eq!(ProjectKind::from_code(k.code()), Some(*k));
        }
        for c in ConstructionType::ALL {
            assert_eq!(ConstructionType::from_code(c.code()), Some(*c));
        }
        for s in ProjectStatus::ALL {
            assert_eq!(ProjectStatus::from_code(s.code()), Some(*s));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(*r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
