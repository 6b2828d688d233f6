//! Password rules (等保 2.0) on both backends: a new password has eight characters of three
//! kinds and not the user name, and is none of the account's last five; a password an admin
//! set must be changed at the next sign-in; passwords expire when the admin says so.

mod common;

use app::db::sessions::{self, SignIn};
use app::domain::password_rules::ChangeDue;
use app::domain::problem::Problem;
use app::edit;
use app::error::AppError;
use app::model::NewUserForm;
use common::{now, seeded, sign_in_as};

fn problem(result: Result<(), AppError>, field: &str) -> Option<Problem> {
    match result {
        Err(AppError::Invalid(errors)) => errors.get(field).cloned(),
        _ => None,
    }
}

#[tokio::test]
async fn a_new_password_keeps_the_rules_and_is_none_of_the_last_five() {
    for db in seeded().await {
        let name = db.backend_name();
        let (viewer, token) = sign_in_as(&db, "viewer").await;
        let change = |current: &'static str, new: &'static str| {
            let (db, viewer, token) = (db.clone(), viewer.user.clone(), token.clone());
            async move {
                edit::settings::change_password(&db, Some(&viewer), Some(&token), current, new, new)
                    .await
            }
        };
        assert_eq!(
            problem(change("roadmap-viewer", "abcdefghij").await, "new"),
            Some(Problem::PasswordTooSimple { classes: 3 }),
            "{name}"
        );
        assert_eq!(
            problem(change("roadmap-viewer", "Viewer-2026").await, "new"),
            Some(Problem::PasswordHasUsername),
            "{name}"
        );
        let passwords = [
            "Harbor-1a",
            "Harbor-2b",
            "Harbor-3c",
            "Harbor-4d",
            "Harbor-5e",
        ];
        let mut current = "roadmap-viewer";
        for next in passwords {
            change(current, next).await.unwrap();
            current = next;
        }
        for reused in ["Harbor-1a", "Harbor-4d", "Harbor-5e"] {
            assert_eq!(
                problem(change(current, reused).await, "new"),
                Some(Problem::PasswordReused { remembered: 5 }),
                "{name}: {reused}"
            );
        }
        change(current, "Harbor-6f").await.unwrap();
        // Six changes on, the first is no longer remembered.
        change("Harbor-6f", "Harbor-1a").await.unwrap();
    }
}

#[tokio::test]
async fn a_password_an_admin_set_is_changed_at_the_first_sign_in() {
    for db in seeded().await {
        let name = db.backend_name();
        let (admin, _) = sign_in_as(&db, "admin").await;
        let form = NewUserForm {
            username: "wangwu".into(),
            display_name: "王五".into(),
            role: "planner".into(),
            password: "Initial-pass-1".into(),
            units: String::new(),
        };
        let id = edit::admin::add_user(&db, Some(&admin.user), &form)
            .await
            .unwrap();
        let SignIn::Accepted { token, .. } =
            sessions::sign_in(&db, "wangwu", "Initial-pass-1", now())
                .await
                .unwrap()
        else {
            panic!("{name}: the new account signs in");
        };
        let session = sessions::session_user(&db, &token, now(), 3600)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            session.password_change,
            Some(ChangeDue::SetByAdmin),
            "{name}"
        );
        edit::settings::change_password(
            &db,
            Some(&session.user),
            Some(&token),
            "Initial-pass-1",
            "Own-choice-22",
            "Own-choice-22",
        )
        .await
        .unwrap();
        let session = sessions::session_user(&db, &token, now(), 3600)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.password_change, None, "{name}: changed");

        // A reset is the admin's password again.
        edit::admin::reset_password(&db, Some(&admin.user), id, "Reset-pass-33")
            .await
            .unwrap();
        let SignIn::Accepted { token, .. } =
            sessions::sign_in(&db, "wangwu", "Reset-pass-33", now())
                .await
                .unwrap()
        else {
            panic!("{name}: signs in with the reset password");
        };
        let session = sessions::session_user(&db, &token, now(), 3600)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            session.password_change,
            Some(ChangeDue::SetByAdmin),
            "{name}"
        );
        assert_eq!(
            problem(
                edit::admin::reset_password(&db, Some(&admin.user), id, "wangwu-Reset-1").await,
                "password"
            ),
            Some(Problem::PasswordHasUsername)
        );
    }
}

#[tokio::test]
async fn passwords_expire_after_the_days_the_admin_sets() {
    for db in seeded().await {
        let name = db.backend_name();
        let (admin, _) = sign_in_as(&db, "admin").await;
        let (planner, token) = sign_in_as(&db, "planner").await;
        assert_eq!(planner.password_change, None);
        let day = 86_400;
        let in_100_days = now() + 100 * day;
        let later = sessions::session_user(&db, &token, in_100_days, 200 * day)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(later.password_change, None, "{name}: no expiry by default");

        edit::system::set_password_max_age(&db, Some(&admin.user), 90)
            .await
            .unwrap();
        let later = sessions::session_user(&db, &token, in_100_days + 60, 200 * day)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(later.password_change, Some(ChangeDue::Expired), "{name}");
        assert!(matches!(
            edit::system::set_password_max_age(&db, Some(&admin.user), -1).await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            edit::system::set_password_max_age(&db, Some(&planner.user), 30).await,
            Err(AppError::Forbidden)
        );
    }
}
