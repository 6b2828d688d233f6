//! The site's static files — the hydrate bundle (`pkg/roadmap.wasm`, `pkg/roadmap.js`), the
//! stylesheet and `public/` — built into the release binary, so that a deployment is one file.
//!
//! `cargo leptos build --release` writes the site to `target/site` (with `.gz` and `.br` copies when
//! asked to `--precompress`) before it compiles the server, and the server embeds that folder.
//! A debug build reads the same folder from disk instead, so `cargo leptos watch` sees new files;
//! `--site-root` serves another folder, for development.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use app::db::sessions::hex;
use app::i18n::cli::Say;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The JavaScript half of the hydrate bundle: without it pages render but never come alive.
pub const BUNDLE_SCRIPT: &str = "pkg/roadmap.js";
/// The WebAssembly half.
const BUNDLE_WASM: &str = "pkg/roadmap.wasm";
/// The stylesheet.
const STYLESHEET: &str = "pkg/roadmap.css";
/// How long a browser may keep a file whose name carries its content's hash: a year, and it need
/// not ask again (`immutable`), since a new build gives the file a new name.
const VERSIONED_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The folder as cargo-leptos left it when this binary was compiled (see `server/build.rs`).
#[derive(rust_embed::RustEmbed)]
#[folder = "../target/site/"]
#[allow_missing = true]
struct EmbeddedSite;

/// Where the static files come from.
#[derive(Clone, Debug)]
pub enum SiteFiles {
    /// Built into this binary.
    Embedded,
    /// A folder on disk, as `cargo leptos build` writes it (`--site-root`).
    Directory(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum MissingSite {
    #[error("{}", Say::SiteNotEmbedded { script: BUNDLE_SCRIPT })]
    NotEmbedded,
    #[error("{}", Say::SiteNotInFolder { folder, script: BUNDLE_SCRIPT })]
    NotInDirectory { folder: String },
}

/// The bundle and the stylesheet under names that carry a hash of their content
/// (`/pkg/roadmap.3f9a0c….css`), which the pages link to. The plain names keep working, for
/// pages from an earlier build still open in a browser, but are revalidated on every use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VersionedNames {
    /// `roadmap.<hash>`: the stem of the js and wasm files' names, Leptos' `output_name` (the two
    /// are named together, so the hash covers both).
    pub bundle_stem: String,
    /// `/pkg/roadmap.<hash>.css`
    pub stylesheet: String,
    /// Each versioned path → the file it serves.
    files: HashMap<String, &'static str>,
}

/// The first 16 hex digits of SHA-256 over `parts`: short, and still never the same twice.
fn content_hash(parts: &[&[u8; 32]]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part);
    }
    hex(&digest.finalize()[..8])
}

/// The site's static files and the versioned names the pages use for them.
#[derive(Clone, Debug)]
pub struct Site {
    pub files: SiteFiles,
    /// `None` for a folder (`--site-root`): a development server must pick up rebuilt files.
    pub names: Option<VersionedNames>,
}

impl Site {
    /// The files `site_root` names (else those built in), checked, with their versioned names.
    pub async fn open(site_root: Option<PathBuf>) -> Result<Site, MissingSite> {
        let files = SiteFiles::new(site_root);
        files.check().await?;
        let names = match files {
            SiteFiles::Embedded => files.versioned_names().await,
            SiteFiles::Directory(_) => None,
        };
        Ok(Site { files, names })
    }

    /// The response for a static file, or `None` (see [`SiteFiles::respond`]). A versioned name
    /// is served with a year's `immutable` caching.
    pub async fn respond(
        &self,
        method: &Method,
        uri_path: &str,
        headers: &HeaderMap,
    ) -> Option<Response> {
        let versioned = self
            .names
            .as_ref()
            .and_then(|names| names.files.get(uri_path.strip_prefix('/')?));
        match versioned {
            Some(file) => {
                let mut response = self
                    .files
                    .respond(method, &format!("/{file}"), headers)
                    .await?;
                response.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(VERSIONED_CACHE_CONTROL),
                );
                Some(response)
            }
            None => self.files.respond(method, uri_path, headers).await,
        }
    }
}

/// One file's bytes and the SHA-256 that names its version (the `ETag`).
struct SiteFile {
    bytes: Cow<'static, [u8]>,
    sha256: [u8; 32],
}

impl SiteFiles {
    /// `--site-root` if given, else the files inside the binary.
    pub fn new(site_root: Option<PathBuf>) -> Self {
        site_root.map_or(SiteFiles::Embedded, SiteFiles::Directory)
    }

    /// Refuses to serve pages whose scripts are missing: better a clear error at start than a site
    /// that never hydrates.
    pub async fn check(&self) -> Result<(), MissingSite> {
        if self.read(BUNDLE_SCRIPT).await.is_some() {
            return Ok(());
        }
        Err(match self {
            SiteFiles::Embedded => MissingSite::NotEmbedded,
            SiteFiles::Directory(dir) => MissingSite::NotInDirectory {
                folder: dir.display().to_string(),
            },
        })
    }

    /// Names for the bundle and the stylesheet that change whenever their content does; `None`
    /// when a file is missing.
    pub async fn versioned_names(&self) -> Option<VersionedNames> {
        let (js, wasm, css) = (
            self.read(BUNDLE_SCRIPT).await?,
            self.read(BUNDLE_WASM).await?,
            self.read(STYLESHEET).await?,
        );
        let bundle_stem = format!("roadmap.{}", content_hash(&[&js.sha256, &wasm.sha256]));
        let stylesheet = format!("pkg/roadmap.{}.css", content_hash(&[&css.sha256]));
        let files = HashMap::from([
            (format!("pkg/{bundle_stem}.js"), BUNDLE_SCRIPT),
            (format!("pkg/{bundle_stem}.wasm"), BUNDLE_WASM),
            (stylesheet.clone(), STYLESHEET),
        ]);
        Some(VersionedNames {
            bundle_stem,
            stylesheet: format!("/{stylesheet}"),
            files,
        })
    }

    async fn read(&self, path: &str) -> Option<SiteFile> {
        match self {
            SiteFiles::Embedded => EmbeddedSite::get(path).map(|file| SiteFile {
                sha256: file.metadata.sha256_hash(),
                bytes: file.data,
            }),
            SiteFiles::Directory(dir) => {
                let bytes = tokio::fs::read(dir.join(path)).await.ok()?;
                Some(SiteFile {
                    sha256: Sha256::digest(&bytes).into(),
                    bytes: Cow::Owned(bytes),
                })
            }
        }
    }

    /// The response for `GET`/`HEAD` of a static file, or `None` when there is no such file (the
    /// caller then shows the 404 page). Sends the precompressed copy the browser accepts, answers
    /// a revalidation with 304, and never lets a path climb out of the site.
    pub async fn respond(
        &self,
        method: &Method,
        uri_path: &str,
        headers: &HeaderMap,
    ) -> Option<Response> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let path = site_path(uri_path)?;
        let accepted = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let mut chosen = None;
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            if accepts(accepted, encoding.token()) {
                if let Some(file) = self.read(&format!("{path}.{}", encoding.suffix())).await {
                    chosen = Some((file, Some(encoding)));
                    break;
                }
            }
        }
        let (file, encoding) = match chosen {
            Some(found) => found,
            None => (self.read(&path).await?, None),
        };
        Some(file_response(&path, file, encoding, method, headers))
    }
}

#[derive(Clone, Copy)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
        }
    }
}

fn file_response(
    path: &str,
    file: SiteFile,
    encoding: Option<Encoding>,
    method: &Method,
    request: &HeaderMap,
) -> Response {
    let etag = format!("\"{}\"", hex(&file.sha256[..16]));
    let revalidated = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let content_type = mime_guess::from_path(path).first_or_octet_stream();
    let mut headers = HeaderMap::new();
    let mut set = |name, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_TYPE, content_type.essence_str());
    set(header::ETAG, &etag);
    // Under its plain name a file may change with the next build, so a browser must ask each time
    // whether it did; the answer is a 304 without a body while it has not. (Versioned names are
    // cached for good: `Site::respond`.)
    set(header::CACHE_CONTROL, "no-cache");
    set(header::VARY, "Accept-Encoding");
    if let Some(encoding) = encoding {
        set(header::CONTENT_ENCODING, encoding.token());
    }
    if revalidated {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    set(header::CONTENT_LENGTH, &file.bytes.len().to_string());
    if method == Method::HEAD {
        return (StatusCode::OK, headers).into_response();
    }
    (StatusCode::OK, headers, axum::body::Body::from(file.bytes)).into_response()
}

/// The file a URL path names inside the site, or `None` for anything that is not a plain relative
/// path (`..`, backslashes, empty, encoded characters — the site has none).
fn site_path(uri_path: &str) -> Option<String> {
    let relative = uri_path.strip_prefix('/')?;
    let plain = |segment: &str| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.contains(['\\', '%', '\0'])
    };
    relative.split('/').all(plain).then(|| relative.to_string())
}

/// Whether an `Accept-Encoding` value allows `token` (and does not refuse it with `q=0`).
fn accepts(accept_encoding: &str, token: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(token) || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert_eq!(
            site_path("/pkg/roadmap.wasm").as_deref(),
            Some("pkg/roadmap.wasm")
        );
        assert_eq!(site_path("/favicon.ico").as_deref(), Some("favicon.ico"));
        for hostile in [
            "/",
            "/../Cargo.toml",
            "/pkg/../../etc/passwd",
            "/pkg/./roadmap.js",
            "/pkg\\..\\x",
            "/pkg/%2e%2e/x",
            "//etc/passwd",
            "pkg/roadmap.js",
        ] {
            assert_eq!(site_path(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("", "gzip"));
        assert!(accepts("GZIP", "gzip"));
    }

    #[tokio::test]
    async fn a_folder_site_serves_the_precompressed_copy_and_revalidates() {
        let dir = std::env::temp_dir().join(format!("roadmap-site-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("pkg/roadmap.js"), b"export function hydrate() {}").unwrap();
        std::fs::write(dir.join("pkg/roadmap.js.gz"), b"gzipped").unwrap();
        let site = SiteFiles::new(Some(dir.clone()));
        site.check().await.unwrap();

        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let response = site
            .respond(&Method::GET, "/pkg/roadmap.js", &headers)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/javascript");
        let etag = response.headers()[header::ETAG].clone();

        headers.insert(header::IF_NONE_MATCH, etag);
        let again = site
            .respond(&Method::GET, "/pkg/roadmap.js", &headers)
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

        let plain = site
            .respond(&Method::GET, "/pkg/roadmap.js", &HeaderMap::new())
            .await
            .unwrap();
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::CONTENT_LENGTH], "28");

        assert!(site
            .respond(&Method::GET, "/pkg/missing.js", &HeaderMap::new())
            .await
            .is_none());
        assert!(site
            .respond(&Method::POST, "/pkg/roadmap.js", &HeaderMap::new())
            .await
            .is_none());
        // Versioned names: the pages link to them, and they are kept for good.
        std::fs::write(dir.join("pkg/roadmap.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("pkg/roadmap.css"), b"body {}").unwrap();
        let names = site.versioned_names().await.unwrap();
        assert!(names.bundle_stem.starts_with("roadmap.") && names.bundle_stem.len() == 24);
        let versioned = Site {
            files: site.clone(),
            names: Some(names.clone()),
        };
        let css = versioned
            .respond(&Method::GET, &names.stylesheet, &HeaderMap::new())
            .await
            .unwrap();
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(
            css.headers()[header::CACHE_CONTROL],
            VERSIONED_CACHE_CONTROL
        );
        assert_eq!(css.headers()[header::CONTENT_TYPE], "text/css");
        let wasm = versioned
            .respond(
                &Method::GET,
                &format!("/pkg/{}.wasm", names.bundle_stem),
                &HeaderMap::new(),
            )
            .await
            .unwrap();
        assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
        let plain = versioned
            .respond(&Method::GET, "/pkg/roadmap.css", &HeaderMap::new())
            .await
            .unwrap();
        assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(versioned
            .respond(
                &Method::GET,
                "/pkg/roadmap.0123456789abcdef.css",
                &HeaderMap::new()
            )
            .await
            .is_none());
        // Any change to the content is a new name.
        std::fs::write(dir.join("pkg/roadmap.css"), b"body { color: black }").unwrap();
        let renamed = site.versioned_names().await.unwrap();
        assert_ne!(renamed.stylesheet, names.stylesheet);
        assert_eq!(renamed.bundle_stem, names.bundle_stem);

        assert!(SiteFiles::new(Some(dir.join("nowhere")))
            .check()
            .await
            .is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
