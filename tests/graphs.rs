//! The chapter's pictures: every number a figure shows is the layers' own, is written in its SVG
//! as a person writes it, and no text sits on a node, an arrow or other text; the SVGs and the
//! page are well-formed, and the page refers only to files beside it.

mod common;
use backprop::apples::{buy_apple, buy_apple_orange};
use backprop::functions::{cross_entropy_error, softmax};
use backprop::lab::pictures::figures::{self, n, Figure};
use backprop::lab::pictures::index::index_html;
use backprop::layers::{Affine, Relu, Sigmoid};
use backprop::{Matrix, Rng, TwoLayerNet};

/// The value a figure drew under `name`.
#[track_caller]
fn value(figure: &Figure, name: &str) -> f64 {
    figure.values.iter().find(|(k, _)| k == name).unwrap_or_else(|| panic!("{}: no value {name}", figure.file)).1
}

/// The texts of an SVG, unescaped enough to search for numbers in.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text").skip(1).map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].replace("&amp;", "&")).collect()
}

/// Every value the figure lists is written in its SVG, as `n` formats it.
#[track_caller]
fn assert_values_drawn(figure: &Figure) {
    let texts = svg_texts(&figure.graph.to_svg()).join(" | ");
    for (name, v) in &figure.values {
        let shown = n(*v);
        let found = texts.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).any(|word| word == shown);
        assert!(found, "{}: {name} = {v} should be drawn as {shown}; the texts are: {texts}", figure.file);
    }
}

/// The last figure's network and batch, as `make graphs` makes them: seed 42, the first two
/// training images.
fn step_inputs(test: &str) -> Option<(TwoLayerNet, Matrix, Matrix)> {
    let ((x_train, t_train), _) = common::mnist(test)?;
    let network = TwoLayerNet::new(784, 50, 10, 0.01, &mut Rng::new(42));
    Some((network, x_train.slice_rows(0, 2), t_train.slice_rows(0, 2)))
}

/// Figures 1 to 7, which need no data.
fn chapter_figures() -> Vec<Figure> {
    let [apple, apple_orange] = figures::apple_figures();
    vec![
        apple,
        apple_orange,
        figures::chain_rule(),
        figures::add_and_mul_nodes(),
        figures::relu_and_sigmoid(),
        figures::affine(),
        figures::softmax_with_loss(),
    ]
}

#[test]
fn the_apple_figures_show_the_notes_numbers() {
    let [apple, apple_orange] = figures::apple_figures();
    let a = buy_apple(100.0, 2.0, 1.1);
    for (name, expected, shown) in [
        ("apple_price", a.apple_price, "200"),
        ("price", a.price, "220"),
        ("dapple_price", a.dapple_price, "1.1"),
        ("dapple", a.dapple, "2.2"),
        ("dapple_num", a.dapple_num, "110"),
        ("dtax", a.dtax, "200"),
    ] {
        assert_eq!(value(&apple, name), expected, "{name}");
        assert_eq!(n(expected), shown, "{name}");
    }
    let b = buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    for (name, expected, shown) in [
        ("price", b.price, "715"),
        ("all_price", b.all_price, "650"),
        ("dapple", b.dapple, "2.2"),
        ("dapple_num", b.dapple_num, "110"),
        ("dorange", b.dorange, "3.3"),
        ("dorange_num", b.dorange_num, "165"),
        ("dtax", b.dtax, "650"),
    ] {
        assert_eq!(value(&apple_orange, name), expected, "{name}");
        assert_eq!(n(expected), shown, "{name}");
    }
    assert_values_drawn(&apple);
    assert_values_drawn(&apple_orange);
    // Not 220.00000000000003: what a person writes.
    assert!(!apple.graph.to_svg().contains("220.0000"));
}

#[test]
fn every_figure_draws_its_numbers_and_keeps_its_text_clear() {
    let Some((network, x, t)) = step_inputs("every_figure_draws_its_numbers") else { return };
    for figure in figures::all(&network, &x, &t) {
        assert_values_drawn(&figure);
        let overlaps = figure.graph.overlaps();
        assert!(overlaps.is_empty(), "{}:\n{}", figure.file, overlaps.join("\n"));
        common::assert_well_formed_xml(&figure.graph.to_svg(), "svg");
    }
}

#[test]
fn the_chain_rule_and_node_figures_agree_with_the_derivatives() {
    let figures = chapter_figures();
    let chain = &figures[2];
    // z = (x + y)² at x = 2, y = 1: t = 3, z = 9, ∂z/∂t = 2t = 6, ∂z/∂x = ∂z/∂y = 6.
    assert_eq!(
        [value(chain, "t"), value(chain, "z"), value(chain, "dz/dt"), value(chain, "dz/dx"), value(chain, "dz/dy")],
        [3.0, 9.0, 6.0, 6.0, 6.0]
    );
    let nodes = &figures[3];
    // 10 + 5 with dout 1.3: both get 1.3. 10 × 5: x gets 1.3·5, y gets 1.3·10 (the inputs swap).
    assert_eq!([value(nodes, "add dx"), value(nodes, "add dy")], [1.3, 1.3]);
    assert_eq!(value(nodes, "mul dx"), 1.3 * 5.0);
    assert_eq!(value(nodes, "mul dy"), 1.3 * 10.0);
}

#[test]
fn the_sigmoid_chain_equals_the_simplified_node() {
    let figure = &figures::relu_and_sigmoid();
    let (y_chain, dx_chain) = (value(figure, "sigmoid y (chain)"), value(figure, "sigmoid dx (chain)"));
    let (y_layer, dx_layer) = (value(figure, "sigmoid y (layer)"), value(figure, "sigmoid dx (layer)"));
    // The same numbers to rounding: the figure shows them equal.
    assert!(
        (y_chain - y_layer).abs() < 1e-15 && (dx_chain - dx_layer).abs() < 1e-15,
        "{y_chain} {y_layer} {dx_chain} {dx_layer}"
    );
    assert_eq!(n(dx_chain), n(dx_layer));
    let mut layer = Sigmoid::new();
    let y = layer.forward(&Matrix::from_rows([[1.0]]))[(0, 0)];
    assert_eq!(y_layer, y);
    assert!((dx_layer - y * (1.0 - y)).abs() < 1e-15);
    // ReLU: passes 1.5 on where x = 2 > 0, sends 0 back where x = -1.
    let mut relu = Relu::new();
    relu.forward(&Matrix::from_rows([[2.0, -1.0]]));
    let dx = relu.backward(&Matrix::from_rows([[1.5, 1.5]]));
    assert_eq!([value(figure, "relu dx (x > 0)"), value(figure, "relu dx (x <= 0)")], [dx.data[0], dx.data[1]]);
    assert_eq!([dx.data[0], dx.data[1]], [1.5, 0.0]);
}

#[test]
fn the_affine_figure_shows_what_affine_computes() {
    let figure = &figures::affine();
    let mut affine = Affine::new(Matrix::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), Matrix::from_rows([[1.0, 2.0, 3.0]]));
    let y = affine.forward(&Matrix::from_rows([[1.0, 2.0], [3.0, 4.0]]));
    let dx = affine.backward(&Matrix::from_rows([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]));
    for (name, m) in [("Y", &y), ("dX", &dx), ("dW", &affine.dw), ("dB", &affine.db)] {
        for (i, &v) in m.data.iter().enumerate() {
            assert_eq!(value(figure, &format!("batch {name}[{i}]")), v, "{name}[{i}]");
        }
    }
    // By hand: Y row 0 = [1·1 + 2·4 + 1, 1·2 + 2·5 + 2, 1·3 + 2·6 + 3]; dB = Σ rows of dY.
    assert_eq!(y.row(0), &[10.0, 14.0, 18.0]);
    assert_eq!(affine.db.data, vec![1.5, 0.5, -0.5]);
}

#[test]
fn the_softmax_figure_shows_y_minus_t() {
    let figure = &figures::softmax_with_loss();
    let y = softmax(&Matrix::from_rows([[0.3, 2.9, 4.0]]));
    let t = Matrix::from_rows([[0.0, 0.0, 1.0]]);
    // The notes' example: softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691].
    assert_eq!([n(y.data[0]), n(y.data[1]), n(y.data[2])], ["0.0182", "0.245", "0.737"]);
    for k in 0..3 {
        assert_eq!(value(figure, &format!("y{}", k + 1)), y.data[k]);
        assert_eq!(value(figure, &format!("dx{}", k + 1)), y.data[k] - t.data[k]);
    }
    assert_eq!(value(figure, "loss"), cross_entropy_error(&y, &t));
}

#[test]
fn the_two_layer_net_figure_is_one_step_of_gradient() {
    let Some((network, x, t)) = step_inputs("the_two_layer_net_figure_is_one_step_of_gradient") else { return };
    let figure = figures::two_layer_net(&network, &x, &t);
    let mut net = network.clone();
    let grads = net.gradient(&x, &t);
    assert_eq!(value(&figure, "loss"), net.last_layer.loss);
    let largest = |m: &Matrix| m.data.iter().fold(0.0f64, |a, &v| a.max(v.abs()));
    for (name, m) in [("dW1", &grads.w1), ("db1", &grads.b1), ("dW2", &grads.w2), ("db2", &grads.b2)] {
        assert_eq!(value(&figure, &format!("largest |{name}|")), largest(m), "{name}");
    }
    // dout into Affine2 is (y - t)/N.
    let dout2 = net.last_layer.backward(1.0);
    assert_eq!([value(&figure, "dout2[0]"), value(&figure, "dout2[1]")], [dout2.data[0], dout2.data[1]]);
    assert_eq!(value(&figure, "a1[0]"), x.dot(&network.affine1.w).data[0] + network.affine1.b.data[0]);
}

#[test]
fn the_page_refers_only_to_its_own_svgs() {
    let figures = chapter_figures();
    let html = index_html(&figures);
    common::assert_well_formed_xml(&html, "html");
    let files: Vec<&str> = figures.iter().map(|f| f.file).collect();
    let srcs: Vec<&str> = html.split("src=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(srcs, files, "one picture per figure, in order");
    assert_eq!(files.len(), 7, "figures 1-7 here; the binary's test sees all 8");
    for banned in ["http:", "https:", "//", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "the page must load nothing from elsewhere: found {banned}");
    }
    for figure in &figures {
        let svg = figure.graph.to_svg();
        assert!(!svg.contains("href") && !svg.contains("https:"), "{}", figure.file);
        assert!(
            html.contains(figure.title_ko)
                && html.contains(figure.title_en)
                && html.contains(&backprop::lab::pictures::svg::escape(figure.formula))
        );
        for (file, item) in figure.code {
            assert!(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists(), "{file}");
            assert!(html.contains(item), "{item}");
        }
    }
}

#[test]
fn the_graphs_binary_writes_the_page_and_every_svg() {
    if common::mnist("the_graphs_binary_writes_the_page").is_none() {
        return;
    }
    let dir = common::temp_dir("graphs");
    let out = common::command("graphs").arg("--out").arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let srcs: Vec<&str> = html.split("src=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(srcs.len(), 8);
    for src in srcs {
        let svg = std::fs::read_to_string(dir.join(src)).unwrap_or_else(|e| panic!("{src}: {e}"));
        common::assert_well_formed_xml(&svg, "svg");
    }
    assert!(stdout.contains("index.html"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_apples_binary_writes_its_two_figures() {
    let dir = common::temp_dir("apples-figures");
    let out = common::command("apples").arg("--out").arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    for file in ["apple.svg", "apple_orange.svg"] {
        let path = dir.join(file);
        assert!(stdout.contains(&format!("wrote {}", path.display())), "{stdout}");
        let svg = std::fs::read_to_string(&path).unwrap();
        common::assert_well_formed_xml(&svg, "svg");
        assert!(svg_texts(&svg).iter().any(|t| t == "2.2"), "{file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
