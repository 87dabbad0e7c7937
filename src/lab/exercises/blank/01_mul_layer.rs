//! 연습 1 · exercise 1 — 5.4 곱셈 계층 · the multiply layer (`MulLayer`)
//!
//! 노트의 Python · the notes' Python:
//!
//! ```python
//! class MulLayer:
//!     def __init__(self):
//!         self.x = None
//!         self.y = None
//!     def forward(self, x, y):
//!         self.x = x
//!         self.y = y
//!         out = x * y
//!         return out
//!     def backward(self, dout):
//!         dx = dout * self.y  # x와 y를 바꾼다
//!         dy = dout * self.x
//!         return dx, dy
//! ```
//!
//! 할 일 · what to write: `backward`. 곱셈 노드는 상류에서 온 미분값(`dout`)에 순전파 때의 입력을
//! 서로 *바꿔* 곱해서 보냅니다. forward가 `x`와 `y`를 기억해 둔 이유입니다.
//! The multiply node sends back `dout` times the *other* input: that is why forward keeps both.
//! `make exercise` 가 사과 2개 · 소비세 예제(220, 2.2, 110, 200)로 확인합니다.

/// Multiplication node `out = x · y` (scalars).
#[derive(Clone, Debug, Default)]
pub struct MulLayer {
    /// The forward's first input (the notes' `self.x`).
    pub x: f64,
    /// The forward's second input (the notes' `self.y`).
    pub y: f64,
}

impl MulLayer {
    pub fn new() -> MulLayer {
        MulLayer::default()
    }

    /// `out = x · y`; remembers `x` and `y`.
    pub fn forward(&mut self, x: f64, y: f64) -> f64 {
        self.x = x;
        self.y = y;
        x * y
    }

    /// `(dx, dy)`: ∂L/∂x and ∂L/∂y, given `dout` = ∂L/∂out.
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        todo!("여기에 쓰세요 · write it here: dx = dout * y, dy = ?")
    }
}
