//! The chapter's computational graphs, in the notes' order, each drawn with the numbers the
//! project's own layers compute when the figure is made (none is typed in), one file per section
//! of the notes, each figure's captions beside its graph: [`apples`] (5.1, 5.4), [`chain_rule`]
//! (5.2), [`nodes`] (5.3), [`activations`] (5.5), [`affine_softmax`] (5.6), [`two_layer_net`]
//! (5.7, one real step on two MNIST images).
//!
//! Each figure keeps, beside its graph, the named numbers it shows (`values`), so that tests can
//! hold them against the layers and find them in the SVG.

mod activations;
mod affine_softmax;
mod apples;
mod chain_rule;
mod nodes;
mod two_layer_net;

pub use activations::relu_and_sigmoid;
pub use affine_softmax::{affine, softmax_with_loss};
pub use apples::{apple, apple_figures, apple_orange, APPLE, APPLE_NUM, ORANGE, ORANGE_NUM, TAX};
pub use chain_rule::chain_rule;
pub use nodes::add_and_mul_nodes;
pub use two_layer_net::two_layer_net;

use super::graph::Graph;
use super::svg::number;
use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;

/// One figure of the page: its graph, what it is called and says (in Korean and English), the
/// formula it illustrates, and which code computed its numbers.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The SVG's file name, e.g. `apple.svg`.
    pub file: &'static str,
    /// The notes' section, e.g. `5.1`.
    pub section: &'static str,
    pub title_ko: &'static str,
    pub title_en: &'static str,
    pub caption_ko: &'static str,
    pub caption_en: &'static str,
    pub formula: &'static str,
    /// `(file, item)` pairs: the code whose values the figure shows.
    pub code: &'static [(&'static str, &'static str)],
    pub graph: Graph,
    /// The numbers drawn, by name (`price`, `dapple`, …), as the layers computed them.
    pub values: Vec<(String, f64)>,
}

/// Numbers on the figures: three significant digits, as a person writes them (220, 2.2, 0.0182).
pub fn n(x: f64) -> String {
    number(x, 3)
}

/// A row of numbers: `[1, 0.5, -1]`.
pub(super) fn list(xs: &[f64]) -> String {
    format!("[{}]", xs.iter().map(|&x| n(x)).collect::<Vec<_>>().join(", "))
}

/// A matrix, row by row: `[[1, 2], [3, 4]]`.
pub(super) fn rows(m: &Matrix) -> String {
    format!("[{}]", (0..m.rows).map(|r| list(m.row(r))).collect::<Vec<_>>().join(", "))
}

/// The shape and first two values of a matrix, on two lines: `(2, 50)` / `[0.0181, -0.0274, …]`.
pub(super) fn shape_and_values(m: &Matrix) -> String {
    let (r, c) = m.shape();
    format!("({r}, {c})\n[{}, {}, …]", n(m.data[0]), n(m.data[1]))
}

pub(super) fn named(values: &[(&str, f64)]) -> Vec<(String, f64)> {
    values.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

/// Every figure, in the notes' order. The last needs the network and its two images.
pub fn all(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Vec<Figure> {
    let [apple, apple_orange] = apple_figures();
    vec![
        apple,
        chain_rule(),
        add_and_mul_nodes(),
        apple_orange,
        relu_and_sigmoid(),
        affine(),
        softmax_with_loss(),
        two_layer_net(network, x, t),
    ]
}
