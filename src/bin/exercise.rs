//! `make exercise`: checks the learner's backward passes in `exercises/`, in the notes' order,
//! stopping at the first not done, with the check that failed, the value expected and the one
//! given, and a hint (`make exercise-hint` for the next one). `make exercise-watch` checks again
//! whenever a file is saved; `make exercise-reset N=5` puts a blank back, keeping yours.

use backprop::lab::cli::{self, Args};
use backprop::lab::exercises::{self, Exercise, Outcome, Report};
use backprop::lab::settings::{crate_dir, target_dir};
use backprop::say;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const USAGE: &str = "exercise [--watch] [--hint] [--full] [--reset N] [--dir DIR] [--state DIR]
  Checks the exercises in exercises/ (the backward passes of chapter 5, in the notes' order),
  stopping at the first one not done; exit 0 only when every one passes.
  --watch    check again whenever an exercise file is saved (Ctrl-C to stop)
  --hint     the next hint for the first exercise not done
  --full     check exercise 10 with all 10000 iterations and 17 lines (default: the first 4)
  --reset N  put exercise N's blank back; your file is kept beside it (NN_name.rs.mine-K)
  --dir DIR    the exercises' folder (default: this crate's exercises/)
  --state DIR  where the checker keeps the hints shown and its builds (default: target/exercises/)
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let watch = args.flag("--watch");
    let hint = args.flag("--hint");
    let full = args.flag("--full");
    let reset: Option<usize> = args.opt("--reset");
    let dir = args.opt::<PathBuf>("--dir").unwrap_or_else(|| crate_dir().join("exercises"));
    let state = args.opt::<PathBuf>("--state").unwrap_or_else(|| target_dir("exercises"));
    args.finish();
    let all = exercises::exercises();
    if let Some(n) = reset {
        if n == 0 || n > all.len() {
            cli::fail(format!("--reset {n}: the exercises are numbered 1 to {}", all.len()), "e.g. make exercise-reset N=5");
        }
        match exercises::reset(&dir, n - 1).unwrap_or_else(|e| cli::fail(e, "check that exercises/ can be written")) {
            Some(kept) => say!("exercises/{}: the blank is back; your file is kept as {}", all[n - 1].file, kept.display()),
            None => say!("exercises/{}: the blank is back (there was no file to keep)", all[n - 1].file),
        }
        return;
    }
    for made in exercises::make_missing(&dir).unwrap_or_else(|e| cli::fail(e, "check that exercises/ can be written")) {
        say!("made {}", made.display());
    }
    if hint {
        return next_hint(&dir, &state, &all);
    }
    if !watch {
        let passed = check_and_show(&dir, &state, &all, full).unwrap_or_else(|e| cli::fail(e, CANNOT_CHECK));
        std::process::exit(if passed == all.len() { 0 } else { 1 });
    }
    say!("checking again whenever a file is saved (Ctrl-C to stop)");
    let mut seen = newest_change(&dir);
    // A check that cannot run is said, and the watch goes on: the next save may mend it.
    let watched = |dir: &Path| {
        if let Err(e) = check_and_show(dir, &state, &all, full) {
            cli::show_error(&e, CANNOT_CHECK);
        }
    };
    watched(&dir);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = newest_change(&dir);
        if now != seen {
            seen = now;
            say!("\n— checking again —");
            watched(&dir);
        }
    }
}

/// The time of the newest change of an exercise file (polled: std only).
fn newest_change(dir: &Path) -> Option<SystemTime> {
    std::fs::read_dir(dir).ok()?.flatten().filter_map(|e| e.metadata().ok()?.modified().ok()).max()
}

/// The hint when the checker itself cannot check (no library built, rustc missing).
const CANNOT_CHECK: &str = "run it with `make exercise`, which builds what it needs first";

/// Checks and prints the report; returns how many passed in a row.
fn check_and_show(dir: &Path, state: &Path, all: &[Exercise], full: bool) -> Result<usize, String> {
    let report = exercises::check(dir, state, full)?;
    show(dir, state, &report, all);
    Ok(report.passed())
}

fn show(dir: &Path, state: &Path, report: &Report, all: &[Exercise]) {
    let passed = report.passed();
    say!("backprop exercises: {passed}/{} done", all.len());
    for (n, outcome) in &report.outcomes {
        let e = &all[*n];
        if *outcome == Outcome::Passed && report.reused.contains(n) {
            say!("  ✓ {:02} {} (unchanged since it passed: not run again)", n + 1, e.title);
            continue;
        }
        if *outcome == Outcome::Passed {
            say!("  ✓ {:02} {}", n + 1, e.title);
            continue;
        }
        say!("  ✗ {:02} {} — {}", n + 1, e.title, dir.join(e.file).display());
        match outcome {
            Outcome::NotDone => say!("    not written yet (todo!())"),
            Outcome::Failed { what, expected, got } => {
                say!("    check: {what}");
                say!("    expected: {expected}");
                say!("    yours:    {got}");
            }
            Outcome::Panicked { at, message } if at.is_empty() => say!("    your code panicked: {message}"),
            Outcome::Panicked { at, message } => say!("    your code panicked at {at}: {message}"),
            Outcome::BadFile(problem) => say!("    {}: {problem}", dir.join(e.file).display()),
            Outcome::TooSlow(seconds) => {
                say!("    did not finish in {seconds} s (a loop that never ends?)")
            }
            Outcome::CompileError(messages) => {
                say!("    it does not compile:");
                for line in messages.lines() {
                    say!("      {line}");
                }
            }
            Outcome::Passed => {}
        }
        let level = hint_level(state, *n).max(1);
        say!("    hint {level}/3: {}", e.hints[level - 1]);
        if level < 3 {
            say!("    (the next hint: make exercise-hint)");
        }
        remember_hint(state, *n, level);
    }
    show_printed(&report.printed);
    if passed == all.len() {
        say!("all passed: your backprop learns MNIST.");
    }
}

/// What the learner's code printed, apart from the results: at most 20 lines of it.
fn show_printed(printed: &exercises::Printed) {
    if printed.text.is_empty() {
        return;
    }
    let lines: Vec<&str> = printed.text.lines().collect();
    say!("  your code printed (stdout and stderr):");
    for line in lines.iter().take(20) {
        let cut: String = line.chars().take(200).collect();
        say!("  | {cut}{}", if cut.len() < line.len() { " …" } else { "" });
    }
    let more_lines = lines.len().saturating_sub(20);
    if more_lines > 0 || printed.more_bytes > 0 {
        say!("  | … and more ({more_lines} more lines shown here, {} more bytes not kept)", printed.more_bytes);
    }
}

/// The hint shown last for exercise `n` (0: none yet), kept in `STATE/hints`.
fn hint_level(state: &Path, n: usize) -> usize {
    let text = std::fs::read_to_string(state.join("hints")).unwrap_or_default();
    text.lines().find_map(|l| l.strip_prefix(&format!("{n} "))?.parse().ok()).unwrap_or(0)
}

fn remember_hint(state: &Path, n: usize, level: usize) {
    let path = state.join("hints");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().filter(|l| !l.starts_with(&format!("{n} "))).map(String::from).collect();
    lines.push(format!("{n} {level}"));
    let _ = std::fs::create_dir_all(state);
    let _ = std::fs::write(path, lines.join("\n") + "\n");
}

/// `--hint`: the next hint for the first exercise not done.
fn next_hint(dir: &Path, state: &Path, all: &[Exercise]) {
    let report = exercises::check(dir, state, false).unwrap_or_else(|e| cli::fail(e, "run `make exercise` first"));
    let Some((n, _)) = report.outcomes.iter().find(|(_, o)| *o != Outcome::Passed) else {
        say!("every exercise passes: no hint needed");
        return;
    };
    let level = (hint_level(state, *n) + 1).min(3);
    remember_hint(state, *n, level);
    say!("{:02} {} — {}", n + 1, all[*n].title, dir.join(all[*n].file).display());
    say!("hint {level}/3: {}", all[*n].hints[level - 1]);
}
