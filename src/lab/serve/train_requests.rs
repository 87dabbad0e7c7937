//! What `POST /api/train` and `POST /api/train/save` ask: a run's settings, read under the
//! notes' names and checked as `make train` checks them, and where the page's network is saved.

use super::api::{bad, number, whole, Object};
use super::app::{App, Model};
use super::http::Response;
use crate::lab::json::{Json, Out};
use crate::lab::output;
use crate::lab::settings::{notes_config, Setting, Value};
use crate::train::{Method, TrainConfig};

/// The settings of `POST /api/train`: the notes' hyperparameters under the notes' names, each
/// missing one taking the notes' default, then the same checks as `make train`'s
/// ([`TrainConfig::check`]).
pub(super) fn train_config(object: &Object) -> Result<TrainConfig, Response> {
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
    // As `make train` and `make train-numerical`: the notes' settings unless told otherwise.
    let mut config = notes_config(method);
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
pub(super) fn save(app: &App, object: &Object) -> Result<Response, Response> {
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
