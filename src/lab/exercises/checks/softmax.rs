//! 연습 6: softmax and cross_entropy_error against values worked out by hand.
use crate::prelude::*;
use crate::softmax::{cross_entropy_error, softmax};
use backprop::matrix::Matrix;

pub fn check() -> Check {
    // exp(0.3), exp(2.9), exp(4.0) divided by their sum.
    let y = softmax(&Matrix::from_rows([[0.3, 2.9, 4.0]]));
    matrix("softmax([0.3, 2.9, 4.0])", &y, &Matrix::from_rows([[0.018211273295548, 0.245191812935074, 0.736596913769379]]), 1e-9)?;
    let batch = softmax(&Matrix::from_rows([[1.0, 2.0, 3.0], [1010.0, 1000.0, 990.0]]));
    for r in 0..2 {
        number(&format!("softmax: row {r} sums to 1 (행마다 · per row)"), batch.row(r).iter().sum(), 1.0, 1e-12)?;
    }
    number("softmax([1010, 1000, 990]) stays finite (최댓값을 빼기 · minus the max)", batch[(1, 0)], 0.999954600070331, 1e-9)?;
    let t = Matrix::from_rows([[0.0, 0.0, 1.0]]);
    number("cross_entropy_error(y, t) = -ln(0.7366 + 1e-7)", cross_entropy_error(&y, &t), 0.305714329053, 1e-9)?;
    // A batch: the mean over its rows.
    let y2 = Matrix::from_rows([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]);
    let t2 = Matrix::from_rows([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]);
    let mean = -((0.7f64 + 1e-7).ln() + (0.25f64 + 1e-7).ln()) / 2.0;
    number("배치 2의 cross_entropy_error: 평균 · of a batch of 2: the mean (/ batch_size)", cross_entropy_error(&y2, &t2), mean, 1e-9)
}
