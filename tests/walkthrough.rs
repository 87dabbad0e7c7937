//! The page's graph view (`lab::walkthrough`): every number on an edge is the one the layers
//! computed, each "upstream × local" multiplies to its result, each written-out sum adds up to
//! its entry bit for bit, the steps go forward then backward through every edge once, on the
//! nodes that compute them, quoting code that is in the chapter, and no label sits on another.

mod common;
use backprop::apples::{buy_apple, buy_apple_orange};
use backprop::lab::json::{self, Json};
use backprop::lab::step::step;
use backprop::lab::walkthrough::{self, num, EntryAsked, Rule, Walk, Why};
use backprop::{Matrix, Rng, TwoLayerNet};

/// The scalar on `edge`'s backward side named `name`.
#[track_caller]
fn backward(walk: &Walk, name: &str) -> f64 {
    let n = walk.edges.iter().filter_map(|(_, b)| b.as_ref()).find(|b| b.name == name);
    n.unwrap_or_else(|| panic!("no backward number {name}")).scalar.unwrap()
}

/// The text the page shows for a number: its `line`.
fn line(walk: &Walk, edge: usize, is_backward: bool) -> String {
    let Json::Object(o) = json::parse(&walk.to_json(None, None)).unwrap() else { panic!() };
    let Some(Json::Array(edges)) = o.get("edges") else { panic!() };
    let Json::Object(e) = &edges[edge] else { panic!() };
    let Some(Json::Object(n)) = e.get(if is_backward { "backward" } else { "forward" }) else { panic!() };
    let Some(Json::String(l)) = n.get("line") else { panic!() };
    l.clone()
}

/// Each chain-rule number is upstream × local, exactly as the layer multiplied it.
fn assert_chains_multiply(walk: &Walk) {
    for (_, b) in &walk.edges {
        if let Some(b) = b {
            if let Why::Chain { upstream, local } = &b.why {
                assert_eq!(upstream.1 * local.1, b.scalar.unwrap(), "{}: {} × {}", b.name, upstream.0, local.0);
            }
        }
    }
}

/// The steps: the inputs, then forward through every edge with a forward number once, on its
/// `from` node, then backward through every edge with a gradient once, on its `to` node; each
/// code line is one of the chapter's own (src/apples.rs, layers.rs, two_layer_net.rs).
fn assert_steps_walk_every_edge(walk: &Walk) {
    let chapter: String =
        ["src/apples.rs", "src/layers.rs", "src/two_layer_net.rs"].iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    let mut forward = vec![0; walk.edges.len()];
    let mut back = vec![0; walk.edges.len()];
    let mut seen_backward = false;
    for (i, s) in walk.steps.iter().enumerate() {
        for code in s.code.split('\n') {
            assert!(chapter.contains(code), "step {i}'s code {code:?} is not in the chapter");
        }
        assert!(s.backward || !seen_backward, "step {i}: forward after backward");
        seen_backward |= s.backward;
        assert_eq!(s.node.is_none(), i == 0, "only the first step shows the inputs");
        for &e in &s.edges {
            let edge = &walk.graph.edges[e];
            if s.backward {
                back[e] += 1;
                // The output's edge starts backward at its own end, the output node.
                assert_eq!(s.node, Some(edge.to), "step {i} gives the gradient of edge {e}, which does not enter its node");
            } else {
                forward[e] += 1;
                assert!(
                    s.node.is_none() || s.node == Some(edge.from),
                    "step {i} gives the value of edge {e}, which does not leave its node"
                );
            }
        }
    }
    for (e, (_, b)) in walk.edges.iter().enumerate() {
        assert_eq!(forward[e], 1, "edge {e}'s forward number is given by {} steps", forward[e]);
        assert_eq!(back[e], b.is_some() as usize, "edge {e}'s backward number is given by {} steps", back[e]);
    }
    assert_eq!(walk.edges.len(), walk.graph.edges.len());
    assert_eq!(walk.nodes.len(), walk.graph.nodes.len());
    let overlaps = walk.graph.overlaps();
    assert!(overlaps.is_empty(), "{}:\n{}", walk.kind, overlaps.join("\n"));
    common::assert_well_formed_xml(&walk.graph.to_svg(), "svg");
}

#[test]
fn the_apple_graph_step_by_step_is_buy_apples_numbers_upstream_times_local() {
    let walk = walkthrough::apples::apple(100.0, 2.0, 1.1);
    let a = buy_apple(100.0, 2.0, 1.1);
    assert_eq!(backward(&walk, "∂price/∂apple"), a.dapple);
    assert_eq!(backward(&walk, "∂price/∂apple_num"), a.dapple_num);
    assert_eq!(backward(&walk, "∂price/∂apple_price"), a.dapple_price);
    assert_eq!(backward(&walk, "∂price/∂tax"), a.dtax);
    assert_eq!(line(&walk, 0, true), "∂price/∂apple = 1.1 × 2 = 2.2");
    assert_eq!(line(&walk, 1, true), "∂price/∂apple_num = 1.1 × 100 = 110");
    assert_eq!(line(&walk, 2, false), "apple_price = apple × apple_num = 100 × 2 = 200");
    assert_chains_multiply(&walk);
    assert_steps_walk_every_edge(&walk);
    // Three apples: the same edge, 1.1 × 3, written as a person writes it.
    let three = walkthrough::apples::apple(100.0, 3.0, 1.1);
    assert_eq!(line(&three, 0, true), "∂price/∂apple = 1.1 × 3 = 3.3");
    assert_eq!(backward(&three, "∂price/∂apple"), buy_apple(100.0, 3.0, 1.1).dapple);
}

#[test]
fn the_apple_and_orange_graph_step_by_step_is_buy_apple_oranges_numbers() {
    let walk = walkthrough::apples::apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    let b = buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    for (name, v) in [
        ("apple", b.dapple),
        ("apple_num", b.dapple_num),
        ("orange", b.dorange),
        ("orange_num", b.dorange_num),
        ("apple_price", b.dapple_price),
        ("orange_price", b.dorange_price),
        ("all_price", b.dall_price),
        ("tax", b.dtax),
    ] {
        assert_eq!(backward(&walk, &format!("∂price/∂{name}")), v, "{name}");
    }
    // The add node passes the gradient on: local 1.
    assert_eq!(line(&walk, 4, true), "∂price/∂apple_price = 1.1 × 1 = 1.1");
    assert_eq!(line(&walk, 3, true), "∂price/∂orange_num = 1.1 × 150 = 165");
    assert_chains_multiply(&walk);
    assert_steps_walk_every_edge(&walk);
}

/// For each matrix on the network's graph: it is the layers' own (against `step`), and entries
/// of it (the largest and spread ones) say their value, and a sum's terms add up to it exactly.
fn assert_net_walk(network: &TwoLayerNet, x: &Matrix, t: &Matrix) {
    let walk = walkthrough::net::net(network, x, t);
    let s = step(network, x, t);
    for (name, m) in [
        ("a1", &s.a1),
        ("z1", &s.z1),
        ("a2", &s.a2),
        ("y", &s.y),
        ("da2", &s.dout_affine2),
        ("dz1", &s.dout_relu1),
        ("da1", &s.dout_affine1),
        ("dx", &s.dx),
        ("dW1", &s.grads.w1),
        ("db1", &s.grads.b1),
        ("dW2", &s.grads.w2),
        ("db2", &s.grads.b2),
    ] {
        assert_eq!(walk.matrix(name), m, "{name}");
    }
    let mut sums = 0;
    for edge in 0..walk.edges.len() {
        for is_backward in [false, true] {
            let Some(number) = walk.number(edge, is_backward) else { continue };
            let Why::Matrix { rule, .. } = &number.why else { continue };
            let m = walk.matrix(&number.name);
            let mut at: Vec<Option<(usize, usize)>> = vec![None, Some((0, 0)), Some((m.rows - 1, m.cols - 1))];
            at.extend((0..5).map(|k| Some(((k * 7) % m.rows, (k * 131 + 3) % m.cols))));
            for a in at {
                let e = walk.entry(&EntryAsked { edge, backward: is_backward, at: a }).unwrap();
                assert_eq!(e.value, m[(e.row, e.col)], "{}[{}][{}]", number.name, e.row, e.col);
                if a.is_none() {
                    assert!(m.data.iter().all(|v| v.abs() <= e.value.abs()), "{}: the default entry is the largest", number.name);
                }
                match rule {
                    Rule::Dot(..) | Rule::SumRows(_) => {
                        // Signed zeros aside: a sum of zeros may be −0 in one and +0 in the other.
                        assert!(
                            e.sum() == e.value,
                            "{}[{}][{}]: the terms add to {} not {}",
                            number.name,
                            e.row,
                            e.col,
                            e.sum(),
                            e.value
                        );
                        assert!(!e.terms.is_empty());
                        sums += 1;
                    }
                    Rule::Same(_) | Rule::Repeat(_) => assert_eq!(e.numbers, num(e.value)),
                    _ => {}
                }
            }
        }
    }
    assert!(sums > 40, "{sums} sums checked");
    // dW1's entries sum over the batch: N terms each.
    let dw1 = walk.entry(&EntryAsked { edge: 1, backward: true, at: None }).unwrap();
    assert_eq!(dw1.terms.len(), x.rows);
    assert!(
        dw1.formula.starts_with(&format!("dW1[{}][{}] = Σₖ x[k][{}] · da1[k][{}]", dw1.row, dw1.col, dw1.row, dw1.col)),
        "{}",
        dw1.formula
    );
    let asked = EntryAsked { edge: 1, backward: true, at: None };
    let Json::Object(o) = json::parse(&walk.to_json(Some(&dw1), Some(&asked))).unwrap() else { panic!() };
    let Some(Json::Object(entry)) = o.get("entry") else { panic!() };
    assert_eq!(entry.get("sum"), Some(&Json::Number(dw1.value)));
    // Out of the shape, or not a matrix: said, not a panic.
    let wrong = walk.entry(&EntryAsked { edge: 1, backward: true, at: Some((784, 0)) }).unwrap_err();
    assert_eq!(wrong, "dW1 is 784×50: it has no entry [784][0]");
    let scalar = walk.entry(&EntryAsked { edge: 13, backward: false, at: None }).unwrap_err();
    assert_eq!(scalar, "L is a number, not a matrix: it has no entries");
    assert_steps_walk_every_edge(&walk);
}

#[test]
fn the_networks_graph_shows_the_layers_matrices_and_each_entry_adds_up() {
    let Some(((x_train, t_train), _)) = common::mnist("the_networks_graph_shows_the_layers_matrices") else { return };
    let mut network = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    // A few steps of training, so that the gradients are not all alike.
    for i in 0..20 {
        let (x, t) = (x_train.slice_rows(100 * i, 100 * i + 100), t_train.slice_rows(100 * i, 100 * i + 100));
        let t = common::one_hot(&(0..100).map(|r| backprop::functions::label(&t, r)).collect::<Vec<_>>(), 10);
        let grads = network.gradient(&x, &t);
        network.affine1.w.sub_scaled(0.5, &grads.w1);
        network.affine2.w.sub_scaled(0.5, &grads.w2);
    }
    for rows in [1, 100] {
        let x = x_train.slice_rows(0, rows);
        let labels: Vec<usize> = (0..rows).map(|r| backprop::functions::label(t_train, r)).collect();
        assert_net_walk(&network, &x, &common::one_hot(&labels, 10));
    }
}
