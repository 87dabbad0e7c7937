//! What every check of `make exercise` shares (compiled with the learner's files, not part of the
//! crate): how a check says what failed, the comparisons with their tolerances, and the loop that
//! runs the checks in order, reporting each to the checker (`PASS 3`, `TODO 4`, …) on a connection
//! of its own, opened before any of the learner's code runs; stdout and stderr are the learner's.

use backprop::matrix::Matrix;

/// What a failed check says: the check, the value expected and the value the learner's code gave.
pub struct Failure {
    pub what: String,
    pub expected: String,
    pub got: String,
}

pub type Check = Result<(), Failure>;

pub fn fail(what: &str, expected: impl std::fmt::Display, got: impl std::fmt::Display) -> Check {
    Err(Failure { what: what.to_string(), expected: expected.to_string(), got: got.to_string() })
}

/// `got` equals `expected` within `tol` relative (absolute below 1); NaN never does.
pub fn number(what: &str, got: f64, expected: f64, tol: f64) -> Check {
    if (got - expected).abs() <= tol * expected.abs().max(1.0) {
        Ok(())
    } else {
        fail(what, expected, got)
    }
}

/// A few entries of a matrix, for messages: `(2, 3) [0.1, -0.2, …]`.
pub fn show(m: &Matrix) -> String {
    m.summary()
}

/// Same shape, and every entry within `tol` (relative, absolute below 1); says the first entry
/// that is not.
pub fn matrix(what: &str, got: &Matrix, expected: &Matrix, tol: f64) -> Check {
    if got.shape() != expected.shape() {
        return fail(&format!("{what}: 형상 · shape"), format!("{:?}", expected.shape()), format!("{:?}", got.shape()));
    }
    for (i, (&g, &e)) in got.data.iter().zip(&expected.data).enumerate() {
        if !((g - e).abs() <= tol * e.abs().max(1.0)) {
            let (r, c) = (i / got.cols, i % got.cols);
            return fail(&format!("{what}, entry [{r}, {c}]"), format!("{e} (in {})", show(expected)), format!("{g} (in {})", show(got)));
        }
    }
    Ok(())
}

/// `Σ out · dout`: a loss whose gradient with respect to `out` is `dout`, so that the numerical
/// gradient of `weighted_sum(forward(x), dout)` is what `backward(dout)` must return.
pub fn weighted_sum(out: &Matrix, dout: &Matrix) -> f64 {
    out.data.iter().zip(&dout.data).map(|(o, d)| o * d).sum()
}

/// The numerical gradient of `f` at `x` (4장's central differences, h = 1e-4).
pub fn numerical(mut f: impl FnMut(&Matrix) -> f64, x: &Matrix) -> Matrix {
    backprop::gradient::numerical_gradient(|m: &mut Matrix| f(m), &mut x.clone(), |m| m)
}

/// A (rows, cols) matrix of numbers drawn from `rng`, kept away from 0 (ReLU's kink).
pub fn randn(rng: &mut backprop::rng::Rng, rows: usize, cols: usize) -> Matrix {
    Matrix::from_vec(rows, cols, (0..rows * cols).map(|_| { let v = rng.randn(); v + 0.1 * v.signum() }).collect())
}

/// Whether exercise 10 is checked in full (`make exercise ARGS=--full`: 10000 iterations, the 17
/// lines) rather than its first 4 lines.
pub fn full() -> bool {
    std::env::var_os("BACKPROP_EXERCISE_FULL").is_some()
}

/// Where the last panic happened (`file:line:column`), recorded by the panic hook.
static PANICKED_AT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Runs the checks in order until one is not passed, telling the checker how each went on the
/// connection named by this program's arguments (the checker's address and a secret).
pub fn run(checks: &[(usize, fn() -> Check)]) {
    use std::io::Write;
    let args: Vec<String> = std::env::args().collect();
    let Some(mut to_checker) = args.get(1).and_then(|a| std::net::TcpStream::connect(a).ok()) else {
        eprintln!("this program is run by `make exercise`, which reads what it says");
        std::process::exit(2);
    };
    let mut say = |line: String| {
        let _ = to_checker.write_all(format!("{}\n", line.replace('\n', " ")).as_bytes());
    };
    say(args.get(2).cloned().unwrap_or_default());
    // A panic is reported below, as the learner's, with its place; nothing is printed for it.
    std::panic::set_hook(Box::new(|info| {
        if let (Some(at), Ok(mut place)) = (info.location(), PANICKED_AT.lock()) {
            *place = format!("{}:{}:{}", at.file(), at.line(), at.column());
        }
    }));
    let skip: Vec<usize> =
        std::env::var("BACKPROP_EXERCISE_SKIP").unwrap_or_default().split(',').filter_map(|n| n.parse().ok()).collect();
    for &(n, check) in checks {
        if skip.contains(&n) {
            say(format!("PASS {n}")); // unchanged since it passed: not run again
            continue;
        }
        say(format!("RUN {n}"));
        match std::panic::catch_unwind(check) {
            Ok(Ok(())) => say(format!("PASS {n}")),
            Ok(Err(f)) => {
                say(format!("FAIL {n}"));
                say(format!("WHAT {}", f.what));
                say(format!("EXPECTED {}", f.expected));
                say(format!("GOT {}", f.got));
                return;
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let place = PANICKED_AT.lock().map(|p| p.clone()).unwrap_or_default();
                if message.starts_with("not yet implemented") {
                    say(format!("TODO {n} {place}"));
                } else {
                    say(format!("PANIC {n} {place}\t{message}"));
                }
                return;
            }
        }
    }
}
