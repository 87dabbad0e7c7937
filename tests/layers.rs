//! Every layer's backward against central differences of its own forward, on seeded random
//! inputs, and the simple layers against the notes' hand-worked values.
//!
//! Each check treats `L(x) = Σ forward(x) ⊙ dout` for a random upstream `dout`; its exact gradient
//! is what `backward(dout)` must return. Tolerances: relative error 1e-7, with entries below 1e-6
//! compared absolutely. For the linear parts (Affine, ReLU away from 0) the central difference is
//! exact but for rounding, about ε·|L|/h ≈ 1e-11; for Sigmoid and softmax the truncation error
//! h²·f'''/6 with h = 1e-4 is about 1e-9. Both sit far below 1e-7.

mod common;
use backprop::gradient::numerical_gradient;
use backprop::layers::{AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss};
use backprop::{Matrix, Rng};
use common::{assert_close, one_hot, randn, weighted_sum};

const TOL: f64 = 1e-7;
const FLOOR: f64 = 1e-6;

#[test]
fn mul_layer_swaps_its_inputs_in_backward() {
    let mut layer = MulLayer::new();
    assert_eq!(layer.forward(3.0, -4.0), -12.0);
    assert_eq!(layer.backward(2.0), (-8.0, 6.0));
}

#[test]
fn add_layer_passes_the_gradient_through() {
    let mut layer = AddLayer::new();
    assert_eq!(layer.forward(3.0, -4.0), -1.0);
    assert_eq!(layer.backward(1.5), (1.5, 1.5));
}

#[test]
fn relu_backward_matches_central_differences() {
    let mut rng = Rng::new(11);
    // Deliberately no input within 1e-3 of the kink at 0: the central difference with h = 1e-4
    // would straddle it there and average the two slopes, which is no test of backward.
    let mut x = randn(&mut rng, 4, 7);
    for v in x.data.iter_mut() {
        while v.abs() < 1e-3 {
            *v = rng.randn();
        }
    }
    let dout = randn(&mut rng, 4, 7);
    let mut relu = Relu::new();
    relu.forward(&x);
    let dout_before = dout.clone();
    let dx = relu.backward(&dout);
    assert_eq!(dout, dout_before, "backward must not write into the caller's dout");
    let numerical = numerical_gradient(|x| weighted_sum(&Relu::new().forward(x), &dout), &mut x, |m| m);
    assert_close("Relu dx", &dx, &numerical, TOL, FLOOR);
    assert!(relu.mask.iter().any(|&m| m) && relu.mask.iter().any(|&m| !m), "both sides of 0 are tested");
}

#[test]
fn relu_forward_by_hand() {
    let mut relu = Relu::new();
    let out = relu.forward(&Matrix::from_rows([[1.0, -0.5], [0.0, 3.0]]));
    assert_eq!(out, Matrix::from_rows([[1.0, 0.0], [0.0, 3.0]]));
    assert_eq!(relu.mask, vec![false, true, true, false]);
}

#[test]
fn sigmoid_backward_matches_central_differences() {
    let mut rng = Rng::new(12);
    let mut x = randn(&mut rng, 3, 5).map(|v| 2.0 * v);
    let dout = randn(&mut rng, 3, 5);
    let mut sigmoid = Sigmoid::new();
    sigmoid.forward(&x);
    let dx = sigmoid.backward(&dout);
    let numerical = numerical_gradient(|x| weighted_sum(&Sigmoid::new().forward(x), &dout), &mut x, |m| m);
    assert_close("Sigmoid dx", &dx, &numerical, TOL, FLOOR);
}

#[test]
fn affine_backward_matches_central_differences_for_x_w_and_b() {
    let mut rng = Rng::new(13);
    let (n, input, output) = (4, 6, 3);
    let mut x = randn(&mut rng, n, input);
    let w = randn(&mut rng, input, output);
    let b = randn(&mut rng, 1, output);
    let dout = randn(&mut rng, n, output);

    let mut affine = Affine::new(w, b);
    affine.forward(&x);
    let dout_before = dout.clone();
    let dx = affine.backward(&dout);
    assert_eq!(dout, dout_before, "backward must not write into the caller's dout");

    let mut probe = affine.clone();
    let numerical_dx = numerical_gradient(|x| weighted_sum(&probe.forward(x), &dout), &mut x, |m| m);
    assert_close("Affine dx", &dx, &numerical_dx, TOL, FLOOR);

    // L as a function of W (and of b), the rest held fixed.
    let mut w = affine.w.clone();
    let numerical_dw =
        numerical_gradient(|w| weighted_sum(&Affine::new(w.clone(), affine.b.clone()).forward(&x), &dout), &mut w, |m| m);
    assert_close("Affine dW", &affine.dw, &numerical_dw, TOL, FLOOR);
    let mut b = affine.b.clone();
    let numerical_db =
        numerical_gradient(|b| weighted_sum(&Affine::new(affine.w.clone(), b.clone()).forward(&x), &dout), &mut b, |m| m);
    assert_close("Affine db", &affine.db, &numerical_db, TOL, FLOOR);
}

#[test]
fn affine_backward_by_hand() {
    // x = [[1, 2]], W = [[1, 0, -1], [2, 1, 0]], b = [0.5, 0, 0]; dout = [[1, 2, 3]].
    let mut affine = Affine::new(Matrix::from_rows([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]), Matrix::from_rows([[0.5, 0.0, 0.0]]));
    let out = affine.forward(&Matrix::from_rows([[1.0, 2.0]]));
    assert_eq!(out, Matrix::from_rows([[5.5, 2.0, -1.0]]));
    let dx = affine.backward(&Matrix::from_rows([[1.0, 2.0, 3.0]]));
    // dx = dout·Wᵀ = [1·1 + 2·0 + 3·(-1), 1·2 + 2·1 + 3·0] = [-2, 4]
    assert_eq!(dx, Matrix::from_rows([[-2.0, 4.0]]));
    // dW = xᵀ·dout = [[1, 2, 3], [2, 4, 6]]; db = dout
    assert_eq!(affine.dw, Matrix::from_rows([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]));
    assert_eq!(affine.db, Matrix::from_rows([[1.0, 2.0, 3.0]]));
}

#[test]
fn softmax_with_loss_backward_matches_central_differences() {
    let mut rng = Rng::new(14);
    let mut x = randn(&mut rng, 4, 5);
    let t = one_hot(&[0, 3, 3, 1], 5);
    // With the notes' delta = 1e-7 inside the log, (y - t)/N is off by about 1e-7/y; 0 makes it
    // the exact gradient, so the tight tolerance tests the formula, not the constant.
    let mut layer = SoftmaxWithLoss { delta: 0.0, ..SoftmaxWithLoss::new() };
    layer.forward(&x, &t);
    let dx = layer.backward(1.0);
    let mut probe = layer.clone();
    let numerical = numerical_gradient(|x| probe.forward(x, &t), &mut x, |m| m);
    assert_close("SoftmaxWithLoss dx", &dx, &numerical, TOL, FLOOR);
}

#[test]
fn softmax_with_loss_takes_label_targets_too() {
    let mut rng = Rng::new(15);
    let x = randn(&mut rng, 3, 4);
    let mut by_one_hot = SoftmaxWithLoss::new();
    let mut by_labels = SoftmaxWithLoss::new();
    let loss_one_hot = by_one_hot.forward(&x, &one_hot(&[2, 0, 3], 4));
    let loss_labels = by_labels.forward(&x, &Matrix::from_rows([[2.0], [0.0], [3.0]]));
    assert!((loss_one_hot - loss_labels).abs() < 1e-15);
    assert_eq!(by_one_hot.backward(1.0), by_labels.backward(1.0));
}
