//! 연습 9 · exercise 9 — 5.7.3 오차역전파법으로 구한 기울기 검증하기 · the gradient check
//!
//! ```python
//! x_batch = x_train[:3]
//! t_batch = t_train[:3]
//! grad_numerical = network.numerical_gradient(x_batch, t_batch)
//! grad_backprop = network.gradient(x_batch, t_batch)
//! for key in grad_numerical.keys():
//!     diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
//!     print(key + ":" + str(diff))
//! ```
//!
//! 할 일 · what to write: `mean_abs_diff` (노트의 `np.average(np.abs(a - b))`) 와, 그것으로
//! 여러분의 네트워크(연습 8)의 역전파 기울기를 수치 미분과 견주는 `gradient_check`. 수치 미분은
//! `numerical_gradient` 가 이미 계산해 줍니다 · `numerical_gradient` below is given (4장의 방법).
//! 값이 아주 작으면(1e-7 정도 이하) 역전파가 맞습니다 · tiny differences mean backprop is right.

use crate::two_layer_net::{Grads, TwoLayerNet};
use backprop::gradient::numerical_gradient as central_difference;
use backprop::matrix::Matrix;

/// The gradient of `network`'s loss by central differences (4장 · chapter 4), for each parameter.
pub fn numerical_gradient(network: &mut TwoLayerNet, x: &Matrix, t: &Matrix) -> Grads {
    let loss_w = |net: &mut TwoLayerNet| net.loss(x, t);
    Grads {
        w1: central_difference(loss_w, network, |net| &mut net.affine1.w),
        b1: central_difference(loss_w, network, |net| &mut net.affine1.b),
        w2: central_difference(loss_w, network, |net| &mut net.affine2.w),
        b2: central_difference(loss_w, network, |net| &mut net.affine2.b),
    }
}

/// `np.average(np.abs(a - b))` for two matrices of one shape.
pub fn mean_abs_diff(a: &Matrix, b: &Matrix) -> f64 {
    todo!("여기에 쓰세요 · write it here")
}

/// The notes' four lines: `[("W1", diff), ("b1", diff), ("W2", diff), ("b2", diff)]`, the mean
/// |backprop - numerical| of each parameter on the images `x` with targets `t`.
pub fn gradient_check(network: &mut TwoLayerNet, x: &Matrix, t: &Matrix) -> Vec<(&'static str, f64)> {
    todo!("여기에 쓰세요 · write it here")
}
