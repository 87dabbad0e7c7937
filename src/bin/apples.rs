//! `make apples`: the notes' apple-shopping graph (the book's buy_apple.py and
//! buy_apple_orange.py), printing the price and the gradient of the price for every input.

use backprop::apples::{buy_apple, buy_apple_orange, round_for_display as r};

fn main() {
    if std::env::args().len() > 1 {
        eprintln!("error: apples takes no arguments");
        eprintln!("hint: run it as `make apples` or `cargo run --bin apples`");
        std::process::exit(2);
    }
    let (apple, apple_num, tax) = (100.0, 2.0, 1.1);
    println!("buy_apple: apple {}, apple_num {}, tax {}", r(apple), r(apple_num), r(tax));
    let a = buy_apple(apple, apple_num, tax);
    println!("  price: {}", r(a.price));
    println!("  dapple: {}", r(a.dapple));
    println!("  dapple_num: {}", r(a.dapple_num));
    println!("  dtax: {}", r(a.dtax));

    let (orange, orange_num) = (150.0, 3.0);
    println!(
        "buy_apple_orange: apple {}, apple_num {}, orange {}, orange_num {}, tax {}",
        r(apple),
        r(apple_num),
        r(orange),
        r(orange_num),
        r(tax)
    );
    let b = buy_apple_orange(apple, apple_num, orange, orange_num, tax);
    println!("  price: {}", r(b.price));
    println!("  dapple_num: {}", r(b.dapple_num));
    println!("  dapple: {}", r(b.dapple));
    println!("  dorange: {}", r(b.dorange));
    println!("  dorange_num: {}", r(b.dorange_num));
    println!("  dtax: {}", r(b.dtax));
}
