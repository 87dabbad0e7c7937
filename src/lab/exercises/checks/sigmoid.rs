//! 연습 4: Sigmoid's backward against the numerical gradient of its forward.
use crate::prelude::*;
use crate::sigmoid::Sigmoid;
use backprop::matrix::Matrix;

pub fn check() -> Check {
    let mut sigmoid = Sigmoid::new();
    sigmoid.forward(&Matrix::from_rows([[0.0]]));
    // y(0) = 0.5, so dx = dout · (1 - 0.5) · 0.5 = dout / 4.
    matrix("x = 0, dout = 1에서 backward · backward at x = 0 with dout = 1: y (1 - y) = 0.25", &sigmoid.backward(&Matrix::from_rows([[1.0]])), &Matrix::from_rows([[0.25]]), 1e-12)?;
    let mut rng = backprop::rng::Rng::new(4);
    let (x, dout) = (randn(&mut rng, 3, 4), randn(&mut rng, 3, 4));
    let mut sigmoid = Sigmoid::new();
    sigmoid.forward(&x);
    let numerical = numerical(|x| weighted_sum(&Sigmoid::new().forward(x), &dout), &x);
    matrix("backward를 forward의 수치 미분과 비교 · backward against the numerical gradient of forward", &sigmoid.backward(&dout), &numerical, 1e-6)
}
