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
//! - **Zero skipping.** About 80% of MNIST's pixels and 30–45% of ReLU's outputs (and so of
//!   their gradients) are exactly 0, and `0 · w` adds nothing: where `a` has many zeros, each row
//!   passes over its own.
//! - **Known zeros.** Finding a row's nonzero places costs about as much as using them, so a
//!   matrix may carry them ([`Nonzeros`]): MNIST's are found once, in the images' bytes
//!   ([`NonzeroBytes`]), and a batch's are copied from there, then used by each product of the
//!   batch (`x·W1`, twice a step, and the accuracy passes' blocks); `x.T` carries its own
//!   ([`transpose`]), for `xᵀ·dout1`. Each use first checks them against the entries (one pass
//!   counting the nonzeros), so they are a hint that can only make a product faster, never wrong:
//!   a matrix changed through its public `data` is still right.
//! - **Cores.** A product of at least [`SPLIT_WORK`] multiply-adds (1000 images · W1) is split
//!   by rows over the machine's cores with scoped threads; a row's result does not depend on
//!   which thread computes it. The products of one training step are far smaller, and on this
//!   machine a second core pays little for them: starting a scoped thread takes 28–67 µs, and a
//!   thread kept waiting (spinning, 0.1–0.3 µs to hand over) must be given copies, since safe
//!   Rust lends it nothing. Measured that way, with each side first writing the lines it is handed
//!   (a core writing 313 KB that the other core has only read took 35–140 µs, 7 µs once the
//!   other core had written them): dout1·W1ᵀ 146 → 123 µs, `make train` 6.90 → 6.79 s; x·W1 and
//!   xᵀ·dout1 would spend about as long on the copies as they save. Not kept: 1.5% for a thread
//!   spinning on the second core all through training. An accuracy pass in blocks of 200 images
//!   on one core measured faster than in blocks of 1000 over two.
//!
//! No `unsafe` and no intrinsics: portable Rust that the compiler vectorises.

use std::sync::Arc;
use std::thread;

/// Rows of the output computed together.
const R: usize = 4;

/// Products with at least this many multiply-adds (`n · k · m`) are split over the cores.
pub const SPLIT_WORK: usize = 8_000_000;

/// Where a matrix's nonzero entries are, row by row: what a `Matrix` may know about its own
/// zeros. Each row is kept in pieces of [`PIECE`] columns, which is how [`rows_times`] goes
/// through `b`.
#[derive(Debug)]
pub struct Nonzeros {
    /// The column of each nonzero entry, row after row, in order.
    cols: Vec<u32>,
    /// Where each piece of each row starts in `cols`, and (last) where the last one ends: piece
    /// `c` of row `i` is `cols[starts[i * pieces + c]..starts[i * pieces + c + 1]]`.
    starts: Vec<usize>,
    /// The columns of the matrix, and the pieces of a row: `k` over [`PIECE`], rounded up
    /// (at least 1).
    k: usize,
    pieces: usize,
}

/// The columns of a piece of a [`Nonzeros`] row: 64 rows of W1 are 25 KB, which the first-level
/// cache keeps while every image of a batch uses them (see [`rows_times`]); 32 measured slower,
/// 128 no faster. At most 64: a piece's places are found from one 64-bit mask.
const PIECE: usize = 64;

impl Nonzeros {
    /// Ready for rows of `k` columns (a column is a `u32`: a row of 2^32 `f64` would be 32 GB).
    fn new(k: usize, capacity: usize) -> Nonzeros {
        assert!(u32::try_from(k).is_ok(), "Nonzeros: rows of {k} columns");
        Nonzeros { cols: Vec::with_capacity(capacity), starts: Vec::new(), k, pieces: k.div_ceil(PIECE).max(1) }
    }

    /// Of the rows of `a`, each `k` long (`k` ≥ 1), searched 32 entries at a time: a mask of the
    /// nonzero ones, then only its set bits visited. A branch per entry ("is this pixel lit?")
    /// would be mispredicted so often that it would cost more than the work it saves; a run of
    /// 32 blank columns (MNIST's borders) is passed over at once.
    fn of(a: &[f64], k: usize) -> Nonzeros {
        let mut nonzeros = Nonzeros::new(k, a.len() / 4);
        for row in a.chunks_exact(k) {
            for (c, piece) in (0..nonzeros.pieces).map(|c| (c, &row[c * PIECE..((c + 1) * PIECE).min(k)])) {
                nonzeros.starts.push(nonzeros.cols.len());
                for (half, entries) in (0..).zip(piece.chunks(32)) {
                    let mut mask = 0u32;
                    for (bit, &x) in entries.iter().enumerate() {
                        mask |= ((x != 0.0) as u32) << bit;
                    }
                    each_place(mask.into(), (c * PIECE) as u32 + 32 * half, |q| nonzeros.cols.push(q));
                }
            }
        }
        nonzeros.starts.push(nonzeros.cols.len());
        nonzeros
    }

    /// The rows it lists.
    pub fn rows(&self) -> usize {
        (self.starts.len() - 1) / self.pieces
    }

    /// Piece `c` of row `i`'s nonzero columns.
    fn piece(&self, i: usize, c: usize) -> &[u32] {
        &self.cols[self.starts[i * self.pieces + c]..self.starts[i * self.pieces + c + 1]]
    }
}

/// What a `Matrix` knows of its zeros: nothing, or where its nonzero entries are, shared by its
/// copies (Affine keeps a copy of each batch: a second handle on the list, not a second list).
#[derive(Clone, Debug)]
pub enum KnownZeros {
    Unknown,
    Known(Arc<Nonzeros>),
}

impl KnownZeros {
    /// `Known` if there is something to know.
    pub fn of(nonzeros: Option<Nonzeros>) -> KnownZeros {
        nonzeros.map_or(KnownZeros::Unknown, |nonzeros| KnownZeros::Known(Arc::new(nonzeros)))
    }
}

/// `push(start + bit)` for each set bit of `mask`, in order.
fn each_place(mut mask: u64, start: u32, mut push: impl FnMut(u32)) {
    while mask != 0 {
        push(start + mask.trailing_zeros());
        mask &= mask - 1;
    }
}

/// Where the nonzero bytes of many rows of bytes are (MNIST's images), found once and kept small,
/// 2 bytes a place (21 MB for MNIST's 70000 images, beside their 55 MB of pixels): the
/// [`Nonzeros`] of a batch of them is then a copy of their places, not a search of its `f64`s
/// (measured: searching a batch of 100 took about 40 µs, the product x·W1 that uses them 60).
#[derive(Clone, Debug)]
pub struct NonzeroBytes {
    /// The column of each nonzero byte, row after row, in order.
    cols: Vec<u16>,
    /// Where each row's places start in `cols`, and (last) where the last row's end.
    starts: Vec<usize>,
    /// How many places each piece of each row has: `counts[r * pieces + c]` (at most [`PIECE`]).
    counts: Vec<u8>,
    /// The columns of a row, and the pieces of a row (see [`Nonzeros`]).
    k: usize,
    pieces: usize,
}

impl NonzeroBytes {
    /// Of `bytes`, rows of `k` (1 to 65536) columns.
    pub fn of(bytes: &[u8], k: usize) -> Option<NonzeroBytes> {
        if !(1..=1 << 16).contains(&k) {
            return None; // no columns, or more than 2 bytes hold
        }
        let pieces = k.div_ceil(PIECE);
        let mut places = NonzeroBytes { cols: Vec::new(), starts: vec![0], counts: Vec::new(), k, pieces };
        for row in bytes.chunks_exact(k) {
            for (c, piece) in row.chunks(PIECE).enumerate() {
                let mut mask = 0u64; // a piece is at most 64 columns
                for (bit, &byte) in piece.iter().enumerate() {
                    mask |= ((byte != 0) as u64) << bit;
                }
                places.counts.push(mask.count_ones() as u8);
                // Each place is below k, so at most 65535.
                each_place(mask, (c * PIECE) as u32, |q| places.cols.push(q as u16));
            }
            places.starts.push(places.cols.len());
        }
        Some(places)
    }

    /// The [`Nonzeros`] of a matrix of these `rows` in this order; `None` if one of them is past
    /// the rows found.
    pub fn of_rows(&self, rows: impl ExactSizeIterator<Item = usize> + Clone) -> Option<Nonzeros> {
        let count = rows.clone().try_fold(0, |count, r| Some(count + self.starts.get(r + 1)? - self.starts[r]))?;
        let mut nonzeros = Nonzeros::new(self.k, count);
        nonzeros.starts.reserve(rows.len() * self.pieces + 1);
        for r in rows {
            let mut at = nonzeros.cols.len();
            for &count in &self.counts[r * self.pieces..(r + 1) * self.pieces] {
                nonzeros.starts.push(at);
                at += usize::from(count);
            }
            nonzeros.cols.extend(self.cols[self.starts[r]..self.starts[r + 1]].iter().map(|&q| u32::from(q)));
        }
        nonzeros.starts.push(nonzeros.cols.len());
        Some(nonzeros)
    }
}

/// How many entries of `a` are not 0.0.
fn count_nonzero(a: &[f64]) -> usize {
    a.iter().filter(|&&x| x != 0.0).count()
}

/// Whether multiplying row by row, each row over its own nonzero places, does less work than
/// tiles, for `nonzero` entries among `entries` of `a` and `m` columns of output. A tile does all
/// its rows at every place. Where most entries are 0 (MNIST images, 81%), or a fifth of them and
/// the product is wide (dout1·W1ᵀ: ReLU's zeros, 31% after 1000 iterations, 42% at the end, and
/// 784 columns), one row at a time, skipping exactly its own zeros, does less (measured: x·W1
/// about 25% faster; dout1·W1ᵀ at 27% zeros 205–219 µs against 279–315 µs fastest; for 10
/// columns tiles stay faster).
fn rows_pay(nonzero: usize, entries: usize, m: usize) -> bool {
    let zeros = entries - nonzero;
    zeros * 2 > entries || (zeros * 5 >= entries && m >= WIDEST)
}

/// `out = a · b` for `a` (n, k) and `b` (k, m), row-major; `out` (n, m) must be all zeros (rows
/// of `a` that are all zeros leave theirs as they are). `known` may list `a`'s nonzeros: used if
/// it still fits `a` (every nonzero entry listed), which the product checks as it goes.
pub fn dot(a: &[f64], known: &KnownZeros, b: &[f64], n: usize, k: usize, m: usize, out: &mut [f64]) {
    if n * k * m < SPLIT_WORK || n < 2 * R || cores() < 2 {
        match known {
            KnownZeros::Known(known) if known.rows() == n && known.k == k && rows_pay(known.cols.len(), n * k, m) => {
                // The nonzero entries the product met at the places listed, against all of
                // `a`'s: equal, the list holds them all (it holds each place of `a` at most once).
                if rows_times(a, known, b, k, m, out) == count_nonzero(a) {
                    return;
                }
                out.fill(0.0); // `a` was changed after its nonzeros were found: done again without
            }
            _ => {}
        }
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
/// rows, or, where many entries of `a` are zeros ([`rows_pay`]), every row on its own.
fn dot_rows(a: &[f64], b: &[f64], k: usize, m: usize, out: &mut [f64]) {
    if k == 0 {
        return; // every sum is empty: `out` is its zeros already
    }
    let n = a.len() / k;
    // Judged on about 256 entries spread over `a`: the choice changes only the speed, never the
    // result. (Every 8th entry would read every cache line of `a`: measured, 3% of `make train`.)
    let step = (a.len() / 256).max(1);
    let sampled = a.iter().step_by(step);
    if rows_pay(sampled.clone().filter(|&&x| x != 0.0).count(), sampled.len(), m) {
        rows_times(a, &Nonzeros::of(a, k), b, k, m, out);
        return;
    }
    let mut i = 0;
    while i + R <= n {
        tile_times(&a[i * k..(i + R) * k], b, k, m, &mut out[i * m..(i + R) * m]);
        i += R;
    }
    let rest = &a[i * k..];
    rows_times(rest, &Nonzeros::of(rest, k), b, k, m, &mut out[i * m..]);
}

/// The widest block of columns one row works on at once: as many sums as 12 of the 16 vector
/// registers hold without spilling, 24 with 2 `f64` a register (the baseline x86-64), 48 with 4
/// (AVX); with AVX-512's 32 registers of 8, 64 in 8 of them (its block of W1ᵀ, 25 KB, still
/// fits the first-level cache: measured, dout1·W1ᵀ 169–172 µs against 178–183 with 48).
/// `make` builds with `-C target-cpu=native`, for what the machine has.
const WIDEST: usize = if cfg!(target_feature = "avx512f") {
    64
} else if AVX {
    48
} else {
    24
};

/// Each row of `a` (n, k) times `b` (k, m), into its row of `out`, each entry summed over the
/// places `nonzeros` lists for the row, in order. Returns how many of the entries it met there
/// are not `0.0` (what [`dot`] checks a carried [`Nonzeros`] by). Two kinds of blocks keep the
/// part of `b` in use in the first-level cache while every row uses it:
///
/// - **Columns.** [`WIDEST`] at a time, then narrower ones for what is left of `m`, so that no
///   column is done twice. A vector read that straddles two cache lines costs about twice one
///   that does not (measured: dout1·W1ᵀ 146 µs from blocks on line starts, 205 µs 8 or 16 bytes
///   off), and where a matrix starts is up to the allocator. Where the rows of `b` all start at
///   the same place in a line (`m` a multiple of 8, W1ᵀ's 784), the blocks start where its lines
///   do, after a narrow first one; else, where `b` is wider than one block, each block's columns
///   are first copied onto line starts ([`on_line_starts`]).
/// - **Rows of `b`.** A [`PIECE`] at a time: 64 rows of W1 (25 KB of its 313 KB) are used by
///   all the images before the next 64, the sums kept in `out` in between. Each sum still goes
///   over `p` in order, so the result is the same (measured: x·W1's multiplications 57 µs against
///   62 µs with W1 read whole by each image, medians).
fn rows_times(a: &[f64], nonzeros: &Nonzeros, b: &[f64], k: usize, m: usize, out: &mut [f64]) -> usize {
    let n = nonzeros.rows();
    if n == 0 {
        return 0; // a tile path's leftover of no rows: nothing to copy `b` for
    }
    let (mut copy, mut met) = (Vec::new(), 0);
    // The columns before the first line start (the same in every row of `b`, when `aligned`).
    let aligned = m % 8 == 0 && m > WIDEST;
    let lead = if aligned { (64 - b.as_ptr() as usize % 64) % 64 / 8 } else { 0 };
    for (j, cols) in blocks(lead).chain(blocks(m - lead).map(|(j, cols)| (lead + j, cols))) {
        // Fewer rows than a tile (a tile path's leftover) would read the block fewer times than
        // the copy writes it: they read `b` where it is.
        let (b_part, stride, j_part) = if cols < m && n >= R && !aligned {
            let (copy, stride) = on_line_starts(b, k, m, j, cols, &mut copy);
            (copy, stride, 0)
        } else {
            (b, m, j)
        };
        for piece in 0..nonzeros.pieces {
            for i in 0..n {
                let out = &mut out[i * m + j..i * m + j + cols];
                let row_met =
                    row_block(cols, nonzeros.piece(i, piece), piece == 0, &a[i * k..(i + 1) * k], b_part, stride, j_part, out);
                if j == 0 {
                    met += row_met;
                }
            }
        }
    }
    met
}

/// Columns `j..j + cols` of `b` (k, m), copied into `copy` row after row, each row padded to a
/// multiple of 8 `f64` and so starting a 64-byte cache line (see [`rows_times`]); returns the copy
/// and its row length.
fn on_line_starts<'c>(b: &[f64], k: usize, m: usize, j: usize, cols: usize, copy: &'c mut Vec<f64>) -> (&'c [f64], usize) {
    let stride = cols.next_multiple_of(8);
    copy.clear();
    copy.reserve(k * stride + 7); // all at once: the copy must not move once aligned
    let skip = (64 - copy.as_ptr() as usize % 64) % 64 / 8;
    copy.resize(skip, 0.0);
    for q in 0..k {
        copy.extend_from_slice(&b[q * m + j..q * m + j + cols]);
        copy.resize(copy.len() + stride - cols, 0.0);
    }
    (&copy[skip..], stride)
}

/// The blocks of columns `(first column, width)` that `m` columns are done in: the widest that
/// fits what is left, so that no column is done twice.
fn blocks(m: usize) -> impl Iterator<Item = (usize, usize)> {
    let mut j = 0;
    std::iter::from_fn(move || {
        let cols = match m - j {
            0 => return None,
            // The notes' hidden layer, 50 wide: all its sums at once (12 AVX registers and a
            // half), so that each nonzero place is visited once, not once more for the last 2.
            50 if AVX => 50,
            left if left >= WIDEST => WIDEST,
            48.. if AVX => 48,
            24.. => 24,
            16.. => 16,
            8.. => 8,
            4.. => 4,
            2.. => 2,
            _ => 1,
        };
        j += cols;
        Some((j - cols, cols))
    })
}

/// Columns `j..j + cols` of one row's product, `cols` one of [`blocks`]' widths, added to `out`
/// (those `cols` entries), as [`row_cols`] does; returns what it does.
#[inline(always)]
fn row_block(cols: usize, p: &[u32], first: bool, row: &[f64], b: &[f64], m: usize, j: usize, out: &mut [f64]) -> usize {
    match cols {
        50 => row_cols::<50>(p, first, row, b, m, j, out),
        64 => row_cols::<64>(p, first, row, b, m, j, out),
        48 => row_cols::<48>(p, first, row, b, m, j, out),
        24 => row_cols::<24>(p, first, row, b, m, j, out),
        16 => row_cols::<16>(p, first, row, b, m, j, out),
        8 => row_cols::<8>(p, first, row, b, m, j, out),
        4 => row_cols::<4>(p, first, row, b, m, j, out),
        2 => row_cols::<2>(p, first, row, b, m, j, out),
        _ => row_cols::<1>(p, first, row, b, m, j, out),
    }
}

/// Columns `j..j + COLS` of one row's product: `out` (those `COLS` entries; 0.0, not read, for
/// the `first` piece of a row: `dot`'s `out` starts as zeros) plus the sum over the row's places
/// `p`, in order. Returns how many of the row's entries there are not `0.0`.
#[inline(always)]
fn row_cols<const COLS: usize>(p: &[u32], first: bool, row: &[f64], b: &[f64], m: usize, j: usize, out: &mut [f64]) -> usize {
    if p.is_empty() {
        return 0; // nothing to add
    }
    let out: &mut [f64; COLS] = (&mut out[..COLS]).try_into().expect("a whole block");
    // The first piece's sums start from 0.0, what `out` holds then, without reading it.
    let (mut acc, mut met) = (if first { [0.0; COLS] } else { *out }, 0);
    for &p in p {
        let (a, at) = (row[p as usize], p as usize * m + j);
        met += (a != 0.0) as usize;
        let b_row: &[f64; COLS] = b[at..at + COLS].try_into().expect("a whole block");
        for c in 0..COLS {
            acc[c] += a * b_row[c];
        }
    }
    *out = acc;
    met
}

/// Whether the compiler may use AVX (4 `f64` a register): `make` builds with
/// `-C target-cpu=native`, which has it here; plain `cargo build` targets the baseline (2).
const AVX: bool = cfg!(target_feature = "avx");

/// `R` rows of `a` (each `k` long) times `b` (k, m), into their `R` rows of `out`, a block of
/// columns at a time: 8 columns for the 4 rows with AVX (4 without), the notes' 10 classes in one
/// block. Each entry is summed over every `p` in order, zeros included, as the plain loop does:
/// where a tile pays (a left side with few zeros, [`rows_pay`]), its rows are seldom all zero at
/// the same `p` (ReLU's zeros fall in different places in each row), and looking for such places
/// cost more than it saved (measured: h·W2 3.6 µs against 7.0 µs).
fn tile_times(a: &[f64], b: &[f64], k: usize, m: usize, out: &mut [f64]) {
    let mut j = 0;
    while j < m {
        j += match m - j {
            10 if AVX => tile_block::<10>(a, b, k, m, j, out),
            8.. if AVX => tile_block::<8>(a, b, k, m, j, out),
            4.. => tile_block::<4>(a, b, k, m, j, out),
            2.. => tile_block::<2>(a, b, k, m, j, out),
            _ => tile_block::<1>(a, b, k, m, j, out),
        };
    }
}

/// Columns `j..j + COLS` of a tile's `R` rows, summed in registers; returns `COLS`, the columns
/// done.
#[inline(always)]
fn tile_block<const COLS: usize>(a: &[f64], b: &[f64], k: usize, m: usize, j: usize, out: &mut [f64]) -> usize {
    let mut acc = [[0.0f64; COLS]; R];
    for p in 0..k {
        let b_row: &[f64; COLS] = b[p * m + j..p * m + j + COLS].try_into().expect("a whole block");
        let a_p: [f64; R] = std::array::from_fn(|r| a[r * k + p]);
        for r in 0..R {
            for c in 0..COLS {
                acc[r][c] += a_p[r] * b_row[c];
            }
        }
    }
    for r in 0..R {
        out[r * m + j..r * m + j + COLS].copy_from_slice(&acc[r]);
    }
    COLS
}

/// `aᵀ` for `a` (n, m) into `out` (m, n), all zeros: where `known` lists `a`'s nonzero entries
/// (a batch of images, transposed for `xᵀ·dout1`), those are moved one by one and the places of
/// `aᵀ`'s nonzeros come with it ([`transposed`]); else every entry is moved ([`transpose_all`]).
/// Returns what the transpose knows of its zeros.
pub fn transpose(a: &[f64], known: &KnownZeros, n: usize, m: usize, out: &mut [f64]) -> KnownZeros {
    if let KnownZeros::Known(known) = known {
        if known.rows() == n && known.k == m && n > 0 && m > 0 {
            if let Some(places) = transposed(a, known, n, m, out) {
                return KnownZeros::Known(Arc::new(places));
            }
            out.fill(0.0); // `a` has nonzeros the list does not hold: done again without it
        }
    }
    transpose_all(a, n, m, out);
    KnownZeros::Unknown
}

/// `aᵀ` from `a`'s listed nonzero places alone, if they hold every entry of `a` whose bits are
/// not all 0 (`-0.0` too: a transpose is bit for bit), with the places of `aᵀ`'s nonzeros: row `p`
/// of `aᵀ` lists the rows `i` of `a` with a place at column `p`, `i` ascending. Measured on a
/// batch of 100 images: `x.T` 36 → 56 µs, and `xᵀ·dout1`, no longer searching `xᵀ`'s 627 KB for
/// its nonzeros, 108 → 69 µs.
fn transposed(a: &[f64], known: &Nonzeros, n: usize, m: usize, out: &mut [f64]) -> Option<Nonzeros> {
    let nonzero = a.iter().filter(|x| x.to_bits() != 0).count();
    let mut places = Nonzeros::new(n, known.cols.len());
    let pieces = places.pieces;
    // Bit `i % 64` of `masks[i / 64][p]`: row `i` of `a` has a listed place at column `p`.
    let mut masks = vec![vec![0u64; m]; pieces];
    for i in 0..n {
        let masks = &mut masks[i / PIECE];
        for &p in &known.cols[known.starts[i * known.pieces]..known.starts[(i + 1) * known.pieces]] {
            masks[p as usize] |= 1 << (i % PIECE);
        }
    }
    // Then `aᵀ` row by row, each entry gathered down its column of `a` (a column's cache lines
    // are the next 7 columns' too), and its places with it: written at `at`, not pushed (a
    // push keeps the length in memory, a chain of loads and stores through every place).
    let (mut met, mut at) = (0, 0);
    places.cols.resize(known.cols.len(), 0); // one place of `aᵀ` for each of `a`'s
    places.starts.reserve(m * pieces + 1);
    for (p, out_row) in out.chunks_exact_mut(n).enumerate() {
        for (c, masks) in masks.iter().enumerate() {
            places.starts.push(at);
            each_place(masks[p], (c * PIECE) as u32, |i| {
                let x = a[i as usize * m + p];
                out_row[i as usize] = x;
                met += (x.to_bits() != 0) as usize;
                places.cols[at] = i;
                at += 1;
            });
        }
    }
    places.starts.push(at);
    (met == nonzero).then_some(places)
}

/// `aᵀ` for `a` (n, m): (m, n), in 4 × 4 squares, each read as 4 pieces of rows and written as
/// 4 pieces of columns (the compiler swaps them around in registers); the edges one by one.
fn transpose_all(a: &[f64], n: usize, m: usize, out: &mut [f64]) {
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

/// Asks memory for the rows `indices` of `bytes` (rows of `cols`) all at once, and for their
/// `places` (the lines of [`NonzeroBytes`] that [`NonzeroBytes::of_rows`] copies), reading one
/// byte of every 64 (a cache line): rows picked at random (a mini-batch of MNIST) are rarely in
/// the caches, and copied one after the other each line would wait for memory in turn; these
/// reads depend on nothing but a row's start, so the processor sends them all out together
/// (measured: `select_rows` of 100 images 78–90 µs before, 47–62 µs after; copying their places
/// 36–38 µs before they were asked for here too, 8–9 µs after). Changes nothing but the speed.
pub fn ask_for_rows(bytes: &[u8], cols: usize, places: Option<&NonzeroBytes>, indices: &[usize]) {
    let mut any = 0u64;
    for &row in indices {
        for at in (row * cols..(row + 1) * cols).step_by(64) {
            any |= u64::from(bytes[at]);
        }
    }
    if let Some(places) = places {
        for &row in indices.iter().filter(|&&row| row < places.starts.len() - 1) {
            any |= u64::from(places.counts[row * places.pieces]);
            for at in (places.starts[row]..places.starts[row + 1]).step_by(32) {
                any |= u64::from(places.cols[at]);
            }
        }
    }
    std::hint::black_box(any); // kept: else the compiler would skip reads whose value is unused
}
