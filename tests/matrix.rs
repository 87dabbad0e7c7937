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

#[test]
fn transpose_dot_is_the_transpose_then_dot_to_the_last_bit() {
    let mut rng = backprop::Rng::new(21);
    // A sparse left matrix (as MNIST batches are) and a dense right one.
    let x = Matrix::from_vec(7, 19, (0..7 * 19).map(|_| if rng.below(5) == 0 { rng.randn() } else { 0.0 }).collect());
    let d = Matrix::from_vec(7, 5, (0..35).map(|_| rng.randn()).collect());
    assert_eq!(x.transpose_dot(&d), x.transpose().dot(&d));
}

#[test]
fn dot_skips_zeros_without_changing_any_bit() {
    // The zero-skipping product against the plain triple loop of the definition.
    let mut rng = backprop::Rng::new(22);
    let a = Matrix::from_vec(9, 30, (0..270).map(|_| if rng.below(3) == 0 { rng.randn() } else { 0.0 }).collect());
    let b = Matrix::from_vec(30, 6, (0..180).map(|_| rng.randn()).collect());
    let mut plain = Matrix::zeros(9, 6);
    for i in 0..9 {
        for k in 0..30 {
            for j in 0..6 {
                plain[(i, j)] += a[(i, k)] * b[(k, j)];
            }
        }
    }
    assert_eq!(a.dot(&b), plain);
}
