//! The SQLite and PostgreSQL migrations are written twice, by hand; this checks that they build
//! the same schema: tables, columns with compatible types and nullability, primary keys, unique
//! constraints, foreign keys, indexes and the tables that move `data_version`.
//! It needs PostgreSQL (`TEST_DATABASE_URL`, which scripts/test.sh sets).

mod common;

use std::collections::BTreeSet;

use app::db::Db;
use sqlx::{PgPool, SqlitePool};

/// One fact about the schema, comparable across the two backends.
type Facts = BTreeSet<String>;

/// What a column holds, whatever each backend calls it. Days are ISO-8601 text in SQLite.
fn sqlite_kind(declared: &str, name: &str) -> &'static str {
    let declared = declared.to_ascii_uppercase();
    if declared.contains("INT") {
        "integer"
    } else if declared.contains("BOOL") {
        "boolean"
    } else if declared.contains("TEXT") && is_day(name) {
        "date"
    } else if declared.contains("TEXT") || declared.contains("CHAR") {
        "text"
    } else if declared.contains("REAL") || declared.contains("DOUBLE") {
        "real"
    } else if declared.contains("BLOB") {
        "blob"
    } else {
        "other"
    }
}

fn postgres_kind(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "smallint" => "integer",
        "boolean" => "boolean",
        "date" => "date",
        "text" | "character varying" => "text",
        "double precision" | "real" => "real",
        "bytea" => "blob",
        _ => "other",
    }
}

/// Columns named as days (`reported_on`, `due_date` …) hold days: a DATE in PostgreSQL.
fn is_day(column: &str) -> bool {
    column.ends_with("_on") || column.ends_with("_date")
}

async fn sqlite_facts(pool: &SqlitePool) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("SQLite tables");
    for (table,) in &tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, bool, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(table)
                .fetch_all(pool)
                .await
                .expect("SQLite columns");
        let mut key: Vec<(i64, String)> = Vec::new();
        for (name, declared, not_null, pk) in columns {
            let null = if not_null || pk > 0 {
                "not null"
            } else {
                "null"
            };
            facts.insert(format!(
                "column {table}.{name} {} {null}",
                sqlite_kind(&declared, &name)
            ));
            if pk > 0 {
                key.push((pk, name));
            }
        }
        key.sort();
        let key: Vec<String> = key.into_iter().map(|(_, n)| n).collect();
        facts.insert(format!("primary key {table} ({})", key.join(", ")));
        // One row per column; a key over several columns shares its `id`.
        let foreign: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list($1)
             ORDER BY id, seq",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("SQLite foreign keys");
        let mut keys: std::collections::BTreeMap<i64, (Vec<String>, String, Vec<String>)> =
            Default::default();
        for (id, from, target, to) in foreign {
            let key = keys
                .entry(id)
                .or_insert_with(|| (Vec::new(), target, Vec::new()));
            key.0.push(from);
            key.2.push(to.unwrap_or_else(|| "id".into()));
        }
        for (from, target, to) in keys.into_values() {
            facts.insert(format!(
                "foreign key {table}.{} -> {target}.{}",
                from.join(", "),
                to.join(", ")
            ));
        }
        let indexes: Vec<(String, bool, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                .bind(table)
                .fetch_all(pool)
                .await
                .expect("SQLite indexes");
        for (index, unique, origin) in indexes {
            let columns: Vec<(Option<String>,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .expect("SQLite index columns");
            let columns: Vec<String> = columns
                .into_iter()
                .map(|(c,)| c.unwrap_or_else(|| "(expression)".into()))
                .collect();
            match origin.as_str() {
                // A UNIQUE constraint: compared by its columns, as PostgreSQL names it otherwise.
                "u" => {
                    facts.insert(format!("unique {table} ({})", columns.join(", ")));
                }
                "pk" => {}
                _ => {
                    let unique = if unique { "unique " } else { "" };
                    facts.insert(format!(
                        "{unique}index {index} on {table} ({})",
                        columns.join(", ")
                    ));
                }
            }
        }
    }
    // Triggers on views are SQLite's stand-in for PostgreSQL's functions (the roll-ups' shifts).
    let triggered: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'
           AND tbl_name NOT IN (SELECT name FROM sqlite_master WHERE type = 'view')
         ORDER BY tbl_name",
    )
    .fetch_all(pool)
    .await
    .expect("SQLite triggers");
    for (table,) in triggered {
        facts.insert(format!("triggers on {table}"));
    }
    facts
}

async fn postgres_facts(pool: &PgPool) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name NOT LIKE '\\_sqlx\\_%' ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL tables");
    for (table,) in &tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("PostgreSQL columns");
        for (name, data_type, nullable) in columns {
            let null = if nullable == "NO" { "not null" } else { "null" };
            facts.insert(format!(
                "column {table}.{name} {} {null}",
                postgres_kind(&data_type)
            ));
        }
    }
    // Constraints with their columns in order: p (primary key), u (unique), f (foreign key).
    type Constraint = (String, String, Vec<String>, Option<String>, Vec<String>);
    let constraints: Vec<Constraint> =
        sqlx::query_as(
            "SELECT c.contype::text, t.relname::text,
                    ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
                    r.relname::text,
                    ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
             FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.conrelid
             JOIN pg_namespace s ON s.oid = t.relnamespace
             LEFT JOIN pg_class r ON r.oid = c.confrelid
             WHERE s.nspname = 'public' AND c.contype IN ('p', 'u', 'f')
               AND t.relname NOT LIKE '\\_sqlx\\_%'",
        )
        .fetch_all(pool)
        .await
        .expect("PostgreSQL constraints");
    for (kind, table, columns, target, target_columns) in constraints {
        match kind.as_str() {
            "p" => facts.insert(format!("primary key {table} ({})", columns.join(", "))),
            "u" => facts.insert(format!("unique {table} ({})", columns.join(", "))),
            _ => facts.insert(format!(
                "foreign key {table}.{} -> {}.{}",
                columns.join(", "),
                target.unwrap_or_default(),
                target_columns.join(", ")
            )),
        };
    }
    // Indexes created on their own (not the ones behind a constraint).
    let indexes: Vec<(String, String, bool, Vec<String>)> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text, x.indisunique,
                ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                      FROM generate_series(1, x.indnatts) k ORDER BY k)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace s ON s.oid = t.relnamespace
         WHERE s.nspname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL indexes");
    for (index, table, unique, columns) in indexes {
        let unique = if unique { "unique " } else { "" };
        facts.insert(format!(
            "{unique}index {index} on {table} ({})",
            columns.join(", ")
        ));
    }
    let triggered: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT event_object_table::text FROM information_schema.triggers
         WHERE trigger_schema = 'public'",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL triggers");
    for (table,) in triggered {
        facts.insert(format!("triggers on {table}"));
    }
    facts
}

#[tokio::test]
async fn both_migration_sets_build_the_same_schema() {
    let dbs = common::fresh_databases().await;
    let (Some(Db::Sqlite(sqlite)), Some(Db::Postgres(postgres))) = (dbs.first(), dbs.get(1)) else {
        eprintln!("skipped: set TEST_DATABASE_URL to compare with PostgreSQL");
        return;
    };
    // The search index is built differently on each backend (an FTS5 table; a table of
    // tsvectors with GIN indexes), by design: tests/search.rs checks that both find the same.
    let apart = |facts: Facts| -> Facts {
        facts
            .into_iter()
            .filter(|f| !f.contains("search_index") && !f.contains("search_numbers"))
            .collect()
    };
    let sqlite = apart(sqlite_facts(sqlite).await);
    let postgres = apart(postgres_facts(postgres).await);
    let only_sqlite: Vec<&String> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<&String> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migrations differ\nonly in SQLite:\n  {}\nonly in PostgreSQL:\n  {}",
        only_sqlite
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        only_postgres
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    assert!(sqlite.contains("column report_batches.reported_on date not null"));
}

fn sqlite_migrations() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite"))
}

/// An in-memory SQLite database with the migrations up to `version` applied.
async fn sqlite_migrated_to(version: i64) -> SqlitePool {
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    let mut before = sqlx::migrate::Migrator::new(sqlite_migrations())
        .await
        .unwrap();
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= version)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    pool
}

/// Applies the rest of the migrations, as an upgrade does.
async fn migrate_sqlite(pool: &SqlitePool) {
    let all = sqlx::migrate::Migrator::new(sqlite_migrations())
        .await
        .unwrap();
    all.run(pool).await.unwrap();
}

/// SQLite rebuilds a table to change a CHECK (0006: users; 0007 and 0020: unit_channels); the
/// rows that point at the rebuilt table must come through the upgrade, and its foreign keys
/// and checks still hold.
#[tokio::test]
async fn upgrading_sqlite_keeps_queued_messages() {
    let pool = sqlite_migrated_to(6).await;
    for statement in [
        "INSERT INTO units (id, name) VALUES (7, '县公安局')",
        "INSERT INTO unit_channels (id, unit_id, kind, url, secret, created_at)
         VALUES (3, 7, 'dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t', 'SEC', 1)",
        "INSERT INTO deliveries (id, channel_id, created_at, message, attempts, next_attempt_at)
         VALUES (5, 3, 1, '催报', 2, 100)",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    migrate_sqlite(&pool).await;
    let kept: (i64, i64, String, i32) =
        sqlx::query_as("SELECT id, channel_id, message, attempts FROM deliveries")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(kept, (5, 3, "催报".to_string(), 2));
    let channel: (String, String) =
        sqlx::query_as("SELECT kind, secret FROM unit_channels WHERE id = 3")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(channel, ("dingtalk".to_string(), "SEC".to_string()));
    sqlx::query("INSERT INTO unit_channels (unit_id, kind, url, created_at) VALUES (7, 'email', 'a@example.cn', 2)")
        .execute(&pool)
        .await
        .expect("e-mail channels are allowed after the upgrade");
    let ownerless = sqlx::query(
        "INSERT INTO unit_channels (kind, url, created_at) VALUES ('email', 'b@example.cn', 3)",
    )
    .execute(&pool)
    .await;
    assert!(
        ownerless.is_err(),
        "a channel belongs to a unit or a county"
    );
    // The queue still belongs to its channel: removing the channel removes its messages.
    sqlx::query("DELETE FROM unit_channels WHERE id = 3")
        .execute(&pool)
        .await
        .unwrap();
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// 0014 rebuilds the users table for the security and audit administrators' roles: nobody is
/// signed out, and no unit binding, notification, pending upload or remembered password is lost.
#[tokio::test]
async fn upgrading_sqlite_to_three_administrators_keeps_what_points_at_users() {
    let pool = sqlite_migrated_to(13).await;
    for statement in [
        "INSERT INTO units (id, name) VALUES (7, '县公安局')",
        "INSERT INTO users (id, username, role, password_hash, must_change_password, password_changed_at)
         VALUES (4, 'liaison', 'liaison', 'h', TRUE, 1700000000)",
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, address)
         VALUES ('t', 4, 1, 2, '10.0.0.8')",
        "INSERT INTO user_units (user_id, unit_id) VALUES (4, 7)",
        "INSERT INTO notifications (id, user_id, created_at, kind, unit_id) VALUES (9, 4, 1, 'reminder', 7)",
        "INSERT INTO import_uploads (token, user_id, created_at, file_name, content)
         VALUES ('u', 4, 1, 'a.xlsx', x'00')",
        "INSERT INTO password_history (user_id, password_hash, changed_at) VALUES (4, 'old', 1)",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    migrate_sqlite(&pool).await;
    let (user, must_change, changed_at): (String, bool, i64) = sqlx::query_as(
        "SELECT username, must_change_password, password_changed_at FROM users WHERE id = 4",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (user.as_str(), must_change, changed_at),
        ("liaison", true, 1700000000)
    );
    for (table, expected) in [
        ("sessions WHERE address = '10.0.0.8'", 1),
        ("user_units", 1),
        ("notifications WHERE id = 9", 1),
        ("import_uploads", 1),
        ("password_history", 1),
    ] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, expected, "{table}");
    }
    sqlx::query("INSERT INTO users (username, role, password_hash) VALUES ('anquan', 'security_admin', 'h'), ('shenji', 'audit_admin', 'h')")
        .execute(&pool)
        .await
        .expect("the new roles are allowed");
    assert!(
        sqlx::query("INSERT INTO users (username, role, password_hash) VALUES ('x', 'root', 'h')")
            .execute(&pool)
            .await
            .is_err(),
        "other roles are still refused"
    );
    // What points at the account still belongs to it.
    sqlx::query("DELETE FROM users WHERE id = 4")
        .execute(&pool)
        .await
        .unwrap();
    let (left,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sessions) + (SELECT COUNT(*) FROM user_units) + (SELECT COUNT(*) FROM notifications)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
}

/// 0015 numbers the milestones already there, per pillar abbreviation and start year, in the
/// order they were made.
#[tokio::test]
async fn upgrading_sqlite_numbers_existing_milestones() {
    let pool = sqlite_migrated_to(14).await;
    for statement in [
        "INSERT INTO roadmaps (id, name, county, start_year, end_year) VALUES (1, 'r', 'c', 2023, 2027)",
        "INSERT INTO phases (id, roadmap_id, code, name_zh, start_date, end_date) VALUES (1, 1, 'p', '一年起势', '2023-01-01', '2027-12-31')",
        "INSERT INTO pillars (id, code, name_zh) VALUES (1, 'network', '一张网'), (2, 'lake', '数据湖')",
        "INSERT INTO units (id, name) VALUES (1, '县大数据中心')",
        "INSERT INTO milestones (id, roadmap_id, phase_id, pillar_id, unit_id, title, start_date, due_date) VALUES
            (10, 1, 1, 1, 1, 'a', '2025-03-01', '2025-12-31'),
            (11, 1, 1, 2, 1, 'b', '2025-03-01', '2025-12-31'),
            (12, 1, 1, 1, 1, 'c', '2024-03-01', '2025-12-31'),
            (13, 1, 1, 1, 1, 'd', '2025-01-01', '2025-12-31')",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    migrate_sqlite(&pool).await;
    let codes: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, code_stem, code_number FROM milestones ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let codes: Vec<(i64, &str, i64)> = codes.iter().map(|(i, s, n)| (*i, s.as_str(), *n)).collect();
    assert_eq!(
        codes,
        [
            (10, "YW-2025", 1),
            (11, "LA-2025", 1),
            (12, "YW-2024", 1),
            (13, "YW-2025", 2)
        ]
    );
}
