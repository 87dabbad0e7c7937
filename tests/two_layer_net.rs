//! TwoLayerNet on a small seeded network (6-5-3, batch 4): backprop against the numerical
//! gradient for every parameter, SGD lowering the loss, and determinism.

mod common;
use backprop::mnist::Images;
use backprop::{Matrix, Rng, TwoLayerNet};
use common::{max_rel_error, one_hot, randn};

fn small_net(seed: u32) -> (TwoLayerNet, Matrix, Matrix) {
    let mut rng = Rng::new(seed);
    // weight_init_std 0.5 rather than 0.01, so that activations, ReLU masks and the gradients
    // are all of a size where relative errors mean something.
    let net = TwoLayerNet::new(6, 5, 3, 0.5, &mut rng);
    let x = randn(&mut rng, 4, 6);
    let t = one_hot(&[0, 2, 1, 2], 3);
    (net, x, t)
}

/// Max relative error allowed between backprop and the numerical gradient.
///
/// What bounds it: the central difference's own error is tiny (truncation h²·f'''/6 ≈ 1e-9 with
/// h = 1e-4, rounding ε·|L|/h ≈ 1e-11). The largest gap is the notes' `+ 1e-7` inside the log of
/// cross_entropy_error: it moves the numerical derivative of the loss away from backprop's exact
/// `(y - t)/N` by about 1e-7/(y·N) *absolutely*, a few 1e-8 here, whatever the entry's size.
/// So: with delta = 0, every entry must agree to 1e-5 relative (measured: about 5e-7); with the
/// notes' delta, the gap is measured against each parameter's largest gradient entry
/// (`max |a - b| / max |b|`), which it must also keep below 1e-5.
const TOL: f64 = 1e-5;
/// Entries below this are compared absolutely (relative error of a near-zero gradient is noise).
const FLOOR: f64 = 1e-6;

/// `max |a - b| / max |b|`: the gap relative to the size of the whole gradient.
fn normwise_rel_error(a: &Matrix, b: &Matrix) -> f64 {
    let gap = a.data.iter().zip(&b.data).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
    gap / b.data.iter().map(|y| y.abs()).fold(FLOOR, f64::max)
}

#[test]
fn backprop_equals_the_numerical_gradient_of_the_exact_loss_entry_by_entry() {
    let (mut net, x, t) = small_net(5);
    net.last_layer.delta = 0.0;
    let numerical = net.numerical_gradient(&x, &t);
    let backprop = net.gradient(&x, &t);
    for ((name, b), (_, n)) in backprop.iter().into_iter().zip(numerical.iter()) {
        let (worst, err) = max_rel_error(b, n, FLOOR);
        println!("{name}: max rel {err:.2e}");
        assert!(
            err < TOL,
            "{name}: max relative error {err:.3e} at index {worst}: backprop {:e}, numerical {:e}",
            b.data[worst],
            n.data[worst]
        );
    }
    // Some hidden units are off (ReLU) for some samples, so the mask is really exercised.
    assert!(net.relu1.mask.iter().any(|&m| m) && net.relu1.mask.iter().any(|&m| !m));
}

#[test]
fn backprop_equals_the_numerical_gradient_with_the_notes_delta() {
    let (mut net, x, t) = small_net(5);
    let numerical = net.numerical_gradient(&x, &t);
    let backprop = net.gradient(&x, &t);
    for ((name, b), (_, n)) in backprop.iter().into_iter().zip(numerical.iter()) {
        let err = normwise_rel_error(b, n);
        println!("{name}: max |diff| / max |grad| {err:.2e}");
        assert!(err < TOL, "{name}: max |diff| / max |grad| = {err:.3e}");
    }
}

#[test]
fn without_the_delta_the_gap_shrinks_by_orders_of_magnitude() {
    let (mut net, x, t) = small_net(6);
    let gap = |net: &mut TwoLayerNet| {
        let numerical = net.numerical_gradient(&x, &t);
        let backprop = net.gradient(&x, &t);
        max_rel_error(&backprop.b2, &numerical.b2, FLOOR).1
    };
    let with_delta = gap(&mut net);
    net.last_layer.delta = 0.0;
    let without_delta = gap(&mut net);
    println!("b2 max rel: with delta {with_delta:.2e}, without {without_delta:.2e}");
    assert!(without_delta * 100.0 < with_delta, "with {with_delta:e}, without {without_delta:e}");
}

#[test]
fn label_targets_give_the_same_gradient_as_one_hot() {
    let (mut net, x, t) = small_net(7);
    let labels = Matrix::from_rows([[0.0], [2.0], [1.0], [2.0]]);
    assert_eq!(net.gradient(&x, &t), net.gradient(&x, &labels));
    let images = Images::new(4, 6, (0..24).map(|i| (i * 37 % 256) as u8).collect(), true);
    assert_eq!(net.accuracy(&images, &t), net.accuracy(&images, &labels));
}

#[test]
fn a_few_sgd_steps_lower_the_loss() {
    let (mut net, x, t) = small_net(8);
    let first = net.loss(&x, &t);
    let mut last = first;
    for step in 0..5 {
        let grad = net.gradient(&x, &t);
        for (key, param) in net.params_mut() {
            param.sub_scaled(0.1, &grad[key]);
        }
        let loss = net.loss(&x, &t);
        assert!(loss < last, "step {step}: loss went from {last} to {loss}");
        last = loss;
    }
    assert!(last < first * 0.95, "5 steps only took the loss from {first} to {last}");
}

#[test]
fn accuracy_counts_rows_whose_top_score_is_the_target() {
    // W1 = identity (3×3), W2 = identity: predict(x) = relu(x), so argmax is that of x.
    let eye = Matrix::from_rows([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
    let mut net = TwoLayerNet::from_params(eye.clone(), Matrix::zeros(1, 3), eye, Matrix::zeros(1, 3));
    let x = Images::new(4, 3, vec![9, 1, 0, 0, 2, 8, 3, 6, 1, 5, 4, 1], false);
    let t = one_hot(&[0, 2, 0, 1], 3);
    assert_eq!(net.accuracy(&x, &t), 0.5);
}

#[test]
fn accuracy_in_blocks_of_1000_counts_every_image_once() {
    // 2500 images: two whole blocks and a half one. The count must be that of predicting all
    // 2500 rows at once, as the notes' `np.argmax(self.predict(x), axis=1)` does.
    let mut rng = Rng::new(11);
    let mut net = TwoLayerNet::new(6, 5, 3, 0.5, &mut rng);
    let x = Images::new(2500, 6, (0..15000).map(|_| rng.below(256) as u8).collect(), true);
    let labels: Vec<usize> = (0..2500).map(|_| rng.below(3)).collect();
    let t = one_hot(&labels, 3);
    let all_at_once = net.predict(&x.to_matrix()).argmax_rows();
    let correct = (0..2500).filter(|&i| all_at_once[i] == labels[i]).count();
    assert!(correct > 500 && correct < 2000, "a real mix of right and wrong: {correct}");
    assert_eq!(net.accuracy(&x, &t), correct as f64 / 2500.0);
}

#[test]
fn the_same_seed_gives_bit_identical_weights() {
    let a = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    let b = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    let c = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(43));
    for ((name, pa), ((_, pb), (_, pc))) in a.params().into_iter().zip(b.params().into_iter().zip(c.params())) {
        let bits = |m: &Matrix| m.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(pa), bits(pb), "{name} differs for the same seed");
        if name.starts_with('W') {
            assert_ne!(bits(pa), bits(pc), "{name} is the same for different seeds");
        }
    }
    // weight_init_std is the standard deviation of W1's and W2's entries (standard errors of the
    // estimate: 0.01/√(2·39200) ≈ 0.00004 and 0.01/√(2·500) ≈ 0.0003); the biases start at zero.
    let std = |m: &Matrix| (m.data.iter().map(|v| v * v).sum::<f64>() / m.data.len() as f64).sqrt();
    assert!((std(&a.affine1.w) - 0.01).abs() < 0.0002, "W1 std {}", std(&a.affine1.w));
    assert!((std(&a.affine2.w) - 0.01).abs() < 0.0015, "W2 std {}", std(&a.affine2.w));
    let other = TwoLayerNet::new(784, 50, 10, 0.5, &mut Rng::new(42));
    assert!((std(&other.affine2.w) - 0.5).abs() < 0.075, "W2 std {} for weight_init_std 0.5", std(&other.affine2.w));
    assert!(a.affine1.b.data.iter().all(|&v| v == 0.0) && a.affine2.b.data.iter().all(|&v| v == 0.0));
}
