//! Helpers shared by the integration tests.
#![allow(dead_code)]

use backprop::{Matrix, Rng};

/// Relative error of two numbers: `|a - b| / max(|a|, |b|, floor)`. The floor keeps entries that
/// are zero or nearly zero (where a relative error means nothing) compared absolutely.
pub fn rel_error(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

/// Asserts that every entry of `actual` is within relative error `tol` of `expected` (with
/// entries below `floor` compared absolutely). On failure, prints the worst index and both values.
#[track_caller]
pub fn assert_close(what: &str, actual: &Matrix, expected: &Matrix, tol: f64, floor: f64) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shapes differ");
    let (worst, err) = worst_rel_error(actual, expected, floor);
    assert!(
        err <= tol,
        "{what}: relative error {err:.3e} > {tol:.0e} at index {worst} (row {}, col {}): actual {:e}, expected {:e}",
        worst / actual.cols.max(1),
        worst % actual.cols.max(1),
        actual.data[worst],
        expected.data[worst]
    );
}

/// The index of the largest relative error between two equally shaped matrices, and that error.
pub fn worst_rel_error(a: &Matrix, b: &Matrix, floor: f64) -> (usize, f64) {
    a.data
        .iter()
        .zip(&b.data)
        .map(|(&x, &y)| rel_error(x, y, floor))
        .enumerate()
        .fold((0, 0.0), |best, (i, e)| if e > best.1 { (i, e) } else { best })
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
