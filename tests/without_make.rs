//! The way without make (a Windows laptop): every target of the Makefile has the `cargo` command
//! that README.md's "Without make" table gives, and those commands run, here on Linux, with no
//! `make` and no `bash` on `PATH`.

mod common;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md's "Without make" section.
fn section() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("## Without make").expect("README.md has a \"Without make\" section");
    let rest = &readme[start + 3..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// The table's rows: (the make target, the command without make).
fn rows() -> Vec<(String, String)> {
    section()
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let target = cells.get(1)?.strip_prefix("`make ")?.strip_suffix('`')?;
            let command = cells.get(2)?.trim_matches('`');
            Some((target.to_string(), command.to_string()))
        })
        .collect()
}

#[test]
fn every_make_target_has_its_command_without_make() {
    let makefile = std::fs::read_to_string(repo().join("Makefile")).unwrap();
    let phony = makefile.lines().find_map(|l| l.strip_prefix(".PHONY:")).unwrap();
    // Python's targets run where make is; the exercise's three others are flags of its row.
    let elsewhere = ["help", "clean", "bench-numpy", "compare-numpy", "check-mine"];
    let flags = ["exercise-watch", "exercise-hint", "exercise-reset"];
    let expected: BTreeSet<&str> = phony.split_whitespace().filter(|t| !elsewhere.contains(t) && !flags.contains(t)).collect();
    let rows = rows();
    let listed: BTreeSet<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(listed, expected, "the Makefile's targets vs README.md's \"Without make\" table");
    let text = section();
    for target in elsewhere.iter().skip(2).chain(&flags) {
        assert!(text.contains(target), "the section says where `make {target}` goes");
    }
    for flag in ["--watch", "--hint", "--reset 5"] {
        assert!(text.contains(flag), "{flag}");
    }
    assert!(repo().join(".vscode/launch.json").is_file(), "make debug's way without make");
}

#[test]
fn the_commands_without_make_run_with_no_make_and_no_bash_on_the_path() {
    if common::mnist("the_commands_without_make_run").is_none() {
        return;
    }
    let dir = common::temp_dir("without-make");
    let bin = common::path_without(&dir, &["make", "gmake", "bash"]);
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let data = repo().join("data");
    // The arguments added to each command, to keep it short and its outputs in a folder of ours;
    // and a line it must print. Not run here: serve (a server: tests/serve.rs), exercise (it
    // writes exercises/, the learner's), bench (minutes), the tests themselves, and the debugger.
    let runs: [(&str, Vec<String>, &str); 8] = [
        ("data", vec!["--data".into(), out("data"), "--from".into(), data.to_str().unwrap().into()], "every checksum matches"),
        (
            "train",
            ["--iters-num", "30", "--limit", "1000", "--out"].map(String::from).into_iter().chain([out("train")]).collect(),
            "train acc, test acc | ",
        ),
        (
            "train-numerical",
            ["--iters-num", "1", "--hidden-size", "3", "--batch-size", "2", "--limit", "100", "--out"]
                .map(String::from)
                .into_iter()
                .chain([out("numerical")])
                .collect(),
            "numerical gradient",
        ),
        ("gradcheck", ["--batch-size", "1", "--hidden-size", "3"].map(String::from).to_vec(), "W1"),
        ("apples", vec!["--out".into(), out("apples")], "220"),
        ("graphs", vec!["--out".into(), out("graphs")], "index.html"),
        ("predict", vec!["--model".into(), out("train/model.bin")], "predicted: "),
        ("trace", Vec::new(), "Affine1"),
    ];
    let rows = rows();
    for (target, extra, says) in runs {
        let command = &rows.iter().find(|(t, _)| t == target).unwrap_or_else(|| panic!("no row for make {target}")).1;
        let mut words = command.split_whitespace();
        assert_eq!(words.next(), Some("cargo"), "{command}");
        let mut cargo = Command::new(bin.join("cargo"));
        cargo.args(words);
        if !command.contains(" -- ") {
            cargo.arg("--");
        }
        // A target folder of its own: the one `cargo test` builds in is locked while it runs.
        let run = cargo
            .args(&extra)
            .current_dir(repo())
            .env("PATH", &bin)
            .env("CARGO_TARGET_DIR", repo().join("target").join("without-make"))
            .env(backprop::lab::settings::TARGET_ENV, common::target_dir())
            .env("LC_ALL", "C.UTF-8")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert!(run.status.success(), "{command} {extra:?}: {text}");
        assert!(text.contains(says), "{command}: no {says:?} in {text}");
    }
    assert!(Path::new(&out("graphs")).join("index.html").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}
