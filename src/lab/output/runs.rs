//! Which processes still run (a killed run cannot clean up after itself: std catches no
//! signal), the lock a run keeps on the folder it writes into, and removing what dead runs left.

use super::{error, temp_path, write_error, OutputError};
use std::path::{Path, PathBuf};

/// Whether process `pid` is running: Linux lists its processes in `/proc`; elsewhere the
/// system's own tool is asked (`tasklist` on Windows, `ps` on macOS). `None` if it cannot say.
pub fn running(pid: u32) -> Option<bool> {
    if Path::new("/proc/self").exists() {
        return Some(Path::new(&format!("/proc/{pid}")).exists());
    }
    let mut ask = if cfg!(windows) {
        let mut tasklist = std::process::Command::new("tasklist");
        tasklist.args(["/FI", &format!("PID eq {pid}"), "/NH", "/FO", "CSV"]); // "train.exe","4242",…
        tasklist
    } else {
        let mut ps = std::process::Command::new("ps");
        ps.args(["-p", &pid.to_string(), "-o", "pid="]); // 4242, or nothing
        ps
    };
    let listed = ask.stderr(std::process::Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&listed.stdout);
    Some(text.split([',', '"', ' ', '\n', '\r']).any(|word| word == pid.to_string()))
}

/// When process `pid` started (`/proc/PID/stat`'s 22nd field, clock ticks since boot), which
/// tells it from a later process given the same number.
pub(super) fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.parse().ok()
}

/// Removes the `.NAME.PID-N.partial` files of programs that are no longer running (a run killed
/// by a signal while writing: std has no way to catch one); where the system cannot say which
/// processes run ([`running`]), none.
pub(super) fn remove_stale_temporaries(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".partial")) else { continue };
        let pid = rest.rsplit('.').next().and_then(|p| p.split('-').next()).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| running(pid) == Some(false)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the folders `run-PID` and `run-PID-N` in `dir` (one per run of the bench, the
/// exercises' checker, the page's training) whose process has ended (it was killed, or its
/// server was) and that no running program has locked; the rest are left alone.
pub fn remove_dead_runs(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix("run-").and_then(|rest| rest.split('-').next()).and_then(|p| p.parse::<u32>().ok());
        let in_use = || std::fs::read_to_string(entry.path().join(LOCK)).is_ok_and(|holder| holder_alive(&holder));
        if pid.is_some_and(|pid| running(pid) == Some(false)) && !in_use() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The lock file a run keeps in the folder it writes into.
const LOCK: &str = ".backprop.lock";

/// A run's lock on its folder ([`lock_folder`]); the lock file is removed when it is dropped.
#[derive(Debug)]
pub struct FolderLock {
    pub(super) path: PathBuf,
    /// What the lock file says ([`holder`]).
    pub(super) holder: String,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        release(&self.path, &self.holder);
    }
}

/// Removes the lock file `path` if it is still the one `holder` wrote (not one that a later run
/// took over since).
pub(super) fn release(path: &Path, holder: &str) {
    if std::fs::read_to_string(path).is_ok_and(|there| there == holder) {
        let _ = std::fs::remove_file(path);
    }
}

/// Who holds a lock: `PID START` (START as [`start_time`], `-` where unknown).
pub(super) fn holder(pid: u32) -> String {
    format!("{pid} {}\n", start_time(pid).map_or("-".to_string(), |t| t.to_string()))
}

/// Whether the process a lock names still runs: not if it has ended, or if its number now
/// belongs to a process started later. Where the system cannot say, or the lock cannot be
/// read, it is taken as running (the message says how to remove it).
pub(super) fn holder_alive(lock: &str) -> bool {
    let mut words = lock.split_whitespace();
    let Some(pid) = words.next().and_then(|p| p.parse::<u32>().ok()) else { return true };
    let started = words.next().and_then(|t| t.parse::<u64>().ok());
    match running(pid) {
        Some(false) => false,
        Some(true) => started.is_none() || start_time(pid) == started,
        None => true,
    }
}

/// Locks `dir` for this run: a second run into the same folder is refused while this one goes,
/// so that no folder ever holds a mix of two runs' files. A lock left by a run that was killed is
/// taken over.
pub fn lock_folder(dir: &Path) -> Result<FolderLock, OutputError> {
    let (path, me) = (dir.join(LOCK), holder(std::process::id()));
    for _ in 0..3 {
        // Written whole under a temporary name, then linked into place: never seen half written.
        let temp = temp_path(&path);
        let linked = std::fs::write(&temp, &me).and_then(|()| std::fs::hard_link(&temp, &path));
        let _ = std::fs::remove_file(&temp);
        match linked {
            Ok(()) => return Ok(FolderLock { path, holder: me }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(write_error(dir, "lock the folder for this run", &e)),
        }
        let there = std::fs::read_to_string(&path).unwrap_or_default();
        if holder_alive(&there) {
            let who = there.split_whitespace().next().unwrap_or("?").to_string();
            return Err(error(
                dir,
                format!("another run (process {who}) is writing into this folder"),
                format!("wait for it to end, or choose another --out (if no run is going, remove {})", path.display()),
            ));
        }
        let _ = std::fs::remove_file(&path); // a killed run's: taken over
    }
    Err(error(dir, "cannot lock the folder: other runs keep taking it", "choose another --out"))
}
