//! The answers about the network and a digit: which network the page uses, the test images and
//! the mistakes, W1's pictures, a drawing prepared as MNIST, and one digit's forward and backward
//! pass, each by the chapter's own calls (`predict`, `softmax`, the layers' backward).

use super::api::{bad, image, pixels, whole, Object};
use super::app::App;
use super::http::Response;
use crate::functions::{label, softmax};
use crate::lab::digits::predicted_labels;
use crate::lab::json::{self, Json, Out};
use crate::lab::pgm::{to_mnist_input, Gray, PgmError};
use crate::lab::step::step;
use crate::matrix::Matrix;
use crate::mnist::{CLASSES, IMAGE_SIDE, IMAGE_SIZE};

pub(super) fn model_info(app: &App) -> Response {
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
pub(super) fn choose(app: &App, object: &Object) -> Result<Response, Response> {
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

pub(super) fn test_image(app: &App, index: &str) -> Result<Response, Response> {
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

pub(super) fn mistakes(app: &App) -> Response {
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

pub(super) fn weights(app: &App) -> Response {
    app.weights.answer(&app.model().network, |network| {
        let w1 = &network.affine1.w;
        let shown = w1.cols.min(WEIGHTS_SHOWN);
        let columns = (0..shown).map(|j| json::list((0..w1.rows).map(|i| json::number(w1[(i, j)]))));
        Out::new().int("hidden", w1.cols).int("shown", shown).raw("columns", &json::list(columns)).done()
    })
}

/// The largest drawing accepted, per side (the body limit allows about this many values).
const MAX_DRAWING_SIDE: usize = 128;

pub(super) fn prepare(object: &Object) -> Result<Response, Response> {
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

pub(super) fn predict(app: &App, object: &Object) -> Result<Response, Response> {
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

pub(super) fn backprop(app: &App, object: &Object) -> Result<Response, Response> {
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
