//! The security audit log on both backends: appended in a chain that verifies, refused any
//! change or removal, tampering found at the record it happened, and two app servers appending
//! at once still make one unbroken chain.

mod common;

use app::audit::{action, AuditEvent, Broken, OK};
use app::db::security_log::{append, check_chain, for_each, search};
use app::db::tx::Statement;
use app::db::Db;
use app::model::SecurityLogFilter;
use common::fresh_databases;

fn event(username: &str, n: usize) -> AuditEvent {
    AuditEvent {
        username: username.to_string(),
        action: action::EXPORT,
        target: format!("/projects/export?n={n}"),
        outcome: OK,
        address: "10.0.0.8".to_string(),
        detail: String::new(),
    }
}

#[tokio::test]
async fn the_chain_verifies_and_refuses_changes_through_the_database() {
    for db in fresh_databases().await {
        let backend = db.backend_name();
        assert_eq!(check_chain(&db).await.unwrap(), Ok(0), "{backend}: empty");
        for n in 0..5 {
            append(&db, &event("planner", n), 1_796_574_600 + n as i64)
                .await
                .unwrap();
        }
        assert_eq!(check_chain(&db).await.unwrap(), Ok(5), "{backend}");
        let page = search(&db, &SecurityLogFilter::default()).await.unwrap();
        assert_eq!(page.entries.len(), 5);
        assert_eq!(page.entries[0].id, 5, "{backend}: newest first");

        // Not even the application's own connection may change or remove a record.
        for statement in [
            "UPDATE security_log SET username = 'nobody' WHERE id = 3",
            "DELETE FROM security_log WHERE id = 3",
        ] {
            assert!(
                db.execute(Statement::new(statement)).await.is_err(),
                "{backend}: {statement}"
            );
        }
        assert_eq!(check_chain(&db).await.unwrap(), Ok(5), "{backend}");
    }
}

/// Someone with the database's owner rights drops the guard and edits a record: the check
/// names that record.
#[tokio::test]
async fn tampering_is_found_where_it_happened() {
    for db in fresh_databases().await {
        let backend = db.backend_name();
        for n in 0..6 {
            append(&db, &event("admin", n), 1_796_574_600)
                .await
                .unwrap();
        }
        let drop_guard = match db {
            Db::Sqlite(_) => "DROP TRIGGER security_log_is_append_only_update",
            Db::Postgres(_) => "DROP TRIGGER security_log_is_append_only ON security_log",
        };
        db.execute(Statement::new(drop_guard)).await.unwrap();
        db.execute(Statement::new(
            "UPDATE security_log SET address = '10.6.6.6' WHERE id = 4",
        ))
        .await
        .unwrap();
        assert_eq!(
            check_chain(&db).await.unwrap(),
            Err(Broken::Altered { id: 4 }),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn two_servers_appending_at_once_make_one_chain() {
    for db in fresh_databases().await {
        let backend = db.backend_name();
        // On PostgreSQL a second pool is a second app server; SQLite has one writer anyway.
        let other = db.clone();
        let a = async {
            for n in 0..40 {
                append(&db, &event("app-1", n), 1).await.unwrap();
            }
        };
        let b = async {
            for n in 0..40 {
                append(&other, &event("app-2", n), 1).await.unwrap();
            }
        };
        tokio::join!(a, b);
        assert_eq!(check_chain(&db).await.unwrap(), Ok(80), "{backend}");
        let mut ids = Vec::new();
        for_each(&db, &SecurityLogFilter::default(), |r| {
            ids.push(r.id);
            Ok::<(), app::db::DbError>(())
        })
        .await
        .unwrap();
        assert_eq!(ids, (1..=80).collect::<Vec<i64>>(), "{backend}");
    }
}
