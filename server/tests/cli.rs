//! The `roadmap` binary as an operator uses it.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{roadmap, serve};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("roadmap-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_bad_database_url_is_one_clear_line_and_a_failure() {
    let out = roadmap()
        .args(["migrate", "--database-url", "mysql://nowhere/db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("DATABASE_URL 应以 sqlite:// 或 postgres:// 开头"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn the_command_speaks_english_when_asked() {
    for english in [
        roadmap()
            .env("LANG", "en_GB.UTF-8")
            .args(["migrate", "--database-url", "mysql://nowhere/db"])
            .output(),
        roadmap()
            .args([
                "--lang",
                "en",
                "migrate",
                "--database-url",
                "mysql://nowhere/db",
            ])
            .output(),
    ] {
        let stderr = String::from_utf8_lossy(&english.unwrap().stderr).to_string();
        assert!(
            stderr.contains("DATABASE_URL must start with sqlite:// or postgres://"),
            "{stderr}"
        );
    }
    let dir = temp_dir("english");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let out = roadmap()
        .env("LC_ALL", "en_US.UTF-8")
        .args(["migrate", "--database-url", &url])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("The database schema is up to date"),
        "{stdout}"
    );
    let help = roadmap().args(["--lang", "en", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).to_string();
    assert!(help.contains("digital-transformation roadmap"), "{help}");
    assert!(help.contains("Serve the web application"), "{help}");
    let chinese = roadmap().args(["export", "--help"]).output().unwrap();
    let chinese = String::from_utf8_lossy(&chinese.stdout).to_string();
    assert!(chinese.contains("按省里模板导出项目清单"), "{chinese}");
    assert!(chinese.contains("要写入的文件"), "{chinese}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unreachable_database_is_reported_without_a_panic() {
    // Nothing listens on port 1; the password must not be echoed.
    let out = roadmap()
        .args([
            "migrate",
            "--database-url",
            "postgres://app:secret@127.0.0.1:1/roadmap?connect_timeout=2",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("无法连接数据库"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn seed_is_idempotent_and_users_are_added_from_stdin() {
    let dir = temp_dir("seed");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let first = roadmap()
        .args(["seed", "--sample", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("已载入示例数据"));
    let second = roadmap()
        .args(["seed", "--sample", "--database-url", &url])
        .output()
        .unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("未载入示例数据"));

    let add = |name: &str, password: &str| {
        let mut child = roadmap()
            .args([
                "user",
                "add",
                name,
                "--role",
                "planner",
                "--database-url",
                &url,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = add("wangwu", "A long enough password 1");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let again = add("wangwu", "A long enough password 1");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
    let weak = add("zhaoliu", "short");
    assert!(String::from_utf8_lossy(&weak.stderr).contains("密码至少需要 8 个字符"));
    let simple = add("zhaoliu", "only lower case");
    assert!(String::from_utf8_lossy(&simple.stderr).contains("至少 3 类"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The raw answer to `GET path`: its status line, headers and body.
fn http_get(addr: &str, path: &str) -> Option<String> {
    common::request(addr, "GET", path, None, &[], "")
        .map(|r| format!("{}\r\n\r\n{}", r.head, r.body))
}

#[test]
fn serve_answers_health_checks() {
    let dir = temp_dir("serve");
    let (mut child, addr, healthy) =
        serve(&dir, &format!("sqlite://{}/roadmap.db", dir.display()), &[]);
    let response = healthy.then(|| http_get(&addr, "/healthz")).flatten();
    let lang = http_get(&addr, "/lang/en?back=//evil.example/");
    let script = http_get(&addr, "/pkg/roadmap.js");
    let escape = http_get(&addr, "/pkg/../../roadmap.db");
    let _ = child.kill();
    let _ = child.wait();
    let response = response.expect("server answered");
    assert!(
        response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
        "{response}"
    );
    let lang = lang.expect("language route answered");
    assert!(lang.contains("roadmap_lang=en"), "{lang}");
    assert!(
        lang.to_ascii_lowercase().contains("location: /\r\n"),
        "open redirects are refused: {lang}"
    );
    let script = script.expect("site file answered");
    assert!(script.contains(" 200 "), "{script}");
    assert!(
        script
            .to_ascii_lowercase()
            .contains("content-type: text/javascript"),
        "{script}"
    );
    let escape = escape.expect("server answered");
    assert!(
        !escape.contains(" 200 OK") && !escape.contains("SQLite format"),
        "no path leads out of the site folder: {escape}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_refuses_to_start_without_the_built_site() {
    let dir = temp_dir("nosite");
    let out = roadmap()
        .args(["serve", "--addr", "127.0.0.1:0", "--site-root"])
        .arg(dir.join("missing"))
        .arg("--database-url")
        .arg(format!("sqlite://{}/roadmap.db", dir.display()))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cargo leptos build"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_mail_and_file_store_settings_stop_the_server_with_a_message() {
    let dir = temp_dir("settings");
    std::fs::create_dir_all(dir.join("site/pkg")).unwrap();
    std::fs::write(
        dir.join("site/pkg/roadmap.js"),
        "export default function() {}",
    )
    .unwrap();
    let database_url = format!("sqlite://{}/roadmap.db", dir.display());
    let serve = |extra: &[&str]| {
        let out = roadmap()
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                &database_url,
            ])
            .arg("--site-root")
            .arg(dir.join("site"))
            .args(extra)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{extra:?} must not start");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let stderr = serve(&["--evidence-s3", "https://bucket"]);
    assert!(
        stderr.contains("--evidence-s3 须写成 s3://存储桶"),
        "{stderr}"
    );
    let stderr = serve(&[
        "--smtp-url",
        "http://mail",
        "--smtp-from",
        "sjzx@example.cn",
    ]);
    assert!(stderr.contains("邮件设置 --smtp-url 无法使用"), "{stderr}");
    let stderr = serve(&["--smtp-url", "smtp://mail:25"]);
    assert!(
        stderr.contains("--smtp-from"),
        "one needs the other: {stderr}"
    );
    let blocked = dir.join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let stderr = serve(&["--evidence-dir", blocked.to_str().unwrap()]);
    assert!(stderr.contains("无法使用佐证材料目录"), "{stderr}");
    let out = roadmap()
        .args(["reminders", "run", "--database-url", &database_url])
        .args([
            "--smtp-url",
            "smtp://127.0.0.1:1",
            "--smtp-from",
            "不是地址",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("邮件设置 --smtp-from 无法使用"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_import_and_period_commands_work_from_the_command_line() {
    let dir = temp_dir("reporting");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let run = |args: &[&str]| {
        let out = roadmap()
            .args(args)
            .args(["--database-url", &url, "--today", "2026-11-24"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert!(run(&["seed", "--sample"]).0);
    let xlsx = dir.join("重大项目.xlsx");
    let xlsx = xlsx.to_str().unwrap();
    let (ok, out, err) = run(&[
        "export",
        "--format",
        "xlsx",
        "--kind",
        "major",
        "--pillar",
        "一平台",
        "--out",
        xlsx,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("已导出 1 个项目"), "{out}");
    let (ok, out, err) = run(&[
        "export",
        "--format",
        "csv",
        "--gbk",
        "--out",
        &format!("{}/all.csv", dir.display()),
        "--record-batch",
        "2026年11月第1批",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("已记录为上报批次“2026年11月第1批”"), "{out}");
    let (ok, _, err) = run(&["export", "--pillar", "一条河", "--out", xlsx]);
    assert!(!ok);
    assert!(err.contains("支柱“一条河”不存在"), "{err}");

    let (ok, out, err) = run(&["import", &format!("{}/all.csv", dir.display()), "--dry-run"]);
    assert!(ok, "{err}");
    assert!(out.contains("新建 0，更新 0，未变 15，问题 0"), "{out}");
    assert!(out.contains("试运行"), "{out}");

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "项目名称,建设单位,总投资（万元）\n甲,县大数据发展中心,abc\n",
    )
    .unwrap();
    let (ok, out, err) = run(&["import", bad.to_str().unwrap(), "--by", "planner"]);
    assert!(!ok);
    assert!(out.contains("问题 第 2 行“总投资（万元）”列"), "{out}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("导入未执行"), "{err}");

    let garbage = dir.join("garbage.xlsx");
    std::fs::write(&garbage, [0x7f_u8, 0x45, 0x4c, 0x46, 0, 0, 0, 1]).unwrap();
    let (ok, _, err) = run(&["import", garbage.to_str().unwrap()]);
    assert!(!ok && err.contains("无法识别的文件"), "{err}");

    let (ok, out, _) = run(&["period", "lock", "2026-10", "--by", "报表员"]);
    assert!(ok && out.contains("已锁定报告期 2026年10月"), "{out}");
    let (ok, out, _) = run(&["period", "list"]);
    assert!(ok && out.contains("2026-10  15 个项目  报表员"), "{out}");
    let (ok, _, err) = run(&["export", "--period", "2026-10", "--out", xlsx]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&["export", "--period", "2026-13", "--out", xlsx]);
    assert!(!ok && err.contains("报告期“2026-13”格式不对"), "{err}");
}

#[test]
fn the_milestone_plan_goes_out_and_back_in_from_the_command_line() {
    let dir = temp_dir("plan");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let run = |args: &[&str]| {
        let out = roadmap()
            .args(args)
            .args(["--database-url", &url, "--today", "2026-11-24"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert!(run(&["seed", "--sample"]).0);
    let plan = dir.join("计划.csv");
    let plan = plan.to_str().unwrap();
    let (ok, out, err) = run(&["milestones", "export", "--format", "csv", "--out", plan]);
    assert!(ok, "{err}");
    let exported: usize = out
        .trim()
        .strip_prefix("已导出 ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(exported > 10, "{out}");
    let (ok, out, err) = run(&["milestones", "import", plan, "--dry-run"]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("新建 0，更新 0，未变 {exported}，问题 0")),
        "{out}"
    );
    let (ok, out, err) = run(&[
        "milestones",
        "export",
        "--pillar",
        "一张网",
        "--status",
        "done",
        "--out",
        &format!("{}/done.xlsx", dir.display()),
    ]);
    assert!(ok && out.contains("个里程碑"), "{err}");
    let (ok, _, err) = run(&["milestones", "export", "--status", "late", "--out", plan]);
    assert!(!ok && err.contains("里程碑状态“late”无法识别"), "{err}");

    let text = std::fs::read_to_string(plan).unwrap();
    let code = text.lines().nth(1).unwrap().split(',').next().unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, format!("编码,权重\n{code},很重\n")).unwrap();
    let (ok, _, _) = run(&["milestones", "import", bad.to_str().unwrap()]);
    assert!(!ok, "a file without a title column has no header");
    std::fs::write(
        &bad,
        format!("编码,里程碑名称,开始日期\n{code},新名称,2026-02-30\n"),
    )
    .unwrap();
    let (ok, out, err) = run(&[
        "milestones",
        "import",
        bad.to_str().unwrap(),
        "--by",
        "planner",
    ]);
    assert!(!ok);
    assert!(out.contains("第 2 行“开始日期”列"), "{out}");
    assert!(err.contains("导入未执行"), "{err}");
    let good = dir.join("good.csv");
    let title_line = text.lines().nth(1).unwrap();
    let title = title_line.split(',').nth(5).unwrap();
    std::fs::write(&good, format!("编码,里程碑名称,权重\n{code},{title},7\n")).unwrap();
    let (ok, out, err) = run(&[
        "milestones",
        "import",
        good.to_str().unwrap(),
        "--by",
        "planner",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("导入完成：新建 0 个，更新 1 个"), "{out}");
}

#[test]
fn rounds_and_liaisons_from_the_command_line() {
    let dir = temp_dir("rounds");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = roadmap()
            .args(args)
            .args(["--database-url", &url, "--today", "2026-11-24"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert!(run(&["seed", "--sample"], "").0);
    let (ok, out, err) = run(
        &[
            "user",
            "add",
            "zhang",
            "--role",
            "liaison",
            "--unit",
            "县教育局",
            "--unit",
            "县财政局",
        ],
        "long-enough-1\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("已创建用户 zhang"), "{out}");
    let (ok, _, err) = run(
        &["user", "add", "li", "--role", "liaison"],
        "long-enough-1\n",
    );
    assert!(!ok);
    assert!(err.contains("须至少绑定一个单位"), "{err}");
    let (ok, _, err) = run(
        &[
            "user",
            "add",
            "wang",
            "--role",
            "viewer",
            "--unit",
            "县教育局",
        ],
        "long-enough-1\n",
    );
    assert!(!ok);
    assert!(err.contains("只有单位填报员"), "{err}");

    let (ok, out, err) = run(&["round", "open", "2026-11", "--due", "2026-12-05"], "");
    assert!(ok, "{err}");
    assert!(
        out.contains("已发起“2026年11月进展填报”，截止 2026年12月5日"),
        "{out}"
    );
    let (ok, _, err) = run(&["round", "open", "2026-11", "--due", "2026-12-05"], "");
    assert!(!ok);
    assert!(err.contains("已经存在"), "{err}");
    let (ok, out, err) = run(&["round", "status", "2026-11"], "");
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("2026年11月进展填报"), "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("县公安局\t未填报")),
        "one line per unit with its state: {out}"
    );
    let (ok, out, _) = run(&["round", "remind", "2026-11"], "");
    assert!(ok);
    assert!(
        out.contains("已向") && out.contains("个单位发送催报提醒"),
        "{out}"
    );
    let (ok, out, _) = run(&["round", "close", "2026-11"], "");
    assert!(ok);
    assert!(out.contains("已结束“2026年11月进展填报”"), "{out}");
    let (ok, out, _) = run(&["round", "status", "2026-11"], "");
    assert!(
        ok && out.lines().next().unwrap().contains("已结束"),
        "{out}"
    );
    let (ok, _, err) = run(&["--lang", "en", "round", "status", "2026-10"], "");
    assert!(!ok);
    assert!(
        err.contains("There is no reporting round for 2026-10"),
        "{err}"
    );
    let (ok, out, err) = run(&["reminders", "run"], "");
    assert!(ok, "{err}");
    assert!(out.contains("定时提醒"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_is_written_whole_and_kept_in_the_history() {
    let dir = temp_dir("report");
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    let run = |args: &[&str]| {
        let out = roadmap()
            .args(args)
            .args(["--database-url", &url, "--today", "2026-11-24"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert!(run(&["seed", "--sample"]).0);
    let out_file = dir.join("上半年总结.docx");
    let out_path = out_file.to_str().unwrap();
    let (ok, out, err) = run(&[
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--out",
        out_path,
        "--by",
        "报表员",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("已生成") && out.contains("数据版本"), "{out}");
    let bytes = std::fs::read(&out_file).unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    assert!(
        !dir.join("上半年总结.docx.part").exists(),
        "no half file left"
    );
    // The 工作总结 page's history lists it, made by 报表员.
    let db = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('SELECT generated_by, kind, starts_on, ends_on FROM report_documents').fetchall())",
        ])
        .arg(dir.join("roadmap.db"))
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&db.stdout);
    assert!(
        rows.contains("'报表员', 'summary', '2026-01-01', '2026-06-30'"),
        "{rows}"
    );
    // A period that ends before it starts is one line in Chinese, and writes nothing.
    let (ok, _, err) = run(&[
        "report",
        "--from",
        "2026-06-30",
        "--to",
        "2026-01-01",
        "--out",
        out_path,
    ]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("报告期间不正确"), "{err}");
}

#[test]
fn a_backup_taken_while_the_server_runs_restores_from_the_command_line() {
    let dir = temp_dir("backup");
    let live = format!("sqlite://{}/live.db", dir.display());
    let seeded = roadmap()
        .args(["seed", "--sample", "--database-url", &live])
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let (mut server, _, healthy) = serve(&dir, &live, &[]);
    let out = dir.join("roadmap.zip");
    let backup = roadmap()
        .args(["backup", "--database-url", &live, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert!(healthy);
    let said = String::from_utf8_lossy(&backup.stdout);
    assert!(
        backup.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(said.starts_with("已备份到"), "{said}");
    assert!(out.exists());

    let fresh = format!("sqlite://{}/restored.db", dir.display());
    let restore = || {
        roadmap()
            .args(["restore", "--database-url", &fresh])
            .arg(&out)
            .output()
            .unwrap()
    };
    let restored = restore();
    let said = String::from_utf8_lossy(&restored.stdout);
    assert!(
        restored.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(said.contains("逐表核对一致"), "{said}");

    // Again, into what is now a database in use: refused, in one line, nothing changed.
    let again = restore();
    let complaint = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(complaint.contains("--force"), "{complaint}");
    assert_eq!(complaint.trim().lines().count(), 1, "{complaint}");

    // Not a backup at all.
    let notes = dir.join("notes.zip");
    std::fs::write(&notes, "工作总结").unwrap();
    let foreign = roadmap()
        .args(["restore", "--database-url", &fresh])
        .arg(&notes)
        .output()
        .unwrap();
    assert!(!foreign.status.success());
    assert!(
        String::from_utf8_lossy(&foreign.stderr).contains("不是 Roadmap 的备份文件"),
        "{}",
        String::from_utf8_lossy(&foreign.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_county_package_goes_upward_and_is_checked_there_from_the_command_line() {
    let dir = temp_dir("region");
    let county = format!("sqlite://{}/county.db", dir.display());
    let city = format!("sqlite://{}/city.db", dir.display());
    let run = |url: &str, args: &[&str]| {
        roadmap()
            .env("ROADMAP_TODAY", "2026-11-24")
            .args(["--database-url", url])
            .args(args)
            .output()
            .unwrap()
    };
    let text = |out: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    assert!(run(&county, &["seed", "--sample"]).status.success());
    assert!(run(&city, &["seed", "--sample"]).status.success());
    // No package before the county has its code, and the message says how to set it.
    let zip = dir.join("county.zip");
    let zip_path = zip.to_str().unwrap();
    let refused = run(
        &county,
        &[
            "package", "export", "--period", "2026-11", "--out", zip_path,
        ],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("package key --code"),
        "{}",
        text(&refused)
    );
    let bad_code = run(&county, &["package", "key", "--code", "33990"]);
    assert!(!bad_code.status.success());
    let key = run(
        &county,
        &["--lang", "en", "package", "key", "--code", "339901"],
    );
    assert!(key.status.success(), "{}", text(&key));
    let key_text = text(&key);
    let public = key_text
        .lines()
        .find_map(|l| l.strip_prefix("Public key (Ed25519): "))
        .expect("the key is printed")
        .to_string();
    let made = run(
        &county,
        &[
            "package", "export", "--period", "2026-11", "--out", zip_path,
        ],
    );
    assert!(made.status.success(), "{}", text(&made));
    assert!(text(&made).contains("第 1 号"), "{}", text(&made));

    // Upstream: unknown until registered, then imported once, and a repeat refused.
    let unknown = run(&city, &["region", "import", zip_path]);
    assert!(!unknown.status.success());
    assert!(text(&unknown).contains("未登记"), "{}", text(&unknown));
    let add = [
        "region",
        "county",
        "add",
        "示例县",
        "--code",
        "339901",
        "--key",
        &public,
    ];
    assert!(run(&city, &add).status.success());
    let again = run(&city, &add);
    assert!(text(&again).contains("已登记"), "{}", text(&again));
    let imported = run(&city, &["region", "import", zip_path]);
    assert!(imported.status.success(), "{}", text(&imported));
    assert!(text(&imported).contains("15 个项目"), "{}", text(&imported));
    let repeat = run(&city, &["region", "import", zip_path]);
    assert!(!repeat.status.success());
    assert!(text(&repeat).contains("不比已有的新"), "{}", text(&repeat));
    let sheet = dir.join("merged.xlsx");
    let merged = run(
        &city,
        &[
            "region",
            "sheet",
            "--period",
            "2026-11",
            "--out",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(merged.status.success(), "{}", text(&merged));
    assert!(
        text(&merged).contains("1 个县，15 个项目"),
        "{}",
        text(&merged)
    );
    assert!(std::fs::metadata(&sheet).unwrap().len() > 0);
    assert!(!dir.join("merged.partial").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_county_pushes_its_package_upstream_with_the_token_issued_for_it() {
    let dir = temp_dir("push");
    let url = |name: &str| format!("sqlite://{}/{name}.db", dir.display());
    let (county, other, city) = (url("county"), url("other"), url("city"));
    let run = |db: &str, args: &[&str]| {
        let out = roadmap()
            .env("ROADMAP_TODAY", "2026-11-24")
            .args(["--database-url", db])
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let public_key = |db: &str, code: &str| {
        let (ok, text) = run(db, &["--lang", "en", "package", "key", "--code", code]);
        assert!(ok, "{text}");
        text.lines()
            .find_map(|l| l.strip_prefix("Public key (Ed25519): "))
            .expect("the key is printed")
            .to_string()
    };
    for db in [&county, &other, &city] {
        assert!(run(db, &["seed", "--sample"]).0);
    }
    let keys = [
        ("甲县", "339901", public_key(&county, "339901")),
        ("乙县", "339902", public_key(&other, "339902")),
    ];
    for (name, code, key) in &keys {
        let (ok, text) = run(
            &city,
            &[
                "region", "county", "add", name, "--code", code, "--key", key,
            ],
        );
        assert!(ok, "{text}");
    }
    // The token is shown once, on its own line.
    let token_of = |code: &str| {
        let (ok, text) = run(&city, &["region", "county", "token", code]);
        assert!(ok, "{text}");
        text.lines()
            .find(|l| l.len() == 43 && !l.contains(' '))
            .expect("the token is printed")
            .to_string()
    };
    let first = token_of("339901");
    let token = token_of("339901");
    assert_ne!(first, token, "a new token replaces the old");
    let others = token_of("339902");
    let (mut server, addr, up) = serve(&dir, &city, &[]);
    assert!(up, "the city's server starts");
    let to = format!("http://{addr}");
    let push = |to: &str, token: &str| {
        run(
            &county,
            &[
                "package", "push", "--period", "2026-11", "--to", to, "--token", token,
            ],
        )
    };

    // Refused, with the reason, and nothing stored: a replaced token, another county's token,
    // an address that is neither https nor this machine, and no address at all.
    let (ok, text) = push(&to, &first);
    assert!(
        !ok && text.contains("推送令牌无效") && text.contains("401"),
        "{text}"
    );
    let (ok, text) = push(&to, &others);
    assert!(!ok && text.contains("推送令牌属于乙县"), "{text}");
    let (ok, text) = push("http://city.example.cn", &token);
    assert!(!ok && text.contains("不是可推送的地址"), "{text}");
    let (ok, text) = run(&county, &["package", "push", "--period", "2026-11"]);
    assert!(!ok && text.contains("尚未设置推送地址"), "{text}");
    let (_, text) = run(
        &city,
        &[
            "region",
            "sheet",
            "--period",
            "2026-11",
            "--out",
            dir.join("empty.xlsx").to_str().unwrap(),
        ],
    );
    assert!(text.contains("0 个县"), "{text}");

    // With its own token the package is imported upstream, and a later push supersedes it.
    let (ok, text) = push(&to, &token);
    assert!(ok, "{text}");
    assert!(
        text.contains("已推送2026年11月上报包") && text.contains("已导入甲县2026年11月上报包"),
        "{text}"
    );
    let (ok, text) = push(&to, &token);
    assert!(ok && text.contains("替代此前的包"), "{text}");
    let (ok, text) = run(
        &city,
        &[
            "region",
            "sheet",
            "--period",
            "2026-11",
            "--out",
            dir.join("merged.xlsx").to_str().unwrap(),
        ],
    );
    assert!(ok && text.contains("1 个县，15 个项目"), "{text}");
    let _ = server.kill();
    let _ = std::fs::remove_dir_all(&dir);
}
