//! Built-in HTTPS (`--tls-cert`, `--tls-key`): pages and sign-in over TLS with a certificate
//! the browser trusts, the session cookie `Secure` and HSTS sent; a plain HTTP request to the
//! port gets no page; unusable certificate files stop the server with a clear message.

mod common;

use std::path::Path;
use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{connect, exchange, roadmap, site, Response};
use tokio_rustls::rustls;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A self-signed certificate for `localhost` written as PEM files; returns its DER form, which
/// the test's client trusts as a browser trusts the centre's certificate once installed.
fn certificate(dir: &Path) -> Vec<u8> {
    let rcgen::CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key_pair.serialize_pem()).unwrap();
    cert.der().to_vec()
}

/// One request over TLS to `addr`, trusting only `trusted`.
fn https(
    addr: &str,
    trusted: &[u8],
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> Option<Response> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trusted.to_vec().into()).ok()?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .ok()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").ok()?;
    let client = rustls::ClientConnection::new(Arc::new(config), name).ok()?;
    let stream = rustls::StreamOwned::new(client, connect(addr)?);
    exchange(stream, addr, method, path, cookie, &[], body)
}

#[test]
fn the_server_answers_https_with_its_certificate() {
    let (dir, url) = common::sample_database("tls");
    let trusted = certificate(&dir);
    let addr = format!("127.0.0.1:{}", common::free_port());
    let server = roadmap()
        .args(["serve", "--addr", &addr, "--database-url", &url])
        .arg("--site-root")
        .arg(site(&dir))
        .arg("--tls-cert")
        .arg(dir.join("cert.pem"))
        .arg("--tls-key")
        .arg(dir.join("key.pem"))
        .spawn()
        .unwrap();
    let _server = Killed(server);
    let deadline = Instant::now() + Duration::from_secs(30);
    let health = loop {
        let answer = https(&addr, &trusted, "GET", "/healthz", None, "");
        if answer.as_ref().is_some_and(|r| r.status == 200) || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let health = health.expect("the server answers HTTPS");
    assert_eq!(health.status, 200);
    assert!(
        health
            .header("strict-transport-security")
            .is_some_and(|h| h.contains("max-age=")),
        "HSTS over HTTPS: {}",
        health.head
    );

    let signed_in = https(
        &addr,
        &trusted,
        "POST",
        "/login",
        None,
        "username=planner&password=roadmap-planner&next=%2Fmilestones",
    )
    .unwrap();
    assert_eq!(signed_in.status, 303, "{signed_in:?}");
    let cookie = signed_in.header("set-cookie").unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    let session = cookie.split(';').next().unwrap();
    let page = https(&addr, &trusted, "GET", "/milestones", Some(session), "").unwrap();
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("里程碑"),
        "{}",
        &page.body[..200.min(page.body.len())]
    );

    // Plain HTTP to the HTTPS port gets no page, and the server goes on answering.
    let plain = common::request(&addr, "GET", "/milestones", Some(session), &[], "");
    assert!(plain.as_ref().is_none_or(|r| r.status != 200), "{plain:?}");
    assert_eq!(
        https(&addr, &trusted, "GET", "/healthz", None, "")
            .unwrap()
            .status,
        200
    );
}

#[test]
fn unusable_certificate_files_stop_the_server_with_a_clear_message() {
    let (dir, url) = common::sample_database("tls-bad");
    certificate(&dir);
    let serve = |cert: &Path, key: &Path| {
        roadmap()
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &url])
            .arg("--site-root")
            .arg(site(&dir))
            .arg("--tls-cert")
            .arg(cert)
            .arg("--tls-key")
            .arg(key)
            .output()
            .unwrap()
    };
    // The key where the certificate belongs, and the other way round.
    let swapped = serve(&dir.join("key.pem"), &dir.join("cert.pem"));
    assert!(!swapped.status.success());
    let said = String::from_utf8_lossy(&swapped.stderr);
    assert!(said.contains("没有 PEM 格式的证书"), "{said}");
    // A key of another certificate.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    certificate(&other);
    let mismatched = serve(&dir.join("cert.pem"), &other.join("key.pem"));
    assert!(!mismatched.status.success());
    let said = String::from_utf8_lossy(&mismatched.stderr);
    assert!(said.contains("证书和私钥无法使用"), "{said}");
    let missing = serve(&dir.join("none.pem"), &dir.join("key.pem"));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        !missing.status.success() && said.contains("none.pem"),
        "{said}"
    );
}
