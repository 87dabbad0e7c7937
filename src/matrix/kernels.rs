//! How [`Matrix::dot`](super::Matrix::dot) is fast: the project's numpy, below the `Matrix` line.
//! The chapter's code never sees this file; every result equals the plain loop's
//!
//! ```text
//! for i in 0..n { for p in 0..k { for j in 0..m { out[i][j] += a[i][p] * b[p][j] } } }
//! ```
//!
//! bit for bit (but for the sign of a zero), because each `out[i][j]` is still the sum of
//! `a[i][p] * b[p][j]` for `p = 0, 1, 2, …` in that order, from 0.0. What changes is only which
//! sums are worked on at the same time:
//!
//! - **Register tiles.** `R` rows × `C` columns of the output are added up together in a small
//!   array the compiler keeps in vector registers (`[[f64; C]; R]`): each row `p` of `b` is loaded
//!   once for `R` rows of `a`, and each `a[i][p]` once for `C` columns.
//! - **Zero skipping.** About 80% of MNIST's pixels and many ReLU outputs are exactly 0, and
//!   `0 · w` adds nothing: the `p` at which all `R` rows of the tile are 0 are passed over.
//! - **Cores.** A product of at least [`SPLIT_WORK`] multiply-adds (1000 images · W1) is split
//!   by rows over the machine's cores with scoped threads; a row's result does not depend on
//!   which thread computes it. The products of one training step are far smaller: starting a
//!   thread (about 70 µs here) would cost more than it saves; and an accuracy pass in blocks of
//!   200 images on one core measured faster than in blocks of 1000 over two.
//!
//! No `unsafe` and no intrinsics: portable Rust that the compiler vectorises.

use std::thread;

/// Rows of the output computed together.
const R: usize = 4;

/// Products with at least this many multiply-adds (`n · k · m`) are split over the cores.
pub const SPLIT_WORK: usize = 8_000_000;

/// `out = a · b` for `a` (n, k) and `b` (k, m), row-major; `out` (n, m) must be all zeros (rows
/// of `a` that are all zeros leave theirs as they are).
pub fn dot(a: &[f64], b: &[f64], n: usize, k: usize, m: usize, out: &mut [f64]) {
    if n * k * m < SPLIT_WORK || n < 2 * R || cores() < 2 {
        return dot_rows(a, b, k, m, out);
    }
    let threads = cores();
    // Whole tiles of rows per thread, so that every row is computed as one thread would.
    let rows_per_thread = n.div_ceil(threads).div_ceil(R) * R;
    thread::scope(|s| {
        for (a_part, out_part) in a.chunks(rows_per_thread * k).zip(out.chunks_mut(rows_per_thread * m)) {
            s.spawn(move || dot_rows(a_part, b, k, m, out_part));
        }
    });
}

/// The machine's cores, asked once (the answer takes system calls: cgroup files are read).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| thread::available_parallelism().map_or(1, |t| t.get()))
}

/// The rows of `a` (each `k` long) times `b`, into the matching rows of `out`: in tiles of `R`
/// rows and the last rows one at a time, or, where `a` is mostly zeros, every row on its own.
fn dot_rows(a: &[f64], b: &[f64], k: usize, m: usize, out: &mut [f64]) {
    let n = a.len().checked_div(k).unwrap_or(0);
    let mut tile = Tile { p: Vec::with_capacity(k), a: Vec::with_capacity(k) };
    let mut nonzero = vec![0u32; k];
    // A tile does all its rows at each p where any of them is nonzero. Where most entries are
    // 0 (MNIST images, 81%) the rows' zeros are in different places, and one row at a time,
    // skipping exactly its own zeros, does less work (measured: x·W1 about 25% faster), and
    // reads each value from the row itself, where it is found.
    // (Judged on every 8th entry: the choice changes only the speed, never the result.)
    let sparse = a.iter().step_by(8).filter(|&&v| v == 0.0).count() * 2 > a.len().div_ceil(8);
    let mut i = 0;
    while i + R <= n && !sparse {
        tile.gather(&a[i * k..(i + R) * k], k);
        tile.times(b, m, &mut out[i * m..(i + R) * m]);
        i += R;
    }
    while i < n {
        let row = &a[i * k..(i + 1) * k];
        let count = nonzeros(row, &mut nonzero);
        row_times(&nonzero[..count], row, b, m, &mut out[i * m..(i + 1) * m]);
        i += 1;
    }
}

/// The places `p` where `row` is not zero, in order, into `p` (as long as `row`); returns how
/// many. Found 32 columns at a time: a mask of the nonzero columns, then only its set bits
/// visited. A branch per entry ("is this pixel lit?") would be mispredicted so often that it
/// would cost more than the work it saves; a run of 32 blank columns (MNIST's borders) is
/// passed over at once.
fn nonzeros(row: &[f64], p: &mut [u32]) -> usize {
    let mut count = 0;
    for (start, chunk) in (0..).step_by(32).zip(row.chunks(32)) {
        let mut mask = 0u32;
        for (bit, &x) in chunk.iter().enumerate() {
            mask |= ((x != 0.0) as u32) << bit;
        }
        while mask != 0 {
            p[count] = start + mask.trailing_zeros();
            count += 1;
            mask &= mask - 1;
        }
    }
    count
}

/// One row of `a` times `b` (k, m), into its row of `out`, a block of columns at a time: each
/// entry summed over the row's nonzero places `p`, in order. The widest block is as wide as 12
/// of the 16 vector registers hold its sums without spilling: 24 columns with 2 `f64` a
/// register (the baseline x86-64), 48 with 4 (AVX, `make`'s `-C target-cpu=native` here). What
/// is left of `m` goes in narrower blocks, so no column is done twice.
fn row_times(p: &[u32], row: &[f64], b: &[f64], m: usize, out: &mut [f64]) {
    if p.is_empty() {
        return; // all zeros: `out` is zeros already
    }
    let mut j = 0;
    while j < m {
        j += match m - j {
            // The notes' hidden layer, 50 wide: all its sums at once (12 AVX registers and a
            // half), so that each nonzero place is visited once, not once more for the last 2.
            50 if AVX => row_block::<50>(p, row, b, m, j, out),
            48.. if AVX => row_block::<48>(p, row, b, m, j, out),
            24.. => row_block::<24>(p, row, b, m, j, out),
            16.. => row_block::<16>(p, row, b, m, j, out),
            8.. => row_block::<8>(p, row, b, m, j, out),
            4.. => row_block::<4>(p, row, b, m, j, out),
            2.. => row_block::<2>(p, row, b, m, j, out),
            _ => row_block::<1>(p, row, b, m, j, out),
        };
    }
}

/// Columns `j..j + COLS` of one row's product; returns `COLS`, the columns done.
#[inline(always)]
fn row_block<const COLS: usize>(p: &[u32], row: &[f64], b: &[f64], m: usize, j: usize, out: &mut [f64]) -> usize {
    let mut acc = [0.0f64; COLS];
    for &p in p {
        let (a, at) = (row[p as usize], p as usize * m + j);
        let b_row: &[f64; COLS] = b[at..at + COLS].try_into().expect("a whole block");
        for c in 0..COLS {
            acc[c] += a * b_row[c];
        }
    }
    out[j..j + COLS].copy_from_slice(&acc);
    COLS
}

/// Whether the compiler may use AVX (4 `f64` a register): `make` builds with
/// `-C target-cpu=native`, which has it here; plain `cargo build` targets the baseline (2).
const AVX: bool = cfg!(target_feature = "avx");

/// `R` rows of the left matrix, kept as the `p` at which any of them is nonzero and, for each,
/// the rows' values there (side by side, so that the inner loop reads them in one go).
struct Tile {
    p: Vec<usize>,
    a: Vec<[f64; R]>,
}

impl Tile {
    /// The places where any of `rows` (`R` rows of `k`) is nonzero, found as [`nonzeros`] does.
    fn gather(&mut self, rows: &[f64], k: usize) {
        let row: [&[f64]; R] = std::array::from_fn(|r| &rows[r * k..(r + 1) * k]);
        self.p.clear();
        for start in (0..k).step_by(32) {
            let mut mask = 0u32;
            for p in start..(start + 32).min(k) {
                mask |= (row.iter().any(|row| row[p] != 0.0) as u32) << (p - start);
            }
            while mask != 0 {
                self.p.push(start + mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
        }
        self.a.clear();
        self.a.extend(self.p.iter().map(|&p| std::array::from_fn(|r| row[r][p])));
    }

    /// The tile times `b` (k, m), into its `R` rows of `out`, a block of columns at a time, as
    /// [`row_times`] does for one row: 4 columns for 4 rows at 2 `f64` a register, 8 with AVX.
    fn times(&self, b: &[f64], m: usize, out: &mut [f64]) {
        if self.p.is_empty() {
            return; // all zeros: `out` is zeros already
        }
        let mut j = 0;
        while j < m {
            j += match m - j {
                8.. if AVX => self.block::<8>(b, m, j, out),
                4.. => self.block::<4>(b, m, j, out),
                2.. => self.block::<2>(b, m, j, out),
                _ => self.block::<1>(b, m, j, out),
            };
        }
    }

    /// Columns `j..j + COLS` of the tile's rows: each entry summed over the nonzero `p` in order.
    /// Returns `COLS`, the columns done.
    #[inline(always)]
    fn block<const COLS: usize>(&self, b: &[f64], m: usize, j: usize, out: &mut [f64]) -> usize {
        let mut acc = [[0.0f64; COLS]; R];
        for (&p, a) in self.p.iter().zip(&self.a) {
            let b_row: &[f64; COLS] = b[p * m + j..p * m + j + COLS].try_into().expect("a whole block");
            for r in 0..R {
                for c in 0..COLS {
                    acc[r][c] += a[r] * b_row[c];
                }
            }
        }
        for r in 0..R {
            out[r * m + j..r * m + j + COLS].copy_from_slice(&acc[r]);
        }
        COLS
    }
}

/// `aᵀ` for `a` (n, m): (m, n), in 4 × 4 squares, each read as 4 pieces of rows and written as
/// 4 pieces of columns (the compiler swaps them around in registers); the edges one by one.
pub fn transpose(a: &[f64], n: usize, m: usize, out: &mut [f64]) {
    const S: usize = 4;
    let (n_squares, m_squares) = (n - n % S, m - m % S);
    for r0 in (0..n_squares).step_by(S) {
        for c0 in (0..m_squares).step_by(S) {
            let mut square = [[0.0f64; S]; S];
            for (r, a_row) in (r0..r0 + S).enumerate() {
                let piece: &[f64; S] = a[a_row * m + c0..a_row * m + c0 + S].try_into().expect("a whole square");
                for c in 0..S {
                    square[c][r] = piece[c];
                }
            }
            for (c, piece) in square.iter().enumerate() {
                out[(c0 + c) * n + r0..(c0 + c) * n + r0 + S].copy_from_slice(piece);
            }
        }
    }
    for r in 0..n {
        let first = if r < n_squares { m_squares } else { 0 };
        for c in first..m {
            out[c * n + r] = a[r * m + c];
        }
    }
}
