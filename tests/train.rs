//! The training loop on real MNIST: it learns, it is reproducible, its outputs are well-formed,
//! and the numerical-gradient loop makes the same update as backprop.

mod common;
use backprop::train::accuracy_line;
use backprop::train::{train, Method, Outcome, TrainConfig, Trained};
use backprop::TwoLayerNet;
use std::process::Output;

fn run(config: &TrainConfig, data: &backprop::mnist::Dataset) -> Trained {
    train(config, data, &mut |_| std::ops::ControlFlow::Continue(()))
}

fn run_binary(args: &[&str]) -> (Output, String, String) {
    let out = common::command("train").args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    (out, stdout, stderr)
}

#[test]
fn six_hundred_iterations_reach_90_percent_on_the_test_set() {
    let Some(data) = common::mnist("six_hundred_iterations_reach_90_percent") else { return };
    let config = TrainConfig { iters_num: 600, seed: 1, ..TrainConfig::default() };
    let mut outcome = run(&config, data);
    assert_eq!(outcome.outcome, Outcome::Finished);
    let ((_, _), (x_test, t_test)) = data;
    let test_acc = outcome.network.accuracy(x_test, t_test);
    println!("test accuracy after 600 iterations: {test_acc}");
    assert!(test_acc >= 0.90, "test accuracy {test_acc}");
    // The loss fell from about ln 10 = 2.3 (uniform guesses) to well below 1.
    let losses = &outcome.history.train_loss_list;
    assert!(losses[0] > 2.0 && losses[599] < 0.6, "first {}, last {}", losses[0], losses[599]);
}

#[test]
fn the_same_seed_gives_the_same_losses_and_another_seed_does_not() {
    let Some(data) = common::mnist("the_same_seed_gives_the_same_losses") else { return };
    // The first 2000 images of each set (the accuracy passes are then quick; the seeded
    // batches are drawn from these 2000).
    let ((x_train, t_train), (x_test, t_test)) = data;
    let data = &((x_train.first(2000), t_train.slice_rows(0, 2000)), (x_test.first(2000), t_test.slice_rows(0, 2000)));
    let config = TrainConfig { iters_num: 50, ..TrainConfig::default() };
    let a = run(&config, data).history;
    let b = run(&config, data).history;
    let c = run(&TrainConfig { seed: config.seed + 1, ..config.clone() }, data).history;
    assert_eq!(a, b, "same seed, same history, bit for bit");
    assert_ne!(a.train_loss_list, c.train_loss_list);
}

/// The largest difference between two networks' parameters.
fn max_param_diff(a: &TwoLayerNet, b: &TwoLayerNet) -> f64 {
    let pairs = a.params().into_iter().zip(b.params());
    pairs.flat_map(|((_, pa), (_, pb))| pa.data.iter().zip(&pb.data).map(|(x, y)| (x - y).abs())).fold(0.0, f64::max)
}

#[test]
fn the_numerical_loop_makes_the_same_update_as_backprop() {
    let Some(data) = common::mnist("the_numerical_loop_makes_the_same_update") else { return };
    let config = TrainConfig { iters_num: 1, batch_size: 3, hidden_size: 5, ..TrainConfig::default() };
    let by_backprop = run(&config, data);
    let by_numerical = run(&TrainConfig { method: Method::Numerical, ..config }, data);
    // Both start from the same seeded weights and draw the same batch; the updates differ only by
    // learning_rate × (numerical - backprop gradient), of order 0.1 × 1e-7.
    let diff = max_param_diff(&by_backprop.network, &by_numerical.network);
    println!("largest parameter difference after one update: {diff:e}");
    assert!(diff < 1e-6, "{diff:e}");
    assert!(diff > 0.0, "two different methods cannot agree to the last bit");
    let (lb, ln) = (by_backprop.history.train_loss_list[0], by_numerical.history.train_loss_list[0]);
    assert!((lb - ln).abs() < 1e-6, "losses {lb} and {ln}");
}

#[test]
fn the_accuracy_line_has_the_notes_format() {
    assert_eq!(accuracy_line(0.9056, 0.9092), "train acc, test acc | 0.9056, 0.9092");
    // Python's str(5923 / 60000) prints 0.09871666666666666; so does Rust's {}.
    assert_eq!(accuracy_line(5923.0 / 60000.0, 0.1), "train acc, test acc | 0.09871666666666666, 0.1");
    // Python writes whole floats with .0, as Rust's {:?} does (Rust's {} would write 1 and 0).
    assert_eq!(accuracy_line(1.0, 0.0), "train acc, test acc | 1.0, 0.0");
    // Where the two differ: below 1e-4 Python writes 1.6666666666666667e-05, Rust e-5 (one
    // image right out of more than 10000); the exponent's digits are the only difference.
    assert_eq!(accuracy_line(1.0 / 60000.0, 0.0001), "train acc, test acc | 1.6666666666666667e-5, 0.0001");
}

/// The number of points of the polyline with this id.
fn polyline_points(svg: &str, id: &str) -> usize {
    let at = svg.find(&format!(r#"<polyline id="{id}""#)).unwrap_or_else(|| panic!("no series {id}"));
    let points = &svg[at..][svg[at..].find("points=\"").unwrap() + 8..];
    points[..points.find('"').unwrap()].split_whitespace().count()
}

#[test]
fn the_binary_prints_the_notes_lines_and_writes_csv_and_svg() {
    if common::mnist("the_binary_prints_the_notes_lines").is_none() {
        return;
    }
    let out_dir = common::temp_dir("train-outputs");
    let (out, stdout, stderr) = run_binary(&["--iters-num", "601", "--seed", "3", "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("seed 3 | TwoLayerNet 784-50-10 | 601 iterations, batch 100"), "{stdout}");
    let acc_lines: Vec<&&str> = lines.iter().filter(|l| l.starts_with("train acc, test acc | ")).collect();
    assert_eq!(acc_lines.len(), 2, "accuracy at i = 0 and i = 600:\n{stdout}");
    for line in &acc_lines {
        let (train, test) = line["train acc, test acc | ".len()..].split_once(", ").unwrap();
        assert!(train.parse::<f64>().is_ok() && test.parse::<f64>().is_ok(), "{line}");
    }
    assert!(stdout.contains("final (after 601 iterations): train acc 0."), "{stdout}");

    let history = std::fs::read_to_string(out_dir.join("history.csv")).unwrap();
    assert_eq!(history.lines().next(), Some("iteration,loss"));
    assert_eq!(history.lines().count(), 1 + 601);
    let epochs = std::fs::read_to_string(out_dir.join("epochs.csv")).unwrap();
    assert_eq!(epochs.lines().next(), Some("epoch,train_acc,test_acc"));
    assert_eq!(epochs.lines().count(), 1 + 2);

    let svg = std::fs::read_to_string(out_dir.join("curves.svg")).unwrap();
    common::assert_well_formed_xml(&svg, "svg");
    assert_eq!(polyline_points(&svg, "train-loss"), 601);
    assert_eq!(polyline_points(&svg, "train-acc"), 2);
    assert_eq!(polyline_points(&svg, "test-acc"), 2);
    for label in ["iteration", "loss", "accuracy", "train acc", "test acc"] {
        assert!(svg.contains(&format!(">{label}</text>")), "label {label}");
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn the_progress_of_a_numerical_gradient_is_estimated_from_the_clock() {
    use backprop::lab::progress::estimate;
    use std::time::{Duration, Instant};
    let started = Instant::now() - Duration::from_secs(3);
    // 3 s into a gradient of about 10 s over 1000 parameters: about 300 done, about 7 s left.
    let (done, left) = estimate(started, 10.0, 1000);
    assert!((300..=310).contains(&done) && (6.8..=7.0).contains(&left), "{done}, {left}");
    // Past the estimate: never "all done" before the gradient really ends, and nothing left.
    assert_eq!(estimate(started, 1.0, 1000), (990, 0.0));
}

#[test]
fn the_numerical_binary_reports_each_iteration_and_both_timings() {
    if common::mnist("the_numerical_binary_shows_progress").is_none() {
        return;
    }
    let out_dir = common::temp_dir("train-numerical");
    let (out, stdout, stderr) = run_binary(&[
        "--numerical",
        "--hidden-size",
        "5",
        "--batch-size",
        "3",
        "--iters-num",
        "1",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("numerical gradient"), "{stdout}");
    assert!(stdout.contains("iteration 0: loss "), "{stdout}");
    assert!(stdout.contains("backprop is") && stdout.contains("x faster"), "{stdout}");
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn a_diverging_run_stops_with_a_hint_and_writes_nothing() {
    if common::mnist("a_diverging_run_stops_with_a_hint").is_none() {
        return;
    }
    let out_dir = common::temp_dir("train-diverge");
    let (out, stdout, stderr) =
        run_binary(&["--learning-rate", "1e300", "--iters-num", "50", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    let error = stderr.lines().find(|l| l.starts_with("error: ")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(error.starts_with("error: the loss became NaN at iteration "), "{error}");
    assert!(stderr.contains("hint: lower the learning rate"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Nothing written: the curves of a run that blew up are not put beside an earlier model.
    assert!(error.ends_with("training stopped, and nothing was written"), "{error}");
    assert!(!out_dir.join("history.csv").exists() && !out_dir.join("model.bin").exists());
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn bad_flags_get_an_error_and_a_hint() {
    for (args, message) in [
        (vec!["--iters-num", "ten"], "error: --iters-num: cannot read \"ten\" as a whole number"),
        (vec!["--iters-num", "0"], "error: --iters-num: iters_num must be at least 1"),
        (vec!["--learning-rate", "nan"], "error: --learning-rate: learning_rate must be a positive number, not NaN"),
        (
            vec!["--weight-init-std", "inf"],
            "error: --weight-init-std: weight_init_std must be a positive number up to 1000.0, not inf",
        ),
        (vec!["--hidden-size", "0"], "error: --hidden-size: hidden_size must be at least 1"),
        (vec!["--bogus"], "error: unknown argument \"--bogus\""),
        (vec!["--learning-rate"], "error: --learning-rate needs a value"),
    ] {
        let (out, _, stderr) = run_binary(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().next(), Some(message), "{args:?}");
        assert!(stderr.lines().nth(1).unwrap_or("").starts_with("hint: "), "{args:?}: {stderr}");
    }
}

/// `x·w + b` by the definition: `Σ_k x[i,k]·w[k,j]` with k ascending, then the bias added to
/// every row (numpy's broadcasting), in plain loops over flat row-major arrays.
fn plain_affine(x: &[f64], w: &[f64], b: &[f64], n: usize, k: usize, m: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * m];
    for i in 0..n {
        for j in 0..m {
            let mut sum = 0.0;
            for kk in 0..k {
                sum += x[i * k + kk] * w[kk * m + j];
            }
            out[i * m + j] = sum + b[j];
        }
    }
    out
}

/// `aᵀ·b` for a (n, k) and b (n, m): (k, m), summing over the n rows in order.
fn plain_transpose_dot(a: &[f64], b: &[f64], n: usize, k: usize, m: usize) -> Vec<f64> {
    let mut out = vec![0.0; k * m];
    for r in 0..k {
        for c in 0..m {
            let mut sum = 0.0;
            for i in 0..n {
                sum += a[i * k + r] * b[i * m + c];
            }
            out[r * m + c] = sum;
        }
    }
    out
}

/// Row-wise softmax with the row's max subtracted: `exp(x - max) / Σ exp(x - max)`.
fn plain_softmax(x: &[f64], n: usize, m: usize) -> Vec<f64> {
    let mut y = vec![0.0; n * m];
    for i in 0..n {
        let row = &x[i * m..(i + 1) * m];
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for j in 0..m {
            y[i * m + j] = (row[j] - max).exp();
            sum += y[i * m + j];
        }
        for j in 0..m {
            y[i * m + j] /= sum;
        }
    }
    y
}

/// `-(1/N) Σ_i ln(y[i, label_i] + 1e-7)`.
fn plain_cross_entropy(y: &[f64], labels: &[usize], m: usize) -> f64 {
    let mut total = 0.0;
    for (i, &l) in labels.iter().enumerate() {
        total += (y[i * m + l] + 1e-7).ln();
    }
    -total / labels.len() as f64
}

#[test]
fn the_fast_loop_gives_the_same_losses_as_a_plain_dense_one() {
    let Some(data) = common::mnist("the_fast_loop_gives_the_same_losses") else { return };
    let ((x_train, t_train), _) = data;
    let config = TrainConfig { iters_num: 30, ..TrainConfig::default() };
    let fast = run(&config, data).history.train_loss_list;

    // The notes' loop written out plainly, sharing nothing with the crate but its random numbers:
    // W1 = 0.01·randn(784, 50), W2 = 0.01·randn(50, 10), zero biases, then per iteration
    // choice(60000, 100); pixels byte/255 in float32 as the book's load_mnist; dense products;
    // Affine1's dx computed as the notes do.
    let (input, hidden, output, batch, lr) = (784, 50, 10, 100, 0.1);
    let mut rng = backprop::Rng::new(config.seed);
    let mut w1: Vec<f64> = (0..input * hidden).map(|_| 0.01 * rng.randn()).collect();
    let mut w2: Vec<f64> = (0..hidden * output).map(|_| 0.01 * rng.randn()).collect();
    let (mut b1, mut b2) = (vec![0.0; hidden], vec![0.0; output]);
    let mut plain = Vec::new();
    for _ in 0..config.iters_num {
        let mask = rng.choice(60000, batch);
        let x: Vec<f64> = mask
            .iter()
            .flat_map(|&i| x_train.pixels[i * 784..(i + 1) * 784].iter().map(|&p| (p as f32 / 255.0f32) as f64))
            .collect();
        let labels: Vec<usize> = mask.iter().map(|&i| t_train.row(i).iter().position(|&v| v == 1.0).unwrap()).collect();
        // forward
        let a1 = plain_affine(&x, &w1, &b1, batch, input, hidden);
        let z1: Vec<f64> = a1.iter().map(|&v| if v <= 0.0 { 0.0 } else { v }).collect();
        let y = plain_softmax(&plain_affine(&z1, &w2, &b2, batch, hidden, output), batch, output);
        // backward: (y - t)/N, then each layer
        let mut dy = vec![0.0; batch * output];
        for i in 0..batch {
            for j in 0..output {
                let t = if j == labels[i] { 1.0 } else { 0.0 };
                dy[i * output + j] = (y[i * output + j] - t) / batch as f64;
            }
        }
        let dw2 = plain_transpose_dot(&z1, &dy, batch, hidden, output);
        let db2: Vec<f64> = (0..output).map(|j| (0..batch).fold(0.0, |s, i| s + dy[i * output + j])).collect();
        let mut dz1 = vec![0.0; batch * hidden];
        for i in 0..batch {
            for h in 0..hidden {
                let mut sum = 0.0;
                for j in 0..output {
                    sum += dy[i * output + j] * w2[h * output + j];
                }
                dz1[i * hidden + h] = if a1[i * hidden + h] <= 0.0 { 0.0 } else { sum };
            }
        }
        let dw1 = plain_transpose_dot(&x, &dz1, batch, input, hidden);
        let db1: Vec<f64> = (0..hidden).map(|h| (0..batch).fold(0.0, |s, i| s + dz1[i * hidden + h])).collect();
        // update: params[key] -= learning_rate * grad[key]
        for (p, g) in [(&mut w1, &dw1), (&mut b1, &db1), (&mut w2, &dw2), (&mut b2, &db2)] {
            for (p, g) in p.iter_mut().zip(g.iter()) {
                *p -= lr * g;
            }
        }
        // the loss after the update, on the same batch
        let a1 = plain_affine(&x, &w1, &b1, batch, input, hidden);
        let z1: Vec<f64> = a1.iter().map(|&v| v.max(0.0)).collect();
        let y = plain_softmax(&plain_affine(&z1, &w2, &b2, batch, hidden, output), batch, output);
        plain.push(plain_cross_entropy(&y, &labels, output));
    }
    // Tolerance 0: the same products are added in the same order (skipped terms are exact
    // zeros), so every loss must agree to the last bit; any reassociation would show here.
    for (i, (f, p)) in fast.iter().zip(&plain).enumerate() {
        assert_eq!(f.to_bits(), p.to_bits(), "iteration {i}: fast {f}, plain {p}");
    }
}

#[test]
fn the_epoch_accuracies_are_measured_on_the_train_and_the_test_set() {
    let Some(data) = common::mnist("the_epoch_accuracies_are_measured_on_the_train_and_the_test_set") else { return };
    let ((x_train, t_train), (x_test, t_test)) = data;
    // One iteration: the accuracies at i = 0 are those of the final network.
    let mut outcome = run(&TrainConfig { iters_num: 1, ..TrainConfig::default() }, data);
    let (train_acc, test_acc) = (outcome.network.accuracy(x_train, t_train), outcome.network.accuracy(x_test, t_test));
    assert_ne!(train_acc, test_acc, "the two sets must give different figures for this test to mean anything");
    assert_eq!(outcome.history.train_acc_list, vec![train_acc]);
    assert_eq!(outcome.history.test_acc_list, vec![test_acc]);
}

#[test]
fn every_setting_is_one_flag_one_json_key_and_crosses_to_a_page_run_unchanged() {
    use backprop::lab::settings::{Setting, Value};
    // The one table: train's --help names each flag, and each value written for a page run's
    // command line reads back as itself (0.1 + 0.2 is 0.30000000000000004, not 0.3).
    let help = String::from_utf8(common::command("train").arg("--help").output().unwrap().stdout).unwrap();
    let odd = TrainConfig {
        learning_rate: 0.1 + 0.2,
        weight_init_std: 1.0 / 3.0,
        seed: u32::MAX,
        iters_num: 12345,
        ..TrainConfig::default()
    };
    for setting in Setting::ALL {
        assert!(help.contains(&format!("  {} ", setting.flag())), "train --help names {}", setting.flag());
        assert_eq!(setting.flag(), format!("--{}", setting.name().replace('_', "-")));
        let text = setting.get(&odd).to_string();
        let back = match setting.get(&odd) {
            Value::Whole(_) => Value::Whole(text.parse().unwrap()),
            Value::Number(_) => Value::Number(text.parse().unwrap()),
            Value::Seed(_) => Value::Seed(text.parse().unwrap()),
        };
        let mut config = TrainConfig::default();
        setting.set(&mut config, back);
        assert_eq!(setting.get(&config), setting.get(&odd), "{}: {text}", setting.name());
    }
    assert_eq!(Setting::LearningRate.get(&odd).to_string(), "0.30000000000000004");
}

#[test]
fn train_help_lists_every_setting_from_the_table_with_the_notes_defaults() {
    // The notes' hyperparameters, written out here: iters_num = 10000, batch_size = 100,
    // hidden_size = 50, learning_rate = 0.1, weight_init_std = 0.01, and np.random.seed(42).
    let (out, help, _) = run_binary(&["--help"]);
    assert!(out.status.success());
    let expected = [
        "  --iters-num N        iters_num (default 10000; 5 with --numerical)",
        "  --batch-size N       batch_size (default 100)",
        "  --hidden-size N      hidden_size (default 50)",
        "  --learning-rate X    learning_rate (default 0.1)",
        "  --weight-init-std X  weight_init_std (default 0.01)",
        "  --seed N             seed of the initial weights and every mini-batch (default 42)",
    ];
    let lines: Vec<&str> = help.lines().collect();
    let at = lines.iter().position(|l| *l == expected[0]).unwrap_or_else(|| panic!("{help}"));
    assert_eq!(lines[at..at + expected.len()], expected, "in the table's order, one after the other");
    let synopsis = "[--iters-num N] [--batch-size N] [--hidden-size N] [--learning-rate X] [--weight-init-std X] [--seed N]";
    assert!(lines[0].starts_with(&format!("train [--numerical] {synopsis} [--limit N]")), "{}", lines[0]);
    // Every setting of the table is there, each as its own flag.
    for setting in backprop::lab::settings::Setting::ALL {
        assert_eq!(lines.iter().filter(|l| l.starts_with(&format!("  {} ", setting.flag()))).count(), 1, "{}", setting.name());
    }
}
