//! Matrix: hand-worked values for every operation the layers use, and the shape-mismatch panics.

use backprop::Matrix;

#[test]
fn dot_of_a_2x3_and_a_3x2_by_hand() {
    let a = Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let b = Matrix::from_rows([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]);
    // [1·7 + 2·9 + 3·11, 1·8 + 2·10 + 3·12] = [58, 64]; [4·7 + 5·9 + 6·11, …] = [139, 154]
    assert_eq!(a.dot(&b), Matrix::from_rows([[58.0, 64.0], [139.0, 154.0]]));
}

#[test]
fn dot_skipping_zeros_gives_the_dense_result() {
    // Zeros in the left matrix are skipped; the result must be that of the full sum.
    let a = Matrix::from_rows([[0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [1.5, 0.0, -3.0]]);
    let b = Matrix::from_rows([[1.0, -1.0], [2.0, 0.5], [4.0, 3.0]]);
    assert_eq!(a.dot(&b), Matrix::from_rows([[4.0, 1.0], [0.0, 0.0], [-10.5, -10.5]]));
}

#[test]
fn transpose_swaps_rows_and_columns() {
    let a = Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    assert_eq!(a.transpose(), Matrix::from_rows([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]));
    assert_eq!(a.transpose().transpose(), a);
}

#[test]
fn sum_rows_is_numpy_sum_axis_0() {
    let a = Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    assert_eq!(a.sum_rows(), Matrix::from_rows([[5.0, 7.0, 9.0]]));
}

#[test]
fn argmax_takes_the_first_of_equal_maxima() {
    let a = Matrix::from_rows([[0.1, 0.7, 0.7], [0.5, 0.5, 0.5], [-3.0, -2.0, -2.5]]);
    assert_eq!(a.argmax_rows(), vec![1, 0, 1]);
}

#[test]
fn add_row_broadcasts_a_bias_over_every_row() {
    let mut a = Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    a.add_row(&Matrix::from_rows([[10.0, 20.0, 30.0]]));
    assert_eq!(a, Matrix::from_rows([[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]));
}

#[test]
fn select_rows_and_sub_scaled() {
    let a = Matrix::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    assert_eq!(a.select_rows(&[2, 0, 2]), Matrix::from_rows([[5.0, 6.0], [1.0, 2.0], [5.0, 6.0]]));
    let mut w = Matrix::from_rows([[1.0, 1.0]]);
    w.sub_scaled(0.5, &Matrix::from_rows([[2.0, -4.0]]));
    assert_eq!(w, Matrix::from_rows([[0.0, 3.0]]));
}

#[test]
fn debug_shows_the_shape_and_the_first_values() {
    let a = Matrix::from_rows([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]);
    assert_eq!(format!("{a:?}"), "Matrix (2, 4) [1.0000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, …]");
}

#[test]
#[should_panic(expected = "dot: shapes (2, 3) and (2, 3) not aligned (3 != 2)")]
fn dot_of_misaligned_shapes_panics_with_both_shapes() {
    let a = Matrix::zeros(2, 3);
    a.dot(&a);
}

#[test]
#[should_panic(expected = "add_row: cannot broadcast shape (1, 2) over shape (2, 3)")]
fn add_row_of_the_wrong_width_panics() {
    Matrix::zeros(2, 3).add_row(&Matrix::zeros(1, 2));
}

#[test]
#[should_panic(expected = "zip_map: shapes (2, 3) and (3, 2) differ")]
fn elementwise_of_different_shapes_panics() {
    Matrix::zeros(2, 3).zip_map(&Matrix::zeros(3, 2), |a, b| a + b);
}

#[test]
#[should_panic(expected = "Matrix::from_vec: 5 values do not fill shape (2, 3) = 6 entries")]
fn from_vec_checks_the_length() {
    Matrix::from_vec(2, 3, vec![0.0; 5]);
}

/// The definition: `out[i][j] = Σ_p a[i][p] · b[p][j]`, p in order, every term added, zeros too.
/// Written here again, not taken from the crate (`Matrix::dot_plain`, which `make bench` times):
/// a test's reference is its own.
fn plain_dot(a: &Matrix, b: &Matrix) -> Matrix {
    let mut out = Matrix::zeros(a.rows, b.cols);
    for i in 0..a.rows {
        for p in 0..a.cols {
            for j in 0..b.cols {
                out.data[i * b.cols + j] += a.data[i * a.cols + p] * b.data[p * b.cols + j];
            }
        }
    }
    out
}

/// A matrix whose entries are 0 with probability `zeros` (in tenths), else Gaussian.
fn sparse(rng: &mut backprop::Rng, rows: usize, cols: usize, zeros: usize) -> Matrix {
    Matrix::from_vec(rows, cols, (0..rows * cols).map(|_| if rng.below(10) < zeros { 0.0 } else { rng.randn() }).collect())
}

#[test]
fn dot_equals_the_plain_loop_for_every_tile_edge_and_sparsity() {
    // `==` on f64 is exact but for the sign of a zero, which is what the kernels promise.
    let mut rng = backprop::Rng::new(22);
    // Up to past a block of 64 columns (AVX-512's widest) and of 64 rows of `b` (the kernels' B_ROWS).
    let sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 33, 50, 61, 65, 130];
    for (case, &n) in sizes.iter().enumerate() {
        for &m in &sizes {
            let k = sizes[(case * 7 + m) % sizes.len()] + 3;
            for zeros in [0, 3, 5, 9, 10] {
                let (a, b) = (sparse(&mut rng, n, k, zeros), sparse(&mut rng, k, m, zeros / 2));
                assert_eq!(a.dot(&b), plain_dot(&a, &b), "({n}, {k}) · ({k}, {m}), {zeros}/10 zeros");
            }
        }
    }
}

#[test]
fn dot_equals_the_plain_loop_for_the_chapters_shapes_and_over_the_cores() {
    let mut rng = backprop::Rng::new(23);
    // One step's products (x·W1, h·W2, dout2·W2ᵀ, hᵀ·dout2, xᵀ·dout1, dout1·W1ᵀ), then an accuracy
    // block of 1001 images (large enough to be split over the cores, and not a whole number of tiles).
    let shapes = [
        (100, 784, 50, 8),
        (100, 50, 10, 2),
        (100, 10, 50, 0),
        (50, 100, 10, 2),
        (784, 100, 50, 8),
        (100, 50, 784, 4),
        (1001, 784, 50, 8),
    ];
    for (n, k, m, zeros) in shapes {
        assert!(n * k * m < backprop::matrix::SPLIT_WORK || n == 1001);
        let (a, b) = (sparse(&mut rng, n, k, zeros), sparse(&mut rng, k, m, 0));
        assert_eq!(a.dot(&b), plain_dot(&a, &b), "({n}, {k}) · ({k}, {m})");
        assert_eq!(a.dot_plain(&b), plain_dot(&a, &b), "Matrix::dot_plain ({n}, {k}) · ({k}, {m})");
    }
    let threaded = 1001 * 784 * 50;
    assert!(threaded >= backprop::matrix::SPLIT_WORK, "the last product must take the threaded path");
}

#[test]
fn transpose_moves_every_entry() {
    let mut rng = backprop::Rng::new(24);
    // Whole 4 × 4 squares, and edges of 1 to 3 rows or columns beside them.
    for (n, m) in [(1, 1), (1, 9), (9, 1), (3, 12), (12, 3), (4, 4), (5, 7), (8, 8), (17, 23), (100, 784), (784, 50)] {
        let a = sparse(&mut rng, n, m, 0);
        let t = a.transpose();
        assert_eq!(t.shape(), (m, n));
        for r in 0..n {
            for c in 0..m {
                assert_eq!(t[(c, r)].to_bits(), a[(r, c)].to_bits());
            }
        }
    }
}

#[test]
fn row_maxima_row_sums_and_a_column_broadcast_over_the_rows() {
    // numpy: np.max(x, axis=1, keepdims=True), np.sum(x, axis=1, keepdims=True), x - column.
    let x = Matrix::from_rows([[1.0, -2.0, 3.0], [-4.0, -5.0, -0.5]]);
    assert_eq!(x.max_of_each_row(), Matrix::from_rows([[3.0], [-0.5]]));
    assert_eq!(x.sum_of_each_row(), Matrix::from_rows([[2.0], [-9.5]]));
    assert_eq!(x.with_column(&x.max_of_each_row(), |v, max| v - max), Matrix::from_rows([[-2.0, -5.0, 0.0], [-3.5, -4.5, 0.0]]));
    // A row's sum is added up left to right, as the plain loop does.
    let row = Matrix::from_rows([[1e16, 1.0, -1e16]]);
    assert_eq!(row.sum_of_each_row().data, vec![(1e16 + 1.0) - 1e16]);
    let wrong = std::panic::catch_unwind(|| x.with_column(&Matrix::zeros(3, 1), |v, _| v)).unwrap_err();
    assert_eq!(wrong.downcast_ref::<String>().unwrap(), "with_column: cannot broadcast shape (3, 1) over shape (2, 3)");
}

#[test]
fn dot_of_empty_shapes_is_the_plain_loops_zeros() {
    // No rows, or an inner size of 0 (every sum empty: 0.0), for a narrow and a wide product.
    for (n, k, m) in [(0, 5, 10), (0, 5, 784), (3, 0, 10), (3, 0, 784), (3, 5, 0)] {
        let (a, b) = (Matrix::zeros(n, k), Matrix::zeros(k, m));
        assert_eq!(a.dot(&b), plain_dot(&a, &b), "({n}, {k}) · ({k}, {m})");
        assert_eq!(a.dot(&b), Matrix::zeros(n, m));
    }
}

/// Images with MNIST's share of blank pixels (80%), as bytes: a pixel 0 or 1–255.
fn sparse_images(rng: &mut backprop::Rng, rows: usize, cols: usize) -> backprop::mnist::Images {
    let pixels = (0..rows * cols).map(|_| if rng.below(10) < 8 { 0 } else { 1 + rng.below(255) as u8 }).collect();
    backprop::mnist::Images::new(rows, cols, pixels, true)
}

#[test]
fn a_batch_of_images_knows_its_zeros_and_a_change_through_data_is_still_computed_right() {
    // A batch taken from images knows where its zeros are (found once in the bytes), and its
    // products use that. `data` is public: a product must still be the plain loop's after it
    // changed, whichever way, in the batch or in a copy of it (as Affine keeps).
    let mut rng = backprop::Rng::new(25);
    for cols in [3, 64, 100, 130, 784] {
        let images = sparse_images(&mut rng, 300, cols);
        let w = sparse(&mut rng, cols, 50, 0);
        let wide = sparse(&mut rng, cols, 130, 0);
        let mut x = images.select_rows(&[5, 299, 0, 5, 17, 42, 100, 7, 8]);
        assert_eq!(x.dot(&w), plain_dot(&x, &w), "{cols} columns, as taken");
        assert_eq!(x.dot(&wide), plain_dot(&x, &wide), "{cols} columns, as taken, 130 wide");
        let block = images.slice_rows(100, 300);
        assert_eq!(block.dot(&w), plain_dot(&block, &w), "{cols} columns, a block of 200");
        let blank = x.data.iter().position(|&p| p == 0.0).unwrap();
        let ink = x.data.iter().position(|&p| p != 0.0).unwrap();
        x.data[blank] = 0.75; // a zero made nonzero: the one change the product must not miss
        let mut copy = Matrix::zeros(0, 0);
        copy.clone_from(&x);
        assert_eq!(copy.dot(&w), plain_dot(&x, &w), "{cols} columns, a zero made nonzero");
        copy.data[ink] = 0.0;
        assert_eq!(copy.dot(&w), plain_dot(&copy, &w), "{cols} columns, and a nonzero made zero");
        assert_eq!(copy.transpose().transpose().dot(&w), plain_dot(&copy, &w), "{cols} columns, transposed twice");
    }
}

#[test]
fn images_changed_after_their_zeros_were_found_are_still_computed_right() {
    let mut rng = backprop::Rng::new(26);
    let mut images = sparse_images(&mut rng, 20, 784);
    let w = sparse(&mut rng, 784, 50, 0);
    let x = images.select_rows(&[3, 4]); // the zeros of all 20 images are found here
    assert_eq!(x.dot(&w), plain_dot(&x, &w));
    // A pixel of image 3 lit, and an image added, after that.
    let blank = images.pixels[3 * 784..4 * 784].iter().position(|&p| p == 0).unwrap();
    images.pixels[3 * 784 + blank] = 200;
    images.pixels.extend((0..784).map(|p| (p % 7 == 0) as u8 * 99));
    images.rows += 1;
    let x = images.select_rows(&[3, 20, 20, 4]);
    assert_eq!(x.dot(&w), plain_dot(&x, &w));
    // Rows wider than the places' 2 bytes reach: no zeros known, the same products.
    let wide = sparse_images(&mut rng, 2, 70_000);
    let x = wide.select_rows(&[1, 0]);
    let w = sparse(&mut rng, 70_000, 2, 0);
    assert_eq!(x.dot(&w), plain_dot(&x, &w));
}

#[test]
fn a_batch_of_images_transposed_is_every_entry_moved_and_its_products_the_plain_loops() {
    let mut rng = backprop::Rng::new(27);
    // Batches of 9, 100 and 130 images: one, two and three pieces of 64 in a row of xᵀ.
    for (rows, cols) in [(9, 784), (100, 784), (130, 100), (100, 3)] {
        let images = sparse_images(&mut rng, 300, cols);
        let indices: Vec<usize> = (0..rows).map(|_| rng.below(300)).collect();
        let x = images.select_rows(&indices);
        let d = sparse(&mut rng, rows, 50, 4);
        let moved = |x: &Matrix| Matrix::from_vec(x.rows, x.cols, x.data.clone()).transpose(); // knows nothing
        let bits = |m: &Matrix| m.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&x.transpose()), bits(&moved(&x)), "{rows} × {cols}, as taken");
        assert_eq!(x.transpose().dot(&d), plain_dot(&moved(&x), &d), "{rows} × {cols}, xᵀ·d");
        // Changed through `data` after its zeros were found: a zero made nonzero, or -0.0 (bits a
        // transpose must keep), a nonzero made zero.
        let blank = x.data.iter().rposition(|&p| p == 0.0).unwrap();
        let ink = x.data.iter().position(|&p| p != 0.0).unwrap();
        for (at, value) in [(blank, 0.75), (blank, -0.0), (ink, 0.0)] {
            let mut x = images.select_rows(&indices);
            x.data[at] = value;
            assert_eq!(bits(&x.transpose()), bits(&moved(&x)), "{rows} × {cols}, {value} written at {at}");
            assert_eq!(x.transpose().dot(&d), plain_dot(&moved(&x), &d), "{rows} × {cols}, xᵀ·d, {value} written at {at}");
        }
    }
    // A batch of no images: (0, 784) transposed is (784, 0).
    let none = sparse_images(&mut rng, 3, 784).select_rows(&[]);
    assert_eq!(none.transpose().shape(), (784, 0));
}
