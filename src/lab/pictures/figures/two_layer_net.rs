//! 5.7: one real step of `TwoLayerNet` on two MNIST images.

use super::{n, named, shape_and_values, Figure};
use crate::lab::pictures::graph::{Graph, Shape, BACKWARD_COLOR, FORWARD_COLOR};
use crate::lab::step::step;
use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;

/// Figure 8, 5.7: one real step of `TwoLayerNet` on the first two training images, as `make
/// trace` prints it: each arrow with its shape and first values forward, the gradients backward.
pub fn two_layer_net(network: &TwoLayerNet, x: &Matrix, t: &Matrix) -> Figure {
    let s = step(network, x, t);
    let (a1, z1, a2, loss, dout2, dz1, da1, dx, grads) =
        (&s.a1, &s.z1, &s.a2, s.loss, &s.dout_affine2, &s.dout_relu1, &s.dout_affine1, &s.dx, &s.grads);
    let net = network;
    let (batch, pixels) = x.shape();
    let lit = x.data.iter().filter(|&&v| v != 0.0).count();
    let mut g = Graph::new(
        1240.0,
        520.0,
        &format!("5.7 2층 신경망의 한 단계 TwoLayerNet: one step on the first {batch} training images"),
    );
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
        "Only the weights of lit pixels and active hidden units move. Affine1's dx is computed too, as the notes' gradient() does; no weight uses it.",
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
