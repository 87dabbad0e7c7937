//! 5.3: the add and multiply nodes of backpropagation.

use super::{n, named, Figure};
use crate::lab::pictures::graph::{Graph, Shape, FORWARD_COLOR};
use crate::layers::{AddLayer, MulLayer};

/// Figure 4, 5.3: the add node passes `dout` through; the multiply node sends back `dout` times
/// the *other* input.
pub fn add_and_mul_nodes() -> Figure {
    let (x, y, dout) = (10.0, 5.0, 1.3);
    let (mut add, mut mul) = (AddLayer::new(), MulLayer::new());
    let sum = add.forward(x, y);
    let (add_dx, add_dy) = add.backward(dout);
    let product = mul.forward(x, y);
    let (mul_dx, mul_dy) = mul.backward(dout);

    let mut g = Graph::new(900.0, 330.0, "5.3 덧셈 노드와 곱셈 노드 The add node and the multiply node");
    g.text(40.0, 62.0, "덧셈 add: dout passes through", "start", FORWARD_COLOR);
    g.text(500.0, 62.0, "곱셈 multiply: the inputs swap", "start", FORWARD_COLOR);
    for (left, op, out, dx_text, dy_text) in [
        (0.0, "+", sum, format!("{} · 1 = {}", n(dout), n(add_dx)), format!("{} · 1 = {}", n(dout), n(add_dy))),
        (
            460.0,
            "×",
            product,
            format!("{} · {} = {}", n(dout), n(y), n(mul_dx)),
            format!("{} · {} = {}", n(dout), n(x), n(mul_dy)),
        ),
    ] {
        let xn = g.node(left + 60.0, 100.0, "x", Shape::Plain);
        let yn = g.node(left + 60.0, 240.0, "y", Shape::Plain);
        let node = g.node(left + 250.0, 170.0, op, Shape::Circle);
        let zn = g.node(left + 400.0, 170.0, "z", Shape::Plain);
        g.edge(xn, node, &n(x), &dx_text);
        g.edge(yn, node, &n(y), &dy_text);
        g.edge(node, zn, &n(out), &n(dout));
    }
    g.legend();
    Figure {
        file: "add_mul_nodes.svg",
        section: "5.3",
        title_ko: "역전파: 덧셈 노드와 곱셈 노드",
        title_en: "Backward through the add and the multiply node",
        caption_ko: "덧셈 노드는 상류의 값(dout)을 그대로 흘려보내고, 곱셈 노드는 입력을 서로 바꾼 값을 곱해 보낸다.",
        caption_en: "The add node passes the upstream gradient on unchanged; the multiply node multiplies it by the other input.",
        formula: "z = x + y: ∂z/∂x = ∂z/∂y = 1;   z = x·y: ∂z/∂x = y, ∂z/∂y = x",
        code: &[("src/layers.rs", "AddLayer::backward"), ("src/layers.rs", "MulLayer::backward")],
        graph: g,
        values: named(&[
            ("x+y", sum),
            ("add dx", add_dx),
            ("add dy", add_dy),
            ("x*y", product),
            ("mul dx", mul_dx),
            ("mul dy", mul_dy),
        ]),
    }
}
