//! `make graphs`: the chapter's computational graphs as SVG pictures and an index.html that shows
//! them in the notes' order (`target/graphs/index.html`), every number computed by the layers now.

use backprop::lab::cli::{self, Args};
use backprop::lab::pictures::{self, figures, index};
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::say;
use backprop::two_layer_net::WEIGHT_INIT_STD;
use backprop::{Rng, TwoLayerNet};
use std::path::PathBuf;

const USAGE: &str = "graphs [--out DIR [--overwrite]] [--seed N] [--data DIR]
  Draws every computational graph of chapter 5 with the values the layers compute, as SVG
  files and an index.html that shows them (open it in a browser; no server needed).
  --out DIR   where the page and the SVGs go (default: target/graphs); files of the same
              names already there are kept unless --overwrite is given
  --seed N    seed of the TwoLayerNet figure's initial weights (default 42, as `make trace`)
  --data DIR  folder with the MNIST files (default: this crate's data/)
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let out = args.opt::<PathBuf>("--out").unwrap_or_else(pictures::default_dir);
    let overwrite = args.flag("--overwrite");
    let seed = cli::seed(&mut args, 42);
    let dir = cli::data_dir(&mut args);
    args.finish();

    // The last figure is one real step on the first two training images, as `make trace` takes.
    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    let network = TwoLayerNet::new(IMAGE_SIZE, 50, CLASSES, WEIGHT_INIT_STD, &mut Rng::new(seed));
    let (x, t) = (x_train.slice_rows(0, 2), t_train.slice_rows(0, 2));
    let figures = figures::all(&network, &x, &t);

    match pictures::write_pictures(&out, &figures, Some(index::index_html(&figures)), overwrite) {
        Ok(paths) => {
            for path in paths {
                say!("wrote {}", path.display());
            }
            say!("open {} in a browser (no server needed)", out.join("index.html").display());
        }
        Err(e) => cli::fail(&e, &e.hint),
    }
}
