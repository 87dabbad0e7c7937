//! 4장 `common/gradient.py`, 수치 미분 (numerical differentiation): `numerical_gradient(f, x)`, the
//! gradient of `f` at `x` by central differences, one entry at a time:
//! `∂f/∂x[i] ≈ (f(x + h·e_i) - f(x - h·e_i)) / 2h` with `h = 1e-4`, every entry put back as it was.

use crate::matrix::Matrix;

/// The step `h` of the central difference: 1e-4, as in the book (much smaller and the
/// subtraction `f(x+h) - f(x-h)` loses its digits to rounding).
pub const NUMERICAL_H: f64 = 1e-4;

/// The notes' `numerical_gradient(f, x)`: the gradient of `f` with respect to the matrix that
/// `x(owner)` reaches, entry by entry. For a plain matrix `m`: `numerical_gradient(f, &mut m, |m| m)`.
///
/// Where Rust differs from the notes: their `f = lambda W: self.loss(x, t)` ignores `W` and sees the
/// nudged entry only because `params['W1']` and `Affine1.W` are one shared numpy array. In Rust one
/// owner holds the weights, so `f` is handed that owner (the network) with the entry already nudged.
pub fn numerical_gradient<T>(mut f: impl FnMut(&mut T) -> f64, owner: &mut T, x: impl Fn(&mut T) -> &mut Matrix) -> Matrix {
    let h = NUMERICAL_H;
    let (rows, cols) = x(owner).shape();
    let mut grad = Matrix::zeros(rows, cols);
    for idx in 0..rows * cols {
        let tmp_val = x(owner).data[idx];
        x(owner).data[idx] = tmp_val + h;
        let fxh1 = f(owner); // f(x+h)
        x(owner).data[idx] = tmp_val - h;
        let fxh2 = f(owner); // f(x-h)
        grad.data[idx] = (fxh1 - fxh2) / (2.0 * h);
        x(owner).data[idx] = tmp_val; // 값 복원 (restore)
    }
    grad
}
