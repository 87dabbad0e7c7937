//! Training from the page (`POST /api/train`): the `train` binary beside this one, run as a child
//! process with `--events` (the same `train` function as `make train`, printing each event as a
//! line of JSON), one run at a time. A child process, not a thread, so that stop ends any run at
//! once, a numerical one in the middle of its gradient included: the process is killed and the
//! thread that read it is free.
//!
//! Events, one JSON object each: `start` (the settings), `iteration` (`i`, `loss`, `t` seconds),
//! `epoch` (`i`, `train_acc`, `test_acc`, `line`), `progress` (within one numerical gradient:
//! about `done` of `total` parameter entries, estimated from the clock), and last `done`,
//! `stopped`, `diverged` or `error`, after which the stream ends. A page that connects in the
//! middle of a run gets `start`, a `history` of the losses so far (at most [`HISTORY_POINTS`]
//! of them), the epochs, and then each new event.
//!
//! What a run keeps is bounded: its losses (the page's iterations are limited), its epochs, and
//! the last [`RECENT`] events. A reader that falls further behind than that is sent a new
//! `history` and goes on from the newest events, so that no reader makes the server hold more.

use super::http::{Body, Response};
use crate::lab::json::{self, Json, Out};
use crate::lab::params_file;
use crate::lab::settings::{Setting, Value};
use crate::train::{iter_per_epoch, Method, TrainConfig};
use crate::two_layer_net::TwoLayerNet;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Events kept for readers that are behind.
pub const RECENT: usize = 1000;
/// The most losses a `history` event carries (evenly spaced over the run so far).
pub const HISTORY_POINTS: usize = 2000;
/// Event streams open at once; more are answered 503.
pub const MAX_STREAMS: usize = 16;

/// One run of training started from the page.
pub struct Run {
    pub config: TrainConfig,
    log: Mutex<Log>,
    /// Woken at each new event.
    changed: Condvar,
    /// Set by `POST /api/train/stop`.
    stop: AtomicBool,
    started: Instant,
    /// The `train` process, while it runs.
    child: Mutex<Option<Child>>,
}

/// What a run has said, bounded (see the module's doc).
#[derive(Default)]
struct Log {
    start: String,
    /// Every iteration's loss, in order.
    losses: Vec<f64>,
    epochs: Vec<String>,
    /// The last events, with their numbers.
    recent: VecDeque<(u64, String)>,
    /// The number the next event gets.
    next: u64,
    /// Whether the last event has come.
    last: bool,
}

impl Log {
    /// The `history` event: the losses so far, at most [`HISTORY_POINTS`] of them.
    fn history(&self) -> String {
        let step = self.losses.len().div_ceil(HISTORY_POINTS).max(1);
        let i: Vec<usize> = (0..self.losses.len()).step_by(step).collect();
        let losses: Vec<f64> = i.iter().map(|&i| self.losses[i]).collect();
        Out::new().str("type", "history").ints("i", &i).list("loss", &losses).done()
    }
}

impl Run {
    fn push(&self, event: String, last: bool) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        match json::parse(&event) {
            Ok(Json::Object(o)) if o.get("type") == Some(&Json::String("iteration".into())) => {
                if let Some(Json::Number(loss)) = o.get("loss") {
                    log.losses.push(*loss);
                }
            }
            Ok(Json::Object(o)) if o.get("type") == Some(&Json::String("epoch".into())) => log.epochs.push(event.clone()),
            _ => {}
        }
        let number = log.next;
        log.next += 1;
        log.recent.push_back((number, event));
        if log.recent.len() > RECENT {
            log.recent.pop_front();
        }
        log.last |= last;
        self.changed.notify_all();
    }

    /// Whether the run has ended.
    pub fn finished(&self) -> bool {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).last
    }

    /// What a reader that connects now is sent first, the number of the next event, and whether
    /// the run had ended then (read under the same lock, so that a run ending just after is not
    /// taken for one whose last event was sent).
    fn snapshot(&self) -> (Vec<String>, u64, bool) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let mut events = vec![log.start.clone(), log.history()];
        events.extend(log.epochs.iter().cloned());
        // The last event too, if the run has ended: the reader learns how.
        if log.last {
            events.extend(log.recent.back().map(|(_, e)| e.clone()));
        }
        (events, log.next, log.last)
    }

    /// The events from number `from` on, waiting up to `wait` for one; the number after them;
    /// and whether the run has ended. A reader behind the kept events gets a `history` instead.
    fn events_from(&self, from: u64, wait: Duration) -> (Vec<String>, u64, bool) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let (log, _) =
            self.changed.wait_timeout_while(log, wait, |log| log.next <= from && !log.last).unwrap_or_else(|e| e.into_inner());
        let oldest = log.recent.front().map_or(log.next, |(n, _)| *n);
        let mut events = Vec::new();
        if from < oldest {
            events.push(log.history());
        }
        events.extend(log.recent.iter().filter(|(n, _)| *n >= from).map(|(_, e)| e.clone()));
        (events, log.next, log.last)
    }
}

/// The page's training run, if one was started (the server keeps one of these).
pub type Slot = Mutex<Option<Arc<Run>>>;

/// Starts a run with `config` on the MNIST files in `data_dir`, as a `train` process; refused
/// while another one runs. When it ends with a network, `adopt(network, where it came from)` is
/// called.
pub fn start(
    slot: &Slot,
    data_dir: &Path,
    train_size: usize,
    config: TrainConfig,
    adopt: impl FnOnce(TwoLayerNet, String) + Send + 'static,
) -> Response {
    let mut current = slot.lock().unwrap_or_else(|e| e.into_inner());
    if current.as_ref().is_some_and(|run| !run.finished()) {
        return Response::error(409, "a training run is already going; stop it first (POST /api/train/stop)");
    }
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let runs = crate::lab::settings::target_dir("page-runs");
    // The folders of runs whose server was killed (each run's own is removed when it ends).
    crate::lab::output::remove_dead_runs(&runs);
    let out = runs.join(format!("run-{}-{}", std::process::id(), RUNS.fetch_add(1, Ordering::Relaxed)));
    let mut command = Command::new(train_binary());
    command
        // Every setting as its flag and its value, written so that it reads back the same.
        .args(Setting::ALL.iter().flat_map(|s| [s.flag(), s.get(&config).to_string()]))
        .arg("--data")
        .arg(data_dir)
        .arg("--out")
        .arg(&out)
        .arg("--events")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if config.method == Method::Numerical {
        command.arg("--numerical");
    }
    let child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Response::error(500, &format!("cannot start {}: {e}", train_binary().display())),
    };
    let mut start = Out::new().str("type", "start");
    for setting in Setting::ALL {
        start = match setting.get(&config) {
            Value::Whole(n) => start.int(setting.name(), n),
            Value::Number(x) => start.num(setting.name(), x),
            Value::Seed(seed) => start.int(setting.name(), seed as usize),
        };
    }
    let start = start
        .str("method", method_name(config.method))
        .int("iter_per_epoch", iter_per_epoch(train_size, config.batch_size))
        .done();
    let run = Arc::new(Run {
        config,
        log: Mutex::new(Log::default()),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
        started: Instant::now(),
        child: Mutex::new(Some(child)),
    });
    run.log.lock().unwrap_or_else(|e| e.into_inner()).start = start.clone();
    run.push(start, false);
    *current = Some(Arc::clone(&run));
    drop(current);
    std::thread::spawn(move || follow(&run, &out, adopt));
    Response::json(202, Out::new().str("status", "started").str("events", "/api/train/events").done())
}

/// The `train` binary beside this one (`make serve` builds both).
fn train_binary() -> PathBuf {
    crate::lab::cli::binary_beside("train")
}

/// Stops the current run at once: its process is killed.
pub fn stop(slot: &Slot) -> Response {
    match slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(run) if !run.finished() => {
            run.stop.store(true, Ordering::Relaxed);
            if let Some(child) = run.child.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                let _ = child.kill();
            }
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

/// Reads the run's events until its process ends, then says how it ended and, with a network,
/// hands it to `adopt`. The run's folder is removed at the end.
fn follow(run: &Run, out: &Path, adopt: impl FnOnce(TwoLayerNet, String)) {
    let taken = run.child.lock().unwrap_or_else(|e| e.into_inner()).as_mut().map(|c| (c.stdout.take(), c.stderr.take()));
    let Some((Some(stdout), Some(mut stderr))) = taken else { return };
    // The last lines of stderr (an error, a hint), read beside stdout so that neither pipe fills.
    let said = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_string(&mut text);
        text
    });
    let mut finished = None;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(Json::Object(event)) = json::parse(&line) else { continue }; // the notes' own lines
        match event.get("type") {
            Some(Json::String(kind)) if kind == "finished" => finished = Some(event),
            Some(Json::String(_)) => {
                // The line is an object of `train`'s: the time is added before its last brace.
                let t = json::number(run.started.elapsed().as_secs_f64());
                run.push(format!("{},\"t\":{t}}}", line.trim_end().trim_end_matches('}')), false);
            }
            _ => {}
        }
    }
    let status = run.child.lock().unwrap_or_else(|e| e.into_inner()).take().map(|mut c| c.wait());
    let stderr = said.join().unwrap_or_default();
    let seconds = run.started.elapsed().as_secs_f64();
    let iterations = run.log.lock().unwrap_or_else(|e| e.into_inner()).losses.len();
    let mut event = Out::new().int("iterations", iterations).num("seconds", seconds);
    let last_line = run.log.lock().unwrap_or_else(|e| e.into_inner()).epochs.last().and_then(|e| match json::parse(e) {
        Ok(Json::Object(o)) => match o.get("line") {
            Some(Json::String(line)) => Some(line.clone()),
            _ => None,
        },
        _ => None,
    });
    event = event.str("last_epoch_line", &last_line.unwrap_or_default());
    let error = stderr.lines().find_map(|l| l.strip_prefix("error: ")).unwrap_or("").to_string();
    let event = match (finished, run.stop.load(Ordering::Relaxed)) {
        (_, true) => event.str("type", "stopped"),
        (Some(done), false) => {
            let number = |key: &str| if let Some(Json::Number(v)) = done.get(key) { *v } else { f64::NAN };
            let (train_acc, test_acc) = (number("train_acc"), number("test_acc"));
            match params_file::load(&out.join("model.bin")) {
                Ok((network, _)) => {
                    let config = &run.config;
                    let source = format!(
                        "trained on this page: seed {}, {iterations} iterations, batch {}, hidden {}, learning rate {:?}, {}",
                        config.seed,
                        config.batch_size,
                        config.hidden_size,
                        config.learning_rate,
                        method_name(config.method)
                    );
                    adopt(network, source);
                    event.str("type", "done").num("train_acc", train_acc).num("test_acc", test_acc)
                }
                Err(e) => event.str("type", "error").str("error", &e.to_string()),
            }
        }
        (None, false) if error.starts_with("the loss became") => event.str("type", "diverged").str("error", &error),
        (None, false) => {
            let why = match status {
                _ if !error.is_empty() => error,
                // ExitStatus's Display says how it ended: "signal: 9 (SIGKILL)", "exit status: 3".
                Some(Ok(status)) => format!(
                    "the training process ended without a result ({status}); it may have been killed, e.g. for lack of memory"
                ),
                Some(Err(e)) => format!("the training process ended without a result: waiting for it failed ({e})"),
                None => "the training process ended without a result".to_string(),
            };
            event.str("type", "error").str("error", &why)
        }
    };
    run.push(event.done(), true);
    let _ = std::fs::remove_dir_all(out);
}

/// `GET /api/train/events`: the current run so far, then each new event as it comes, until the
/// last. A page that goes away only ends its own stream. At most [`MAX_STREAMS`] at once.
pub fn events(slot: &Slot, streams: &Arc<AtomicUsize>) -> Response {
    let Some(run) = slot.lock().unwrap_or_else(|e| e.into_inner()).clone() else {
        return Response::error(404, "no training run has been started yet (POST /api/train)");
    };
    if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::SeqCst);
        return Response::error(503, &format!("{MAX_STREAMS} pages are already following this run; close one"));
    }
    let streams = Arc::clone(streams);
    let stream = move |out: &mut TcpStream| {
        // The count goes down however the stream ends.
        struct Leave(Arc<AtomicUsize>);
        impl Drop for Leave {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let _leave = Leave(streams);
        let send = |out: &mut TcpStream, events: &[String]| {
            let mut text = String::new();
            for event in events {
                text.push_str("data: ");
                text.push_str(event);
                text.push_str("\n\n");
            }
            if events.is_empty() {
                text.push_str(": still here\n\n"); // a comment line, to find out whether the page is gone
            }
            out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_ok()
        };
        let (first, mut next, ended) = run.snapshot();
        if !send(out, &first) || ended {
            return;
        }
        loop {
            let (events, after, last) = run.events_from(next, Duration::from_secs(10));
            if !send(out, &events) || last {
                return;
            }
            next = after;
        }
    };
    Response { status: 200, content_type: "text/event-stream", headers: Vec::new(), body: Body::Stream(Box::new(stream)) }
}
