//! Access control over real HTTP, against the `roadmap` binary: sign-in and sign-out, pages
//! closed to anonymous visitors, every mutating endpoint × every role, cross-site refusal and
//! anonymous read-only access.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::{Duration, Instant};

use common::{roadmap, Response};

use app::api::mutating_endpoints;
use app::domain::access::{Duties, Permission};
use app::domain::model::Role;

struct Server {
    child: Child,
    addr: String,
    dir: std::path::PathBuf,
    database_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A server on a fresh SQLite database with the sample programme and its demo accounts.
fn start(name: &str) -> Server {
    let (dir, database_url) = common::sample_database(&format!("access-{name}"));
    let (child, addr, healthy) = common::serve(&dir, &database_url, &["--today", "2026-11-24"]);
    let server = Server {
        child,
        addr,
        dir,
        database_url,
    };
    assert!(healthy, "server did not start");
    server
}

impl Server {
    fn request(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        extra: &[(&str, &str)],
        body: &str,
    ) -> Option<Response> {
        common::request(&self.addr, method, path, cookie, extra, body)
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Option<Response> {
        self.request("GET", path, cookie, &[], "")
    }

    fn post(&self, path: &str, cookie: Option<&str>, body: &str) -> Response {
        self.request("POST", path, cookie, &[], body)
            .expect("server answered")
    }

    /// Signs in and returns the `name=value` of the session cookie.
    fn sign_in(&self, username: &str, password: &str) -> String {
        let r = self.post(
            "/login",
            None,
            &format!("username={username}&password={password}&next=%2Fmilestones"),
        );
        assert_eq!(r.status, 303, "{r:?}");
        assert_eq!(r.header("location").as_deref(), Some("/milestones"));
        let cookie = r.header("set-cookie").expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        cookie.split(';').next().unwrap().to_string()
    }

    /// `roadmap user add USERNAME --role ROLE` with `password` on standard input.
    fn add_user(&self, username: &str, role: &str, password: &str) {
        let mut add = roadmap()
            .args(["user", "add", username, "--role", role])
            .args(["--database-url", &self.database_url])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        add.stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        assert!(add.wait().unwrap().success());
    }

    /// Opens an account from the command line, signs in and replaces the initial password, as
    /// its owner would at the first sign-in; returns the session cookie.
    fn open_account(&self, username: &str, role: &str) -> String {
        self.add_user(username, role, "Initial-pass-1");
        let cookie = self.sign_in(username, "Initial-pass-1");
        let changed = self.post(
            "/api/change_password",
            Some(&cookie),
            "current=Initial-pass-1&new=Harbor-mint-7&confirm=Harbor-mint-7",
        );
        assert!(changed.status < 400, "{changed:?}");
        cookie
    }

    /// One number read straight from the database.
    fn scalar(&self, sql: &str) -> i64 {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let db = app::db::Db::connect(&self.database_url).await.unwrap();
            let (n,): (i64,) = db
                .fetch_one(app::db::tx::Statement::new(sql))
                .await
                .unwrap();
            db.close().await;
            n
        })
    }

    /// Rows of the tables an edit can touch, read straight from the database.
    fn fingerprint(&self) -> String {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let db = app::db::Db::connect(&self.database_url).await.unwrap();
            let sql = "SELECT (SELECT COUNT(*) FROM milestones), (SELECT COALESCE(SUM(version + percent + weight), 0) FROM milestones),
                (SELECT COUNT(*) FROM milestone_progress), (SELECT COUNT(*) FROM milestone_dependencies),
                (SELECT COUNT(*) FROM project_milestones), (SELECT COUNT(*) FROM problems),
                (SELECT COUNT(*) FROM audit_log), (SELECT value FROM settings WHERE key = 'access.anonymous_read'),
                (SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM projects),
                (SELECT COUNT(*) + COALESCE(SUM(planned + completed), 0) FROM investment_ledger),
                (SELECT COUNT(*) FROM units) || ':' || (SELECT COALESCE(MAX(name), '') FROM units)
                    || ':' || (SELECT COUNT(*) FROM users) || ':' || (SELECT COUNT(*) FROM phases)
                    || ':' || (SELECT COALESCE(GROUP_CONCAT(value), '') FROM settings)
                    || ':' || (SELECT GROUP_CONCAT(role || disabled || password_hash) FROM users)
                    || ':' || (SELECT GROUP_CONCAT(name_zh || name_en) FROM pillars)
                    || ':' || (SELECT GROUP_CONCAT(name_zh || start_date || end_date) FROM phases)
                    || ':' || (SELECT COUNT(*) FROM reporting_periods) || ':' || (SELECT COUNT(*) FROM report_batches)
                    || ':' || (SELECT COUNT(*) FROM reporting_rounds) || ':' || (SELECT COUNT(*) FROM submission_items)
                    || ':' || (SELECT COALESCE(GROUP_CONCAT(state || COALESCE(closed_at, 0) || reminders), '')
                               FROM round_units JOIN reporting_rounds ON id = round_id)
                    || ':' || (SELECT COUNT(*) FROM notifications) || ':' || (SELECT COUNT(*) FROM user_units)
                    || ':' || (SELECT COUNT(*) FROM attachments) || ':' || (SELECT COUNT(*) FROM notifications WHERE read_at IS NULL)";
            let row: (i64, i64, i64, i64, i64, i64, i64, String, i64, i64, String) =
                app::db::with_pool!(&db, pool => sqlx::query_as(sql).fetch_one(pool).await.unwrap());
            db.close().await;
            format!("{row:?}")
        })
    }
}

/// A body each endpoint would accept from someone allowed to call it (sample ids).
fn body_for(endpoint: &str) -> &'static str {
    match endpoint {
        "create_milestone" | "update_milestone" => {
            "id=1&version=1&form%5Btitle%5D=%E6%B5%8B%E8%AF%95&form%5Bphase%5D=1&form%5Bpillar%5D=1&form%5Bunit%5D=1\
             &form%5Bstart_date%5D=2026-01-01&form%5Bdue_date%5D=2026-12-31&form%5Bweight%5D=1"
        }
        "delete_milestone" => "id=1&version=1&confirm=yes",
        "record_progress" => "id=1&form%5Bpercent%5D=50&form%5Breported_on%5D=2026-11-01&form%5Bnote%5D=ok",
        "add_dependency" => "id=1&depends_on=2",
        "remove_dependency" => "id=1&depends_on=2",
        "link_project" | "unlink_project" => "id=1&project=1",
        "open_problem" => "milestone=1&form%5Bdescription%5D=x",
        "respond_problem" => "id=1&answer_text=ok",
        "create_project" | "update_project" => {
            "id=1&version=1&form%5Bkind%5D=information&form%5Bname%5D=x&form%5Bunit%5D=1&form%5Bconstruction_type%5D=new\
             &form%5Bstart_year%5D=2026&form%5Bend_year%5D=2026&form%5Btotal%5D=10&form%5Bfund_county%5D=10&form%5Bstatus%5D=preparing"
        }
        "set_ledger" => "id=1&form%5Byear%5D=2024&form%5Bmonth%5D=3&form%5Bplanned%5D=1&form%5Bcompleted%5D=1",
        "set_anonymous_read" => "enabled=yes",
        "set_region_code" => "code=339901",
        // Not a key: allowed roles get a clear refusal, the others 403.
        "add_region_county" => "name=x&code=339901&key=nokey",
        // No county is registered: allowed roles remind nobody and go back to the page.
        "remind_region" => "period=2026-10",
        "set_region_due_day" => "day=6",
        // An empty address stops pushing.
        "set_push_target" => "url=&token=",
        // Nowhere to push to: allowed roles get a clear refusal, the others 403.
        "push_package" => "period=2026-11&locale=Zh",
        "lock_period" => "period=2026-09",
        // No such upload: allowed roles get a clear refusal, the others 403.
        "commit_import" | "import_preview" => "token=none&kind=major",
        "commit_milestone_import" | "milestone_import_preview" => "token=none",
        "approve_baseline" => "name=%E5%9F%BA%E7%BA%BF",
        // Everyone signed in keeps views of their own; no view 999 is anybody's.
        "save_view" => "form%5Bname%5D=matrix&form%5Bquery%5D=unit%3D1",
        "set_default_view" => "back=unit%3D1",
        "delete_view" => "id=999&back=",
        "bulk_edit_preview" => "form%5Bselection%5D=MILESTONE&form%5Bweight%5D=3",
        // A version nobody read: allowed roles get "changed meanwhile", and nothing changes.
        "bulk_edit" => "form%5Bselection%5D=MILESTONE%3A999&form%5Bweight%5D=3",
        "save_phases" => {
            "phases%5B0%5D%5Bid%5D=1&phases%5B0%5D%5Bname_zh%5D=a&phases%5B0%5D%5Bstart_date%5D=2023-01-01&phases%5B0%5D%5Bend_date%5D=2023-12-31"
        }
        "rename_reference" => "kind=pillar&id=1&name_zh=%E4%B8%80%E6%9C%B5%E4%BA%91&name_en=Cloud",
        "save_thresholds" => "yellow_points=10&red_points=30",
        "add_unit" | "update_unit" => "id=1&form%5Bname%5D=%E6%B5%8B%E8%AF%95%E5%8D%95%E4%BD%8D&form%5Bkind%5D=other",
        "delete_unit" => "id=1",
        "add_user" => "form%5Busername%5D=matrix&form%5Brole%5D=viewer&form%5Bpassword%5D=long-enough-1",
        // User 6 is an extra account the matrix test adds, so no signed-in role loses its session.
        "update_user" => "id=6&role=viewer",
        "reset_password" => "id=6&password=another-long-1",
        "change_password" => "current=wrong-password&new=whatever-new&confirm=whatever-new",
        // Round 1 (November) is opened by the matrix test; unit 7 is 县公安局, the demo
        // liaison's unit, and milestone MILESTONE one of its items.
        "open_round" => "month=2026-10&due_date=2026-11-05",
        "close_round" | "remind_round" => "id=1",
        "set_round_unit" => "round=1&unit=2&include=yes",
        // Puts the item back: a no-op that still needs a planner.
        "set_round_item" => "round=1&unit=7&kind=milestone&target=MILESTONE&include=yes",
        "comment_submission_item" => "item=1&comment=x",
        "return_submission" => "round=1&unit=7&note=x",
        "accept_submission" | "submit_submission" => "round=1&unit=7",
        "save_submission_item" => {
            "round=1&unit=7&kind=milestone&target=MILESTONE&form%5Bpercent%5D=50&form%5Bnote%5D=ok"
        }
        "mark_notifications_read" => "",
        // Project 2 is archived and back again; project 9 is not found (never a deletion here).
        "archive_project" => "id=2",
        "delete_project" => "id=999&confirm=yes",
        // Unit 1, a robot on this machine that is not listening: the test fails with a message.
        "add_channel" => "form%5Bunit%5D=1&form%5Bkind%5D=wecom&form%5Burl%5D=http%3A%2F%2F127.0.0.1%3A9%2Fsend",
        "delete_channel" | "test_channel" => "id=1",
        "create_activity" | "update_activity" => {
            "id=1&version=1&form%5Bactivity_type%5D=1&form%5Bheld_on%5D=2026-11-02&form%5Btitle%5D=%E9%9B%86%E4%BD%93%E5%AD%A6%E4%B9%A0"
        }
        // No record 999: allowed roles get 404, the others 403.
        "delete_activity" => "id=999&version=1&confirm=yes",
        "add_activity_type" => "name_zh=%E8%B7%AF%E6%BC%94&measure=%E5%9C%BA",
        "commit_activity_import" | "activity_import_preview" => "token=no-such-upload",
        "create_indicator" | "update_indicator" => {
            "id=1&version=1&form%5Bname_zh%5D=%E5%9F%B9%E8%AE%AD&form%5Bmeasure%5D=x&form%5Bperiod%5D=month&form%5Bsource%5D=entered&form%5Baggregate%5D=sum"
        }
        "save_submission_indicator" => {
            "round=1&unit=7&indicator=999&form%5Bvalue%5D=1"
        }
        "record_indicator_value" => "id=1&form%5Bperiod_day%5D=2026-06&form%5Bvalue%5D=1",
        "save_report_narrative" => {
            "query%5Bfrom%5D=2026-01-01&query%5Bto%5D=2026-06-30&section=overall&position=before&body=x"
        }
        "generate_report" => {
            "query%5Bfrom%5D=2026-01-01&query%5Bto%5D=2026-06-30&kind=ranking&lang=zh-CN"
        }
        "end_session" => "handle=0000000000000000000000000000000000000000000000000000000000000000",
        "set_password_max_age" => "days=90",
        // Combines duties, as they already are in the first round (the second separates them).
        "set_separate_duties" => "",
        other => panic!("no request body for {other}: add one"),
    }
}

#[test]
fn pages_need_a_signed_in_user_and_sign_out_ends_the_session() {
    let server = start("signin");
    let anonymous = server.get("/milestones?phase=1", None).unwrap();
    assert_eq!(anonymous.status, 303);
    assert_eq!(
        anonymous.header("location").as_deref(),
        Some("/login?next=/milestones%3Fphase%3D1")
    );
    let login_page = server.get("/login", None).unwrap();
    assert_eq!(login_page.status, 200);
    assert_eq!(
        server.get("/pkg/roadmap.js", None).unwrap().status,
        200,
        "the sign-in page's scripts load before anyone signs in"
    );
    assert!(
        login_page.body.contains("name=\"password\""),
        "the sign-in form renders without JavaScript"
    );

    let wrong = server.post("/login", None, "username=planner&password=nope&next=%2F");
    assert_eq!(wrong.status, 303);
    assert_eq!(
        wrong.header("location").as_deref(),
        Some("/login?error=invalid&next=/")
    );
    assert!(wrong.header("set-cookie").is_none());
    let malformed = server.post("/login", None, "user=planner");
    assert_eq!(
        malformed.header("location").as_deref(),
        Some("/login?error=invalid&next=/")
    );
    let sneaky = server.post(
        "/login",
        None,
        "username=planner&password=roadmap-planner&next=%2F%2Fevil.example",
    );
    assert_eq!(
        sneaky.header("location").as_deref(),
        Some("/"),
        "never redirects to another site"
    );

    let cookie = server.sign_in("planner", "roadmap-planner");
    let page = server.get("/milestones", Some(&cookie)).unwrap();
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("新建里程碑"),
        "planners see edit controls"
    );
    assert!(
        page.body.contains("示例规划员"),
        "the signed-in name is shown"
    );

    let chart = server
        .get("/charts/matrix.svg?pillar=1", Some(&cookie))
        .unwrap();
    assert_eq!(chart.status, 200);
    assert_eq!(
        chart.header("content-type").as_deref(),
        Some("image/svg+xml; charset=utf-8")
    );
    assert!(
        chart.body.contains("<svg")
            && chart.body.contains("一朵云")
            && !chart.body.contains("一城墙")
    );
    assert_eq!(
        server
            .get("/charts/nothing.svg", Some(&cookie))
            .unwrap()
            .status,
        404
    );
    assert_eq!(
        server.get("/charts/matrix.svg", None).unwrap().status,
        303,
        "charts need sign-in too"
    );

    let out = server.post("/logout", Some(&cookie), "");
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(
        server.get("/milestones", Some(&cookie)).unwrap().status,
        303,
        "the old cookie is dead"
    );
}

#[test]
fn every_mutating_endpoint_refuses_every_role_without_the_permission() {
    let server = start("matrix");
    server.add_user("extra", "viewer", "Viewer-pass-2026");
    common::run_ok(&[
        "round",
        "open",
        "2026-11",
        "--due",
        "2026-12-05",
        "--today",
        "2026-11-24",
        "--database-url",
        &server.database_url,
    ]);
    let milestone =
        server.scalar("SELECT MIN(id) FROM milestones WHERE unit_id = 7 AND completed_on IS NULL");
    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let planner = server.sign_in("planner", "roadmap-planner");
    let admin = server.sign_in("admin", "roadmap-admin");
    // The liaison of 县公安局 (unit 7) owns the items; the other one reports for another unit.
    let liaison = server.sign_in("liaison", "roadmap-liaison");
    let other_liaison = server.sign_in("liaison2", "roadmap-liaison2");
    let security = server.open_account("security", "security-admin");
    let auditor = server.open_account("auditor", "audit-admin");
    let roles: [(Option<Role>, bool, Option<&str>); 8] = [
        (None, false, None),
        (Some(Role::Viewer), false, Some(&viewer)),
        (Some(Role::Liaison), false, Some(&other_liaison)),
        (Some(Role::Liaison), true, Some(&liaison)),
        (Some(Role::Planner), false, Some(&planner)),
        (Some(Role::Admin), false, Some(&admin)),
        (Some(Role::SecurityAdmin), false, Some(&security)),
        (Some(Role::AuditAdmin), false, Some(&auditor)),
    ];
    check_every_endpoint(&server, &roles, Duties::Combined, milestone);

    // 三员分立: the same accounts, the admin now the system administrator only.
    let separated = server.post("/api/set_separate_duties", Some(&admin), "separate=yes");
    assert!(separated.status < 400, "{separated:?}");
    check_every_endpoint(&server, &roles, Duties::Separated, milestone);
}

/// Posts to every server function that changes data as each of `roles` (with whether it owns
/// the unit of the items, and its session) and checks that exactly those without the
/// permission under `duties` are refused with 403, changing nothing.
fn check_every_endpoint(
    server: &Server,
    roles: &[(Option<Role>, bool, Option<&str>)],
    duties: Duties,
    milestone: i64,
) {
    for (endpoint, permission) in mutating_endpoints() {
        for (role, owns_unit, cookie) in roles {
            let allowed = match (role, permission) {
                (None, _) => false,
                (Some(_), Permission::Read) => true,
                (Some(role), Permission::ReportForUnit) => {
                    role.allows(Permission::ReportForUnit, duties) && *owns_unit
                }
                (Some(role), p) => role.allows(p, duties),
            };
            let before = server.fingerprint();
            // Separating duties again is a no-op; combining them would end the second round.
            let body = match (endpoint, duties) {
                ("set_separate_duties", Duties::Separated) => "separate=yes",
                _ => body_for(endpoint),
            };
            let body = body.replace("MILESTONE", &milestone.to_string());
            let r = server.post(&format!("/api/{endpoint}"), *cookie, &body);
            if allowed {
                assert!(
                    r.status != 403 && r.status < 500,
                    "{endpoint} as {role:?} ({duties:?}): {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status, 403,
                    "{endpoint} as {role:?} ({duties:?}, owning unit: {owns_unit}): {}",
                    r.body
                );
                assert_eq!(
                    server.fingerprint(),
                    before,
                    "{endpoint} as {role:?} ({duties:?}, owning unit: {owns_unit}) changed data"
                );
            }
        }
    }
}

#[test]
fn cross_site_posts_are_refused_even_with_a_valid_session() {
    let server = start("csrf");
    let planner = server.sign_in("planner", "roadmap-planner");
    let before = server.fingerprint();
    let body = body_for("record_progress");
    for header in [
        ("Origin", "http://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Referer", "http://evil.example/form"),
    ] {
        let r = server
            .request(
                "POST",
                "/api/record_progress",
                Some(&planner),
                &[header],
                body,
            )
            .unwrap();
        assert_eq!(r.status, 403, "{header:?}");
    }
    assert_eq!(server.fingerprint(), before);
    let origin = format!("http://{}", server.addr);
    let same_site = server
        .request(
            "POST",
            "/api/record_progress",
            Some(&planner),
            &[("Origin", &origin)],
            body,
        )
        .unwrap();
    assert_eq!(same_site.status, 200, "{}", same_site.body);
    assert_ne!(server.fingerprint(), before);
}

#[test]
fn anonymous_read_only_access_is_an_admin_switch() {
    let server = start("anonymous");
    assert_eq!(server.get("/", None).unwrap().status, 303);
    let admin = server.sign_in("admin", "roadmap-admin");
    assert_eq!(
        server
            .post("/api/set_anonymous_read", Some(&admin), "enabled=yes")
            .status,
        200
    );
    let overview = server.get("/", None).unwrap();
    assert_eq!(overview.status, 200);
    assert!(overview.body.contains("总览"));
    assert!(!overview.body.contains("新建里程碑"));
    let before = server.fingerprint();
    assert_eq!(
        server
            .post("/api/record_progress", None, body_for("record_progress"))
            .status,
        403
    );
    assert_eq!(
        server.fingerprint(),
        before,
        "anonymous readers still change nothing"
    );
    assert_eq!(
        server
            .post("/api/set_anonymous_read", Some(&admin), "")
            .status,
        200
    );
    assert_eq!(server.get("/", None).unwrap().status, 303);
}

#[test]
fn exports_download_for_readers_while_recording_and_importing_need_a_planner() {
    let server = start("reporting");
    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let planner = server.sign_in("planner", "roadmap-planner");

    let csv = server
        .get("/projects/export?format=csv&kind=major", Some(&viewer))
        .unwrap();
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let disposition = csv.header("content-disposition").unwrap();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    assert!(disposition.contains(".csv"), "{disposition}");
    assert!(csv.body.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert_eq!(
        csv.body.trim().lines().count(),
        1 + 8,
        "the header and the 8 major projects"
    );

    let bad = server
        .get("/projects/export?format=pdf", Some(&viewer))
        .unwrap();
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("不支持的导出格式"), "{}", bad.body);
    let unlocked = server
        .get("/projects/export?period=2026-09", Some(&viewer))
        .unwrap();
    assert_eq!(unlocked.status, 400);
    assert!(unlocked.body.contains("尚未锁定"), "{}", unlocked.body);

    // Recording a report changes data: a viewer is refused and nothing is recorded.
    let before = server.fingerprint();
    let refused = server.post(
        "/projects/export",
        Some(&viewer),
        "format=xlsx&batch=%E7%AC%AC1%E6%89%B9",
    );
    assert_eq!(refused.status, 403);
    assert_eq!(server.fingerprint(), before);
    let no_batch = server.post("/projects/export", Some(&planner), "format=xlsx&batch=");
    assert_eq!(no_batch.status, 400);
    assert!(no_batch.body.contains("上报批次"), "{}", no_batch.body);
    let recorded = server.post(
        "/projects/export",
        Some(&planner),
        "format=xlsx&batch=%E7%AC%AC1%E6%89%B9",
    );
    assert_eq!(recorded.status, 200);
    assert_ne!(server.fingerprint(), before, "the batch is recorded");

    // Uploads: only planners; the file waits for the preview, nothing is imported yet.
    let boundary = "roadmapboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninformation\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n\
         项目名称,建设单位\r\n甲,县大数据发展中心\r\n\r\n--{boundary}--\r\n"
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let upload = |cookie: &str| {
        server
            .request(
                "POST",
                "/projects/import/upload",
                Some(cookie),
                &[("Content-Type", &content_type)],
                &body,
            )
            .unwrap()
    };
    let before = server.fingerprint();
    let as_viewer = upload(&viewer);
    assert_eq!(as_viewer.status, 303);
    assert_eq!(
        as_viewer.header("location").as_deref(),
        Some("/projects/import?error=forbidden")
    );
    let as_planner = upload(&planner);
    assert_eq!(as_planner.status, 303);
    let preview = as_planner.header("location").unwrap();
    assert!(
        preview.starts_with("/projects/import/") && preview.ends_with("?kind=information"),
        "{preview}"
    );
    assert_eq!(server.fingerprint(), before, "an upload imports nothing");
    // Another person cannot see someone else's upload.
    let token = preview
        .trim_start_matches("/projects/import/")
        .split('?')
        .next()
        .unwrap();
    let admin = server.sign_in("admin", "roadmap-admin");
    let theirs = server.post(
        "/api/import_preview",
        Some(&admin),
        &format!("token={token}&kind=major"),
    );
    assert_eq!(theirs.status, 422, "{}", theirs.body);
    // The error is data; the page words it in the reader's language ("已过期或不存在").
    assert!(theirs.body.contains("UploadExpired"), "{}", theirs.body);
    let mine = server.post(
        "/api/import_preview",
        Some(&planner),
        &format!("token={token}&kind=information"),
    );
    assert_eq!(mine.status, 200, "{}", mine.body);
}

/// A signed-in person's successful write comes back with the data version it made, in a cookie
/// their next dashboard load waits for (read-your-writes); reads and refused writes do not set
/// it.
#[test]
fn a_write_marks_the_version_its_author_has_seen() {
    let server = start("seen");
    let planner = server.sign_in("planner", "roadmap-planner");
    let seen = |r: &Response| {
        r.head
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
            .find_map(|l| l.split_once("roadmap_seen=").map(|(_, v)| v.to_string()))
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .parse::<i64>()
                    .unwrap()
            })
    };

    let read = server.post("/api/session", Some(&planner), "");
    assert_eq!(read.status, 200, "{read:?}");
    assert_eq!(seen(&read), None, "a read marks nothing");

    let before = server.scalar("SELECT version FROM data_version");
    let write = server.post(
        "/api/record_progress",
        Some(&planner),
        "id=1&form%5Bpercent%5D=100&form%5Breported_on%5D=2026-11-24&form%5Bnote%5D=done",
    );
    assert!(write.status < 400, "{write:?}");
    let marked = seen(&write).expect("the write's version");
    assert!(marked > before, "{marked} > {before}");
    assert_eq!(marked, server.scalar("SELECT version FROM data_version"));
    assert!(write.head.contains("HttpOnly"), "{}", write.head);

    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let refused = server.post(
        "/api/record_progress",
        Some(&viewer),
        "id=1&form%5Bpercent%5D=50&form%5Breported_on%5D=2026-11-24&form%5Bnote%5D=x",
    );
    assert!(refused.status >= 400, "{refused:?}");
    assert_eq!(seen(&refused), None, "a refused write marks nothing");
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = start("headers");
    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let page = server.get("/milestones", Some(&viewer)).expect("a page");
    let sign_in_form = server.get("/login", None).expect("the sign-in form");
    let refused = server.post("/api/record_progress", None, "id=1");
    let missing = server.get("/no-such-page", Some(&viewer)).expect("404");
    let health = server.get("/healthz", None).expect("health");
    for (what, r, status) in [
        ("page", &page, 200),
        ("sign-in form", &sign_in_form, 200),
        ("refusal", &refused, 403),
        ("not found", &missing, 404),
        ("health", &health, 200),
    ] {
        assert_eq!(r.status, status, "{what}: {r:?}");
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            r.header("x-frame-options").as_deref(),
            Some("DENY"),
            "{what}"
        );
        let policy = r.header("content-security-policy").unwrap_or_default();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{what}: {policy}"
        );
        assert!(policy.contains("object-src 'none'"), "{what}: {policy}");
        assert_eq!(
            r.header("referrer-policy").as_deref(),
            Some("same-origin"),
            "{what}"
        );
        let permissions = r.header("permissions-policy").unwrap_or_default();
        assert!(permissions.contains("camera=()"), "{what}: {permissions}");
        assert_eq!(
            r.header("strict-transport-security"),
            None,
            "{what}: plain HTTP"
        );
    }
    // A page's scripts run only by the nonce its inline scripts carry: no inline script
    // without it, and the bundle from this site alone.
    let policy = page.header("content-security-policy").unwrap();
    let nonce = page
        .body
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's inline scripts carry a nonce");
    assert!(
        policy.contains(&format!(
            "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"
        )),
        "{policy}"
    );
    let scripts = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!scripts.contains("unsafe-inline"), "{policy}");
    let again = server.get("/milestones", Some(&viewer)).unwrap();
    assert!(
        !again.body.contains(&format!("nonce=\"{nonce}\"")),
        "a new nonce for every response"
    );
    // Behind a reverse proxy that terminates HTTPS, browsers are told to stay on HTTPS.
    let over_https = server
        .request("GET", "/login", None, &[("X-Forwarded-Proto", "https")], "")
        .expect("the sign-in form over HTTPS");
    assert_eq!(
        over_https.header("strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );
}

/// 等保 2.0 audit: sign-ins (and failed ones), refused requests, exports and sign-outs are in
/// the security log with who, what and where from; the chain verifies; the log is export-able.
#[test]
fn security_events_are_in_the_audit_log_with_their_source_address() {
    let server = start("audit");
    let failed = server.post("/login", None, "username=planner&password=wrong");
    assert_eq!(failed.status, 303);
    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let refused = server.post("/api/add_unit", Some(&viewer), body_for("add_unit"));
    assert_eq!(refused.status, 403);
    let export = server
        .get("/projects/export?format=csv&kind=major", Some(&viewer))
        .unwrap();
    assert_eq!(export.status, 200);
    // A page view is no security event.
    assert_eq!(
        server.get("/milestones", Some(&viewer)).unwrap().status,
        200
    );
    let out = server.post("/logout", Some(&viewer), "");
    assert_eq!(out.status, 303);

    let csv = server.dir.join("audit.csv");
    let export_log = roadmap()
        .args([
            "audit",
            "export",
            "--database-url",
            &server.database_url,
            "--out",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        export_log.status.success(),
        "{}",
        String::from_utf8_lossy(&export_log.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let expected = [
        ("planner", "登录失败", "拒绝"),
        ("viewer", "登录", "成功"),
        ("viewer", "请求被拒绝", "拒绝"),
        ("viewer", "导出", "成功"),
        ("viewer", "退出", "成功"),
    ];
    assert_eq!(rows.len(), expected.len(), "{text}");
    for (row, (user, action, outcome)) in rows.iter().zip(expected) {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(
            (fields[2], fields[3], fields[5], fields[6]),
            (user, action, outcome, "127.0.0.1"),
            "{row}"
        );
    }
    assert!(rows[2].contains("/api/add_unit") && rows[3].contains("/projects/export"));

    let verify = roadmap()
        .args(["audit", "verify", "--database-url", &server.database_url])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout);
    assert!(
        verify.status.success() && said.contains("审计日志完整"),
        "{said}"
    );
}

/// A request the server cannot read is the caller's mistake: 400 with what is wrong, or 404
/// for an address that names nothing; never a 500, and nothing changes.
#[test]
fn malformed_requests_get_400_or_404_and_change_nothing() {
    let server = start("malformed");
    let planner = server.sign_in("planner", "roadmap-planner");
    let before = server.fingerprint();
    for (path, body) in [
        ("/api/create_milestone", "title=x"),
        ("/api/record_progress", "id=abc&percent=ten"),
        ("/api/update_project", "id=1&version=1&form[name]="),
        ("/api/set_ledger", "%%%"),
    ] {
        let r = server.post(path, Some(&planner), body);
        assert_eq!(r.status, 400, "{path} {body}: {r:?}");
        assert!(r.body.contains("BadRequest"), "{path}: {}", r.body);
    }
    for path in [
        "/milestones/abc",
        "/projects/1x",
        "/milestones/99999",
        "/rounds/abc",
    ] {
        let r = server.get(path, Some(&planner)).unwrap();
        assert_eq!(r.status, 404, "{path}");
    }
    assert_eq!(server.fingerprint(), before);
}

/// The security page: an admin sees who is signed in and from where, ends a session (that
/// browser is signed out at once), and downloads the audit log; nobody else may do any of it.
#[test]
fn an_admin_lists_and_ends_sessions_and_exports_the_audit_log() {
    let server = start("security-page");
    let viewer = server.sign_in("viewer", "roadmap-viewer");
    let admin = server.sign_in("admin", "roadmap-admin");

    assert_eq!(
        server.get("/admin/security", Some(&viewer)).unwrap().status,
        403
    );
    let refused = server.get("/admin/security/export", Some(&viewer)).unwrap();
    assert_eq!(refused.status, 403);

    let page = server.get("/admin/security", Some(&admin)).unwrap();
    assert_eq!(page.status, 200, "{}", page.body);
    let row = page
        .body
        .split("data-session-user=\"viewer\"")
        .nth(1)
        .expect("the viewer's session is listed");
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("127.0.0.1"), "{row}");
    let handle = row
        .split("name=\"handle\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        page.body.contains("（本浏览器）"),
        "the admin's own session is marked"
    );
    assert!(page.body.contains("本服务器未设置定时备份"));

    let ended = server.post(
        "/api/end_session",
        Some(&admin),
        &format!("handle={handle}"),
    );
    assert!(ended.status < 400, "{ended:?}");
    let after = server.get("/milestones", Some(&viewer)).unwrap();
    assert_eq!(after.status, 303, "the viewer is signed out");
    assert_eq!(
        server
            .post(
                "/api/end_session",
                Some(&admin),
                &format!("handle={handle}")
            )
            .status,
        404,
        "already ended"
    );

    let csv = server
        .get("/admin/security/export?action=sign_in", Some(&admin))
        .unwrap();
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.body.trim().lines().collect();
    assert_eq!(
        lines.len(),
        1 + 2,
        "the header and two sign-ins: {}",
        csv.body
    );
    assert!(lines[1].contains("viewer") && lines[2].contains("admin"));

    // The session's end and the export are in the log too, and the chain holds.
    let verified = server
        .get("/admin/security?verify=true", Some(&admin))
        .unwrap();
    assert!(
        verified.body.contains("data-chain=\"intact\""),
        "{}",
        verified.body
    );
    assert!(verified.body.contains("/api/end_session"));
    assert!(verified.body.contains("/admin/security/export"));
}

/// An account an admin opened (here from the command line) must change its initial password
/// before it reaches anything else; afterwards it works as usual.
#[test]
fn an_initial_password_is_changed_before_anything_else() {
    let server = start("initial-password");
    server.add_user("zhaoliu", "planner", "Initial-pass-1");
    let cookie = server.sign_in("zhaoliu", "Initial-pass-1");

    let page = server.get("/milestones", Some(&cookie)).unwrap();
    assert_eq!(page.status, 303);
    assert_eq!(
        page.header("location").as_deref(),
        Some("/account?change=initial")
    );
    let write = server.post(
        "/api/record_progress",
        Some(&cookie),
        body_for("record_progress"),
    );
    assert_eq!(write.status, 403);
    assert!(write.body.contains("请先修改密码"), "{}", write.body);
    let account = server
        .get("/account?change=initial", Some(&cookie))
        .unwrap();
    assert_eq!(account.status, 200);
    assert!(
        account.body.contains("管理员设置的初始密码"),
        "{}",
        account.body
    );

    let weak = server.post(
        "/api/change_password",
        Some(&cookie),
        "current=Initial-pass-1&new=zhaoliu-2026&confirm=zhaoliu-2026",
    );
    assert_eq!(weak.status, 422, "{}", weak.body);
    let changed = server.post(
        "/api/change_password",
        Some(&cookie),
        "current=Initial-pass-1&new=Harbor-mint-7&confirm=Harbor-mint-7",
    );
    assert!(changed.status < 400, "{changed:?}");
    assert_eq!(
        server.get("/milestones", Some(&cookie)).unwrap().status,
        200
    );
}

/// A client that sends its request head slowly is cut off after the head time-out, and one with
/// an oversized head is refused at once; the server goes on answering everyone else.
#[test]
fn slow_or_oversized_requests_do_not_tie_the_server_up() {
    let server = start("limits");
    let started = Instant::now();
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // Meanwhile others are served.
    assert_eq!(server.get("/healthz", None).unwrap().status, 200);
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(9) && waited < Duration::from_secs(20),
        "the half-sent request was closed after {waited:?}"
    );
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));

    let mut huge = TcpStream::connect(&server.addr).unwrap();
    huge.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let _ = huge.write_all(head.as_bytes());
    let mut answer = Vec::new();
    let _ = huge.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    assert_eq!(server.get("/healthz", None).unwrap().status, 200);
}
