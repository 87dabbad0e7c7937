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

const USAGE: &str = "exercise [--watch] [--hint] [--reset N] [--dir DIR]
  Checks the exercises in exercises/ (the backward passes of chapter 5, in the notes' order),
  stopping at the first one not done; exit 0 only when every one passes.
  --watch    check again whenever an exercise file is saved (Ctrl-C to stop)
  --hint     the next hint for the first exercise not done
  --reset N  put exercise N's blank back; your file is kept beside it (NN_name.rs.mine-K)
  --dir DIR  the exercises' folder (default: this crate's exercises/)
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let watch = args.flag("--watch");
    let hint = args.flag("--hint");
    let reset: Option<usize> = args.opt("--reset");
    let dir = args.opt::<PathBuf>("--dir").unwrap_or_else(|| crate_dir().join("exercises"));
    args.finish();
    let all = exercises::exercises();
    if let Some(n) = reset {
        if n == 0 || n > all.len() {
            cli::fail(format!("--reset {n}: the exercises are numbered 1 to {}", all.len()), "e.g. make exercise-reset N=5");
        }
        let kept = exercises::reset(&dir, n - 1).unwrap_or_else(|e| cli::fail(e, "check that exercises/ can be written"));
        say!("exercises/{}: the blank is back; your file is kept as {}", all[n - 1].file, kept.display());
        return;
    }
    for made in exercises::make_missing(&dir).unwrap_or_else(|e| cli::fail(e, "check that exercises/ can be written")) {
        say!("made {}", made.display());
    }
    if hint {
        return next_hint(&dir, &all);
    }
    if !watch {
        let passed = check_and_show(&dir, &all);
        std::process::exit(if passed == all.len() { 0 } else { 1 });
    }
    say!("checking again whenever a file is saved (Ctrl-C to stop)");
    let mut seen = newest_change(&dir);
    check_and_show(&dir, &all);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = newest_change(&dir);
        if now != seen {
            seen = now;
            say!("\n— checking again —");
            check_and_show(&dir, &all);
        }
    }
}

/// The time of the newest change of an exercise file (polled: std only).
fn newest_change(dir: &Path) -> Option<SystemTime> {
    std::fs::read_dir(dir).ok()?.flatten().filter_map(|e| e.metadata().ok()?.modified().ok()).max()
}

/// Checks and prints the report; returns how many passed in a row.
fn check_and_show(dir: &Path, all: &[Exercise]) -> usize {
    let report = exercises::check(dir, &work_dir())
        .unwrap_or_else(|e| cli::fail(e, "run it with `make exercise`, which builds what it needs first"));
    show(dir, &report, all);
    report.passed()
}

fn show(dir: &Path, report: &Report, all: &[Exercise]) {
    let passed = report.passed();
    say!("backprop exercises: {passed}/{} done", all.len());
    for (n, outcome) in &report.outcomes {
        let e = &all[*n];
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
            Outcome::Panicked(message) => say!("    your code panicked: {message}"),
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
        let level = hint_level(*n).max(1);
        say!("    hint {level}/3: {}", e.hints[level - 1]);
        if level < 3 {
            say!("    (the next hint: make exercise-hint)");
        }
        remember_hint(*n, level);
    }
    if passed == all.len() {
        say!("all passed: your backprop learns MNIST.");
    }
}

/// Where this run builds its check program: `target/exercises/run-PID` (two checkers at once
/// never share one); those of runs that have ended are removed.
fn work_dir() -> PathBuf {
    let base = target_dir("exercises");
    for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().strip_prefix("run-").and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    base.join(format!("run-{}", std::process::id()))
}

/// The hint shown last for exercise `n` (0: none yet), kept in `target/exercises/hints`.
fn hint_level(n: usize) -> usize {
    let text = std::fs::read_to_string(target_dir("exercises").join("hints")).unwrap_or_default();
    text.lines().find_map(|l| l.strip_prefix(&format!("{n} "))?.parse().ok()).unwrap_or(0)
}

fn remember_hint(n: usize, level: usize) {
    let path = target_dir("exercises").join("hints");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().filter(|l| !l.starts_with(&format!("{n} "))).map(String::from).collect();
    lines.push(format!("{n} {level}"));
    let _ = std::fs::create_dir_all(target_dir("exercises"));
    let _ = std::fs::write(path, lines.join("\n") + "\n");
}

/// `--hint`: the next hint for the first exercise not done.
fn next_hint(dir: &Path, all: &[Exercise]) {
    let report = exercises::check(dir, &work_dir()).unwrap_or_else(|e| cli::fail(e, "run `make exercise` first"));
    let Some((n, _)) = report.outcomes.iter().find(|(_, o)| *o != Outcome::Passed) else {
        say!("every exercise passes: no hint needed");
        return;
    };
    let level = (hint_level(*n) + 1).min(3);
    remember_hint(*n, level);
    say!("{:02} {} — {}", n + 1, all[*n].title, dir.join(all[*n].file).display());
    say!("hint {level}/3: {}", all[*n].hints[level - 1]);
}
