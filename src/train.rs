//! 5.7.4 오차역전파법을 사용한 학습 구현하기 (the book's train_neuralnet.py): the notes' training
//! loop, mini-batch SGD on MNIST, with the gradient found by backprop or, as in the notes' first
//! loop, by numerical differentiation.

use crate::gradient::reporting_progress;
use crate::matrix::Rows;
use crate::mnist::{Dataset, CLASSES, IMAGE_SIZE};
use crate::rng::Rng;
use crate::two_layer_net::{Grads, TwoLayerNet, WEIGHT_INIT_STD};
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

/// How `train` finds the gradient each iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `network.gradient(x_batch, t_batch)`: backpropagation (오차역전파법).
    Backprop,
    /// `network.numerical_gradient(x_batch, t_batch)`: two forward passes per parameter.
    Numerical,
}

/// The notes' hyperparameters (하이퍼파라미터).
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// `iters_num`: how many mini-batch updates (10000; 5 for the numerical loop).
    pub iters_num: usize,
    /// `batch_size`: images per mini-batch (100).
    pub batch_size: usize,
    /// `hidden_size` of the TwoLayerNet (50).
    pub hidden_size: usize,
    /// `learning_rate` of the SGD update (0.1).
    pub learning_rate: f64,
    /// `weight_init_std` of the initial weights (0.01).
    pub weight_init_std: f64,
    /// The seed of the one generator behind the initial weights and every mini-batch
    /// (`np.random.seed(seed)`).
    pub seed: u32,
    /// Backprop or numerical gradient.
    pub method: Method,
}

impl Default for TrainConfig {
    /// The notes' backprop loop: 10000 iterations, batch 100, hidden 50, learning rate 0.1.
    fn default() -> TrainConfig {
        TrainConfig {
            iters_num: 10_000,
            batch_size: 100,
            hidden_size: 50,
            learning_rate: 0.1,
            weight_init_std: WEIGHT_INIT_STD,
            seed: 42,
            method: Method::Backprop,
        }
    }
}

/// What the loop records, under the notes' names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// The loss on each iteration's mini-batch, after its update.
    pub train_loss_list: Vec<f64>,
    /// Accuracy on all training images, once per epoch.
    pub train_acc_list: Vec<f64>,
    /// Accuracy on all test images, once per epoch.
    pub test_acc_list: Vec<f64>,
}

/// Something the loop reports as it goes, for the caller to print.
#[derive(Clone, Debug)]
pub enum Event {
    /// Iteration `i` (from 0) finished with this mini-batch loss; its gradient took
    /// `gradient_seconds`. In a numerical run, `backprop_seconds` is how long backprop takes on
    /// the same batch (measured for comparison, its result unused).
    Iteration { i: usize, loss: f64, gradient_seconds: f64, backprop_seconds: Option<f64> },
    /// At `i % iter_per_epoch == 0`: accuracy on the full train and test sets.
    Epoch { i: usize, train_acc: f64, test_acc: f64 },
}

/// The loss stopped being a finite number: training cannot go on from there.
#[derive(Clone, Debug, PartialEq)]
pub struct Diverged {
    /// The iteration (from 0) whose loss was not finite.
    pub iteration: usize,
    pub loss: f64,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the loss became {} at iteration {}; training stopped", self.loss, self.iteration)
    }
}

impl std::error::Error for Diverged {}

/// What training produced: the network, the notes' lists, and whether it stopped early.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub network: TwoLayerNet,
    pub history: History,
    /// `Some` if the loss became inf or NaN; `history` then holds everything up to that point.
    pub diverged: Option<Diverged>,
    /// Whether `on_event` asked to stop before the last iteration.
    pub stopped: bool,
}

/// The notes' accuracy line, `'train acc, test acc | ' + str(train_acc) + ', ' + str(test_acc)`:
/// `train acc, test acc | 0.9056, 0.9092`, each number as Python's `str` writes a float.
pub fn accuracy_line(train_acc: f64, test_acc: f64) -> String {
    format!("train acc, test acc | {}, {}", python_float(train_acc), python_float(test_acc))
}

/// `str(x)` of a Python float: the shortest decimal that reads back as the same number (as
/// Rust's `{}`), but `1.0` rather than `1`, and `1.6666666666666667e-05` below 1e-4 or from 1e16 on.
pub fn python_float(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() { "nan".into() } else if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // The decimal exponent, exactly as the shortest digits have it: 1.6666666666666667e-5 → -5.
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an e");
    let exponent: i32 = exponent.parse().expect("an integer exponent");
    if x != 0.0 && !(-4..16).contains(&exponent) {
        // Python pads the exponent to two digits with a sign: 1.6666666666666667e-05, 1e+16.
        return format!("{mantissa}e{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs());
    }
    let s = format!("{x}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// `iter_per_epoch`: mini-batches per epoch (one pass over the training set's size), at least 1.
///
/// An integer on purpose: the notes' `max(train_size / batch_size, 1)` is a float in Python 3
/// (468.75 for batch 128), and `i % 468.75 == 0` then holds only every 1875 iterations.
pub fn iter_per_epoch(train_size: usize, batch_size: usize) -> usize {
    (train_size / batch_size).max(1)
}

/// What `train` calls with `(done, total)` parameter entries while a numerical gradient is being
/// computed (from worker threads).
pub type ProgressFn = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// The notes' training loop on `data`. Calls `on_event` after every iteration and epoch (it
/// answers `ControlFlow::Break(())` to stop the run there), and `progress(done, total)` while a
/// numerical gradient is being computed.
pub fn train(config: &TrainConfig, data: &Dataset, on_event: &mut dyn FnMut(Event) -> ControlFlow<()>, progress: ProgressFn) -> Outcome {
    let ((x_train, t_train), (x_test, t_test)) = data;
    let mut rng = Rng::new(config.seed);
    let mut network = TwoLayerNet::new(IMAGE_SIZE, config.hidden_size, CLASSES, config.weight_init_std, &mut rng);
    let mut history = History::default();

    let train_size = x_train.rows;
    let iter_per_epoch = iter_per_epoch(train_size, config.batch_size);

    for i in 0..config.iters_num {
        // 미니배치 획득: batch_size random rows, with replacement (np.random.choice).
        let batch_mask = rng.choice(train_size, config.batch_size);
        let x_batch = x_train.select_rows(&batch_mask);
        let t_batch = t_train.select_rows(&batch_mask);

        // 기울기 계산
        let start = Instant::now();
        let grad: Grads = match config.method {
            Method::Backprop => network.gradient(&x_batch, &t_batch),
            Method::Numerical => {
                reporting_progress(network.param_count(), progress.clone(), || network.numerical_gradient(&x_batch, &t_batch))
            }
        };
        let gradient_seconds = start.elapsed().as_secs_f64();
        let backprop_seconds = (config.method == Method::Numerical).then(|| {
            let mut copy = network.clone();
            let start = Instant::now();
            std::hint::black_box(copy.gradient(&x_batch, &t_batch));
            start.elapsed().as_secs_f64()
        });

        // 매개변수 갱신
        network.update(&grad, config.learning_rate);

        // 학습 경과 기록
        let loss = network.loss(&x_batch, &t_batch);
        history.train_loss_list.push(loss);
        let mut flow = on_event(Event::Iteration { i, loss, gradient_seconds, backprop_seconds });
        if !loss.is_finite() {
            return Outcome { network, history, diverged: Some(Diverged { iteration: i, loss }), stopped: false };
        }

        // 1에폭당 정확도 계산
        if i % iter_per_epoch == 0 {
            let train_acc = network.accuracy(x_train, t_train);
            let test_acc = network.accuracy(x_test, t_test);
            history.train_acc_list.push(train_acc);
            history.test_acc_list.push(test_acc);
            if on_event(Event::Epoch { i, train_acc, test_acc }).is_break() {
                flow = ControlFlow::Break(());
            }
        }
        if flow.is_break() {
            return Outcome { network, history, diverged: None, stopped: i + 1 < config.iters_num };
        }
    }
    Outcome { network, history, diverged: None, stopped: false }
}

/// `history.csv`: one row per iteration, `iteration,loss`.
pub fn history_csv(history: &History) -> String {
    let mut csv = String::from("iteration,loss\n");
    for (i, loss) in history.train_loss_list.iter().enumerate() {
        csv.push_str(&format!("{i},{loss}\n"));
    }
    csv
}

/// `epochs.csv`: one row per epoch, `epoch,train_acc,test_acc`.
pub fn epochs_csv(history: &History) -> String {
    let mut csv = String::from("epoch,train_acc,test_acc\n");
    for (epoch, (train, test)) in history.train_acc_list.iter().zip(&history.test_acc_list).enumerate() {
        csv.push_str(&format!("{epoch},{train},{test}\n"));
    }
    csv
}

/// The largest difference between two networks' parameters (to compare the two methods' updates).
pub fn max_param_diff(a: &TwoLayerNet, b: &TwoLayerNet) -> f64 {
    a.params()
        .iter()
        .zip(b.params())
        .flat_map(|((_, pa), (_, pb))| pa.data.iter().zip(&pb.data).map(|(x, y)| (x - y).abs()))
        .fold(0.0, f64::max)
}
