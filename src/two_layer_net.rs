//! The notes' `TwoLayerNet` built from layers (오차역전파법 구현): Affine → ReLU → Affine →
//! SoftmaxWithLoss, with the loss, the accuracy, and its gradient found two ways, by numerical
//! differentiation and by backpropagation.
//!
//! Shapes: `x` (N, input_size), `t` (N, output_size) one-hot or (N, 1) labels, where N is the
//! batch size. `W1` (input_size, hidden_size), `b1` (1, hidden_size), `W2` (hidden_size,
//! output_size), `b2` (1, output_size).
//!
//! Who owns the weights: in the notes `params['W1']` and `layers['Affine1'].W` are the same numpy
//! array, so an update through `params` is seen by the layer. Rust allows one owner: the layers
//! own the weights (`net.affine1.w` *is* W1), and everything else, the SGD update, the numerical
//! gradient, saving, reaches them there. [`TwoLayerNet::params`] lists them under the notes' names.

use crate::functions::label;
use crate::gradient::numerical_gradient;
use crate::layers::{Affine, Relu, SoftmaxWithLoss};
use crate::matrix::Matrix;
use crate::mnist::Images;
use crate::rng::Rng;
use std::ops::Index;

/// The notes' default `weight_init_std`: initial weights are Gaussian with this standard deviation.
pub const WEIGHT_INIT_STD: f64 = 0.01;

/// How many images `accuracy` predicts at a time: few enough that a block (1.3 MB as `f64`)
/// stays in the caches (measured: a pass over the 60000 training images 12% faster than in
/// blocks of 1000), and the answers are the same whatever the block.
pub const PREDICT_BLOCK: usize = 200;

/// A two-layer network: `x → Affine1 → Relu1 → Affine2 → SoftmaxWithLoss`.
///
/// The notes keep the first three in an `OrderedDict` and loop over it; here they are named
/// fields, and `predict` and `gradient` call them in order, visibly.
#[derive(Clone, Debug)]
pub struct TwoLayerNet {
    /// `layers['Affine1']`, holding W1 and b1.
    pub affine1: Affine,
    /// `layers['Relu1']`.
    pub relu1: Relu,
    /// `layers['Affine2']`, holding W2 and b2.
    pub affine2: Affine,
    /// `lastLayer`: softmax and cross-entropy, used by `loss` and `gradient`, not by `predict`.
    pub last_layer: SoftmaxWithLoss,
}

/// The gradients of the loss for each parameter: the notes' `grads` dictionary, one field a key.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads {
    /// `grads['W1']`, (input_size, hidden_size).
    pub w1: Matrix,
    /// `grads['b1']`, (1, hidden_size).
    pub b1: Matrix,
    /// `grads['W2']`, (hidden_size, output_size).
    pub w2: Matrix,
    /// `grads['b2']`, (1, output_size).
    pub b2: Matrix,
}

impl Grads {
    /// The four gradients with the notes' names, in the notes' order.
    pub fn iter(&self) -> [(&'static str, &Matrix); 4] {
        [("W1", &self.w1), ("b1", &self.b1), ("W2", &self.w2), ("b2", &self.b2)]
    }
}

/// `grad['W1']`, as the notes write it.
impl Index<&str> for Grads {
    type Output = Matrix;
    fn index(&self, key: &str) -> &Matrix {
        self.iter().into_iter().find(|(k, _)| *k == key).unwrap_or_else(|| panic!("no gradient {key:?}")).1
    }
}

impl TwoLayerNet {
    /// A network with Gaussian weights of standard deviation `weight_init_std` (0.01 in the
    /// notes, [`WEIGHT_INIT_STD`]) drawn from `rng`, and zero biases:
    /// `W1 = weight_init_std * np.random.randn(input_size, hidden_size)`, `b1 = np.zeros(hidden_size)`, …
    pub fn new(input_size: usize, hidden_size: usize, output_size: usize, weight_init_std: f64, rng: &mut Rng) -> TwoLayerNet {
        let mut randn = |rows, cols| {
            let data = (0..rows * cols).map(|_| weight_init_std * rng.randn()).collect();
            Matrix::from_vec(rows, cols, data)
        };
        let w1 = randn(input_size, hidden_size);
        let w2 = randn(hidden_size, output_size);
        TwoLayerNet::from_params(w1, Matrix::zeros(1, hidden_size), w2, Matrix::zeros(1, output_size))
    }

    /// A network with the given parameters (shapes as in the module doc).
    pub fn from_params(w1: Matrix, b1: Matrix, w2: Matrix, b2: Matrix) -> TwoLayerNet {
        assert!(w1.cols == w2.rows, "TwoLayerNet: W1 of shape {:?} does not feed W2 of shape {:?}", w1.shape(), w2.shape());
        TwoLayerNet {
            affine1: Affine::new(w1, b1),
            relu1: Relu::new(),
            affine2: Affine::new(w2, b2),
            last_layer: SoftmaxWithLoss::new(),
        }
    }

    /// The parameters with the notes' names, in the notes' order (`params['W1']`, …): which
    /// layer field each name is (and [`params_mut`](Self::params_mut) to change them).
    pub fn params(&self) -> [(&'static str, &Matrix); 4] {
        [("W1", &self.affine1.w), ("b1", &self.affine1.b), ("W2", &self.affine2.w), ("b2", &self.affine2.b)]
    }

    /// (input_size, hidden_size, output_size).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.affine1.w.rows, self.affine1.w.cols, self.affine2.w.cols)
    }

    /// The scores before softmax (N, output_size): each layer's forward in turn.
    pub fn predict(&mut self, x: &Matrix) -> Matrix {
        let x = self.affine1.forward(x);
        let x = self.relu1.forward(&x);
        self.affine2.forward(&x)
    }

    /// The loss: `predict`, then softmax and cross-entropy against `t`.
    pub fn loss(&mut self, x: &Matrix, t: &Matrix) -> f64 {
        let y = self.predict(x);
        self.last_layer.forward(&y, t)
    }

    /// The fraction of images whose highest score is the target class:
    /// `np.sum(np.argmax(self.predict(x), axis=1) == np.argmax(t, axis=1)) / float(x.shape[0])`.
    /// Rust predicts [`PREDICT_BLOCK`] images at a time, so only one block of `x` is ever `f64`
    /// (numpy's `x_train` is all 60000 images as float32, 188 MB; ours stays bytes, 47 MB).
    pub fn accuracy(&mut self, x: &Images, t: &Matrix) -> f64 {
        let y = self.predicted_labels(x);
        (0..y.len()).filter(|&i| y[i] == label(t, i)).count() as f64 / x.rows as f64
    }

    /// `np.argmax(self.predict(x), axis=1)`, [`PREDICT_BLOCK`] images at a time.
    pub fn predicted_labels(&mut self, x: &Images) -> Vec<usize> {
        (0..x.rows)
            .step_by(PREDICT_BLOCK)
            .flat_map(|start| self.predict(&x.slice_rows(start, (start + PREDICT_BLOCK).min(x.rows))).argmax_rows())
            .collect()
    }

    /// The gradient of the loss by numerical differentiation: a central difference for each of
    /// the network's parameters, every one costing two full forward passes (slow on purpose:
    /// that is the chapter's point).
    pub fn numerical_gradient(&mut self, x: &Matrix, t: &Matrix) -> Grads {
        let loss_w = |net: &mut TwoLayerNet| net.loss(x, t);
        Grads {
            w1: numerical_gradient(loss_w, self, |net| &mut net.affine1.w),
            b1: numerical_gradient(loss_w, self, |net| &mut net.affine1.b),
            w2: numerical_gradient(loss_w, self, |net| &mut net.affine2.w),
            b2: numerical_gradient(loss_w, self, |net| &mut net.affine2.b),
        }
    }

    /// The gradient of the loss by backpropagation: one forward pass, then every layer's
    /// backward in reverse order, each turning `dout` (∂L/∂its output) into ∂L/∂its input.
    pub fn gradient(&mut self, x: &Matrix, t: &Matrix) -> Grads {
        // 순전파 (forward)
        self.loss(x, t);

        // 역전파 (backward): the notes loop over the reversed layers; here each is called by name
        let dout = 1.0;
        let dout = self.last_layer.backward(dout);
        let dout = self.affine2.backward(&dout);
        let dout = self.relu1.backward(&dout);
        self.affine1.backward(&dout);

        // 결과 저장: each Affine's dW and db, under the notes' names
        Grads {
            w1: self.affine1.dw.clone(),
            b1: self.affine1.db.clone(),
            w2: self.affine2.dw.clone(),
            b2: self.affine2.db.clone(),
        }
    }

    /// `params[key]` for every key, to change them (the SGD update): the same fields as [`params`](Self::params).
    pub fn params_mut(&mut self) -> [(&'static str, &mut Matrix); 4] {
        [("W1", &mut self.affine1.w), ("b1", &mut self.affine1.b), ("W2", &mut self.affine2.w), ("b2", &mut self.affine2.b)]
    }
}
