//! Writing files without losing anything the user had: every output path is checked before any
//! work starts; files are written under unique temporary names beside their place and renamed
//! into place together at the end (rolled back if one cannot be); a path the user named is never
//! written over without `--overwrite`, while the project's own `target/` folders stay
//! replaceable; and nothing that is not a regular file (a link, a device such as `/dev/null`, a
//! pipe) is ever replaced. `train` has its set put in place by a helper process of its own
//! ([`Outputs::guarded`]), which a signal to `train` (Ctrl-C, `kill`) does not reach; and a run
//! locks the folder it writes into ([`lock_folder`]), so that two runs never mix their files.

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
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.parse().ok()
}

/// Removes the `.NAME.PID-N.partial` files of programs that are no longer running (a run killed
/// by a signal while writing: std has no way to catch one); where the system cannot say which
/// processes run ([`running`]), none.
fn remove_stale_temporaries(dir: &Path) {
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
    path: PathBuf,
    /// What the lock file says ([`holder`]).
    holder: String,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        release(&self.path, &self.holder);
    }
}

/// Removes the lock file `path` if it is still the one `holder` wrote (not one that a later run
/// took over since).
fn release(path: &Path, holder: &str) {
    if std::fs::read_to_string(path).is_ok_and(|there| there == holder) {
        let _ = std::fs::remove_file(path);
    }
}

/// Who holds a lock: `PID START` (START as [`start_time`], `-` where unknown).
fn holder(pid: u32) -> String {
    format!("{pid} {}\n", start_time(pid).map_or("-".to_string(), |t| t.to_string()))
}

/// Whether the process a lock names still runs: not if it has ended, or if its number now
/// belongs to a process started later. Where the system cannot say, or the lock cannot be
/// read, it is taken as running (the message says how to remove it).
fn holder_alive(lock: &str) -> bool {
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

/// A set of files written together: each goes to a temporary name first, and [`Outputs::commit`]
/// renames them all into place at the end, so that a folder holds one run's complete set, or the
/// previous one: what was there is kept aside until every new file is in place, and put back if
/// one cannot be.
#[derive(Debug, Default)]
pub struct Outputs {
    /// (final path, temporary path) of each file written so far.
    staged: Vec<(PathBuf, PathBuf)>,
    /// The helper that puts the files in place, if [`Outputs::guarded`] started one.
    helper: Option<Helper>,
    /// The lock on the set's folder, taken by [`Outputs::check_dir`], given up with the set.
    lock: Option<FolderLock>,
}

/// The environment variable that makes a program the helper of [`Outputs::guarded`].
const HELPER: &str = "BACKPROP_OUTPUTS_HELPER";

/// For tests only: `MOMENT:FILE`. At each point of that moment (`probe`: the space probe is
/// written; `written`: a file is written under its temporary name; `placing`: a file is put in
/// place), the program waits while FILE exists, so that a test can send a signal at that very
/// moment, however loaded the machine, and then let it go on by removing FILE.
const HOLD: &str = "BACKPROP_TEST_OUTPUTS_HOLD";

fn hold(moment: &str) {
    let Ok(setting) = std::env::var(HOLD) else { return };
    if let Some((_, file)) = setting.split_once(':').filter(|(at, _)| *at == moment) {
        while Path::new(file).exists() {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// A copy of this program, in a process group of its own, reading on its stdin the names of the
/// temporaries as they are made and, at the end, the set to put in place.
#[derive(Debug)]
struct Helper {
    child: std::process::Child,
    to_it: std::process::ChildStdin,
}

/// Records sent to the helper: fields ended by NUL, which no path contains. `None` if a path
/// cannot be sent (see [`path_bytes`]).
fn record(fields: &[&Path]) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    for field in fields {
        bytes.extend(path_bytes(field)?);
        bytes.push(0);
    }
    Some(bytes)
}

/// A path as the bytes sent to the helper, and back: the system's own bytes on Unix; elsewhere
/// (Windows) its text as UTF-8, which every path but a damaged one has (one without is not sent:
/// the program then puts its files in place itself).
#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    Some(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()))
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    path.to_str().map(str::as_bytes)
}

#[cfg(unix)]
fn path_from(bytes: &[u8]) -> PathBuf {
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes.to_vec()))
}

#[cfg(not(unix))]
fn path_from(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

impl Outputs {
    pub fn new() -> Outputs {
        Outputs::default()
    }

    /// Like [`Outputs::new`], with the set put in place by a helper (this program run again, in
    /// a process group of its own). A signal that ends this program (Ctrl-C, `kill`) does not
    /// reach the helper: once every file is written, the set is put in place whatever happens to
    /// this program; before that, the helper removes the temporaries this program leaves. The
    /// program must call [`help_if_asked`] first thing in `main`. Without a helper (it could not
    /// be started) the set is put in place by this program.
    pub fn guarded() -> Outputs {
        use std::process::{Command, Stdio};
        let mut command = std::env::current_exe().map(Command::new);
        if let Ok(command) = &mut command {
            command.env(HELPER, "1").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
            // A group of its own: Ctrl-C in the terminal, or `kill` to this program's group,
            // does not reach it.
            #[cfg(unix)]
            std::os::unix::process::CommandExt::process_group(command, 0);
            #[cfg(windows)]
            std::os::windows::process::CommandExt::creation_flags(command, 0x0000_0200);
            // CREATE_NEW_PROCESS_GROUP
        }
        let started = command.and_then(|mut command| command.spawn());
        let helper = started.ok().and_then(|mut child| child.stdin.take().map(|to_it| Helper { child, to_it }));
        Outputs { staged: Vec::new(), helper, lock: None }
    }

    /// Sends the helper, if there is one, `fields` as one record. If they cannot be sent, the
    /// helper is let go (told to leave everything as it is), and this program does its work.
    fn send(&mut self, fields: &[&Path]) {
        let Some(helper) = &mut self.helper else { return };
        let sent = record(fields).is_some_and(|r| std::io::Write::write_all(&mut helper.to_it, &r).is_ok());
        if !sent {
            let _ = std::io::Write::write_all(&mut helper.to_it, b"detach\0");
            self.helper = None;
        }
    }

    /// Tells the helper, if there is one, the name of a temporary before it exists, so that it
    /// can remove it if this program ends before the commit.
    fn tell(&mut self, temp: &Path) {
        self.send(&[Path::new("temp"), temp]);
    }

    /// [`check_dir`] for this set's folder, its probe named to the helper like every temporary;
    /// then the folder is locked for this set ([`lock_folder`]) until it is put in place.
    pub fn check_dir(&mut self, dir: &Path) -> Result<(), OutputError> {
        check_dir_telling(dir, &mut |probe| self.tell(probe))?;
        let lock = lock_folder(dir)?;
        // The helper gives the lock up when it ends, should this program be killed before.
        self.send(&[Path::new("lock"), &lock.path, Path::new(&lock.holder)]);
        self.lock = Some(lock);
        Ok(())
    }

    /// Whether `bytes` more fit in `dir` (written, then removed), the probe named to the helper
    /// like every temporary: a signal while it is written leaves nothing behind.
    pub fn check_space(&mut self, dir: &Path, bytes: usize) -> Result<(), OutputError> {
        check_space_telling(dir, bytes, &mut |probe| self.tell(probe))
    }

    /// Writes `bytes` under a temporary name beside `path`.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let temp = temp_path(path);
        self.tell(&temp);
        let written =
            std::fs::File::create(&temp).and_then(|mut f| std::io::Write::write_all(&mut f, bytes).and_then(|_| f.sync_all()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(write_error(path, "write it", &e));
        }
        self.staged.push((path.to_path_buf(), temp));
        hold("written");
        Ok(())
    }

    /// Puts every file in place (see [`Outputs::put_in_place`]), through the helper if there is one.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let staged = std::mem::take(&mut self.staged);
        for (path, temp) in &staged {
            self.send(&[Path::new("place"), path, temp]);
        }
        self.staged = staged;
        self.send(&[Path::new("commit")]);
        let Some(mut helper) = self.helper.take() else { return self.put_in_place() };
        let sent = std::io::Write::flush(&mut helper.to_it);
        drop(helper.to_it);
        let mut answer = Vec::new();
        let _ = std::io::Read::read_to_end(helper.child.stdout.as_mut().expect("piped"), &mut answer);
        let done = helper.child.wait().is_ok_and(|status| status.success());
        if sent.is_err() || !done {
            return self.put_in_place(); // the helper did not do it (it could not be run): done here
        }
        let placed: Vec<PathBuf> = std::mem::take(&mut self.staged).into_iter().map(|(path, _)| path).collect();
        let answer = String::from_utf8_lossy(&answer);
        match answer.split('\0').collect::<Vec<_>>()[..] {
            [path, problem, hint] => Err(error(Path::new(path), problem, hint)),
            _ => Ok(placed),
        }
    }

    /// Renames every file into place; returns their paths. Each file that was there is first
    /// renamed aside (`.NAME.PID-N.previous`); if any step fails, every file put in place so far
    /// is taken out and what was there is put back, so the folder holds the previous set.
    fn put_in_place(mut self) -> Result<Vec<PathBuf>, OutputError> {
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
            hold("placing");
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

/// The helper's side of [`Outputs::guarded`]: if this program was started as a helper, reads the
/// records on stdin and either puts the set in place (answering an error on stdout as `path`,
/// `problem`, `hint` ended by NUL) or, if the program that started it ended first, removes its
/// temporaries; then exits. Otherwise returns at once.
pub fn help_if_asked() {
    if std::env::var_os(HELPER).is_none() {
        return;
    }
    let mut input = Vec::new();
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut input);
    let fields: Vec<PathBuf> = input.split(|&b| b == 0).map(path_from).collect();
    let (mut temps, mut set, mut commit, mut locks) = (Vec::new(), Vec::new(), false, Vec::new());
    let mut at = 0;
    while at < fields.len() {
        match (fields[at].to_str(), fields.get(at + 1), fields.get(at + 2)) {
            (Some("temp"), Some(temp), _) => {
                temps.push(temp.clone());
                at += 2;
            }
            (Some("place"), Some(path), Some(temp)) => {
                set.push((path.clone(), temp.clone()));
                at += 3;
            }
            (Some("lock"), Some(path), Some(holder)) => {
                locks.push((path.clone(), holder.to_string_lossy().into_owned()));
                at += 3;
            }
            (Some("detach"), _, _) => std::process::exit(0), // the program does its work itself: nothing is touched
            (Some("commit"), _, _) => {
                commit = true;
                at += 1;
            }
            _ => at += 1, // the empty field after the last NUL, or a record cut short
        }
    }
    if !commit {
        for temp in &temps {
            let _ = std::fs::remove_file(temp);
        }
    } else if let Err(e) = (Outputs { staged: set, helper: None, lock: None }).put_in_place() {
        if let Some(answer) = record(&[&e.path, Path::new(&e.problem), Path::new(&e.hint)]) {
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &answer[..answer.len() - 1]);
        }
    }
    for (path, holder) in &locks {
        release(path, holder);
    }
    std::process::exit(0);
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
