//! `make exercise`: write the chapter's backward passes yourself and be told whether they are
//! right, in the notes' order, as rustlings does for the Rust book.
//!
//! The learner's files are `exercises/NN_name.rs`, made from `src/lab/exercises/blank/` when
//! missing and never overwritten. To check them, the checker writes a small program into
//! `target/exercises/`: the learner's files as modules (by their paths), the checks of
//! `src/lab/exercises/checks/` (the notes' numbers, and each backward against the numerical
//! gradient of its forward; these files are not modules of this crate, they are compiled into
//! that program), and compiles it with `rustc` against this crate. The program runs the checks
//! in order and says how each went: a check that panics is reported as a panic, `todo!()` as
//! "not written yet", one that does not finish in time as that. A compile error is shown for
//! the exercise whose file it is in.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One exercise: its file, the module the others know it by, what it is, its check and hints.
pub struct Exercise {
    /// The file in `exercises/`, e.g. `01_mul_layer.rs`.
    pub file: &'static str,
    /// The module name the other exercises and the checks use (`mul_layer`).
    pub module: &'static str,
    /// The notes' section and what it is, in Korean and English.
    pub title: &'static str,
    /// The blank file (`todo!()` where the learner writes; a "find the bug" level is whole).
    pub blank: &'static str,
    /// The check's source: `pub fn check() -> Check`, using `crate::{checked_as}`.
    pub check: &'static str,
    /// The module the check's source names: `module` itself, or for a "find the bug" level the
    /// exercise it breaks (its check is that one's, pointed at this module when it is built).
    pub checked_as: &'static str,
    /// The project's own code as the answer, for the tests: the file that passes.
    pub solution: &'static str,
    /// Three hints, each more telling; the last names the notes' section and the formula.
    pub hints: [&'static str; 3],
    /// How long its check may run.
    pub seconds: u64,
}

/// An exercise whose blank is `blank/FILE` and whose check is `checks/CHECKED_AS.rs` (its own
/// module's, unless it is a "find the bug" level checked as the exercise it breaks).
macro_rules! exercise {
    ($file:literal, $module:literal, $title:expr, $solution:expr, $hints:expr, $seconds:expr) => {
        exercise!($file, $module, $module, $title, $solution, $hints, $seconds)
    };
    ($file:literal, $module:literal, $checked_as:literal, $title:expr, $solution:expr, $hints:expr, $seconds:expr) => {
        Exercise {
            file: $file,
            module: $module,
            title: $title,
            blank: include_str!(concat!("blank/", $file)),
            check: include_str!(concat!("checks/", $checked_as, ".rs")),
            checked_as: $checked_as,
            solution: $solution,
            hints: $hints,
            seconds: $seconds,
        }
    };
}

/// The exercises in the notes' order, then the "find the bug" levels.
pub fn exercises() -> Vec<Exercise> {
    vec![
        exercise!("01_mul_layer.rs", "mul_layer", "5.4 곱셈 계층 · the multiply layer (MulLayer)",
          "pub use backprop::layers::MulLayer;",
          ["곱셈 노드는 dout에 *다른* 입력을 곱해 보냅니다 · the multiply node sends back dout times the *other* input.",
           "x에 대한 미분은 y, y에 대한 미분은 x 입니다 · ∂(x·y)/∂x = y and ∂(x·y)/∂y = x.",
           "노트 5.4: dx = dout * self.y, dy = dout * self.x; (dx, dy)를 돌려줍니다 · return (dx, dy)."], 20),
        exercise!("02_add_layer.rs", "add_layer", "5.4 덧셈 계층 · the add layer (AddLayer)",
          "pub use backprop::layers::AddLayer;",
          ["덧셈 노드는 dout을 양쪽에 그대로 보냅니다 · the add node passes dout on, unchanged, to both inputs.",
           "x + y를 x로 미분하면 1 입니다 · ∂(x + y)/∂x = 1.",
           "노트 5.4: dx = dout * 1, dy = dout * 1; (dx, dy)를 돌려줍니다."], 20),
        exercise!("03_relu.rs", "relu", "5.5 ReLU 계층 · the ReLU layer",
          "pub use backprop::layers::Relu;",
          ["forward에서 0 이하였던 곳(self.mask)은 기울기가 0입니다 · where forward's input was ≤ 0 the gradient is 0.",
           "dout을 복사하고(dout.clone()) 마스크된 곳을 0으로 · copy dout, then set the masked places to 0.",
           "노트 5.5: dout[self.mask] = 0; dx = dout. Rust: let mut dx = dout.clone(); dx.set_masked(&self.mask, 0.0); dx"], 20),
        exercise!("04_sigmoid.rs", "sigmoid", "5.5 Sigmoid 계층 · the Sigmoid layer",
          "pub use backprop::layers::Sigmoid;",
          ["시그모이드의 미분은 출력만으로 쓸 수 있습니다 · the sigmoid's derivative needs only its output y.",
           "dy/dx = y (1 - y) 입니다. 원소마다 dout과 곱하세요 · multiply by dout, entry by entry (zip_map).",
           "노트 5.5: dx = dout * (1.0 - self.out) * self.out → dout.zip_map(&self.out, |d, y| d * (1.0 - y) * y)"], 20),
        exercise!("05_affine.rs", "affine", "5.6 Affine 계층 · the Affine layer",
          "pub use backprop::layers::Affine;",
          ["형상부터: dx는 x와, dW는 W와, db는 b와 형상이 같습니다 · dx has x's shape, dW W's, db b's.",
           "dx = dout·Wᵀ (N, out)·(out, in); dW = xᵀ·dout (in, N)·(N, out); db는 dout을 행 방향으로 더한 것 · db sums dout over the rows.",
           "노트 5.6: dx = np.dot(dout, self.W.T); self.dW = np.dot(self.x.T, dout); self.db = np.sum(dout, axis=0) → dout.dot(&self.w.transpose()), self.x.transpose().dot(dout), dout.sum_rows()"], 20),
        exercise!("06_softmax.rs", "softmax", "5.6 softmax, cross_entropy_error",
          "pub use backprop::functions::{cross_entropy_error, softmax};",
          ["softmax는 행마다: exp(x - max) / Σ exp(x - max) · row by row.",
           "행의 최댓값을 빼면 exp가 넘치지 않습니다(결과는 같음). 교차 엔트로피는 t가 1인 곳의 -ln(y + 1e-7)을 더해 N으로 나눕니다.",
           "노트 5.6 / common/functions.py: y = exp(x - max) / sum; E = -Σ t·ln(y + 1e-7) / batch_size"], 20),
        exercise!("07_softmax_with_loss.rs", "softmax_with_loss", "5.6 Softmax-with-Loss 계층 · the Softmax-with-Loss layer",
          "pub use backprop::layers::SoftmaxWithLoss;",
          ["softmax와 교차 엔트로피를 함께 미분하면 y - t 가 됩니다 · together they differentiate to y - t.",
           "손실은 배치의 평균이라서 batch_size(self.t.rows)로 나눕니다 · the loss is a mean: divide by the batch size.",
           "노트 5.6: dx = (self.y - self.t) / batch_size → self.y.zip_map(&self.t, |y, t| (y - t) * dout / batch_size)"], 20),
        exercise!("08_two_layer_net.rs", "two_layer_net", "5.7.2 TwoLayerNet::gradient (오차역전파법 · backprop)",
          "pub use backprop::{Grads, TwoLayerNet};",
          ["먼저 self.loss(x, t)로 순전파, 그다음 backward를 거꾸로 · forward once, then the backwards in reverse order.",
           "dout = 1.0 → last_layer → affine2 → relu1 → affine1: 각 backward의 결과가 다음의 dout입니다 · each backward's result is the next dout.",
           "노트 5.7.2: let dout = self.last_layer.backward(1.0); let dout = self.affine2.backward(&dout); let dout = self.relu1.backward(&dout); self.affine1.backward(&dout); then Grads { w1: self.affine1.dw.clone(), … }"], 20),
        exercise!("09_gradient_check.rs", "gradient_check", "5.7.3 기울기 검증 · the gradient check",
          "pub use backprop::gradient_check::mean_abs_diff;\n\
           pub fn gradient_check(network: &mut backprop::TwoLayerNet, x: &backprop::Matrix, t: &backprop::Matrix) -> Vec<(&'static str, f64)> {\n\
           \x20   let numerical = network.numerical_gradient(x, t);\n\
           \x20   let backprop = network.gradient(x, t);\n\
           \x20   backprop::gradient_check::compare(&backprop, &numerical).iter().map(|c| (c.name, c.mean_abs_diff)).collect()\n}\n",
          ["mean_abs_diff: |a - b|의 평균 · the mean of |a - b| over all entries.",
           "numerical_gradient(network, x, t)와 network.gradient(x, t)를 구해 매개변수마다 비교합니다 · compare per parameter, in the order W1, b1, W2, b2.",
           "노트 5.7.3: diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key])) → vec![(\"W1\", mean_abs_diff(&b.w1, &n.w1)), …]"], 120),
        exercise!("10_train.rs", "train", "5.7.4 학습 구현 · training on MNIST (17 lines)",
          "pub fn train(data: &backprop::mnist::Dataset) -> Vec<String> {\n\
           \x20   let trained = backprop::train::train(&Default::default(), data, &mut |_| std::ops::ControlFlow::Continue(()));\n\
           \x20   let h = trained.history;\n\
           \x20   h.train_acc_list.iter().zip(&h.test_acc_list).map(|(a, b)| format!(\"train acc, test acc | {a:?}, {b:?}\")).collect()\n}\n",
          ["반복마다: rng.choice(train_size, batch_size)로 배치, x_train.select_rows, gradient, 갱신, loss · each iteration: batch, gradient, update, loss.",
           "갱신: for (key, param) in network.params_mut() { param.sub_scaled(learning_rate, 갱신할 기울기) } · the update. i % iter_per_epoch == 0 이면 정확도 두 개를 재서 줄을 만듭니다.",
           "노트 5.7.4 (train_neuralnet.py), src/train.rs 와 같은 순서 · the same order as src/train.rs: choice, select_rows, gradient, update, loss, accuracy."], 240),
        exercise!("11_bug_mul_layer.rs", "bug_mul_layer", "mul_layer", "버그 찾기 1 · find the bug: MulLayer", "pub use backprop::layers::MulLayer;",
            ["forward는 맞습니다 · forward is right; look at backward.",
             "곱셈 노드는 입력을 *바꿔* 곱합니다 · the multiply node swaps its inputs.",
             "노트 5.4: dx = dout * self.y, dy = dout * self.x."], 20),
        exercise!("12_bug_relu.rs", "bug_relu", "relu", "버그 찾기 2 · find the bug: Relu", "pub use backprop::layers::Relu;",
            ["forward는 마스크를 씁니다. backward는요? · forward uses the mask; does backward?",
             "0 이하였던 곳의 기울기는 0이어야 합니다 · the gradient must be 0 where the input was ≤ 0.",
             "노트 5.5: dout[self.mask] = 0."], 20),
        exercise!("13_bug_affine.rs", "bug_affine", "affine", "버그 찾기 3 · find the bug: Affine", "pub use backprop::layers::Affine;",
            ["dW의 형상이 W와 같은지 보세요 · does dW have W's shape?",
             "xᵀ·dout 과 doutᵀ·x 는 서로의 전치입니다 · xᵀ·dout and doutᵀ·x are each other's transpose.",
             "노트 5.6: self.dW = np.dot(self.x.T, dout)."], 20),
        exercise!("14_bug_softmax_with_loss.rs", "bug_softmax_with_loss", "softmax_with_loss", "버그 찾기 4 · find the bug: SoftmaxWithLoss",
            "pub use backprop::layers::SoftmaxWithLoss;",
            ["배치가 1이면 맞고 3이면 틀립니다 · right for a batch of 1, wrong for 3.",
             "손실은 배치의 평균입니다 · the loss is a mean over the batch.",
             "노트 5.6: dx = (self.y - self.t) / batch_size."], 20),
    ]
}

/// How one exercise went.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// Still `todo!()`.
    NotDone,
    /// A check failed: which, the value expected, the value given.
    Failed {
        what: String,
        expected: String,
        got: String,
    },
    Panicked(String),
    /// Did not finish within its time.
    TooSlow(u64),
    /// The compiler's messages for this file.
    CompileError(String),
}

/// The result of checking: each exercise up to the first not passed, in order.
pub struct Report {
    pub outcomes: Vec<(usize, Outcome)>,
}

impl Report {
    /// The exercises passed in a row from the first.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().take_while(|(_, o)| *o == Outcome::Passed).count()
    }
}

/// Checks the exercises in `dir` in order, stopping at the first not passed. The program is
/// built in `work` (under `target/`).
pub fn check(dir: &Path, work: &Path) -> Result<Report, String> {
    let all = exercises();
    std::fs::create_dir_all(work).map_err(|e| format!("cannot make {}: {e}", work.display()))?;
    // First with every file; if one does not compile, again with the ones before it.
    let (binary, broken) = match build(dir, work, &all, all.len(), 0)? {
        Ok(binary) => (binary, None),
        Err((k, messages)) => match build(dir, work, &all, k, 0)? {
            Ok(binary) => (binary, Some((k, messages))),
            Err((j, messages)) => return Ok(Report { outcomes: vec![(j, Outcome::CompileError(messages))] }),
        },
    };
    let mut outcomes = run(&binary, &all)?;
    if let Some((k, messages)) = broken {
        if outcomes.len() == k && outcomes.iter().all(|(_, o)| *o == Outcome::Passed) {
            outcomes.push((k, Outcome::CompileError(messages)));
        }
    }
    Ok(Report { outcomes })
}

/// Checks exercise `n` alone (with the files before it, which it may use), for tests and for a
/// level that does not need the ones before it to pass.
pub fn check_one(dir: &Path, work: &Path, n: usize) -> Result<Outcome, String> {
    let all = exercises();
    std::fs::create_dir_all(work).map_err(|e| format!("cannot make {}: {e}", work.display()))?;
    match build(dir, work, &all, n + 1, n)? {
        Ok(binary) => Ok(run(&binary, &all)?.pop().map_or(Outcome::Panicked("no result".into()), |(_, o)| o)),
        Err((_, messages)) => Ok(Outcome::CompileError(messages)),
    }
}

/// Writes and compiles the check program with the first `count` exercises, running the checks
/// from `first_check` on. `Err((k, messages))`: exercise `k` does not compile.
fn build(
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
    let binary = work.join(format!("check-{first_check}-{count}"));
    let (rlib, deps) = library()?;
    let mut rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    rustc.args(["--edition", "2021", "-C", "opt-level=2", "--crate-name", "exercises", "--error-format", "short"]);
    rustc.arg("--extern").arg(format!("backprop={}", rlib.display())).arg("-L").arg(format!("dependency={}", deps.display()));
    // The same code generation as the library (`make` sets RUSTFLAGS).
    rustc.args(std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace());
    let out = rustc.arg(work.join("main.rs")).arg("-o").arg(&binary).output().map_err(|e| format!("cannot run rustc: {e}"))?;
    if out.status.success() {
        return Ok(Ok(binary));
    }
    let messages = String::from_utf8_lossy(&out.stderr).into_owned();
    // The first exercise (in order) that an error points into: its file, or its check, which
    // uses what the file should define (`MulLayer`, `backward`, …).
    let errors: Vec<&str> = messages.lines().filter(|l| l.contains(": error")).collect();
    let points_into = |n: usize, l: &str| l.contains(&format!("/{}:", all[n].file)) || l.contains(&format!("/check_{n}.rs:"));
    match (0..count).find(|&n| errors.iter().any(|l| points_into(n, l))) {
        Some(k) => {
            let mine: Vec<String> = errors
                .iter()
                .filter(|l| points_into(k, l))
                .map(|l| {
                    l.replace(
                        &format!("{}/check_{k}.rs", work.display()),
                        &format!("(the check of {}, which uses your file)", all[k].file),
                    )
                })
                .collect();
            Ok(Err((k, mine.join("\n"))))
        }
        None => Err(format!("the checker's program did not compile:\n{messages}")),
    }
}

/// This crate compiled as a library, beside the running binary (`target/release/`), and its
/// dependencies' folder.
fn library() -> Result<(PathBuf, PathBuf), String> {
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

/// Runs the check program, reading how each check went; a check that runs past its time is
/// stopped.
fn run(binary: &Path, all: &[Exercise]) -> Result<Vec<(usize, Outcome)>, String> {
    let mut child = Command::new(binary)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let stdout = child.stdout.take().expect("piped");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("@@") && lines.send(line).is_err() {
                return;
            }
        }
    });
    let mut outcomes = Vec::new();
    let (mut current, mut started) = (None, Instant::now());
    let mut failed: Option<(usize, Vec<String>)> = None;
    loop {
        let limit = current.map_or(60, |n: usize| all[n].seconds);
        let line = match received.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => line,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Some(n) = current.filter(|_| started.elapsed() > Duration::from_secs(limit)) {
                    let _ = child.kill();
                    let _ = child.wait();
                    outcomes.push((n, Outcome::TooSlow(limit)));
                    return Ok(outcomes);
                }
                continue;
            }
            Err(_) => break,
        };
        let (tag, rest) = line[2..].split_once(' ').unwrap_or((&line[2..], ""));
        let number = || rest.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        match tag {
            "RUN" => (current, started) = (Some(number()), Instant::now()),
            "PASS" => outcomes.push((number(), Outcome::Passed)),
            "TODO" => outcomes.push((number(), Outcome::NotDone)),
            "PANIC" => outcomes.push((number(), Outcome::Panicked(rest.split_once(' ').map_or("", |(_, m)| m).to_string()))),
            "FAIL" => failed = Some((number(), Vec::new())),
            "WHAT" | "EXPECTED" | "GOT" => {
                if let Some((_, parts)) = failed.as_mut() {
                    parts.push(rest.to_string());
                }
            }
            _ => {}
        }
    }
    let _ = child.wait();
    if let Some((n, parts)) = failed {
        let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
        outcomes.push((n, Outcome::Failed { what: part(0), expected: part(1), got: part(2) }));
    } else if let Some(n) = current.filter(|&n| !outcomes.iter().any(|(m, _)| *m == n)) {
        outcomes.push((n, Outcome::Panicked("the check program ended without a word (it crashed)".into())));
    }
    Ok(outcomes)
}

/// Makes each exercise file that is missing in `dir` from its blank; never touches one that is
/// there. Returns the files made.
pub fn make_missing(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let mut made = Vec::new();
    for exercise in exercises() {
        let path = dir.join(exercise.file);
        if std::fs::symlink_metadata(&path).is_err() {
            std::fs::write(&path, exercise.blank).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            made.push(path);
        }
    }
    Ok(made)
}

/// Puts exercise `n`'s blank back, keeping the learner's file beside it under a new name
/// (`05_affine.rs.mine-1`, `…-2`, …). Returns that name.
pub fn reset(dir: &Path, n: usize) -> Result<PathBuf, String> {
    let all = exercises();
    let exercise = all.get(n).ok_or_else(|| format!("there is no exercise {:02}", n + 1))?;
    let path = dir.join(exercise.file);
    let kept = (1..)
        .map(|k| dir.join(format!("{}.mine-{k}", exercise.file)))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("a free name");
    if path.exists() {
        std::fs::rename(&path, &kept).map_err(|e| format!("cannot keep {} as {}: {e}", path.display(), kept.display()))?;
    }
    std::fs::write(&path, exercise.blank).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(kept)
}
