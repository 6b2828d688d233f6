//! Fresh databases for integration tests: always SQLite, and PostgreSQL when
//! `TEST_DATABASE_URL` points at a server (scripts/test.sh starts one and sets it).
// Each test crate uses its own part of this module.
#![allow(dead_code)]

pub mod robots;

use std::sync::atomic::{AtomicUsize, Ordering};

use app::db::Db;
use chrono::NaiveDate;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Each test gets its own empty, migrated databases.
pub async fn fresh_databases() -> Vec<Db> {
    let sqlite = Db::in_memory().await.expect("in-memory SQLite");
    sqlite.migrate().await.expect("SQLite migrations");
    let mut dbs = vec![sqlite];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => dbs.push(fresh_postgres(&url).await),
        _ => assert!(
            std::env::var("REQUIRE_POSTGRES").is_err(),
            "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
        ),
    }
    dbs
}

async fn fresh_postgres(admin_url: &str) -> Db {
    let db = Db::connect(&empty_postgres(admin_url).await)
        .await
        .expect("connect to test database");
    db.migrate().await.expect("PostgreSQL migrations");
    db
}

/// The URL of a new, empty PostgreSQL database on the server `admin_url` reaches.
async fn empty_postgres(admin_url: &str) -> String {
    let name = format!(
        "roadmap_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let admin = Db::connect(admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    let Db::Postgres(pool) = &admin else {
        panic!("TEST_DATABASE_URL must be a postgres:// URL")
    };
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(pool)
        .await
        .expect("create test database");
    admin.close().await;
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let root = base.rsplit_once('/').map(|(root, _)| root).unwrap_or(base);
    format!("{root}/{name}{query}")
}

/// Places for a database of each backend, not yet created or migrated, by URL: a file in `dir`
/// for SQLite (always), a new database on the test server for PostgreSQL (when there is one).
pub async fn empty_database_urls(dir: &std::path::Path) -> Vec<String> {
    let sqlite = format!(
        "sqlite://{}",
        dir.join(format!(
            "roadmap-{}.db",
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ))
        .display()
    );
    let mut urls = vec![sqlite];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => urls.push(empty_postgres(&url).await),
        _ => assert!(
            std::env::var("REQUIRE_POSTGRES").is_err(),
            "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
        ),
    }
    urls
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The day the tests run on: a few days after the sample's data date.
pub fn today() -> NaiveDate {
    d(2026, 11, 24)
}

/// Fresh databases, each with the sample programme loaded.
pub async fn seeded() -> Vec<Db> {
    let dbs = fresh_databases().await;
    for db in &dbs {
        assert!(
            app::db::seed::seed_sample(db).await.expect("seed"),
            "{}",
            db.backend_name()
        );
    }
    dbs
}

/// A demo account as the services see it.
pub async fn user(db: &Db, username: &str) -> app::model::CurrentUser {
    let (id, _, role) = app::db::users::credentials(db, username)
        .await
        .expect("read the account")
        .expect("demo account");
    app::model::CurrentUser {
        id,
        username: username.into(),
        display_name: String::new(),
        role,
        duties: app::db::sessions::duties(db).await.expect("read duties"),
    }
}

/// Signs a demo account in; returns what its session resolves to and the session token.
pub async fn sign_in_as(db: &Db, username: &str) -> (app::db::sessions::SignedIn, String) {
    let password = app::db::seed::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.0 == username)
        .expect("demo account")
        .3;
    let now = now();
    let app::db::sessions::SignIn::Accepted { token, .. } =
        app::db::sessions::sign_in(db, username, password, now)
            .await
            .expect("sign in")
    else {
        panic!("{username} could not sign in");
    };
    let signed_in = app::db::sessions::session_user(db, &token, now, 3600)
        .await
        .expect("session")
        .expect("session user");
    (signed_in, token)
}

/// The moment `hours` after the start of `day` in China.
pub fn at(day: NaiveDate, hours: i64) -> app::domain::dates::Clock {
    app::domain::dates::Clock {
        today: day,
        now: app::domain::dates::china_day_start(day) + hours * 3600,
    }
}

/// One number from the database.
pub async fn count(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(app::db::tx::Statement::new(sql))
        .await
        .expect("count");
    n
}

/// Now, in Unix seconds (for uploads, which expire after an hour of real time).
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
