//! The notes' apple figures, from the library and from the `apples` binary's output.

use backprop::apples::{buy_apple, buy_apple_orange};
use backprop::lab::pictures::figures::n;
mod common;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn one_apple_kind_with_tax() {
    let a = buy_apple(100.0, 2.0, 1.1);
    assert!(close(a.price, 220.0), "{a:?}");
    assert!(close(a.dapple, 2.2), "{a:?}");
    assert!(close(a.dapple_num, 110.0), "{a:?}");
    assert!(close(a.dtax, 200.0), "{a:?}");
}

#[test]
fn apples_and_oranges_with_tax() {
    let b = buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    assert!(close(b.price, 715.0), "{b:?}");
    assert!(close(b.dapple_num, 110.0), "{b:?}");
    assert!(close(b.dapple, 2.2), "{b:?}");
    assert!(close(b.dorange, 3.3), "{b:?}");
    assert!(close(b.dorange_num, 165.0), "{b:?}");
    assert!(close(b.dtax, 650.0), "{b:?}");
}

#[test]
fn figures_print_rounded() {
    // As a person writes them, printed and drawn alike (pictures::svg::number, 3 significant digits).
    assert_eq!(n(220.00000000000003), "220");
    assert_eq!(n(2.2), "2.2");
    assert_eq!(n(3.3000000000000003), "3.3");
    assert_eq!(n(110.00000000000001), "110");
}

#[test]
fn the_apples_binary_prints_every_figure() {
    let dir = std::env::temp_dir().join(format!("backprop-test-{}-apples-text", std::process::id()));
    let out = common::command("apples").arg("--out").arg(&dir).output().expect("run apples");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = "\
buy_apple: apple 100, apple_num 2, tax 1.1
  price: 220
  dapple: 2.2
  dapple_num: 110
  dtax: 200
buy_apple_orange: apple 100, apple_num 2, orange 150, orange_num 3, tax 1.1
  price: 715
  dapple_num: 110
  dapple: 2.2
  dorange: 3.3
  dorange_num: 165
  dtax: 650
";
    let drawn = format!("wrote {}\nwrote {}\n", dir.join("apple.svg").display(), dir.join("apple_orange.svg").display());
    assert_eq!(text, format!("{expected}{drawn}"));
    let _ = std::fs::remove_dir_all(&dir);
}
