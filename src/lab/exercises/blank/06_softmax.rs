//! 연습 6 · exercise 6 — 5.6 `softmax` 와 `cross_entropy_error` (the book's common/functions.py)
//!
//! ```python
//! def softmax(x):                          # x: (N, C), one row per sample
//!     x = x - np.max(x, axis=-1, keepdims=True)   # 오버플로 대책 · against overflow
//!     return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
//!
//! def cross_entropy_error(y, t):           # y, t: (N, C), t one-hot
//!     batch_size = y.shape[0]
//!     return -np.sum(t * np.log(y + 1e-7)) / batch_size
//! ```
//!
//! 할 일 · what to write: both functions. softmax는 행마다 계산합니다(행의 최댓값을 빼도 결과는 같고
//! `exp`가 넘치지 않습니다) · row by row, minus the row's max. 교차 엔트로피는 배치 크기 N으로 나눈
//! 평균입니다 · the mean over the batch. `t`는 원-핫 (N, C) 입니다 · one-hot targets.

use backprop::matrix::Matrix;

/// Row-wise softmax: each row of the result sums to 1.
pub fn softmax(x: &Matrix) -> Matrix {
    todo!("여기에 쓰세요 · write it here")
}

/// `-(1/N) Σ t · ln(y + 1e-7)` for predictions `y` and one-hot targets `t`, both (N, C).
pub fn cross_entropy_error(y: &Matrix, t: &Matrix) -> f64 {
    todo!("여기에 쓰세요 · write it here")
}
