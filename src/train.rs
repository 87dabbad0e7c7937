//! 5.7.4 오차역전파법을 사용한 학습 구현하기 (the book's train_neuralnet.py): the notes' training
//! loop, mini-batch SGD on MNIST, with the gradient found by backprop or, as in the notes' first
//! loop, by numerical differentiation.

use crate::mnist::{Dataset, CLASSES, IMAGE_SIZE};
use crate::rng::Rng;
use crate::two_layer_net::{TwoLayerNet, WEIGHT_INIT_STD};
use std::ops::ControlFlow;

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

/// What the loop tells its caller as it goes (the page draws it; `make train` times it).
#[derive(Clone, Copy, Debug)]
pub enum Event {
    /// Iteration `i` (from 0) finished with this mini-batch loss.
    Iteration { i: usize, loss: f64 },
    /// At `i % iter_per_epoch == 0`: accuracy on the full train and test sets.
    Epoch { i: usize, train_acc: f64, test_acc: f64 },
}

/// How the loop ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// All `iters_num` iterations ran.
    Finished,
    /// The caller's `on_event` answered `Break` after iteration `at` (from 0).
    Stopped { at: usize },
    /// The loss of iteration `at` became inf or NaN: training cannot go on from there.
    Diverged { at: usize, loss: f64 },
}

/// What training produced: the network, the notes' lists, and how the loop ended.
#[derive(Clone, Debug)]
pub struct Trained {
    pub network: TwoLayerNet,
    pub history: History,
    pub outcome: Outcome,
}

/// `iter_per_epoch`: mini-batches per epoch (one pass over the training set's size), at least 1.
///
/// An integer on purpose: the notes' `max(train_size / batch_size, 1)` is a float in Python 3
/// (468.75 for batch 128), and `i % 468.75 == 0` then holds only every 1875 iterations.
pub fn iter_per_epoch(train_size: usize, batch_size: usize) -> usize {
    (train_size / batch_size).max(1)
}

/// The notes' training loop on `data`, printing the notes' accuracy line each epoch. After every
/// iteration and epoch it calls `on_event`, which answers `ControlFlow::Break(())` to stop there.
pub fn train(config: &TrainConfig, data: &Dataset, on_event: &mut dyn FnMut(Event) -> ControlFlow<()>) -> Trained {
    let ((x_train, t_train), (x_test, t_test)) = data;
    let mut rng = Rng::new(config.seed); // np.random.seed(seed)
    let mut network = TwoLayerNet::new(IMAGE_SIZE, config.hidden_size, CLASSES, config.weight_init_std, &mut rng);
    let mut history = History::default();

    let train_size = x_train.rows;
    let iter_per_epoch = iter_per_epoch(train_size, config.batch_size);

    for i in 0..config.iters_num {
        // 미니배치 획득: batch_size random rows, with replacement (np.random.choice)
        let batch_mask = rng.choice(train_size, config.batch_size);
        let x_batch = x_train.select_rows(&batch_mask);
        let t_batch = t_train.select_rows(&batch_mask);

        // 기울기 계산
        let grad = match config.method {
            Method::Backprop => network.gradient(&x_batch, &t_batch), // 오차역전파법
            Method::Numerical => network.numerical_gradient(&x_batch, &t_batch),
        };

        // 갱신
        for (key, param) in network.params_mut() {
            param.sub_scaled(config.learning_rate, &grad[key]); // params[key] -= learning_rate * grad[key]
        }

        // 학습 경과 기록
        let loss = network.loss(&x_batch, &t_batch);
        history.train_loss_list.push(loss);
        let mut flow = on_event(Event::Iteration { i, loss });
        if !loss.is_finite() {
            return Trained { network, history, outcome: Outcome::Diverged { at: i, loss } };
        }

        // 1에폭당 정확도 계산
        if i % iter_per_epoch == 0 {
            let train_acc = network.accuracy(x_train, t_train);
            let test_acc = network.accuracy(x_test, t_test);
            history.train_acc_list.push(train_acc);
            history.test_acc_list.push(test_acc);
            println!("{}", accuracy_line(train_acc, test_acc));
            if on_event(Event::Epoch { i, train_acc, test_acc }).is_break() {
                flow = ControlFlow::Break(());
            }
        }
        if flow.is_break() && i + 1 < config.iters_num {
            return Trained { network, history, outcome: Outcome::Stopped { at: i } };
        }
    }
    Trained { network, history, outcome: Outcome::Finished }
}

/// The line printed each epoch, as the notes print it: `train acc, test acc | 0.9055, 0.9092`.
/// `{:?}` writes an accuracy as Python's `str()` does: 0.9055, 1.0 (Rust's `{}` writes 1).
pub fn accuracy_line(train_acc: f64, test_acc: f64) -> String {
    format!("train acc, test acc | {train_acc:?}, {test_acc:?}")
}
