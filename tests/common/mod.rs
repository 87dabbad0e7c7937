//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub use backprop::gradient_check::max_rel_error;
use backprop::{Matrix, Rng};

/// The path of a binary of this crate, by its name.
pub fn exe(bin: &str) -> &'static str {
    match bin {
        "train" => env!("CARGO_BIN_EXE_train"),
        "gradcheck" => env!("CARGO_BIN_EXE_gradcheck"),
        "trace" => env!("CARGO_BIN_EXE_trace"),
        "predict" => env!("CARGO_BIN_EXE_predict"),
        "apples" => env!("CARGO_BIN_EXE_apples"),
        "graphs" => env!("CARGO_BIN_EXE_graphs"),
        "serve" => env!("CARGO_BIN_EXE_serve"),
        "bench" => env!("CARGO_BIN_EXE_bench"),
        "exercise" => env!("CARGO_BIN_EXE_exercise"),
        "steps" => env!("CARGO_BIN_EXE_steps"),
        "fetch" => env!("CARGO_BIN_EXE_fetch"),
        other => panic!("no binary {other}"),
    }
}

/// A binary of this crate, ready to run, keeping what it makes and remembers in [`target_dir`]
/// (never the learner's `target/`: their runs, hints and progress).
pub fn command(bin: &str) -> std::process::Command {
    let mut command = std::process::Command::new(exe(bin));
    command.env(backprop::lab::settings::TARGET_ENV, target_dir());
    command
}

/// This test process's stand-in for `target/`, under the system's temp dir; those of test
/// processes that have ended are removed when it is first made.
pub fn target_dir() -> &'static std::path::Path {
    use std::sync::OnceLock;
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = std::env::temp_dir();
        for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name.strip_prefix("backprop-test-target-").and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = tmp.join(format!("backprop-test-target-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Asserts that every entry of `actual` is within relative error `tol` of `expected` (with
/// entries below `floor` compared absolutely). On failure, prints the worst index and both values.
#[track_caller]
pub fn assert_close(what: &str, actual: &Matrix, expected: &Matrix, tol: f64, floor: f64) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shapes differ");
    let (worst, err) = max_rel_error(actual, expected, floor);
    assert!(
        err <= tol,
        "{what}: relative error {err:.3e} > {tol:.0e} at index {worst} (row {}, col {}): actual {:e}, expected {:e}",
        worst / actual.cols.max(1),
        worst % actual.cols.max(1),
        actual.data[worst],
        expected.data[worst]
    );
}

/// A (rows, cols) matrix of standard normal samples.
pub fn randn(rng: &mut Rng, rows: usize, cols: usize) -> Matrix {
    Matrix::from_vec(rows, cols, (0..rows * cols).map(|_| rng.randn()).collect())
}

/// `Σ out ⊙ dout`: a scalar whose gradient with respect to `out` is `dout`. Checking a layer's
/// backward(dout) against the numerical gradient of this (as a function of the input) checks
/// the chain rule for an arbitrary upstream gradient, not only for dout = 1.
pub fn weighted_sum(out: &Matrix, dout: &Matrix) -> f64 {
    out.data.iter().zip(&dout.data).map(|(o, d)| o * d).sum()
}

/// One-hot targets (N, classes) for the given labels.
pub fn one_hot(labels: &[usize], classes: usize) -> Matrix {
    let mut t = Matrix::zeros(labels.len(), classes);
    for (i, &l) in labels.iter().enumerate() {
        t[(i, l)] = 1.0;
    }
    t
}

/// Real MNIST from `data/`, loaded once per test binary with `load_mnist(normalize=True,
/// one_hot_label=True)`. If it is missing the test fails with the hint `run make data`, unless
/// skipping was asked for (see [`missing`]).
pub fn mnist(test: &str) -> Option<&'static backprop::mnist::Dataset> {
    use std::sync::OnceLock;
    static DATA: OnceLock<Result<backprop::mnist::Dataset, String>> = OnceLock::new();
    let loaded = DATA.get_or_init(|| {
        let options = backprop::mnist::Load { normalize: true, one_hot_label: true, ..backprop::mnist::Load::default() };
        backprop::mnist::load_mnist(&backprop::lab::settings::data_dir(), options).map_err(|e| e.to_string())
    });
    match loaded {
        Ok(data) => Some(data),
        Err(e) => {
            missing(test, &format!("MNIST is not available ({e})"), "run `make data`");
            None
        }
    }
}

/// The environment variable that lets tests skip when something they need (MNIST, rust-gdb,
/// Chromium) is missing. Without it they fail; in CI they always fail.
pub const ALLOW_SKIP: &str = "BACKPROP_ALLOW_SKIP";

/// Something `test` needs is missing: fail with `hint`, or, where `BACKPROP_ALLOW_SKIP=1` is set
/// and this is not CI, skip (see [`skip`]).
#[track_caller]
pub fn missing(test: &str, what: &str, hint: &str) {
    let allowed = std::env::var(ALLOW_SKIP).is_ok_and(|v| v == "1") && !in_ci();
    if !allowed {
        panic!("{test}: {what}; hint: {hint} (or set {ALLOW_SKIP}=1 to skip such tests outside CI)");
    }
    skip(test, what, hint);
}

/// A tool a fresh machine may lack (Chromium, gdb) is missing: in CI (`CI=true`, as `.ci/run`
/// sets) the test fails; elsewhere it is skipped, loudly (see [`skip`]).
#[track_caller]
pub fn missing_tool(test: &str, what: &str, hint: &str) {
    if in_ci() {
        panic!("{test}: {what}; hint: {hint} (CI=true: this test must run)");
    }
    skip(test, what, hint);
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Says SKIPPED on the real stdout (past the test harness's capture, so the line is seen) and
/// adds a line to `target/skipped-tests.txt`, which `make test` sums up at the end.
pub fn skip(test: &str, what: &str, hint: &str) {
    use std::io::Write;
    let line = format!("SKIPPED {test}: {what} (to run it: {hint})");
    let _ = writeln!(std::io::stdout(), "\n*** {line}. This test did NOT run. ***");
    let log = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/skipped-tests.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(log) {
        // One write of the whole line: tests skipping at once must not interleave theirs.
        let _ = file.write_all(format!("{line}\n").as_bytes());
    }
}

/// A fresh empty folder under the system's temp dir, named after the test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("backprop-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small XML well-formedness check: every tag closes, in order, quotes balance inside tags,
/// every `&` starts an entity, and the root element is `root`. Enough for the SVGs and pages the
/// project writes by hand (it skips `<!DOCTYPE …>` and `<!-- … -->`).
#[track_caller]
pub fn assert_well_formed_xml(text: &str, root: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    let mut first = None;
    while let Some(open) = rest.find('<') {
        let between = &rest[..open];
        for (i, _) in between.match_indices('&') {
            let entity = &between[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#"].iter().any(|e| entity.starts_with(e)),
                "a bare & in text: {:?}",
                &entity[..entity.len().min(20)]
            );
        }
        if rest[open..].starts_with("<!--") {
            let end = rest[open..].find("-->").expect("unclosed comment") + open;
            rest = &rest[end + 3..];
            continue;
        }
        let close = rest[open..].find('>').expect("unclosed <") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_alphanumeric()).collect();
        if tag.starts_with('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "</{name}> closes the wrong tag");
        } else if !tag.ends_with('/') && !["meta", "img", "br", "input", "link"].contains(&name.as_str()) {
            first.get_or_insert(name.clone());
            stack.push(name);
        } else {
            first.get_or_insert(name.clone());
        }
        if stack.is_empty() && first.is_some() && !rest.trim().is_empty() && !tag.ends_with('/') {
            panic!("text after the root element: {:?}", &rest[..rest.len().min(40)]);
        }
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    assert_eq!(first.as_deref(), Some(root), "root element");
}

/// A dark "1" (a vertical bar) on a white page, `w × h`.
pub fn dark_bar_on_white(w: usize, h: usize) -> Vec<u8> {
    let mut pgm = format!("P2 {w} {h} 255\n").into_bytes();
    for y in 0..h {
        for x in 0..w {
            let ink = x >= w / 2 - 1 && x <= w / 2 && y >= h / 5 && y < h - h / 5;
            pgm.extend_from_slice(if ink { b"0 " } else { b"255 " });
        }
        pgm.push(b'\n');
    }
    pgm
}

/// A symbolic link at `link` to `target` (on Windows, a link to a file: making one needs
/// Developer Mode or an administrator, and the tests that make links run on Unix).
pub fn symlink(target: impl AsRef<std::path::Path>, link: impl AsRef<std::path::Path>) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link);
    #[cfg(windows)]
    return std::os::windows::fs::symlink_file(target, link);
}

/// A folder of links to every program on this `PATH` except `hidden`: the machine as it would
/// be without them.
pub fn path_without(dir: &std::path::Path, hidden: &[&str]) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for folder in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if hidden.iter().any(|h| name == *h) || bin.join(&name).exists() {
                continue;
            }
            let _ = symlink(entry.path(), bin.join(&name));
        }
    }
    bin
}
