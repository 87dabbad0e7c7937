//! 연습 5 · exercise 5 — 5.6 Affine 계층 · the Affine layer, for one sample and for a batch
//!
//! ```python
//! class Affine:
//!     def __init__(self, W, b):
//!         self.W = W
//!         self.b = b
//!         self.x = None
//!         self.dW = None
//!         self.db = None
//!     def forward(self, x):
//!         self.x = x
//!         out = np.dot(x, self.W) + self.b
//!         return out
//!     def backward(self, dout):
//!         dx = np.dot(dout, self.W.T)
//!         self.dW = np.dot(self.x.T, dout)
//!         self.db = np.sum(dout, axis=0)
//!         return dx
//! ```
//!
//! 할 일 · what to write: `backward`: `dx`를 돌려주고 `self.dw`, `self.db`를 채웁니다. 형상을
//! 맞춰 보세요 · check the shapes: `x` (N, in), `W` (in, out), `dout` (N, out) → `dx` (N, in),
//! `dW` (in, out), `db` (1, out). 편향은 모든 행에 더해졌으므로 `db`는 `dout`을 행 방향으로 더한
//! 것입니다 · b was added to every row, so db sums dout over the rows. 쓸 것 · to use:
//! `Matrix::dot`, `Matrix::transpose`, `Matrix::sum_rows`.

use backprop::matrix::Matrix;

/// Affine (fully connected) layer: `out = x·W + b`.
#[derive(Clone, Debug)]
pub struct Affine {
    /// Weights (in, out): the notes' `self.W`.
    pub w: Matrix,
    /// Bias (1, out): the notes' `self.b`.
    pub b: Matrix,
    /// The forward's input (N, in), kept for `dw` (the notes' `self.x`).
    pub x: Matrix,
    /// `∂L/∂W` (in, out), set by `backward` (the notes' `self.dW`).
    pub dw: Matrix,
    /// `∂L/∂b` (1, out), set by `backward` (the notes' `self.db`).
    pub db: Matrix,
}

impl Affine {
    pub fn new(w: Matrix, b: Matrix) -> Affine {
        let (dw, db) = (Matrix::zeros(w.rows, w.cols), Matrix::zeros(1, b.cols));
        Affine { x: Matrix::zeros(0, w.rows), w, b, dw, db }
    }

    /// `out = x·W + b`; remembers `x`.
    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.x = x.clone();
        let mut out = x.dot(&self.w);
        out.add_row(&self.b);
        out
    }

    /// Returns `dx`; sets `self.dw` and `self.db`.
    pub fn backward(&mut self, dout: &Matrix) -> Matrix {
        todo!("여기에 쓰세요 · write it here")
    }
}
