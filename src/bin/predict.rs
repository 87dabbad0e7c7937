//! `make predict`: what the trained network makes of one test digit, of your own digit (a PGM
//! file), or which test digits it gets wrong, with the confusion matrix.

use backprop::functions::{label, softmax};
use backprop::lab::cli::{self, Args};
use backprop::lab::digits::{ascii_digit, mistakes_svg, predicted_labels, probability_bars, ConfusionMatrix, Mistake};
use backprop::lab::input::read_regular;
use backprop::lab::output;
use backprop::lab::pgm::{parse_pgm, to_mnist_input, PgmError, MAX_SIDE};
use backprop::matrix::Matrix;
use backprop::note;
use backprop::say;
use backprop::TwoLayerNet;
use std::path::{Path, PathBuf};

const USAGE: &str = "predict [--model PATH] (--index N | --image FILE.pgm | --mistakes K) [--data DIR] [--out DIR] [--overwrite]
  --model PATH    a network saved by `make train` (default: target/train/model.bin)
  --index N       show test image N, its label, the prediction and the ten probabilities
  --image FILE    read your own digit from a PGM file (P2 or P5), show it as the network sees
                  it (28x28, light ink on black) and classify it
  --mistakes K    show the first K misclassified test images, the confusion matrix and each
                  digit's accuracy, and write mistakes.svg (next to the model, or into --out)
  --data DIR      folder with the MNIST files (default: this crate's data/)
  --out DIR       where mistakes.svg goes; a mistakes.svg already there is kept unless
                  --overwrite is given (in target/ it is replaced)
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let model = args.opt::<PathBuf>("--model").unwrap_or_else(backprop::lab::settings::model_path);
    let mut index: Option<usize> = args.opt("--index");
    let image: Option<PathBuf> = args.opt("--image");
    let mistakes: Option<usize> = args.opt("--mistakes");
    let dir = cli::data_dir(&mut args);
    let out_dir: Option<PathBuf> = args.opt("--out");
    let overwrite = args.flag("--overwrite");
    args.finish();
    if index.is_none() && image.is_none() && mistakes.is_none() {
        note!("note: nothing named to predict: test image 0 (--index N, --image FILE.pgm or --mistakes K for others)");
        index = Some(0);
    }
    if [index.is_some(), image.is_some(), mistakes.is_some()].iter().filter(|&&b| b).count() != 1 {
        cli::fail(
            "say what to predict: one of --index N, --image FILE.pgm or --mistakes K",
            "e.g. `make predict ARGS=\"--index 0\"`",
        );
    }

    let network = cli::load_model_or_exit(&model);

    if let Some(path) = image {
        // The largest PGM a 4096 × 4096 picture makes: 16-bit values as text, 6 characters each.
        let bytes = read_regular(&path, 7 * (MAX_SIDE * MAX_SIDE) as u64 + 100, "a PGM image")
            .unwrap_or_else(|e| cli::fail(format!("{}: {e}", path.display()), "name a PGM file (P2 or P5)"));
        let gray = parse_pgm(&bytes).unwrap_or_else(|e| {
            cli::fail(
                format!("{}: {e}", path.display()),
                "save the image as PGM, e.g. `convert digit.png -colorspace gray digit.pgm`",
            )
        });
        let (pixels, inverted) = to_mnist_input(&gray).unwrap_or_else(|e| {
            let hint = match e {
                PgmError::FadedAway => "draw the digit large, with thick strokes, and crop the page around it",
                _ => "draw a digit",
            };
            cli::fail(format!("{}: {e}", path.display()), hint)
        });
        let x = backprop::mnist::input_row(&pixels);
        say!(
            "{}: {}x{} pixels{}",
            path.display(),
            gray.width,
            gray.height,
            if inverted { ", light background: inverted" } else { "" }
        );
        say!("as the network sees it (28x28):");
        print!("{}", ascii_digit(&x.data));
        let probabilities = probabilities_of(&network, &x);
        say!("predicted: {}", probabilities.argmax_row(0));
        print!("{}", probability_bars(&probabilities));
        return;
    }

    let (_, (x_test, t_test)) = cli::load_mnist_or_exit(&dir);
    if let Some(i) = index {
        if i >= x_test.rows {
            cli::fail(
                format!("--index {i} is past the last test image ({})", x_test.rows - 1),
                format!("pick 0 to {}", x_test.rows - 1),
            );
        }
        let x = x_test.slice_rows(i, i + 1);
        let probabilities = probabilities_of(&network, &x);
        let predicted = probabilities.argmax_row(0);
        say!("test image {i}:");
        print!("{}", ascii_digit(&x.data));
        say!(
            "predicted: {predicted} (true: {}){}",
            label(&t_test, i),
            if predicted == label(&t_test, i) { "" } else { "  wrong" }
        );
        print!("{}", probability_bars(&probabilities));
        return;
    }

    let k = mistakes.unwrap_or(0);
    // Checked before the work: mistakes.svg may be written there.
    let svg_dir = out_dir.unwrap_or_else(|| {
        model.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    });
    let svg_path = svg_dir.join("mistakes.svg");
    if let Err(e) = output::check(&svg_path, overwrite) {
        cli::fail(&e, &e.hint);
    }
    let predicted = predicted_labels(&network, &x_test);
    let truth: Vec<usize> = (0..t_test.rows).map(|i| label(&t_test, i)).collect();
    let wrong: Vec<usize> = (0..truth.len()).filter(|&i| predicted[i] != truth[i]).collect();
    say!(
        "{} of {} test images misclassified (accuracy {:.4})",
        wrong.len(),
        truth.len(),
        1.0 - wrong.len() as f64 / truth.len() as f64
    );
    let shown: Vec<Mistake> = wrong
        .iter()
        .take(k)
        .map(|&i| {
            let x = x_test.slice_rows(i, i + 1);
            let probabilities = probabilities_of(&network, &x);
            Mistake {
                index: i,
                truth: truth[i],
                predicted: predicted[i],
                confidence: probabilities.data[predicted[i]],
                pixels: x.data,
            }
        })
        .collect();
    for m in &shown {
        say!("\ntest image {}: predicted: {} (true: {}), confidence {:.2}", m.index, m.predicted, m.truth, m.confidence);
        print!("{}", ascii_digit(&m.pixels));
    }
    say!("\nconfusion matrix (rows: true digit, columns: predicted)");
    print!("{}", backprop::lab::messages::translate(&ConfusionMatrix::new(&truth, &predicted).table()));
    if let Err(e) = output::write_file(&svg_path, mistakes_svg(&shown).as_bytes()) {
        cli::fail(&e, &e.hint);
    }
    let plural = if shown.len() == 1 { "" } else { "s" };
    say!("wrote {} ({} digit{plural})", svg_path.display(), shown.len());
}

/// softmax of the scores: the network's probability for each digit, one row per image.
fn probabilities_of(network: &TwoLayerNet, x: &Matrix) -> Matrix {
    softmax(&network.clone().predict(x))
}
