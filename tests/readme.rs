//! The two front doors stay in step: every `make` target and every `src/…` path named in
//! README.md is named in README.ko.md or its REFERENCE.ko.md and the other way round, every target named is one the
//! Makefile has (and every target the Makefile has is named), every path exists, and each README
//! links to the other.

use std::collections::BTreeSet;
use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// The words that follow `prefix` in `text`, made of the characters `keep` allows.
fn words_after(text: &str, prefix: &str, keep: impl Fn(char) -> bool) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(at, _)| text[at + prefix.len()..].chars().take_while(|&c| keep(c)).collect::<String>())
        .map(|w| w.trim_end_matches(['.', '-']).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn make_targets(text: &str) -> BTreeSet<String> {
    words_after(text, "make ", |c| c.is_ascii_lowercase() || c == '-')
}

fn src_paths(text: &str) -> BTreeSet<String> {
    words_after(text, "src/", |c| c.is_ascii_alphanumeric() || "_./-".contains(c))
        .into_iter()
        .map(|p| format!("src/{p}"))
        .collect()
}

#[test]
fn both_readmes_name_the_same_targets_and_files() {
    // The Korean side is README.ko.md, learner-first, and REFERENCE.ko.md, which it links to.
    let (en, ko_first) = (read("README.md"), read("README.ko.md"));
    let ko = format!("{ko_first}\n{}", read("REFERENCE.ko.md"));
    assert_eq!(make_targets(&en), make_targets(&ko), "make targets: README.md vs README.ko.md + REFERENCE.ko.md");
    assert_eq!(src_paths(&en), src_paths(&ko), "src paths: README.md vs README.ko.md + REFERENCE.ko.md");
    assert!(en.contains("(README.ko.md)") && ko_first.contains("(README.md)"), "each links to the other");
    assert!(ko_first.contains("(REFERENCE.ko.md)"), "README.ko.md links to its reference");
    // Every command a learner needs first is in README.ko.md itself.
    for target in ["train", "test", "apples", "graphs", "trace", "gradcheck", "exercise", "check-mine", "serve", "debug"] {
        assert!(make_targets(&ko_first).contains(target), "README.ko.md names make {target}");
    }
}

#[test]
fn every_target_named_is_in_the_makefile_and_every_target_is_named() {
    let makefile = read("Makefile");
    let phony: BTreeSet<String> = makefile
        .lines()
        .find_map(|l| l.strip_prefix(".PHONY:"))
        .unwrap()
        .split_whitespace()
        .filter(|t| !["help", "clean"].contains(t))
        .map(str::to_string)
        .collect();
    let named = make_targets(&read("README.md"));
    assert_eq!(named, phony, "the README's targets vs the Makefile's");
}

#[test]
fn every_path_named_exists() {
    for path in src_paths(&read("README.md")) {
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path).exists(), "{path}");
    }
}
