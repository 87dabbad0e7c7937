//! Looking at predictions: the confusion matrix over the test set, and `make predict` (a test
//! digit, the mistakes, what a missing model says).

mod common;
use backprop::functions::label;
use backprop::lab::digits::ConfusionMatrix;
use backprop::{Rng, TwoLayerNet};
use common::dark_bar_on_white;

#[test]
fn the_confusion_matrix_of_a_fixed_tiny_model_counts_every_test_image() {
    let Some((_, (x_test, t_test))) = common::mnist("the_confusion_matrix_counts_every_test_image") else { return };
    let mut net = TwoLayerNet::new(784, 5, 10, 0.01, &mut Rng::new(3));
    let predicted = backprop::lab::digits::predicted_labels(&net, x_test);
    let truth: Vec<usize> = (0..t_test.rows).map(|i| label(t_test, i)).collect();
    let m = ConfusionMatrix::new(&truth, &predicted);
    assert_eq!(m.total(), 10000);
    let diagonal: usize = (0..10).map(|d| m.counts[d][d]).sum();
    assert_eq!(diagonal as f64 / 10000.0, net.accuracy(x_test, t_test));
    // Each row holds the test set's count of that digit.
    assert_eq!(
        m.counts.iter().map(|r| r.iter().sum::<usize>()).collect::<Vec<_>>(),
        [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    );
}

#[test]
fn predict_shows_a_test_digit_and_the_mistakes() {
    if common::mnist("predict_shows_a_test_digit").is_none() {
        return;
    }
    let dir = common::temp_dir("predict");
    let train = common::command("train").args(["--iters-num", "300", "--out", dir.to_str().unwrap()]).output().unwrap();
    assert!(train.status.success(), "{}", String::from_utf8_lossy(&train.stderr));
    let model = dir.join("model.bin");
    let run = |args: &[&str]| common::command("predict").arg("--model").arg(&model).args(args).output().unwrap();

    let out = run(&["--index", "0"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("predicted: ") && l.contains("(true: 7)")), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.len() == 56 && l.chars().all(|c| " .:-=+*#%@".contains(c))).count(),
        28,
        "a 28x28 picture"
    );
    // The ten bars are this model's softmax for test image 0, the predicted digit marked.
    let ((_, _), (x_test, _)) = common::mnist("predict_shows_a_test_digit").unwrap();
    let mut network = TwoLayerNet::load_params(&model).unwrap();
    let probabilities = backprop::functions::softmax(&network.predict(&x_test.slice_rows(0, 1)));
    let best = probabilities.argmax_row(0);
    assert!(stdout.contains(&format!("predicted: {best} (true: 7)")), "{stdout}");
    for (digit, p) in probabilities.row(0).iter().enumerate() {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("  {digit} ")))
            .unwrap_or_else(|| panic!("no bar for {digit}:\n{stdout}"));
        assert!(line.starts_with(&format!("  {digit} {p:>7.4} ")), "{line} vs {p}");
        assert_eq!(line.ends_with(" <"), digit == best, "{line}");
    }

    let out = run(&["--mistakes", "3", "--out", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.matches(", confidence ").count(), 3, "{stdout}");
    assert!(stdout.contains("true \\ predicted"), "{stdout}");
    let svg = std::fs::read_to_string(dir.join("mistakes.svg")).unwrap();
    assert_eq!(svg.matches("<g id=\"mistake-").count(), 3);
    assert!(svg.trim_end().ends_with("</svg>"));

    let pgm = dir.join("one.pgm");
    std::fs::write(&pgm, dark_bar_on_white(40, 60)).unwrap();
    let out = run(&["--image", pgm.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("inverted") && stdout.contains("predicted: "), "{stdout}");

    let missing = common::command("predict").args(["--model", "/nonexistent/model.bin", "--index", "0"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr.lines().next(), Some("error: /nonexistent/model.bin: file not found"));
    assert!(stderr.contains("hint: run `make train` first"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
