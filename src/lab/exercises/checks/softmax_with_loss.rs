//! 연습 7: SoftmaxWithLoss's backward, (y - t) / N, against the numerical gradient of forward.
use crate::prelude::*;
use crate::softmax_with_loss::SoftmaxWithLoss;
use backprop::matrix::Matrix;

pub fn check() -> Check {
    let mut rng = backprop::rng::Rng::new(7);
    for n in [1, 3] {
        let x = randn(&mut rng, n, 4);
        let mut t = Matrix::zeros(n, 4);
        for i in 0..n {
            t[(i, (i * 3 + 1) % 4)] = 1.0;
        }
        let mut layer = SoftmaxWithLoss::new();
        layer.forward(&x, &t);
        let dx = layer.backward(1.0);
        let expected = layer.y.zip_map(&t, |y, t| (y - t) / n as f64);
        matrix(&format!("backward with N = {n}: (y - t) / batch_size"), &dx, &expected, 1e-9)?;
        // The notes' 1e-7 inside the log moves the numerical gradient by about 1e-7 / y.
        let numerical = numerical(|x| SoftmaxWithLoss::new().forward(x, &t), &x);
        matrix(&format!("N = {n}에서 backward를 forward의 수치 미분과 비교 · backward with N = {n} against the numerical gradient of forward"), &dx, &numerical, 1e-5)?;
    }
    Ok(())
}
