//! `make exercise`: the project's own code passes every exercise, each blank exercise fails
//! with its own name, each planted bug fails until it is fixed, the mistakes learners make are
//! reported as what they are, and nothing the learner wrote is ever lost.

mod common;
use backprop::lab::exercises::{self, Outcome};
use std::path::Path;
use std::process::Output;

/// The checker's state (hints shown, builds) for the exercises in `dir`: beside it, never the
/// learner's `target/exercises/`.
fn state(dir: &Path) -> std::path::PathBuf {
    dir.with_extension("state")
}

/// `exercise --dir DIR --state DIR.state` and what it printed.
fn check(dir: &Path, args: &[&str]) -> (Output, String) {
    let out = common::command("exercise").arg("--dir").arg(dir).arg("--state").arg(state(dir)).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out, text)
}

/// A folder where exercises `0..done` hold the project's own code and the rest their blanks.
fn solved_up_to(name: &str, done: usize) -> std::path::PathBuf {
    let dir = common::temp_dir(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (n, e) in exercises::exercises().iter().enumerate() {
        std::fs::write(dir.join(e.file), if n < done { e.solution } else { e.blank }).unwrap();
    }
    dir
}

#[test]
fn the_projects_own_code_passes_every_exercise() {
    if common::mnist("the_projects_own_code_passes_every_exercise").is_none() {
        return;
    }
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-solved", all.len());
    let (out, text) = check(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(&format!("backprop exercises: {}/{} done", all.len(), all.len())), "{text}");
    assert!(text.contains("all passed: your backprop learns MNIST."), "{text}");
    // Checked again with nothing changed: the checks that take seconds (the gradient check, the
    // training loop) are not run again; once a file they use changes, they are.
    let reused = |module: &str| {
        let n = all.iter().position(|e| e.module == module).unwrap();
        format!("✓ {:02} {} (unchanged since it passed: not run again)", n + 1, all[n].title)
    };
    assert!(!text.contains(&reused("gradient_check")) && !text.contains(&reused("train")), "{text}");
    let (out, text) = check(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(&reused("gradient_check")) && text.contains(&reused("train")), "{text}");
    let train = all.iter().position(|e| e.module == "train").unwrap();
    let changed = "pub fn train(_: &backprop::mnist::Dataset, _: usize) -> Vec<String> { panic!(\"changed\") }";
    std::fs::write(dir.join(all[train].file), changed).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains(&reused("gradient_check")) && !text.contains(&reused("train")), "{text}");
    assert!(text.contains(&format!("✗ {:02}", train + 1)) && text.contains(": changed"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn each_blank_exercise_fails_with_its_own_name_and_each_bug_until_it_is_fixed() {
    let all = exercises::exercises();
    // Every blank, the ones before it done with the project's code. (Exercises 9 and 10 need
    // MNIST; 10 trains for a few seconds.)
    if common::mnist("each_blank_exercise_fails_with_its_own_name").is_none() {
        return;
    }
    let first_bug = all.iter().position(|e| e.file.contains("_bug_")).unwrap();
    for (done, blank) in all.iter().enumerate().take(first_bug) {
        let dir = solved_up_to(&format!("exercises-blank-{done}"), done);
        let (out, text) = check(&dir, &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text.contains(&format!("backprop exercises: {done}/{} done", all.len())), "{text}");
        assert!(text.contains(&format!("✗ {:02} {}", done + 1, blank.title)), "{text}");
        assert!(text.contains("not written yet (todo!())"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(state(&dir));
    }
    // The "find the bug" levels: each planted bug fails with its own check, and passes once
    // replaced by the fixed code.
    let first_bug = all.iter().position(|e| e.file.contains("_bug_")).unwrap();
    let dir = solved_up_to("exercises-bugs", first_bug);
    for (n, e) in all.iter().enumerate().skip(first_bug) {
        std::fs::write(dir.join(e.file), e.blank).unwrap();
        let outcome = exercises::check_one(&dir, &state(&dir), n).unwrap();
        assert!(matches!(outcome, Outcome::Failed { .. }), "{}: {outcome:?}", e.file);
        std::fs::write(dir.join(e.file), e.solution).unwrap();
        assert_eq!(exercises::check_one(&dir, &state(&dir), n).unwrap(), Outcome::Passed, "{}", e.file);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn the_mistakes_learners_make_are_reported_as_what_they_are() {
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-mistakes", 0);
    let write = |n: usize, from: &str, to: &str| {
        let text = all[n].blank.replace(from, to);
        assert_ne!(text, all[n].blank, "the blank of {} has no {from:?}", all[n].file);
        std::fs::write(dir.join(all[n].file), text).unwrap();
    };
    let todo_mul = "todo!(\"여기에 쓰세요 · write it here: dx = dout * y, dy = ?\")";
    // The inputs not swapped: the notes' 2.2 expected, 220 given.
    write(0, todo_mul, "(dout * self.x, dout * self.y)");
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("✗ 01") && text.contains("backward: dapple (노트 · the notes: 2.2)"), "{text}");
    // (the tax node's backward gives 200 for the apple price, and 200 · 100 = 20000)
    assert!(text.contains("expected: 2.2") && text.contains("yours:    20000"), "{text}");
    // A compile error is shown for its file, with the exercise named.
    write(0, todo_mul, "(dout * self.y, dout * self.z)");
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("✗ 01") && text.contains("it does not compile") && text.contains("01_mul_layer.rs"), "{text}");
    assert!(text.contains("no field `z`"), "{text}");
    // rustc's whole message, with its help: `dout * 1` (an integer) as the notes' Python has it.
    write(1, "todo!(\"여기에 쓰세요 · write it here\")", "(dout * 1, dout * 1)");
    std::fs::write(dir.join(all[0].file), all[0].solution).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("✗ 02") && text.contains("cannot multiply `f64` by `{integer}`"), "{text}");
    assert!(text.contains("02_add_layer.rs:") && text.contains("help:"), "{text}");
    std::fs::write(dir.join(all[1].file), all[1].blank).unwrap();
    // A panic, with its place in the learner's file.
    write(0, todo_mul, "panic!(\"oops\")");
    let (_, text) = check(&dir, &[]);
    let line = all[0].blank.lines().position(|l| l.contains(todo_mul)).unwrap() + 1;
    assert!(text.contains(&format!("your code panicked at {}:{line}:", dir.join(all[0].file).display())), "{text}");
    assert!(text.contains(": oops"), "{text}");
    // NaN: a sigmoid's backward that divides by zero.
    std::fs::write(dir.join(all[0].file), all[0].solution).unwrap();
    std::fs::write(dir.join(all[1].file), all[1].solution).unwrap();
    std::fs::write(dir.join(all[2].file), all[2].solution).unwrap();
    write(3, "todo!(\"여기에 쓰세요 · write it here\")", "dout.map(|d| d / 0.0 * 0.0)");
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("✗ 04") && text.contains("yours:    NaN"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn hints_come_in_steps_and_a_reset_keeps_the_learners_file() {
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-hints", 0);
    std::fs::write(dir.join(all[0].file), "// my own work\n").unwrap();
    // Hints: the first shown with the failure, each --hint the next, the last names the notes.
    let (_, text) = check(&dir, &[]);
    assert!(text.contains(&format!("hint 1/3: {}", all[0].hints[0])), "{text}");
    let (_, text) = check(&dir, &["--hint"]);
    assert!(text.contains(&format!("hint 2/3: {}", all[0].hints[1])), "{text}");
    let (_, text) = check(&dir, &["--hint"]);
    assert!(text.contains("hint 3/3: ") && text.contains("노트 5.4"), "{text}");
    // A reset puts the blank back and keeps the learner's file under a new name, twice.
    for k in 1..=2 {
        let (out, text) = check(&dir, &["--reset", "1"]);
        assert!(out.status.success(), "{text}");
        assert_eq!(std::fs::read_to_string(dir.join(all[0].file)).unwrap(), all[0].blank);
        let kept = dir.join(format!("{}.mine-{k}", all[0].file));
        let expected = if k == 1 { "// my own work\n" } else { all[0].blank };
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), expected, "{text}");
    }
    // Checking never writes into the folder but to make a missing file.
    let before: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    check(&dir, &[]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), before.len());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn watch_mode_checks_again_when_a_file_is_saved() {
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-watch", 0);
    let mut child = common::command("exercise")
        .arg("--dir")
        .arg(&dir)
        .arg("--state")
        .arg(state(&dir))
        .arg("--watch")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut read_until = |needle: &str| {
        let start = std::time::Instant::now();
        while !seen.contains(needle) {
            assert!(start.elapsed() < std::time::Duration::from_secs(60), "no {needle:?} in {seen}");
            let mut line = String::new();
            if std::io::BufRead::read_line(&mut reader, &mut line).unwrap() == 0 {
                break;
            }
            seen.push_str(&line);
        }
    };
    read_until("0/14");
    // Saved, with a modification time the watcher cannot have seen (no waiting for the clock).
    std::fs::write(dir.join(all[0].file), all[0].solution).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options().write(true).open(dir.join(all[0].file)).unwrap().set_modified(later).unwrap();
    read_until("1/14");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

/// Exercise 1 solved, with `extra` run at the start of its backward.
fn mul_layer_that_also(extra: &str) -> String {
    let all = exercises::exercises();
    let todo_mul = "todo!(\"여기에 쓰세요 · write it here: dx = dout * y, dy = ?\")";
    all[0].blank.replace(todo_mul, &format!("{{ {extra} }}; (dout * self.y, dout * self.x)"))
}

#[test]
fn what_the_learners_code_prints_or_reads_never_breaks_the_report() {
    // The failures this guards against: `print!` without a newline turned a right MulLayer into
    // "0/14 … ended without a word"; 1 MB lines grew the checker to 4 GB; `read_line` waited on
    // the checker's stdin for 20 s; printed protocol lines (`@@PASS 0`) gave "14/14 done".
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-printing", 0);
    std::fs::write(dir.join(all[0].file), mul_layer_that_also("print!(\"debug: {dout} \");")).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("backprop exercises: 1/14 done") && text.contains("✓ 01"), "{text}");
    assert!(text.contains("your code printed (stdout and stderr):") && text.contains("  | debug: 1 debug: "), "{text}");
    // Megabytes without a newline, on stdout and stderr: kept to the first 4000 bytes.
    let flood = "let big = \"x\".repeat(1 << 20); for _ in 0..8 { print!(\"{big}\"); eprint!(\"{big}\"); }";
    std::fs::write(dir.join(all[0].file), mul_layer_that_also(flood)).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("backprop exercises: 1/14 done"), "{}", &text[..text.len().min(3000)]);
    assert!(text.len() < 20_000, "the report shows a capped part: {} bytes", text.len());
    assert!(text.contains("more bytes not kept)"), "{}", &text[..text.len().min(3000)]);
    // Reading stdin: there is none (end of input at once), so the check goes on.
    let read = "let mut line = String::new(); let n = std::io::stdin().read_line(&mut line).unwrap(); println!(\"read {n}\");";
    std::fs::write(dir.join(all[0].file), mul_layer_that_also(read)).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("backprop exercises: 1/14 done") && text.contains("  | read 0"), "{text}");
    // The checker's own words, printed by a file that is still todo!(): still not done.
    let forged = "@@RUN 0\\n@@PASS 0\\nPASS 0\\nPASS 1\\nPASS 2";
    let blank = all[0].blank.replace(
        "pub fn backward(&self, dout: f64) -> (f64, f64) {",
        &format!("pub fn backward(&self, dout: f64) -> (f64, f64) {{\n        println!(\"{forged}\");"),
    );
    assert_ne!(blank, all[0].blank);
    std::fs::write(dir.join(all[0].file), blank).unwrap();
    let (out, text) = check(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("backprop exercises: 0/14 done") && text.contains("not written yet (todo!())"), "{text}");
    assert!(text.contains("  | PASS 1"), "shown as the learner's output: {text}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn a_process_the_learners_code_starts_ends_with_the_check() {
    // The failure this guards against: a spawned child kept the run alive 27 s and the report
    // listed an exercise twice.
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-child", 0);
    let pid_file = dir.join("child.pid");
    let spawn = format!(
        "let child = std::process::Command::new(\"sleep\").arg(\"600\").spawn().unwrap(); std::fs::write({:?}, child.id().to_string()).unwrap();",
        pid_file.display().to_string()
    );
    std::fs::write(dir.join(all[0].file), mul_layer_that_also(&spawn)).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("backprop exercises: 1/14 done"), "{text}");
    assert_eq!(text.matches("✓ 01").count(), 1, "{text}");
    // The child is gone (or a zombie waiting to be reaped): awaited, not timed.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let gone = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.is_empty() || stat.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z'))
    };
    let start = std::time::Instant::now();
    while !gone() {
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "sleep 600 (pid {pid}) outlived the check");
        std::thread::yield_now();
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn an_exercise_file_that_is_not_a_file_of_text_is_named_as_what_it_is() {
    // The failure this guards against: a folder, a dangling link or a file that is not UTF-8 was
    // "the checker's program did not compile" with a hint to run make exercise.
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-not-files", 1);
    let file = dir.join(all[1].file);
    let cases: [(&dyn Fn(), &str); 3] = [
        (&|| std::fs::create_dir(&file).unwrap(), "is a folder, not a file"),
        (&|| common::symlink("/nonexistent/02.rs", &file).unwrap(), "is a link to /nonexistent/02.rs, which does not exist"),
        (
            &|| std::fs::write(&file, b"// caf\xe9 (Latin-1)\n").unwrap(),
            "is not UTF-8 text (line 1); save it as UTF-8 in your editor",
        ),
    ];
    for (make, said) in cases {
        let _ = std::fs::remove_dir_all(&file);
        let _ = std::fs::remove_file(&file);
        make();
        let (out, text) = check(&dir, &[]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains("backprop exercises: 1/14 done") && text.contains("✗ 02"), "{text}");
        assert!(text.contains(&format!("{}: {said}", file.display())), "{said}: {text}");
        assert!(!text.contains("did not compile"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn a_reset_never_writes_through_a_link() {
    // The failure this guards against: reset wrote the blank through a link into a file outside
    // exercises/ and said it kept a copy that did not exist.
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-reset-link", 0);
    let outside = dir.with_extension("outside.rs");
    std::fs::write(&outside, "// the learner's other file\n").unwrap();
    std::fs::remove_file(dir.join(all[0].file)).unwrap();
    common::symlink(&outside, dir.join(all[0].file)).unwrap();
    let (out, text) = check(&dir, &["--reset", "1"]);
    assert!(out.status.success(), "{text}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "// the learner's other file\n", "the file outside is untouched");
    let kept = dir.join(format!("{}.mine-1", all[0].file));
    assert!(std::fs::symlink_metadata(&kept).unwrap().file_type().is_symlink(), "the link itself is kept: {text}");
    assert!(text.contains(&kept.display().to_string()), "{text}");
    let placed = std::fs::symlink_metadata(dir.join(all[0].file)).unwrap();
    assert!(placed.is_file() && std::fs::read_to_string(dir.join(all[0].file)).unwrap() == all[0].blank);
    // Nothing there: the blank is made, and nothing is said to be kept.
    std::fs::remove_file(dir.join(all[0].file)).unwrap();
    let (out, text) = check(&dir, &["--reset", "1"]);
    assert!(out.status.success() && text.contains("(there was no file to keep)"), "{text}");
    let _ = std::fs::remove_file(&outside);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

#[test]
fn a_loop_that_never_ends_is_stopped_at_the_exercises_time() {
    let all = exercises::exercises();
    let dir = solved_up_to("exercises-loop", 0);
    std::fs::write(dir.join(all[0].file), mul_layer_that_also("loop {}")).unwrap();
    let (_, text) = check(&dir, &[]);
    assert!(text.contains("✗ 01") && text.contains("did not finish in 5 s (a loop that never ends?)"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(state(&dir));
}

/// The public items of a Rust file: `(owner, name)` → its signature (whitespace collapsed),
/// where the owner is the `impl` or `struct` it is in ("" at the top level) and a struct's field
/// is named `.field`. Enough for the blanks and the chapter, which rustfmt keeps tidy.
fn signatures(text: &str) -> std::collections::BTreeMap<(String, String), String> {
    let mut items = std::collections::BTreeMap::new();
    let mut owner = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == "}" {
            owner.clear();
        } else if let Some(rest) = line.strip_prefix("impl ").or_else(|| line.strip_prefix("pub struct ")) {
            owner = rest.split([' ', '<', '{', ';']).next().unwrap().to_string();
        } else if let Some(field) = line.strip_prefix("    pub ").filter(|l| !l.starts_with("fn ") && l.contains(':')) {
            let (name, ty) = field.split_once(':').unwrap();
            items.insert((owner.clone(), format!(".{name}")), ty.trim().trim_end_matches(',').to_string());
        } else if let Some(at) = line.find("pub fn ") {
            let mut signature = line[at..].to_string();
            while !signature.trim_end().ends_with('{') {
                signature.push_str(lines.next().unwrap());
            }
            let signature = signature.trim_end().trim_end_matches('{').split_whitespace().collect::<Vec<_>>().join(" ");
            let name = signature["pub fn ".len()..].split(['(', '<']).next().unwrap().to_string();
            items.insert((owner.clone(), name), signature.replace("( ", "(").replace(", )", ")"));
        }
    }
    items
}

/// The blanks (and the find-the-bug levels) are copies of the chapter's layers and network for
/// the learner to finish: every struct field and every function they declare has the type and
/// signature the chapter gives it, so that the chapter and the exercises cannot drift apart.
/// Only the exercises' own helpers (named below) are theirs alone.
#[test]
fn every_blank_declares_what_the_chapter_declares_with_the_same_signature() {
    let chapter: String = ["src/layers.rs", "src/functions.rs", "src/two_layer_net.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap() + "\n")
        .collect();
    let chapter = signatures(&chapter);
    let exercises_own = ["numerical_gradient", "mean_abs_diff", "gradient_check", "train"];
    let mut compared = 0;
    for e in exercises::exercises() {
        for ((owner, name), signature) in signatures(e.blank) {
            if owner.is_empty() && exercises_own.contains(&name.as_str()) {
                continue;
            }
            let key = (owner.clone(), name.clone());
            let Some(theirs) = chapter.get(&key) else {
                panic!("{}: {owner}::{name} is not in the chapter (src/layers.rs, functions.rs, two_layer_net.rs)", e.file)
            };
            assert_eq!(&signature, theirs, "{}: {owner}::{name} differs from the chapter's", e.file);
            compared += 1;
        }
    }
    assert!(compared > 40, "{compared} items compared");
}
