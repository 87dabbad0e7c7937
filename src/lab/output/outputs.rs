//! A set of files written together and put in place at the end, and for `train` the helper
//! process that puts them in place, which a signal to `train` does not reach.

use super::runs::release;
use super::{check_dir_telling, check_space_telling, error, lock_folder, temp_path, write_error, FolderLock, OutputError};
use std::path::{Path, PathBuf};

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

pub(super) fn hold(moment: &str) {
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
