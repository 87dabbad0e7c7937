//! Pictures of what the chapter computes, beyond the chapter's own code: the computational
//! graphs (계산 그래프) drawn with the values the layers compute ([`graph`], [`figures`]), and the
//! index.html that shows them ([`index`]; the web app of `make serve` is `lab::serve`).
//! Hand-written SVG and HTML, std only.

pub mod figures;
pub mod graph;
pub mod index;
pub mod svg;

use crate::lab::output::{self, OutputError, Outputs};
use figures::Figure;
use std::path::{Path, PathBuf};

/// Writes each figure's SVG into `dir`, and `index.html` if given, all together; a file of the
/// same name outside this project's `target/` is kept unless `overwrite`. Returns the paths.
pub fn write_pictures(
    dir: &Path,
    figures: &[Figure],
    index_html: Option<String>,
    overwrite: bool,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut files: Vec<(PathBuf, String)> = figures.iter().map(|f| (dir.join(f.file), f.graph.to_svg())).collect();
    files.extend(index_html.map(|html| (dir.join("index.html"), html)));
    for (path, _) in &files {
        output::check(path, overwrite)?;
    }
    let mut outputs = Outputs::new();
    for (path, text) in &files {
        outputs.write(path, text.as_bytes())?;
    }
    outputs.commit()
}

/// `target/graphs`, where `make graphs` and `make apples` put the pictures.
pub fn default_dir() -> PathBuf {
    crate::lab::settings::target_dir("graphs")
}
