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
use crate::gradient::{numerical_gradient_in, Params};
use crate::layers::{Affine, Relu, SoftmaxWithLoss};
use crate::matrix::{Matrix, Rows};
use crate::parallel;
use crate::rng::Rng;

/// The notes' default `weight_init_std`: initial weights are Gaussian with this standard deviation.
pub const WEIGHT_INIT_STD: f64 = 0.01;

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

impl TwoLayerNet {
    /// A network with Gaussian weights of standard deviation `weight_init_std` (0.01 in the
    /// notes, [`WEIGHT_INIT_STD`]) drawn from `rng`, and zero biases:
    /// `W1 = weight_init_std * np.random.randn(input_size, hidden_size)`, `b1 = np.zeros(hidden_size)`, …
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        rng: &mut Rng,
    ) -> TwoLayerNet {
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
        assert!(
            w1.cols == w2.rows,
            "TwoLayerNet: W1 of shape {:?} does not feed W2 of shape {:?}",
            w1.shape(),
            w2.shape()
        );
        TwoLayerNet {
            affine1: Affine::new(w1, b1),
            relu1: Relu::new(),
            affine2: Affine::new(w2, b2),
            last_layer: SoftmaxWithLoss::new(),
        }
    }

    /// The parameters with the notes' names, in the notes' order (`params['W1']`, …): the one
    /// place that says which layer field each name is (see also `param_mut` below).
    pub fn params(&self) -> [(&'static str, &Matrix); 4] {
        [("W1", &self.affine1.w), ("b1", &self.affine1.b), ("W2", &self.affine2.w), ("b2", &self.affine2.b)]
    }

    /// How many numbers the parameters hold in all (W1, b1, W2, b2).
    pub fn param_count(&self) -> usize {
        self.params().iter().map(|(_, p)| p.data.len()).sum()
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

    /// The fraction of rows whose highest score is the target class
    /// (`np.sum(np.argmax(y, axis=1) == np.argmax(t, axis=1)) / N`).
    /// `x` is a [`Matrix`] or the MNIST [`Images`](crate::mnist::Images) (see [`Rows`]).
    pub fn accuracy(&self, x: &(impl Rows + ?Sized), t: &Matrix) -> f64 {
        let n = x.row_count();
        assert!(n == t.rows, "accuracy: {n} inputs but targets of shape {:?}", t.shape());
        let y = self.predict_labels(x);
        let correct = y.iter().enumerate().filter(|&(i, &predicted)| predicted == label(t, i)).count();
        correct as f64 / n as f64
    }

    /// The predicted class of every row, `np.argmax(self.predict(x), axis=1)`.
    ///
    /// Rows are independent, so they are split over the cores ([`parallel::map_ranges`]); each
    /// thread runs its own copy of the network (predict writes into the layers) over blocks of
    /// rows. The result is the same as a one-thread loop's.
    pub fn predict_labels(&self, x: &(impl Rows + ?Sized)) -> Vec<usize> {
        // Blocks of a few hundred rows keep the copies (the block, Affine's saved x) in cache.
        const BLOCK: usize = 250;
        let n = x.row_count();
        let (input, hidden, output) = self.sizes();
        let parts = parallel::map_ranges(n, n * (input * hidden + hidden * output), |range| {
            let mut net = self.clone();
            let mut labels = Vec::with_capacity(range.len());
            for block in range.clone().step_by(BLOCK) {
                let y = net.predict(&x.slice_rows(block, (block + BLOCK).min(range.end)));
                labels.extend(y.argmax_rows());
            }
            labels
        });
        parts.concat()
    }

    /// The gradient of the loss by numerical differentiation: a central difference for each of
    /// the network's parameters, every one costing two full forward passes (slow on purpose:
    /// that is the chapter's point).
    pub fn numerical_gradient(&self, x: &Matrix, t: &Matrix) -> Grads {
        // The notes' `loss_W = lambda W: self.loss(x, t)`; Rust hands it the network in which one
        // entry of W was nudged (see gradient::numerical_gradient_in).
        let loss_w = |net: &mut TwoLayerNet| net.loss(x, t);
        Grads {
            w1: numerical_gradient_in(loss_w, self, "W1"),
            b1: numerical_gradient_in(loss_w, self, "b1"),
            w2: numerical_gradient_in(loss_w, self, "W2"),
            b2: numerical_gradient_in(loss_w, self, "b2"),
        }
    }

    /// The gradient of the loss by backpropagation: one forward pass, then every layer's
    /// backward in reverse order, each turning `dout` (∂L/∂its output) into ∂L/∂its input.
    pub fn gradient(&mut self, x: &Matrix, t: &Matrix) -> Grads {
        // forward
        self.loss(x, t);

        // backward
        let dout = 1.0;
        let dout = self.last_layer.backward(dout);
        let dout = self.affine2.backward(&dout);
        let dout = self.relu1.backward(&dout);
        // The notes' Affine1.backward also computes dx = dout·W1ᵀ, the gradient for the input
        // images, which nothing uses; skipping it saves about a third of each iteration
        // (README, Performance). Affine1's dW and db are computed exactly as in backward.
        self.affine1.backward_params(&dout);

        // 결과 저장: each Affine's dW and db, under the notes' names
        self.grads()
    }

    /// The gradients the last backward pass left in the layers, under the notes' names:
    /// `grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db`, ….
    pub fn grads(&self) -> Grads {
        Grads {
            w1: self.affine1.dw.clone(),
            b1: self.affine1.db.clone(),
            w2: self.affine2.dw.clone(),
            b2: self.affine2.db.clone(),
        }
    }

    /// One step of stochastic gradient descent: `params[key] -= learning_rate * grad[key]`
    /// for W1, b1, W2, b2 (the layers own them, so the update is seen by the next forward).
    pub fn update(&mut self, grad: &Grads, learning_rate: f64) {
        for (key, g) in grad.iter() {
            self.param_mut(key).sub_scaled(learning_rate, g);
        }
    }
}

impl Params for TwoLayerNet {
    fn param(&self, key: &str) -> &Matrix {
        self.params().into_iter().find(|(k, _)| *k == key).unwrap_or_else(|| panic!("no parameter {key:?}")).1
    }

    /// `params[key]`, to change it: the same fields as [`TwoLayerNet::params`].
    fn param_mut(&mut self, key: &str) -> &mut Matrix {
        match key {
            "W1" => &mut self.affine1.w,
            "b1" => &mut self.affine1.b,
            "W2" => &mut self.affine2.w,
            "b2" => &mut self.affine2.b,
            _ => panic!("no parameter {key:?}"),
        }
    }
}
