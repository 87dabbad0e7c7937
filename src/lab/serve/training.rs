//! Training from the page (`POST /api/train`): the same `train` function as `make train`, on a
//! thread of its own, one run at a time. Every report becomes an event, kept, so that a page
//! that connects to `GET /api/train/events` (server-sent events) in the middle of a run gets
//! the run so far and then the rest. When the run ends the page's network is the new one.
//!
//! Events, one JSON object each: `start` (the settings), `iteration` (`i`, `loss`, `t` seconds),
//! `epoch` (`i`, `train_acc`, `test_acc`), `progress` (within one numerical gradient: about `done`
//! of `total` parameter entries, estimated from the clock, see [`progress`](crate::lab::progress)),
//! and last `done`, `stopped` or `diverged`, after which the stream ends.

use super::http::{Body, Response};
use super::json::Out;
use crate::lab::plot::accuracy_line;
use crate::lab::progress;
use crate::mnist::Dataset;
use crate::train::{iter_per_epoch, train, Event, Method, Outcome, TrainConfig};
use crate::two_layer_net::TwoLayerNet;
use std::io::Write;
use std::net::TcpStream;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One run of training started from the page.
pub struct Run {
    pub config: TrainConfig,
    /// The events so far, each a JSON object, and whether the last one has come.
    log: Mutex<(Vec<String>, bool)>,
    /// Woken at each new event.
    changed: Condvar,
    /// Set by `POST /api/train/stop`; the loop ends after its current iteration.
    stop: AtomicBool,
    started: Instant,
    /// The iteration whose gradient is being computed, and since when (for a numerical
    /// gradient's progress).
    gradient: Mutex<(usize, Instant)>,
}

impl Run {
    fn push(&self, event: String, last: bool) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        log.0.push(event);
        log.1 |= last;
        self.changed.notify_all();
    }

    /// Five times a second until the last gradient is done: how far the current numerical
    /// gradient (of iteration `i`) has got, estimated from the clock (one takes about
    /// `per_gradient` seconds).
    fn report_progress(&self, per_gradient: f64, total: usize) {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let (i, started) = *self.gradient.lock().unwrap_or_else(|e| e.into_inner());
            if i >= self.config.iters_num || self.finished() {
                return;
            }
            let (done, left) = progress::estimate(started, per_gradient, total);
            let t = self.started.elapsed().as_secs_f64();
            let event = Out::new().str("type", "progress").int("i", i).int("done", done).int("total", total);
            self.push(event.num("left", left).num("t", t).done(), false);
        }
    }

    /// Whether the run has ended.
    pub fn finished(&self) -> bool {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    /// Events from `from` on, waiting up to `wait` for at least one; and whether that is all.
    fn events_from(&self, from: usize, wait: Duration) -> (Vec<String>, bool) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let (log, _) = self
            .changed
            .wait_timeout_while(log, wait, |(events, last)| events.len() <= from && !*last)
            .unwrap_or_else(|e| e.into_inner());
        (log.0.get(from..).unwrap_or(&[]).to_vec(), log.1)
    }
}

/// The page's training run, if one was started (the server keeps one of these).
pub type Slot = Mutex<Option<Arc<Run>>>;

/// Starts a run with `config` on `data` on a new thread, into `slot`; refused while another one
/// runs. When it ends with a network, `adopt(network, where it came from)` is called.
pub fn start(
    slot: &Slot,
    data: Arc<Dataset>,
    config: TrainConfig,
    adopt: impl FnOnce(TwoLayerNet, String) + Send + 'static,
) -> Response {
    let mut current = slot.lock().unwrap_or_else(|e| e.into_inner());
    if current.as_ref().is_some_and(|run| !run.finished()) {
        return Response::error(409, "a training run is already going; stop it first (POST /api/train/stop)");
    }
    let now = Instant::now();
    let run = Arc::new(Run {
        config,
        log: Mutex::new((Vec::new(), false)),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
        started: now,
        gradient: Mutex::new((0, now)),
    });
    *current = Some(Arc::clone(&run));
    drop(current);
    std::thread::spawn(move || run_training(&data, run, adopt));
    Response::json(202, Out::new().str("status", "started").str("events", "/api/train/events").done())
}

/// Asks the current run to stop after its iteration.
pub fn stop(slot: &Slot) -> Response {
    match slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(run) if !run.finished() => {
            run.stop.store(true, Ordering::Relaxed);
            Response::json(200, Out::new().str("status", "stopping").done())
        }
        _ => Response::error(409, "no training run is going"),
    }
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Backprop => "backprop",
        Method::Numerical => "numerical",
    }
}

fn run_training(data: &Dataset, run: Arc<Run>, adopt: impl FnOnce(TwoLayerNet, String)) {
    let config = &run.config;
    let train_size = data.0 .0.rows;
    run.push(
        Out::new()
            .str("type", "start")
            .int("iters_num", config.iters_num)
            .int("batch_size", config.batch_size)
            .int("hidden_size", config.hidden_size)
            .num("learning_rate", config.learning_rate)
            .int("seed", config.seed as usize)
            .str("method", method_name(config.method))
            .int("iter_per_epoch", iter_per_epoch(train_size, config.batch_size))
            .done(),
        false,
    );
    if config.method == Method::Numerical {
        let per_gradient = progress::numerical_gradient_seconds(config, &data.0 .0);
        let total = config.param_count();
        let reporter = Arc::clone(&run);
        *run.gradient.lock().unwrap_or_else(|e| e.into_inner()) = (0, Instant::now());
        std::thread::spawn(move || reporter.report_progress(per_gradient, total));
    }
    let mut on_event = |event: Event| {
        let t = run.started.elapsed().as_secs_f64();
        if let Event::Iteration { i, .. } = event {
            *run.gradient.lock().unwrap_or_else(|e| e.into_inner()) = (i + 1, Instant::now());
        }
        match event {
            Event::Iteration { i, loss } => {
                run.push(Out::new().str("type", "iteration").int("i", i).num("loss", loss).num("t", t).done(), false)
            }
            Event::Epoch { i, train_acc, test_acc } => run.push(
                Out::new()
                    .str("type", "epoch")
                    .int("i", i)
                    .num("train_acc", train_acc)
                    .num("test_acc", test_acc)
                    .str("line", &accuracy_line(train_acc, test_acc))
                    .num("t", t)
                    .done(),
                false,
            ),
        }
        if run.stop.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    // `train` prints the notes' accuracy line: if the server's stdout was closed, that panics here.
    let trained = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| train(config, data, &mut on_event)));
    let Ok(mut trained) = trained else {
        let error = "training stopped: the server's output (stdout) is closed, so the notes' accuracy line cannot be printed";
        run.push(Out::new().str("type", "error").str("error", error).done(), true);
        return;
    };
    let ((x_train, t_train), (x_test, t_test)) = data;
    let (train_acc, test_acc) = (trained.network.accuracy(x_train, t_train), trained.network.accuracy(x_test, t_test));
    let iterations = trained.history.train_loss_list.len();
    let kind = match trained.outcome {
        Outcome::Finished => "done",
        Outcome::Stopped { .. } => "stopped",
        Outcome::Diverged { .. } => "diverged",
    };
    let last_line = match (trained.history.train_acc_list.last(), trained.history.test_acc_list.last()) {
        (Some(&a), Some(&b)) => accuracy_line(a, b),
        _ => String::new(),
    };
    let mut event = Out::new()
        .str("type", kind)
        .int("iterations", iterations)
        .num("train_acc", train_acc)
        .num("test_acc", test_acc)
        .str("last_epoch_line", &last_line)
        .num("seconds", run.started.elapsed().as_secs_f64());
    if let Outcome::Diverged { at, loss } = trained.outcome {
        event = event.str("error", &format!("the loss became {loss} at iteration {at}; training stopped"));
    } else {
        let source = format!(
            "trained on this page: seed {}, {} iterations, batch {}, hidden {}, learning rate {}, {}",
            config.seed,
            iterations,
            config.batch_size,
            config.hidden_size,
            config.learning_rate,
            method_name(config.method)
        );
        adopt(trained.network, source);
    }
    run.push(event.done(), true);
}

/// `GET /api/train/events`: the current run's events so far, then each new one as it comes,
/// until the last. A page that goes away only ends its own stream.
pub fn events(slot: &Slot) -> Response {
    let Some(run) = slot.lock().unwrap_or_else(|e| e.into_inner()).clone() else {
        return Response::error(404, "no training run has been started yet (POST /api/train)");
    };
    let stream = move |out: &mut TcpStream| {
        let mut sent = 0;
        loop {
            let (events, last) = run.events_from(sent, Duration::from_secs(10));
            let mut text = String::new();
            for event in &events {
                text.push_str("data: ");
                text.push_str(event);
                text.push_str("\n\n");
            }
            if events.is_empty() {
                text.push_str(": still here\n\n"); // a comment line, to find out whether the page is gone
            }
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return;
            }
            sent += events.len();
            if last {
                return;
            }
        }
    };
    Response { status: 200, content_type: "text/event-stream", headers: Vec::new(), body: Body::Stream(Box::new(stream)) }
}
