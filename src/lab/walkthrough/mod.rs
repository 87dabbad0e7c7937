//! The page's graph view: the chapter's computational graphs taken one node at a time, forward
//! and then backward in `gradient()`'s order, each number on an edge able to say how it came to
//! be, in the notes' terms and with the numbers: "upstream × local = result" on the apple graphs
//! ([`apples`]), and on the two-layer network ([`net`]) a matrix's formula and any entry the
//! learner picks, written out as its sum of terms.
//!
//! Every number here is one the project's own layers computed (`buy_apple`'s `MulLayer`s, the
//! network's pass in [`crate::lab::step`]); nothing is worked out again, except each written-out
//! sum, which is summed in the order `Matrix::dot` sums so that it equals its entry. The page
//! only draws (`POST /api/graph`).

pub mod apples;
pub mod net;

use crate::lab::json::{self, Out};
use crate::lab::pictures::graph::Graph;
use crate::lab::pictures::svg::number;
use crate::matrix::Matrix;

/// A graph to step through: its drawing, what each node does, how each edge's numbers came to
/// be, and the steps.
pub struct Walk {
    /// `apple`, `apple_orange` or `net`.
    pub kind: &'static str,
    /// The drawing: each node's place, each edge's two labels (grouped in its SVG by index).
    pub graph: Graph,
    /// What each node does, in Korean and English, by the graph's node index.
    pub nodes: Vec<(String, String)>,
    /// The forward number of each edge and the backward one (`None` for an edge with no
    /// gradient, as `t`), by the graph's edge index.
    pub edges: Vec<(Number, Option<Number>)>,
    /// Forward, then backward, one node at a time.
    pub steps: Vec<Stage>,
    /// The matrices the numbers of [`Why::Matrix`] name, by name.
    pub matrices: Vec<(String, Matrix)>,
}

/// One number on an edge (a scalar, or a matrix in [`Walk::matrices`] under `name`).
pub struct Number {
    /// `apple_price`, `∂price/∂apple`, `dW1`, …
    pub name: String,
    pub scalar: Option<f64>,
    pub why: Why,
}

/// How a number came to be.
pub enum Why {
    /// Nothing computed it: an input of the graph or a parameter; (ko, en) say which.
    Given(&'static str, &'static str),
    /// Where backward starts: the output differentiated by itself, 1.
    Start,
    /// A forward node's result: its formula in names, then with the numbers put in.
    Formula(String, String),
    /// The chain rule at a scalar node: `upstream × local`, each named and with its value, as
    /// the layer multiplied them.
    Chain { upstream: (String, f64), local: (String, f64) },
    /// A matrix: the formula, the code line that computed it, and how one entry is made.
    Matrix { formula: String, code: &'static str, rule: Rule },
}

/// How one entry `[r][c]` of a matrix comes from other matrices (named in [`Walk::matrices`]).
pub enum Rule {
    /// An input or a parameter.
    Given,
    /// `Σₖ a[r][k] · b[k][c]`, each operand read transposed where its flag says so.
    Dot(&'static str, bool, &'static str, bool),
    /// `Σₖ a[k][c]`, the sum over the batch (`np.sum(dout, axis=0)`).
    SumRows(&'static str),
    /// `b[0][c]` on every row: the bias, repeated for each of the N rows.
    Repeat(&'static str),
    /// `a[r][c] + b[r][c]`.
    Add(&'static str, &'static str),
    /// `a[r][c]` if it is > 0, else 0 (ReLU's forward).
    Relu(&'static str),
    /// `dout[r][c]` where the forward input `a[r][c]` was > 0, else 0 (ReLU's backward, mask).
    ReluBack(&'static str, &'static str),
    /// `dout[r][c]` passed on unchanged (an addition node's backward).
    Same(&'static str),
    /// `(y[r][c] − t[r][c]) / N` (SoftmaxWithLoss's backward, `dout = 1`).
    SoftmaxBack,
}

/// One step: the node worked on, the edges whose numbers it produces, the code line, and what
/// it does.
pub struct Stage {
    /// `None` for the first step, which shows the inputs.
    pub node: Option<usize>,
    pub backward: bool,
    /// Edges whose forward (for a forward step) or backward number this step produces.
    pub edges: Vec<usize>,
    pub code: &'static str,
    pub ko: String,
    pub en: String,
}

/// A step: `node` (`None` for the inputs), forward or backward, the edges it gives numbers to,
/// the code line, and what it does in Korean and English.
fn stage(node: Option<usize>, backward: bool, edges: &[usize], code: &'static str, ko: &str, en: &str) -> Stage {
    Stage { node, backward, edges: edges.to_vec(), code, ko: ko.to_string(), en: en.to_string() }
}

/// What a node does, in Korean and English.
fn plain(ko: &str, en: &str) -> (String, String) {
    (ko.to_string(), en.to_string())
}

/// One entry of a matrix, and how it came to be.
#[derive(Debug)]
pub struct Entry {
    pub row: usize,
    pub col: usize,
    /// The entry as the layers computed it.
    pub value: f64,
    /// The formula for this entry, in names and indices.
    pub formula: String,
    /// For a sum: each term's index and factors and product, in the order summed.
    pub terms: Vec<(usize, Vec<f64>)>,
    /// For an entry that is not a sum: the formula with the numbers put in.
    pub numbers: String,
}

impl Entry {
    /// The terms added in the order they are listed (the order `Matrix::dot` and `sum_rows`
    /// add them), from 0.
    pub fn sum(&self) -> f64 {
        self.terms.iter().fold(0.0, |s, (_, f)| s + f.iter().product::<f64>())
    }
}

/// Numbers in the explanations: up to 6 significant digits (`1.1 × 3` is `3.3`).
pub fn num(x: f64) -> String {
    number(x, 6)
}

/// What the walk's request asks about one matrix entry: edge, backward?, row, column (the
/// entry of largest size where row and column are not given).
pub struct EntryAsked {
    pub edge: usize,
    pub backward: bool,
    pub at: Option<(usize, usize)>,
}

impl Walk {
    /// The matrix named `name`.
    pub fn matrix(&self, name: &str) -> &Matrix {
        &self.matrices.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no matrix {name}")).1
    }

    /// The number on `edge`, backward or forward.
    pub fn number(&self, edge: usize, backward: bool) -> Option<&Number> {
        let (f, b) = self.edges.get(edge)?;
        if backward {
            b.as_ref()
        } else {
            Some(f)
        }
    }

    /// An entry of the matrix on `edge`: where it is asked, else the entry of largest size.
    /// `Err` says what cannot be: no such edge, not a matrix, an index out of the shape.
    pub fn entry(&self, asked: &EntryAsked) -> Result<Entry, String> {
        let number = self.number(asked.edge, asked.backward).ok_or(format!("this graph has no such edge: {}", asked.edge))?;
        let Why::Matrix { rule, .. } = &number.why else {
            return Err(format!("{} is a number, not a matrix: it has no entries", number.name));
        };
        let m = self.matrix(&number.name);
        let (row, col) = match asked.at {
            Some((r, c)) if r < m.rows && c < m.cols => (r, c),
            Some((r, c)) => return Err(format!("{} is {}×{}: it has no entry [{r}][{c}]", number.name, m.rows, m.cols)),
            None => {
                let i = (0..m.data.len()).fold(0, |best, i| if m.data[i].abs() > m.data[best].abs() { i } else { best });
                (i / m.cols, i % m.cols)
            }
        };
        let name = &number.name;
        let at = |n: &str, r: usize, c: usize| self.matrix(n)[(r, c)];
        let mut entry =
            Entry { row, col, value: m[(row, col)], formula: String::new(), terms: Vec::new(), numbers: String::new() };
        let me = format!("{name}[{row}][{col}]");
        match *rule {
            Rule::Given => entry.formula = format!("{me}: 주어진 값 · given"),
            Rule::Dot(a, ta, b, tb) => {
                let inner = if ta { self.matrix(a).rows } else { self.matrix(a).cols };
                let left = if ta { format!("{a}[k][{row}]") } else { format!("{a}[{row}][k]") };
                let right = if tb { format!("{b}[{col}][k]") } else { format!("{b}[k][{col}]") };
                entry.formula = format!("{me} = Σₖ {left} · {right},  k = 0…{}", inner - 1);
                entry.terms = (0..inner)
                    .map(|k| {
                        let x = if ta { at(a, k, row) } else { at(a, row, k) };
                        let y = if tb { at(b, col, k) } else { at(b, k, col) };
                        (k, vec![x, y])
                    })
                    .collect();
            }
            Rule::SumRows(a) => {
                let rows = self.matrix(a).rows;
                entry.formula = format!("{me} = Σₖ {a}[k][{col}],  k = 0…{}", rows - 1);
                entry.terms = (0..rows).map(|k| (k, vec![at(a, k, col)])).collect();
            }
            Rule::Repeat(b) => {
                entry.formula = format!("{me} = {b}[0][{col}]");
                entry.numbers = num(at(b, 0, col));
            }
            Rule::Add(a, b) => {
                entry.formula = format!("{me} = {a}[{row}][{col}] + {b}[{row}][{col}]");
                entry.numbers = format!("{} + {}", num(at(a, row, col)), num(at(b, row, col)));
            }
            Rule::Relu(a) => {
                let v = at(a, row, col);
                entry.formula = format!("{me} = max(0, {a}[{row}][{col}])");
                entry.numbers = format!("max(0, {})", num(v));
            }
            Rule::ReluBack(a, dout) => {
                let v = at(a, row, col);
                entry.formula = format!("{me} = {dout}[{row}][{col}] if {a}[{row}][{col}] > 0, else 0 (mask)");
                entry.numbers = if v > 0.0 {
                    format!("{a} = {} > 0: {}", num(v), num(at(dout, row, col)))
                } else {
                    format!("{a} = {} ≤ 0, mask True: 0", num(v))
                };
            }
            Rule::Same(dout) => {
                entry.formula = format!("{me} = {dout}[{row}][{col}]  (+ passes dout on)");
                entry.numbers = num(at(dout, row, col));
            }
            Rule::SoftmaxBack => {
                let n = self.matrix("y").rows;
                entry.formula = format!("{me} = (y[{row}][{col}] − t[{row}][{col}]) / N,  N = {n}");
                entry.numbers = format!("({} − {}) / {n}", num(at("y", row, col)), num(at("t", row, col)));
            }
        }
        Ok(entry)
    }

    /// The walk as the page reads it, with `entry` if one was asked.
    pub fn to_json(&self, entry: Option<&Entry>, asked: Option<&EntryAsked>) -> String {
        let nodes = self
            .graph
            .nodes
            .iter()
            .zip(&self.nodes)
            .map(|(n, (ko, en))| Out::new().str("label", &n.label).str("ko", ko).str("en", en).done());
        let edges = self.graph.edges.iter().zip(&self.edges).map(|(e, (f, b))| {
            let out = Out::new().int("from", e.from).int("to", e.to).raw("forward", &self.number_json(f));
            out.raw("backward", &b.as_ref().map_or("null".to_string(), |b| self.number_json(b))).done()
        });
        let steps = self.steps.iter().map(|s| {
            let out = Out::new().raw("node", &s.node.map_or("null".to_string(), |n| n.to_string()));
            out.bool("backward", s.backward).ints("edges", &s.edges).str("code", s.code).str("ko", &s.ko).str("en", &s.en).done()
        });
        let mut out = Out::new()
            .str("graph", self.kind)
            .str("svg", &self.graph.to_svg())
            .raw("nodes", &json::list(nodes))
            .raw("edges", &json::list(edges))
            .raw("steps", &json::list(steps));
        if let (Some(e), Some(a)) = (entry, asked) {
            let mut terms: Vec<&(usize, Vec<f64>)> = e.terms.iter().collect();
            // Largest first for reading; `sum` adds them in their own order.
            terms.sort_by(|x, y| y.1.iter().product::<f64>().abs().total_cmp(&x.1.iter().product::<f64>().abs()));
            let terms = terms.iter().map(|(k, f)| {
                let product: f64 = f.iter().product();
                json::list(std::iter::once(k.to_string()).chain(f.iter().chain([&product]).map(|&v| json::number(v))))
            });
            let out_entry = Out::new()
                .int("edge", a.edge)
                .bool("backward", a.backward)
                .int("row", e.row)
                .int("col", e.col)
                .num("value", e.value)
                .str("shown", &num(e.value))
                .str("formula", &e.formula)
                .str("numbers", &e.numbers)
                .raw("terms", &json::list(terms))
                .num("sum", e.sum());
            out = out.raw("entry", &out_entry.done());
        }
        out.done()
    }

    fn number_json(&self, n: &Number) -> String {
        let mut out = Out::new().str("name", &n.name);
        if let Some(v) = n.scalar {
            out = out.num("value", v);
        }
        // `words`: what the line means, in Korean and English (one sentence for both where the
        // names and numbers would otherwise be written twice).
        let (line, words) = match &n.why {
            Why::Given(ko, en) => (format!("{} = {}", n.name, num(n.scalar.unwrap_or(f64::NAN))), format!("{ko} · {en}")),
            Why::Start => (
                format!("{} = 1", n.name),
                "역전파의 시작: 출력을 출력 자신으로 미분하면 1 (노트의 dout = 1) · backward starts here: the output differentiated by itself is 1 (the notes' dout = 1)".to_string(),
            ),
            Why::Formula(names, numbers) => (
                format!("{} = {names} = {numbers} = {}", n.name, num(n.scalar.unwrap_or(f64::NAN))),
                "순전파: 노드가 입력으로 계산한 값 · forward: what the node computed from its inputs".to_string(),
            ),
            Why::Chain { upstream, local } => {
                out = out.num("upstream", upstream.1).num("local", local.1);
                (
                    format!("{} = {} × {} = {}", n.name, num(upstream.1), num(local.1), num(n.scalar.unwrap_or(f64::NAN))),
                    format!(
                        "위에서 온 기울기 · upstream {} = {} × 국소 미분 · local {} = {}",
                        upstream.0,
                        num(upstream.1),
                        local.0,
                        num(local.1)
                    ),
                )
            }
            Why::Matrix { formula, code, .. } => {
                let (r, c) = self.matrix(&n.name).shape();
                out = out.ints("shape", &[r, c]).str("code", code);
                (
                    format!("{formula}   ({r}, {c})"),
                    "행렬: 원소 하나를 골라 어떻게 계산되는지 보세요 · a matrix: pick one entry to see how it is made".to_string(),
                )
            }
        };
        out.str("line", &line).str("words", &words).done()
    }
}
