//! The line between the chapter (`src/*.rs`, read beside the notes) and the lab around it
//! (`src/lab/`): the chapter never names the lab, holds none of the lab's machinery (threads,
//! timers, progress), and each of the notes' items stays within twice the notes' lines.

use std::path::Path;

/// The chapter's modules, in the notes' order, as `src/lib.rs` declares them.
const CHAPTER: [&str; 10] =
    ["matrix", "rng", "apples", "functions", "gradient", "layers", "two_layer_net", "mnist", "gradient_check", "train"];

fn source(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(name)).unwrap()
}

/// The lines that are code: no blank lines, no comments.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).collect()
}

#[test]
fn lib_declares_the_chapter_in_the_notes_order_then_the_lab() {
    let lib = source("lib.rs");
    let declared: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    let mut expected = CHAPTER.to_vec();
    expected.push("lab");
    assert_eq!(declared, expected);
}

#[test]
fn no_chapter_module_names_the_lab_or_holds_its_machinery() {
    // Threads and the like may live below the Matrix line (src/matrix/), not in the chapter's files.
    const LAB_ONLY: [&str; 10] =
        ["lab::", "thread", "Atomic", "Arc<", "Mutex", "thread_local", "Instant", "black_box", "progress", "std::time"];
    for module in CHAPTER {
        let text = source(&format!("{module}.rs"));
        for line in code_lines(&text) {
            for word in LAB_ONLY {
                assert!(!line.contains(word), "src/{module}.rs names {word:?}: {line}");
            }
        }
    }
}

/// The code lines of the item that starts at the line beginning with `start`, up to the line
/// (at the same indentation) that closes it.
fn item_lines(text: &str, start: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no {start}"));
    let indent = lines[at].len() - lines[at].trim_start().len();
    let end = (at..lines.len()).find(|&i| lines[i].trim_end() == format!("{}}}", " ".repeat(indent))).unwrap();
    code_lines(&lines[at..=end].join("\n")).len()
}

#[test]
fn each_of_the_notes_items_reads_within_twice_the_notes_lines() {
    // (file, item, the notes' code lines for it): a struct against the notes' `__init__`, an impl
    // against the whole class (`__init__`, `forward`, `backward`), a method against its `def`.
    let items = [
        ("layers.rs", "pub struct Relu", 2),
        ("layers.rs", "impl Relu", 11),
        ("layers.rs", "pub struct Affine", 6),
        ("layers.rs", "impl Affine", 15),
        ("layers.rs", "pub struct SoftmaxWithLoss", 4),
        ("layers.rs", "impl SoftmaxWithLoss", 13),
        ("two_layer_net.rs", "pub fn predict", 4),
        ("two_layer_net.rs", "pub fn loss", 3),
        ("two_layer_net.rs", "pub fn accuracy", 6),
        ("two_layer_net.rs", "pub fn numerical_gradient", 8),
        ("two_layer_net.rs", "pub fn gradient", 12),
        ("gradient.rs", "pub fn numerical_gradient", 14),
        ("functions.rs", "pub fn softmax", 3),
        ("functions.rs", "pub fn cross_entropy_error_with_delta", 8),
    ];
    for (file, item, notes) in items {
        let lines = item_lines(&source(file), item);
        assert!(lines <= 2 * notes, "src/{file}: {item} is {lines} code lines, the notes' {notes}");
    }
    for (file, most) in [("gradient.rs", 45), ("train.rs", 110)] {
        let lines = code_lines(&source(file)).len();
        assert!(lines <= most, "src/{file} is {lines} code lines (at most {most})");
    }
}

#[test]
fn gradient_calls_every_backward_in_reverse_order() {
    let text = source("two_layer_net.rs");
    let at = text.find("pub fn gradient").unwrap();
    let body = &text[at..at + text[at..].find("\n    }\n").unwrap()];
    let order = ["self.loss(x, t)", "last_layer.backward", "affine2.backward", "relu1.backward", "affine1.backward"];
    let positions: Vec<usize> = order.iter().map(|s| body.find(s).unwrap_or_else(|| panic!("{s} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order: {body}");
}
