//! PGM digits, the confusion matrix, the predict and trace binaries, and `make debug`'s gdb script.

mod common;
use backprop::functions::label;
use backprop::lab::digits::ConfusionMatrix;
use backprop::lab::pgm::{parse_pgm, to_mnist_input, PgmError};
use backprop::{Rng, TwoLayerNet};
use std::process::Command;

/// A 5×4 P2 image with a comment in the header.
const P2: &[u8] = b"P2\n# a comment\n5 4\n# another\n255\n0 0 0 0 0\n0 255 128 0 0\n0 255 255 0 0\n0 0 0 0 0\n";

#[test]
fn a_p2_file_with_comments() {
    let g = parse_pgm(P2).unwrap();
    assert_eq!((g.width, g.height), (5, 4));
    assert_eq!(g.pixels[6], 1.0);
    assert_eq!(g.pixels[7], 128.0 / 255.0);
}

#[test]
fn a_p5_file_one_and_two_bytes_per_pixel() {
    let mut p5 = b"P5 3 2 255\n".to_vec();
    p5.extend_from_slice(&[0, 10, 255, 20, 30, 40]);
    let g = parse_pgm(&p5).unwrap();
    assert_eq!(g.pixels, [0.0, 10.0, 255.0, 20.0, 30.0, 40.0].map(|v| v / 255.0));
    let mut wide = b"P5\n2 1\n# deep\n65535\n".to_vec();
    wide.extend_from_slice(&[0xff, 0xff, 0x00, 0x01]);
    assert_eq!(parse_pgm(&wide).unwrap().pixels, vec![1.0, 1.0 / 65535.0]);
}

#[test]
fn malformed_pgm_files() {
    assert_eq!(parse_pgm(b"P6 1 1 255\n\0\0\0"), Err(PgmError::NotPgm));
    assert_eq!(parse_pgm(b"P6 1 1 255\n").unwrap_err().to_string(), "not a PGM image (it does not start with P2 or P5)");
    assert_eq!(parse_pgm(b"P2 3").unwrap_err().to_string(), "the PGM header has no valid height");
    assert_eq!(parse_pgm(b"P2 2 2 255 1 2 3").unwrap_err().to_string(), "the image should have 4 pixels but has 3");
    assert_eq!(parse_pgm(b"P5 2 2 255\n\x01\x02").unwrap_err().to_string(), "the image should have 4 pixels but has 2");
    assert_eq!(parse_pgm(b"P2 1 1 15 16").unwrap_err().to_string(), "pixel 0 is 16, above the maxval 15");
    assert_eq!(parse_pgm(b"P2 0 5 255").unwrap_err().to_string(), "the image is 0x5 pixels; sides from 1 to 4096 are accepted");
    assert_eq!(
        parse_pgm(b"P2 5000 5 255").unwrap_err().to_string(),
        "the image is 5000x5 pixels; sides from 1 to 4096 are accepted"
    );
}

/// A dark "1" (a vertical bar) on a white page, `w × h`.
fn dark_bar_on_white(w: usize, h: usize) -> Vec<u8> {
    let mut pgm = format!("P2 {w} {h} 255\n").into_bytes();
    for y in 0..h {
        for x in 0..w {
            let ink = x >= w / 2 - 1 && x <= w / 2 && y >= h / 5 && y < h - h / 5;
            pgm.extend_from_slice(if ink { b"0 " } else { b"255 " });
        }
        pgm.push(b'\n');
    }
    pgm
}

#[test]
fn a_dark_digit_on_a_light_page_is_inverted_scaled_and_centred() {
    let (x, inverted) = to_mnist_input(&parse_pgm(&dark_bar_on_white(40, 60)).unwrap()).unwrap();
    assert!(inverted);
    assert_eq!(x.len(), 784);
    // The background became 0 (MNIST's black) and the bar light, in whole 0-255 values as MNIST's.
    assert_eq!(x[0], 0.0);
    assert!(x.iter().all(|&v| v.fract() == 0.0 && (0.0..=255.0).contains(&v)));
    assert!(x.iter().copied().fold(0.0, f64::max) > 230.0);
    // The bar is 20 pixels tall (the box fits 20×20) and centred: rows 4..24 hold ink.
    let rows_with_ink: Vec<usize> = (0..28).filter(|r| x[r * 28..(r + 1) * 28].iter().any(|&v| v > 127.0)).collect();
    assert_eq!(rows_with_ink.len(), 20, "{rows_with_ink:?}");
    assert!((3..=5).contains(&rows_with_ink[0]), "{rows_with_ink:?}");
    // Light ink on black stays as it is.
    let (_, inverted) = to_mnist_input(&parse_pgm(P2).unwrap()).unwrap();
    assert!(!inverted);
    assert_eq!(to_mnist_input(&parse_pgm(b"P2 2 2 255 0 0 0 0").unwrap()).unwrap_err(), PgmError::Blank);
}

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
    let train =
        Command::new(env!("CARGO_BIN_EXE_train")).args(["--iters-num", "300", "--out", dir.to_str().unwrap()]).output().unwrap();
    assert!(train.status.success(), "{}", String::from_utf8_lossy(&train.stderr));
    let model = dir.join("model.bin");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_predict")).arg("--model").arg(&model).args(args).output().unwrap();

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

    let missing =
        Command::new(env!("CARGO_BIN_EXE_predict")).args(["--model", "/nonexistent/model.bin", "--index", "0"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr.lines().next(), Some("error: /nonexistent/model.bin: file not found"));
    assert!(stderr.contains("hint: run `make train` first"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn trace_walks_forward_then_backward() {
    if common::mnist("trace_walks_forward_then_backward").is_none() {
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_trace")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let order = [
        "Affine1.forward",
        "Relu1.forward",
        "Affine2.forward",
        "SoftmaxWithLoss.forward",
        "SoftmaxWithLoss.backward",
        "Affine2.backward",
        "Relu1.backward",
        "Affine1.backward",
        "update",
    ];
    let positions: Vec<usize> =
        order.iter().map(|s| stdout.find(s).unwrap_or_else(|| panic!("{s} missing:\n{stdout}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order:\n{stdout}");
    assert!(stdout.lines().any(|l| l.trim_start().starts_with("dW (grads W1)") && l.contains("(784, 50)")), "{stdout}");
}

/// `make debug GDBFLAGS=-batch` as CI would run it: the unoptimised build under rust-gdb with
/// tests/gdb/affine_backward.gdb stops in Affine::backward and prints dout's shape.
#[test]
fn the_debug_script_stops_in_affine_backward() {
    if common::mnist("the_debug_script_stops_in_affine_backward").is_none() {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    if !Command::new("rust-gdb").arg("--version").output().is_ok_and(|o| o.status.success()) {
        common::missing_tool(
            "the_debug_script_stops_in_affine_backward",
            "rust-gdb not found",
            "install gdb and the Rust toolchain's rust-gdb",
        );
        return;
    }
    let out = Command::new("make").args(["-s", "debug", "GDBFLAGS=-batch"]).current_dir(root).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Breakpoint 1, backprop::layers::Affine::backward"), "{stdout}\n{stderr}");
    assert!(stdout.contains("$1 = 2") && stdout.contains("$2 = 10"), "dout is (2, 10):\n{stdout}");
    assert!(stdout.contains("backprop::two_layer_net::TwoLayerNet::gradient"), "backtrace:\n{stdout}");
    // The README's commands: `print *dout` shows the plain fields, three `next`s run dx, dW and
    // db (then `self.db` has the layer's 10 columns), and `finish` returns to `gradient`.
    assert!(stdout.contains("rows: 2, cols: 10"), "print *dout:\n{stdout}");
    assert!(stdout.contains("$7 = 10"), "print self.db.cols after the three nexts:\n{stdout}");
    assert!(
        stdout.contains("Value returned is $8 = backprop::matrix::Matrix {rows: 2, cols: 5"),
        "finish returns dx (2, 5):\n{stdout}"
    );
}
