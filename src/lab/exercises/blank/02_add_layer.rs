//! 연습 2 · exercise 2 — 5.4 덧셈 계층 · the add layer (`AddLayer`)
//!
//! ```python
//! class AddLayer:
//!     def __init__(self):
//!         pass
//!     def forward(self, x, y):
//!         out = x + y
//!         return out
//!     def backward(self, dout):
//!         dx = dout * 1
//!         dy = dout * 1
//!         return dx, dy
//! ```
//!
//! 할 일 · what to write: `backward`. 덧셈 노드는 상류의 값을 그대로 흘려보냅니다(`x + y`를 `x`로
//! 미분하면 1). The add node passes `dout` on unchanged to both inputs.
//! `make exercise` 가 사과와 귤 예제(715, 2.2, 110, 3.3, 165, 650)로 확인합니다. 연습 1의
//! `MulLayer`도 함께 씁니다 · it uses your `MulLayer` from exercise 1 too.

/// Addition node `out = x + y` (scalars). It needs to remember nothing.
#[derive(Clone, Debug, Default)]
pub struct AddLayer;

impl AddLayer {
    pub fn new() -> AddLayer {
        AddLayer
    }

    /// `out = x + y`.
    pub fn forward(&mut self, x: f64, y: f64) -> f64 {
        x + y
    }

    /// `(dx, dy)`, given `dout` = ∂L/∂out.
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        todo!("여기에 쓰세요 · write it here")
    }
}
