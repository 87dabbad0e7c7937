//! `make serve`: the page where a learner draws a digit and watches the trained network work on
//! it, forward and back (src/serve/). Trains the default network first if there is none.

use backprop::lab::cli::{self, Args};
use backprop::lab::serve::api;
use backprop::lab::serve::app::App;
use backprop::lab::serve::http;
use backprop::note;
use backprop::say;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const USAGE: &str = "serve [--port N] [--host ADDR] [--allow-host NAMES] [--model PATH] [--data DIR]
  Serves the page at http://127.0.0.1:8000/: draw a digit and watch the network's forward and
  backward pass, look at test images and mistakes, W1's pictures, and step backprop one node at a time.
  --port N      the port (default 8000; 0 picks a free one)
  --host ADDR   the address to listen on (default 127.0.0.1, this computer only); anything
                else lets other computers on that network use the page
  --allow-host NAMES  other names this computer is reached by (comma-separated, e.g.
                my-laptop.local); requests addressed to any other name are refused (403),
                which keeps out web pages that rename themselves to this computer
  --model PATH  a network saved by `make train` (default target/train/model.bin; if that does
                not exist, the default network is trained first, as `make train` does)
  --data DIR    folder with the MNIST files (default: this crate's data/)
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let port: u16 = args.value("--port", 8000);
    let host: IpAddr = args.value("--host", IpAddr::from([127, 0, 0, 1]));
    let explicit_model: Option<PathBuf> = args.opt("--model");
    let allow_hosts: Vec<String> = args
        .opt::<String>("--allow-host")
        .map_or(Vec::new(), |names| names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect());
    let dir = cli::data_dir(&mut args);
    args.finish();

    // The port first: a busy one is said at once, not after minutes of training.
    let listener = TcpListener::bind((host, port)).unwrap_or_else(|e| {
        cli::fail(
            format!("cannot listen on {host}:{port}: {e}"),
            "another program may be using the port: try --port 8001 (or --port 0 for any free one)",
        )
    });
    let data = cli::load_mnist_or_exit(&dir);
    let model = explicit_model.clone().unwrap_or_else(backprop::lab::settings::model_path);
    if explicit_model.is_none() && !model.exists() {
        train_default(&dir);
    }
    let network = cli::load_model_or_exit(&model);

    let bound =
        listener.local_addr().unwrap_or_else(|e| cli::fail(format!("cannot read the address listened on: {e}"), "try again"));
    let address = bound.to_string();
    let app = Arc::new(App::new(network, format!("loaded from {}", model.display()), data, dir, bound, &allow_hosts));
    if !host.is_loopback() {
        note!("warning: listening on {host}: anyone who can reach this computer on that network can use the page");
    }
    say!("serving http://{address}/ (network: {}); open it in a browser, press Ctrl-C to stop", model.display());
    http::serve(listener, Arc::new(move |request| api::handle(&app, request)));
}

/// No saved network yet: train the default one with the `train` binary, as `make train` does
/// (with its progress), so that `make serve` works on a fresh clone.
fn train_default(dir: &Path) {
    let train = cli::binary_beside("train");
    say!("no trained network yet: training the default one first, as `make train` does");
    match Command::new(&train).arg("--data").arg(dir).status() {
        Ok(status) if status.success() => {}
        Ok(_) => {
            cli::fail("training the default network failed (see above)", "run `make train` to see why, then `make serve` again")
        }
        Err(e) => cli::fail(
            format!("cannot run {}: {e}", train.display()),
            "build it with `cargo build --release --bin train`, or run `make serve`",
        ),
    }
}
