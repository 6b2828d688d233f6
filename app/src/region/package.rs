//! The 上报 package as a file: a zip of `report.json`, the provincial sheet and a manifest naming
//! every other file with its size and SHA-256, the manifest signed with the county's Ed25519
//! key (`manifest.sig`). Writing and checking it needs no database: [`verify`] is given the
//! registered public key and answers whether every byte is as the county signed it.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::report::{is_known_schema, CountyReport};
use super::RegionError;
use crate::backup::manifest::Entry;
use crate::db::sessions::hex;

/// What `manifest.json` names its format: anything else is not a 上报 package.
pub const FORMAT: &str = "roadmap-county-package";
pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const REPORT: &str = "report.json";
pub const SHEET: &str = "sheet.xlsx";

/// Limits for reading an uploaded zip, so that a hostile file cannot exhaust memory: a county of
/// 10,000 projects makes a package of a few megabytes.
pub const MAX_PACKAGE_BYTES: usize = 256 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageManifest {
    pub format: String,
    /// The layout of `report.json` (see [`super::report`]).
    pub schema_version: u32,
    pub app_version: String,
    pub county: String,
    pub region_code: String,
    /// `2026-11`
    pub period: String,
    /// The county's count of packages signed: a newer package has a higher number.
    pub sequence: i64,
    /// When, in UTC (RFC 3339).
    pub generated_at: String,
    /// The signing key's public half (base64), to help a receiver say which key signed it; it
    /// is never trusted: the key checked against is the one registered for the county.
    pub public_key: String,
    pub files: Vec<Entry>,
}

/// The key a county signs with, and its public half as registered upstream.
pub struct CountyKey(SigningKey);

impl CountyKey {
    /// A new random key.
    pub fn generate() -> CountyKey {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut seed = [0u8; 32];
        OsRng.fill_bytes(&mut seed);
        CountyKey(SigningKey::from_bytes(&seed))
    }

    /// From the stored seed (base64).
    pub fn from_seed_base64(text: &str) -> Option<CountyKey> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .ok()?;
        let seed: [u8; 32] = bytes.try_into().ok()?;
        Some(CountyKey(SigningKey::from_bytes(&seed)))
    }

    pub fn seed_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.0.to_bytes())
    }

    pub fn public_base64(&self) -> String {
        public_base64(&self.0.verifying_key())
    }
}

fn public_base64(key: &VerifyingKey) -> String {
    base64::engine::general_purpose::STANDARD.encode(key.to_bytes())
}

/// Reads a public key as `roadmap package key` prints it (base64 of 32 bytes).
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, RegionError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| RegionError::BadPublicKey)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| RegionError::BadPublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| RegionError::BadPublicKey)
}

/// The key's public half in its canonical text, whatever spacing it was given with.
pub fn canonical_public_key(text: &str) -> Result<String, RegionError> {
    parse_public_key(text).map(|key| public_base64(&key))
}

/// A short fingerprint of a public key for people to compare over the phone: the first 16 hex
/// digits of its SHA-256, in groups of four.
pub fn fingerprint(public_key: &str) -> String {
    let digest = hex(&Sha256::digest(public_key.trim().as_bytes()));
    digest.as_bytes()[..16]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The package's files before they are zipped: names and bytes, the manifest and signature not
/// among them.
pub struct Contents {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes the zip: every file, then the manifest naming them, then its signature.
pub fn write(
    contents: &Contents,
    mut manifest: PackageManifest,
    key: &CountyKey,
) -> Result<Vec<u8>, RegionError> {
    use zip::write::SimpleFileOptions;
    manifest.public_key = key.public_base64();
    manifest.files = contents
        .files
        .iter()
        .map(|(name, bytes)| Entry {
            name: name.clone(),
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
        })
        .collect();
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| RegionError::Write(e.to_string()))?;
    let signature = key.0.sign(&manifest_bytes);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), RegionError> {
        zip.start_file(name, options)
            .map_err(|e| RegionError::Write(e.to_string()))?;
        zip.write_all(bytes)
            .map_err(|e| RegionError::Write(e.to_string()))
    };
    for (name, bytes) in &contents.files {
        add(name, bytes)?;
    }
    add(MANIFEST, &manifest_bytes)?;
    add(
        SIGNATURE,
        base64::engine::general_purpose::STANDARD
            .encode(signature.to_bytes())
            .as_bytes(),
    )?;
    let cursor = zip
        .finish()
        .map_err(|e| RegionError::Write(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// The zip's files by name, read with limits on their number and size.
pub fn read_zip(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, RegionError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| RegionError::NotAPackage)?;
    if archive.len() > MAX_ENTRIES {
        return Err(RegionError::NotAPackage);
    }
    let mut files = BTreeMap::new();
    let mut total = 0usize;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|_| RegionError::NotAPackage)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        let mut content = Vec::new();
        // Read at most one byte past the limit left, whatever the entry claims its size is.
        let limit = (MAX_PACKAGE_BYTES - total) as u64 + 1;
        (&mut file)
            .take(limit)
            .read_to_end(&mut content)
            .map_err(|_| RegionError::Tampered(name.clone()))?;
        total += content.len();
        if total > MAX_PACKAGE_BYTES {
            return Err(RegionError::TooLarge);
        }
        if files.insert(name.clone(), content).is_some() {
            return Err(RegionError::Tampered(name));
        }
    }
    Ok(files)
}

/// The manifest of a package, read but not yet trusted: which county it claims to be from.
pub fn claimed_manifest(files: &BTreeMap<String, Vec<u8>>) -> Result<PackageManifest, RegionError> {
    let bytes = files.get(MANIFEST).ok_or(RegionError::NotAPackage)?;
    let manifest: PackageManifest =
        serde_json::from_slice(bytes).map_err(|_| RegionError::NotAPackage)?;
    if manifest.format != FORMAT {
        return Err(RegionError::NotAPackage);
    }
    Ok(manifest)
}

/// A package whose signature and every file checked out.
#[derive(Debug)]
pub struct Verified {
    pub manifest: PackageManifest,
    pub manifest_sha256: String,
    pub report: CountyReport,
}

/// Checks `files` against `registered_key`, the public key registered for the county the
/// manifest names: the signature over the manifest, each file's size and SHA-256, no file
/// missing or added, a layout this program reads, and a report that says what the manifest says.
pub fn verify(
    files: &BTreeMap<String, Vec<u8>>,
    registered_key: &str,
) -> Result<Verified, RegionError> {
    let manifest = claimed_manifest(files)?;
    let manifest_bytes = files.get(MANIFEST).ok_or(RegionError::NotAPackage)?;
    let key = parse_public_key(registered_key)?;
    let signature_text = files
        .get(SIGNATURE)
        .ok_or_else(|| RegionError::Unsigned(manifest.county.clone()))?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(String::from_utf8_lossy(signature_text).trim())
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or_else(|| RegionError::Unsigned(manifest.county.clone()))?;
    key.verify_strict(manifest_bytes, &signature)
        .map_err(|_| RegionError::WrongKey(manifest.county.clone()))?;
    if !is_known_schema(manifest.schema_version) {
        return Err(RegionError::UnknownSchema(manifest.schema_version));
    }
    for entry in &manifest.files {
        let bytes = files
            .get(&entry.name)
            .ok_or_else(|| RegionError::Missing(entry.name.clone()))?;
        if bytes.len() as u64 != entry.bytes || hex(&Sha256::digest(bytes)) != entry.sha256 {
            return Err(RegionError::Tampered(entry.name.clone()));
        }
    }
    if let Some(extra) = files.keys().find(|name| {
        *name != MANIFEST && *name != SIGNATURE && !manifest.files.iter().any(|e| e.name == **name)
    }) {
        return Err(RegionError::Added(extra.clone()));
    }
    let report_bytes = files
        .get(REPORT)
        .ok_or_else(|| RegionError::Missing(REPORT.to_string()))?;
    let report: CountyReport =
        serde_json::from_slice(report_bytes).map_err(|e| RegionError::BadReport(e.to_string()))?;
    if report.schema_version != manifest.schema_version
        || report.region_code != manifest.region_code
        || report.period.code() != manifest.period
    {
        return Err(RegionError::BadReport(
            "report.json does not match manifest.json".into(),
        ));
    }
    Ok(Verified {
        manifest_sha256: hex(&Sha256::digest(manifest_bytes)),
        manifest,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::region::report::*;

    fn report(version: u32) -> CountyReport {
        CountyReport {
            schema_version: version,
            county: "示例县".into(),
            region_code: "339901".into(),
            period: Period::new(2026, 11).unwrap(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            figures: FigureSource::Live,
            overall: Progress::default(),
            counts: Counts::default(),
            rollups: vec![],
            investment: Investment::default(),
            projects: vec![],
            milestones: vec![],
            round: None,
            indicators: vec![],
            activities: vec![],
            evidence: vec![],
        }
    }

    fn manifest(version: u32) -> PackageManifest {
        PackageManifest {
            format: FORMAT.into(),
            schema_version: version,
            app_version: "test".into(),
            county: "示例县".into(),
            region_code: "339901".into(),
            period: "2026-11".into(),
            sequence: 1,
            generated_at: "2026-11-30T08:00:00Z".into(),
            public_key: String::new(),
            files: vec![],
        }
    }

    fn package(key: &CountyKey, version: u32) -> Vec<u8> {
        let contents = Contents {
            files: vec![
                (REPORT.into(), serde_json::to_vec(&report(version)).unwrap()),
                (SHEET.into(), b"not really a sheet".to_vec()),
            ],
        };
        write(&contents, manifest(version), key).unwrap()
    }

    #[test]
    fn a_package_verifies_with_its_county_key() {
        let key = CountyKey::generate();
        let files = read_zip(&package(&key, SCHEMA_VERSION)).unwrap();
        let verified = verify(&files, &key.public_base64()).unwrap();
        assert_eq!(verified.report.county, "示例县");
        assert_eq!(verified.manifest.files.len(), 2);
    }

    #[test]
    fn one_changed_byte_in_any_file_is_found() {
        let key = CountyKey::generate();
        let files = read_zip(&package(&key, SCHEMA_VERSION)).unwrap();
        for name in files.keys() {
            let mut changed = files.clone();
            let bytes = changed.get_mut(name).unwrap();
            let last = bytes.len() - 2;
            bytes[last] ^= 1;
            let result = verify(&changed, &key.public_base64());
            assert!(result.is_err(), "{name} changed but verified");
        }
    }

    #[test]
    fn a_file_added_or_removed_is_found() {
        let key = CountyKey::generate();
        let files = read_zip(&package(&key, SCHEMA_VERSION)).unwrap();
        let mut added = files.clone();
        added.insert("extra.txt".into(), b"x".to_vec());
        assert!(matches!(
            verify(&added, &key.public_base64()),
            Err(RegionError::Added(name)) if name == "extra.txt"
        ));
        let mut removed = files.clone();
        removed.remove(SHEET);
        assert!(matches!(
            verify(&removed, &key.public_base64()),
            Err(RegionError::Missing(name)) if name == SHEET
        ));
    }

    #[test]
    fn a_package_signed_with_another_key_is_refused() {
        let registered = CountyKey::generate();
        let other = CountyKey::generate();
        let files = read_zip(&package(&other, SCHEMA_VERSION)).unwrap();
        assert!(matches!(
            verify(&files, &registered.public_base64()),
            Err(RegionError::WrongKey(_))
        ));
    }

    #[test]
    fn an_older_layout_verifies_and_an_unknown_one_is_refused() {
        let key = CountyKey::generate();
        let old = read_zip(&package(&key, OLDEST_SCHEMA)).unwrap();
        assert_eq!(
            verify(&old, &key.public_base64())
                .unwrap()
                .report
                .schema_version,
            OLDEST_SCHEMA
        );
        let future = read_zip(&package(&key, SCHEMA_VERSION + 1)).unwrap();
        assert!(matches!(
            verify(&future, &key.public_base64()),
            Err(RegionError::UnknownSchema(v)) if v == SCHEMA_VERSION + 1
        ));
    }

    #[test]
    fn something_else_is_not_a_package() {
        assert!(matches!(
            read_zip(b"PK not a zip"),
            Err(RegionError::NotAPackage)
        ));
        let mut files = BTreeMap::new();
        files.insert(MANIFEST.to_string(), b"{\"format\":\"x\"}".to_vec());
        assert!(matches!(
            claimed_manifest(&files),
            Err(RegionError::NotAPackage)
        ));
    }

    #[test]
    fn keys_read_back_and_fingerprints_are_short() {
        let key = CountyKey::generate();
        let again = CountyKey::from_seed_base64(&key.seed_base64()).unwrap();
        assert_eq!(again.public_base64(), key.public_base64());
        assert_eq!(
            canonical_public_key(&format!("  {} \n", key.public_base64())).unwrap(),
            key.public_base64()
        );
        assert!(parse_public_key("abc").is_err());
        assert_eq!(fingerprint(&key.public_base64()).len(), 19);
    }
}
