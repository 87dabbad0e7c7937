//! 5.7.3 오차역전파법으로 구한 기울기 검증하기 (gradient check): how far backprop's gradient is
//! from the numerical one, by the notes' metric and by the worst relative error.

use crate::matrix::Matrix;
use crate::two_layer_net::Grads;

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
}

/// Compares backprop's gradients with the numerical ones, parameter by parameter.
pub fn compare(backprop: &Grads, numerical: &Grads) -> Vec<ParamCheck> {
    backprop
        .iter()
        .into_iter()
        .zip(numerical.iter())
        .map(|((name, b), (_, n))| ParamCheck {
            name,
            mean_abs_diff: mean_abs_diff(b, n),
            relative: mean_abs_diff(b, n) / (b.data.iter().map(|v| v.abs()).sum::<f64>() / b.data.len() as f64),
            max_rel: max_rel_error(b, n, REL_FLOOR).1,
        })
        .collect()
}
