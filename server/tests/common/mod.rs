//! What the server's tests share: the `roadmap` binary, a server started on a free port, and
//! plain HTTP/1.0 requests to it.
// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// The binary under test: `ROADMAP_BIN` when set (scripts/test.sh points it at the release
/// build), else the one cargo built for these tests.
pub fn binary() -> PathBuf {
    std::env::var_os("ROADMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_roadmap")))
}

/// The command, in Chinese whatever the machine's locale, logging only errors.
pub fn roadmap() -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_remove("DATABASE_URL")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("RUST_LOG", "error");
    cmd
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// A fresh folder for test `name` with the sample programme in an SQLite database there;
/// returns the folder and the database's URL.
pub fn sample_database(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("roadmap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/roadmap.db", dir.display());
    run_ok(&["seed", "--sample", "--database-url", &url]);
    (dir, url)
}

/// `roadmap ARGS…`, which must succeed (its error output is the failure's message).
pub fn run_ok(args: &[&str]) -> std::process::Output {
    let output = roadmap().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "roadmap {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A stand-in for the built site in `dir/site` (the tests need no wasm).
pub fn site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/roadmap.js"), "export default function() {}").unwrap();
    site
}

/// `roadmap serve` on the database at `url` on a free port, with `extra` arguments; returns the
/// process and its address once `/healthz` answers 200, or `None` if it does not within 30 s.
pub fn serve(dir: &Path, url: &str, extra: &[&str]) -> (Child, String, bool) {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = roadmap()
        .args(["serve", "--addr", &addr, "--database-url", url])
        .arg("--site-root")
        .arg(site(dir))
        .args(extra)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if request(&addr, "GET", "/healthz", None, &[], "").is_some_and(|r| r.status == 200) {
            return (child, addr, true);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (child, addr, false)
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// One request over its own connection; `None` when the server did not answer.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
    body: &str,
) -> Option<Response> {
    let stream = connect(addr)?;
    exchange(stream, addr, method, path, cookie, extra, body)
}

/// A connection to `addr` that gives up on a silent server after 20 s.
pub fn connect(addr: &str) -> Option<TcpStream> {
    let stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    Some(stream)
}

/// One HTTP/1.0 request over `stream` (plain or TLS) and the whole answer.
pub fn exchange(
    mut stream: impl Read + Write,
    addr: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
    body: &str,
) -> Option<Response> {
    let mut request = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if method != "GET" {
        if !extra
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).ok()?;
    stream.flush().ok()?;
    let mut raw = Vec::new();
    // The answer ends when the server closes; a TLS peer may close without saying so first.
    let mut chunk = [0_u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(_) if !raw.is_empty() => break,
            Err(_) => return None,
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some(Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

/// Signs in over HTTP; the session cookie's `name=value`.
pub fn sign_in(addr: &str, username: &str, password: &str) -> Option<String> {
    let r = request(
        addr,
        "POST",
        "/login",
        None,
        &[],
        &format!("username={username}&password={password}"),
    )?;
    r.header("set-cookie")
        .and_then(|c| c.split(';').next().map(str::to_string))
}
