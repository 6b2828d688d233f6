//! Separation of the three administrators' duties (三员分立), on both backends: it needs a
//! security and an audit administrator first; once on, the admin is the system administrator
//! only, each administrator can do their own part and nothing of the others', every duty keeps
//! an enabled account, and it takes effect at the next request of a session already signed in.

mod common;

use app::db::sessions;
use app::domain::access::Duties;
use app::domain::model::Role;
use app::domain::problem::Problem;
use app::edit;
use app::error::AppError;
use app::model::{CurrentUser, NewUserForm, SecurityLogFilter};
use common::{now, seeded, sign_in_as, user};

fn problem<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) -> Option<Problem> {
    match result {
        Err(AppError::Invalid(errors)) => errors.get(field).cloned(),
        other => panic!("expected a problem with {field}, got {other:?}"),
    }
}

fn forbidden<T: std::fmt::Debug>(result: Result<T, AppError>) -> bool {
    matches!(result, Err(AppError::Forbidden))
}

fn account(username: &str, role: Role) -> NewUserForm {
    NewUserForm {
        username: username.into(),
        display_name: String::new(),
        role: role.code().into(),
        password: "Initial-pass-1".into(),
        units: String::new(),
    }
}

/// The account's role now, enabled or not.
async fn user_role(db: &app::db::Db, id: i64) -> Role {
    app::db::users::username_and_role(db, id)
        .await
        .expect("read")
        .expect("exists")
        .1
}

async fn id_of(db: &app::db::Db, username: &str) -> i64 {
    user(db, username).await.id
}

#[tokio::test]
async fn separated_duties_give_each_administrator_their_part_and_nothing_else() {
    for db in seeded().await {
        let name = db.backend_name();
        let db = &db;
        let admin = user(db, "admin").await;

        // Not before a security and an audit administrator exist; nothing changes.
        assert_eq!(
            problem(
                edit::system::set_separate_duties(db, Some(&admin), true).await,
                "separate"
            ),
            Some(Problem::SeparationNeedsAdministrators),
            "{name}"
        );
        assert_eq!(sessions::duties(db).await.unwrap(), Duties::Combined);
        edit::admin::add_user(db, Some(&admin), &account("anquan", Role::SecurityAdmin))
            .await
            .unwrap();
        assert_eq!(
            problem(
                edit::system::set_separate_duties(db, Some(&admin), true).await,
                "separate"
            ),
            Some(Problem::SeparationNeedsAdministrators),
            "{name}: the audit administrator is missing"
        );
        edit::admin::add_user(db, Some(&admin), &account("shenji", Role::AuditAdmin))
            .await
            .unwrap();

        // The admin's session, signed in before, sees the change at its next request.
        let (before, token) = sign_in_as(db, "admin").await;
        assert_eq!(before.user.duties, Duties::Combined);
        edit::system::set_separate_duties(db, Some(&admin), true)
            .await
            .unwrap();
        let after = sessions::session_user(db, &token, now(), 3600)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.user.duties, Duties::Separated, "{name}");
        let admin = after.user;
        let security = user(db, "anquan").await;
        let auditor = user(db, "shenji").await;
        let viewer = id_of(db, "viewer").await;
        let log = SecurityLogFilter::default();

        // The system administrator: accounts of people using the programme, reference data.
        edit::admin::add_user(db, Some(&admin), &account("wangwu", Role::Planner))
            .await
            .unwrap();
        edit::admin::save_thresholds(db, Some(&admin), "8", "25")
            .await
            .unwrap();
        assert!(forbidden(
            edit::admin::add_user(db, Some(&admin), &account("admin2", Role::Admin)).await
        ));
        assert!(forbidden(
            edit::admin::update_user(db, Some(&admin), viewer, "audit_admin", false, "").await
        ));
        assert!(forbidden(
            edit::admin::reset_password(db, Some(&admin), auditor.id, "Another-pass-2").await
        ));
        assert!(forbidden(
            edit::admin::update_user(db, Some(&admin), auditor.id, "audit_admin", true, "").await
        ));
        assert!(forbidden(
            edit::system::security_log(db, Some(&admin), &log).await
        ));
        assert!(forbidden(
            edit::system::set_password_max_age(db, Some(&admin), 90).await
        ));
        assert!(forbidden(
            edit::system::set_separate_duties(db, Some(&admin), false).await
        ));

        // The security administrator: administrators' accounts, password policy, sessions.
        edit::system::set_password_max_age(db, Some(&security), 90)
            .await
            .unwrap();
        edit::admin::reset_password(db, Some(&security), admin.id, "Another-pass-2")
            .await
            .unwrap();
        let status = edit::system::status(db, Some(&security), None, now(), 3600, None)
            .await
            .unwrap();
        assert!(
            status.backups.is_none() && status.security.is_some(),
            "{name}"
        );
        assert!(forbidden(
            edit::admin::add_user(db, Some(&security), &account("zhaoliu", Role::Viewer)).await
        ));
        assert!(forbidden(
            edit::admin::save_thresholds(db, Some(&security), "5", "20").await
        ));
        assert!(forbidden(
            edit::system::security_log(db, Some(&security), &log).await
        ));
        assert!(forbidden(
            edit::admin::update_user(db, Some(&security), viewer, "planner", false, "").await
        ));

        // The audit administrator reads and checks the logs, and changes nothing.
        edit::system::security_log(db, Some(&auditor), &log)
            .await
            .unwrap();
        edit::system::verify(db, Some(&auditor)).await.unwrap();
        let status = edit::system::status(db, Some(&auditor), None, now(), 3600, None)
            .await
            .unwrap();
        assert!(
            status.backups.is_none() && status.security.is_none(),
            "{name}"
        );
        assert!(forbidden(
            edit::system::end_session(db, Some(&auditor), "x").await
        ));
        assert!(forbidden(
            edit::admin::add_user(db, Some(&auditor), &account("zhaoliu", Role::Viewer)).await
        ));
        assert!(forbidden(
            edit::system::set_password_max_age(db, Some(&auditor), 0).await
        ));
        assert!(!auditor.can(app::domain::access::Permission::EditContent));

        // Every duty keeps an enabled account, and nobody demotes themselves; refused changes
        // leave the account as it was.
        assert_eq!(
            problem(
                edit::admin::update_user(db, Some(&security), auditor.id, "audit_admin", true, "")
                    .await,
                "role"
            ),
            Some(Problem::DutyLeftUnheld {
                role: Role::AuditAdmin
            }),
            "{name}"
        );
        assert_eq!(user(db, "shenji").await.role, Role::AuditAdmin);
        assert!(
            sessions::sign_in(db, "shenji", "Initial-pass-1", now())
                .await
                .is_ok_and(|s| matches!(s, sessions::SignIn::Accepted { .. })),
            "{name}: the audit administrator is still enabled"
        );
        assert_eq!(
            problem(
                edit::admin::update_user(db, Some(&security), security.id, "admin", false, "")
                    .await,
                "role"
            ),
            Some(Problem::CannotDemoteSelf)
        );
        // A second audit administrator lets the first one go.
        edit::admin::add_user(db, Some(&security), &account("shenji2", Role::AuditAdmin))
            .await
            .unwrap();
        edit::admin::update_user(db, Some(&security), auditor.id, "audit_admin", true, "")
            .await
            .unwrap();
        // The security administrator takes an administrator's role away; the account is then
        // one of the programme's people, which the system administrator manages.
        assert!(forbidden(
            edit::admin::update_user(db, Some(&admin), auditor.id, "viewer", true, "").await
        ));
        edit::admin::update_user(db, Some(&security), auditor.id, "viewer", true, "")
            .await
            .unwrap();
        assert_eq!(user_role(db, auditor.id).await, Role::Viewer, "{name}");
        edit::admin::update_user(db, Some(&admin), auditor.id, "planner", true, "")
            .await
            .unwrap();
        assert!(forbidden(
            edit::admin::update_user(db, Some(&security), auditor.id, "viewer", true, "").await
        ));

        // Combining them again gives the admin every duty back.
        edit::system::set_separate_duties(db, Some(&security), false)
            .await
            .unwrap();
        let admin: CurrentUser = user(db, "admin").await;
        edit::system::security_log(db, Some(&admin), &log)
            .await
            .unwrap();
        let journal = app::db::journal::search(db, &Default::default())
            .await
            .unwrap();
        let toggles = journal
            .entries
            .iter()
            .filter(|e| e.field == "separate_duties")
            .count();
        assert_eq!(toggles, 2, "{name}: both switches are in the journal");
    }
}
