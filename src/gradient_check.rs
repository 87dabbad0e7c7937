//! 5.7.3 오차역전파법으로 구한 기울기 검증하기 (gradient check): how far backprop's gradient is
//! from the numerical one, by the notes' metric and by the worst relative error.

use crate::gradient::NUMERICAL_H;
use crate::matrix::Matrix;
use crate::two_layer_net::{Grads, TwoLayerNet};

/// The notes' metric: `np.average(np.abs(grad_backprop[key] - grad_numerical[key]))`.
pub fn mean_abs_diff(a: &Matrix, b: &Matrix) -> f64 {
    a.assert_same_shape(b, "mean_abs_diff");
    a.data.iter().zip(&b.data).map(|(x, y)| (x - y).abs()).sum::<f64>() / a.data.len() as f64
}

/// Relative error of two numbers, `|a - b| / max(|a|, |b|, floor)`. The floor makes entries that
/// are zero or nearly zero (where a relative error means nothing) count absolutely.
pub fn rel_error(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

/// The index of the largest [`rel_error`] between two equally shaped matrices, and that error.
pub fn max_rel_error(a: &Matrix, b: &Matrix, floor: f64) -> (usize, f64) {
    a.assert_same_shape(b, "max_rel_error");
    a.data.iter().zip(&b.data).map(|(&x, &y)| rel_error(x, y, floor)).enumerate().fold((0, 0.0), |worst, (i, e)| {
        if e > worst.1 {
            (i, e)
        } else {
            worst
        }
    })
}

/// Below this size a gradient entry is compared absolutely in [`compare`]'s max relative error:
/// the numerical gradient's rounding noise is about ε·|L|/h ≈ 1e-11, so relative errors of
/// entries much smaller than 1e-8 would only measure that noise.
pub const REL_FLOOR: f64 = 1e-8;

/// How one parameter's two gradients compare.
#[derive(Clone, Debug)]
pub struct ParamCheck {
    /// The notes' name: W1, b1, W2 or b2.
    pub name: &'static str,
    /// The notes' metric, the mean of |backprop - numerical|.
    pub mean_abs_diff: f64,
    /// The same relative to the gradient's size: `mean |diff| / mean |backprop|`.
    pub relative: f64,
    /// The largest relative error of one entry (floor [`REL_FLOOR`]).
    pub max_rel: f64,
    /// How many entries were left out because their step crosses ReLU's kink (see [`Kinks`]).
    pub kinked: usize,
}

/// Compares backprop's gradients with the numerical ones, parameter by parameter.
pub fn compare(backprop: &Grads, numerical: &Grads) -> Vec<ParamCheck> {
    backprop.iter().into_iter().zip(numerical.iter()).map(|((name, b), (_, n))| check(name, b, n, &[])).collect()
}

/// [`compare`] without the entries whose central difference crosses ReLU's kink.
pub fn compare_away_from_kinks(backprop: &Grads, numerical: &Grads, kinks: &Kinks) -> Vec<ParamCheck> {
    let skip: [&[bool]; 4] = [&kinks.w1, &kinks.b1, &[], &[]];
    let pairs = backprop.iter().into_iter().zip(numerical.iter()).zip(skip);
    pairs.map(|(((name, b), (_, n)), skip)| check(name, b, n, skip)).collect()
}

/// One parameter's check over the entries not in `skip` (empty: all of them).
fn check(name: &'static str, b: &Matrix, n: &Matrix, skip: &[bool]) -> ParamCheck {
    let kept = |m: &Matrix| {
        let data: Vec<f64> =
            m.data.iter().enumerate().filter(|&(i, _)| !skip.get(i).copied().unwrap_or(false)).map(|(_, &v)| v).collect();
        Matrix::from_vec(1, data.len(), data)
    };
    let (b, n) = (kept(b), kept(n));
    let mean_abs = b.data.iter().map(|v| v.abs()).sum::<f64>() / b.data.len() as f64;
    ParamCheck {
        name,
        mean_abs_diff: mean_abs_diff(&b, &n),
        relative: mean_abs_diff(&b, &n) / mean_abs,
        max_rel: max_rel_error(&b, &n, REL_FLOOR).1,
        kinked: skip.iter().filter(|&&k| k).count(),
    }
}

/// The entries of W1 and b1 whose central difference crosses ReLU's kink. Nudging `W1[i][j]` by
/// ±h moves hidden unit j's input for image n, `a1[n][j]`, by ±h·x[n][i]; where that is enough to
/// change its sign, ReLU's slope changes inside the step, and `(f(x+h) - f(x-h)) / 2h` is no
/// longer the derivative at x: the numerical gradient is wrong there, not backprop. Careful
/// gradient checks leave such entries out (and say how many).
pub struct Kinks {
    /// One flag per entry of W1, (input, hidden), row-major.
    pub w1: Vec<bool>,
    /// One flag per entry of b1.
    pub b1: Vec<bool>,
}

/// The [`Kinks`] of `network` on the images `x`, for the step `h` of [`NUMERICAL_H`].
pub fn kinks(network: &TwoLayerNet, x: &Matrix) -> Kinks {
    let h = NUMERICAL_H;
    let mut a1 = x.dot(&network.affine1.w);
    a1.add_row(&network.affine1.b);
    let (inputs, hidden) = network.affine1.w.shape();
    let mut w1 = vec![false; inputs * hidden];
    let mut b1 = vec![false; hidden];
    for n in 0..x.rows {
        for j in 0..hidden {
            let a = a1[(n, j)].abs();
            b1[j] |= a <= h;
            for i in 0..inputs {
                let xi = x[(n, i)].abs();
                w1[i * hidden + j] |= xi != 0.0 && a <= h * xi;
            }
        }
    }
    Kinks { w1, b1 }
}
