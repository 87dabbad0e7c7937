//! `make apples`: the notes' apple-shopping graph (the book's buy_apple.py and
//! buy_apple_orange.py), printing the price and the gradient of the price for every input, and
//! drawing both graphs with those values (`target/graphs/apple.svg`, `apple_orange.svg`).

use backprop::apples::{buy_apple, buy_apple_orange};
use backprop::lab::cli::{self, Args};
use backprop::lab::pictures::figures::n as r;
use backprop::lab::pictures::figures::{apple_figures, APPLE, APPLE_NUM, ORANGE, ORANGE_NUM, TAX};
use backprop::lab::pictures::{self};
use backprop::say;
use std::path::PathBuf;

const USAGE: &str = "apples [--out DIR [--overwrite]]
  The apple-shopping computational graph of 5.1-5.4: the price forward, the gradient of the
  price for every input backward, printed and drawn as apple.svg and apple_orange.svg.
  --out DIR   where the two SVG pictures go (default: target/graphs); files of the same names
              already there are kept unless --overwrite is given
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let out = args.opt::<PathBuf>("--out").unwrap_or_else(pictures::default_dir);
    let overwrite = args.flag("--overwrite");
    args.finish();

    say!("buy_apple: apple {}, apple_num {}, tax {}", r(APPLE), r(APPLE_NUM), r(TAX));
    let a = buy_apple(APPLE, APPLE_NUM, TAX);
    say!("  price: {}", r(a.price));
    say!("  dapple: {}", r(a.dapple));
    say!("  dapple_num: {}", r(a.dapple_num));
    say!("  dtax: {}", r(a.dtax));

    say!(
        "buy_apple_orange: apple {}, apple_num {}, orange {}, orange_num {}, tax {}",
        r(APPLE),
        r(APPLE_NUM),
        r(ORANGE),
        r(ORANGE_NUM),
        r(TAX)
    );
    let b = buy_apple_orange(APPLE, APPLE_NUM, ORANGE, ORANGE_NUM, TAX);
    say!("  price: {}", r(b.price));
    say!("  dapple_num: {}", r(b.dapple_num));
    say!("  dapple: {}", r(b.dapple));
    say!("  dorange: {}", r(b.dorange));
    say!("  dorange_num: {}", r(b.dorange_num));
    say!("  dtax: {}", r(b.dtax));

    match pictures::write_pictures(&out, &apple_figures(), None, overwrite) {
        Ok(paths) => {
            for path in paths {
                say!("wrote {}", path.display());
            }
        }
        Err(e) => cli::fail(&e, &e.hint),
    }
}
