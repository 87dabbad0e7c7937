//! The figure the notes' readers draw with matplotlib after training: the loss per iteration and
//! the train/test accuracy per epoch, written by hand as an SVG file (std only); and the same
//! record as CSV.

use crate::train::History;
use std::fmt::Write;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 400.0;
const TRAIN_COLOR: &str = "#1f77b4";
const TEST_COLOR: &str = "#ff7f0e";

/// One chart area: data coordinates `[x_min, x_max] × [y_min, y_max]` drawn into the pixel
/// rectangle at (`left`, `top`) of size `width × height`.
struct Panel {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

impl Panel {
    fn px(&self, x: f64) -> f64 {
        self.left + (x - self.x_min) / (self.x_max - self.x_min) * self.width
    }

    fn py(&self, y: f64) -> f64 {
        self.top + self.height - (y - self.y_min) / (self.y_max - self.y_min) * self.height
    }

    /// Frame, ticks with their values, axis labels and a title.
    fn axes(&self, svg: &mut String, title: &str, x_label: &str, y_label: &str) {
        let (l, t, w, h) = (self.left, self.top, self.width, self.height);
        let _ = writeln!(svg, r##"<rect x="{l}" y="{t}" width="{w}" height="{h}" fill="none" stroke="#333"/>"##);
        for x in nice_ticks(self.x_min, self.x_max) {
            let px = self.px(x);
            let _ = writeln!(svg, r##"<line x1="{px:.1}" y1="{0}" x2="{px:.1}" y2="{1}" stroke="#333"/>"##, t + h, t + h + 5.0);
            let _ = writeln!(svg, r##"<line x1="{px:.1}" y1="{t}" x2="{px:.1}" y2="{0}" stroke="#eee"/>"##, t + h);
            let _ = writeln!(svg, r#"<text x="{px:.1}" y="{0}" text-anchor="middle">{1}</text>"#, t + h + 20.0, tick_label(x));
        }
        for y in nice_ticks(self.y_min, self.y_max) {
            let py = self.py(y);
            let _ = writeln!(svg, r##"<line x1="{0}" y1="{py:.1}" x2="{l}" y2="{py:.1}" stroke="#333"/>"##, l - 5.0);
            let _ = writeln!(svg, r##"<line x1="{l}" y1="{py:.1}" x2="{0}" y2="{py:.1}" stroke="#eee"/>"##, l + w);
            let _ = writeln!(svg, r#"<text x="{0}" y="{1:.1}" text-anchor="end">{2}</text>"#, l - 8.0, py + 4.0, tick_label(y));
        }
        let _ = writeln!(
            svg,
            r#"<text x="{0}" y="{1}" text-anchor="middle" font-weight="bold">{title}</text>"#,
            l + w / 2.0,
            t - 12.0
        );
        let _ = writeln!(svg, r#"<text x="{0}" y="{1}" text-anchor="middle">{x_label}</text>"#, l + w / 2.0, t + h + 42.0);
        let (yx, yy) = (l - 52.0, t + h / 2.0);
        let _ =
            writeln!(svg, r#"<text x="{yx}" y="{yy}" text-anchor="middle" transform="rotate(-90 {yx} {yy})">{y_label}</text>"#);
    }

    /// A line through the finite points `(x, y)`, with `id` naming the series.
    fn polyline(&self, svg: &mut String, id: &str, color: &str, points: impl Iterator<Item = (f64, f64)>) {
        let mut coords = String::new();
        for (x, y) in points.filter(|(_, y)| y.is_finite()) {
            let _ = write!(coords, "{:.1},{:.1} ", self.px(x), self.py(y.clamp(self.y_min, self.y_max)));
        }
        let _ = writeln!(
            svg,
            r#"<polyline id="{id}" fill="none" stroke="{color}" stroke-width="1.5" points="{}"/>"#,
            coords.trim_end()
        );
    }
}

/// About five round tick values (steps of 1, 2 or 5 times a power of ten) covering `[min, max]`.
fn nice_ticks(min: f64, max: f64) -> Vec<f64> {
    let raw = (max - min) / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    let first = (min / step).ceil() as i64;
    let last = (max / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick's value as a person writes it: `0.3`, not `0.30000000000000004`.
fn tick_label(v: f64) -> String {
    crate::lab::pictures::svg::number(v, 3)
}

/// `curves.svg`: the loss curve (left) and the train/test accuracy per epoch (right), with axes,
/// ticks, labels and a legend. `iter_per_epoch` is printed in the caption.
pub fn curves_svg(history: &History, iter_per_epoch: usize) -> String {
    // The labels in the locale's language, as the programs' lines are (src/lab/messages.rs).
    let words = |english: &'static str, korean: &'static str| if crate::lab::messages::korean() { korean } else { english };
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#);

    let losses = &history.train_loss_list;
    let max_loss = losses.iter().copied().filter(|l| l.is_finite()).fold(0.0, f64::max);
    let loss_panel = Panel {
        left: 70.0,
        top: 40.0,
        width: 370.0,
        height: 290.0,
        x_min: 0.0,
        x_max: (losses.len().max(2) - 1) as f64,
        y_min: 0.0,
        y_max: if max_loss > 0.0 { max_loss * 1.05 } else { 1.0 },
    };
    loss_panel.axes(
        &mut svg,
        words("training loss (mini-batch)", "학습 손실 (미니배치)"),
        words("iteration", "반복"),
        words("loss", "손실"),
    );
    loss_panel.polyline(&mut svg, "train-loss", TRAIN_COLOR, losses.iter().enumerate().map(|(i, &l)| (i as f64, l)));

    let epochs = history.train_acc_list.len();
    let acc_panel = Panel {
        left: 560.0,
        top: 40.0,
        width: 370.0,
        height: 290.0,
        x_min: 0.0,
        x_max: (epochs.max(2) - 1) as f64,
        y_min: 0.0,
        y_max: 1.0,
    };
    let epoch_axis = words("epoch ({} iterations)", "에폭 ({}번 반복)").replace("{}", &iter_per_epoch.to_string());
    acc_panel.axes(&mut svg, words("accuracy per epoch", "에폭마다 정확도"), &epoch_axis, words("accuracy", "정확도"));
    for (id, color, list) in
        [("train-acc", TRAIN_COLOR, &history.train_acc_list), ("test-acc", TEST_COLOR, &history.test_acc_list)]
    {
        acc_panel.polyline(&mut svg, id, color, list.iter().enumerate().map(|(e, &a)| (e as f64, a)));
        for (e, &a) in list.iter().enumerate() {
            let _ =
                writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#, acc_panel.px(e as f64), acc_panel.py(a));
        }
    }
    // Legend, bottom right of the accuracy panel.
    let legend = [(words("train acc", "훈련 정확도"), TRAIN_COLOR), (words("test acc", "테스트 정확도"), TEST_COLOR)];
    for (k, (label, color)) in legend.into_iter().enumerate() {
        let y = acc_panel.top + acc_panel.height - 40.0 + 18.0 * k as f64;
        let x = acc_panel.left + acc_panel.width - 110.0;
        let _ = writeln!(svg, r#"<line x1="{x}" y1="{y}" x2="{0}" y2="{y}" stroke="{color}" stroke-width="2"/>"#, x + 24.0);
        let _ = writeln!(svg, r#"<text x="{0}" y="{1}">{label}</text>"#, x + 30.0, y + 4.0);
    }
    let _ = writeln!(svg, "</svg>");
    svg
}

/// `history.csv`: one row per iteration, `iteration,loss`.
pub fn history_csv(history: &History) -> String {
    let mut csv = String::from("iteration,loss\n");
    for (i, loss) in history.train_loss_list.iter().enumerate() {
        csv.push_str(&format!("{i},{loss}\n"));
    }
    csv
}

/// `epochs.csv`: one row per epoch, `epoch,train_acc,test_acc`.
pub fn epochs_csv(history: &History) -> String {
    let mut csv = String::from("epoch,train_acc,test_acc\n");
    for (epoch, (train, test)) in history.train_acc_list.iter().zip(&history.test_acc_list).enumerate() {
        csv.push_str(&format!("{epoch},{train},{test}\n"));
    }
    csv
}
