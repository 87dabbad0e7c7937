//! Chapter 5 of *Deep Learning from Scratch* (오차역전파법, backpropagation) in readable,
//! std-only Rust. The modules, in the notes' order:
//!
//! - [`matrix`]: the numpy arrays the notes compute with: a row-major `f64` [`Matrix`] with
//!   `dot`, transpose, row-sum, argmax and bias broadcasting.
//! - [`rng`]: numpy's legacy generator behind `np.random.seed`, `randn` and `choice`, so the
//!   same seed draws the same weights and batches as the notes' Python.
//! - [`apples`]: 5.1–5.4, the apple-shopping computational graph built from `MulLayer` and `AddLayer`.
//! - [`functions`]: `softmax` and `cross_entropy_error`; [`gradient`]: the chapter-4
//!   central-difference `numerical_gradient`, for a matrix and for a network's parameter.
//! - [`layers`]: 5.4–5.6, the graph's nodes as layers: `MulLayer`, `AddLayer`, `Relu`, `Sigmoid`,
//!   `Affine`, `SoftmaxWithLoss`, each with `forward` and `backward`.
//! - [`two_layer_net`]: 5.7.2, `TwoLayerNet` assembled from those layers, with `predict`, `loss`,
//!   `accuracy`, `numerical_gradient` and `gradient` (backprop).
//! - [`mnist`]: `load_mnist`, reading and checking the IDX files.
//! - [`gradient_check`]: 5.7.3, backprop against the numerical gradient.
//! - [`train`]: 5.7.4, the training loop (backprop or numerical).
//!
//! Everything around the chapter (the command line, files, pictures, the page and its server)
//! is in [`lab`], which the chapter never imports.
//!
//! ```
//! use backprop::{layers::MulLayer, layers::AddLayer};
//! // The notes' first example: two apples at 100 each, 10% tax.
//! let (mut mul_apple, mut mul_tax) = (MulLayer::new(), MulLayer::new());
//! let apple_price = mul_apple.forward(100.0, 2.0);
//! let price = mul_tax.forward(apple_price, 1.1);
//! let (dapple_price, dtax) = mul_tax.backward(1.0);
//! let (dapple, dapple_num) = mul_apple.backward(dapple_price);
//! assert_eq!((price.round(), dapple, dapple_num.round(), dtax), (220.0, 2.2, 110.0, 200.0));
//! # let _ = AddLayer::new();
//! ```

pub mod matrix;
pub mod rng;
pub mod apples;
pub mod functions;
pub mod gradient;
pub mod layers;
pub mod two_layer_net;
pub mod mnist;
pub mod gradient_check;
pub mod train;

pub mod lab;

pub use matrix::Matrix;
pub use rng::Rng;
pub use two_layer_net::{Grads, TwoLayerNet};
