//! What every check of `make exercise` shares (compiled with the learner's files, not part of the
//! crate): how a check says what failed, the comparisons with their tolerances, and the loop that
//! runs the checks in order, reporting each to the checker on stdout (`@@PASS 3`, `@@TODO 4`, …).

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
            return fail(&format!("{what}[{r}, {c}]"), format!("{e} (in {})", show(expected)), format!("{g} (in {})", show(got)));
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

/// Runs the checks in order until one is not passed, telling the checker how each went.
pub fn run(checks: &[(usize, fn() -> Check)]) {
    std::panic::set_hook(Box::new(|_| {})); // a panic is reported below, as the learner's
    for &(n, check) in checks {
        println!("@@RUN {n}");
        match std::panic::catch_unwind(check) {
            Ok(Ok(())) => println!("@@PASS {n}"),
            Ok(Err(f)) => {
                println!("@@FAIL {n}");
                println!("@@WHAT {}", f.what.replace('\n', " "));
                println!("@@EXPECTED {}", f.expected.replace('\n', " "));
                println!("@@GOT {}", f.got.replace('\n', " "));
                return;
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                if message.starts_with("not yet implemented") {
                    println!("@@TODO {n}");
                } else {
                    println!("@@PANIC {n} {}", message.replace('\n', " "));
                }
                return;
            }
        }
    }
}
