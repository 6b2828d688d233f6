//! A release build embeds `target/site` (see `src/site.rs`). Cargo already rebuilds when an embedded
//! file changes; this makes it rebuild when files are added or removed too, and says so when the
//! folder is missing, since such a binary would refuse to serve.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Debug builds read the folder at run time, so they need not be rebuilt when it changes.
    if std::env::var("PROFILE").as_deref() != Ok("release") {
        return;
    }
    let site = std::path::Path::new("../target/site");
    println!("cargo:rerun-if-changed=../target/site");
    if !site.join("pkg").is_dir() {
        println!(
            "cargo:warning=target/site/pkg is missing: this roadmap binary will not contain the site \
             and will refuse to serve. Build with `cargo leptos build --release` (scripts/start.sh)."
        );
    }
}
