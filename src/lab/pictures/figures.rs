//! The chapter's computational graphs, in the notes' order, each drawn with the numbers the
//! project's own layers compute when the figure is made (none is typed in): the apple graphs
//! (`apples.rs`), the chain rule, the add and multiply nodes, ReLU and Sigmoid, Affine,
//! Softmax-with-Loss (`layers.rs`) and one real step of `TwoLayerNet` on two MNIST images.
//!
//! Each figure keeps, beside its graph, the named numbers it shows (`values`), so that tests can
//! hold them against the layers and find them in the SVG.

use super::graph::{Graph, Shape, BACKWARD_COLOR, FORWARD_COLOR};
use super::svg::number;
use crate::apples::{buy_apple, buy_apple_orange};
use crate::lab::step::step;
use crate::layers::{AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss};
use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;

/// One figure of the page: its graph, what it is called and says (in Korean and English), the
/// formula it illustrates, and which code computed its numbers.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The SVG's file name, e.g. `apple.svg`.
    pub file: &'static str,
    /// The notes' section, e.g. `5.1`.
    pub section: &'static str,
    pub title_ko: &'static str,
    pub title_en: &'static str,
    pub caption_ko: &'static str,
    pub caption_en: &'static str,
    pub formula: &'static str,
    /// `(file, item)` pairs: the code whose values the figure shows.
    pub code: &'static [(&'static str, &'static str)],
    pub graph: Graph,
    /// The numbers drawn, by name (`price`, `dapple`, …), as the layers computed them.
    pub values: Vec<(String, f64)>,
}

/// Numbers on the figures: three significant digits, as a person writes them (220, 2.2, 0.0182).
pub fn n(x: f64) -> String {
    number(x, 3)
}

/// A row of numbers: `[1, 0.5, -1]`.
fn list(xs: &[f64]) -> String {
    format!("[{}]", xs.iter().map(|&x| n(x)).collect::<Vec<_>>().join(", "))
}

/// A matrix, row by row: `[[1, 2], [3, 4]]`.
fn rows(m: &Matrix) -> String {
    format!("[{}]", (0..m.rows).map(|r| list(m.row(r))).collect::<Vec<_>>().join(", "))
}

/// The shape and first two values of a matrix, on two lines: `(2, 50)` / `[0.0181, -0.0274, …]`.
fn shape_and_values(m: &Matrix) -> String {
    let (r, c) = m.shape();
    format!("({r}, {c})\n[{}, {}, …]", n(m.data[0]), n(m.data[1]))
}

/// The apple-shopping figures' inputs: 2 apples at 100, 3 oranges at 150, 10% tax.
pub const APPLE: f64 = 100.0;
pub const APPLE_NUM: f64 = 2.0;
pub const ORANGE: f64 = 150.0;
pub const ORANGE_NUM: f64 = 3.0;
pub const TAX: f64 = 1.1;

/// Figure 1, 5.1: two apples with tax, `buy_apple`, drawn from its forward and backward values.
pub fn apple_graph(apple: f64, apple_num: f64, tax: f64) -> (Graph, Vec<(String, f64)>) {
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
    g.legend();
    let values = named(&[
        ("apple_price", a.apple_price),
        ("price", a.price),
        ("dapple_price", a.dapple_price),
        ("dapple", a.dapple),
        ("dapple_num", a.dapple_num),
        ("dtax", a.dtax),
    ]);
    (g, values)
}

/// Figure 2, 5.1/5.4: apples and oranges with tax, `buy_apple_orange`.
pub fn apple_orange_graph(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> (Graph, Vec<(String, f64)>) {
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
    g.legend();
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
    (g, values)
}

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

fn named(values: &[(&str, f64)]) -> Vec<(String, f64)> {
    values.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

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

/// Figure 6, 5.6: the Affine layer as `dot` and `+` nodes with the shape of every array, for one
/// sample and for a batch of N, and the numbers `Affine` computes for a small example.
pub fn affine() -> Figure {
    let w = Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let b = Matrix::from_rows([[1.0, 2.0, 3.0]]);
    let mut one = Affine::new(w.clone(), b.clone());
    let x1 = Matrix::from_rows([[1.0, 2.0]]);
    let y1 = one.forward(&x1);
    let dy1 = Matrix::from_rows([[1.0, 0.0, -1.0]]);
    let dx1 = one.backward(&dy1);
    let mut batch = Affine::new(w.clone(), b.clone());
    let xn = Matrix::from_rows([[1.0, 2.0], [3.0, 4.0]]);
    let yn = batch.forward(&xn);
    let dyn_ = Matrix::from_rows([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]);
    let dxn = batch.backward(&dyn_);

    let mut g = Graph::new(900.0, 640.0, "5.6 Affine 계층 The Affine layer: Y = X·W + B");
    for (top, sample, x_shape, y_shape, db_text) in
        [(50.0, "one sample", "(2,)", "(3,)", "∂L/∂Y (3,)"), (330.0, "a batch of N", "(N, 2)", "(N, 3)", "Σrows ∂L/∂Y (3,)")]
    {
        g.text(40.0, top + 22.0, sample, "start", FORWARD_COLOR);
        let xnode = g.node(70.0, top + 70.0, "X", Shape::Plain);
        let dot = g.node(310.0, top + 70.0, "dot", Shape::Box);
        let wnode = g.node(310.0, top + 170.0, "W", Shape::Plain);
        let plus = g.node(570.0, top + 70.0, "+", Shape::Circle);
        let bnode = g.node(570.0, top + 170.0, "B", Shape::Plain);
        let ynode = g.node(820.0, top + 70.0, "Y", Shape::Plain);
        g.edge(xnode, dot, &format!("X {x_shape}"), &format!("∂L/∂Y·Wᵀ {x_shape}"));
        g.edge(wnode, dot, "W (2, 3)", "Xᵀ·∂L/∂Y (2, 3)");
        g.edge(dot, plus, &format!("X·W {y_shape}"), &format!("∂L/∂Y {y_shape}"));
        g.edge(bnode, plus, "B (3,)", db_text);
        g.edge(plus, ynode, &format!("Y {y_shape}"), &format!("∂L/∂Y {y_shape}"));
    }
    let lines = [
        (250.0, format!("X = {}, W = {}, B = {}  →  Y = {}", rows(&x1), rows(&w), rows(&b), rows(&y1))),
        (
            268.0,
            format!("∂L/∂Y = {}  →  ∂L/∂X = {}, ∂L/∂W = {}, ∂L/∂B = {}", rows(&dy1), rows(&dx1), rows(&one.dw), rows(&one.db)),
        ),
        (530.0, format!("N = 2: X = {}  →  Y = {}", rows(&xn), rows(&yn))),
        (548.0, format!("∂L/∂Y = {}  →  ∂L/∂X = {}", rows(&dyn_), rows(&dxn))),
        (566.0, format!("∂L/∂W = Xᵀ·∂L/∂Y = {},  ∂L/∂B = Σrows ∂L/∂Y = {}", rows(&batch.dw), rows(&batch.db))),
    ];
    for (y, line) in lines {
        g.text(40.0, y, &line, "start", if y == 250.0 || y == 530.0 { FORWARD_COLOR } else { BACKWARD_COLOR });
    }
    g.legend();
    let mut values = named(&[("Y[0]", y1.data[0]), ("dX[0]", dx1.data[0]), ("dX[1]", dx1.data[1])]);
    for (name, m) in [("Y", &yn), ("dX", &dxn), ("dW", &batch.dw), ("dB", &batch.db)] {
        values.extend(m.data.iter().enumerate().map(|(i, &v)| (format!("batch {name}[{i}]"), v)));
    }
    Figure {
        file: "affine.svg",
        section: "5.6",
        title_ko: "Affine 계층과 형상",
        title_en: "The Affine layer and its shapes",
        caption_ko: "행렬의 곱(dot)과 덧셈으로 이루어진 Affine 계층. 역전파 값의 형상은 순전파 값의 형상과 같다. 배치에서는 편향의 기울기가 행 방향의 합이 된다.",
        caption_en: "Affine is a matrix product and an addition. Each gradient has the shape of its value; for a batch, the bias's gradient is the sum over the rows.",
        formula: "∂L/∂X = ∂L/∂Y · Wᵀ,   ∂L/∂W = Xᵀ · ∂L/∂Y,   ∂L/∂B = Σ_rows ∂L/∂Y",
        code: &[("src/layers.rs", "Affine::backward"), ("src/matrix.rs", "Matrix::dot, transpose_dot, sum_rows")],
        graph: g,
        values,
    }
}

/// Figure 7, 5.6: Softmax-with-Loss for three classes (the notes' scores 0.3, 2.9, 4.0, the third
/// class correct): forward `y` and `L`, backward `y - t` (divided by N for a batch).
pub fn softmax_with_loss() -> Figure {
    let scores = Matrix::from_rows([[0.3, 2.9, 4.0]]);
    let t = Matrix::from_rows([[0.0, 0.0, 1.0]]);
    let mut layer = SoftmaxWithLoss::new();
    let loss = layer.forward(&scores, &t);
    let dx = layer.backward(1.0);
    let y = layer.y.clone();
    let mut batch_layer = SoftmaxWithLoss::new();
    let batch_scores = Matrix::from_rows([[0.3, 2.9, 4.0], [1.0, 1.0, 1.0]]);
    let batch_t = Matrix::from_rows([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
    let batch_loss = batch_layer.forward(&batch_scores, &batch_t);
    let batch_dx = batch_layer.backward(1.0);

    let mut g = Graph::new(900.0, 470.0, "5.6 Softmax-with-Loss 계층 The last layer: softmax, then the cross-entropy error");
    let soft = g.node(300.0, 180.0, "Softmax", Shape::TallBox(250.0));
    let cee = g.node(690.0, 180.0, "Cross Entropy Error", Shape::TallBox(250.0));
    let l = g.node(865.0, 180.0, "L", Shape::Plain);
    let tn = g.node(690.0, 350.0, "t = (0, 0, 1)", Shape::Plain);
    for k in 0..3 {
        let y_at = 90.0 + 90.0 * k as f64;
        let a = g.node(50.0, y_at, &format!("a{}", k + 1), Shape::Plain);
        let yk = g.node(530.0, y_at, &format!("y{}", k + 1), Shape::Plain);
        g.edge(a, soft, &n(scores.data[k]), &format!("y{0} - t{0} = {1}", k + 1, n(dx.data[k])));
        // ∂L/∂y_k = -t_k / y_k: what the cross-entropy node sends back to each y.
        g.edge(soft, yk, &n(y.data[k]), &format!("-t{0}/y{0} = {1}", k + 1, n(-t.data[k] / y.data[k])));
        g.edge(yk, cee, "", "");
    }
    g.edge(tn, cee, "", "");
    g.edge(cee, l, &n(loss), "1");
    g.text(
        40.0,
        392.0,
        &format!("L = -ln(y3 + 1e-7) = {};  backward: -t/y into the y's, y - t into the scores", n(loss)),
        "start",
        FORWARD_COLOR,
    );
    g.text(
        40.0,
        410.0,
        &format!("batch N = 2: loss {} (the mean);  dx = (y - t) / N = {}", n(batch_loss), rows(&batch_dx)),
        "start",
        BACKWARD_COLOR,
    );
    g.legend();
    let mut values = named(&[("loss", loss), ("batch loss", batch_loss)]);
    values.extend((0..3).map(|k| (format!("y{}", k + 1), y.data[k])));
    values.extend((0..3).map(|k| (format!("dx{}", k + 1), dx.data[k])));
    values.extend(batch_dx.data.iter().enumerate().map(|(i, &v)| (format!("batch dx[{i}]"), v)));
    Figure {
        file: "softmax_with_loss.svg",
        section: "5.6",
        title_ko: "Softmax-with-Loss 계층",
        title_en: "The Softmax-with-Loss layer",
        caption_ko: "소프트맥스와 교차 엔트로피 오차를 합친 마지막 계층. 역전파 결과는 (y − t)로 깔끔하게 떨어지고, 배치에서는 N으로 나눈다.",
        caption_en: "Softmax and the cross-entropy error together: the gradient for the scores is simply y − t, divided by N for a batch.",
        formula: "y = softmax(a),  L = −Σ t·ln y,   ∂L/∂a = y − t   ((y − t)/N for a batch)",
        code: &[("src/layers.rs", "SoftmaxWithLoss::forward, backward"), ("src/functions.rs", "softmax, cross_entropy_error")],
        graph: g,
        values,
    }
}

/// Figure 8, 5.7: one real step of `TwoLayerNet` on the first two training images, as `make
/// trace` prints it: each arrow with its shape and first values forward, the gradients backward.
pub fn two_layer_net(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Figure {
    let s = step(network, x, t);
    let (a1, z1, a2, loss, dout2, dz1, da1, dx, grads) =
        (&s.a1, &s.z1, &s.a2, s.loss, &s.dout_affine2, &s.dout_relu1, &s.dout_affine1, &s.dx, &s.grads);
    let net = network;
    let (batch, pixels) = x.shape();
    let lit = x.data.iter().filter(|&&v| v != 0.0).count();
    let mut g = Graph::new(1240.0, 520.0, &format!("5.7 TwoLayerNet: one step on the first {batch} training images"));
    let xn = g.node(30.0, 230.0, "x", Shape::Plain);
    let affine1 = g.node(250.0, 230.0, "Affine1", Shape::Box);
    let relu1 = g.node(510.0, 230.0, "Relu1", Shape::Box);
    let affine2 = g.node(770.0, 230.0, "Affine2", Shape::Box);
    let last = g.node(1100.0, 230.0, "SoftmaxWithLoss", Shape::Box);
    let p1 = g.node(250.0, 75.0, "W1, b1", Shape::Plain);
    let p2 = g.node(770.0, 75.0, "W2, b2", Shape::Plain);
    let tn = g.node(1100.0, 75.0, "t", Shape::Plain);
    let ln = g.node(1100.0, 370.0, "L", Shape::Plain);
    let shape = |m: &Matrix| format!("({}, {})", m.rows, m.cols);
    let lit_percent = 100.0 * lit as f64 / x.data.len() as f64;
    g.edge(xn, affine1, &format!("({batch}, {pixels})\n{lit_percent:.0}% lit"), &shape_and_values(dx));
    g.edge(affine1, relu1, &shape_and_values(a1), &shape_and_values(da1));
    g.edge(relu1, affine2, &shape_and_values(z1), &shape_and_values(dz1));
    g.edge(affine2, last, &shape_and_values(a2), &shape_and_values(dout2));
    g.edge(
        p1,
        affine1,
        &format!("W1 {}\nb1 {}", shape(&net.affine1.w), shape(&net.affine1.b)),
        &format!("dW1 {}\ndb1 {}", shape(&grads.w1), shape(&grads.b1)),
    );
    g.edge(
        p2,
        affine2,
        &format!("W2 {}\nb2 {}", shape(&net.affine2.w), shape(&net.affine2.b)),
        &format!("dW2 {}\ndb2 {}", shape(&grads.w2), shape(&grads.b2)),
    );
    g.edge(tn, last, &format!("one-hot {}", shape(t)), "");
    g.edge(last, ln, &format!("L = {}", n(loss)), "1");
    // What came out for each parameter: how much of it moves, and by how much at most.
    let summary = |name: &str, m: &Matrix| {
        let nonzero = m.data.iter().filter(|&&v| v != 0.0).count();
        let largest = m.data.iter().fold(0.0f64, |a, &v| a.max(v.abs()));
        format!("{name} {}: {nonzero} of {} nonzero, largest |entry| {}", shape(m), m.data.len(), n(largest))
    };
    g.text(
        40.0,
        408.0,
        &format!("{};  {}", summary("dW1 = xᵀ·dout", &grads.w1), summary("db1", &grads.b1)),
        "start",
        BACKWARD_COLOR,
    );
    g.text(
        40.0,
        426.0,
        &format!("{};  {}", summary("dW2 = xᵀ·dout", &grads.w2), summary("db2", &grads.b2)),
        "start",
        BACKWARD_COLOR,
    );
    g.text(
        40.0,
        444.0,
        "Only the weights of lit pixels and active hidden units move. Affine1's dx is drawn here; training skips it.",
        "start",
        FORWARD_COLOR,
    );
    g.legend();

    let mut values = named(&[("loss", loss)]);
    for (name, m) in [("a1", a1), ("z1", z1), ("a2", a2), ("dout2", dout2), ("dz1", dz1), ("da1", da1), ("dx", dx)] {
        values.push((format!("{name}[0]"), m.data[0]));
        values.push((format!("{name}[1]"), m.data[1]));
    }
    for (name, m) in [("dW1", &grads.w1), ("db1", &grads.b1), ("dW2", &grads.w2), ("db2", &grads.b2)] {
        values.push((format!("largest |{name}|"), m.data.iter().fold(0.0f64, |a, &v| a.max(v.abs()))));
    }
    Figure {
        file: "two_layer_net.svg",
        section: "5.7",
        title_ko: "오차역전파법을 적용한 2층 신경망",
        title_en: "The two-layer network, forward and back",
        caption_ko: "훈련 이미지 두 장으로 한 번의 순전파와 역전파. 화살표마다 형상과 앞의 값 몇 개, 아래에는 역전파로 돌아오는 기울기. 매개변수의 기울기 dW1, db1, dW2, db2는 Affine 계층에서 나온다.",
        caption_en: "One forward and backward pass on two training images: every arrow with its shape and first values, the gradients coming back below; dW1, db1, dW2, db2 come out of the Affine layers.",
        formula: "L = SoftmaxWithLoss(Affine2(Relu1(Affine1(x))), t);  grads = gradient(x, t)",
        code: &[("src/two_layer_net.rs", "TwoLayerNet::loss, gradient"), ("src/layers.rs", "Affine, Relu, SoftmaxWithLoss")],
        graph: g,
        values,
    }
}

/// Figures 1 and 2 with the notes' inputs, as [`Figure`]s.
pub fn apple_figures() -> [Figure; 2] {
    let (one, one_values) = apple_graph(APPLE, APPLE_NUM, TAX);
    let (two, two_values) = apple_orange_graph(APPLE, APPLE_NUM, ORANGE, ORANGE_NUM, TAX);
    [
        Figure {
            file: "apple.svg",
            section: "5.1",
            title_ko: "계산 그래프: 사과 쇼핑",
            title_en: "A computational graph: buying apples",
            caption_ko: "사과 2개(개당 100원)와 소비세 10%. 순전파로 가격 220을, 역전파로 각 입력에 대한 가격의 미분을 구한다: 사과 가격이 1 오르면 가격은 2.2 오른다.",
            caption_en: "Two apples at 100 with 10% tax. Forward gives the price, 220; backward gives how the price moves with each input: 2.2 per unit of apple price.",
            formula: "price = apple × apple_num × tax;   ∂price/∂apple = apple_num × tax",
            code: &[("src/apples.rs", "buy_apple"), ("src/layers.rs", "MulLayer::forward, backward")],
            graph: one,
            values: one_values,
        },
        Figure {
            file: "apple_orange.svg",
            section: "5.4",
            title_ko: "사과와 귤 쇼핑: 곱셈 계층과 덧셈 계층",
            title_en: "Apples and oranges: multiply and add layers",
            caption_ko: "사과 2개와 귤 3개(개당 150원), 소비세 10%. MulLayer와 AddLayer로 만든 그래프의 순전파와 역전파.",
            caption_en: "Two apples and three oranges at 150, with 10% tax, built from MulLayer and AddLayer, forward and backward.",
            formula: "price = (apple × apple_num + orange × orange_num) × tax",
            code: &[("src/apples.rs", "buy_apple_orange"), ("src/layers.rs", "MulLayer, AddLayer")],
            graph: two,
            values: two_values,
        },
    ]
}

/// Every figure, in the notes' order. The last needs the network and its two images.
pub fn all(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Vec<Figure> {
    let [apple, apple_orange] = apple_figures();
    vec![
        apple,
        apple_orange,
        chain_rule(),
        add_and_mul_nodes(),
        relu_and_sigmoid(),
        affine(),
        softmax_with_loss(),
        two_layer_net(network, x, t),
    ]
}
