//! 버그 찾기 3 · find the bug 3 — 5.6 `Affine`
//!
//! 이 Affine 계층에는 실수가 하나 있습니다. 형상을 살펴보세요 · one mistake; look at the shapes.

use backprop::matrix::Matrix;

#[derive(Clone, Debug)]
pub struct Affine {
    pub w: Matrix,
    pub b: Matrix,
    pub x: Matrix,
    pub dw: Matrix,
    pub db: Matrix,
}

impl Affine {
    pub fn new(w: Matrix, b: Matrix) -> Affine {
        let (dw, db) = (Matrix::zeros(w.rows, w.cols), Matrix::zeros(1, b.cols));
        Affine { x: Matrix::zeros(0, w.rows), w, b, dw, db }
    }

    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.x = x.clone();
        let mut out = x.dot(&self.w);
        out.add_row(&self.b);
        out
    }

    pub fn backward(&mut self, dout: &Matrix) -> Matrix {
        let dx = dout.dot(&self.w.transpose());
        self.dw = dout.transpose().dot(&self.x);
        self.db = dout.sum_rows();
        dx
    }
}
