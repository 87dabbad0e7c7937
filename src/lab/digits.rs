//! Looking at digits and predictions in the terminal and the browser: a 28×28 picture in
//! characters, the softmax probabilities as bars, the confusion matrix, and a grid of mistakes
//! as SVG.

use crate::mnist::{Images, CLASSES, IMAGE_SIDE};
use crate::two_layer_net::TwoLayerNet;
use std::fmt::Write;

/// The predicted digit of every image, as `TwoLayerNet::accuracy` finds them, on a copy of
/// `network` (whose layers it leaves untouched).
pub fn predicted_labels(network: &TwoLayerNet, x: &Images) -> Vec<usize> {
    network.clone().predicted_labels(x)
}

/// A 28×28 image (784 values in [0, 1], ink light) as 28 lines of characters graded by
/// intensity, two characters per pixel so the digit keeps its proportions.
pub fn ascii_digit(pixels: &[f64]) -> String {
    const SHADES: &[u8] = b" .:-=+*#%@";
    let mut out = String::new();
    for row in pixels.chunks(IMAGE_SIDE) {
        for &p in row {
            let shade = SHADES[((p.clamp(0.0, 1.0) * (SHADES.len() - 1) as f64).round()) as usize] as char;
            out.push(shade);
            out.push(shade);
        }
        out.push('\n');
    }
    out
}

/// The first row of `probabilities` (softmax output, one row per image) as a bar chart, one line
/// per digit, the predicted one marked.
pub fn probability_bars(probabilities: &crate::Matrix) -> String {
    const WIDTH: f64 = 40.0;
    let best = probabilities.argmax_row(0);
    let mut out = String::new();
    for (digit, &p) in probabilities.row(0).iter().enumerate() {
        let bar = "█".repeat((p * WIDTH).round() as usize);
        let mark = if digit == best { " <" } else { "" };
        let _ = writeln!(out, "  {digit} {p:>7.4} {bar}{mark}");
    }
    out
}

/// Counts of (true digit, predicted digit) pairs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfusionMatrix {
    /// `counts[true][predicted]`.
    pub counts: [[usize; CLASSES]; CLASSES],
}

impl ConfusionMatrix {
    /// The matrix of `truth` against `predicted`, pair by pair.
    pub fn new(truth: &[usize], predicted: &[usize]) -> ConfusionMatrix {
        let mut m = ConfusionMatrix::default();
        for (&t, &p) in truth.iter().zip(predicted) {
            m.counts[t][p] += 1;
        }
        m
    }

    /// How many pairs in all.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// For each true digit, the fraction predicted correctly (NaN if the digit never occurs).
    /// Each digit's accuracy, `None` for a digit the images do not hold.
    pub fn per_digit_accuracy(&self) -> [Option<f64>; CLASSES] {
        std::array::from_fn(|d| {
            let count = self.counts[d].iter().sum::<usize>();
            (count > 0).then(|| self.counts[d][d] as f64 / count as f64)
        })
    }

    /// The table: rows are the true digit, columns the prediction, then each digit's accuracy.
    pub fn table(&self) -> String {
        let mut out = String::from("true \\ predicted");
        for d in 0..CLASSES {
            let _ = write!(out, "{d:>6}");
        }
        out.push_str("   accuracy\n");
        let accuracy = self.per_digit_accuracy();
        for (t, row) in self.counts.iter().enumerate() {
            let _ = write!(out, "{t:>16}");
            for &c in row {
                let _ = write!(out, "{c:>6}");
            }
            match accuracy[t] {
                Some(a) => drop(writeln!(out, "   {a:.4}")),
                None => drop(writeln!(out, "   -  (no image of this digit)")),
            }
        }
        out
    }
}

/// One misclassified image: its pixels (784 in [0, 1]), true and predicted digit, confidence.
#[derive(Clone, Debug)]
pub struct Mistake {
    pub index: usize,
    pub pixels: Vec<f64>,
    pub truth: usize,
    pub predicted: usize,
    pub confidence: f64,
}

/// A grid of misclassified digits, each with "true → predicted" under it, as an SVG document.
pub fn mistakes_svg(mistakes: &[Mistake]) -> String {
    const COLS: usize = 10;
    const PIXEL: usize = 3;
    const CELL_W: usize = IMAGE_SIDE * PIXEL + 12;
    const CELL_H: usize = IMAGE_SIDE * PIXEL + 34;
    let rows = mistakes.len().div_ceil(COLS).max(1);
    // As many columns as there are digits (up to COLS), and room for the title.
    let cols = mistakes.len().clamp(1, COLS);
    let (width, height) = ((cols * CELL_W + 12).max(460), rows * CELL_H + 40);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{width}" height="{height}" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="12" y="24" font-weight="bold">misclassified test digits: true → predicted (confidence)</text>"#
    );
    for (k, m) in mistakes.iter().enumerate() {
        let (left, top) = (12 + (k % COLS) * CELL_W, 40 + (k / COLS) * CELL_H);
        let _ = writeln!(svg, r#"<g id="mistake-{}">"#, m.index);
        let side = IMAGE_SIDE * PIXEL;
        let _ = writeln!(svg, r#"<rect x="{left}" y="{top}" width="{side}" height="{side}" fill="black"/>"#);
        for (i, &p) in m.pixels.iter().enumerate().filter(|(_, &p)| p > 0.0) {
            let (x, y) = (left + (i % IMAGE_SIDE) * PIXEL, top + (i / IMAGE_SIDE) * PIXEL);
            let grey = (p.clamp(0.0, 1.0) * 255.0).round() as u8;
            let _ = writeln!(svg, r#"<rect x="{x}" y="{y}" width="{PIXEL}" height="{PIXEL}" fill="rgb({grey},{grey},{grey})"/>"#);
        }
        let _ = writeln!(
            svg,
            r#"<text x="{left}" y="{}">{} → {} ({:.2})</text>"#,
            top + side + 16,
            m.truth,
            m.predicted,
            m.confidence
        );
        let _ = writeln!(svg, "</g>");
    }
    let _ = writeln!(svg, "</svg>");
    svg
}
