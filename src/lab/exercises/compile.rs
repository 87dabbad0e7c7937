//! Writing and compiling a check program: the learner's files as modules (by their paths), the
//! checks, and a `main` that runs them, compiled with `rustc` against this crate. A compile error
//! is given to the first exercise it points into, with rustc's whole message (its `help:` lines
//! too), as rustc would print it.

use super::Exercise;
use crate::lab::json::{self, Json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes and compiles the check program with the first `count` exercises, running the checks
/// from `first_check` on. `Err((k, messages))`: exercise `k` does not compile.
pub fn build(
    dir: &Path,
    work: &Path,
    all: &[Exercise],
    count: usize,
    first_check: usize,
) -> Result<Result<PathBuf, (usize, String)>, String> {
    let write = |name: &str, text: &str| {
        std::fs::write(work.join(name), text).map_err(|e| format!("cannot write {}: {e}", work.join(name).display()))
    };
    write("prelude.rs", include_str!("checks/prelude.rs"))?;
    let mut main =
        String::from("#![allow(dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]\nmod prelude;\n");
    let mut list = String::new();
    for (n, exercise) in all.iter().enumerate().take(count) {
        let file = std::path::absolute(dir.join(exercise.file)).unwrap_or_else(|_| dir.join(exercise.file));
        let _ = writeln!(main, "#[path = {:?}]\npub mod {};", file.display().to_string(), exercise.module);
        // A "find the bug" level's check is the one of the exercise it breaks, on its own module.
        let check =
            exercise.check.replace(&format!("crate::{}::", exercise.checked_as), &format!("crate::{}::", exercise.module));
        write(&format!("check_{n}.rs"), &check)?;
        if n >= first_check {
            let _ = writeln!(main, "#[path = \"check_{n}.rs\"]\nmod check_{n};");
            let _ = write!(list, "({n}, check_{n}::check as fn() -> prelude::Check), ");
        }
    }
    let _ = writeln!(main, "fn main() {{\n    prelude::run(&[{list}]);\n}}");
    write("main.rs", &main)?;
    let binary = work.join(format!("check-{first_check}-{count}{}", std::env::consts::EXE_SUFFIX));
    let (rlib, deps) = library()?;
    let mut rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    // Not optimised: it compiles in half the time, and the heavy work is the library's, which is
    // (your files mostly call its Matrix); the numbers are the same at every level.
    rustc.args(["--edition", "2021", "-C", "opt-level=0", "--crate-name", "exercises", "--error-format", "json"]);
    rustc.arg("--extern").arg(format!("backprop={}", rlib.display())).arg("-L").arg(format!("dependency={}", deps.display()));
    // The same code generation as the library (`make` sets RUSTFLAGS).
    rustc.args(std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace());
    let out = rustc.arg(work.join("main.rs")).arg("-o").arg(&binary).output().map_err(|e| format!("cannot run rustc: {e}"))?;
    if out.status.success() {
        return Ok(Ok(binary));
    }
    let errors = errors(&String::from_utf8_lossy(&out.stderr));
    // The first exercise (in order) that an error points into: its file, or its check, which
    // uses what the file should define (`MulLayer`, `backward`, …).
    let check_file = |n: usize| work.join(format!("check_{n}.rs")).display().to_string();
    let named = |f: &String, name: &str| Path::new(f).file_name().is_some_and(|n| n == name);
    let points_into = |n: usize, e: &Error| e.files.iter().any(|f| named(f, all[n].file) || named(f, &format!("check_{n}.rs")));
    match (0..count).find(|&n| errors.iter().any(|e| points_into(n, e))) {
        Some(k) => {
            let mine: Vec<String> = errors
                .iter()
                .filter(|e| points_into(k, e))
                .map(|e| e.rendered.replace(&check_file(k), &format!("(the check of {}, which uses your file)", all[k].file)))
                .collect();
            Ok(Err((k, mine.join("\n").trim_end().to_string())))
        }
        None => {
            let text: Vec<&str> = errors.iter().map(|e| e.rendered.as_str()).collect();
            Err(format!("the checker's program did not compile:\n{}", text.join("\n")))
        }
    }
}

/// One error of rustc's: the files its places are in, and the message as rustc prints it.
struct Error {
    files: Vec<String>,
    rendered: String,
}

/// The errors in rustc's `--error-format json` output (one JSON object a line; warnings and
/// the closing "aborting due to" summary are left out).
fn errors(stderr: &str) -> Vec<Error> {
    let mut errors = Vec::new();
    for line in stderr.lines() {
        let Ok(Json::Object(d)) = json::parse(line) else { continue };
        let text = |key: &str| if let Some(Json::String(s)) = d.get(key) { s.clone() } else { String::new() };
        if text("level") != "error" || text("message").starts_with("aborting due to") {
            continue;
        }
        let mut files = Vec::new();
        if let Some(Json::Array(spans)) = d.get("spans") {
            for span in spans {
                if let Json::Object(span) = span {
                    if let Some(Json::String(file)) = span.get("file_name") {
                        files.push(file.clone());
                    }
                }
            }
        }
        errors.push(Error { files, rendered: without_std_sources(&text("rendered")) });
    }
    errors
}

/// rustc's message less its parts that show the standard library's own source (`help: the
/// following other types implement trait …`, with places under `/rustc/…`): they point a
/// learner away from their own line. A part starts at a line that is not indented.
fn without_std_sources(rendered: &str) -> String {
    let mut parts: Vec<Vec<&str>> = Vec::new();
    for line in rendered.lines() {
        let starts_part = ["help:", "note:", "error", "warning"].iter().any(|p| line.starts_with(p));
        match parts.last_mut() {
            Some(part) if !starts_part => part.push(line),
            _ => parts.push(vec![line]),
        }
    }
    let kept: Vec<String> = parts.iter().filter(|p| !p.iter().any(|l| l.contains("/rustc/"))).map(|p| p.join("\n")).collect();
    kept.join("\n").trim_end().to_string() + "\n"
}

/// This crate compiled as a library, beside the running binary (`target/release/`), and its
/// dependencies' folder.
pub(super) fn library() -> Result<(PathBuf, PathBuf), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut dir = exe.parent().unwrap_or(Path::new(".")).to_path_buf();
    if dir.ends_with("deps") {
        dir.pop(); // a test binary runs from target/release/deps/
    }
    let deps = dir.join("deps");
    let uplifted = dir.join("libbackprop.rlib");
    let newest = std::fs::read_dir(&deps)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name().to_string_lossy().starts_with("libbackprop-") && e.file_name().to_string_lossy().ends_with(".rlib")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path());
    let rlib = if uplifted.exists() { uplifted } else { newest.ok_or("the library is not built: run `make exercise`")? };
    Ok((rlib, deps))
}
