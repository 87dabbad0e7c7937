//! 연습 9: the learner's gradient check on the first 3 MNIST images, as the notes run it.
use crate::gradient_check::{gradient_check, mean_abs_diff};
use crate::prelude::*;
use crate::two_layer_net::TwoLayerNet;
use backprop::matrix::Matrix;

pub fn check() -> Check {
    let (a, b) = (Matrix::from_rows([[1.0, -2.0], [3.0, 4.0]]), Matrix::from_rows([[1.5, -2.0], [2.0, 4.0]]));
    number("mean_abs_diff([[1, -2], [3, 4]], [[1.5, -2], [2, 4]]) = (0.5 + 0 + 1 + 0) / 4", mean_abs_diff(&a, &b), 0.375, 1e-12)?;
    let options = backprop::mnist::Load { normalize: true, one_hot_label: true, ..Default::default() };
    let Ok(((x_train, t_train), _)) = backprop::mnist::load_mnist(&backprop::lab::settings::data_dir(), options) else {
        return fail("MNIST (make data)", "data/의 파일 넷 · the four files in data/", "missing: run `make data`");
    };
    let (x, t) = (x_train.slice_rows(0, 3), t_train.slice_rows(0, 3));
    let mut network = TwoLayerNet::new(784, 50, 10, 0.01, &mut backprop::rng::Rng::new(42));
    let diffs = gradient_check(&mut network, &x, &t);
    let names: Vec<&str> = diffs.iter().map(|(name, _)| *name).collect();
    if names != ["W1", "b1", "W2", "b2"] {
        return fail("키 넷, 노트의 순서로 · the four keys, in the notes' order", "[\"W1\", \"b1\", \"W2\", \"b2\"]", format!("{names:?}"));
    }
    // The notes' numpy code with np.random.seed(42) prints these (make compare-numpy).
    for ((name, diff), notes) in diffs.iter().zip([5.0e-10, 2.7e-9, 5.8e-9, 1.4e-7]) {
        if !(diff.is_finite() && *diff < notes * 2.0 && *diff > notes / 2.0) {
            return fail(&format!("{name}: mean |backprop - numerical| (노트 · the notes: {notes:e})"), format!("about {notes:e}"), format!("{diff:e}"));
        }
    }
    Ok(())
}
