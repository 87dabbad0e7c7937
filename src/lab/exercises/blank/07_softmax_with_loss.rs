//! 연습 7 · exercise 7 — 5.6 Softmax-with-Loss 계층
//!
//! ```python
//! class SoftmaxWithLoss:
//!     def __init__(self):
//!         self.loss = None
//!         self.y = None
//!         self.t = None
//!     def forward(self, x, t):
//!         self.t = t
//!         self.y = softmax(x)
//!         self.loss = cross_entropy_error(self.y, self.t)
//!         return self.loss
//!     def backward(self, dout=1):
//!         batch_size = self.t.shape[0]
//!         dx = (self.y - self.t) / batch_size
//!         return dx
//! ```
//!
//! 할 일 · what to write: `backward`. softmax와 교차 엔트로피를 함께 미분하면 깔끔하게 `y - t`가
//! 됩니다. 손실이 배치의 평균이므로 `batch_size`로 나눕니다 · the loss is a mean over the batch,
//! so each sample's gradient carries 1/N. forward는 연습 6의 여러분의 함수를 씁니다 · forward uses
//! your functions from exercise 6.

use crate::softmax::{cross_entropy_error, softmax};
use backprop::matrix::Matrix;

/// Softmax followed by the cross-entropy error: the last layer while training.
#[derive(Clone, Debug)]
pub struct SoftmaxWithLoss {
    /// The loss of the last forward (the notes' `self.loss`).
    pub loss: f64,
    /// The softmax output (N, C) (the notes' `self.y`).
    pub y: Matrix,
    /// The one-hot targets (N, C) (the notes' `self.t`).
    pub t: Matrix,
}

impl SoftmaxWithLoss {
    pub fn new() -> SoftmaxWithLoss {
        SoftmaxWithLoss { loss: 0.0, y: Matrix::zeros(0, 0), t: Matrix::zeros(0, 0) }
    }

    /// `loss = cross_entropy_error(softmax(x), t)`; remembers `y` and `t`.
    pub fn forward(&mut self, x: &Matrix, t: &Matrix) -> f64 {
        self.t = t.clone();
        self.y = softmax(x);
        self.loss = cross_entropy_error(&self.y, &self.t);
        self.loss
    }

    /// `dx` (N, C): ∂L/∂x. `dout` is 1 for the last layer, as in the notes.
    pub fn backward(&self, dout: f64) -> Matrix {
        todo!("여기에 쓰세요 · write it here")
    }
}
