//! 연습 3: ReLU's backward by hand and against the numerical gradient of its forward.
use crate::prelude::*;
use crate::relu::Relu;
use backprop::matrix::Matrix;

pub fn check() -> Check {
    let x = Matrix::from_rows([[1.0, -0.5], [-2.0, 3.0]]);
    let dout = Matrix::from_rows([[1.0, 2.0], [3.0, 4.0]]);
    let mut relu = Relu::new();
    relu.forward(&x);
    let dx = relu.backward(&dout);
    matrix("backward: x가 0 이하인 곳은 0 · zero where x <= 0 ([[1, 0], [0, 4]])", &dx, &Matrix::from_rows([[1.0, 0.0], [0.0, 4.0]]), 0.0)?;
    let mut rng = backprop::rng::Rng::new(3);
    let (x, dout) = (randn(&mut rng, 4, 5), randn(&mut rng, 4, 5));
    let mut relu = Relu::new();
    relu.forward(&x);
    let numerical = numerical(|x| weighted_sum(&Relu::new().forward(x), &dout), &x);
    matrix("backward를 forward의 수치 미분과 비교 · backward against the numerical gradient of forward", &relu.backward(&dout), &numerical, 1e-6)
}
