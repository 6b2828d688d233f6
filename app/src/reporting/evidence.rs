//! Checking an uploaded evidence file before it is kept: its size, its kind by content, zip
//! bombs, and its SHA-256 (files are stored once per content).

use std::io::Cursor;

use sha2::{Digest, Sha256};

use crate::db::sessions::hex;
use crate::domain::evidence::{classify, display_name, is_zip, EvidenceKind};
use crate::domain::problem::Problem;

/// The default limit on one evidence file.
pub const DEFAULT_MAX_MEGABYTES: usize = 50;
/// What a zip container may unpack to; more is a zip bomb, not a document.
const MAX_UNPACKED_BYTES: u64 = 500 * 1024 * 1024;

/// An accepted file: its kind, the name to show and its content hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub file_name: String,
    pub sha256: String,
}

/// Accepts or refuses an uploaded file.
pub fn inspect(
    uploaded_name: &str,
    bytes: &[u8],
    max_megabytes: usize,
) -> Result<Evidence, Problem> {
    if bytes.is_empty() {
        return Err(Problem::FileEmpty);
    }
    if bytes.len() > max_megabytes.saturating_mul(1024 * 1024) {
        return Err(Problem::EvidenceTooLarge {
            megabytes: bytes.len().div_ceil(1024 * 1024),
            limit: max_megabytes,
        });
    }
    let entries = if is_zip(bytes) {
        zip_entries(bytes)?
    } else {
        Vec::new()
    };
    let kind = classify(bytes, &entries).ok_or(Problem::EvidenceType)?;
    Ok(Evidence {
        kind,
        file_name: display_name(uploaded_name),
        sha256: hex(&Sha256::digest(bytes)),
    })
}

/// The entry names of a zip container, refusing one that would unpack to too much.
fn zip_entries(bytes: &[u8]) -> Result<Vec<String>, Problem> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Problem::EvidenceType)?;
    let mut unpacked: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| Problem::EvidenceType)?;
        unpacked = unpacked.saturating_add(entry.size());
        // A large entry packed a hundred times smaller is a bomb, whatever the total.
        let ratio = entry.size() / entry.compressed_size().max(1);
        if unpacked > MAX_UNPACKED_BYTES || (entry.size() > 10 * 1024 * 1024 && ratio > 100) {
            return Err(Problem::ZipBomb);
        }
        names.push(entry.name().to_string());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file(name, options).unwrap();
            w.write_all(content).unwrap();
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn hostile_files_are_refused() {
        assert_eq!(
            inspect("x.pdf", b"<html><script>alert(1)</script></html>", 50),
            Err(Problem::EvidenceType)
        );
        assert_eq!(inspect("x.pdf", b"", 50), Err(Problem::FileEmpty));
        let big = vec![b'%'; 2 * 1024 * 1024];
        assert!(matches!(
            inspect("big.pdf", &big, 1),
            Err(Problem::EvidenceTooLarge { limit: 1, .. })
        ));
        // 20 MB of zeros packs into a few kilobytes.
        let bomb = zip_with("word/document.xml", &vec![0u8; 20 * 1024 * 1024]);
        assert_eq!(inspect("报告.docx", &bomb, 50), Err(Problem::ZipBomb));
    }

    #[test]
    fn good_files_keep_their_names_and_get_a_hash() {
        let pdf = b"%PDF-1.4\n%test\n";
        let evidence = inspect("../机房验收.pdf", pdf, 50).unwrap();
        assert_eq!(evidence.kind, EvidenceKind::Pdf);
        assert_eq!(evidence.file_name, "机房验收.pdf");
        assert_eq!(evidence.sha256.len(), 64);
        assert_eq!(
            inspect("other.pdf", pdf, 50).unwrap().sha256,
            evidence.sha256
        );
    }
}
