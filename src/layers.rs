//! The notes' layers (계층): `MulLayer` and `AddLayer` for the apple example, then `Relu`,
//! `Sigmoid`, `Affine` and `SoftmaxWithLoss`, each a plain struct whose `forward` remembers what
//! its `backward` needs.
//!
//! Shapes: `N` is the batch size. Every `backward(dout)` takes `dout = ∂L/∂out` (same shape as
//! the forward's output) and returns `dx = ∂L/∂x` (same shape as the forward's input).
//! Unlike the notes' numpy code, no backward writes into the `dout` it is given.

use crate::functions::{cross_entropy_error_with_delta, one_hot, sigmoid, softmax, CROSS_ENTROPY_DELTA};
use crate::matrix::Matrix;

/// Multiplication node `out = x · y` (scalars), the apple example's ×.
#[derive(Clone, Debug, Default)]
pub struct MulLayer {
    /// The forward's first input, kept for backward (the notes' `self.x`).
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

    /// forward: `out = x · y`, so `dx = dout · y` and `dy = dout · x` (the inputs swap).
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        let dx = dout * self.y;
        let dy = dout * self.x;
        (dx, dy)
    }
}

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

    /// forward: `out = x + y`, so `dx = dout · 1` and `dy = dout · 1`: addition passes the
    /// gradient through unchanged.
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        (dout * 1.0, dout * 1.0)
    }
}

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

    /// forward: `out = max(0, x)`, whose derivative is 1 for `x > 0` and 0 otherwise, so
    /// `dx = dout` with the masked places set to 0.
    /// The notes write `dout[self.mask] = 0` into the caller's array; here `dx` is a new matrix.
    pub fn backward(&self, dout: &Matrix) -> Matrix {
        let mut dx = dout.clone();
        dx.set_masked(&self.mask, 0.0); // dout[self.mask] = 0
        dx
    }
}

/// Sigmoid: `out = 1 / (1 + exp(-x))`, element-wise.
#[derive(Clone, Debug)]
pub struct Sigmoid {
    /// The forward's output, kept for backward (the notes' `self.out`).
    pub out: Matrix,
}

impl Default for Sigmoid {
    fn default() -> Sigmoid {
        Sigmoid { out: Matrix::zeros(0, 0) }
    }
}

impl Sigmoid {
    pub fn new() -> Sigmoid {
        Sigmoid::default()
    }

    /// `out = 1 / (1 + exp(-x))`; remembers `out`.
    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.out = x.map(sigmoid);
        self.out.clone()
    }

    /// forward: `y = 1 / (1 + exp(-x))`, whose derivative is `y (1 - y)`, so
    /// `dx = dout · (1 - out) · out`.
    pub fn backward(&self, dout: &Matrix) -> Matrix {
        dout.zip_map(&self.out, |d, y| d * (1.0 - y) * y)
    }
}

/// Affine (fully connected) layer: `out = x·W + b`.
///
/// Shapes: `x` (N, in), `w` (in, out), `b` (1, out), `out` (N, out).
#[derive(Clone, Debug)]
pub struct Affine {
    /// Weights, (in, out): the notes' `self.W`, also `params['W1']` or `params['W2']`.
    pub w: Matrix,
    /// Bias, one row (1, out): the notes' `self.b` (1-D in numpy).
    pub b: Matrix,
    /// The forward's input (N, in), kept for `dw` (the notes' `self.x`). numpy keeps a reference;
    /// Rust keeps its own copy (its buffer reused from call to call), so the caller keeps `x`.
    pub x: Matrix,
    /// `∂L/∂W` (in, out), set by `backward` (the notes' `self.dW`).
    pub dw: Matrix,
    /// `∂L/∂b` (1, out), set by `backward` (the notes' `self.db`).
    pub db: Matrix,
}

impl Affine {
    /// A layer owning the weights `w` (in, out) and bias `b` (1, out).
    pub fn new(w: Matrix, b: Matrix) -> Affine {
        assert!(
            b.rows == 1 && b.cols == w.cols,
            "Affine::new: bias of shape {:?} does not fit weights of shape {:?}",
            b.shape(),
            w.shape()
        );
        let (dw, db) = (Matrix::zeros(w.rows, w.cols), Matrix::zeros(1, b.cols));
        Affine { x: Matrix::zeros(0, w.rows), w, b, dw, db }
    }

    /// `out = x·W + b` (`np.dot(x, self.W) + self.b`); remembers `x`.
    pub fn forward(&mut self, x: &Matrix) -> Matrix {
        self.x.clone_from(x);
        let mut out = x.dot(&self.w);
        out.add_row(&self.b);
        out
    }

    /// forward: `out = x·W + b`, so
    /// - `dx = dout·Wᵀ`      (N, out)·(out, in) → (N, in), returned;
    /// - `dW = xᵀ·dout`      (in, N)·(N, out) → (in, out), kept in `self.dw`;
    /// - `db = Σ_rows dout`  (`np.sum(dout, axis=0)`): b was added to every row, so each row's
    ///   gradient flows back into it, (1, out), kept in `self.db`.
    pub fn backward(&mut self, dout: &Matrix) -> Matrix {
        let dx = dout.dot(&self.w.transpose());
        self.dw = self.x.transpose().dot(dout);
        self.db = dout.sum_rows();
        dx
    }
}

/// Softmax followed by the cross-entropy error: the last layer while training.
#[derive(Clone, Debug)]
pub struct SoftmaxWithLoss {
    /// The loss of the last forward (the notes' `self.loss`).
    pub loss: f64,
    /// The softmax output (N, C) (the notes' `self.y`).
    pub y: Matrix,
    /// The targets (N, C) one-hot or (N, 1) labels (the notes' `self.t`).
    pub t: Matrix,
    /// The `1e-7` inside the log of the cross-entropy. Tests set it to 0 to show what it
    /// does to the numerical gradient; backward's `(y - t) / N` is the exact gradient for 0.
    pub delta: f64,
}

impl Default for SoftmaxWithLoss {
    fn default() -> SoftmaxWithLoss {
        SoftmaxWithLoss { loss: 0.0, y: Matrix::zeros(0, 0), t: Matrix::zeros(0, 0), delta: CROSS_ENTROPY_DELTA }
    }
}

impl SoftmaxWithLoss {
    pub fn new() -> SoftmaxWithLoss {
        SoftmaxWithLoss::default()
    }

    /// `loss = cross_entropy_error(softmax(x), t)`; remembers `y = softmax(x)` and `t`.
    pub fn forward(&mut self, x: &Matrix, t: &Matrix) -> f64 {
        self.t.clone_from(t);
        self.y = softmax(x);
        self.loss = cross_entropy_error_with_delta(&self.y, &self.t, self.delta);
        self.loss
    }

    /// forward: `L = -(1/N) Σ t·ln softmax(x)`, whose gradient is `dx = (y - t) / N`
    /// (N, C): softmax and cross-entropy together differentiate to this clean difference, and
    /// the loss is a mean over the batch, so each sample's gradient carries 1/N.
    /// `dout` is 1 when this is the last layer, as in the notes.
    pub fn backward(&self, dout: f64) -> Matrix {
        let batch_size = self.t.rows as f64;
        let t = one_hot(&self.t, self.y.cols); // label targets (N, 1) as one-hot rows
        self.y.zip_map(&t, |y, t| (y - t) * dout / batch_size)
    }
}
