//! One forward and backward pass of `TwoLayerNet` with everything kept: each layer's output on
//! the way forward and each `dout` on the way back, Affine1's `dx` (the gradient for the input
//! pixels, which no weight uses) included. What the pictures, `make trace` and the page show;
//! the same calls as `TwoLayerNet::loss` and `gradient`, in the same order.

use crate::matrix::Matrix;
use crate::two_layer_net::{Grads, TwoLayerNet};

/// Everything one pass computes, under the names of the layers' inputs and outputs.
#[derive(Clone, Debug)]
pub struct Step {
    /// Affine1's output `x·W1 + b1` (N, hidden).
    pub a1: Matrix,
    /// Relu1's output (N, hidden); `mask[i]` is true where it zeroed `a1`.
    pub z1: Matrix,
    pub mask: Vec<bool>,
    /// Affine2's output, the scores (N, 10).
    pub a2: Matrix,
    /// softmax of the scores (N, 10).
    pub y: Matrix,
    pub loss: f64,
    /// `dout` arriving at Affine2: SoftmaxWithLoss's `(y - t) / N` (N, 10).
    pub dout_affine2: Matrix,
    /// `dout` arriving at Relu1: Affine2's `dx` (N, hidden).
    pub dout_relu1: Matrix,
    /// `dout` arriving at Affine1: Relu1's `dx`, zero where the mask is (N, hidden).
    pub dout_affine1: Matrix,
    /// Affine1's `dx = dout·W1ᵀ` (N, 784): the gradient of the loss for each input pixel.
    pub dx: Matrix,
    /// dW1, db1, dW2, db2, as `gradient` returns them.
    pub grads: Grads,
}

/// The pass on `x` with targets `t`, on a copy of `network` (whose layers it leaves untouched).
pub fn step(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Step {
    let mut net = network.clone();
    // forward, layer by layer (TwoLayerNet::loss)
    let a1 = net.affine1.forward(x);
    let z1 = net.relu1.forward(&a1);
    let a2 = net.affine2.forward(&z1);
    let loss = net.last_layer.forward(&a2, t);
    // backward, in reverse order (TwoLayerNet::gradient, with Affine1's full backward)
    let dout_affine2 = net.last_layer.backward(1.0);
    let dout_relu1 = net.affine2.backward(&dout_affine2);
    let dout_affine1 = net.relu1.backward(&dout_relu1);
    let dx = net.affine1.backward(&dout_affine1);
    Step {
        a1,
        z1,
        mask: net.relu1.mask,
        a2,
        y: net.last_layer.y,
        loss,
        dout_affine2,
        dout_relu1,
        dout_affine1,
        dx,
        grads: Grads { w1: net.affine1.dw, b1: net.affine1.db, w2: net.affine2.dw, b2: net.affine2.db },
    }
}
