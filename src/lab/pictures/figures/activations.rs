//! 5.5: the activation layers, ReLU and Sigmoid (with the sigmoid's four-node chain).

use super::{n, named, Figure};
use crate::lab::pictures::graph::{Graph, Shape, FORWARD_COLOR};
use crate::layers::{AddLayer, MulLayer, Relu, Sigmoid};
use crate::matrix::Matrix;

/// The `exp` node of the sigmoid's graph: `out = exp(x)`, whose derivative is `exp(x)` itself.
/// (Only this figure needs it; the chapter's layers use the simplified [`Sigmoid`].)
struct ExpNode {
    out: f64,
}

impl ExpNode {
    fn forward(&mut self, x: f64) -> f64 {
        self.out = x.exp();
        self.out
    }
    fn backward(&self, dout: f64) -> f64 {
        dout * self.out
    }
}

/// The `/` node of the sigmoid's graph: `out = 1 / x`, whose derivative is `-1/x² = -out²`.
struct ReciprocalNode {
    out: f64,
}

impl ReciprocalNode {
    fn forward(&mut self, x: f64) -> f64 {
        self.out = 1.0 / x;
        self.out
    }
    fn backward(&self, dout: f64) -> f64 {
        dout * -self.out * self.out
    }
}

/// Figure 5, 5.5: ReLU's two cases, and Sigmoid as its chain of four nodes next to the
/// simplified node whose backward is `dout · y(1 - y)`: both give the same `dx`.
pub fn relu_and_sigmoid() -> Figure {
    // ReLU, through the `Relu` layer on a row of two inputs: one above 0, one below.
    let mut relu = Relu::new();
    let relu_x = Matrix::from_rows([[2.0, -1.0]]);
    let relu_out = relu.forward(&relu_x);
    let relu_dout = 1.5;
    let relu_dx = relu.backward(&Matrix::from_rows([[relu_dout, relu_dout]]));

    // Sigmoid as four nodes: ×(-1), exp, +1, /.
    let x = 1.0;
    let (mut neg, mut exp, mut plus1, mut recip) =
        (MulLayer::new(), ExpNode { out: 0.0 }, AddLayer::new(), ReciprocalNode { out: 0.0 });
    let a = neg.forward(x, -1.0);
    let b = exp.forward(a);
    let c = plus1.forward(b, 1.0);
    let y = recip.forward(c);
    let dy = 1.0;
    let dc = recip.backward(dy);
    let (db, _) = plus1.backward(dc);
    let da = exp.backward(db);
    let (dx_chain, _) = neg.backward(da);
    // The simplified node: the `Sigmoid` layer.
    let mut layer = Sigmoid::new();
    let y_layer = layer.forward(&Matrix::from_rows([[x]]))[(0, 0)];
    let dx_layer = layer.backward(&Matrix::from_rows([[dy]]))[(0, 0)];

    let mut g = Graph::new(880.0, 560.0, "5.5 활성화 함수 계층 ReLU and Sigmoid");
    g.text(40.0, 62.0, "ReLU: x > 0 passes dout on; x ≤ 0 sends back 0 (mask)", "start", FORWARD_COLOR);
    for (k, left) in [0.0, 440.0].into_iter().enumerate() {
        let xn = g.node(left + 60.0, 120.0, "x", Shape::Plain);
        let r = g.node(left + 220.0, 120.0, "relu", Shape::Circle);
        let yn = g.node(left + 380.0, 120.0, "y", Shape::Plain);
        g.edge(xn, r, &format!("x = {}", n(relu_x.data[k])), &n(relu_dx.data[k]));
        g.edge(r, yn, &n(relu_out.data[k]), &format!("dout = {}", n(relu_dout)));
    }
    g.text(40.0, 222.0, "Sigmoid y = 1 / (1 + exp(-x)), node by node", "start", FORWARD_COLOR);
    let labels = ["x", "×-1", "exp", "+1", "/", "y"];
    let ids: Vec<usize> = labels
        .iter()
        .enumerate()
        .map(|(i, &l)| g.node(60.0 + 150.0 * i as f64, 290.0, l, if i == 0 || i == 5 { Shape::Plain } else { Shape::Circle }))
        .collect();
    let forward = [x, a, b, c, y];
    let backward = [dx_chain, da, db, dc, dy];
    for i in 0..5 {
        g.edge(ids[i], ids[i + 1], &n(forward[i]), &n(backward[i]));
    }
    g.text(40.0, 372.0, "the same, as one node (the Sigmoid layer): dx = dout · y(1 - y)", "start", FORWARD_COLOR);
    let xs = g.node(60.0, 430.0, "x", Shape::Plain);
    let s = g.node(360.0, 430.0, "sigmoid", Shape::Box);
    let ys = g.node(660.0, 430.0, "y", Shape::Plain);
    g.edge(xs, s, &n(x), &format!("1 · y(1 - y) = {}", n(dx_layer)));
    g.edge(s, ys, &n(y_layer), &n(dy));
    g.legend();
    Figure {
        file: "relu_sigmoid.svg",
        section: "5.5",
        title_ko: "활성화 함수 계층: ReLU와 Sigmoid",
        title_en: "Activation layers: ReLU and Sigmoid",
        caption_ko: "ReLU는 순전파 때 0 이하였던 곳의 기울기를 0으로 막는다. Sigmoid의 네 노드를 거친 역전파 값은 하나로 간단히 한 노드의 dout·y(1−y)와 같다.",
        caption_en: "ReLU blocks the gradient where its input was ≤ 0. The four-node sigmoid graph and the simplified node give the same dx, dout·y(1−y).",
        formula: "relu: dx = dout (x > 0), 0 (x ≤ 0);   sigmoid: dx = dout · y(1 − y)",
        code: &[("src/layers.rs", "Relu::backward"), ("src/layers.rs", "Sigmoid::backward")],
        graph: g,
        values: named(&[
            ("relu dx (x > 0)", relu_dx.data[0]),
            ("relu dx (x <= 0)", relu_dx.data[1]),
            ("sigmoid y (chain)", y),
            ("sigmoid y (layer)", y_layer),
            ("sigmoid dx (chain)", dx_chain),
            ("sigmoid dx (layer)", dx_layer),
        ]),
    }
}
