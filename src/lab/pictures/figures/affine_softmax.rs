//! 5.6: the Affine layer and Softmax-with-Loss.

use super::{n, named, rows, Figure};
use crate::lab::pictures::graph::{Graph, Shape, BACKWARD_COLOR, FORWARD_COLOR};
use crate::layers::{Affine, SoftmaxWithLoss};
use crate::matrix::Matrix;

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
        g.edge(yk, cee, &n(y.data[k]), &n(-t.data[k] / y.data[k]));
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
