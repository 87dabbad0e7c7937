//! Keeping a trained network, in a small documented binary format instead of pickle: [`to_bytes`]
//! (what `train` writes, with its other files, through `lab::output`) and [`load`] (what every
//! program reads, with a note for an old file). `TwoLayerNet::save_params` and `load_params`
//! (the book's later `network.save_params("params.pkl")`) are the same for your own code.
//!
//! Format, all little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `DLFS5NET` |
//! | 4 | version, `u32` = 2 |
//! | 12 | `input_size`, `hidden_size`, `output_size`, each `u32` |
//! | 8 each | `f64` entries of W1 (row-major), b1, W2, b2, in that order |
//! | 8 | checksum: FNV-1a (64-bit) of every byte before it |
//!
//! Version 1 files (no checksum) still load; [`load`] says that damage in them cannot be found.

use crate::lab::input::{read_regular, read_start};
use crate::lab::output::{self, OutputError};
use crate::matrix::Matrix;
use crate::two_layer_net::TwoLayerNet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The first 8 bytes of every parameter file.
pub const MAGIC: &[u8; 8] = b"DLFS5NET";
/// The format version this program writes (it reads 1 too).
pub const VERSION: u32 = 2;
/// Bytes of the checksum at the end of a version-2 file.
const CHECKSUM: usize = 8;
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
    let checksum = fnv1a(&bytes);
    bytes.extend_from_slice(&checksum.to_le_bytes());
    bytes
}

/// FNV-1a, 64-bit: a simple checksum that any flipped byte changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// A network from a file's bytes (`path` is only for messages), and the file's version. Checks
/// the magic, the version, the sizes, the exact length, the checksum (version 2) and that every
/// parameter is a finite number.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<(TwoLayerNet, u32), ParamsError> {
    let fail = |kind| Err(ParamsError { path: path.to_path_buf(), kind });
    let (version, [input, hidden, output], expected) = header(path, bytes)?;
    let checksum = if version == VERSION { CHECKSUM } else { 0 };
    let shapes = [(input, hidden), (1, hidden), (hidden, output), (1, output)];
    if bytes.len() != expected {
        return fail(ErrorKind::WrongLength { len: bytes.len(), expected, sizes: [input, hidden, output].map(|s| s as u32) });
    }
    if !bytes.is_empty() && !MAGIC.starts_with(&bytes[..bytes.len().min(8)]) {
        return fail(ErrorKind::BadMagic);
    }
    if checksum > 0 {
        let (content, stored) = bytes.split_at(bytes.len() - CHECKSUM);
        if fnv1a(content).to_le_bytes() != stored {
            return fail(ErrorKind::Checksum);
        }
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
    Ok((TwoLayerNet::from_params(w1, b1, w2, b2), version))
}

/// The header of a parameter file (`bytes` may be just its first [`HEADER`] bytes): its version,
/// the three layer sizes, and the file's whole length that these promise.
fn header(path: &Path, bytes: &[u8]) -> Result<(u32, [usize; 3], usize), ParamsError> {
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
    if version != 1 && version != VERSION {
        return fail(ErrorKind::Version { found: version });
    }
    let sizes = [u32_at(12), u32_at(16), u32_at(20)];
    if sizes.iter().any(|&s| s == 0 || s > MAX_SIZE) {
        return fail(ErrorKind::BadSizes { sizes });
    }
    let [input, hidden, output] = sizes.map(|s| s as usize);
    let checksum = if version == VERSION { CHECKSUM } else { 0 };
    Ok((version, [input, hidden, output], HEADER + 8 * (input * hidden + hidden + hidden * output + output) + checksum))
}

/// Reads a network saved by [`TwoLayerNet::save_params`], and a note to show the user if the
/// file is of the old version 1, which carries no checksum.
pub fn load(path: &Path) -> Result<(TwoLayerNet, Option<String>), ParamsError> {
    let fail = |kind| ParamsError { path: path.to_path_buf(), kind };
    // Refused before reading: anything but a regular file, a file whose length is not the one
    // its header promises, and a file larger than any network that fits in memory.
    let metadata = std::fs::metadata(path).map_err(|e| fail(ErrorKind::Io(e)))?;
    if metadata.is_dir() {
        return Err(fail(ErrorKind::Folder));
    }
    let head = read_start(path, HEADER as u64, "a parameter file").map_err(|e| fail(ErrorKind::Io(e)))?;
    let (_, sizes, expected) = header(path, &head)?;
    let len = metadata.len();
    if len != expected as u64 {
        return Err(fail(ErrorKind::WrongLength { len: len as usize, expected, sizes: sizes.map(|s| s as u32) }));
    }
    if len > crate::lab::settings::available_memory() / 2 {
        return Err(fail(ErrorKind::TooLarge { len }));
    }
    let bytes = read_regular(path, len, "a parameter file").map_err(|e| fail(ErrorKind::Io(e)))?;
    let (network, version) = from_bytes(path, &bytes)?;
    let note = (version == 1).then(|| {
        format!("{} is a version-1 file, which carries no checksum: damage in it cannot be detected (saving it again writes version {VERSION})", path.display())
    });
    Ok((network, note))
}

impl TwoLayerNet {
    /// Writes the parameters to `path`. An existing file is replaced only if `overwrite` (or if
    /// it is in this project's `target/` folder); the data goes to a temporary name first, so an
    /// interrupted save never leaves half a file.
    pub fn save_params(&self, path: &Path, overwrite: bool) -> Result<(), ParamsError> {
        let fail = |e: OutputError| ParamsError { path: path.to_path_buf(), kind: ErrorKind::Output(e) };
        output::check(path, overwrite).map_err(fail)?;
        output::write_file(path, &to_bytes(self)).map_err(fail)
    }

    /// Reads a network saved by [`save_params`](Self::save_params) (see [`load`]).
    pub fn load_params(path: &Path) -> Result<TwoLayerNet, ParamsError> {
        load(path).map(|(network, _)| network)
    }
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
    Output(OutputError),
    TooLarge { len: u64 },
    Folder,
    Checksum,
    TooShort { len: usize },
    BadMagic,
    Version { found: u32 },
    BadSizes { sizes: [u32; 3] },
    WrongLength { len: usize, expected: usize, sizes: [u32; 3] },
    NotFinite { name: &'static str, index: usize, value: f64 },
}

impl ParamsError {
    /// What the user can do about it, for the `hint:` line.
    pub fn hint(&self) -> &str {
        match self.kind {
            ErrorKind::Output(ref e) => &e.hint,
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound => {
                "run `make train` first (it saves target/train/model.bin), or pass --model PATH"
            }
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::PermissionDenied => "check the file's permissions (ls -l)",
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
                "there is not enough memory to read it: close other programs, or raise the memory limit"
            }
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::InvalidInput => "name a model file saved by `make train`",
            ErrorKind::Io(_) => "check the path and its permissions",
            ErrorKind::Folder => "name the model file inside it, e.g. target/train/model.bin",
            ErrorKind::Checksum => {
                "the file was changed or damaged after it was saved; train again (`make train`) or use another copy"
            }
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
            ErrorKind::Output(e) => write!(f, "{}", e.problem),
            ErrorKind::TooLarge { len } => write!(f, "the file is {len} bytes, far larger than any network that fits in memory"),
            ErrorKind::Folder => write!(f, "is a folder, not a parameter file"),
            ErrorKind::Checksum => write!(f, "the checksum does not match: the file is damaged"),
            ErrorKind::TooShort { len } => {
                write!(f, "the file is {len} bytes, shorter than the {HEADER}-byte header (truncated?)")
            }
            ErrorKind::BadMagic => write!(f, "not a TwoLayerNet parameter file (it does not start with DLFS5NET)"),
            ErrorKind::Version { found } => {
                write!(f, "format version {found} is not supported (this program reads versions 1 and {VERSION})")
            }
            ErrorKind::BadSizes { sizes: s } => write!(f, "layer sizes {} are not a valid network", sizes(s)),
            ErrorKind::WrongLength { len, expected, sizes: s } => {
                write!(f, "the file is {len} bytes but a {} network takes {expected} bytes (truncated or damaged)", sizes(s))
            }
            ErrorKind::NotFinite { name, index, value } => write!(f, "{name}[{index}] is {value}, not a finite number"),
        }
    }
}

impl std::error::Error for ParamsError {}
