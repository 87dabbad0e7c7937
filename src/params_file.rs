//! Keeping a trained network: `TwoLayerNet::save_params` and `load_params` (the book's later
//! `network.save_params("params.pkl")`), in a small documented binary format instead of pickle.
//!
//! Format, all little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `DLFS5NET` |
//! | 4 | version, `u32` = 1 |
//! | 12 | `input_size`, `hidden_size`, `output_size`, each `u32` |
//! | 8 each | `f64` entries of W1 (row-major), b1, W2, b2, in that order |

use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first 8 bytes of every parameter file.
pub const MAGIC: &[u8; 8] = b"DLFS5NET";
/// The format version this program writes and reads.
pub const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 12;
/// Layer sizes above this are taken as a damaged header, not a real network.
const MAX_SIZE: u32 = 1 << 20;

/// The file's bytes for `network`.
pub fn to_bytes(network: &TwoLayerNet) -> Vec<u8> {
    let (input, hidden, output) = network.sizes();
    let mut bytes = Vec::with_capacity(HEADER + 8 * (input * hidden + hidden + hidden * output + output));
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    for size in [input, hidden, output] {
        bytes.extend_from_slice(&(size as u32).to_le_bytes());
    }
    for (_, param) in network.params() {
        for v in &param.data {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    bytes
}

/// A network from a file's bytes (`path` is only for messages). Checks the magic, the version,
/// the sizes, the exact length and that every parameter is a finite number.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<TwoLayerNet, ParamsError> {
    let fail = |kind| Err(ParamsError { path: path.to_path_buf(), kind });
    if bytes.len() < HEADER {
        if !bytes.is_empty() && !MAGIC.starts_with(&bytes[..bytes.len().min(8)]) {
            return fail(ErrorKind::BadMagic);
        }
        return fail(ErrorKind::TooShort { len: bytes.len() });
    }
    if &bytes[..8] != MAGIC {
        return fail(ErrorKind::BadMagic);
    }
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = u32_at(8);
    if version != VERSION {
        return fail(ErrorKind::Version { found: version });
    }
    let sizes = [u32_at(12), u32_at(16), u32_at(20)];
    if sizes.iter().any(|&s| s == 0 || s > MAX_SIZE) {
        return fail(ErrorKind::BadSizes { sizes });
    }
    let [input, hidden, output] = sizes.map(|s| s as usize);
    let shapes = [(input, hidden), (1, hidden), (hidden, output), (1, output)];
    let expected = HEADER + 8 * shapes.iter().map(|(r, c)| r * c).sum::<usize>();
    if bytes.len() != expected {
        return fail(ErrorKind::WrongLength { len: bytes.len(), expected, sizes });
    }
    let mut at = HEADER;
    let mut params = Vec::with_capacity(4);
    for ((rows, cols), name) in shapes.into_iter().zip(["W1", "b1", "W2", "b2"]) {
        let mut data = Vec::with_capacity(rows * cols);
        for i in 0..rows * cols {
            let v = f64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
            if !v.is_finite() {
                return fail(ErrorKind::NotFinite { name, index: i, value: v });
            }
            data.push(v);
            at += 8;
        }
        params.push(Matrix::from_vec(rows, cols, data));
    }
    let [w1, b1, w2, b2]: [Matrix; 4] = params.try_into().expect("four parameters");
    Ok(TwoLayerNet::from_params(w1, b1, w2, b2))
}

impl TwoLayerNet {
    /// Writes the parameters to `path`. An existing file is replaced only if `overwrite`; the
    /// data goes to a temporary file first, so an interrupted save never leaves half a file.
    pub fn save_params(&self, path: &Path, overwrite: bool) -> Result<(), ParamsError> {
        let fail = |kind| Err(ParamsError { path: path.to_path_buf(), kind });
        may_write(path, overwrite)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return fail(ErrorKind::Io(e));
            }
        }
        let tmp = path.with_extension("tmp-partial");
        let written = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&to_bytes(self)).and_then(|_| f.sync_all()))
            .and_then(|_| std::fs::rename(&tmp, path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return fail(ErrorKind::Io(e));
        }
        Ok(())
    }

    /// Reads a network saved by [`save_params`](Self::save_params).
    pub fn load_params(path: &Path) -> Result<TwoLayerNet, ParamsError> {
        let bytes = std::fs::read(path).map_err(|e| ParamsError { path: path.to_path_buf(), kind: ErrorKind::Io(e) })?;
        from_bytes(path, &bytes)
    }
}

/// Whether [`TwoLayerNet::save_params`] may write to `path`: not if a file is there and
/// `overwrite` is false. Lets a program check before it spends minutes training.
pub fn may_write(path: &Path, overwrite: bool) -> Result<(), ParamsError> {
    if path.exists() && !overwrite {
        return Err(ParamsError { path: path.to_path_buf(), kind: ErrorKind::Exists });
    }
    Ok(())
}

/// Why a parameter file could not be read or written; `Display` names the file.
#[derive(Debug)]
pub struct ParamsError {
    path: PathBuf,
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    Io(std::io::Error),
    Exists,
    TooShort { len: usize },
    BadMagic,
    Version { found: u32 },
    BadSizes { sizes: [u32; 3] },
    WrongLength { len: usize, expected: usize, sizes: [u32; 3] },
    NotFinite { name: &'static str, index: usize, value: f64 },
}

impl ParamsError {
    /// What the user can do about it, for the `hint:` line.
    pub fn hint(&self) -> &'static str {
        match self.kind {
            ErrorKind::Exists => "pass --overwrite to replace it, or choose another --save path",
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound => {
                "run `make train` first (it saves target/train/model.bin), or pass --model PATH"
            }
            ErrorKind::Io(_) => "check the path and its permissions",
            _ => "this is not a parameter file written by `train`; run `make train` to make a new one",
        }
    }
}

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path.display())?;
        let sizes = |s: &[u32; 3]| format!("{}-{}-{}", s[0], s[1], s[2]);
        match &self.kind {
            ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound => write!(f, "file not found"),
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Exists => write!(f, "already exists; not overwriting it"),
            ErrorKind::TooShort { len } => write!(f, "the file is {len} bytes, shorter than the {HEADER}-byte header (truncated?)"),
            ErrorKind::BadMagic => write!(f, "not a TwoLayerNet parameter file (it does not start with DLFS5NET)"),
            ErrorKind::Version { found } => write!(f, "format version {found} is not supported (this program reads version {VERSION})"),
            ErrorKind::BadSizes { sizes: s } => write!(f, "layer sizes {} are not a valid network", sizes(s)),
            ErrorKind::WrongLength { len, expected, sizes: s } => write!(
                f,
                "the file is {len} bytes but a {} network takes {expected} bytes (truncated or damaged)",
                sizes(s)
            ),
            ErrorKind::NotFinite { name, index, value } => write!(f, "{name}[{index}] is {value}, not a finite number"),
        }
    }
}

impl std::error::Error for ParamsError {}
