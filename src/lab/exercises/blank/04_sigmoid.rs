//! 연습 4 · exercise 4 — 5.5 활성화 함수 계층: Sigmoid · the Sigmoid layer
//!
//! ```python
//! class Sigmoid:
//!     def __init__(self):
//!         self.out = None
//!     def forward(self, x):
//!         out = 1 / (1 + np.exp(-x))
//!         self.out = out
//!         return out
//!     def backward(self, dout):
//!         dx = dout * (1.0 - self.out) * self.out
//!         return dx
//! ```
//!
//! 할 일 · what to write: `backward`. `y = 1 / (1 + exp(-x))`의 미분은 `y (1 - y)`라서, forward가
//! 출력 `out`만 기억해 두면 됩니다. The derivative of the sigmoid is `y (1 - y)`, so forward keeps
//! only its output. `Matrix::zip_map(&other, |a, b| …)` 는 원소끼리 계산합니다 · works entry by entry.

use backprop::matrix::Matrix;

/// Sigmoid: `out = 1 / (1 + exp(-x))`, element-wise.
#[derive(Clone, Debug)]
pub struct Sigmoid {
    /// The forward's output, kept for backward (the notes' `self.out`).
    pub out: Matrix,
}

impl Sigmoid {
    pub fn new() -> Sigmoid {
        Sigmoid { out: Matrix::zeros(0, 0) }
    }

    /// `out = 1 / (1 + exp(-x))`; remembers `out`.
    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.out = x.map(|v| 1.0 / (1.0 + (-v).exp()));
        self.out.clone()
    }

    /// `dx` (same shape as `dout`).
    pub fn backward(&self, dout: &Matrix) -> Matrix {
        todo!("여기에 쓰세요 · write it here")
    }
}
