//! 버그 찾기 4 · find the bug 4 — 5.6 `SoftmaxWithLoss`
//!
//! 이 계층에는 실수가 하나 있습니다. 배치 크기가 1일 때는 드러나지 않습니다 · one mistake, invisible
//! with a batch of one.

use backprop::functions::{cross_entropy_error, softmax};
use backprop::matrix::Matrix;

#[derive(Clone, Debug)]
pub struct SoftmaxWithLoss {
    pub loss: f64,
    pub y: Matrix,
    pub t: Matrix,
}

impl SoftmaxWithLoss {
    pub fn new() -> SoftmaxWithLoss {
        SoftmaxWithLoss { loss: 0.0, y: Matrix::zeros(0, 0), t: Matrix::zeros(0, 0) }
    }

    pub fn forward(&mut self, x: &Matrix, t: &Matrix) -> f64 {
        self.t = t.clone();
        self.y = softmax(x);
        self.loss = cross_entropy_error(&self.y, &self.t);
        self.loss
    }

    pub fn backward(&self, dout: f64) -> Matrix {
        self.y.zip_map(&self.t, |y, t| (y - t) * dout)
    }
}
