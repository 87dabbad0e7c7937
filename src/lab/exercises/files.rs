//! The learner's exercise files: made from their blanks when missing (never over anything), each
//! looked at before it is compiled (a folder, a link to nothing or a file that is not UTF-8 is
//! named as what it is), and put back blank on request with the learner's file kept beside it.
//! Nothing here writes outside the exercises' folder or through a link.

use super::exercises;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Makes each exercise file that is missing in `dir` from its blank; never touches one that is
/// there. Returns the files made.
pub fn make_missing(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let mut made = Vec::new();
    for exercise in exercises() {
        let path = dir.join(exercise.file);
        if std::fs::symlink_metadata(&path).is_err() {
            write_new(&path, exercise.blank)?;
            made.push(path);
        }
    }
    Ok(made)
}

/// Writes a file that is not there yet (never through a link, never over anything).
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What is wrong with an exercise file as a file, if anything: it must be a regular file (or a
/// link to one) of UTF-8 text.
pub fn problem(path: &Path) -> Option<String> {
    let Ok(there) = std::fs::symlink_metadata(path) else {
        return Some("is missing (make exercise makes it again from its blank)".into());
    };
    if there.file_type().is_symlink() && std::fs::metadata(path).is_err() {
        let to = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
        return Some(format!("is a link to {to}, which does not exist"));
    }
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        return Some("is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Some("is not a regular file (a device, a pipe or a socket)".into());
    }
    match std::fs::read(path) {
        Err(e) => Some(format!("cannot be read ({e})")),
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(_) => None,
            Err(e) => {
                let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                Some(format!("is not UTF-8 text (line {line}); save it as UTF-8 in your editor"))
            }
        },
    }
}

/// Puts exercise `n`'s blank back, keeping the learner's file beside it under a new name
/// (`05_affine.rs.mine-1`, `…-2`, …); a link is moved aside itself, never written through.
/// Returns the name kept, if there was anything to keep.
pub fn reset(dir: &Path, n: usize) -> Result<Option<PathBuf>, String> {
    let all = exercises();
    let exercise = all.get(n).ok_or_else(|| format!("there is no exercise {:02}", n + 1))?;
    let path = dir.join(exercise.file);
    let mut kept = None;
    if std::fs::symlink_metadata(&path).is_ok() {
        let free = (1..)
            .map(|k| dir.join(format!("{}.mine-{k}", exercise.file)))
            .find(|p| std::fs::symlink_metadata(p).is_err())
            .expect("a free name");
        std::fs::rename(&path, &free).map_err(|e| format!("cannot keep {} as {}: {e}", path.display(), free.display()))?;
        kept = Some(free);
    }
    write_new(&path, exercise.blank)?;
    Ok(kept)
}
