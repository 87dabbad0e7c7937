//! 연습 8: the learner's TwoLayerNet::gradient against the project's, on the same weights.
use crate::prelude::*;
use crate::two_layer_net::TwoLayerNet;
use backprop::matrix::Matrix;

pub fn check() -> Check {
    let mut rng = backprop::rng::Rng::new(8);
    let mut net = TwoLayerNet::new(6, 5, 3, 0.5, &mut rng);
    let x = randn(&mut rng, 4, 6);
    let mut t = Matrix::zeros(4, 3);
    for (i, c) in [0, 2, 1, 2].into_iter().enumerate() {
        t[(i, c)] = 1.0;
    }
    let mut reference =
        backprop::TwoLayerNet::from_params(net.affine1.w.clone(), net.affine1.b.clone(), net.affine2.w.clone(), net.affine2.b.clone());
    let expected = reference.gradient(&x, &t);
    let got = net.gradient(&x, &t);
    matrix("grads['W2'] (Affine2.dW)", &got.w2, &expected.w2, 1e-9)?;
    matrix("grads['b2'] (Affine2.db)", &got.b2, &expected.b2, 1e-9)?;
    matrix("grads['W1'] (Affine1.dW: Relu1을 거꾸로 지난 뒤 · after going back through Relu1)", &got.w1, &expected.w1, 1e-9)?;
    matrix("grads['b1'] (Affine1.db)", &got.b1, &expected.b1, 1e-9)
}
