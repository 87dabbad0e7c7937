//! The notes' gradient check on real MNIST (784-50-10, the first 3 training images), and what
//! the `+ 1e-7` of cross_entropy_error does to it.

mod common;
use backprop::gradient_check::compare;
use backprop::matrix::Rows;
use backprop::{Rng, TwoLayerNet};
use std::process::Command;

#[test]
fn the_gradcheck_binary_passes_and_prints_the_four_lines() {
    if common::mnist("the_gradcheck_binary_passes").is_none() {
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gradcheck")).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for name in ["W1", "b1", "W2", "b2"] {
        assert!(stdout.lines().any(|l| l.starts_with(&format!("{name}: mean |diff| "))), "{name} line in\n{stdout}");
    }
    assert!(stdout.contains("backprop is") && stdout.contains("x faster"), "{stdout}");
}

#[test]
fn on_real_data_the_b2_gap_is_the_delta_in_the_log() {
    let Some(((x_train, t_train), _)) = common::mnist("on_real_data_the_b2_gap") else { return };
    let mut net = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    let (x, t) = (x_train.slice_rows(0, 3), t_train.slice_rows(0, 3));
    let b2_gap = |net: &mut TwoLayerNet| {
        let numerical = net.numerical_gradient(&x, &t);
        let backprop = net.gradient(&x, &t);
        let checks = compare(&backprop, &numerical);
        for c in &checks {
            assert!(c.mean_abs_diff <= 1e-6, "{}: mean |diff| {:e}", c.name, c.mean_abs_diff);
        }
        checks[3].mean_abs_diff
    };
    let with_delta = b2_gap(&mut net);
    net.last_layer.delta = 0.0;
    let without_delta = b2_gap(&mut net);
    println!("b2 mean |diff|: with the notes' 1e-7 {with_delta:.2e}, with 0 {without_delta:.2e}");
    // The notes' numpy code prints about 1.4e-7 for b2; the delta accounts for nearly all of it.
    assert!(with_delta > 5e-8, "{with_delta:e}");
    assert!(without_delta * 100.0 < with_delta, "with {with_delta:e}, without {without_delta:e}");
}
