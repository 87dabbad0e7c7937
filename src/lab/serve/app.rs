//! What the page's server holds: the network in use (the one it was started with, or the one
//! last trained on the page, as the learner chooses), the data set, the page's training run, and
//! the answers worked out once per network.

use super::training;
use crate::lab::serve::http::Response;
use crate::matrix::Matrix;
use crate::mnist::{Dataset, Images};
use crate::two_layer_net::TwoLayerNet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, RwLock};

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
    pub(super) fn answer(&self, network: &Arc<TwoLayerNet>, compute: impl FnOnce(&TwoLayerNet) -> String) -> Response {
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
    pub(super) fn is_this_server(&self, host: &str) -> bool {
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
    pub(super) fn trained(&self) -> Option<Model> {
        self.trained.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Which network is in use: `loaded`, `trained` (the page's last run), or `earlier` (a page
    /// run before that, chosen before the last one ended).
    pub(super) fn using(&self) -> &'static str {
        let network = self.model().network;
        if Arc::ptr_eq(&network, &self.loaded.network) {
            "loaded"
        } else if self.trained().is_some_and(|t| Arc::ptr_eq(&network, &t.network)) {
            "trained"
        } else {
            "earlier"
        }
    }

    pub(super) fn x_test(&self) -> &Images {
        &self.data.1 .0
    }

    pub(super) fn t_test(&self) -> &Matrix {
        &self.data.1 .1
    }
}

impl Model {
    fn new(network: TwoLayerNet, source: String, data: &Dataset) -> Model {
        let test_accuracy = network.clone().accuracy(&data.1 .0, &data.1 .1);
        Model { network: Arc::new(network), source, test_accuracy }
    }
}
