//! Evidence files (佐证材料): which kinds are accepted, recognised by their content (magic
//! bytes and, for zip containers, what is inside), never by the name they were uploaded with.

use serde::{Deserialize, Serialize};

/// The accepted kinds of evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceKind {
    Pdf,
    /// OFD (GB/T 33190): a zip with `OFD.xml` at its root.
    Ofd,
    Docx,
    Xlsx,
    /// WPS and Office 97–2003 documents (.wps, .et, .doc, .xls): an OLE2 compound file.
    OfficeLegacy,
    Jpeg,
    Png,
    Zip,
}

impl EvidenceKind {
    /// The type a download is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "application/pdf",
            EvidenceKind::Ofd => "application/ofd",
            EvidenceKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            EvidenceKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            EvidenceKind::OfficeLegacy => "application/x-ole-storage",
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Zip => "application/zip",
        }
    }

    /// A photo, which gets a thumbnail.
    pub fn is_image(self) -> bool {
        matches!(self, EvidenceKind::Jpeg | EvidenceKind::Png)
    }
}

/// Whether the bytes start like a zip archive (whose entries then decide the kind).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The kind of a file from its first bytes and, for a zip, the names of its entries; `None`
/// when it is none of the accepted kinds (an HTML page renamed `.pdf`, an executable …).
pub fn classify(bytes: &[u8], zip_entries: &[String]) -> Option<EvidenceKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(EvidenceKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(EvidenceKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(EvidenceKind::Jpeg);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(EvidenceKind::OfficeLegacy);
    }
    if is_zip(bytes) {
        let has = |name: &str| zip_entries.iter().any(|e| e.eq_ignore_ascii_case(name));
        let under = |dir: &str| zip_entries.iter().any(|e| e.starts_with(dir));
        return Some(if has("OFD.xml") {
            EvidenceKind::Ofd
        } else if has("[Content_Types].xml") && under("word/") {
            EvidenceKind::Docx
        } else if has("[Content_Types].xml") && under("xl/") {
            EvidenceKind::Xlsx
        } else {
            EvidenceKind::Zip
        });
    }
    None
}

/// The uploaded name as shown and offered on download: its last path component, without control
/// characters or quotes, at most 120 characters. It is never used as a path.
pub fn display_name(uploaded: &str) -> String {
    let last = uploaded
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(120)
        .collect::<String>();
    let trimmed = last.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        "file".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_content_not_names() {
        assert_eq!(classify(b"%PDF-1.7\n...", &[]), Some(EvidenceKind::Pdf));
        assert_eq!(classify(b"<!DOCTYPE html><html>", &[]), None);
        assert_eq!(classify(b"MZ\x90\x00", &[]), None);
        assert_eq!(
            classify(b"\x89PNG\r\n\x1a\n....", &[]),
            Some(EvidenceKind::Png)
        );
        assert_eq!(
            classify(&[0xFF, 0xD8, 0xFF, 0xE0], &[]),
            Some(EvidenceKind::Jpeg)
        );
        let docx = [
            "[Content_Types].xml".to_string(),
            "word/document.xml".to_string(),
        ];
        assert_eq!(classify(b"PK\x03\x04", &docx), Some(EvidenceKind::Docx));
        let ofd = ["OFD.xml".to_string(), "Doc_0/Document.xml".to_string()];
        assert_eq!(classify(b"PK\x03\x04", &ofd), Some(EvidenceKind::Ofd));
        assert_eq!(
            classify(b"PK\x03\x04", &["a.txt".into()]),
            Some(EvidenceKind::Zip)
        );
    }

    #[test]
    fn names_keep_chinese_but_lose_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(
            display_name("C:\\Users\\张三\\机房验收报告.pdf"),
            "机房验收报告.pdf"
        );
        assert_eq!(display_name("..\\.."), "file");
        assert_eq!(display_name("a\"b\n.pdf"), "ab.pdf");
        assert_eq!(
            display_name("县公安局 2026年11月 佐证.docx"),
            "县公安局 2026年11月 佐证.docx"
        );
    }
}
