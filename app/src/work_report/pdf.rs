//! PDF of a generated document through LibreOffice headless, where the server has it.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one conversion may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(180);

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("LibreOffice (soffice) is not installed on this server")]
    NotInstalled,
    #[error("LibreOffice could not be run: {0}")]
    Run(#[from] std::io::Error),
    #[error("LibreOffice did not finish within {0} seconds")]
    Timeout(u64),
    #[error("LibreOffice made no PDF (exit status {0})")]
    NoOutput(String),
}

/// The LibreOffice program on the PATH, if any.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

pub fn available() -> bool {
    soffice().is_some()
}

/// The PDF of a DOCX. Blocking: call it off the async runtime. Each conversion has its own
/// LibreOffice profile, so two at once do not trip over each other's lock.
pub fn convert(docx: &[u8]) -> Result<Vec<u8>, PdfError> {
    let program = soffice().ok_or(PdfError::NotInstalled)?;
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("report.docx");
    std::fs::write(&input, docx)?;
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut child = Command::new(program)
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::Timeout(TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    std::fs::read(dir.path().join("report.pdf")).map_err(|_| PdfError::NoOutput(status.to_string()))
}
