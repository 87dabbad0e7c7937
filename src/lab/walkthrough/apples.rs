//! 5.1–5.4 step by step: the apple graph and the apple-and-orange graph, drawn as `make graphs`
//! draws them, with each backward number as the `MulLayer` or `AddLayer` made it, upstream ×
//! local. The numbers are `buy_apple`'s and `buy_apple_orange`'s (src/apples.rs).

use super::{plain, stage, Number, Walk, Why};
use crate::apples::{buy_apple, buy_apple_orange};
use crate::lab::pictures::figures;

fn given(name: &str, value: f64) -> Number {
    Number { name: name.to_string(), scalar: Some(value), why: Why::Given("그래프의 입력", "an input of the graph") }
}

/// `name = a × b` (or `+`), forward.
fn formula(name: &str, op: &str, (a, va): (&str, f64), (b, vb): (&str, f64), value: f64) -> Number {
    let why = Why::Formula(format!("{a} {op} {b}"), format!("{} {op} {}", super::num(va), super::num(vb)));
    Number { name: name.to_string(), scalar: Some(value), why }
}

/// `∂price/∂name = upstream × local`, as the layer's `backward` multiplied them.
fn chain(name: &str, upstream: (&str, f64), local: (&str, f64), value: f64) -> Number {
    let why = Why::Chain { upstream: (upstream.0.to_string(), upstream.1), local: (local.0.to_string(), local.1) };
    Number { name: format!("∂price/∂{name}"), scalar: Some(value), why }
}

fn start() -> Number {
    Number { name: "∂price/∂price".to_string(), scalar: Some(1.0), why: Why::Start }
}

const MUL_KO: &str = "곱셈 노드 MulLayer: 순전파는 x × y, 역전파는 입력을 서로 바꿔 곱한다: dx = dout × y, dy = dout × x";
const MUL_EN: &str = "multiply node, MulLayer: forward x × y; backward swaps the inputs: dx = dout × y, dy = dout × x";
const ADD_KO: &str = "덧셈 노드 AddLayer: 순전파는 x + y, 역전파는 dout을 그대로 양쪽에 흘려보낸다 (국소 미분 1)";
const ADD_EN: &str = "add node, AddLayer: forward x + y; backward passes dout on to both inputs unchanged (local derivative 1)";

/// The apple graph (5.1, `buy_apple`): price = apple × apple_num × tax.
pub fn apple(apple: f64, apple_num: f64, tax: f64) -> Walk {
    let a = buy_apple(apple, apple_num, tax);
    let graph = figures::apple(apple, apple_num, tax).graph;
    // nodes: apple, ×(1), apple_num, ×(2), tax, price; edges in the same order as the figure's.
    let up_tax = ("∂price/∂price", 1.0);
    let up_apple = ("∂price/∂apple_price", a.dapple_price);
    let edges = vec![
        (given("apple", apple), Some(chain("apple", up_apple, ("∂(apple × apple_num)/∂apple = apple_num", apple_num), a.dapple))),
        (
            given("apple_num", apple_num),
            Some(chain("apple_num", up_apple, ("∂(apple × apple_num)/∂apple_num = apple", apple), a.dapple_num)),
        ),
        (
            formula("apple_price", "×", ("apple", apple), ("apple_num", apple_num), a.apple_price),
            Some(chain("apple_price", up_tax, ("∂(apple_price × tax)/∂apple_price = tax", tax), a.dapple_price)),
        ),
        (given("tax", tax), Some(chain("tax", up_tax, ("∂(apple_price × tax)/∂tax = apple_price", a.apple_price), a.dtax))),
        (formula("price", "×", ("apple_price", a.apple_price), ("tax", tax), a.price), Some(start())),
    ];
    let nodes = vec![
        plain("입력: 사과 한 개의 값", "input: the price of one apple"),
        plain(MUL_KO, MUL_EN),
        plain("입력: 사과의 개수", "input: the number of apples"),
        plain(MUL_KO, MUL_EN),
        plain("입력: 소비세", "input: the tax"),
        plain("출력: 지불 금액", "output: the price paid"),
    ];
    let steps = vec![
        stage(
            None,
            false,
            &[0, 1, 3],
            "pub fn buy_apple(apple: f64, apple_num: f64, tax: f64) -> BuyApple",
            "입력 세 개",
            "the three inputs",
        ),
        stage(Some(1), false, &[2], "mul_apple_layer.forward(apple, apple_num)", "(1) 사과 값 × 개수", "(1) apple × apple_num"),
        stage(Some(3), false, &[4], "mul_tax_layer.forward(apple_price, tax)", "(2) × 소비세", "(2) × tax"),
        stage(Some(5), true, &[4], "let dprice = 1.0;", "역전파 시작: dprice = 1", "backward starts: dprice = 1"),
        stage(
            Some(3),
            true,
            &[2, 3],
            "mul_tax_layer.backward(dprice)",
            "(2) 곱셈 노드의 역전파",
            "(2) the multiply node's backward",
        ),
        stage(
            Some(1),
            true,
            &[0, 1],
            "mul_apple_layer.backward(dapple_price)",
            "(1) 곱셈 노드의 역전파",
            "(1) the multiply node's backward",
        ),
    ];
    Walk { kind: "apple", graph, nodes, edges, steps, matrices: Vec::new() }
}

/// The apple-and-orange graph (5.4, `buy_apple_orange`): price = (apple × apple_num + orange ×
/// orange_num) × tax.
pub fn apple_orange(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> Walk {
    let b = buy_apple_orange(apple, apple_num, orange, orange_num, tax);
    let graph = figures::apple_orange(apple, apple_num, orange, orange_num, tax).graph;
    let up_tax = ("∂price/∂price", 1.0);
    let up_all = ("∂price/∂all_price", b.dall_price);
    let up_apple = ("∂price/∂apple_price", b.dapple_price);
    let up_orange = ("∂price/∂orange_price", b.dorange_price);
    // nodes: apple, ×(1), apple_num, orange, ×(2), orange_num, +(3), ×(4), tax, price.
    let edges = vec![
        (given("apple", apple), Some(chain("apple", up_apple, ("∂(apple × apple_num)/∂apple = apple_num", apple_num), b.dapple))),
        (
            given("apple_num", apple_num),
            Some(chain("apple_num", up_apple, ("∂(apple × apple_num)/∂apple_num = apple", apple), b.dapple_num)),
        ),
        (
            given("orange", orange),
            Some(chain("orange", up_orange, ("∂(orange × orange_num)/∂orange = orange_num", orange_num), b.dorange)),
        ),
        (
            given("orange_num", orange_num),
            Some(chain("orange_num", up_orange, ("∂(orange × orange_num)/∂orange_num = orange", orange), b.dorange_num)),
        ),
        (
            formula("apple_price", "×", ("apple", apple), ("apple_num", apple_num), b.apple_price),
            Some(chain("apple_price", up_all, ("∂(apple_price + orange_price)/∂apple_price", 1.0), b.dapple_price)),
        ),
        (
            formula("orange_price", "×", ("orange", orange), ("orange_num", orange_num), b.orange_price),
            Some(chain("orange_price", up_all, ("∂(apple_price + orange_price)/∂orange_price", 1.0), b.dorange_price)),
        ),
        (
            formula("all_price", "+", ("apple_price", b.apple_price), ("orange_price", b.orange_price), b.all_price),
            Some(chain("all_price", up_tax, ("∂(all_price × tax)/∂all_price = tax", tax), b.dall_price)),
        ),
        (given("tax", tax), Some(chain("tax", up_tax, ("∂(all_price × tax)/∂tax = all_price", b.all_price), b.dtax))),
        (formula("price", "×", ("all_price", b.all_price), ("tax", tax), b.price), Some(start())),
    ];
    let nodes = vec![
        plain("입력: 사과 한 개의 값", "input: the price of one apple"),
        plain(MUL_KO, MUL_EN),
        plain("입력: 사과의 개수", "input: the number of apples"),
        plain("입력: 귤 한 개의 값", "input: the price of one orange"),
        plain(MUL_KO, MUL_EN),
        plain("입력: 귤의 개수", "input: the number of oranges"),
        plain(ADD_KO, ADD_EN),
        plain(MUL_KO, MUL_EN),
        plain("입력: 소비세", "input: the tax"),
        plain("출력: 지불 금액", "output: the price paid"),
    ];
    let steps = vec![
        stage(
            None,
            false,
            &[0, 1, 2, 3, 7],
            "pub fn buy_apple_orange(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> BuyAppleOrange",
            "입력 다섯 개",
            "the five inputs",
        ),
        stage(Some(1), false, &[4], "mul_apple_layer.forward(apple, apple_num)", "(1) 사과 값 × 개수", "(1) apple × apple_num"),
        stage(
            Some(4),
            false,
            &[5],
            "mul_orange_layer.forward(orange, orange_num)",
            "(2) 귤 값 × 개수",
            "(2) orange × orange_num",
        ),
        stage(Some(6), false, &[6], "add_apple_orange_layer.forward(apple_price, orange_price)", "(3) 더하기", "(3) the sum"),
        stage(Some(7), false, &[8], "mul_tax_layer.forward(all_price, tax)", "(4) × 소비세", "(4) × tax"),
        stage(Some(9), true, &[8], "let dprice = 1.0;", "역전파 시작: dprice = 1", "backward starts: dprice = 1"),
        stage(
            Some(7),
            true,
            &[6, 7],
            "mul_tax_layer.backward(dprice)",
            "(4) 곱셈 노드의 역전파",
            "(4) the multiply node's backward",
        ),
        stage(
            Some(6),
            true,
            &[4, 5],
            "add_apple_orange_layer.backward(dall_price)",
            "(3) 덧셈 노드의 역전파: 그대로 전달",
            "(3) the add node's backward: passed on",
        ),
        stage(
            Some(4),
            true,
            &[2, 3],
            "mul_orange_layer.backward(dorange_price)",
            "(2) 곱셈 노드의 역전파",
            "(2) the multiply node's backward",
        ),
        stage(
            Some(1),
            true,
            &[0, 1],
            "mul_apple_layer.backward(dapple_price)",
            "(1) 곱셈 노드의 역전파",
            "(1) the multiply node's backward",
        ),
    ];
    Walk { kind: "apple_orange", graph, nodes, edges, steps, matrices: Vec::new() }
}
