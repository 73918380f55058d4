//! Safe file writes: a temporary file beside the target, then a rename, so the old file
//! stays intact until the new one is complete.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::i18n::{self, Lang, fill};

/// A whole file's bytes: mapped into memory when large (read straight from the
/// system's file cache, without a copy), read into memory otherwise.
pub enum WholeFile {
    /// Mapped, read-only.
    Mapped(memmap2::Mmap),
    /// Read into memory.
    Read(Vec<u8>),
}

impl std::ops::Deref for WholeFile {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            WholeFile::Mapped(m) => m,
            WholeFile::Read(v) => v,
        }
    }
}

impl WholeFile {
    /// Gives the pages holding `range` back to the system, when the file is mapped:
    /// bytes read once need not stay in memory. They are read from the file again if
    /// looked at later.
    pub fn give_back(&self, range: std::ops::Range<usize>) {
        #[cfg(unix)]
        if let WholeFile::Mapped(map) = self {
            const PAGE: usize = 4096;
            // Whole pages inside the range only: the pages at its ends are still in use.
            let start = range.start.div_ceil(PAGE) * PAGE;
            let end = (range.end.min(map.len()) / PAGE) * PAGE;
            if start < end {
                // SAFETY: the map is only ever read, so no change is lost; the
                // pages read back from the file hold the same bytes (see `read_saved`).
                let _ = unsafe {
                    map.unchecked_advise_range(
                        memmap2::UncheckedAdvice::DontNeed,
                        start,
                        end - start,
                    )
                };
            }
        }
        #[cfg(not(unix))]
        let _ = range;
    }
}

/// Files from this size are mapped rather than read.
const MAP_FROM: u64 = 16 << 20;

/// The largest saved report that is opened. One answer of the API is at most 256 MB; a
/// file holding many answers may be larger, but past this size it would not fit in the
/// memory of a usual office computer once read.
pub const MAX_SAVED_BYTES: u64 = 2_000_000_000;

/// Why a saved report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadFileError {
    /// It could not be opened or read.
    #[error("cannot open: {0}")]
    Open(#[from] io::Error),
    /// A folder, a device or a pipe.
    #[error("not a regular file")]
    NotAFile,
    /// Larger than [`MAX_SAVED_BYTES`].
    #[error("too large: {bytes} bytes")]
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
}

impl ReadFileError {
    /// The plain-language message about the file at `path`.
    pub fn message(&self, lang: Lang, path: &Path) -> String {
        let t = lang.texts();
        let shown = path.display();
        match self {
            ReadFileError::Open(e) => fill(
                t.file_cannot_open,
                &[("path", &shown), ("reason", &i18n::io_reason(lang, e))],
            ),
            ReadFileError::NotAFile => fill(t.file_not_regular, &[("path", &shown)]),
            ReadFileError::TooLarge { bytes } => {
                let gb = |b: u64| format!("{} GB", i18n::decimal1(lang, b as f64 / 1e9));
                fill(
                    t.file_too_large,
                    &[
                        ("path", &shown),
                        ("size", &gb(*bytes)),
                        ("limit", &gb(MAX_SAVED_BYTES)),
                    ],
                )
            }
        }
    }
}

/// Reads a saved report whole (see [`WholeFile`]). A folder, a device or a pipe is
/// refused before it is opened (reading one could block or never end), and a file over
/// [`MAX_SAVED_BYTES`] before it is read.
pub fn read_saved(path: &Path) -> Result<WholeFile, ReadFileError> {
    read_saved_with(path, true)
}

/// [`read_saved`] for a file read once from start to end, whose read pages are given
/// back ([`WholeFile::give_back`]): a large file's pages are brought in as they are
/// read rather than all before, so that it is never all in memory at once.
pub fn read_saved_once(path: &Path) -> Result<WholeFile, ReadFileError> {
    read_saved_with(path, false)
}

fn read_saved_with(path: &Path, populate: bool) -> Result<WholeFile, ReadFileError> {
    use std::io::Read;
    if !fs::metadata(path)?.is_file() {
        return Err(ReadFileError::NotAFile);
    }
    let file = fs::File::open(path)?;
    // Checked again on the opened file: the name may have been swapped meanwhile.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadFileError::NotAFile);
    }
    if meta.len() > MAX_SAVED_BYTES {
        return Err(ReadFileError::TooLarge { bytes: meta.len() });
    }
    if meta.len() >= MAP_FROM {
        // SAFETY: the map is only ever read, and dropped before this program could write
        // the file. Another program shortening the file while it is read would end this
        // one, the risk every program reading a mapped file takes; a program that saved
        // reports to read them back does not do that.
        let mut options = memmap2::MmapOptions::new();
        if populate {
            options.populate();
        }
        let mapped = unsafe { options.map(&file) };
        if let Ok(map) = mapped {
            return Ok(WholeFile::Mapped(map));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // A file still growing is cut one byte past the limit, so it is refused too.
    file.take(MAX_SAVED_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SAVED_BYTES {
        return Err(ReadFileError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(WholeFile::Read(bytes))
}

/// Writes `bytes` to `path` atomically: on any error the previous file is untouched and no
/// temporary file remains.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `fill` into a buffered writer.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<Ahead<'_>>) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "the target is not a regular file",
        ));
    }
    let tmp = temp_path(path);
    let result = (|| {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        {
            let mut w = io::BufWriter::with_capacity(1 << 16, Ahead::new(&file));
            fill(&mut w)?;
            w.flush()?;
        }
        // While the disk catches up, the cached pages of the file being replaced are let
        // go of (its bytes stay as they are until the rename), which the rename would
        // otherwise do after it.
        std::thread::scope(|s| {
            s.spawn(|| forget_cached(path));
            file.sync_all()
        })?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A file being written that has the system start writing each few megabytes to the
/// disk as soon as they are written, so that the final sync waits for little.
pub struct Ahead<'a> {
    file: &'a fs::File,
    written: u64,
    started: u64,
}

impl<'a> Ahead<'a> {
    /// Bytes between two starts of writing to the disk.
    const EVERY: u64 = 8 << 20;

    fn new(file: &'a fs::File) -> Ahead<'a> {
        Ahead {
            file,
            written: 0,
            started: 0,
        }
    }
}

impl Write for Ahead<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&mut &*self.file).write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= Self::EVERY {
            start_writing(self.file, self.started, self.written - self.started);
            self.started = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&mut &*self.file).flush()
    }
}

/// Starts writing `len` bytes of `file` from `offset` to the disk, without waiting.
#[cfg(target_os = "linux")]
fn start_writing(file: &fs::File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
        return;
    };
    // SAFETY: a plain system call on an open descriptor; it reads no memory of ours.
    // A failure only means the final sync does all the waiting.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_: &fs::File, _: u64, _: u64) {}

/// Lets the system drop the cached pages of the file at `path`, if there is one. Its
/// bytes are untouched: pages are read again from the disk if needed.
#[cfg(target_os = "linux")]
fn forget_cached(path: &Path) {
    use std::os::fd::AsRawFd;
    if let Ok(old) = fs::File::open(path) {
        // SAFETY: a plain system call on an open descriptor; it reads no memory of ours.
        unsafe {
            libc::posix_fadvise(old.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn forget_cached(_: &Path) {}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let unique = format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    path.with_file_name(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        let err = write_atomic_with(&p, |w| {
            w.write_all(b"half")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "no space"))
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn refuses_a_folder_or_a_missing_parent() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert!(write_atomic(&dir.path().join("missing/a.json"), b"x").is_err());
        assert!(leftovers(dir.path()).is_empty());
    }
}
