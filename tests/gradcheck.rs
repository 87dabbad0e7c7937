//! The notes' gradient check on real MNIST (784-50-10, the first 3 training images), and what
//! the `+ 1e-7` of cross_entropy_error does to it.

mod common;
use backprop::gradient_check::compare;
use backprop::{Rng, TwoLayerNet};

#[test]
fn the_gradcheck_binary_passes_and_prints_the_four_lines() {
    if common::mnist("the_gradcheck_binary_passes").is_none() {
        return;
    }
    let out = common::command("gradcheck").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for name in ["W1", "b1", "W2", "b2"] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name}: mean |diff| ")))
            .unwrap_or_else(|| panic!("{name} line in\n{stdout}"));
        assert!(line.contains("relative to mean |grad| 1.0e-6") || line.contains("relative to mean |grad| 9.9e-7"), "{line}");
    }
    assert!(stdout.contains("backprop is") && stdout.contains("x faster"), "{stdout}");
    assert_names_the_largest(&stdout);
}

/// The closing explanation names the parameter whose printed mean |diff| is the largest (the
/// failure: it always said b2's, though at --seed 4 b1's is).
#[track_caller]
fn assert_names_the_largest(stdout: &str) {
    let figures: Vec<(&str, f64)> = ["W1", "b1", "W2", "b2"]
        .iter()
        .map(|name| {
            let line = stdout.lines().find(|l| l.starts_with(&format!("{name}: mean |diff| "))).unwrap();
            (*name, line.split_whitespace().nth(3).unwrap().parse::<f64>().unwrap())
        })
        .collect();
    let largest = figures.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert!(stdout.contains(&format!("({largest}'s mean |diff| is the largest")), "{largest}: {stdout}");
}

#[test]
fn on_real_data_every_parameter_is_off_by_the_same_relative_amount_the_delta_makes() {
    let Some(((x_train, t_train), _)) = common::mnist("on_real_data_every_parameter_is_off_by_the_same_relative_amount") else {
        return;
    };
    let mut net = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    let (x, t) = (x_train.slice_rows(0, 3), t_train.slice_rows(0, 3));
    let checks = |net: &mut TwoLayerNet| {
        let numerical = net.numerical_gradient(&x, &t);
        let backprop = net.gradient(&x, &t);
        compare(&backprop, &numerical)
    };
    let with_delta = checks(&mut net);
    for c in &with_delta {
        println!("{}: mean |diff| {:.2e}, relative {:.2e}", c.name, c.mean_abs_diff, c.relative);
        // ln(y + 1e-7) scales the numerical gradient by y/(y + 1e-7): 1e-7/y relative, y ≈ 0.1.
        assert!((5e-7..2e-6).contains(&c.relative), "{}: relative {:e}", c.name, c.relative);
    }
    // The notes' figure: b2's mean |diff| is the largest (about 1.4e-7) because its gradient is.
    assert!(with_delta[3].mean_abs_diff > 5e-8, "{:e}", with_delta[3].mean_abs_diff);
    assert!(with_delta.iter().all(|c| c.mean_abs_diff <= with_delta[3].mean_abs_diff));
    net.last_layer.delta = 0.0;
    for (c, d) in checks(&mut net).iter().zip(&with_delta) {
        println!("{} without the delta: relative {:.2e}", c.name, c.relative);
        assert!(c.relative * 100.0 < d.relative, "{}: with {:e}, without {:e}", c.name, d.relative, c.relative);
    }
}

#[test]
fn entries_whose_step_crosses_relus_kink_are_judged_apart_and_correct_backprop_passes() {
    use backprop::gradient_check::{compare_away_from_kinks, kinks};
    // The failure this guards against: with seed 4 a hidden unit's input is within h = 1e-4 of
    // 0 for one of the 3 images, the central difference straddles ReLU's kink, and gradcheck
    // reported FAILED for correct backprop.
    let Some(((x_train, t_train), _)) = common::mnist("entries_whose_step_crosses_relus_kink") else { return };
    let mut net = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(4));
    let (x, t) = (x_train.slice_rows(0, 3), t_train.slice_rows(0, 3));
    let numerical = net.numerical_gradient(&x, &t);
    let backprop = net.gradient(&x, &t);
    let all = compare(&backprop, &numerical);
    let judged = compare_away_from_kinks(&backprop, &numerical, &kinks(&net, &x));
    println!(
        "W1 relative: all {:.2e}, away from kinks {:.2e} ({} left out)",
        all[0].relative, judged[0].relative, judged[0].kinked
    );
    assert!(all[0].relative > 1e-4 || all[1].relative > 1e-4, "seed 4 must straddle a kink for this test to mean anything");
    assert!(judged[0].kinked > 0 && judged[1].kinked > 0);
    // Away from the kinks every parameter is off only by the delta's relative 1e-6.
    for c in &judged {
        assert!(c.relative < 2e-6, "{}: {:e}", c.name, c.relative);
    }
    // W2 and b2 lie after ReLU: none of their entries is left out.
    assert_eq!((judged[2].kinked, judged[3].kinked), (0, 0));
    // And the binary says so, and passes.
    let out = common::command("gradcheck").args(["--seed", "4"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("ReLU's kink lies inside their central difference"), "{stdout}");
    assert_names_the_largest(&stdout);
}
