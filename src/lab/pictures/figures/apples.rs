//! 5.1 and 5.4: the apple-shopping graphs, `buy_apple` and `buy_apple_orange`.

use super::{n, named, Figure};
use crate::apples::{buy_apple, buy_apple_orange};
use crate::lab::pictures::graph::{Graph, Shape};

/// The apple-shopping figures' inputs: 2 apples at 100, 3 oranges at 150, 10% tax.
pub const APPLE: f64 = 100.0;
pub const APPLE_NUM: f64 = 2.0;
pub const ORANGE: f64 = 150.0;
pub const ORANGE_NUM: f64 = 3.0;
pub const TAX: f64 = 1.1;

/// Figure 1, 5.1: two apples with tax, `buy_apple`, drawn from its forward and backward values.
pub fn apple(apple: f64, apple_num: f64, tax: f64) -> Figure {
    let a = buy_apple(apple, apple_num, tax);
    let mut g = Graph::new(760.0, 300.0, "5.1 사과 쇼핑 Buying apples: price = apple × apple_num × tax");
    let apple_node = g.node(70.0, 110.0, "apple", Shape::Plain);
    let mul_apple = g.node(290.0, 110.0, "×", Shape::Circle);
    let num_node = g.node(290.0, 205.0, "apple_num", Shape::Plain);
    let mul_tax = g.node(520.0, 110.0, "×", Shape::Circle);
    let tax_node = g.node(520.0, 205.0, "tax", Shape::Plain);
    let price = g.node(690.0, 110.0, "price", Shape::Plain);
    g.edge(apple_node, mul_apple, &n(apple), &n(a.dapple));
    g.edge(num_node, mul_apple, &n(apple_num), &n(a.dapple_num));
    g.edge(mul_apple, mul_tax, &n(a.apple_price), &n(a.dapple_price));
    g.edge(tax_node, mul_tax, &n(tax), &n(a.dtax));
    g.edge(mul_tax, price, &n(a.price), &n(1.0));
    g.legend_for("price");
    let values = named(&[
        ("apple_price", a.apple_price),
        ("price", a.price),
        ("dapple_price", a.dapple_price),
        ("dapple", a.dapple),
        ("dapple_num", a.dapple_num),
        ("dtax", a.dtax),
    ]);
    Figure {
        file: "apple.svg",
    section: "5.1",
    title_ko: "계산 그래프: 사과 쇼핑",
    title_en: "A computational graph: buying apples",
    caption_ko: "사과 2개(개당 100원)와 소비세 10%. 순전파로 가격 220을, 역전파로 각 입력에 대한 가격의 미분을 구한다: 사과 가격이 1 오르면 가격은 2.2 오른다.",
    caption_en: "Two apples at 100 with 10% tax. Forward gives the price, 220; backward gives how the price moves with each input: 2.2 per unit of apple price.",
    formula: "price = apple × apple_num × tax;   ∂price/∂apple = apple_num × tax",
    code: &[("src/apples.rs", "buy_apple"), ("src/layers.rs", "MulLayer::forward, backward")],
        graph: g,
        values,
    }
}

/// Figure 2, 5.1/5.4: apples and oranges with tax, `buy_apple_orange`.
pub fn apple_orange(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> Figure {
    let b = buy_apple_orange(apple, apple_num, orange, orange_num, tax);
    let mut g =
        Graph::new(860.0, 470.0, "5.4 사과와 귤 Apples and oranges: price = (apple × apple_num + orange × orange_num) × tax");
    let apple_node = g.node(70.0, 90.0, "apple", Shape::Plain);
    let mul_apple = g.node(290.0, 90.0, "×", Shape::Circle);
    let apple_num_node = g.node(290.0, 185.0, "apple_num", Shape::Plain);
    let orange_node = g.node(70.0, 250.0, "orange", Shape::Plain);
    let mul_orange = g.node(290.0, 250.0, "×", Shape::Circle);
    let orange_num_node = g.node(290.0, 345.0, "orange_num", Shape::Plain);
    let add = g.node(480.0, 170.0, "+", Shape::Circle);
    let mul_tax = g.node(650.0, 170.0, "×", Shape::Circle);
    let tax_node = g.node(650.0, 265.0, "tax", Shape::Plain);
    let price = g.node(810.0, 170.0, "price", Shape::Plain);
    g.edge(apple_node, mul_apple, &n(apple), &n(b.dapple));
    g.edge(apple_num_node, mul_apple, &n(apple_num), &n(b.dapple_num));
    g.edge(orange_node, mul_orange, &n(orange), &n(b.dorange));
    g.edge(orange_num_node, mul_orange, &n(orange_num), &n(b.dorange_num));
    g.edge(mul_apple, add, &n(b.apple_price), &n(b.dapple_price));
    g.edge(mul_orange, add, &n(b.orange_price), &n(b.dorange_price));
    g.edge(add, mul_tax, &n(b.all_price), &n(b.dall_price));
    g.edge(tax_node, mul_tax, &n(tax), &n(b.dtax));
    g.edge(mul_tax, price, &n(b.price), &n(1.0));
    g.legend_for("price");
    let values = named(&[
        ("apple_price", b.apple_price),
        ("orange_price", b.orange_price),
        ("all_price", b.all_price),
        ("price", b.price),
        ("dall_price", b.dall_price),
        ("dapple_price", b.dapple_price),
        ("dorange_price", b.dorange_price),
        ("dapple", b.dapple),
        ("dapple_num", b.dapple_num),
        ("dorange", b.dorange),
        ("dorange_num", b.dorange_num),
        ("dtax", b.dtax),
    ]);
    Figure {
        file: "apple_orange.svg",
        section: "5.4",
        title_ko: "사과와 귤 쇼핑: 곱셈 계층과 덧셈 계층",
        title_en: "Apples and oranges: multiply and add layers",
        caption_ko: "사과 2개와 귤 3개(개당 150원), 소비세 10%. MulLayer와 AddLayer로 만든 그래프의 순전파와 역전파.",
        caption_en: "Two apples and three oranges at 150, with 10% tax, built from MulLayer and AddLayer, forward and backward.",
        formula: "price = (apple × apple_num + orange × orange_num) × tax",
        code: &[("src/apples.rs", "buy_apple_orange"), ("src/layers.rs", "MulLayer, AddLayer")],
        graph: g,
        values,
    }
}

/// Figures 1 and 2 with the notes' inputs.
pub fn apple_figures() -> [Figure; 2] {
    [apple(APPLE, APPLE_NUM, TAX), apple_orange(APPLE, APPLE_NUM, ORANGE, ORANGE_NUM, TAX)]
}
