//! Two app servers on one PostgreSQL behind a small round-robin proxy, as a deployment that
//! outgrew one machine runs: a session made on one works on the other, sign-in throttling counts
//! across both, an edit through one shows on the other's dashboard at the next request, and a
//! scheduled backup is taken once. Needs `TEST_DATABASE_URL` (scripts/test.sh sets it).

mod common;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{request, roadmap, serve};

/// Forwards each connection to the backends in turn; returns its address.
fn round_robin(backends: Vec<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let next = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let backend = &backends[next.fetch_add(1, Ordering::SeqCst) % backends.len()];
            let Ok(server) = TcpStream::connect(backend) else {
                continue;
            };
            let (Ok(mut client_read), Ok(mut server_write)) =
                (client.try_clone(), server.try_clone())
            else {
                continue;
            };
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut client_read, &mut server_write);
                let _ = server_write.shutdown(std::net::Shutdown::Write);
            });
            let (mut server_read, mut client_write) = (server, client);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut server_read, &mut client_write);
                let _ = client_write.flush();
                // The answer is complete: the client sees its end.
                let _ = client_write.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    addr
}

/// The overall progress figure of the dashboard page.
fn overall(body: &str) -> String {
    let at = body
        .find("data-kpi=\"overall\"")
        .expect("the overall figure");
    let rest = &body[at..];
    let value = rest.find("kpi-value").expect("its value");
    let text = &rest[value..];
    let start = text.find('>').unwrap() + 1;
    text[start..start + text[start..].find('<').unwrap()].to_string()
}

#[test]
fn two_app_servers_share_sessions_throttling_edits_and_the_schedule() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("REQUIRE_POSTGRES").is_err(),
            "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
        );
        return;
    };
    let name = format!("roadmap_servers_{}", std::process::id());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let admin = app::db::Db::connect(&admin_url).await.unwrap();
        admin
            .execute(app::db::tx::Statement::new(format!(
                "CREATE DATABASE {name}"
            )))
            .await
            .unwrap();
        admin.close().await;
    });
    let root = admin_url.rsplit_once('/').unwrap().0;
    let url = format!("{root}/{name}");
    let dir = std::env::temp_dir().join(format!("roadmap-servers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seeded = roadmap()
        .args(["seed", "--sample", "--database-url", &url])
        .output()
        .unwrap();
    assert!(seeded.status.success());

    // Both take scheduled backups into the same shared folder, weekly (intervals start on a
    // Thursday at 00:00 UTC, so this run does not straddle two of them).
    let backups = dir.join("backups");
    let schedule = [
        "--today",
        "2026-11-24",
        "--backup-dir",
        backups.to_str().unwrap(),
        "--backup-every",
        "7d",
    ];
    let (mut a, a_addr, a_up) = serve(&dir.join("a"), &url, &schedule);
    let (mut b, b_addr, b_up) = serve(&dir.join("b"), &url, &schedule);
    assert!(a_up && b_up);
    let proxy = round_robin(vec![a_addr.clone(), b_addr.clone()]);

    // A session made on A works on B.
    let cookie = common::sign_in(&a_addr, "planner", "roadmap-planner").unwrap();
    let on_b = request(&b_addr, "GET", "/milestones", Some(&cookie), &[], "").unwrap();
    assert_eq!(on_b.status, 200);
    assert!(on_b.body.contains("user-menu"));

    // Five failed sign-ins through the proxy, so on both servers: the account waits.
    for _ in 0..5 {
        let r = request(
            &proxy,
            "POST",
            "/login",
            None,
            &[],
            "username=viewer&password=wrong",
        )
        .unwrap();
        assert_eq!(r.status, 303);
    }
    for server in [&a_addr, &b_addr] {
        let r = request(
            server,
            "POST",
            "/login",
            None,
            &[],
            "username=viewer&password=roadmap-viewer",
        )
        .unwrap();
        let location = r.header("location").unwrap_or_default();
        assert!(location.contains("error=locked"), "{server}: {location}");
    }

    // An edit through one server is on the other's dashboard at the next request (the proxy
    // sends consecutive requests to alternate servers).
    let before = overall(
        &request(&proxy, "GET", "/", Some(&cookie), &[], "")
            .unwrap()
            .body,
    );
    let milestone = runtime.block_on(async {
        let db = app::db::Db::connect(&url).await.unwrap();
        let (id,): (i64,) = db
            .fetch_one(app::db::tx::Statement::new(
                "SELECT id FROM milestones WHERE percent < 50 AND completed_on IS NULL
                 AND start_date <= '2026-11-01' ORDER BY weight DESC, id LIMIT 1",
            ))
            .await
            .unwrap();
        db.close().await;
        id
    });
    let edit = request(
        &proxy,
        "POST",
        "/api/record_progress",
        Some(&cookie),
        &[],
        &format!("id={milestone}&form%5Bpercent%5D=100&form%5Breported_on%5D=2026-11-24&form%5Bnote%5D=done"),
    )
    .unwrap();
    assert!(edit.status < 400, "{edit:?}");
    // The browser keeps the cookie that names the version its write made.
    let seen = edit
        .header("set-cookie")
        .and_then(|c| c.split(';').next().map(str::to_string))
        .expect("the write's version");
    let browser = format!("{cookie}; {seen}");
    let dashboard = || {
        overall(
            &request(&proxy, "GET", "/", Some(&browser), &[], "")
                .unwrap()
                .body,
        )
    };
    let after = dashboard();
    let again = dashboard();
    assert_ne!(before, after, "the other server shows the edit");
    assert_eq!(after, again, "both servers show the same figure");

    // The hour's backup, taken by one of the two.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let files = loop {
        let files: Vec<_> = std::fs::read_dir(&backups)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        if files.iter().any(|f| f.to_string_lossy().ends_with(".zip"))
            || std::time::Instant::now() > deadline
        {
            break files;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    // Give the other server's schedule time to fire too (it must not back up again).
    std::thread::sleep(std::time::Duration::from_secs(2));
    let files_later: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let _ = (a.kill(), b.kill(), a.wait(), b.wait());
    assert_eq!(
        files
            .iter()
            .filter(|f| f.to_string_lossy().ends_with(".zip"))
            .count(),
        1,
        "{files:?}"
    );
    assert_eq!(files_later.len(), 1, "{files_later:?}");
    let runs = runtime.block_on(async {
        let db = app::db::Db::connect(&url).await.unwrap();
        let runs = app::db::backup::recent_backup_runs(&db, 10).await.unwrap();
        db.close().await;
        runs
    });
    assert_eq!(runs.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
