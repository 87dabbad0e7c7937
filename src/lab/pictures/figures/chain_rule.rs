//! 5.2: the chain rule (연쇄법칙) on `z = t²`, `t = x + y`.

use super::{n, named, Figure};
use crate::lab::pictures::graph::{Graph, Shape, BACKWARD_COLOR};
use crate::layers::{AddLayer, MulLayer};

/// Figure 3, 5.2: the chain rule on `z = t²`, `t = x + y`. `t²` is `t × t`, a `MulLayer` whose two
/// inputs are both `t`, so the two gradients it sends back add up to `2t`.
pub fn chain_rule() -> Figure {
    let (x, y) = (2.0, 1.0);
    let (mut add, mut square) = (AddLayer::new(), MulLayer::new());
    let t = add.forward(x, y);
    let z = square.forward(t, t);
    let dz = 1.0;
    let (dt_a, dt_b) = square.backward(dz);
    let dt = dt_a + dt_b; // ∂z/∂t = 2t: t reaches z along two inputs, and gradients of a shared value add
    let (dx, dy) = add.backward(dt);

    let mut g = Graph::new(800.0, 330.0, "5.2 연쇄법칙 The chain rule: z = t², t = x + y");
    let xn = g.node(70.0, 70.0, "x", Shape::Plain);
    let yn = g.node(70.0, 240.0, "y", Shape::Plain);
    let plus = g.node(280.0, 155.0, "+", Shape::Circle);
    let sq = g.node(520.0, 155.0, "**2", Shape::Circle);
    let zn = g.node(730.0, 155.0, "z", Shape::Plain);
    g.edge(xn, plus, &format!("x = {}", n(x)), &format!("{} · 1 = {}", n(dt), n(dx)));
    g.edge(yn, plus, &format!("y = {}", n(y)), &format!("{} · 1 = {}", n(dt), n(dy)));
    g.edge(plus, sq, &format!("t = {}", n(t)), &format!("∂z/∂t = 2t = {}", n(dt)));
    g.edge(sq, zn, &format!("z = {}", n(z)), &format!("∂z/∂z = {}", n(dz)));
    g.text(400.0, 262.0, &format!("∂z/∂x = ∂z/∂t · ∂t/∂x = 2t · 1 = {}", n(dx)), "start", BACKWARD_COLOR);
    g.legend();
    Figure {
        file: "chain_rule.svg",
        section: "5.2",
        title_ko: "연쇄법칙",
        title_en: "The chain rule",
        caption_ko: "합성 함수의 미분은 각 함수의 국소적 미분의 곱이다. 역전파는 오른쪽에서 왼쪽으로 국소적 미분을 곱해 나간다.",
        caption_en: "The derivative of a composition is the product of the local derivatives; backward, each node multiplies what arrives by its own.",
        formula: "∂z/∂x = ∂z/∂t · ∂t/∂x = 2t · 1",
        code: &[("src/layers.rs", "AddLayer::backward"), ("src/layers.rs", "MulLayer::backward")],
        graph: g,
        values: named(&[("t", t), ("z", z), ("dz/dt", dt), ("dz/dx", dx), ("dz/dy", dy)]),
    }
}
