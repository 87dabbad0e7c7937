//! 연습 3 · exercise 3 — 5.5 활성화 함수 계층: ReLU · the ReLU layer
//!
//! ```python
//! class Relu:
//!     def __init__(self):
//!         self.mask = None
//!     def forward(self, x):
//!         self.mask = (x <= 0)
//!         out = x.copy()
//!         out[self.mask] = 0
//!         return out
//!     def backward(self, dout):
//!         dout[self.mask] = 0
//!         dx = dout
//!         return dx
//! ```
//!
//! 할 일 · what to write: `backward`. 순전파 때 0 이하였던 곳(`mask`가 true인 곳)은 기울기가 0,
//! 나머지는 `dout`을 그대로 보냅니다. Where the input was ≤ 0 the gradient is 0; elsewhere `dout`
//! passes unchanged. 노트처럼 `dout`을 바꾸지 말고 새 행렬 `dx`를 만들어 돌려주세요 · return a new
//! matrix (`dout` is borrowed). `Matrix::set_masked(&mask, 0.0)` 은 numpy의 `x[mask] = 0` 입니다.

use backprop::matrix::Matrix;

/// ReLU: `out = max(0, x)`, element-wise.
#[derive(Clone, Debug, Default)]
pub struct Relu {
    /// `mask[i]` is true where the input was `<= 0` (the notes' `self.mask = (x <= 0)`).
    pub mask: Vec<bool>,
}

impl Relu {
    pub fn new() -> Relu {
        Relu::default()
    }

    /// `out = x` where `x > 0`, else 0; remembers where the zeros are.
    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.mask = x.data.iter().map(|&v| v <= 0.0).collect();
        let mut out = x.clone();
        out.set_masked(&self.mask, 0.0); // out[self.mask] = 0
        out
    }

    /// `dx` (same shape as `dout`): ∂L/∂x.
    pub fn backward(&self, dout: &Matrix) -> Matrix {
        todo!("여기에 쓰세요 · write it here")
    }
}
