//! `POST /api/graph`, the page's graph view: the apple graphs and the network's, to step
//! through one node at a time, each number with how it came to be ([`crate::lab::walkthrough`]).

use super::api::{bad, image, number, whole, Object};
use super::app::App;
use super::http::Response;
use crate::functions::label;
use crate::lab::json::Json;
use crate::lab::walkthrough::{self, EntryAsked, Walk};
use crate::matrix::Matrix;
use crate::mnist::{CLASSES, IMAGE_SIZE};

/// The apple graph's inputs may be any numbers a shop could have.
const MAX_APPLE_INPUT: f64 = 1e9;

/// How many rows the network's graph may take: the learner's digit alone, or with the first 99
/// test images (so that dW1's entries are sums over a batch, and (y − t) is divided by N).
const GRAPH_BATCHES: [usize; 2] = [1, 100];

/// `POST /api/graph`: `{"graph":"apple","apple":100,"apple_num":2,"tax":1.1}`,
/// `{"graph":"apple_orange", …the five inputs}` or `{"graph":"net","pixels":[784],"label":L,
/// "batch":1 or 100}`, each optionally with `"entry":{"edge":E,"backward":true,"row":R,"col":C}`
/// (row and col left out: the entry of largest size).
pub(super) fn graph(app: &App, object: &Object) -> Result<Response, Response> {
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
