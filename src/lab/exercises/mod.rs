//! `make exercise`: write the chapter's backward passes yourself and be told whether they are
//! right, in the notes' order, as rustlings does for the Rust book.
//!
//! The learner's files are `exercises/NN_name.rs`, made from `blank/` when missing and never
//! overwritten. This file is the table of exercises and what a check says; [`files`] keeps the learner's
//! files, [`compile`] builds the check program (the learner's files as modules, the checks of
//! `checks/`: the notes' numbers, and each backward against the numerical gradient of its
//! forward), and [`run`] runs it: a check that panics is reported as a panic with its place,
//! `todo!()` as "not written yet", one that does not finish in time as that, and what the
//! learner's code prints apart from the results.

pub mod compile;
pub mod files;
pub mod run;

pub use files::{make_missing, reset};
pub use run::Printed;

use std::path::Path;

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
           "노트 5.4: dx = dout * self.y, dy = dout * self.x; (dx, dy)를 돌려줍니다 · return (dx, dy)."], 5),
        exercise!("02_add_layer.rs", "add_layer", "5.4 덧셈 계층 · the add layer (AddLayer)",
          "pub use backprop::layers::AddLayer;",
          ["덧셈 노드는 dout을 양쪽에 그대로 보냅니다 · the add node passes dout on, unchanged, to both inputs.",
           "x + y를 x로 미분하면 1 입니다 · ∂(x + y)/∂x = 1.",
           "노트 5.4: dx = dout * 1, dy = dout * 1; (dx, dy)를 돌려줍니다. Rust에서는 1.0 · in Rust 1.0 (an f64): (dout * 1.0, dout * 1.0)"], 5),
        exercise!("03_relu.rs", "relu", "5.5 ReLU 계층 · the ReLU layer",
          "pub use backprop::layers::Relu;",
          ["forward에서 0 이하였던 곳(self.mask)은 기울기가 0입니다 · where forward's input was ≤ 0 the gradient is 0.",
           "dout을 복사하고(dout.clone()) 마스크된 곳을 0으로 · copy dout, then set the masked places to 0.",
           "노트 5.5: dout[self.mask] = 0; dx = dout. Rust: let mut dx = dout.clone(); dx.set_masked(&self.mask, 0.0); dx"], 5),
        exercise!("04_sigmoid.rs", "sigmoid", "5.5 Sigmoid 계층 · the Sigmoid layer",
          "pub use backprop::layers::Sigmoid;",
          ["시그모이드의 미분은 출력만으로 쓸 수 있습니다 · the sigmoid's derivative needs only its output y.",
           "dy/dx = y (1 - y) 입니다. 원소마다 dout과 곱하세요 · multiply by dout, entry by entry (zip_map).",
           "노트 5.5: dx = dout * (1.0 - self.out) * self.out → dout.zip_map(&self.out, |d, y| d * (1.0 - y) * y)"], 5),
        exercise!("05_affine.rs", "affine", "5.6 Affine 계층 · the Affine layer",
          "pub use backprop::layers::Affine;",
          ["형상부터: dx는 x와, dW는 W와, db는 b와 형상이 같습니다 · dx has x's shape, dW W's, db b's.",
           "dx = dout·Wᵀ (N, out)·(out, in); dW = xᵀ·dout (in, N)·(N, out); db는 dout을 행 방향으로 더한 것 · db sums dout over the rows.",
           "노트 5.6: dx = np.dot(dout, self.W.T); self.dW = np.dot(self.x.T, dout); self.db = np.sum(dout, axis=0) → dout.dot(&self.w.transpose()), self.x.transpose().dot(dout), dout.sum_rows()"], 5),
        exercise!("06_softmax.rs", "softmax", "5.6 softmax, cross_entropy_error",
          "pub use backprop::functions::{cross_entropy_error, softmax};",
          ["softmax는 행마다: exp(x - max) / Σ exp(x - max) · row by row.",
           "행의 최댓값을 빼면 exp가 넘치지 않습니다(결과는 같음). 교차 엔트로피는 t가 1인 곳의 -ln(y + 1e-7)을 더해 N으로 나눕니다.",
           "노트 5.6 / common/functions.py: y = exp(x - max) / sum; E = -Σ t·ln(y + 1e-7) / batch_size"], 5),
        exercise!("07_softmax_with_loss.rs", "softmax_with_loss", "5.6 Softmax-with-Loss 계층 · the Softmax-with-Loss layer",
          "pub use backprop::layers::SoftmaxWithLoss;",
          ["softmax와 교차 엔트로피를 함께 미분하면 y - t 가 됩니다 · together they differentiate to y - t.",
           "손실은 배치의 평균이라서 batch_size(self.t.rows)로 나눕니다 · the loss is a mean: divide by the batch size.",
           "노트 5.6: dx = (self.y - self.t) / batch_size → self.y.zip_map(&self.t, |y, t| (y - t) * dout / batch_size)"], 5),
        exercise!("08_two_layer_net.rs", "two_layer_net", "5.7.2 TwoLayerNet::gradient (오차역전파법 · backprop)",
          "pub use backprop::{Grads, TwoLayerNet};",
          ["먼저 self.loss(x, t)로 순전파, 그다음 backward를 거꾸로 · forward once, then the backwards in reverse order.",
           "dout = 1.0 → last_layer → affine2 → relu1 → affine1: 각 backward의 결과가 다음의 dout입니다 · each backward's result is the next dout.",
           "노트 5.7.2: let dout = self.last_layer.backward(1.0); let dout = self.affine2.backward(&dout); let dout = self.relu1.backward(&dout); self.affine1.backward(&dout); then Grads { w1: self.affine1.dw.clone(), … }"], 5),
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
          "pub fn train(data: &backprop::mnist::Dataset, iters_num: usize) -> Vec<String> {\n\
           \x20   let config = backprop::train::TrainConfig { iters_num, ..Default::default() };\n\
           \x20   let trained = backprop::train::train(&config, data, &mut |_| std::ops::ControlFlow::Continue(()));\n\
           \x20   let h = trained.history;\n\
           \x20   h.train_acc_list.iter().zip(&h.test_acc_list).map(|(a, b)| backprop::train::accuracy_line(*a, *b)).collect()\n}\n",
          ["반복마다: rng.choice(train_size, batch_size)로 배치, x_train.select_rows, gradient, 갱신, loss · each iteration: batch, gradient, update, loss.",
           "갱신: for (key, param) in network.params_mut() { param.sub_scaled(learning_rate, 갱신할 기울기) } · the update. i % iter_per_epoch == 0 이면 정확도 두 개를 재서 줄을 만듭니다.",
           "노트 5.7.4 (train_neuralnet.py), src/train.rs 와 같은 순서 · the same order as src/train.rs: choice, select_rows, gradient, update, loss, accuracy."], 60),
        exercise!("11_bug_mul_layer.rs", "bug_mul_layer", "mul_layer", "버그 찾기 1 · find the bug: MulLayer", "pub use backprop::layers::MulLayer;",
            ["forward는 맞습니다 · forward is right; look at backward.",
             "곱셈 노드는 입력을 *바꿔* 곱합니다 · the multiply node swaps its inputs.",
             "노트 5.4: dx = dout * self.y, dy = dout * self.x."], 5),
        exercise!("12_bug_relu.rs", "bug_relu", "relu", "버그 찾기 2 · find the bug: Relu", "pub use backprop::layers::Relu;",
            ["forward는 마스크를 씁니다. backward는요? · forward uses the mask; does backward?",
             "0 이하였던 곳의 기울기는 0이어야 합니다 · the gradient must be 0 where the input was ≤ 0.",
             "노트 5.5: dout[self.mask] = 0."], 5),
        exercise!("13_bug_affine.rs", "bug_affine", "affine", "버그 찾기 3 · find the bug: Affine", "pub use backprop::layers::Affine;",
            ["dW의 형상이 W와 같은지 보세요 · does dW have W's shape?",
             "xᵀ·dout 과 doutᵀ·x 는 서로의 전치입니다 · xᵀ·dout and doutᵀ·x are each other's transpose.",
             "노트 5.6: self.dW = np.dot(self.x.T, dout)."], 5),
        exercise!("14_bug_softmax_with_loss.rs", "bug_softmax_with_loss", "softmax_with_loss", "버그 찾기 4 · find the bug: SoftmaxWithLoss",
            "pub use backprop::layers::SoftmaxWithLoss;",
            ["배치가 1이면 맞고 3이면 틀립니다 · right for a batch of 1, wrong for 3.",
             "손실은 배치의 평균입니다 · the loss is a mean over the batch.",
             "노트 5.6: dx = (self.y - self.t) / batch_size."], 5),
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
    /// The learner's code panicked: where (`file:line:column`) and with what message.
    Panicked {
        at: String,
        message: String,
    },
    /// Did not finish within its time.
    TooSlow(u64),
    /// The compiler's messages for this file.
    CompileError(String),
    /// The file is not a file of text (a folder, a link to nothing, not UTF-8): what it is.
    BadFile(String),
}

/// The result of checking: each exercise up to the first not passed, in order, and what the
/// learner's code printed meanwhile.
pub struct Report {
    pub outcomes: Vec<(usize, Outcome)>,
    pub printed: Printed,
    /// The exercises passed without being run again: those whose checks take seconds, with their
    /// files as they were when they last passed (the levels after them need not wait for them).
    pub reused: Vec<usize>,
}

impl Report {
    /// The exercises passed in a row from the first.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().take_while(|(_, o)| *o == Outcome::Passed).count()
    }
}

/// Checks the exercises in `dir` in order, stopping at the first not passed. The checker's state
/// (hints, builds, what passed) is kept in `state` (`target/exercises/`); the program is built in
/// `state/run-PID`. `full`: exercise 10 runs its whole 10000 iterations.
pub fn check(dir: &Path, state: &Path, full: bool) -> Result<Report, String> {
    let all = exercises();
    let work = work_dir(state);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot make {}: {e}", work.display()))?;
    // Only the files before the first that is not a file of text can be compiled.
    let bad = all.iter().enumerate().find_map(|(n, e)| files::problem(&dir.join(e.file)).map(|p| (n, p)));
    let usable = bad.as_ref().map_or(all.len(), |(n, _)| *n);
    // A check that takes seconds (the gradient check, the training loop) is not run again while
    // nothing it uses has changed since it passed (the training loop always, with --full).
    let slow: Vec<(usize, String, std::path::PathBuf)> = (0..usable)
        .filter(|&n| all[n].seconds > SLOW)
        .map(|n| (n, fingerprint(dir, &all[..=n]), state.join(format!("passed-{}", all[n].module))))
        .collect();
    let unchanged = |(n, f, file): &&(usize, String, std::path::PathBuf)| {
        !(full && all[*n].module == "train") && std::fs::read_to_string(file).is_ok_and(|p| p == *f)
    };
    let skip: Vec<usize> = slow.iter().filter(unchanged).map(|(n, _, _)| *n).collect();
    let mut report = checked(dir, &work, &all, usable, full, &skip)?;
    for (n, f, file) in &slow {
        if report.outcomes.contains(&(*n, Outcome::Passed)) {
            let _ = std::fs::write(file, f);
        }
    }
    report.reused = skip.into_iter().filter(|n| report.outcomes.contains(&(*n, Outcome::Passed))).collect();
    if let Some((n, problem)) = bad {
        if report.outcomes.len() == n && report.passed() == n {
            report.outcomes.push((n, Outcome::BadFile(problem)));
        }
    }
    Ok(report)
}

/// A check that may run longer than this many seconds is one worth not running again.
const SLOW: u64 = 10;

/// Where one checker builds its program: `STATE/run-PID` (two checkers at once never share one);
/// those of checkers that have ended are removed.
fn work_dir(state: &Path) -> std::path::PathBuf {
    crate::lab::output::remove_dead_runs(state);
    state.join(format!("run-{}", std::process::id()))
}

/// What a check's result depends on: the learner's files up to it, the checks' sources and the
/// library they are compiled with (its size and time).
fn fingerprint(dir: &Path, upto: &[Exercise]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for e in upto {
        std::fs::read(dir.join(e.file)).unwrap_or_default().hash(&mut hasher);
        e.check.hash(&mut hasher);
    }
    if let Ok(meta) = compile::library().and_then(|(rlib, _)| std::fs::metadata(rlib).map_err(|e| e.to_string())) {
        (meta.len(), meta.modified().ok()).hash(&mut hasher);
    }
    format!("{:016x}\n", hasher.finish())
}

/// Checks the first `count` exercises: with every one of them; if one does not compile, again
/// with the ones before it. `skip`: exercises passed without being run.
fn checked(dir: &Path, work: &Path, all: &[Exercise], count: usize, full: bool, skip: &[usize]) -> Result<Report, String> {
    let (binary, broken) = match compile::build(dir, work, all, count, 0)? {
        Ok(binary) => (binary, None),
        Err((k, messages)) => match compile::build(dir, work, all, k, 0)? {
            Ok(binary) => (binary, Some((k, messages))),
            Err((j, messages)) => {
                let outcomes = vec![(j, Outcome::CompileError(messages))];
                return Ok(Report { outcomes, printed: Printed::default(), reused: Vec::new() });
            }
        },
    };
    let (mut outcomes, printed) = run::run(&binary, all, full, skip)?;
    if let Some((k, messages)) = broken {
        if outcomes.len() == k && outcomes.iter().all(|(_, o)| *o == Outcome::Passed) {
            outcomes.push((k, Outcome::CompileError(messages)));
        }
    }
    Ok(Report { outcomes, printed, reused: Vec::new() })
}

/// Checks exercise `n` alone (with the files before it, which it may use), for tests and for a
/// level that does not need the ones before it to pass.
pub fn check_one(dir: &Path, work: &Path, n: usize) -> Result<Outcome, String> {
    let all = exercises();
    std::fs::create_dir_all(work).map_err(|e| format!("cannot make {}: {e}", work.display()))?;
    if let Some(problem) = files::problem(&dir.join(all[n].file)) {
        return Ok(Outcome::BadFile(problem));
    }
    match compile::build(dir, work, &all, n + 1, n)? {
        Ok(binary) => {
            let no_result = Outcome::Panicked { at: String::new(), message: "no result".into() };
            Ok(run::run(&binary, &all, false, &[])?.0.pop().map_or(no_result, |(_, o)| o))
        }
        Err((_, messages)) => Ok(Outcome::CompileError(messages)),
    }
}
