//! softmax, cross_entropy_error and numerical_gradient against values worked out by hand.

mod common;
use backprop::functions::{cross_entropy_error, softmax};
use backprop::gradient::numerical_gradient;
use backprop::Matrix;
use common::{assert_close, one_hot};

#[test]
fn softmax_rows_are_distributions_even_for_huge_inputs() {
    let x = Matrix::from_rows([[0.3, 2.9, 4.0], [1000.0, 1000.0, -1000.0], [-1000.0, -1001.0, -1000.0]]);
    let y = softmax(&x);
    for r in 0..y.rows {
        let sum: f64 = y.row(r).iter().sum();
        assert!((sum - 1.0).abs() < 1e-12, "row {r} sums to {sum}");
        assert!(y.row(r).iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)), "row {r}: {:?}", y.row(r));
    }
    // exp(1000) would overflow; with the max subtracted the two equal scores share the mass.
    assert_eq!(y.row(1), &[0.5, 0.5, 0.0]);
    // The notes' example a = [0.3, 2.9, 4.0] gives [0.01821127, 0.24519181, 0.73659691].
    let expected = Matrix::from_rows([[0.01821127, 0.24519181, 0.73659691]]);
    assert_close("softmax", &Matrix::from_vec(1, 3, y.row(0).to_vec()), &expected, 1e-6, 1e-12);
}

#[test]
fn cross_entropy_of_a_perfect_prediction_is_about_zero() {
    let t = one_hot(&[2, 0], 3);
    // -ln(1 + 1e-7) ≈ -1e-7: the delta makes it very slightly negative, not exactly 0.
    let e = cross_entropy_error(&t.clone(), &t);
    assert!(e.abs() < 1e-6, "{e}");
}

#[test]
fn cross_entropy_of_a_uniform_prediction_is_ln_10() {
    let y = Matrix::from_vec(3, 10, vec![0.1; 30]);
    let t = one_hot(&[3, 7, 0], 10);
    // -ln(0.1 + 1e-7) = ln 10 - 1e-6 (to first order): 1e-5 covers the delta.
    let e = cross_entropy_error(&y, &t);
    assert!((e - 10f64.ln()).abs() < 1e-5, "{e} vs ln 10 = {}", 10f64.ln());
}

#[test]
fn cross_entropy_takes_one_hot_or_label_targets_alike() {
    let y = softmax(&Matrix::from_rows([[0.1, 2.0, -1.0], [0.5, 0.2, 0.3]]));
    let labels = Matrix::from_rows([[1.0], [2.0]]);
    let by_labels = cross_entropy_error(&y, &labels);
    let by_one_hot = cross_entropy_error(&y, &one_hot(&[1, 2], 3));
    assert!((by_labels - by_one_hot).abs() < 1e-15, "{by_labels} vs {by_one_hot}");
    // By hand: -(ln y[0,1] + ln y[1,2]) / 2 (the delta moves it by ~1e-7).
    let by_hand = -((y[(0, 1)]).ln() + (y[(1, 2)]).ln()) / 2.0;
    assert!((by_labels - by_hand).abs() < 1e-6);
}

#[test]
fn numerical_gradient_of_a_sum_of_squares_is_2x_and_x_is_restored() {
    let mut x = Matrix::from_rows([[3.0, 4.0], [-0.5, 0.0]]);
    let before = x.clone();
    let grad = numerical_gradient(|x| x.data.iter().map(|v| v * v).sum(), &mut x, |m| m);
    // For a quadratic the central difference is exact up to rounding (~ε·f/h ≈ 1e-11).
    assert_close("d(Σx²)/dx", &grad, &x.map(|v| 2.0 * v), 1e-9, 1e-6);
    assert_eq!(x, before, "every entry is put back exactly");
}
