//! 연습 8 · exercise 8 — 5.7.2 `TwoLayerNet::gradient`, 오차역전파법으로 기울기 구하기
//!
//! ```python
//! def gradient(self, x, t):
//!     # 순전파
//!     self.loss(x, t)
//!     # 역전파
//!     dout = 1
//!     dout = self.lastLayer.backward(dout)
//!     layers = list(self.layers.values())
//!     layers.reverse()
//!     for layer in layers:
//!         dout = layer.backward(dout)
//!     # 결과 저장
//!     grads = {}
//!     grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
//!     grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
//!     return grads
//! ```
//!
//! 할 일 · what to write: `gradient`. 순전파 한 번, 그다음 계층들의 `backward`를 *거꾸로*:
//! last_layer, affine2, relu1, affine1. 각 계층이 받은 `dout`을 자기 입력에 대한 미분으로 바꿔 다음
//! 계층에 넘깁니다 · one forward, then every backward in reverse order. 이 네트워크는 연습 3, 5, 7의
//! 여러분의 계층으로 만들어집니다 · built from your layers of exercises 3, 5 and 7.

use crate::affine::Affine;
use crate::relu::Relu;
use crate::softmax_with_loss::SoftmaxWithLoss;
use backprop::matrix::Matrix;
use backprop::mnist::Images;
use backprop::rng::Rng;

/// `grads`: the gradient for each parameter.
#[derive(Clone, Debug)]
pub struct Grads {
    pub w1: Matrix,
    pub b1: Matrix,
    pub w2: Matrix,
    pub b2: Matrix,
}

/// `x → Affine1 → Relu1 → Affine2 → SoftmaxWithLoss`.
#[derive(Clone, Debug)]
pub struct TwoLayerNet {
    pub affine1: Affine,
    pub relu1: Relu,
    pub affine2: Affine,
    pub last_layer: SoftmaxWithLoss,
}

impl TwoLayerNet {
    /// Weights `weight_init_std * randn`, zero biases, as the notes' `__init__`.
    pub fn new(input_size: usize, hidden_size: usize, output_size: usize, weight_init_std: f64, rng: &mut Rng) -> TwoLayerNet {
        let mut randn = |rows, cols| Matrix::from_vec(rows, cols, (0..rows * cols).map(|_| weight_init_std * rng.randn()).collect());
        let w1 = randn(input_size, hidden_size);
        let w2 = randn(hidden_size, output_size);
        TwoLayerNet {
            affine1: Affine::new(w1, Matrix::zeros(1, hidden_size)),
            relu1: Relu::new(),
            affine2: Affine::new(w2, Matrix::zeros(1, output_size)),
            last_layer: SoftmaxWithLoss::new(),
        }
    }

    pub fn predict(&mut self, x: &Matrix) -> Matrix {
        let x = self.affine1.forward(x);
        let x = self.relu1.forward(&x);
        self.affine2.forward(&x)
    }

    pub fn loss(&mut self, x: &Matrix, t: &Matrix) -> f64 {
        let y = self.predict(x);
        self.last_layer.forward(&y, t)
    }

    /// The fraction of images whose highest score is the target class (1000 images at a time).
    pub fn accuracy(&mut self, x: &Images, t: &Matrix) -> f64 {
        let mut correct = 0;
        for start in (0..x.rows).step_by(1000) {
            let y = self.predict(&x.slice_rows(start, (start + 1000).min(x.rows))).argmax_rows();
            correct += (0..y.len()).filter(|&i| y[i] == t.argmax_row(start + i)).count();
        }
        correct as f64 / x.rows as f64
    }

    /// The parameters with the notes' names, to change them (the SGD update).
    pub fn params_mut(&mut self) -> [(&'static str, &mut Matrix); 4] {
        [("W1", &mut self.affine1.w), ("b1", &mut self.affine1.b), ("W2", &mut self.affine2.w), ("b2", &mut self.affine2.b)]
    }

    /// The gradient of the loss by backpropagation.
    pub fn gradient(&mut self, x: &Matrix, t: &Matrix) -> Grads {
        todo!("여기에 쓰세요 · write it here")
    }
}
