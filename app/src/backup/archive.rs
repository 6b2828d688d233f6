//! The backup file: a zip holding the database, the files kept outside it, and `manifest.json`
//! last, with each entry's size and SHA-256.
//!
//! A backup is written as `FILE.partial` and renamed to `FILE` only once it is complete and on
//! disk (`fsync`), so a crash or a full disk never leaves a `FILE` that looks complete; a reader
//! checks every entry against the manifest before anything is restored from it.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use super::manifest::{Entry, Manifest, MANIFEST};
use super::BackupError;
use crate::db::sessions::hex;

/// A backup being written.
pub struct ArchiveWriter {
    zip: Option<zip::ZipWriter<BufWriter<File>>>,
    entries: Vec<Entry>,
    partial: PathBuf,
    out: PathBuf,
}

impl ArchiveWriter {
    /// Starts `out` (as `out.partial`, replacing a partial one a crash left behind).
    pub fn create(out: &Path) -> Result<ArchiveWriter, BackupError> {
        let partial = partial_path(out);
        let file = File::create(&partial).map_err(|e| BackupError::io(&partial, e))?;
        Ok(ArchiveWriter {
            zip: Some(zip::ZipWriter::new(BufWriter::new(file))),
            entries: Vec::new(),
            partial,
            out: out.to_path_buf(),
        })
    }

    /// Adds the file at `path` as `name`, compressed when `compress` (a database; evidence is
    /// PDF and images, compressed already).
    pub fn add_file(&mut self, name: &str, path: &Path, compress: bool) -> Result<(), BackupError> {
        let mut source = File::open(path).map_err(|e| BackupError::io(path, e))?;
        self.add(name, &mut source, compress)
    }

    /// Adds `bytes` as `name`, stored as they are.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<(), BackupError> {
        self.add(name, &mut &bytes[..], false)
    }

    fn add(
        &mut self,
        name: &str,
        source: &mut dyn Read,
        compress: bool,
    ) -> Result<(), BackupError> {
        let zip = self.zip.as_mut().ok_or(BackupError::NotABackup)?;
        let method = if compress {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(true);
        zip.start_file(name, options)?;
        let mut hashing = Hashing::new(zip);
        io::copy(source, &mut hashing).map_err(|e| BackupError::io(&self.partial, e))?;
        let (bytes, sha256) = hashing.finish();
        self.entries.push(Entry {
            name: name.to_string(),
            bytes,
            sha256,
        });
        Ok(())
    }

    /// Writes the manifest (with the entries written) last, makes the file durable and gives it
    /// its name. Returns the manifest as written.
    pub fn finish(mut self, mut manifest: Manifest) -> Result<Manifest, BackupError> {
        manifest.entries = std::mem::take(&mut self.entries);
        let json = serde_json::to_vec_pretty(&manifest).map_err(|_| BackupError::NotABackup)?;
        let mut zip = self.zip.take().ok_or(BackupError::NotABackup)?;
        zip.start_file(MANIFEST, SimpleFileOptions::default())?;
        zip.write_all(&json)
            .map_err(|e| BackupError::io(&self.partial, e))?;
        let file = zip
            .finish()?
            .into_inner()
            .map_err(|e| BackupError::io(&self.partial, e.into_error()))?;
        file.sync_all()
            .map_err(|e| BackupError::io(&self.partial, e))?;
        drop(file);
        std::fs::rename(&self.partial, &self.out).map_err(|e| BackupError::io(&self.out, e))?;
        sync_parent(&self.out)?;
        Ok(manifest)
    }
}

impl Drop for ArchiveWriter {
    /// A backup that failed half-way leaves nothing behind (a crash may leave the `.partial`,
    /// which the next backup to the same name replaces).
    fn drop(&mut self) {
        if self.zip.is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// Where `out` is written until it is complete.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_os_string();
    name.push(".partial");
    PathBuf::from(name)
}

/// A rename is durable only once the folder holding it is written out.
pub fn sync_parent(path: &Path) -> Result<(), BackupError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| BackupError::io(parent, e))
}

/// A backup being read.
pub struct ArchiveReader {
    zip: zip::ZipArchive<BufReader<File>>,
    pub manifest: Manifest,
    path: PathBuf,
}

impl ArchiveReader {
    /// Opens `path` and reads its manifest. A file that is not a zip, or a zip without a
    /// Roadmap manifest, is not a backup; one cut short has no zip directory and is not one
    /// either.
    pub fn open(path: &Path) -> Result<ArchiveReader, BackupError> {
        let file = File::open(path).map_err(|e| BackupError::io(path, e))?;
        let mut zip =
            zip::ZipArchive::new(BufReader::new(file)).map_err(|_| BackupError::NotABackup)?;
        let mut json = Vec::new();
        zip.by_name(MANIFEST)
            .map_err(|_| BackupError::NotABackup)?
            .read_to_end(&mut json)
            .map_err(|_| BackupError::Damaged(MANIFEST.to_string()))?;
        let manifest = Manifest::parse(&json)?;
        Ok(ArchiveReader {
            zip,
            manifest,
            path: path.to_path_buf(),
        })
    }

    /// Reads every entry the manifest lists and checks its size and SHA-256: the first that
    /// is missing or differs is named.
    pub fn verify(&mut self) -> Result<(), BackupError> {
        let entries = self.manifest.entries.clone();
        for entry in &entries {
            self.copy_checked(entry, &mut io::sink())?;
        }
        Ok(())
    }

    /// Writes entry `name` to the file `to`, checking it on the way.
    pub fn extract(&mut self, name: &str, to: &Path) -> Result<(), BackupError> {
        let entry = self.entry(name)?;
        let file = File::create(to).map_err(|e| BackupError::io(to, e))?;
        let mut out = BufWriter::new(file);
        self.copy_checked(&entry, &mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| BackupError::io(to, e.into_error()))?;
        file.sync_all().map_err(|e| BackupError::io(to, e))
    }

    /// The bytes of entry `name`, checked.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, BackupError> {
        let entry = self.entry(name)?;
        let mut bytes = Vec::with_capacity(entry.bytes.min(64 << 20) as usize);
        self.copy_checked(&entry, &mut bytes)?;
        Ok(bytes)
    }

    fn entry(&self, name: &str) -> Result<Entry, BackupError> {
        self.manifest
            .entries
            .iter()
            .find(|e| e.name == name)
            .cloned()
            .ok_or_else(|| BackupError::Damaged(name.to_string()))
    }

    fn copy_checked(&mut self, entry: &Entry, out: &mut dyn Write) -> Result<(), BackupError> {
        let damaged = || BackupError::Damaged(entry.name.clone());
        let mut member = self.zip.by_name(&entry.name).map_err(|_| damaged())?;
        let mut hashing = Hashing::new(out);
        // A member whose bytes fail the zip's own CRC check is damaged too.
        io::copy(&mut member, &mut hashing).map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => damaged(),
            _ => BackupError::io(&self.path, e),
        })?;
        let (bytes, sha256) = hashing.finish();
        if bytes != entry.bytes || sha256 != entry.sha256 {
            return Err(damaged());
        }
        Ok(())
    }
}

/// Passes bytes on to `inner`, counting them and hashing them as they go.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn finish(self) -> (u64, String) {
        (self.bytes, hex(&self.hasher.finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::backup::manifest::{Backend, SQLITE_DATABASE};

    fn write_backup(dir: &Path) -> PathBuf {
        let out = dir.join("backup.zip");
        let database = dir.join("db");
        std::fs::write(&database, vec![7u8; 100_000]).unwrap();
        let mut writer = ArchiveWriter::create(&out).unwrap();
        writer.add_file(SQLITE_DATABASE, &database, true).unwrap();
        writer.add_bytes("files/abc", b"evidence").unwrap();
        writer
            .finish(Manifest::new(Backend::Sqlite, 12, BTreeMap::new()))
            .unwrap();
        out
    }

    #[test]
    fn a_backup_reads_back_whole_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = write_backup(dir.path());
        assert!(!partial_path(&out).exists());
        let mut reader = ArchiveReader::open(&out).unwrap();
        reader.verify().unwrap();
        assert_eq!(reader.manifest.entries.len(), 2);
        assert_eq!(reader.read("files/abc").unwrap(), b"evidence");
        let extracted = dir.path().join("extracted");
        reader.extract(SQLITE_DATABASE, &extracted).unwrap();
        assert_eq!(std::fs::read(extracted).unwrap(), vec![7u8; 100_000]);
    }

    #[test]
    fn a_backup_abandoned_half_way_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("backup.zip");
        let mut writer = ArchiveWriter::create(&out).unwrap();
        writer.add_bytes("files/abc", b"evidence").unwrap();
        drop(writer);
        assert!(!out.exists() && !partial_path(&out).exists());
    }

    #[test]
    fn a_cut_short_or_altered_backup_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = write_backup(dir.path());
        let bytes = std::fs::read(&out).unwrap();

        let cut = dir.path().join("cut.zip");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(
            ArchiveReader::open(&cut),
            Err(BackupError::NotABackup)
        ));

        // One byte of the stored evidence changed: the zip still opens, the check names it.
        let evidence_at = bytes.windows(8).position(|w| w == b"evidence").unwrap();
        let mut altered = bytes.clone();
        altered[evidence_at] = b'E';
        let altered_path = dir.path().join("altered.zip");
        std::fs::write(&altered_path, altered).unwrap();
        let mut reader = ArchiveReader::open(&altered_path).unwrap();
        match reader.verify() {
            Err(BackupError::Damaged(name)) => assert_eq!(name, "files/abc"),
            other => panic!("expected the altered entry to be named, got {other:?}"),
        }

        let foreign = dir.path().join("foreign.zip");
        std::fs::write(&foreign, b"not a zip at all").unwrap();
        assert!(matches!(
            ArchiveReader::open(&foreign),
            Err(BackupError::NotABackup)
        ));
    }
}
