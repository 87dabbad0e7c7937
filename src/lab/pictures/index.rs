//! `target/graphs/index.html`: the chapter's figures in the notes' order, each with a caption in
//! Korean and in English, its formula, and the code that computed its numbers. One file with its
//! styles inside, the SVGs beside it: it opens from disk, loads nothing from the network, and
//! prints one figure per block.

use super::figures::Figure;
use super::svg::escape;
use std::fmt::Write;

const STYLE: &str = "
body { font-family: 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; max-width: 1200px;
       margin: 0 auto; padding: 1.5rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
figure { margin: 2.5rem 0; padding-top: 1rem; border-top: 1px solid #ddd; }
figure h2 { font-size: 1.25rem; margin: 0 0 0.3rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.ko { margin: 0.2rem 0; }
.en { margin: 0.2rem 0; color: #444; }
.formula { font-family: 'DejaVu Sans Mono', monospace; background: #f6f6f6; padding: 0.3rem 0.6rem; display: inline-block;
           max-width: 100%; box-sizing: border-box; white-space: pre-wrap; overflow-wrap: anywhere; }
.swipe { display: none; font-size: 0.85rem; color: #5b6470; margin: 0.2rem 0; }
.code { font-size: 0.9rem; color: #444; }
code { font-family: 'DejaVu Sans Mono', monospace; background: #f2f2f2; padding: 0 0.25rem; }
.legend span { font-weight: bold; }
/* A phone: each figure keeps its own size (its text legible) and scrolls sideways. */
@media (max-width: 700px) {
  body { padding: 0.8rem; }
  figure img { max-width: none; }
  .swipe { display: block; }
}
@media print {
  body { max-width: none; padding: 0; }
  figure { break-inside: avoid; page-break-inside: avoid; border: none; }
  figure img { border: none; }
}
";

/// The page for `figures`, which refers to each figure's SVG by its file name (beside the page).
pub fn index_html(figures: &[Figure]) -> String {
    let mut html = String::new();
    let _ = writeln!(html, "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">");
    let _ = writeln!(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = writeln!(html, "<title>5장 오차역전파법: 계산 그래프 · Chapter 5, backpropagation: the graphs</title>");
    let _ = writeln!(html, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(html, "<h1>5장 오차역전파법 · Chapter 5, backpropagation</h1>");
    let _ = writeln!(
        html,
        "<p class=\"ko\">5장의 계산 그래프를 이 프로젝트의 계층이 지금 계산한 값으로 그렸다. \
         <span style=\"color:#1a1a1a\"><b>검은 화살표 위</b></span>는 순전파 값, \
         <span style=\"color:#c0392b\"><b>빨간 화살표 아래</b></span>는 역전파 값(그 값에 대한 최종 출력의 미분)이다.</p>"
    );
    let _ = writeln!(
        html,
        "<p class=\"en\">The chapter's computational graphs, drawn with the numbers this project's layers computed when the page was made. \
         Above each black arrow: the forward value. Below it, on the red arrow pointing back: the backward value, \
         the derivative of the final output with respect to that value.</p>"
    );
    for (i, f) in figures.iter().enumerate() {
        let _ = writeln!(html, "<figure id=\"{}\">", escape(f.file.trim_end_matches(".svg")));
        let _ = writeln!(html, "<h2>그림 {} · {} {} · {}</h2>", i + 1, escape(f.section), escape(f.title_ko), escape(f.title_en));
        let _ = writeln!(html, "<p class=\"ko\">{}</p>", escape(f.caption_ko));
        let _ = writeln!(html, "<p class=\"en\">{}</p>", escape(f.caption_en));
        let _ = writeln!(html, "<p class=\"formula\">{}</p>", escape(f.formula));
        let _ = writeln!(html, "<p class=\"swipe\">← 옆으로 밀어 보기 · swipe sideways →</p>");
        let _ = writeln!(
            html,
            "<div class=\"scroll\"><img src=\"{}\" alt=\"{} {}\"></div>",
            escape(f.file),
            escape(f.section),
            escape(f.title_en)
        );
        let code: Vec<String> =
            f.code.iter().map(|(file, item)| format!("<code>{}</code> <code>{}</code>", escape(file), escape(item))).collect();
        let _ = writeln!(html, "<p class=\"code\">계산한 코드 · computed by: {}</p>", code.join("; "));
        let _ = writeln!(html, "</figure>");
    }
    let _ = writeln!(html, "<p class=\"code\">Made by <code>make graphs</code> (<code>src/lab/pictures/</code>); open this file from disk, no server needed.</p>");
    let _ = writeln!(html, "</body>\n</html>");
    html
}
