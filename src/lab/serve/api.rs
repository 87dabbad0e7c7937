//! What the page asks the server, and how each answer is computed: by the same library calls as
//! the command-line tools (`TwoLayerNet::predict`, `softmax`, the layers' backward, the PGM
//! preparation, `buy_apple_orange`), so the page shows the numbers the chapter's code computes.
//!
//! | request | answer |
//! |---|---|
//! | `GET /` | the page (`page.html`, `page.css`, `page.js`, embedded in the binary) |
//! | `GET /api/model` | the network in use (sizes, where it came from, test accuracy) and the choice |
//! | `POST /api/use` | `{"network":"loaded"}` or `{"network":"trained"}`: which network the page uses |
//! | `GET /api/test/N` | test image N: `{"index","label","pixels":[784 ints 0..255]}` |
//! | `GET /api/mistakes` | the test images the network gets wrong |
//! | `GET /api/weights` | W1's columns (at most 100), one 28×28 picture each |
//! | `POST /api/prepare` | a drawing `{"width","height","pixels"}` made into MNIST's 28×28 |
//! | `POST /api/predict` | `{"pixels":[784]}` → prediction, probabilities, the hidden layer |
//! | `POST /api/backprop` | `{"pixels":[784],"label":L}` → loss, each layer's `dout`, `dx`, the grads |
//! | `POST /api/graph` | a graph to step through (`apple`, `apple_orange`, `net` on a digit): its SVG, every edge's numbers and how each came to be, the steps, one matrix entry as its sum |
//! | `POST /api/train` | start training with the notes' settings (missing keys: the defaults) |
//! | `GET /api/train/events` | the run as server-sent events (see [`training`](super::training)) |
//! | `POST /api/train/stop` | stop the run at once |
//! | `POST /api/train/save` | `{"name":"my.bin","overwrite":false}`: save the page's network |
//!
//! Every POST must say `Content-Type: application/json` (so that no other web site can make a
//! browser post here: a cross-site form cannot send that type), and, whatever address it listens
//! on, the server answers only requests addressed to one of its own names (`localhost`,
//! `127.0.0.1`, `[::1]`, the address it is bound to, and the names given with `--allow-host`;
//! any case, with its port or none), which keeps out web pages that rename themselves to this
//! computer (DNS rebinding). A request to `/api/` that the browser says comes from another
//! site (`Sec-Fetch-Site`, `Origin`) is refused, GETs included: an `<img>` on any page could
//! otherwise start the server's work. No page may show it in a frame (`X-Frame-Options`, CSP).
//! What one network's answers cost (`/api/mistakes`, `/api/weights`) is paid once for it.

use super::http::{Request, Response};
use super::training;
use crate::functions::{label, softmax};
use crate::lab::digits::predicted_labels;
use crate::lab::json::{self, Json, Out};
use crate::lab::output;
use crate::lab::pgm::{to_mnist_input, Gray, PgmError};
use crate::lab::settings::{Setting, Value};
use crate::lab::step::step;
use crate::lab::walkthrough::{self, EntryAsked, Walk};
use crate::matrix::Matrix;
use crate::mnist::{input_row, Dataset, Images, CLASSES, IMAGE_SIDE, IMAGE_SIZE};
use crate::train::{Method, TrainConfig};
use crate::two_layer_net::TwoLayerNet;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, RwLock};

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_CSS: &str = include_str!("page.css");
const PAGE_JS: &str = include_str!("page.js");

/// The network the page uses, and a sentence saying where it came from.
#[derive(Clone)]
pub struct Model {
    pub network: Arc<TwoLayerNet>,
    pub source: String,
    /// Its accuracy on the test set, worked out when it was loaded.
    pub test_accuracy: f64,
}

/// What the server holds: the network it was started with and the one last trained on the page
/// (the learner chooses which the page uses), the data set, the page's training run, and where
/// the page saves networks.
pub struct App {
    /// The network in use now: `loaded` or `trained`, as the learner chose.
    pub model: RwLock<Model>,
    /// The network the server was started with (`model.bin`).
    pub loaded: Model,
    pub data: Arc<Dataset>,
    /// The page's training run, if one was started.
    pub training: training::Slot,
    /// The last network trained to its end on the page: one choice, and what `POST /api/train/save` saves.
    pub trained: Mutex<Option<Model>>,
    /// The folder `POST /api/train/save` writes into.
    pub models_dir: PathBuf,
    /// The folder of the MNIST files, for the page's runs (a `train` process reads them).
    pub data_dir: PathBuf,
    /// Event streams open now.
    pub streams: Arc<AtomicUsize>,
    /// The host names accepted in `Host` (lower case, without the port), and the port.
    pub hosts: Vec<String>,
    pub port: u16,
    /// `GET /api/mistakes`'s and `GET /api/weights`'s answers, each worked out once per network.
    pub mistakes: PerNetwork,
    pub weights: PerNetwork,
    /// Held while `POST /api/graph` works out a graph: the network's on a batch of 100 keeps
    /// every matrix of the pass (a few MiB), so many requests at once take turns rather than
    /// all that memory at once.
    pub graph_turn: Mutex<()>,
}

/// An answer that depends on the network only, worked out once for it: requests that come
/// together wait in turn for the one that computes it, and then get the same bytes, so that
/// hundreds of them cost one computation (`/api/mistakes` runs 10000 test images through the
/// network) and one copy, not hundreds.
#[derive(Default)]
pub struct PerNetwork {
    kept: Mutex<Option<Kept>>,
}

/// An answer kept, and the network it is for.
struct Kept {
    network: Arc<TwoLayerNet>,
    body: Arc<[u8]>,
}

impl PerNetwork {
    /// The JSON answer for `network`, computed by `compute` if it is not kept yet.
    fn answer(&self, network: &Arc<TwoLayerNet>, compute: impl FnOnce(&TwoLayerNet) -> String) -> Response {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let body = match kept.as_ref() {
            Some(k) if Arc::ptr_eq(&k.network, network) => Arc::clone(&k.body),
            _ => {
                let body: Arc<[u8]> = compute(network).into_bytes().into();
                *kept = Some(Kept { network: Arc::clone(network), body: Arc::clone(&body) });
                body
            }
        };
        Response::shared(200, "application/json", body)
    }
}

impl App {
    /// The page's server for `network` on `data` (read from `data_dir`), listening on `address`;
    /// `allow_hosts` are names the user added to those the `Host` header may say.
    pub fn new(
        network: TwoLayerNet,
        source: String,
        data: Dataset,
        data_dir: PathBuf,
        address: SocketAddr,
        allow_hosts: &[String],
    ) -> App {
        let model = Model::new(network, source, &data);
        let bound = match address.ip() {
            ip if ip.is_unspecified() => None,
            IpAddr::V4(ip) => Some(ip.to_string()),
            IpAddr::V6(ip) => Some(format!("[{ip}]")),
        };
        let names = ["localhost", "127.0.0.1", "[::1]"].map(String::from).into_iter().chain(bound);
        // Each name once in the 403's list, however often it was given (or bound to).
        let mut hosts: Vec<String> = Vec::new();
        for name in names.chain(allow_hosts.iter().map(|h| h.to_ascii_lowercase())) {
            if !hosts.contains(&name) {
                hosts.push(name);
            }
        }
        App {
            model: RwLock::new(model.clone()),
            loaded: model,
            data: Arc::new(data),
            training: Mutex::new(None),
            trained: Mutex::new(None),
            models_dir: crate::lab::settings::target_dir("page-models"),
            data_dir,
            streams: Arc::new(AtomicUsize::new(0)),
            hosts,
            port: address.port(),
            mistakes: PerNetwork::default(),
            weights: PerNetwork::default(),
            graph_turn: Mutex::new(()),
        }
    }

    /// Whether `host` (a `Host` header) names this server: one of its names, any case, with its
    /// port or without one.
    fn is_this_server(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name.to_string(), Some(port)),
            _ => (host.clone(), None),
        };
        self.hosts.contains(&name) && port.is_none_or(|p| p == self.port.to_string())
    }

    /// The network in use now (a cheap shared handle).
    pub fn model(&self) -> Model {
        self.model.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Keeps `network`, trained to its end on the page, as the second choice (replacing an
    /// earlier one) and for saving. The page goes on using what it used until the learner
    /// chooses; if that was the earlier page network, it keeps using that one.
    pub fn set_trained(&self, network: TwoLayerNet, source: String) {
        *self.trained.lock().unwrap_or_else(|e| e.into_inner()) = Some(Model::new(network, source, &self.data));
    }

    /// The page's network last trained, if there is one.
    fn trained(&self) -> Option<Model> {
        self.trained.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Which network is in use: `loaded`, `trained` (the page's last run), or `earlier` (a page
    /// run before that, chosen before the last one ended).
    fn using(&self) -> &'static str {
        let network = self.model().network;
        if Arc::ptr_eq(&network, &self.loaded.network) {
            "loaded"
        } else if self.trained().is_some_and(|t| Arc::ptr_eq(&network, &t.network)) {
            "trained"
        } else {
            "earlier"
        }
    }

    fn x_test(&self) -> &Images {
        &self.data.1 .0
    }

    fn t_test(&self) -> &Matrix {
        &self.data.1 .1
    }
}

impl Model {
    fn new(network: TwoLayerNet, source: String, data: &Dataset) -> Model {
        let test_accuracy = network.clone().accuracy(&data.1 .0, &data.1 .1);
        Model { network: Arc::new(network), source, test_accuracy }
    }
}

/// What answers a route: the request's body, where the route takes one, is read by the handler.
type Handler = fn(&Arc<App>, &Request) -> Result<Response, Response>;

/// Every route: its path (a path ending in `/` takes the rest as an argument), its one method,
/// and its handler. The answers to everything else follow from this table: a path not here is a
/// 404, another method a 405 (with `Allow`), a POST whose body is not JSON a 415.
const ROUTES: [(&str, &str, Handler); 16] = [
    ("/", "GET", |_, _| Ok(Response::new(200, "text/html; charset=utf-8", PAGE_HTML))),
    ("/page.css", "GET", |_, _| Ok(Response::new(200, "text/css; charset=utf-8", PAGE_CSS))),
    ("/page.js", "GET", |_, _| Ok(Response::new(200, "text/javascript; charset=utf-8", PAGE_JS))),
    ("/api/model", "GET", |app, _| Ok(model_info(app))),
    ("/api/test/", "GET", |app, request| test_image(app, &request.path["/api/test/".len()..])),
    ("/api/use", "POST", |app, request| choose(app, &body(request)?)),
    ("/api/mistakes", "GET", |app, _| Ok(mistakes(app))),
    ("/api/weights", "GET", |app, _| Ok(weights(app))),
    ("/api/prepare", "POST", |_, request| prepare(&body(request)?)),
    ("/api/predict", "POST", |app, request| predict(app, &body(request)?)),
    ("/api/backprop", "POST", |app, request| backprop(app, &body(request)?)),
    ("/api/graph", "POST", |app, request| graph(app, &body(request)?)),
    ("/api/train", "POST", |app, request| {
        let config = train_config(&body(request)?)?;
        let adopter = Arc::clone(app);
        let train_size = app.data.0 .0.rows;
        Ok(training::start(&app.training, &app.data_dir, train_size, config, move |net, source| adopter.set_trained(net, source)))
    }),
    ("/api/train/events", "GET", |app, _| Ok(training::events(&app.training, &app.streams))),
    ("/api/train/stop", "POST", |app, _| Ok(training::stop(&app.training))),
    ("/api/train/save", "POST", |app, request| save(app, &body(request)?)),
];

/// Answers one request.
pub fn handle(app: &Arc<App>, request: &Request) -> Response {
    let path = request.path.as_str();
    if !request.header("host").is_some_and(|h| app.is_this_server(h)) {
        let names = app.hosts.join(", ");
        return Response::error(
            403,
            &format!("this server answers requests addressed to {names} only (add a name with --allow-host)"),
        );
    }
    // A page of another site may send a browser here (an `<img>` or a `fetch` needs no
    // permission to be sent): the browser says so in `Sec-Fetch-Site` (or `Origin`), and only
    // this server's own page (or the learner typing an address) is answered.
    if path.starts_with("/api/") {
        if let Some(site) = request.header("sec-fetch-site").filter(|s| !["same-origin", "none"].contains(s)) {
            return Response::error(
                403,
                &format!("this server answers its own page only, not a request from another site (Sec-Fetch-Site: {site:.40})"),
            );
        }
        if let Some(origin) =
            request.header("origin").filter(|o| !o.strip_prefix("http://").is_some_and(|h| app.is_this_server(h)))
        {
            return Response::error(403, &format!("this server answers its own page only, not a request from {origin:.80}"));
        }
    }
    let route = ROUTES.iter().find(|(p, _, _)| if p.ends_with('/') && p.len() > 1 { path.starts_with(p) } else { path == *p });
    let Some(&(_, method, handler)) = route else {
        return Response::error(404, &format!("nothing at {path}; the page is at /"));
    };
    if request.method != method {
        return Response::error(405, &format!("{path} takes {method}, not {}", request.method))
            .with_header("Allow", method.to_string());
    }
    // The media type, any case, with or without parameters (`application/json; charset=utf-8`).
    let is_json = |t: &str| t.split(';').next().is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if method == "POST" && !request.header("content-type").is_some_and(is_json) {
        return Response::error(415, "send the body as JSON, with Content-Type: application/json");
    }
    handler(app, request).unwrap_or_else(|error| error)
}

type Object = BTreeMap<String, Json>;

/// The request's body as a JSON object, or a 400 saying why not.
fn body(request: &Request) -> Result<Object, Response> {
    let text = std::str::from_utf8(&request.body).map_err(|_| bad("the body is not UTF-8 text"))?;
    match json::parse(text) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err(bad("the body must be a JSON object, {…}")),
        Err(e) => Err(bad(&format!("the body is not valid JSON: {e}"))),
    }
}

fn bad(message: &str) -> Response {
    Response::error(400, message)
}

/// A finite number under `key`.
fn number(object: &Object, key: &str) -> Result<f64, Response> {
    match object.get(key) {
        Some(Json::Number(v)) => Ok(*v),
        Some(_) => Err(bad(&format!("{key} must be a number"))),
        None => Err(bad(&format!("the key {key:?} is missing"))),
    }
}

/// A whole number from `min` to `max` under `key`.
fn whole(object: &Object, key: &str, min: usize, max: usize) -> Result<usize, Response> {
    let v = number(object, key)?;
    if v.fract() != 0.0 || v < min as f64 || v > max as f64 {
        return Err(bad(&format!("{key} is {v}, not a whole number from {min} to {max}")));
    }
    Ok(v as usize)
}

/// `count` pixel values 0 to 255 under `key`, each checked.
fn pixels(object: &Object, key: &str, count: usize, what: &str) -> Result<Vec<f64>, Response> {
    let Some(value) = object.get(key) else { return Err(bad(&format!("the key {key:?} is missing"))) };
    let Json::Array(items) = value else { return Err(bad(&format!("{key} must be a list of numbers"))) };
    if items.len() != count {
        return Err(bad(&format!("{key} has {} values; {count} are needed ({what})", items.len())));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Json::Number(v) if (0.0..=255.0).contains(v) => Ok(*v),
            Json::Number(v) => Err(bad(&format!("{key}[{i}] is {v}, not in 0..255"))),
            _ => Err(bad(&format!("{key}[{i}] is not a number"))),
        })
        .collect()
}

/// The 784 pixels of an image to classify.
fn image(object: &Object) -> Result<Matrix, Response> {
    Ok(input_row(&pixels(object, "pixels", IMAGE_SIZE, "28×28, row by row, ink bright on black")?))
}

fn model_info(app: &App) -> Response {
    let model = app.model();
    let training = match app.training.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        None => "none",
        Some(run) if run.finished() => "finished",
        Some(_) => "running",
    };
    let (i, h, o) = model.network.sizes();
    let mut out = Out::new()
        .ints("sizes", &[i, h, o])
        .str("source", &model.source)
        .num("test_accuracy", model.test_accuracy)
        .int("test_images", app.x_test().rows)
        .str("training", training)
        .str("using", app.using())
        .str("loaded_source", &app.loaded.source)
        .num("loaded_test_accuracy", app.loaded.test_accuracy);
    if let Some(trained) = app.trained() {
        out = out.str("trained_source", &trained.source).num("trained_test_accuracy", trained.test_accuracy);
    }
    Response::json(200, out.done())
}

/// `POST /api/use`: the page uses the network it was started with (`"loaded"`) or the one last
/// trained on it (`"trained"`), as the learner chooses; the answer is `GET /api/model`'s.
fn choose(app: &App, object: &Object) -> Result<Response, Response> {
    if let Some(key) = object.keys().find(|k| k.as_str() != "network") {
        return Err(bad(&format!("unknown key {key:?}; say which network, e.g. {{\"network\": \"loaded\"}}")));
    }
    let model = match object.get("network") {
        Some(Json::String(name)) if name == "loaded" => app.loaded.clone(),
        Some(Json::String(name)) if name == "trained" => {
            app.trained().ok_or_else(|| Response::error(409, "no network has been trained to its end on this page yet"))?
        }
        _ => return Err(bad("network must be \"loaded\" or \"trained\"")),
    };
    *app.model.write().unwrap_or_else(|e| e.into_inner()) = model;
    Ok(model_info(app))
}

fn test_image(app: &App, index: &str) -> Result<Response, Response> {
    let count = app.x_test().rows;
    let not_found =
        || Response::error(404, &format!("no test image {index:?}: they are numbered 0 to {}", count.saturating_sub(1)));
    let i: usize = index.parse().map_err(|_| not_found())?;
    if i >= count {
        return Err(not_found());
    }
    let bytes = &app.x_test().pixels[i * IMAGE_SIZE..(i + 1) * IMAGE_SIZE];
    let pixels: Vec<usize> = bytes.iter().map(|&b| b as usize).collect();
    Ok(Response::json(200, Out::new().int("index", i).int("label", label(app.t_test(), i)).ints("pixels", &pixels).done()))
}

fn mistakes(app: &App) -> Response {
    const SHOWN: usize = 500;
    app.mistakes.answer(&app.model().network, |network| {
        let predicted = predicted_labels(network, app.x_test());
        let wrong: Vec<usize> = (0..predicted.len()).filter(|&i| predicted[i] != label(app.t_test(), i)).collect();
        let predictions: Vec<usize> = wrong.iter().take(SHOWN).map(|&i| predicted[i]).collect();
        Out::new()
            .int("count", wrong.len())
            .int("of", predicted.len())
            .ints("indices", &wrong[..wrong.len().min(SHOWN)])
            .ints("predicted", &predictions)
            .done()
    })
}

/// The most W1 columns `/api/weights` sends (each 784 numbers): enough for the page's pictures,
/// and a bounded answer whatever the network's size.
pub const WEIGHTS_SHOWN: usize = 100;

fn weights(app: &App) -> Response {
    app.weights.answer(&app.model().network, |network| {
        let w1 = &network.affine1.w;
        let shown = w1.cols.min(WEIGHTS_SHOWN);
        let columns = (0..shown).map(|j| json::list((0..w1.rows).map(|i| json::number(w1[(i, j)]))));
        Out::new().int("hidden", w1.cols).int("shown", shown).raw("columns", &json::list(columns)).done()
    })
}

/// The largest drawing accepted, per side (the body limit allows about this many values).
const MAX_DRAWING_SIDE: usize = 128;

fn prepare(object: &Object) -> Result<Response, Response> {
    let width = whole(object, "width", 1, MAX_DRAWING_SIDE)?;
    let height = whole(object, "height", 1, MAX_DRAWING_SIDE)?;
    let values = pixels(object, "pixels", width * height, &format!("width × height = {width} × {height}"))?;
    let gray = Gray { width, height, pixels: values.iter().map(|v| v / 255.0).collect() };
    match to_mnist_input(&gray) {
        Ok((prepared, inverted)) => {
            let ints: Vec<usize> = prepared.iter().map(|&v| v as usize).collect();
            let out = Out::new().ints("pixels", &ints).bool("inverted", inverted).bool("blank", false);
            Ok(Response::json(200, out.bool("faded", false).done()))
        }
        // Nothing drawn yet, or marks that vanish at 28×28 (`faded`): an empty 28×28, and say so.
        Err(e) => {
            let out = Out::new().ints("pixels", &[0; IMAGE_SIDE * IMAGE_SIDE]).bool("inverted", false).bool("blank", true);
            Ok(Response::json(200, out.bool("faded", e == PgmError::FadedAway).done()))
        }
    }
}

fn predict(app: &App, object: &Object) -> Result<Response, Response> {
    let x = image(object)?;
    let mut network = (*app.model().network).clone();
    let scores = network.predict(&x);
    let probabilities = softmax(&scores);
    // Relu1's output: the hidden layer, zero where the mask is.
    let hidden = network.affine2.x.clone();
    Ok(Response::json(
        200,
        Out::new()
            .int("prediction", probabilities.argmax_row(0))
            .list("probabilities", &probabilities.data)
            .list("scores", &scores.data)
            .list("hidden", &hidden.data)
            .done(),
    ))
}

/// How many of dW1's columns `POST /api/backprop` sends (each 784 numbers).
const DW1_COLUMNS: usize = 8;

fn backprop(app: &App, object: &Object) -> Result<Response, Response> {
    let x = image(object)?;
    let digit = whole(object, "label", 0, CLASSES - 1)?;
    let mut t = Matrix::zeros(1, CLASSES);
    t[(0, digit)] = 1.0;
    let s = step(&app.model().network, &x, &t);
    let mask: Vec<f64> = s.mask.iter().map(|&m| if m { 1.0 } else { 0.0 }).collect();
    // dW1 is 784 × hidden: only the columns of the hidden units whose dout is largest are sent.
    let mut units: Vec<usize> = (0..s.dout_affine1.cols).filter(|&j| s.dout_affine1.data[j] != 0.0).collect();
    units.sort_by(|&a, &b| s.dout_affine1.data[b].abs().total_cmp(&s.dout_affine1.data[a].abs()));
    units.truncate(DW1_COLUMNS);
    let dw1 = &s.grads.w1;
    let dw1_columns: Vec<f64> = units.iter().flat_map(|&j| (0..dw1.rows).map(move |i| dw1[(i, j)])).collect();
    Ok(Response::json(
        200,
        Out::new()
            .int("label", digit)
            .num("loss", s.loss)
            .int("prediction", s.y.argmax_row(0))
            .list("probabilities", &s.y.data)
            .list("before_relu", &s.a1.data)
            .list("hidden", &s.z1.data)
            .list("mask", &mask)
            .list("dout_affine2", &s.dout_affine2.data)
            .list("dw2", &s.grads.w2.data)
            .list("db2", &s.grads.b2.data)
            .list("dout_relu1", &s.dout_relu1.data)
            .list("dout_affine1", &s.dout_affine1.data)
            .list("db1", &s.grads.b1.data)
            .ints("dw1_units", &units)
            .list("dw1_columns", &dw1_columns)
            .list("dx", &s.dx.data)
            .done(),
    ))
}

/// The apple graph's inputs may be any numbers a shop could have.
const MAX_APPLE_INPUT: f64 = 1e9;

/// How many rows the network's graph may take: the learner's digit alone, or with the first 99
/// test images (so that dW1's entries are sums over a batch, and (y − t) is divided by N).
const GRAPH_BATCHES: [usize; 2] = [1, 100];

/// `POST /api/graph`: `{"graph":"apple","apple":100,"apple_num":2,"tax":1.1}`,
/// `{"graph":"apple_orange", …the five inputs}` or `{"graph":"net","pixels":[784],"label":L,
/// "batch":1 or 100}`, each optionally with `"entry":{"edge":E,"backward":true,"row":R,"col":C}`
/// (row and col left out: the entry of largest size).
fn graph(app: &App, object: &Object) -> Result<Response, Response> {
    let _turn = app.graph_turn.lock().unwrap_or_else(|e| e.into_inner());
    let kind = match object.get("graph") {
        Some(Json::String(k)) => k.as_str(),
        Some(_) => return Err(bad("graph must be \"apple\", \"apple_orange\" or \"net\"")),
        None => return Err(bad("the key \"graph\" is missing")),
    };
    let walk = match kind {
        "apple" | "apple_orange" => {
            let keys: &[&str] = if kind == "apple" {
                &["apple", "apple_num", "tax"]
            } else {
                &["apple", "apple_num", "orange", "orange_num", "tax"]
            };
            let mut v = Vec::new();
            for key in keys {
                let x = number(object, key)?;
                if x.abs() > MAX_APPLE_INPUT {
                    return Err(bad(&format!("{key} is {x}; keep it between -1e9 and 1e9")));
                }
                v.push(x);
            }
            match v[..] {
                [apple, apple_num, tax] => walkthrough::apples::apple(apple, apple_num, tax),
                [apple, apple_num, orange, orange_num, tax] => {
                    walkthrough::apples::apple_orange(apple, apple_num, orange, orange_num, tax)
                }
                _ => unreachable!("the keys above"),
            }
        }
        "net" => net_walk(app, object)?,
        other => return Err(bad(&format!("graph is {other:?}: it must be \"apple\", \"apple_orange\" or \"net\""))),
    };
    let asked = match object.get("entry") {
        None | Some(Json::Null) => None,
        Some(Json::Object(e)) => {
            let edge = whole(e, "edge", 0, walk.edges.len().saturating_sub(1))?;
            let backward = match e.get("backward") {
                Some(Json::Bool(b)) => *b,
                _ => return Err(bad("entry.backward must be true or false")),
            };
            let at = match (e.get("row"), e.get("col")) {
                (None, None) => None,
                // Any whole number: walk.entry says which are outside the matrix.
                _ => Some((whole(e, "row", 0, u32::MAX as usize)?, whole(e, "col", 0, u32::MAX as usize)?)),
            };
            Some(EntryAsked { edge, backward, at })
        }
        Some(_) => return Err(bad("entry must be an object, {\"edge\":…,\"backward\":…}")),
    };
    let entry = match &asked {
        Some(a) => Some(walk.entry(a).map_err(|e| bad(&e))?),
        None => None,
    };
    Ok(Response::json(200, walk.to_json(entry.as_ref(), asked.as_ref())))
}

/// The network's graph on the page's digit with its label: one row, or with the first 99 test
/// images and their labels.
fn net_walk(app: &App, object: &Object) -> Result<Walk, Response> {
    let digit = image(object)?;
    let digit_label = whole(object, "label", 0, CLASSES - 1)?;
    let rows = match object.get("batch") {
        None => 1,
        Some(_) => whole(object, "batch", 1, 100).and_then(|b| {
            GRAPH_BATCHES.contains(&b).then_some(b).ok_or_else(|| bad(&format!("batch is {b}: it must be 1 or 100")))
        })?,
    };
    let others = app.x_test().slice_rows(0, (rows - 1).min(app.x_test().rows));
    let x = Matrix::from_vec(1 + others.rows, IMAGE_SIZE, digit.data.iter().chain(&others.data).copied().collect());
    let mut t = Matrix::zeros(x.rows, CLASSES);
    t[(0, digit_label)] = 1.0;
    for i in 1..x.rows {
        t[(i, label(app.t_test(), i - 1))] = 1.0;
    }
    Ok(walkthrough::net::net(&app.model().network, &x, &t))
}

/// The settings of `POST /api/train`: the notes' hyperparameters under the notes' names, each
/// missing one taking the notes' default, then the same checks as `make train`'s
/// ([`TrainConfig::check`]).
fn train_config(object: &Object) -> Result<TrainConfig, Response> {
    let keys: Vec<&str> = Setting::ALL.iter().map(|s| s.name()).chain(["method"]).collect();
    if let Some(key) = object.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(bad(&format!("unknown setting {key:?}; the settings are {}", keys.join(", "))));
    }
    let method = match object.get("method") {
        None => Method::Backprop,
        Some(Json::String(m)) if m == "backprop" => Method::Backprop,
        Some(Json::String(m)) if m == "numerical" => Method::Numerical,
        Some(_) => return Err(bad("method must be \"backprop\" or \"numerical\"")),
    };
    // As `make train-numerical`: 5 iterations unless told otherwise.
    let iters_num = if method == Method::Numerical { 5 } else { TrainConfig::default().iters_num };
    let mut config = TrainConfig { method, iters_num, ..TrainConfig::default() };
    for setting in Setting::ALL.into_iter().filter(|s| object.contains_key(s.name())) {
        let key = setting.name();
        let value = match setting.get(&config) {
            Value::Whole(_) => Value::Whole(whole(object, key, 0, u32::MAX as usize)?),
            Value::Number(_) => Value::Number(number(object, key)?),
            Value::Seed(_) => Value::Seed(whole(object, key, 0, u32::MAX as usize)? as u32),
        };
        setting.set(&mut config, value);
    }
    config.check_page(method == Method::Numerical).map_err(|e| {
        Response::json(400, Out::new().str("error", &format!("{}: {e}", e.setting.name())).str("hint", &e.hint).done())
    })?;
    Ok(config)
}

/// `POST /api/train/save`: the network last trained on the page, into `target/page-models/NAME`
/// (a plain file name), never over a file that is there unless `"overwrite": true`.
fn save(app: &App, object: &Object) -> Result<Response, Response> {
    if let Some(key) = object.keys().find(|k| !["name", "overwrite"].contains(&k.as_str())) {
        return Err(bad(&format!("unknown key {key:?}; a save takes name and overwrite")));
    }
    if app.training.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|run| !run.finished()) {
        return Err(Response::error(
            409,
            "a training run is going: save when it has ended (or stop it), so that the network saved is the one it trains",
        ));
    }
    let name = match object.get("name") {
        Some(Json::String(name)) => name.clone(),
        _ => return Err(bad("name must be a file name in quotes, e.g. \"my-net.bin\"")),
    };
    let plain = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !plain {
        return Err(bad(&format!(
            "{name:?} is not a plain file name: use letters, digits, '-', '_' and '.' (it is saved in target/page-models/)"
        )));
    }
    let overwrite = match object.get("overwrite") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return Err(bad("overwrite must be true or false")),
    };
    let Some(Model { network, .. }) = app.trained() else {
        return Err(Response::error(409, "no network has been trained on this page yet"));
    };
    let path = app.models_dir.join(&name);
    // Even inside target/, the page asks before it replaces a file (the page says "overwrite");
    // without it the file is created only if it is not there, in one step, so that of two saves
    // of one new name only one succeeds.
    let _ = std::fs::create_dir_all(&app.models_dir);
    // A folder, a link or a device under that name is never replaced, overwrite or not: a
    // conflict with what is there (409, saying what it is), not a failure of the server.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        if let Err(e) = output::check(&path, true) {
            return Err(Response::json(409, Out::new().str("error", &e.to_string()).str("hint", &e.hint).done()));
        }
    }
    let bytes = crate::lab::params_file::to_bytes(&network);
    let written = if overwrite {
        output::check(&path, true).and_then(|()| output::write_file(&path, &bytes)).map(|()| true)
    } else {
        output::write_new(&path, &bytes)
    };
    match written {
        Ok(true) => Ok(Response::json(200, Out::new().str("saved", &path.display().to_string()).done())),
        Ok(false) => {
            let exists = Out::new().str("error", &format!("{} already exists", path.display())).bool("exists", true);
            Err(Response::json(409, exists.done()))
        }
        Err(e) => Err(Response::error(500, &e.to_string())),
    }
}
