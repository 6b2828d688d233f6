//! The layering rules of the README's architecture section, checked on the source itself.

use std::path::{Path, PathBuf};

/// Files that may hold Chinese text outside `i18n/`: the sample and synthetic data, and the
/// provincial template, which is a Chinese file format rather than interface messages, and the
/// font names a 公文 is set in.
const CHINESE_ALLOWED: [&str; 7] = [
    "app/src/db/seed.rs",
    "app/src/db/synthetic.rs",
    "app/src/domain/report_sheet.rs",
    "app/src/domain/import_sheet.rs",
    "app/src/domain/activity_sheet.rs",
    "app/src/domain/plan_sheet.rs",
    "app/src/work_report/docx.rs",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Every `.rs` file under `dir`, as (path relative to the workspace, text).
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = workspace();
    let mut pending = vec![root.join(dir)];
    let mut found = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder is readable") {
            let path = entry.expect("source entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file is readable");
                let relative = path
                    .strip_prefix(&root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                found.push((relative, text));
            }
        }
    }
    found.sort();
    found
}

/// The code a user can meet: everything before the unit tests, without comments.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(i, line)| (i + 1, line))
}

/// String literals of one line (a plain scanner: enough for this code base's style).
fn string_literals(line: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut current: Option<String> = None;
    let mut escaped = false;
    for c in line.chars() {
        match &mut current {
            Some(text) if escaped => {
                text.push(c);
                escaped = false;
            }
            Some(_) if c == '\\' => escaped = true,
            Some(text) if c == '"' => {
                literals.push(std::mem::take(text));
                current = None;
            }
            Some(text) => text.push(c),
            None if c == '"' => current = Some(String::new()),
            None => {}
        }
    }
    // A literal that goes on to the next line still counts with what this line holds.
    literals.extend(current);
    literals
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn chinese_text_lives_in_i18n_the_seed_data_and_the_template() {
    let mut offenders = Vec::new();
    for dir in ["app/src", "server/src"] {
        for (path, text) in sources(dir) {
            if path.starts_with("app/src/i18n/") || CHINESE_ALLOWED.contains(&path.as_str()) {
                continue;
            }
            for (n, line) in code_lines(&text) {
                if string_literals(line)
                    .iter()
                    .any(|literal| literal.chars().any(is_chinese))
                {
                    offenders.push(format!("{path}:{n}: {}", line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "Chinese messages belong in app/src/i18n/:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn only_pages_and_components_call_the_server_functions() {
    let mut offenders = Vec::new();
    for (path, text) in sources("app/src") {
        let allowed = ["app/src/api/", "app/src/pages/", "app/src/components/"]
            .iter()
            .any(|dir| path.starts_with(dir));
        if allowed || path == "app/src/lib.rs" {
            continue;
        }
        for (n, line) in code_lines(&text) {
            if line.contains("crate::api") {
                offenders.push(format!("{path}:{n}: {}", line.trim()));
            }
        }
    }
    for (path, text) in sources("server/src") {
        for (n, line) in code_lines(&text) {
            if line.contains("app::api") {
                offenders.push(format!("{path}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the shared vocabulary is crate::model; api/ is for the pages:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn pages_do_not_import_each_other() {
    let mut offenders = Vec::new();
    for (path, text) in sources("app/src/pages") {
        if path.ends_with("/mod.rs") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            if line.contains("crate::pages::") || line.trim_start().starts_with("use super::") {
                offenders.push(format!("{path}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "what two pages share is a component (app/src/components/):\n{}",
        offenders.join("\n")
    );
}

/// Words that start a statement (this code base writes SQL keywords in capitals): a string
/// holding one is SQL.
fn is_sql(text: &str) -> bool {
    let text = text.trim_start();
    [
        "SELECT ",
        "INSERT INTO ",
        "UPDATE ",
        "DELETE FROM ",
        "WITH RECURSIVE ",
    ]
    .iter()
    .any(|start| text.starts_with(start))
}

#[test]
fn every_sql_statement_lives_in_db() {
    let mut offenders = Vec::new();
    for dir in ["app/src", "server/src"] {
        for (path, text) in sources(dir) {
            if path.starts_with("app/src/db/") {
                continue;
            }
            for (n, line) in code_lines(&text) {
                let sql = string_literals(line).iter().any(|l| is_sql(l));
                if sql || line.contains("sqlx::query") {
                    offenders.push(format!("{path}:{n}: {}", line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "queries belong in app/src/db/ (one module per entity):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_scanner_finds_literals_and_skips_escapes() {
    assert_eq!(
        string_literals(r#"f("请填写{}", "a\"b", 'x')"#),
        vec!["请填写{}".to_string(), "a\"b".to_string()]
    );
    assert!(string_literals("let n = 1;").is_empty());
    assert_eq!(
        string_literals(r#"q("SELECT a,"#),
        vec!["SELECT a,".to_string()]
    );
    assert!(is_sql(" SELECT 1") && is_sql("DELETE FROM x"));
    assert!(!is_sql("Selected") && !is_sql("With --synthetic: how many"));
}
