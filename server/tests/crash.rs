//! Crash safety: a write is killed (`kill -9`) at a random moment, and afterwards the database
//! is whole (SQLite's `integrity_check`), the write is there entirely or not at all, the
//! roll-ups and the audit log's chain still hold, no backup file looks complete when it is not,
//! and the server starts without repair.
//!
//! Four kinds of write: a 10,000-project import, a reporting-period lock (a baseline of every
//! project), a burst of progress updates over HTTP, and a backup. `CRASH_ROUNDS` kills per kind
//! (scripts/test.sh: 5 against the release binary; by hand, `CRASH_ROUNDS=50`); `CRASH_SEED`
//! repeats a run's moments.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use app::db::Db;
use common::{request, roadmap, serve, sign_in};

/// How many projects the import brings.
const IMPORTED: i64 = 10_000;

fn rounds() -> usize {
    std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2)
}

/// xorshift64*: the kill moments, reproducible from the seed printed at the start.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        eprintln!("crash moments: CRASH_SEED={seed}");
        Moments(seed)
    }

    /// A moment within `span`.
    fn within(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let unit = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
        span.mul_f64(unit)
    }
}

fn run(args: &[&str], url: &str) -> Output {
    let out = roadmap()
        .args(args)
        .args(["--database-url", url, "--today", "2026-11-24"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn spawn(args: &[&str], url: &str) -> Child {
    roadmap()
        .args(args)
        .args(["--database-url", url, "--today", "2026-11-24"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// `kill -9` after `after`, unless it ended before.
fn kill_after(mut child: Child, after: Duration) {
    let deadline = Instant::now() + after;
    while Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2).min(deadline - Instant::now()));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

/// How long `args` takes when left alone.
fn timed(args: &[&str], url: &str) -> Duration {
    let started = Instant::now();
    run(args, url);
    started.elapsed()
}

fn url_of(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A copy of the database file at `template` (checkpointed: the file alone holds it).
fn copy(template: &Path, to: &Path) {
    let _ = std::fs::remove_file(to);
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", to.display()));
    }
    std::fs::copy(template, to).unwrap();
}

/// After a crash: the database is whole, the roll-ups equal their recomputation, the audit
/// log's chain holds, and the server starts on it; returns the numbers `counts` read.
fn after_crash(dir: &Path, url: &str, counts: &[&str]) -> Vec<i64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let numbers = runtime.block_on(async {
        // Opening it as the server does (which replays the write-ahead log).
        let db = Db::connect(url).await.unwrap();
        assert_eq!(app::db::backup::sqlite_integrity(&db).await.unwrap(), None);
        assert_eq!(
            app::db::rollups::gains_table(&db).await.unwrap(),
            app::db::rollups::gains_table_recomputed(&db).await.unwrap()
        );
        assert_eq!(
            app::db::rollups::investment_table(&db).await.unwrap(),
            app::db::rollups::investment_table_recomputed(&db)
                .await
                .unwrap()
        );
        assert!(app::db::security_log::check_chain(&db)
            .await
            .unwrap()
            .is_ok());
        let mut numbers = Vec::new();
        for count in counts {
            let (n,): (i64,) = db
                .fetch_one(app::db::tx::Statement::new(*count))
                .await
                .unwrap();
            numbers.push(n);
        }
        db.close().await;
        numbers
    });
    let (mut server, _, healthy) = serve(dir, url, &[]);
    let _ = server.kill();
    let _ = server.wait();
    assert!(healthy, "the server starts on the database without repair");
    numbers
}

/// The sample, and a provincial sheet of 10,000 new information-system projects to import.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let sample = dir.join("sample.db");
    run(&["seed", "--sample"], &url_of(&sample));
    let mut sheet = app::domain::report_sheet::COLUMNS.join(",");
    sheet.push('\n');
    for n in 1..=IMPORTED {
        sheet.push_str(&format!(
            "{n},,崩溃测试项目{n},县大数据发展中心,示例县,新建,一朵云,压力测试,2026-2027,100.00,\
             0.00,0.00,0.00,100.00,0.00,0.00,50.00,10.00,20.00,进行中,,张三,0579-0000 0000\n"
        ));
    }
    let registry = dir.join("registry.csv");
    std::fs::write(&registry, sheet).unwrap();
    let checkpoint = tokio::runtime::Runtime::new().unwrap();
    checkpoint.block_on(async {
        let db = Db::connect(&url_of(&sample)).await.unwrap();
        app::db::backup::sqlite_checkpoint(&db).await.unwrap();
        db.close().await;
    });
    (sample, registry)
}

#[test]
fn writes_killed_at_any_moment_leave_all_or_nothing() {
    let dir = std::env::temp_dir().join(format!("roadmap-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (sample, registry) = setup(&dir);
    let registry = registry.display().to_string();
    let db = dir.join("roadmap.db");
    let url = url_of(&db);
    let mut moments = Moments::new();
    let projects = "SELECT COUNT(*) FROM projects";

    // The import, whole, to learn its length and its result.
    copy(&sample, &db);
    let before = after_crash(&dir, &url, &[projects])[0];
    let import = [
        "import",
        &registry,
        "--kind",
        "information",
        "--by",
        "planner",
    ];
    let import_time = timed(&import, &url);
    let imported = after_crash(&dir, &url, &[projects])[0];
    assert_eq!(imported, before + IMPORTED);
    // The registry with the import in it, for the period lock and the backup.
    let big = dir.join("big.db");
    copy(&db, &big);
    for round in 0..rounds() {
        copy(&sample, &db);
        kill_after(spawn(&import, &url), moments.within(import_time));
        let n = after_crash(&dir, &url, &[projects])[0];
        assert!(
            n == before || n == imported,
            "import round {round}: {n} projects"
        );
    }

    // The period lock: its whole baseline or none of it.
    let lock = ["period", "lock", "2026-10", "--by", "planner"];
    copy(&big, &db);
    let lock_time = timed(&lock, &url);
    let baseline = "SELECT COUNT(*) FROM period_baselines WHERE year = 2026 AND month = 10";
    let locked = "SELECT COUNT(*) FROM reporting_periods WHERE year = 2026 AND month = 10";
    assert_eq!(
        after_crash(&dir, &url, &[locked, baseline]),
        vec![1, imported]
    );
    for round in 0..rounds() {
        copy(&big, &db);
        kill_after(spawn(&lock, &url), moments.within(lock_time));
        let found = after_crash(&dir, &url, &[locked, baseline]);
        assert!(
            found == [1, imported] || found == [0, 0],
            "lock round {round}: locked and baseline rows {found:?}"
        );
    }

    // A burst of progress updates from four browsers, the server killed in the middle.
    for round in 0..rounds() {
        copy(&sample, &db);
        let (server, addr, healthy) = serve(&dir, &url, &["--today", "2026-11-24"]);
        assert!(healthy);
        let cookie = sign_in(&addr, "planner", "roadmap-planner").unwrap();
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (addr, cookie) = (addr.clone(), cookie.clone());
                std::thread::spawn(move || {
                    for i in 0..200 {
                        let body = format!(
                            "id={}&form%5Bpercent%5D={}&form%5Breported_on%5D=2026-11-{:02}&form%5Bnote%5D=crash",
                            1 + (w * 7 + i) % 40,
                            (i * 3) % 101,
                            1 + i % 24
                        );
                        if request(&addr, "POST", "/api/record_progress", Some(&cookie), &[], &body)
                            .is_none()
                        {
                            return; // the server is gone
                        }
                    }
                })
            })
            .collect();
        kill_after(
            server,
            Duration::from_millis(200) + moments.within(Duration::from_secs(2)),
        );
        for writer in writers {
            let _ = writer.join();
        }
        let updates = after_crash(&dir, &url, &["SELECT COUNT(*) FROM milestone_progress"]);
        eprintln!("burst round {round}: {} progress reports kept", updates[0]);
    }

    // A backup: complete and checked, or no file by its name.
    let out = dir.join("backup.zip");
    let backup = ["backup", "--out", &out.display().to_string()];
    copy(&big, &db);
    let backup_time = timed(&backup, &url);
    for round in 0..rounds() {
        let _ = std::fs::remove_file(&out);
        kill_after(spawn(&backup, &url), moments.within(backup_time));
        if out.exists() {
            let mut reader = app::backup::archive::ArchiveReader::open(&out)
                .unwrap_or_else(|e| panic!("backup round {round}: {e}"));
            reader.verify().unwrap();
            assert_eq!(reader.manifest.tables["projects"].rows as i64, imported);
        }
        after_crash(&dir, &url, &[projects]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
