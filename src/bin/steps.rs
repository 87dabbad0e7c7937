//! `steps` (for `make check-mine`): the first iterations of the notes' loop (`np.random.seed(S)`,
//! batch 100, learning rate 0.1) with every value of each written as JSON: the initial
//! parameters, then for each iteration the batch, each layer's output on the way forward, the
//! loss, each `dout` on the way back, the four gradients, the parameters after the update and the
//! loss after it. What a learner's numpy code is compared with, number by number.

use backprop::lab::cli::{self, Args};
use backprop::lab::output;
use backprop::lab::serve::json::{self, Out};
use backprop::lab::step::step;
use backprop::matrix::Matrix;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::rng::Rng;
use backprop::two_layer_net::WEIGHT_INIT_STD;
use backprop::TwoLayerNet;
use std::path::PathBuf;

const USAGE: &str = "steps --out FILE [--iterations K] [--seed S] [--data DIR]
  Writes every value of the first K iterations (default 3) of the notes' loop, seed S (default
  42), batch 100, learning rate 0.1, as JSON into FILE (replaced if it is in target/).
";

/// A matrix as `{"shape": [rows, cols], "data": [...]}`; a bias (one row) as numpy's 1-D `(cols,)`.
fn array(m: &Matrix, one_dimensional: bool) -> String {
    let shape = if one_dimensional { vec![m.cols] } else { vec![m.rows, m.cols] };
    Out::new().ints("shape", &shape).list("data", &m.data).done()
}

/// W1, b1, W2, b2 under the notes' names.
fn params(network: &TwoLayerNet) -> String {
    let mut out = Out::new();
    for (name, m) in network.params() {
        out = out.raw(name, &array(m, name.starts_with('b')));
    }
    out.done()
}

fn main() {
    let mut args = Args::from_env(USAGE);
    let out_path: PathBuf =
        args.opt("--out").unwrap_or_else(|| cli::fail("--out is needed", "e.g. --out target/check-mine/steps.json"));
    let iterations = args.positive("--iterations", 3);
    let seed = cli::seed(&mut args, 42);
    let dir = cli::data_dir(&mut args);
    args.finish();
    if let Err(e) = output::check(&out_path, false) {
        cli::fail(&e, &e.hint);
    }
    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    let (batch_size, learning_rate) = (100, 0.1);
    let mut rng = Rng::new(seed); // np.random.seed(seed)
    let mut network = TwoLayerNet::new(IMAGE_SIZE, 50, CLASSES, WEIGHT_INIT_STD, &mut rng);
    let initial = params(&network);
    let mut steps = Vec::new();
    for _ in 0..iterations {
        let batch_mask = rng.choice(x_train.rows, batch_size);
        let (x, t) = (x_train.select_rows(&batch_mask), t_train.select_rows(&batch_mask));
        // network.gradient(x_batch, t_batch), with every value kept.
        let s = step(&network, &x, &t);
        let grads = Out::new()
            .raw("W1", &array(&s.grads.w1, false))
            .raw("b1", &array(&s.grads.b1, true))
            .raw("W2", &array(&s.grads.w2, false))
            .raw("b2", &array(&s.grads.b2, true))
            .done();
        for (key, param) in network.params_mut() {
            param.sub_scaled(learning_rate, &s.grads[key]);
        }
        let loss_after = network.loss(&x, &t);
        steps.push(
            Out::new()
                .ints("batch_mask", &batch_mask)
                .raw("Affine1.forward", &array(&s.a1, false))
                .raw("Relu1.forward", &array(&s.z1, false))
                .raw("Affine2.forward", &array(&s.a2, false))
                .raw("softmax", &array(&s.y, false))
                .num("loss", s.loss)
                .raw("lastLayer.backward", &array(&s.dout_affine2, false))
                .raw("Affine2.backward", &array(&s.dout_relu1, false))
                .raw("Relu1.backward", &array(&s.dout_affine1, false))
                .raw("Affine1.backward", &array(&s.dx, false))
                .raw("grads", &grads)
                .raw("params", &params(&network))
                .num("loss_after", loss_after)
                .done(),
        );
    }
    let text =
        Out::new().int("seed", seed as usize).raw("initial", &initial).raw("iterations", &json::list(steps.into_iter())).done();
    output::write_file(&out_path, text.as_bytes()).unwrap_or_else(|e| cli::fail(&e, &e.hint));
}
