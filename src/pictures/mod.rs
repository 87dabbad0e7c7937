//! Pictures of what the chapter computes, beyond the chapter's own code: the computational
//! graphs (계산 그래프) drawn with the values the layers compute ([`graph`], [`figures`]), and the
//! page that shows them ([`page`]). Hand-written SVG and HTML, std only.

pub mod figures;
pub mod graph;
pub mod page;
pub mod svg;

use figures::Figure;
use std::path::{Path, PathBuf};

/// Writes each figure's SVG into `dir` (made if missing); returns the paths written.
pub fn write_svgs(dir: &Path, figures: &[Figure]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    figures
        .iter()
        .map(|f| {
            let path = dir.join(f.file);
            std::fs::write(&path, f.graph.to_svg())?;
            Ok(path)
        })
        .collect()
}

/// `target/graphs`, where `make graphs` and `make apples` put the pictures.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("graphs")
}
