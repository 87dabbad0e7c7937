//! Writing files without losing anything the user had: every output path is checked before any
//! work starts; files are written under unique temporary names beside their place and renamed
//! into place together at the end (rolled back if one cannot be); a path the user named is never
//! written over without `--overwrite`, while the project's own `target/` folders stay
//! replaceable; and nothing that is not a regular file (a link, a device such as `/dev/null`, a
//! pipe) is ever replaced. `train` has its set put in place by a helper process of its own
//! ([`Outputs::guarded`]), which a signal to `train` (Ctrl-C, `kill`) does not reach; and a run
//! locks the folder it writes into ([`lock_folder`]), so that two runs never mix their files.
//!
//! [`runs`]: which processes still run, the lock of a run's folder, and what killed runs left;
//! [`outputs`]: the set of files put in place together, and the helper that does it for `train`.

mod outputs;
mod runs;

pub use outputs::{help_if_asked, write_file, write_new, Outputs};
pub use runs::{lock_folder, remove_dead_runs, running, FolderLock};

use outputs::hold;
use runs::remove_stale_temporaries;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether `path` lies in this project's `target/` folder (or the one `BACKPROP_TARGET` names),
/// whose outputs a new run replaces. Judged on where the path really leads (`..` and links in
/// its folders followed), not on how it is spelled: `target/../README.md` is not in `target/`.
pub fn replaceable(path: &Path) -> bool {
    let place = resolved(path);
    [crate::lab::settings::crate_dir().join("target"), crate::lab::settings::target_root()]
        .iter()
        .any(|t| place.starts_with(resolved(t)))
}

/// Where `path` really leads: made absolute, its longest existing part resolved by the system
/// (links and `..` followed), the rest (not there yet) with `.` and `..` taken as written.
/// Two spellings of one file resolve alike. The last part is not followed if it is a link (a
/// link is never written through; see [`check`]).
pub fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (mut existing, mut rest) = (absolute, Vec::new());
    loop {
        let is_link = std::fs::symlink_metadata(&existing).is_ok_and(|m| m.file_type().is_symlink());
        if !(rest.is_empty() && is_link) {
            if let Ok(real) = existing.canonicalize() {
                existing = real;
                break;
            }
        }
        match existing.components().next_back() {
            Some(Component::RootDir | Component::Prefix(_)) | None => break, // only the root is left
            Some(last) => {
                rest.push(last.as_os_str().to_os_string());
                existing.pop();
            }
        }
    }
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => drop(existing.pop()),
            Some(Component::CurDir) => {}
            _ => existing.push(part),
        }
    }
    existing
}

/// A temporary name beside `path`, unique to this process and call: `.model.bin.4242-3.partial`.
/// Two programs writing into one folder never share one, and a user's own file is never it.
pub fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let unique = format!(".{name}.{}-{}.partial", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
    path.with_file_name(unique)
}

/// Why an output cannot be written; names the path.
#[derive(Debug)]
pub struct OutputError {
    pub path: PathBuf,
    pub problem: String,
    pub hint: String,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for OutputError {}

fn error(path: &Path, problem: impl Into<String>, hint: impl Into<String>) -> OutputError {
    OutputError { path: path.to_path_buf(), problem: problem.into(), hint: hint.into() }
}
/// Checks, before any work, that `path` can be written: not empty, not a folder, not a link or
/// a special file, its folder creatable and writable, and not there already unless `overwrite`
/// (or it is in `target/`). What is there is looked at itself, not through a link: a link,
/// dangling or not, is the user's.
pub fn check(path: &Path, overwrite: bool) -> Result<(), OutputError> {
    if path.as_os_str().is_empty() {
        return Err(error(path, "the path is empty", "name a file"));
    }
    // What is there is looked up where the path really leads: `target/new/../../README.md` names
    // README.md, though `target/new` is not there yet.
    if let Ok(there) = std::fs::symlink_metadata(resolved(path)) {
        if there.is_dir() {
            return Err(error(path, "is a folder, not a file", "name a file inside it"));
        }
        if there.file_type().is_symlink() {
            return Err(error(path, "is a symbolic link; it is never replaced", "name the file itself, or another name"));
        }
        if !there.is_file() {
            let hint = "name a regular file (this one is a device, a pipe or a socket)";
            return Err(error(path, "is not a regular file; it is never replaced, --overwrite or not", hint));
        }
        if !overwrite && !replaceable(path) {
            let hint = "pass --overwrite to replace it, or choose another name";
            return Err(error(path, "already exists; not overwriting it", hint));
        }
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    check_dir(dir)
}

/// The folder exists (made if need be) and a file can be created in it.
pub fn check_dir(dir: &Path) -> Result<(), OutputError> {
    check_dir_telling(dir, &mut |_| {})
}

/// [`check_dir`], telling `tell` the name of its probe before the probe exists.
fn check_dir_telling(dir: &Path, tell: &mut dyn FnMut(&Path)) -> Result<(), OutputError> {
    if dir.as_os_str().is_empty() {
        return Err(error(dir, "the folder's path is empty", "name a folder, e.g. --out results"));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(error(dir, "is a file, not a folder", "name a folder"));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| error(dir, format!("cannot create the folder ({e})"), "choose a folder you can write to"))?;
    remove_stale_temporaries(dir);
    let probe = temp_path(&dir.join("write-test"));
    tell(&probe);
    std::fs::write(&probe, b"")
        .map_err(|e| error(dir, format!("cannot write into the folder ({e})"), "choose a folder you can write to"))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// What a failed write says: a full disk as such, anything else with its reason.
fn write_error(path: &Path, what: &str, e: &std::io::Error) -> OutputError {
    // ENOSPC is 28 on Linux and macOS (io::ErrorKind::StorageFull is newer than rust-version).
    if e.raw_os_error() == Some(28) {
        return error(
            path,
            format!("cannot {what}: the disk is full"),
            "free some space on that disk, or choose a folder on another one",
        );
    }
    error(path, format!("cannot {what} ({e})"), "choose a folder you can write to")
}

/// Finds out before any work whether `bytes` more fit in `dir`: writes that many, then removes
/// them. A run whose outputs cannot be written is refused before it trains, not after. `tell`
/// learns the probe's name before the probe exists.
fn check_space_telling(dir: &Path, bytes: usize, tell: &mut dyn FnMut(&Path)) -> Result<(), OutputError> {
    let probe = temp_path(&dir.join("space-test"));
    tell(&probe);
    // Written a megabyte at a time: the probe takes no more memory than that.
    let chunk = vec![0u8; bytes.min(1 << 20)];
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        let mut left = bytes;
        while left > 0 {
            let n = left.min(chunk.len());
            std::io::Write::write_all(&mut f, &chunk[..n])?;
            left -= n;
        }
        f.sync_all()
    });
    hold("probe");
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| write_error(dir, &format!("write this run's outputs, about {} KB", bytes.div_ceil(1000)), &e))
}
