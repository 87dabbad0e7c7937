//! The numpy arrays of the notes (`np.dot`, `.T`, `np.sum(x, axis=0)`, `np.argmax(y, axis=1)`,
//! `x + b`): a minimal row-major `f64` matrix with exactly the operations chapter 5 uses.
//!
//! Shapes follow the notes: `N` is the batch size (rows), features are columns, and a bias `b`
//! (1-D in numpy) is a matrix of one row that [`Matrix::add_row`] broadcasts over every row.
//! A shape mismatch is a programmer error and panics with both shapes in the message.

use std::fmt;

// How the products are fast lives below this file, out of the chapter's sight.
mod kernels;
pub(crate) use kernels::ask_for_rows;
use kernels::KnownZeros;
pub(crate) use kernels::NonzeroBytes;
use kernels::Nonzeros;
pub use kernels::SPLIT_WORK;
use std::ops::{Index, IndexMut};

/// A dense `rows × cols` matrix of `f64`, stored row by row in one flat `Vec`
/// (entry `(r, c)` is `data[r * cols + c]`), like a C-contiguous numpy array.
pub struct Matrix {
    /// Number of rows (numpy's `shape[0]`; the batch size `N` for data).
    pub rows: usize,
    /// Number of columns (numpy's `shape[1]`).
    pub cols: usize,
    /// The `rows * cols` entries, row-major.
    pub data: Vec<f64>,
    /// Speed only, never part of the value: where the nonzero entries are, when this matrix was
    /// made knowing it (a batch of MNIST images: `Known`; else `Unknown`). `dot` checks it against
    /// `data` before each use, so a matrix changed through `data` is still computed right.
    known_zeros: KnownZeros,
}

impl Matrix {
    /// A `rows × cols` matrix of zeros (`np.zeros((rows, cols))`).
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix { rows, cols, data: vec![0.0; rows * cols], known_zeros: KnownZeros::Unknown }
    }

    /// A matrix over the given row-major data. Panics if `data.len() != rows * cols`.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Matrix {
        assert!(
            data.len() == rows * cols,
            "Matrix::from_vec: {} values do not fill shape ({rows}, {cols}) = {} entries",
            data.len(),
            rows * cols
        );
        Matrix { rows, cols, data, known_zeros: KnownZeros::Unknown }
    }

    /// This matrix, knowing where its nonzero entries are (the images of MNIST: [`NonzeroBytes`]).
    /// Speed only: see the `known_zeros` field.
    pub(crate) fn knowing(mut self, nonzeros: Option<Nonzeros>) -> Matrix {
        self.known_zeros = KnownZeros::of(nonzeros);
        self
    }

    /// A matrix written out row by row, for tests and small examples:
    /// `Matrix::from_rows([[1.0, 2.0], [3.0, 4.0]])`.
    pub fn from_rows<const C: usize, const R: usize>(rows: [[f64; C]; R]) -> Matrix {
        Matrix::from_vec(R, C, rows.iter().flatten().copied().collect())
    }

    /// The shape `(rows, cols)`, as numpy's `x.shape`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Row `r` as a slice.
    pub fn row(&self, r: usize) -> &[f64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// Row `r` as a mutable slice.
    pub fn row_mut(&mut self, r: usize) -> &mut [f64] {
        self.known_zeros = KnownZeros::Unknown;
        &mut self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// The rows picked by `indices`, in that order (`x[batch_mask]` in the notes).
    pub fn select_rows(&self, indices: &[usize]) -> Matrix {
        let mut out = Matrix::zeros(indices.len(), self.cols);
        for (dst, &src) in indices.iter().enumerate() {
            out.row_mut(dst).copy_from_slice(self.row(src));
        }
        out
    }

    /// Rows `start..end` as a new matrix (`x[start:end]`).
    pub fn slice_rows(&self, start: usize, end: usize) -> Matrix {
        assert!(start <= end && end <= self.rows, "slice_rows {start}..{end} of shape {:?}", self.shape());
        Matrix::from_vec(end - start, self.cols, self.data[start * self.cols..end * self.cols].to_vec())
    }

    /// Matrix product `self · other` (`np.dot(self, other)`): (n, k) · (k, m) → (n, m), the plain
    /// loop's result to the bit:
    ///
    /// ```text
    /// for i in 0..n { for p in 0..k { for j in 0..m { out[i][j] += self[i][p] * other[p][j] } } }
    /// ```
    ///
    /// Computed by `kernels::dot` (src/matrix/kernels.rs): register tiles, zeros skipped (and
    /// found once where they are known), large products over the cores, each `out[i][j]` still
    /// summed over `p` in order.
    pub fn dot(&self, other: &Matrix) -> Matrix {
        assert!(
            self.cols == other.rows,
            "dot: shapes {:?} and {:?} not aligned ({} != {})",
            self.shape(),
            other.shape(),
            self.cols,
            other.rows
        );
        let mut out = Matrix::zeros(self.rows, other.cols);
        kernels::dot(&self.data, &self.known_zeros, &other.data, self.rows, self.cols, other.cols, &mut out.data);
        out
    }

    /// `self · other` by the plain loop above, every multiply-add done, zeros too: what [`dot`]
    /// equals bit for bit, kept for the tests and `make bench` to compare it with.
    ///
    /// [`dot`]: Matrix::dot
    pub fn dot_plain(&self, other: &Matrix) -> Matrix {
        assert!(self.cols == other.rows, "dot_plain: shapes {:?} and {:?} not aligned", self.shape(), other.shape());
        let mut out = Matrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for p in 0..self.cols {
                for j in 0..other.cols {
                    out.data[i * other.cols + j] += self.data[i * self.cols + p] * other.data[p * other.cols + j];
                }
            }
        }
        out
    }

    /// The transpose (`x.T`): (n, m) → (m, n), `out[c][r] = self[r][c]`.
    pub fn transpose(&self) -> Matrix {
        let mut out = Matrix::zeros(self.cols, self.rows);
        out.known_zeros = kernels::transpose(&self.data, &self.known_zeros, self.rows, self.cols, &mut out.data);
        out
    }

    /// Sum over the rows, one total per column (`np.sum(x, axis=0)`): (n, m) → (1, m).
    pub fn sum_rows(&self) -> Matrix {
        let mut out = Matrix::zeros(1, self.cols);
        for r in 0..self.rows {
            for (o, &x) in out.data.iter_mut().zip(self.row(r)) {
                *o += x;
            }
        }
        out
    }

    /// The largest entry of each row, as a column (`np.max(x, axis=1, keepdims=True)`):
    /// (n, m) → (n, 1).
    pub fn max_of_each_row(&self) -> Matrix {
        let maxima = (0..self.rows).map(|r| self.row(r).iter().copied().fold(f64::NEG_INFINITY, f64::max));
        Matrix::from_vec(self.rows, 1, maxima.collect())
    }

    /// The sum of each row, left to right, as a column (`np.sum(x, axis=1, keepdims=True)`):
    /// (n, m) → (n, 1).
    pub fn sum_of_each_row(&self) -> Matrix {
        let sums = (0..self.rows).map(|r| self.row(r).iter().fold(0.0, |sum, &x| sum + x));
        Matrix::from_vec(self.rows, 1, sums.collect())
    }

    /// `f(x, c)` for every entry `x`, with `c` the entry of `column` (n, 1) in its row: numpy's
    /// broadcasting of a column over every column, as in `x - np.max(x, axis=1, keepdims=True)`.
    pub fn with_column(&self, column: &Matrix, f: impl Fn(f64, f64) -> f64) -> Matrix {
        assert!(
            column.shape() == (self.rows, 1),
            "with_column: cannot broadcast shape {:?} over shape {:?}",
            column.shape(),
            self.shape()
        );
        let mut data = Vec::with_capacity(self.data.len());
        for (r, &c) in column.data.iter().enumerate() {
            data.extend(self.row(r).iter().map(|&x| f(x, c)));
        }
        Matrix::from_vec(self.rows, self.cols, data)
    }

    /// Index of the largest entry of each row (`np.argmax(x, axis=1)`); the first one wins ties.
    pub fn argmax_rows(&self) -> Vec<usize> {
        (0..self.rows).map(|r| self.argmax_row(r)).collect()
    }

    /// Index of the largest entry of row `r`; the first one wins ties.
    pub fn argmax_row(&self, r: usize) -> usize {
        let row = self.row(r);
        let (mut best, mut largest) = (0, row.first().copied().unwrap_or(0.0)); // always row[best]
        for (c, &x) in row.iter().enumerate() {
            // Strictly greater: on a tie the earlier index stays, as in numpy. Chosen without a
            // branch: which score is largest is a coin toss for the processor's predictor.
            let greater = x > largest;
            best = if greater { c } else { best };
            largest = if greater { x } else { largest };
        }
        best
    }

    /// `self + b` where `b` is one row (1, m) added to every row of `self` (n, m): numpy's
    /// broadcasting of the bias in `np.dot(x, W) + b`.
    pub fn add_row(&mut self, b: &Matrix) {
        assert!(
            b.rows == 1 && b.cols == self.cols,
            "add_row: cannot broadcast shape {:?} over shape {:?}",
            b.shape(),
            self.shape()
        );
        for r in 0..self.rows {
            for (x, &bias) in self.row_mut(r).iter_mut().zip(&b.data) {
                *x += bias;
            }
        }
    }

    /// numpy's boolean-mask assignment `x[mask] = value`: every entry whose `mask` is true
    /// becomes `value` (`mask` has one flag per entry, row-major).
    pub fn set_masked(&mut self, mask: &[bool], value: f64) {
        assert!(mask.len() == self.data.len(), "set_masked: {} flags for shape {:?}", mask.len(), self.shape());
        self.known_zeros = KnownZeros::Unknown;
        for (x, &masked) in self.data.iter_mut().zip(mask) {
            // Every entry written, none branched on: ReLU's mask is true and false at random, and
            // a branch per entry, mispredicted about as often as not, cost more than the writes.
            *x = if masked { value } else { *x };
        }
    }

    /// A new matrix with `f` applied to every entry.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Matrix {
        Matrix::from_vec(self.rows, self.cols, self.data.iter().map(|&x| f(x)).collect())
    }

    /// A new matrix with `f(a, b)` for each pair of entries at the same place
    /// (numpy's element-wise `a * b`, `a - b`, …). Panics unless the shapes are equal.
    pub fn zip_map(&self, other: &Matrix, f: impl Fn(f64, f64) -> f64) -> Matrix {
        self.assert_same_shape(other, "zip_map");
        let data = self.data.iter().zip(&other.data).map(|(&a, &b)| f(a, b)).collect();
        Matrix::from_vec(self.rows, self.cols, data)
    }

    /// `self -= lr * grad`, the SGD step of the notes (`params[key] -= learning_rate * grad[key]`).
    pub fn sub_scaled(&mut self, lr: f64, grad: &Matrix) {
        self.assert_same_shape(grad, "sub_scaled");
        self.known_zeros = KnownZeros::Unknown;
        for (p, &g) in self.data.iter_mut().zip(&grad.data) {
            *p -= lr * g;
        }
    }

    /// Sum of all entries (`np.sum(x)`).
    pub fn sum(&self) -> f64 {
        self.data.iter().sum()
    }

    /// Panics with both shapes unless `self` and `other` have the same shape.
    #[track_caller]
    pub fn assert_same_shape(&self, other: &Matrix, what: &str) {
        assert!(self.shape() == other.shape(), "{what}: shapes {:?} and {:?} differ", self.shape(), other.shape());
    }

    /// A one-line description, e.g. `(2, 3) [0.1, -0.2, 0.3, 0.4, 0.5, …]`: the shape and the
    /// first values. Handy in code and tests (`println!("{}", dout.summary())`); in a debugger,
    /// `print *dout` shows the fields themselves.
    pub fn summary(&self) -> String {
        const SHOWN: usize = 6;
        let mut s = format!("({}, {}) [", self.rows, self.cols);
        for (i, x) in self.data.iter().take(SHOWN).enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("{x:.4}"));
        }
        if self.data.len() > SHOWN {
            s.push_str(", …");
        }
        s.push(']');
        s
    }
}

impl Clone for Matrix {
    fn clone(&self) -> Matrix {
        Matrix { rows: self.rows, cols: self.cols, data: self.data.clone(), known_zeros: self.known_zeros.clone() }
    }

    /// Copies into the existing buffer: `layer.x.clone_from(x)` in a training loop
    /// allocates only the first time.
    fn clone_from(&mut self, source: &Matrix) {
        self.rows = source.rows;
        self.cols = source.cols;
        self.data.clone_from(&source.data);
        self.known_zeros.clone_from(&source.known_zeros);
    }
}

/// Equal shapes and entries (`==` on each `f64`); what a matrix knows of its zeros is not compared.
impl PartialEq for Matrix {
    fn eq(&self, other: &Matrix) -> bool {
        self.shape() == other.shape() && self.data == other.data
    }
}

impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Matrix {}", self.summary())
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;
    fn index(&self, (r, c): (usize, usize)) -> &f64 {
        assert!(r < self.rows && c < self.cols, "index ({r}, {c}) out of shape {:?}", self.shape());
        &self.data[r * self.cols + c]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, (r, c): (usize, usize)) -> &mut f64 {
        assert!(r < self.rows && c < self.cols, "index ({r}, {c}) out of shape {:?}", self.shape());
        self.known_zeros = KnownZeros::Unknown;
        &mut self.data[r * self.cols + c]
    }
}
