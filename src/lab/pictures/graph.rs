//! Drawing a computational graph (계산 그래프) the way chapter 5 draws it: nodes (circles for
//! the operations, boxes for layers, plain words for the inputs and outputs), one arrow per edge
//! with its forward value written above it, and under it a second arrow pointing back with the
//! backward value (∂L/∂ that edge) in another colour.
//!
//! A graph is plain data: where each node is and what each edge says. There is no layout engine:
//! each figure places its own nodes. [`Graph::overlaps`] checks the one thing a reader cannot
//! work around, text drawn over a node, an arrow or other text.

use super::svg::{escape, text_width};
use std::fmt::Write;

/// Colour of the forward arrows and values (순전파).
pub const FORWARD_COLOR: &str = "#1a1a1a";
/// Colour of the backward arrows and values (역전파).
pub const BACKWARD_COLOR: &str = "#c0392b";
/// Font size of every label, in pixels (the SVG's own units).
pub const FONT_SIZE: f64 = 14.0;
/// Distance between a line of text and the next.
const LINE_HEIGHT: f64 = 17.0;
/// How far below the forward arrow its backward partner runs.
const BACKWARD_OFFSET: f64 = 9.0;
/// Radius of an operation's circle.
const RADIUS: f64 = 22.0;
/// Height of a layer's box, and the space around its label.
const BOX_HEIGHT: f64 = 40.0;
const BOX_PADDING: f64 = 14.0;

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// An operation of the graph (×, +, exp, …).
    Circle,
    /// A layer (Affine, Softmax, …).
    Box,
    /// A layer drawn as a tall box of this height, that arrows enter side by side.
    TallBox(f64),
    /// An input or output, written as a word with no frame.
    Plain,
}

/// A node: its centre and its label.
#[derive(Clone, Debug)]
pub struct Node {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub shape: Shape,
}

/// An edge from one node to another (indices into [`Graph::nodes`]). `forward` is written above
/// the arrow (left of it when it runs vertically), `backward` below (right); each is a list of
/// lines, empty for none. `backward` gets its own arrow, pointing back, only if it is not empty.
#[derive(Clone, Debug)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub forward: Vec<String>,
    pub backward: Vec<String>,
}

/// A free line of text (a note under the graph, a formula).
#[derive(Clone, Debug)]
pub struct Text {
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub text: String,
    /// `"start"`, `"middle"` or `"end"`, as SVG's `text-anchor`.
    pub anchor: &'static str,
    pub color: &'static str,
}

/// A computational graph and the size of its picture.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub texts: Vec<Text>,
}

/// A rectangle `(left, top, right, bottom)`.
type Rect = (f64, f64, f64, f64);

/// What a piece of text belongs to: in the SVG each node, and each edge's forward and backward
/// side, is one group (`data-node`, `data-edge` with `data-dir` `f` or `b`), which the page's
/// graph view shows, hides and lets the learner click.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Owner {
    Free,
    Node(usize),
    Forward(usize),
    Backward(usize),
}

/// One piece of text as it will be drawn, with its box, for drawing and for the overlap check.
struct Placed {
    owner: Owner,
    x: f64,
    y: f64,
    text: String,
    anchor: &'static str,
    color: &'static str,
    rect: Rect,
}

impl Placed {
    fn new(owner: Owner, x: f64, y: f64, text: &str, anchor: &'static str, color: &'static str) -> Placed {
        let w = text_width(text, FONT_SIZE);
        let left = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        // From the top of the capitals to the bottom of the descenders.
        Placed {
            owner,
            x,
            y,
            text: text.to_string(),
            anchor,
            color,
            rect: (left, y - 0.8 * FONT_SIZE, left + w, y + 0.25 * FONT_SIZE),
        }
    }
}

impl Graph {
    /// A graph of this size with a title (drawn at the top left).
    pub fn new(width: f64, height: f64, title: &str) -> Graph {
        Graph { width, height, title: title.to_string(), ..Graph::default() }
    }

    /// Adds a node and returns its index, for edges.
    pub fn node(&mut self, x: f64, y: f64, label: &str, shape: Shape) -> usize {
        self.nodes.push(Node { x, y, label: label.to_string(), shape });
        self.nodes.len() - 1
    }

    /// Adds an edge with one line of forward and one of backward text (either may be empty).
    pub fn edge(&mut self, from: usize, to: usize, forward: &str, backward: &str) {
        let lines = |s: &str| if s.is_empty() { Vec::new() } else { s.split('\n').map(str::to_string).collect() };
        self.edges.push(Edge { from, to, forward: lines(forward), backward: lines(backward) });
    }

    /// Adds a free line of text.
    pub fn text(&mut self, x: f64, y: f64, text: &str, anchor: &'static str, color: &'static str) {
        self.texts.push(Text { x, y, text: text.to_string(), anchor, color });
    }

    /// The rectangle a node covers.
    fn node_rect(&self, n: &Node) -> Rect {
        let half_w = match n.shape {
            Shape::Circle => RADIUS,
            Shape::Box | Shape::TallBox(_) => text_width(&n.label, FONT_SIZE) / 2.0 + BOX_PADDING,
            Shape::Plain => text_width(&n.label, FONT_SIZE) / 2.0 + 4.0,
        };
        let half_h = match n.shape {
            Shape::Circle => RADIUS,
            Shape::Box => BOX_HEIGHT / 2.0,
            Shape::TallBox(h) => h / 2.0,
            Shape::Plain => 0.5 * FONT_SIZE + 2.0,
        };
        (n.x - half_w, n.y - half_h, n.x + half_w, n.y + half_h)
    }

    /// The point of `n` an edge to `other` aims at: the centre, or for a box the point of its
    /// middle line level with `other` (as far as the box reaches), so that arrows between boxes
    /// and side by side into a tall box run straight across.
    fn anchor(&self, n: &Node, other: &Node) -> (f64, f64) {
        match n.shape {
            Shape::Box | Shape::TallBox(_) => {
                let (_, t, _, b) = self.node_rect(n);
                (n.x, other.y.clamp(t + 8.0, b - 8.0))
            }
            _ => (n.x, n.y),
        }
    }

    /// Where the line from `inside` (a point in `n`) towards `(tx, ty)` leaves the node's outline.
    fn exit_point(&self, n: &Node, inside: (f64, f64), (tx, ty): (f64, f64)) -> (f64, f64) {
        let (dx, dy) = (tx - inside.0, ty - inside.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let t = match n.shape {
            Shape::Circle => RADIUS / len,
            _ => {
                let (l, t, r, b) = self.node_rect(n);
                let sx = if dx > 1e-9 {
                    (r - inside.0) / dx
                } else if dx < -1e-9 {
                    (l - inside.0) / dx
                } else {
                    f64::INFINITY
                };
                let sy = if dy > 1e-9 {
                    (b - inside.1) / dy
                } else if dy < -1e-9 {
                    (t - inside.1) / dy
                } else {
                    f64::INFINITY
                };
                sx.min(sy)
            }
        };
        (inside.0 + dx * t, inside.1 + dy * t)
    }

    /// The two arrows of an edge, each as (start, end): forward, then backward (reversed and
    /// shifted to the "below" side), and the unit vector pointing to the "above" side.
    fn edge_lines(&self, e: &Edge) -> [((f64, f64), (f64, f64)); 2] {
        let (a, b) = (&self.nodes[e.from], &self.nodes[e.to]);
        let (pa, pb) = (self.anchor(a, b), self.anchor(b, a));
        let start = self.exit_point(a, pa, pb);
        let end = self.exit_point(b, pb, pa);
        let (nx, ny) = below(start, end);
        let shift = |(x, y): (f64, f64)| (x + nx * BACKWARD_OFFSET, y + ny * BACKWARD_OFFSET);
        [(start, end), (shift(end), shift(start))]
    }

    /// Every piece of text, placed: titles and free text, node labels, and the edges' values.
    fn placed_texts(&self) -> (Vec<Placed>, Vec<Placed>) {
        let mut labels = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            labels.push(Placed::new(Owner::Node(i), n.x, n.y + 0.35 * FONT_SIZE, &n.label, "middle", FORWARD_COLOR));
        }
        let mut values = Vec::new();
        values.push(Placed::new(Owner::Free, 16.0, 26.0, &self.title, "start", FORWARD_COLOR));
        for t in &self.texts {
            values.push(Placed::new(Owner::Free, t.x, t.y, &t.text, t.anchor, t.color));
        }
        for (i, e) in self.edges.iter().enumerate() {
            let [fwd, bwd] = self.edge_lines(e);
            values.extend(self.label_block(Owner::Forward(i), fwd, &e.forward, true, FORWARD_COLOR));
            values.extend(self.label_block(Owner::Backward(i), bwd, &e.backward, false, BACKWARD_COLOR));
        }
        (labels, values)
    }

    /// The lines of one edge label, beside the arrow `(start, end)`, on its above or below side,
    /// pushed out from the arrow until none of them touches it.
    fn label_block(
        &self,
        owner: Owner,
        (start, end): ((f64, f64), (f64, f64)),
        lines: &[String],
        above: bool,
        color: &'static str,
    ) -> Vec<Placed> {
        if lines.is_empty() {
            return Vec::new();
        }
        let (bx, by) = below(start, end);
        let (nx, ny) = if above { (-bx, -by) } else { (bx, by) };
        let (mx, my) = ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0);
        let vertical = (end.1 - start.1).abs() > (end.0 - start.0).abs();
        let anchor = match (vertical, nx < 0.0) {
            (false, _) => "middle",
            (true, true) => "end",
            (true, false) => "start",
        };
        let block_height = LINE_HEIGHT * (lines.len() - 1) as f64;
        let place = |k: f64| -> Vec<Placed> {
            let (cx, cy) = (mx + nx * k, my + ny * k);
            // The block's vertical middle at cy: first baseline half the block above it.
            let first = cy - block_height / 2.0 + 0.3 * FONT_SIZE;
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| Placed::new(owner, cx, first + LINE_HEIGHT * i as f64, l, anchor, color))
                .collect()
        };
        let mut k = 6.0;
        loop {
            let block = place(k);
            if k > 400.0 || block.iter().all(|p| !segment_hits_rect(start, end, grow(p.rect, 3.0))) {
                return block;
            }
            k += 1.0;
        }
    }

    /// Pairs of things that overlap: a text on a node or an arrow, or two texts on each other.
    /// Each is described in words; an empty list means the figure is clean.
    pub fn overlaps(&self) -> Vec<String> {
        let (labels, values) = self.placed_texts();
        let mut found = Vec::new();
        let arrows: Vec<_> = self
            .edges
            .iter()
            .flat_map(|e| {
                let [fwd, bwd] = self.edge_lines(e);
                std::iter::once(fwd).chain((!e.backward.is_empty()).then_some(bwd))
            })
            .collect();
        for (i, v) in values.iter().enumerate() {
            for n in &self.nodes {
                if intersects(v.rect, self.node_rect(n)) {
                    found.push(format!("text {:?} is on node {:?}", v.text, n.label));
                }
            }
            for &(s, e) in &arrows {
                if segment_hits_rect(s, e, v.rect) {
                    found.push(format!("text {:?} is on an arrow", v.text));
                }
            }
            for w in values.iter().skip(i + 1).chain(&labels) {
                if intersects(grow(v.rect, 1.5), w.rect) {
                    found.push(format!("texts {:?} and {:?} overlap", v.text, w.text));
                }
            }
            let (l, t, r, b) = v.rect;
            if l < 0.0 || t < 0.0 || r > self.width || b > self.height {
                found.push(format!("text {:?} runs off the picture", v.text));
            }
        }
        for (i, a) in self.nodes.iter().enumerate() {
            for b in &self.nodes[i + 1..] {
                if intersects(self.node_rect(a), self.node_rect(b)) {
                    found.push(format!("nodes {:?} and {:?} overlap", a.label, b.label));
                }
            }
        }
        found
    }

    /// The picture as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let (w, h) = (self.width, self.height);
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="{FONT_SIZE}">"#
        );
        let _ = writeln!(svg, "<defs>");
        for (id, color) in [("forward", FORWARD_COLOR), ("backward", BACKWARD_COLOR)] {
            let _ = writeln!(
                svg,
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
            );
        }
        let _ = writeln!(svg, "</defs>");
        let _ = writeln!(svg, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
        let (labels, values) = self.placed_texts();
        let texts_of = |owner: Owner| labels.iter().chain(&values).filter(move |p| p.owner == owner);
        for (i, e) in self.edges.iter().enumerate() {
            let [fwd, bwd] = self.edge_lines(e);
            let _ = writeln!(svg, r#"<g data-edge="{i}" data-dir="f">"#);
            arrow(&mut svg, fwd, "forward", FORWARD_COLOR);
            texts_of(Owner::Forward(i)).for_each(|p| text(&mut svg, p, false));
            let _ = writeln!(svg, "</g>");
            if !e.backward.is_empty() {
                let _ = writeln!(svg, r#"<g data-edge="{i}" data-dir="b">"#);
                arrow(&mut svg, bwd, "backward", BACKWARD_COLOR);
                texts_of(Owner::Backward(i)).for_each(|p| text(&mut svg, p, false));
                let _ = writeln!(svg, "</g>");
            }
        }
        for (i, n) in self.nodes.iter().enumerate() {
            let _ = writeln!(svg, r#"<g data-node="{i}">"#);
            match n.shape {
                Shape::Circle => {
                    let _ = writeln!(
                        svg,
                        r##"<circle cx="{}" cy="{}" r="{RADIUS}" fill="#f4f6fb" stroke="#1a1a1a" stroke-width="1.5"/>"##,
                        n.x, n.y
                    );
                }
                Shape::Box | Shape::TallBox(_) => {
                    let (l, t, r, b) = self.node_rect(n);
                    let _ = writeln!(
                        svg,
                        r##"<rect x="{l:.1}" y="{t:.1}" width="{:.1}" height="{:.1}" rx="6" fill="#f4f6fb" stroke="#1a1a1a" stroke-width="1.5"/>"##,
                        r - l,
                        b - t
                    );
                }
                Shape::Plain => {}
            }
            texts_of(Owner::Node(i)).for_each(|p| text(&mut svg, p, false));
            let _ = writeln!(svg, "</g>");
        }
        // The title (the first free text) in bold.
        for (i, p) in texts_of(Owner::Free).enumerate() {
            text(&mut svg, p, i == 0);
        }
        let _ = writeln!(svg, "</svg>");
        svg
    }

    /// Adds the legend (which colour is which) at the bottom left, for a graph whose output is
    /// the loss `L`.
    pub fn legend(&mut self) {
        self.legend_for("L");
    }

    /// The legend for a graph whose output is `output` (`price` in the apple graphs): the
    /// backward values are ∂output/∂(each value).
    pub fn legend_for(&mut self, output: &str) {
        let y = self.height - 16.0;
        self.text(
            16.0,
            y - LINE_HEIGHT,
            "순전파 forward: the value on each arrow, above it (left of a vertical one)",
            "start",
            FORWARD_COLOR,
        );
        let backward = format!("역전파 backward: ∂{output}/∂(that value), below it (right), on the red arrow back");
        self.text(16.0, y, &backward, "start", BACKWARD_COLOR);
    }
}

/// The unit normal of the line `start → end` on its "below" side: downwards for a line that runs
/// across, to the right for one that runs up or down.
fn below(start: (f64, f64), end: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (end.0 - start.0, end.1 - start.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (nx, ny) = (-dy / len, dx / len);
    let flip = if dx.abs() >= dy.abs() { ny < 0.0 } else { nx < 0.0 };
    if flip {
        (-nx, -ny)
    } else {
        (nx, ny)
    }
}

fn text(svg: &mut String, p: &Placed, bold: bool) {
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="{}" fill="{}"{weight}>{}</text>"#,
        p.x,
        p.y,
        p.anchor,
        p.color,
        escape(&p.text)
    );
}

fn arrow(svg: &mut String, ((x1, y1), (x2, y2)): ((f64, f64), (f64, f64)), marker: &str, color: &str) {
    let _ = writeln!(
        svg,
        r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{color}" stroke-width="1.5" marker-end="url(#{marker})"/>"#
    );
}

fn grow((l, t, r, b): Rect, by: f64) -> Rect {
    (l - by, t - by, r + by, b + by)
}

fn intersects(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether the segment `p → q` passes through the rectangle (clipped against it, Liang–Barsky).
fn segment_hits_rect(p: (f64, f64), q: (f64, f64), (l, t, r, b): Rect) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (edge_p, edge_q) in [(-dx, p.0 - l), (dx, r - p.0), (-dy, p.1 - t), (dy, b - p.1)] {
        if edge_p == 0.0 {
            if edge_q < 0.0 {
                return false;
            }
        } else {
            let ratio = edge_q / edge_p;
            if edge_p < 0.0 {
                t0 = t0.max(ratio);
            } else {
                t1 = t1.min(ratio);
            }
        }
    }
    t0 <= t1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_through_or_beside_a_rectangle() {
        let rect = (10.0, 10.0, 20.0, 20.0);
        assert!(segment_hits_rect((0.0, 15.0), (30.0, 15.0), rect));
        assert!(!segment_hits_rect((0.0, 25.0), (30.0, 25.0), rect));
        assert!(!segment_hits_rect((0.0, 0.0), (5.0, 5.0), rect));
        assert!(segment_hits_rect((0.0, 0.0), (30.0, 30.0), rect));
    }

    #[test]
    fn text_on_an_arrow_is_found() {
        let mut g = Graph::new(400.0, 200.0, "t");
        let a = g.node(40.0, 100.0, "x", Shape::Plain);
        let b = g.node(300.0, 100.0, "×", Shape::Circle);
        g.edge(a, b, "100", "2.2");
        assert!(g.overlaps().is_empty(), "{:?}", g.overlaps());
        g.text(150.0, 104.0, "in the way", "middle", FORWARD_COLOR);
        assert!(g.overlaps().iter().any(|o| o.contains("in the way") && o.contains("arrow")), "{:?}", g.overlaps());
    }
}
