//! `make trace`: one training step of a tiny batch, layer by layer: each forward, then each
//! backward in reverse order, printing every matrix's shape and first values under the notes'
//! names. The computational graph of TwoLayerNet::gradient, made visible.

use backprop::lab::cli::{self, Args};
use backprop::lab::settings::Setting;
use backprop::matrix::Matrix;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::say;
use backprop::train::TrainConfig;
use backprop::two_layer_net::WEIGHT_INIT_STD;
use backprop::{Rng, TwoLayerNet};

const USAGE: &str = "trace [--batch-size N] [--hidden-size N] [--learning-rate X] [--seed N] [--data DIR]
  One SGD step on the first N training images (default 2), printing every forward and backward.
  --batch-size N     images in the batch (default 2)
  --hidden-size N    hidden_size of the TwoLayerNet (default 50)
  --learning-rate X  learning_rate of the update (default 0.1)
  --seed N           seed of the initial weights (default 42)
  --data DIR         folder with the MNIST files (default: this crate's data/)
";

/// `name  (rows, cols)  [first values]`, aligned.
fn show(name: &str, m: &Matrix) {
    say!("  {name:<24} {}", m.summary());
}

fn main() {
    let mut args = Args::from_env(USAGE);
    let defaults = TrainConfig::default();
    let batch = args.positive(&Setting::BatchSize.flag(), 2);
    let hidden = args.positive(&Setting::HiddenSize.flag(), defaults.hidden_size);
    let lr: f64 = args.value(&Setting::LearningRate.flag(), defaults.learning_rate);
    let seed = cli::seed(&mut args, defaults.seed);
    let dir = cli::data_dir(&mut args);
    args.finish();

    // The same checks as training's: sizes that fit in memory, a learning rate that is a number.
    cli::check_config(&TrainConfig { hidden_size: hidden, batch_size: batch, learning_rate: lr, ..defaults });
    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    let mut net = TwoLayerNet::new(IMAGE_SIZE, hidden, CLASSES, WEIGHT_INIT_STD, &mut Rng::new(seed));
    let x = x_train.slice_rows(0, batch.min(x_train.rows));
    let t = t_train.slice_rows(0, x.rows);
    say!(
        "seed {seed}; TwoLayerNet {IMAGE_SIZE}-{hidden}-{CLASSES}; batch: the first {} training images (N = {})",
        x.rows,
        x.rows
    );
    say!("(shapes are (rows, cols); values are the first few entries, row by row)\n");

    say!("forward");
    show("x", &x);
    let lit = x.data.iter().filter(|&&v| v != 0.0).count();
    say!("  {:<24} {lit} of {} pixels are lit (nonzero)", "", x.data.len());
    show("t (one-hot)", &t);
    say!("Affine1.forward: out = x·W1 + b1");
    show("W1", &net.affine1.w);
    show("b1", &net.affine1.b);
    let a1 = net.affine1.forward(&x);
    show("out", &a1);
    say!("Relu1.forward: out = max(0, x)");
    let z1 = net.relu1.forward(&a1);
    let masked = net.relu1.mask.iter().filter(|&&m| m).count();
    say!("  {:<24} {masked} of {} entries were <= 0 and became 0", "mask", net.relu1.mask.len());
    show("out", &z1);
    say!("Affine2.forward: out = x·W2 + b2");
    show("W2", &net.affine2.w);
    show("b2", &net.affine2.b);
    let a2 = net.affine2.forward(&z1);
    show("out (scores)", &a2);
    say!("SoftmaxWithLoss.forward: y = softmax(x), loss = cross_entropy_error(y, t)");
    let loss = net.last_layer.forward(&a2, &t);
    show("y", &net.last_layer.y);
    say!("  {:<24} {loss:.6}  (ln 10 = 2.302585: the untrained net guesses uniformly)", "loss");

    say!("\nbackward (reverse order; dout is ∂loss/∂(the layer's output))");
    say!("SoftmaxWithLoss.backward: dout = 1, dx = (y - t) / N");
    let dout = net.last_layer.backward(1.0);
    show("dx", &dout);
    say!("Affine2.backward: dx = dout·W2ᵀ, dW = xᵀ·dout, db = Σ_rows dout");
    show("dout", &dout);
    let dout = net.affine2.backward(&dout);
    show("dx", &dout);
    show("dW (grads W2)", &net.affine2.dw);
    show("db (grads b2)", &net.affine2.db);
    say!("Relu1.backward: dx = dout where x > 0, else 0");
    let dx_relu = net.relu1.backward(&dout);
    show("dx", &dx_relu);
    say!("Affine1.backward: dx = dout·W1ᵀ, dW = xᵀ·dout, db = Σ_rows dout");
    show("dout", &dx_relu);
    let dx = net.affine1.backward(&dx_relu);
    show("dx (unused)", &dx);
    show("dW (grads W1)", &net.affine1.dw);
    let nonzero = net.affine1.dw.data.iter().filter(|&&v| v != 0.0).count();
    say!(
        "  {:<24} {nonzero} of {} entries are nonzero: only the weights of lit pixels and active hidden units move",
        "",
        net.affine1.dw.data.len()
    );
    show("db (grads b1)", &net.affine1.db);

    say!("\nupdate: params[key] -= {lr:?} * grads[key]");
    for affine in [&mut net.affine1, &mut net.affine2] {
        affine.w.sub_scaled(lr, &affine.dw);
        affine.b.sub_scaled(lr, &affine.db);
    }
    let after = net.loss(&x, &t);
    say!("  {:<24} {loss:.6} -> {after:.6}", "loss on this batch");
    if !after.is_finite() {
        cli::fail(
            format!("the loss became {after} after the update: learning rate {lr:?} is far too large"),
            "the notes use --learning-rate 0.1",
        );
    }
}
