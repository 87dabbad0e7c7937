//! 버그 찾기 2 · find the bug 2 — 5.5 `Relu`
//!
//! 이 ReLU 계층에는 실수가 하나 있습니다. 찾아서 고치세요 · one mistake; find it and fix it.

use backprop::matrix::Matrix;

#[derive(Clone, Debug, Default)]
pub struct Relu {
    pub mask: Vec<bool>,
}

impl Relu {
    pub fn new() -> Relu {
        Relu::default()
    }

    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.mask = x.data.iter().map(|&v| v <= 0.0).collect();
        let mut out = x.clone();
        out.set_masked(&self.mask, 0.0);
        out
    }

    pub fn backward(&self, dout: &Matrix) -> Matrix {
        dout.clone()
    }
}
