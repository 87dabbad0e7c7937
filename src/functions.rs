//! The functions the layers are built from (the notes' `softmax`, `cross_entropy_error` and
//! `numerical_gradient`, from the book's `common/functions.py` and `common/gradient.py`).

use crate::matrix::Matrix;
use std::ops::Range;

/// The `1e-7` the notes add inside the log of `cross_entropy_error`, so that a predicted
/// probability of exactly 0 gives a large finite loss instead of `-ln 0 = inf`.
pub const CROSS_ENTROPY_DELTA: f64 = 1e-7;

/// The step `h` of the central difference in [`numerical_gradient`]: 1e-4, as in the book
/// (much smaller and the subtraction `f(x+h) - f(x-h)` loses its digits to rounding).
pub const NUMERICAL_H: f64 = 1e-4;

/// The logistic sigmoid `1 / (1 + exp(-x))`.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Row-wise softmax: `y[i, j] = exp(x[i, j] - max_i) / Σ_k exp(x[i, k] - max_i)`.
/// Each row of the result is a probability distribution (entries in [0, 1], summing to 1).
pub fn softmax(x: &Matrix) -> Matrix {
    let mut y = x.clone();
    for r in 0..y.rows {
        let row = y.row_mut(r);
        // Subtracting the row's max leaves the result unchanged (it cancels in the ratio) but
        // keeps every exponent ≤ 0, so exp(1000) never overflows to inf.
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for v in row.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        for v in row.iter_mut() {
            *v /= sum;
        }
    }
    y
}

/// Cross-entropy error of predictions `y` (N, C) against targets `t`, averaged over the batch:
/// `E = -(1/N) Σ_i Σ_k t[i, k] · ln(y[i, k] + 1e-7)`.
///
/// `t` is either one-hot (N, C), as `load_mnist(one_hot_label=True)` gives, or a column of
/// label indices (N, 1), as with `one_hot_label=False`; then `E = -(1/N) Σ_i ln(y[i, t_i] + 1e-7)`.
pub fn cross_entropy_error(y: &Matrix, t: &Matrix) -> f64 {
    cross_entropy_error_with_delta(y, t, CROSS_ENTROPY_DELTA)
}

/// [`cross_entropy_error`] with the notes' `1e-7` replaced by `delta` (tests use 0 to show
/// how much of the numerical gradient's difference from backprop that constant causes).
pub fn cross_entropy_error_with_delta(y: &Matrix, t: &Matrix, delta: f64) -> f64 {
    let batch_size = y.rows as f64;
    let mut total = 0.0;
    if t.shape() == y.shape() {
        for (&yk, &tk) in y.data.iter().zip(&t.data) {
            if tk != 0.0 {
                total += tk * (yk + delta).ln();
            }
        }
    } else {
        assert!(
            t.cols == 1 && t.rows == y.rows,
            "cross_entropy_error: targets of shape {:?} fit neither one-hot ({:?}) nor labels ({}, 1)",
            t.shape(),
            y.shape(),
            y.rows
        );
        for i in 0..y.rows {
            total += (y[(i, label(t, i))] + delta).ln();
        }
    }
    // Dividing by N makes the loss (and so the gradient and a good learning rate) independent
    // of the batch size.
    -total / batch_size
}

/// The class index of row `i` of targets `t`: the position of the 1 in a one-hot row, or the
/// value itself in a (N, 1) column of labels.
pub fn label(t: &Matrix, i: usize) -> usize {
    if t.cols == 1 {
        t[(i, 0)] as usize
    } else {
        t.argmax_row(i)
    }
}

/// The notes' `numerical_gradient(f, x)`: the gradient of `f` at `x` by central differences,
/// `∂f/∂x[i] ≈ (f(x + h·e_i) - f(x - h·e_i)) / 2h` with `h = 1e-4`, one entry at a time.
/// Every entry of `x` is put back exactly as it was.
pub fn numerical_gradient(mut f: impl FnMut(&Matrix) -> f64, x: &mut Matrix) -> Matrix {
    let len = x.data.len();
    let grad = numerical_gradient_in(x, |x| x, 0..len, |x| f(x));
    Matrix::from_vec(x.rows, x.cols, grad)
}

/// The same central differences for the entries `indices` of a matrix that lives inside a larger
/// `state` (the network), reached through `param`. `f` is handed the whole state.
///
/// This is where Rust differs from the notes: `lambda W: self.loss(x, t)` ignores `W` and only
/// works because `params['W1']` and `Affine1.W` are one shared numpy array. In Rust one owner
/// holds the weights, so `f` gets the network itself and `param` says which matrix to nudge.
pub fn numerical_gradient_in<S>(
    state: &mut S,
    param: fn(&mut S) -> &mut Matrix,
    indices: Range<usize>,
    mut f: impl FnMut(&mut S) -> f64,
) -> Vec<f64> {
    let h = NUMERICAL_H;
    let mut grad = Vec::with_capacity(indices.len());
    for i in indices {
        let tmp = param(state).data[i];
        param(state).data[i] = tmp + h;
        let fxh1 = f(state); // f(x + h)
        param(state).data[i] = tmp - h;
        let fxh2 = f(state); // f(x - h)
        param(state).data[i] = tmp; // restore the value
        grad.push((fxh1 - fxh2) / (2.0 * h));
    }
    grad
}
