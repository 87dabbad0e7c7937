//! The routes: what the page may ask the server, the checks every request passes, and reading a
//! request's JSON. Each answer is computed (in `network`, `graph`, `train_requests`) by the same
//! library calls as the command-line tools (`TwoLayerNet::predict`, `softmax`, the layers'
//! backward, the PGM preparation, `buy_apple`), so the page shows the numbers the chapter's code
//! computes.
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

use super::app::App;
use super::http::{Request, Response};
use super::{graph, network, train_requests, training};
use crate::lab::json::{self, Json};
use crate::matrix::Matrix;
use crate::mnist::{input_row, IMAGE_SIZE};
use std::collections::BTreeMap;
use std::sync::Arc;

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_CSS: &str = include_str!("page.css");
const PAGE_JS: &str = include_str!("page.js");

/// What answers a route: the request's body, where the route takes one, is read by the handler.
type Handler = fn(&Arc<App>, &Request) -> Result<Response, Response>;

/// Every route: its path (a path ending in `/` takes the rest as an argument), its one method,
/// and its handler. The answers to everything else follow from this table: a path not here is a
/// 404, another method a 405 (with `Allow`), a POST whose body is not JSON a 415.
const ROUTES: [(&str, &str, Handler); 16] = [
    ("/", "GET", |_, _| Ok(Response::new(200, "text/html; charset=utf-8", PAGE_HTML))),
    ("/page.css", "GET", |_, _| Ok(Response::new(200, "text/css; charset=utf-8", PAGE_CSS))),
    ("/page.js", "GET", |_, _| Ok(Response::new(200, "text/javascript; charset=utf-8", PAGE_JS))),
    ("/api/model", "GET", |app, _| Ok(network::model_info(app))),
    ("/api/test/", "GET", |app, request| network::test_image(app, &request.path["/api/test/".len()..])),
    ("/api/use", "POST", |app, request| network::choose(app, &body(request)?)),
    ("/api/mistakes", "GET", |app, _| Ok(network::mistakes(app))),
    ("/api/weights", "GET", |app, _| Ok(network::weights(app))),
    ("/api/prepare", "POST", |_, request| network::prepare(&body(request)?)),
    ("/api/predict", "POST", |app, request| network::predict(app, &body(request)?)),
    ("/api/backprop", "POST", |app, request| network::backprop(app, &body(request)?)),
    ("/api/graph", "POST", |app, request| graph::graph(app, &body(request)?)),
    ("/api/train", "POST", |app, request| {
        let config = train_requests::train_config(&body(request)?)?;
        let adopter = Arc::clone(app);
        let train_size = app.data.0 .0.rows;
        Ok(training::start(&app.training, &app.data_dir, train_size, config, move |net, source| adopter.set_trained(net, source)))
    }),
    ("/api/train/events", "GET", |app, _| Ok(training::events(&app.training, &app.streams))),
    ("/api/train/stop", "POST", |app, _| Ok(training::stop(&app.training))),
    ("/api/train/save", "POST", |app, request| train_requests::save(app, &body(request)?)),
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

pub(super) type Object = BTreeMap<String, Json>;

/// The request's body as a JSON object, or a 400 saying why not.
pub(super) fn body(request: &Request) -> Result<Object, Response> {
    let text = std::str::from_utf8(&request.body).map_err(|_| bad("the body is not UTF-8 text"))?;
    match json::parse(text) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err(bad("the body must be a JSON object, {…}")),
        Err(e) => Err(bad(&format!("the body is not valid JSON: {e}"))),
    }
}

pub(super) fn bad(message: &str) -> Response {
    Response::error(400, message)
}

/// A finite number under `key`.
pub(super) fn number(object: &Object, key: &str) -> Result<f64, Response> {
    match object.get(key) {
        Some(Json::Number(v)) => Ok(*v),
        Some(_) => Err(bad(&format!("{key} must be a number"))),
        None => Err(bad(&format!("the key {key:?} is missing"))),
    }
}

/// A whole number from `min` to `max` under `key`.
pub(super) fn whole(object: &Object, key: &str, min: usize, max: usize) -> Result<usize, Response> {
    let v = number(object, key)?;
    if v.fract() != 0.0 || v < min as f64 || v > max as f64 {
        return Err(bad(&format!("{key} is {v}, not a whole number from {min} to {max}")));
    }
    Ok(v as usize)
}

/// `count` pixel values 0 to 255 under `key`, each checked.
pub(super) fn pixels(object: &Object, key: &str, count: usize, what: &str) -> Result<Vec<f64>, Response> {
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
pub(super) fn image(object: &Object) -> Result<Matrix, Response> {
    Ok(input_row(&pixels(object, "pixels", IMAGE_SIZE, "28×28, row by row, ink bright on black")?))
}
