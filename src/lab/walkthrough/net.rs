//! 5.6–5.7 step by step: `TwoLayerNet` on the learner's digit as the notes draw an Affine layer,
//! a `dot` node and a `+` node whose bias comes through a repeat node (one copy per row, so its
//! backward is the sum over the rows), then Relu1, Affine2 and SoftmaxWithLoss. Every matrix is
//! one [`step`] computed with the network's own layers; `x·W1` and the repeated bias, which
//! `Affine::forward` does not keep, are its own two lines (`x.dot(&self.w)`, `out.add_row`).

use super::{plain, stage, Number, Rule, Walk, Why};
use crate::lab::pictures::figures::n;
use crate::lab::pictures::graph::{Graph, Shape};
use crate::lab::step::step;
use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;

/// The matrix `b` (1, C) repeated on `rows` rows, as `add_row` adds it.
fn repeat(b: &Matrix, rows: usize) -> Matrix {
    let mut m = Matrix::zeros(rows, b.cols);
    m.add_row(b);
    m
}

fn matrix(name: &str, formula: &str, code: &'static str, rule: Rule) -> Number {
    Number { name: name.to_string(), scalar: None, why: Why::Matrix { formula: formula.to_string(), code, rule } }
}

fn given(name: &str, what: &str) -> Number {
    matrix(name, &format!("{name}: {what}"), "", Rule::Given)
}

/// One forward and backward pass of `network` on the rows of `x` with one-hot targets `t`,
/// ready to step through.
pub fn net(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Walk {
    let s = step(network, x, t);
    let (w1, b1, w2, b2) = (&network.affine1.w, &network.affine1.b, &network.affine2.w, &network.affine2.b);
    let rows = x.rows;
    let xw1 = x.dot(w1);
    let matrices: Vec<(String, Matrix)> = [
        ("x", x.clone()),
        ("W1", w1.clone()),
        ("x·W1", xw1),
        ("b1", b1.clone()),
        ("B1", repeat(b1, rows)),
        ("a1", s.a1.clone()),
        ("z1", s.z1.clone()),
        ("W2", w2.clone()),
        ("z1·W2", s.z1.dot(w2)),
        ("b2", b2.clone()),
        ("B2", repeat(b2, rows)),
        ("a2", s.a2.clone()),
        ("t", t.clone()),
        ("y", s.y.clone()),
        ("da2", s.dout_affine2.clone()),
        ("d(z1·W2)", s.dout_affine2.clone()),
        ("dB2", s.dout_affine2.clone()),
        ("db2", s.grads.b2.clone()),
        ("dW2", s.grads.w2.clone()),
        ("dz1", s.dout_relu1.clone()),
        ("da1", s.dout_affine1.clone()),
        ("d(x·W1)", s.dout_affine1.clone()),
        ("dB1", s.dout_affine1.clone()),
        ("db1", s.grads.b1.clone()),
        ("dW1", s.grads.w1.clone()),
        ("dx", s.dx.clone()),
    ]
    .into_iter()
    .map(|(name, m)| (name.to_string(), m))
    .collect();

    let mut g = Graph::new(1420.0, 580.0, &format!("5.6–5.7 TwoLayerNet, 노드 하나씩 · one node at a time (N = {rows})"));
    let y = 250.0;
    let xn = g.node(40.0, y, "x", Shape::Plain);
    let dot1 = g.node(215.0, y, "dot", Shape::Box);
    let w1n = g.node(215.0, 90.0, "W1", Shape::Plain);
    let plus1 = g.node(400.0, y, "+", Shape::Circle);
    let repeat1 = g.node(400.0, 375.0, "repeat", Shape::Box);
    let b1n = g.node(400.0, 480.0, "b1", Shape::Plain);
    let relu1 = g.node(585.0, y, "Relu1", Shape::Box);
    let dot2 = g.node(775.0, y, "dot", Shape::Box);
    let w2n = g.node(775.0, 90.0, "W2", Shape::Plain);
    let plus2 = g.node(960.0, y, "+", Shape::Circle);
    let repeat2 = g.node(960.0, 375.0, "repeat", Shape::Box);
    let b2n = g.node(960.0, 480.0, "b2", Shape::Plain);
    let last = g.node(1180.0, y, "SoftmaxWithLoss", Shape::Box);
    let tn = g.node(1180.0, 90.0, "t", Shape::Plain);
    let ln = g.node(1380.0, y, "L", Shape::Plain);
    let edges = vec![
        (
            given("x", "입력, 픽셀 ÷ 255 · the input, pixels ÷ 255"),
            Some(matrix("dx", "dx = da1 · W1ᵀ", "let dx = dout.dot(&self.w.transpose());", Rule::Dot("da1", false, "W1", true))),
        ),
        (
            given("W1", "매개변수 · a parameter"),
            Some(matrix("dW1", "dW1 = xᵀ · da1", "self.dw = self.x.transpose().dot(dout);", Rule::Dot("x", true, "da1", false))),
        ),
        (
            matrix("x·W1", "x·W1", "let mut out = x.dot(&self.w);", Rule::Dot("x", false, "W1", false)),
            Some(matrix("d(x·W1)", "d(x·W1) = da1  (+ passes dout on)", "", Rule::Same("da1"))),
        ),
        (
            given("b1", "매개변수 · a parameter"),
            Some(matrix("db1", "db1 = Σ_rows da1", "self.db = dout.sum_rows();", Rule::SumRows("da1"))),
        ),
        (
            matrix("B1", "B1 = b1, N rows (repeat)", "out.add_row(&self.b);", Rule::Repeat("b1")),
            Some(matrix("dB1", "dB1 = da1  (+ passes dout on)", "", Rule::Same("da1"))),
        ),
        (
            matrix("a1", "a1 = x·W1 + B1", "out.add_row(&self.b);", Rule::Add("x·W1", "B1")),
            Some(matrix(
                "da1",
                "da1 = dz1, 0 where mask",
                "dx.set_masked(&self.mask, 0.0); // dout[self.mask] = 0",
                Rule::ReluBack("a1", "dz1"),
            )),
        ),
        (
            matrix("z1", "z1 = max(0, a1)", "out.set_masked(&self.mask, 0.0); // out[self.mask] = 0", Rule::Relu("a1")),
            Some(matrix(
                "dz1",
                "dz1 = da2 · W2ᵀ",
                "let dx = dout.dot(&self.w.transpose());",
                Rule::Dot("da2", false, "W2", true),
            )),
        ),
        (
            given("W2", "매개변수 · a parameter"),
            Some(matrix(
                "dW2",
                "dW2 = z1ᵀ · da2",
                "self.dw = self.x.transpose().dot(dout);",
                Rule::Dot("z1", true, "da2", false),
            )),
        ),
        (
            matrix("z1·W2", "z1·W2", "let mut out = x.dot(&self.w);", Rule::Dot("z1", false, "W2", false)),
            Some(matrix("d(z1·W2)", "d(z1·W2) = da2  (+ passes dout on)", "", Rule::Same("da2"))),
        ),
        (
            given("b2", "매개변수 · a parameter"),
            Some(matrix("db2", "db2 = Σ_rows da2", "self.db = dout.sum_rows();", Rule::SumRows("da2"))),
        ),
        (
            matrix("B2", "B2 = b2, N rows (repeat)", "out.add_row(&self.b);", Rule::Repeat("b2")),
            Some(matrix("dB2", "dB2 = da2  (+ passes dout on)", "", Rule::Same("da2"))),
        ),
        (
            matrix("a2", "a2 = z1·W2 + B2", "out.add_row(&self.b);", Rule::Add("z1·W2", "B2")),
            Some(matrix("da2", "da2 = (y − t) / N", "self.y.zip_map(&t, |y, t| (y - t) * dout / batch_size)", Rule::SoftmaxBack)),
        ),
        (given("t", "정답, 원-핫 · the true labels, one-hot"), None),
        (
            Number {
                name: "L".to_string(),
                scalar: Some(s.loss),
                why: Why::Formula("−(1/N) Σₙ ln(y[n][tₙ] + 1e-7)".to_string(), format!("N = {rows}")),
            },
            Some(Number { name: "∂L/∂L".to_string(), scalar: Some(1.0), why: Why::Start }),
        ),
    ];
    // Each edge's labels: its name (for a backward product, its formula with the transpose, as
    // the notes draw Affine's backward), its shape and its first entry.
    let label = |number: &Number| {
        let m = &matrices.iter().find(|(k, _)| *k == number.name).expect("every matrix is kept").1;
        let head = match &number.why {
            Why::Matrix { formula, rule: Rule::Dot(..), .. } if number.name.starts_with('d') => format!("{formula}\n"),
            _ => format!("{} ", number.name),
        };
        format!("{head}({}, {})\n[{}, …]", m.rows, m.cols, n(m.data[0]))
    };
    let ends = [
        (xn, dot1),
        (w1n, dot1),
        (dot1, plus1),
        (b1n, repeat1),
        (repeat1, plus1),
        (plus1, relu1),
        (relu1, dot2),
        (w2n, dot2),
        (dot2, plus2),
        (b2n, repeat2),
        (repeat2, plus2),
        (plus2, last),
    ];
    for (&(from, to), (f, b)) in ends.iter().zip(&edges) {
        g.edge(from, to, &label(f), &b.as_ref().map_or(String::new(), label));
    }
    g.edge(tn, last, &format!("t ({}, 10) one-hot", rows), "");
    g.edge(last, ln, &format!("L = {}", n(s.loss)), "1");
    g.legend();

    let nodes = vec![
        plain("입력 x: 그린 숫자 (N행 × 784)", "input x: the digit (N rows × 784)"),
        plain(
            "Affine1의 dot 노드: x·W1. 역전파는 전치를 곱한다: dx = dout·W1ᵀ, dW1 = xᵀ·dout; 여기서 노트의 dout은 da1 (Relu1이 돌려준 ∂L/∂a1)",
            "Affine1's dot node: x·W1; backward multiplies by the transposes: dx = dout·W1ᵀ, dW1 = xᵀ·dout; the notes' dout is da1 here (∂L/∂a1, from Relu1)",
        ),
        plain("매개변수 W1 (784 × 은닉)", "parameter W1 (784 × hidden)"),
        plain("Affine1의 + 노드: dout(da1)을 양쪽에 그대로", "Affine1's + node: passes dout (da1) on to both sides"),
        plain(
            "repeat 노드: b1을 N행으로 복사; 역전파는 N행의 합 (np.sum(dout, axis=0))",
            "repeat node: b1 copied to N rows; backward sums the N rows (np.sum(dout, axis=0))",
        ),
        plain("매개변수 b1", "parameter b1"),
        plain(
            "Relu1: 순전파 max(0, x), 역전파는 mask(x ≤ 0)인 곳만 0",
            "Relu1: forward max(0, x); backward zero where mask (x ≤ 0)",
        ),
        plain(
            "Affine2의 dot 노드: z1·W2. 역전파: dx = dout·W2ᵀ (dz1), dW2 = z1ᵀ·dout; 여기서 노트의 dout은 da2 (SoftmaxWithLoss가 돌려준 ∂L/∂a2)",
            "Affine2's dot node: z1·W2; backward: dx = dout·W2ᵀ (dz1), dW2 = z1ᵀ·dout; the notes' dout is da2 here (∂L/∂a2, from SoftmaxWithLoss)",
        ),
        plain("매개변수 W2 (은닉 × 10)", "parameter W2 (hidden × 10)"),
        plain("Affine2의 + 노드: dout(da2)을 양쪽에 그대로", "Affine2's + node: passes dout (da2) on to both sides"),
        plain("repeat 노드: b2를 N행으로 복사; 역전파는 N행의 합", "repeat node: b2 copied to N rows; backward sums the N rows"),
        plain("매개변수 b2", "parameter b2"),
        plain(
            "SoftmaxWithLoss: y = softmax(a2), L = 교차 엔트로피; 역전파 (y − t)/N",
            "SoftmaxWithLoss: y = softmax(a2), L = cross-entropy; backward (y − t)/N",
        ),
        plain("정답 레이블 t (원-핫)", "true labels t (one-hot)"),
        plain("손실 L", "the loss L"),
    ];
    let steps = vec![
        stage(
            None,
            false,
            &[0, 1, 3, 7, 9, 12],
            "self.loss(x, t);",
            "입력 x, 정답 t, 매개변수",
            "the input x, the labels t, the parameters",
        ),
        stage(Some(dot1), false, &[2], "let mut out = x.dot(&self.w);", "Affine1.forward: x·W1", "Affine1.forward: x·W1"),
        stage(Some(repeat1), false, &[4], "out.add_row(&self.b);", "b1을 모든 행에 · b1 on every row", "b1 on every row"),
        stage(Some(plus1), false, &[5], "out.add_row(&self.b);", "a1 = x·W1 + b1", "a1 = x·W1 + b1"),
        stage(Some(relu1), false, &[6], "let x = self.relu1.forward(&x);", "Relu1.forward", "Relu1.forward"),
        stage(Some(dot2), false, &[8], "let mut out = x.dot(&self.w);", "Affine2.forward: z1·W2", "Affine2.forward: z1·W2"),
        stage(Some(repeat2), false, &[10], "out.add_row(&self.b);", "b2를 모든 행에 · b2 on every row", "b2 on every row"),
        stage(Some(plus2), false, &[11], "out.add_row(&self.b);", "점수 a2 = z1·W2 + b2", "the scores a2 = z1·W2 + b2"),
        stage(
            Some(last),
            false,
            &[13],
            "self.last_layer.forward(&y, t)",
            "SoftmaxWithLoss.forward: 손실",
            "SoftmaxWithLoss.forward: the loss",
        ),
        stage(Some(ln), true, &[13], "let dout = 1.0;", "역전파 시작: dout = 1", "backward starts: dout = 1"),
        stage(
            Some(last),
            true,
            &[11],
            "let dout = self.last_layer.backward(dout);",
            "SoftmaxWithLoss.backward: (y − t)/N",
            "SoftmaxWithLoss.backward: (y − t)/N",
        ),
        stage(
            Some(plus2),
            true,
            &[8, 10],
            "let dout = self.affine2.backward(&dout);",
            "Affine2의 +: dout을 그대로",
            "Affine2's +: dout passed on",
        ),
        stage(
            Some(dot2),
            true,
            &[6, 7],
            "let dx = dout.dot(&self.w.transpose());\nself.dw = self.x.transpose().dot(dout);",
            "Affine2의 dot: dx와 dW2",
            "Affine2's dot: dx and dW2",
        ),
        stage(
            Some(repeat2),
            true,
            &[9],
            "self.db = dout.sum_rows();",
            "Affine2의 repeat: db2 = 행의 합",
            "Affine2's repeat: db2, the sum of the rows",
        ),
        stage(
            Some(relu1),
            true,
            &[5],
            "let dout = self.relu1.backward(&dout);",
            "Relu1.backward: mask인 곳은 0",
            "Relu1.backward: 0 where mask",
        ),
        stage(
            Some(plus1),
            true,
            &[2, 4],
            "self.affine1.backward(&dout);",
            "Affine1의 +: dout을 그대로",
            "Affine1's +: dout passed on",
        ),
        stage(
            Some(dot1),
            true,
            &[0, 1],
            "let dx = dout.dot(&self.w.transpose());\nself.dw = self.x.transpose().dot(dout);",
            "Affine1의 dot: dx와 dW1",
            "Affine1's dot: dx and dW1",
        ),
        stage(
            Some(repeat1),
            true,
            &[3],
            "self.db = dout.sum_rows();",
            "Affine1의 repeat: db1 = 행의 합",
            "Affine1's repeat: db1, the sum of the rows",
        ),
    ];
    Walk { kind: "net", graph: g, nodes, edges, steps, matrices }
}
