//! The book's `common/gradient.py` (chapter 4): `numerical_gradient(f, x)`, the gradient of `f`
//! at `x` by central differences, and the same for one parameter of a network, which is how
//! `TwoLayerNet::numerical_gradient` calls it, once per parameter.
//!
//! `∂f/∂x[i] ≈ (f(x + h·e_i) - f(x - h·e_i)) / 2h` with `h = 1e-4`, one entry at a time, and
//! every entry put back exactly as it was.

use crate::matrix::Matrix;
use crate::parallel;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The step `h` of the central difference: 1e-4, as in the book (much smaller and the
/// subtraction `f(x+h) - f(x-h)` loses its digits to rounding).
pub const NUMERICAL_H: f64 = 1e-4;

/// The notes' `numerical_gradient(f, x)`: the gradient of `f` at `x`, entry by entry.
pub fn numerical_gradient(mut f: impl FnMut(&Matrix) -> f64, x: &mut Matrix) -> Matrix {
    let h = NUMERICAL_H;
    let mut grad = Matrix::zeros(x.rows, x.cols);
    for idx in 0..x.data.len() {
        let tmp_val = x.data[idx];
        x.data[idx] = tmp_val + h;
        let fxh1 = f(x); // f(x+h)
        x.data[idx] = tmp_val - h;
        let fxh2 = f(x); // f(x-h)
        grad.data[idx] = (fxh1 - fxh2) / (2.0 * h);
        x.data[idx] = tmp_val; // restore
    }
    grad
}

/// A network whose parameters can be reached by the notes' keys, as `params['W1']` reaches them.
pub trait Params: Clone + Send + Sync {
    /// The parameter called `key` (`"W1"`, `"b1"`, …).
    fn param(&self, key: &str) -> &Matrix;
    /// The same, to change it.
    fn param_mut(&mut self, key: &str) -> &mut Matrix;
}

/// `numerical_gradient(loss_W, self.params[key])` for a parameter inside `network`: the same
/// central differences, with `f` handed the whole network in which one entry of `key` is nudged.
///
/// Where Rust differs from the notes: `lambda W: self.loss(x, t)` ignores `W` and works only
/// because `params['W1']` and `Affine1.W` are one shared numpy array. In Rust one owner holds the
/// weights, so `f` gets the network itself, with the entry already changed.
///
/// Beyond the notes: the entries are split over the cores, each thread nudging its own copy of
/// the network (the result is the same as one thread's), and each finished entry is counted
/// for [`reporting_progress`].
pub fn numerical_gradient_in<N: Params>(f: impl Fn(&mut N) -> f64 + Sync, network: &N, key: &str) -> Matrix {
    let h = NUMERICAL_H;
    let (rows, cols) = network.param(key).shape();
    let len = rows * cols;
    let progress = PROGRESS.with(|p| p.borrow().clone());
    // Every entry costs two whole forward passes: always worth the cores.
    let parts = parallel::map_ranges(len, usize::MAX, |range| {
        let mut net = network.clone();
        let mut grad = Vec::with_capacity(range.len());
        for idx in range {
            let tmp_val = net.param_mut(key).data[idx];
            net.param_mut(key).data[idx] = tmp_val + h;
            let fxh1 = f(&mut net); // f(x+h)
            net.param_mut(key).data[idx] = tmp_val - h;
            let fxh2 = f(&mut net); // f(x-h)
            grad.push((fxh1 - fxh2) / (2.0 * h));
            net.param_mut(key).data[idx] = tmp_val; // restore
            if let Some(p) = &progress {
                p.entry_done();
            }
        }
        grad
    });
    Matrix::from_vec(rows, cols, parts.concat())
}

/// A count of finished entries, reported as `(done, total)`.
struct Progress {
    done: AtomicUsize,
    total: usize,
    report: Arc<dyn Fn(usize, usize) + Send + Sync>,
}

impl Progress {
    fn entry_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.report)(done, self.total);
    }
}

thread_local! {
    /// The progress every numerical gradient started on this thread reports to, if any.
    static PROGRESS: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Runs `f`; every entry that a [`numerical_gradient_in`] inside it finishes calls
/// `report(done, total)` (from worker threads: keep it quick, and rate-limit any printing).
/// `total` is how many entries `f` will do in all, e.g. every parameter of the network.
/// Training uses it to show how far one numerical gradient, many seconds long, has got.
pub fn reporting_progress<R>(total: usize, report: Arc<dyn Fn(usize, usize) + Send + Sync>, f: impl FnOnce() -> R) -> R {
    let progress = Arc::new(Progress { done: AtomicUsize::new(0), total, report });
    let previous = PROGRESS.with(|p| p.replace(Some(progress)));
    let result = f();
    PROGRESS.with(|p| p.replace(previous));
    result
}
