//! `steps` (for `make check-mine`): this project's answers, as JSON, to everything a learner's
//! numpy code is compared with, number by number: each function and layer of the notes on small
//! inputs (given in the file, the same for both), a small `TwoLayerNet` (4, 5, 3) with
//! `np.random.seed(S)`, the notes' gradient check (784-50-10 on the first 3 images), then the
//! first iterations of the notes' loop (batch 100, learning rate 0.1) with every value of each:
//! the batch, each layer's output on the way forward, the loss, each `dout` on the way back, the
//! four gradients, the parameters after the update and the loss after it.

use backprop::functions::{cross_entropy_error, one_hot, softmax};
use backprop::gradient::numerical_gradient;
use backprop::lab::cli::{self, Args};
use backprop::lab::json::{self, Out};
use backprop::lab::output;
use backprop::lab::step::step;
use backprop::layers::{AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss};
use backprop::matrix::Matrix;
use backprop::mnist::{Images, CLASSES, IMAGE_SIZE};
use backprop::rng::Rng;
use backprop::two_layer_net::{Grads, WEIGHT_INIT_STD};
use backprop::TwoLayerNet;
use std::path::PathBuf;

const USAGE: &str = "steps --out FILE [--iterations K] [--seed S] [--data DIR]
  Writes this project's values for make check-mine as JSON into FILE (replaced if it is in
  target/): the notes' functions and layers on small inputs, a small TwoLayerNet, the gradient
  check, and every value of the first K iterations (default 3) of the notes' loop, seed S
  (default 42), batch 100, learning rate 0.1.
";

/// The small network every method of `TwoLayerNet` is checked on: input, hidden, output sizes.
const SMALL: (usize, usize, usize) = (4, 5, 3);

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

/// dW1, db1, dW2, db2 under the notes' names.
fn grads(g: &Grads) -> String {
    let mut out = Out::new();
    for (name, m) in g.iter() {
        out = out.raw(name, &array(m, name.starts_with('b')));
    }
    out.done()
}

/// A (rows, cols) matrix of `scale · randn`.
fn randn(rng: &mut Rng, rows: usize, cols: usize, scale: f64) -> Matrix {
    Matrix::from_vec(rows, cols, (0..rows * cols).map(|_| scale * rng.randn()).collect())
}

/// `rows` one-hot rows of `classes` columns, labels drawn from `rng`.
fn random_one_hot(rng: &mut Rng, rows: usize, classes: usize) -> Matrix {
    let labels = (0..rows).map(|_| rng.below(classes) as f64).collect();
    one_hot(&Matrix::from_vec(rows, 1, labels), classes)
}

/// The matrix itself, as `numerical_gradient`'s `x` for a plain matrix.
fn itself(m: &mut Matrix) -> &mut Matrix {
    m
}

/// Each function and layer of the notes on inputs drawn from `rng`, with the inputs.
fn functions(rng: &mut Rng) -> String {
    // softmax: two ordinary rows and one of large scores (only the overflow guard survives it)
    let mut x = randn(rng, 3, 4, 3.0);
    x.row_mut(2).copy_from_slice(&[1000.0, 1010.0, 990.0, 1005.0]);
    let softmax_case = Out::new().raw("x", &array(&x, false)).raw("out", &array(&softmax(&x), false)).done();

    // cross_entropy_error: a batch of 4, then one image as the notes' 1-D case
    let y = softmax(&randn(rng, 4, 10, 2.0));
    let t = random_one_hot(rng, 4, 10);
    let (y1, t1) = (y.slice_rows(0, 1), t.slice_rows(0, 1));
    let cross_entropy_case = Out::new()
        .raw("y", &array(&y, false))
        .raw("t", &array(&t, false))
        .num("out", cross_entropy_error(&y, &t))
        .raw("y1", &array(&y1, true))
        .raw("t1", &array(&t1, true))
        .num("out1", cross_entropy_error(&y1, &t1))
        .done();

    // numerical_gradient: the book's function_2 (x0² + x1²) at (3, 4), then Σ x² on a matrix
    let mut point = Matrix::from_rows([[3.0, 4.0]]);
    let at_point = numerical_gradient(|x: &mut Matrix| x.data[0] * x.data[0] + x.data[1] * x.data[1], &mut point, itself);
    let mut x2 = randn(rng, 2, 3, 1.0);
    let at_x2 = numerical_gradient(|x: &mut Matrix| x.data.iter().map(|v| v * v).sum(), &mut x2, itself);
    let numerical_case = Out::new()
        .raw("x", &array(&point, true))
        .raw("out", &array(&at_point, true))
        .raw("x2", &array(&x2, false))
        .raw("out2", &array(&at_x2, false))
        .done();

    // MulLayer and AddLayer: the notes' apples (100 won, 2 of them, tax 1.1), dout 1.3
    let mut mul = MulLayer::new();
    let mul_out = mul.forward(100.0, 2.0);
    let (mul_dx, mul_dy) = mul.backward(1.3);
    let mul_case =
        Out::new().num("x", 100.0).num("y", 2.0).num("out", mul_out).num("dout", 1.3).num("dx", mul_dx).num("dy", mul_dy).done();
    let mut add = AddLayer::new();
    let add_out = add.forward(200.0, 450.0);
    let (add_dx, add_dy) = add.backward(1.3);
    let add_case = Out::new()
        .num("x", 200.0)
        .num("y", 450.0)
        .num("out", add_out)
        .num("dout", 1.3)
        .num("dx", add_dx)
        .num("dy", add_dy)
        .done();

    // Relu (one input exactly 0, which the mask x <= 0 zeroes) and Sigmoid
    let mut x = randn(rng, 3, 4, 1.0);
    x.data[5] = 0.0;
    let dout = randn(rng, 3, 4, 1.0);
    let activation = |out: &Matrix, dx: &Matrix| {
        let case = Out::new().raw("x", &array(&x, false)).raw("out", &array(out, false));
        case.raw("dout", &array(&dout, false)).raw("dx", &array(dx, false)).done()
    };
    let (mut relu, mut sigmoid) = (Relu::new(), Sigmoid::new());
    let relu_case = activation(&relu.forward(&x), &relu.backward(&dout));
    let sigmoid_case = activation(&sigmoid.forward(&x), &sigmoid.backward(&dout));

    // Affine: x (2, 4), W (4, 3), b (3,), dout (2, 3)
    let (w, b, x, dout) = (randn(rng, 4, 3, 1.0), randn(rng, 1, 3, 1.0), randn(rng, 2, 4, 1.0), randn(rng, 2, 3, 1.0));
    let mut affine = Affine::new(w.clone(), b.clone());
    let affine_out = affine.forward(&x);
    let affine_dx = affine.backward(&dout);
    let affine_case = Out::new()
        .raw("W", &array(&w, false))
        .raw("b", &array(&b, true))
        .raw("x", &array(&x, false))
        .raw("out", &array(&affine_out, false))
        .raw("dout", &array(&dout, false))
        .raw("dx", &array(&affine_dx, false))
        .raw("dW", &array(&affine.dw, false))
        .raw("db", &array(&affine.db, true))
        .done();

    // SoftmaxWithLoss: scores (4, 10), one-hot targets, backward(1)
    let (x, t) = (randn(rng, 4, 10, 2.0), random_one_hot(rng, 4, 10));
    let mut last = SoftmaxWithLoss::new();
    let loss = last.forward(&x, &t);
    let last_case = Out::new()
        .raw("x", &array(&x, false))
        .raw("t", &array(&t, false))
        .num("out", loss)
        .raw("dx", &array(&last.backward(1.0), false))
        .done();

    Out::new()
        .raw("softmax", &softmax_case)
        .raw("cross_entropy_error", &cross_entropy_case)
        .raw("numerical_gradient", &numerical_case)
        .raw("MulLayer", &mul_case)
        .raw("AddLayer", &add_case)
        .raw("Relu", &relu_case)
        .raw("Sigmoid", &sigmoid_case)
        .raw("Affine", &affine_case)
        .raw("SoftmaxWithLoss", &last_case)
        .done()
}

/// Every method of a small `TwoLayerNet` built after `np.random.seed(seed)`, on 8 random
/// "images" of 4 pixels drawn from `rng`.
fn small_network(seed: u32, rng: &mut Rng) -> String {
    let (input, hidden, output) = SMALL;
    let pixels = (0..8 * input).map(|_| rng.below(256) as u8).collect();
    let images = Images::new(8, input, pixels, true);
    let (x, t) = (images.to_matrix(), random_one_hot(rng, 8, output));
    let mut network = TwoLayerNet::new(input, hidden, output, WEIGHT_INIT_STD, &mut Rng::new(seed));
    Out::new()
        .ints("sizes", &[input, hidden, output])
        .raw("x", &array(&x, false))
        .raw("t", &array(&t, false))
        .raw("params", &params(&network))
        .raw("predict", &array(&network.predict(&x), false))
        .num("loss", network.loss(&x, &t))
        .num("accuracy", network.accuracy(&images, &t))
        .raw("numerical_gradient", &grads(&network.numerical_gradient(&x, &t)))
        .raw("gradient", &grads(&network.gradient(&x, &t)))
        .done()
}

/// The notes' gradient check (ch05/gradient_check.py): a 784-50-10 network after
/// `np.random.seed(seed)`, both gradients on the first 3 training images.
fn gradient_check(seed: u32, x_train: &Images, t_train: &Matrix) -> String {
    let mut network = TwoLayerNet::new(IMAGE_SIZE, 50, CLASSES, WEIGHT_INIT_STD, &mut Rng::new(seed));
    let (x, t) = (x_train.first(3).to_matrix(), t_train.slice_rows(0, 3));
    let numerical = network.numerical_gradient(&x, &t);
    let backprop = network.gradient(&x, &t);
    Out::new().int("images", 3).raw("numerical", &grads(&numerical)).raw("backprop", &grads(&backprop)).done()
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
    let functions = functions(&mut Rng::new(seed.wrapping_add(1)));
    let small = small_network(seed, &mut Rng::new(seed.wrapping_add(2)));
    let check = gradient_check(seed, &x_train, &t_train);
    let mut steps = Vec::new();
    for _ in 0..iterations {
        let batch_mask = rng.choice(x_train.rows, batch_size);
        let (x, t) = (x_train.select_rows(&batch_mask), t_train.select_rows(&batch_mask));
        // network.gradient(x_batch, t_batch), with every value kept.
        let s = step(&network, &x, &t);
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
                .raw("grads", &grads(&s.grads))
                .raw("params", &params(&network))
                .num("loss_after", loss_after)
                .done(),
        );
    }
    let text = Out::new()
        .int("seed", seed as usize)
        .raw("functions", &functions)
        .raw("network", &small)
        .raw("gradient_check", &check)
        .raw("initial", &initial)
        .raw("iterations", &json::list(steps.into_iter()))
        .done();
    output::write_file(&out_path, text.as_bytes()).unwrap_or_else(|e| cli::fail(&e, &e.hint));
}
