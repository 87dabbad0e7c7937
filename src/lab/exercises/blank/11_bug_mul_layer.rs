//! 버그 찾기 1 · find the bug 1 — 5.4 `MulLayer`
//!
//! 이 곱셈 계층에는 실수가 하나 있습니다. `make exercise` 가 무엇이 틀렸는지 보여 줍니다. 찾아서
//! 고치세요 · this multiply layer has one mistake in it; find it and fix it.

/// Multiplication node `out = x · y` (scalars).
#[derive(Clone, Debug, Default)]
pub struct MulLayer {
    pub x: f64,
    pub y: f64,
}

impl MulLayer {
    pub fn new() -> MulLayer {
        MulLayer::default()
    }

    pub fn forward(&mut self, x: f64, y: f64) -> f64 {
        self.x = x;
        self.y = y;
        x * y
    }

    pub fn backward(&self, dout: f64) -> (f64, f64) {
        let dx = dout * self.x;
        let dy = dout * self.y;
        (dx, dy)
    }
}
