//! Writing files without losing anything the user had: every output path is checked before any
//! work starts; files are written under unique temporary names beside their place and renamed
//! into place together at the end (rolled back if one cannot be); a path the user named is never
//! written over without `--overwrite`, while the project's own `target/` folders stay
//! replaceable; and nothing that is not a regular file (a link, a device such as `/dev/null`, a
//! pipe) is ever replaced.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether `path` lies in this project's `target/` folder, whose outputs a new run replaces.
pub fn replaceable(path: &Path) -> bool {
    let target = crate::lab::settings::crate_dir().join("target");
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().map(|d| d.join(path)).unwrap_or_default() };
    absolute.starts_with(&target)
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

/// Removes the `.NAME.PID-N.partial` files of programs that are no longer running (a run killed
/// by a signal while writing: std has no way to catch one). Their PID is looked up in `/proc`,
/// so this is done only where `/proc` exists (Linux).
fn remove_stale_temporaries(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".partial")) else { continue };
        let pid = rest.rsplit('.').next().and_then(|p| p.split('-').next()).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Checks, before any work, that `path` can be written: not empty, not a folder, not a link or
/// a special file, its folder creatable and writable, and not there already unless `overwrite`
/// (or it is in `target/`). What is there is looked at itself, not through a link: a link,
/// dangling or not, is the user's.
pub fn check(path: &Path, overwrite: bool) -> Result<(), OutputError> {
    if path.as_os_str().is_empty() {
        return Err(error(path, "the path is empty", "name a file"));
    }
    if let Ok(there) = std::fs::symlink_metadata(path) {
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
/// them. A run whose outputs cannot be written is refused before it trains, not after.
pub fn check_space(dir: &Path, bytes: usize) -> Result<(), OutputError> {
    let probe = temp_path(&dir.join("space-test"));
    let written = std::fs::File::create(&probe)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &vec![0u8; bytes]).and_then(|_| f.sync_all()));
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| write_error(dir, &format!("write this run's outputs, about {} KB", bytes.div_ceil(1000)), &e))
}

/// A set of files written together: each goes to a temporary name first, and [`Outputs::commit`]
/// renames them all into place at the end, so that a folder holds one run's complete set, or the
/// previous one: what was there is kept aside until every new file is in place, and put back if
/// one cannot be.
#[derive(Debug, Default)]
pub struct Outputs {
    /// (final path, temporary path) of each file written so far.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Outputs {
    pub fn new() -> Outputs {
        Outputs::default()
    }

    /// Writes `bytes` under a temporary name beside `path`.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let temp = temp_path(path);
        let written =
            std::fs::File::create(&temp).and_then(|mut f| std::io::Write::write_all(&mut f, bytes).and_then(|_| f.sync_all()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(write_error(path, "write it", &e));
        }
        self.staged.push((path.to_path_buf(), temp));
        Ok(())
    }

    /// Renames every file into place; returns their paths. Each file that was there is first
    /// renamed aside (`.NAME.PID-N.previous`); if any step fails, every file put in place so far
    /// is taken out and what was there is put back, so the folder holds the previous set.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let staged = std::mem::take(&mut self.staged);
        let mut aside: Vec<(PathBuf, Option<PathBuf>)> = Vec::new(); // (placed path, what it replaced)
        let mut failure = None;
        for (path, temp) in &staged {
            // Checked again: something else may have been put there since `check`.
            let there = std::fs::symlink_metadata(path);
            if there.as_ref().is_ok_and(|m| !m.is_file()) {
                failure = Some(error(path, "is no longer a regular file; it is never replaced", "move it away and run again"));
                break;
            }
            let previous = there.is_ok().then(|| temp.with_extension("previous"));
            if let Some(previous) = &previous {
                if let Err(e) = std::fs::rename(path, previous) {
                    failure =
                        Some(error(path, format!("cannot move the old one aside ({e})"), "choose a folder you can write to"));
                    break;
                }
            }
            if let Err(e) = std::fs::rename(temp, path) {
                if let Some(previous) = &previous {
                    let _ = std::fs::rename(previous, path);
                }
                failure = Some(error(path, format!("cannot put it in place ({e})"), "choose a folder you can write to"));
                break;
            }
            aside.push((path.clone(), previous));
        }
        if let Some(failure) = failure {
            for (path, previous) in aside.iter().rev() {
                match previous {
                    Some(previous) => drop(std::fs::rename(previous, path)),
                    None => drop(std::fs::remove_file(path)),
                }
            }
            for (_, temp) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            return Err(failure);
        }
        for (_, previous) in &aside {
            if let Some(previous) = previous {
                let _ = std::fs::remove_file(previous);
            }
        }
        Ok(aside.into_iter().map(|(path, _)| path).collect())
    }
}

impl Drop for Outputs {
    /// Files never committed (an error, or a closed pipe) leave no temporary behind.
    fn drop(&mut self) {
        for (_, temp) in &self.staged {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Writes `path` only if nothing is there, in one step (a temporary name, then linked to `path`,
/// which fails if `path` exists): of two writers of one new name, one succeeds. `Ok(false)`: it
/// was there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, OutputError> {
    let mut outputs = Outputs::new();
    outputs.write(path, bytes)?;
    let temp = &outputs.staged[0].1;
    match std::fs::hard_link(temp, path) {
        Ok(()) => Ok(true), // dropping `outputs` removes the temporary name
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(write_error(path, "put it in place", &e)),
    }
}

/// Writes one file as a set of one: a temporary name, then renamed into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut outputs = Outputs::new();
    outputs.write(path, bytes)?;
    outputs.commit().map(|_| ())
}
