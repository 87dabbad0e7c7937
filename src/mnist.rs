//! The notes' `load_mnist(normalize=True, one_hot_label=True)`: reads the four MNIST IDX files
//! from `data/` (put there by `make data`), checking every header, and returns
//! `((x_train, t_train), (x_test, t_test))` with the notes' shapes.
//!
//! IDX layout (big-endian u32s): magic 2051, count, rows, cols, then count·rows·cols pixel bytes
//! (0 = background, 255 = ink) for images; magic 2049, count, then count label bytes for labels.

use crate::matrix::{Matrix, NonzeroBytes};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The four files, as `make data` names them.
pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte";
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte";
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte";
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte";

/// Side of an MNIST image in pixels.
pub const IMAGE_SIDE: usize = 28;
/// Pixels per image, the network's input size: 28 × 28 = 784.
pub const IMAGE_SIZE: usize = IMAGE_SIDE * IMAGE_SIDE;
/// Digit classes 0–9, the network's output size.
pub const CLASSES: usize = 10;

const IMAGE_MAGIC: u32 = 2051;
const LABEL_MAGIC: u32 = 2049;
const IMAGE_HEADER: usize = 16;
const LABEL_HEADER: usize = 8;

/// Train and test sets: `((x_train, t_train), (x_test, t_test))`, as the notes unpack them.
pub type Dataset = ((Images, Matrix), (Images, Matrix));

/// MNIST images as a `rows × cols` matrix whose entries are kept as the file's bytes and become
/// `f64` (`byte / 255` when normalised, see [`normalize`]) only when rows are taken,
/// e.g. `x_train.select_rows(&batch_mask)`.
///
/// Where Rust differs from the notes: numpy's `x_train` is a float32 array of 60000 × 784, 188 MB.
/// Keeping the bytes (47 MB) and converting one batch at a time gives the same numbers, bit for
/// bit, at a quarter of the memory (a third, with where each image's nonzero pixels are: 18 MB).
#[derive(Clone, Debug)]
pub struct Images {
    /// Number of rows: images (flattened), or 28 per image (not flattened).
    pub rows: usize,
    /// 784 (flattened) or 28.
    pub cols: usize,
    /// The pixels, row-major, 0 = background, 255 = ink.
    pub pixels: Vec<u8>,
    /// Whether a byte becomes `byte / 255` (in [0, 1], the notes' `normalize=True`) or stays 0–255.
    pub normalize: bool,
    /// Speed only: where each row's nonzero pixels are, found the first time rows are taken (2
    /// bytes a nonzero pixel); the matrices of rows taken then know where their zeros are without
    /// searching their `f64`s (see `Matrix::dot`).
    nonzeros: OnceLock<Option<NonzeroBytes>>,
}

impl Images {
    /// `rows` rows of `cols` pixels (`pixels.len()` must be `rows * cols`).
    pub fn new(rows: usize, cols: usize, pixels: Vec<u8>, normalize: bool) -> Images {
        assert!(pixels.len() == rows * cols, "Images::new: {} pixels do not fill {rows} rows of {cols}", pixels.len());
        Images { rows, cols, pixels, normalize, nonzeros: OnceLock::new() }
    }

    /// `(rows, cols)`, as numpy's `x_train.shape`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// The first `n` rows only (all of them if there are fewer), still as bytes.
    pub fn first(&self, n: usize) -> Images {
        let n = n.min(self.rows);
        Images::new(n, self.cols, self.pixels[..n * self.cols].to_vec(), self.normalize)
    }

    /// The whole set as an `f64` matrix.
    pub fn to_matrix(&self) -> Matrix {
        self.slice_rows(0, self.rows)
    }

    /// Each byte as an `f64`, added to `out`.
    fn convert(&self, bytes: &[u8], out: &mut Vec<f64>) {
        // Worked out, not looked up in a table: the compiler converts, divides and widens 8
        // bytes at a time (measured: 60000 images in 15 ms instead of 27 ms, the same bits).
        if self.normalize {
            out.extend(bytes.iter().map(|&p| normalize(p as f32)));
        } else {
            out.extend(bytes.iter().map(|&p| p as f64));
        }
    }
}

/// A pixel (0 to 255) as the book's `load_mnist(normalize=True)` makes it: converted to
/// `float32` and divided by 255 in `float32` (`x.astype(np.float32); x /= 255.0`), then widened
/// to `f64`, as numpy widens it inside `np.dot` with the `float64` weights.
pub const fn normalize(pixel: f32) -> f64 {
    (pixel / 255.0) as f64
}

/// One image given as 784 pixel values (0 to 255, ink bright), as the network's input row
/// (1, 784), normalised as `load_mnist` normalises the data set.
pub fn input_row(pixels: &[f64]) -> Matrix {
    Matrix::from_vec(1, pixels.len(), pixels.iter().map(|&p| normalize(p as f32)).collect())
}

impl Images {
    /// The rows picked by `indices`, in that order, as `f64` (`x_train[batch_mask]`).
    pub fn select_rows(&self, indices: &[usize]) -> Matrix {
        crate::matrix::ask_for_rows(&self.pixels, self.cols, self.places(), indices); // speed only: see there
        self.rows_as_matrix(indices.iter().copied())
    }

    /// Rows `start..end` as `f64` (`x[start:end]`).
    pub fn slice_rows(&self, start: usize, end: usize) -> Matrix {
        assert!(start <= end && end <= self.rows, "slice_rows {start}..{end} of shape {:?}", self.shape());
        self.rows_as_matrix(start..end)
    }

    /// Where the images' nonzero pixels are, found on first use (speed only: see `nonzeros`).
    fn places(&self) -> Option<&NonzeroBytes> {
        self.nonzeros.get_or_init(|| NonzeroBytes::of(&self.pixels, self.cols)).as_ref()
    }

    /// These rows as `f64`, knowing where their zeros are (speed only: see `nonzeros`).
    fn rows_as_matrix(&self, rows: impl ExactSizeIterator<Item = usize> + Clone) -> Matrix {
        let mut data = Vec::with_capacity(rows.len() * self.cols);
        for src in rows.clone() {
            self.convert(&self.pixels[src * self.cols..(src + 1) * self.cols], &mut data);
        }
        Matrix::from_vec(rows.len(), self.cols, data).knowing(self.places().and_then(|n| n.of_rows(rows)))
    }
}

/// The keyword arguments of the notes' `load_mnist(normalize=True, flatten=True,
/// one_hot_label=False)`, with the book's defaults: write
/// `load_mnist(dir, Load { normalize: true, one_hot_label: true, ..Load::default() })` for the
/// notes' `load_mnist(normalize=True, one_hot_label=True)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Load {
    /// Pixels in [0, 1] (`byte / 255`) instead of the raw 0–255.
    pub normalize: bool,
    /// Each image one row of 784; else 28 rows of 28 (a (N·28, 28) matrix: image `i` is rows
    /// `28i..28i+28`), for code that draws digits.
    pub flatten: bool,
    /// Labels one-hot (N, 10); else a column of digits (N, 1).
    pub one_hot_label: bool,
}

impl Default for Load {
    /// The book's defaults: `normalize=True, flatten=True, one_hot_label=False`.
    fn default() -> Load {
        Load { normalize: true, flatten: true, one_hot_label: false }
    }
}

/// Loads MNIST from `dir` like the notes' `load_mnist`: images (60000, 784) and (10000, 784),
/// one image per row, and their labels, shaped as `options` says (see [`Load`]).
pub fn load_mnist(dir: &Path, options: Load) -> Result<Dataset, MnistError> {
    let Load { normalize, flatten, one_hot_label } = options;
    let load = |images: &str, labels: &str| -> Result<(Images, Matrix), MnistError> {
        let images_path = dir.join(images);
        let labels_path = dir.join(labels);
        let pixels = parse_images(&images_path, read(&images_path)?)?;
        let digits = parse_labels(&labels_path, &read(&labels_path)?)?;
        if pixels.len() / IMAGE_SIZE != digits.len() {
            return Err(MnistError::new(
                &images_path,
                ErrorKind::CountMismatch { images: pixels.len() / IMAGE_SIZE, labels: digits.len(), labels_path },
            ));
        }
        Ok((to_images(pixels, normalize, flatten), to_labels(&digits, one_hot_label)))
    };
    Ok((load(TRAIN_IMAGES, TRAIN_LABELS)?, load(TEST_IMAGES, TEST_LABELS)?))
}

/// Larger than any MNIST file (the training images are 47,040,016 bytes).
const MAX_FILE: u64 = 100_000_000;

/// The file's bytes, if it is a regular file of at most [`MAX_FILE`]: a link to `/dev/zero`, or
/// a pipe, would never end, and a huge file would be read whole before its header is checked.
fn read(path: &Path) -> Result<Vec<u8>, MnistError> {
    let metadata = std::fs::metadata(path).map_err(|e| MnistError::new(path, ErrorKind::Io(e)))?;
    if !metadata.is_file() {
        return Err(MnistError::new(path, ErrorKind::NotAFile));
    }
    if metadata.len() > MAX_FILE {
        return Err(MnistError::new(path, ErrorKind::TooLarge { len: metadata.len() }));
    }
    std::fs::read(path).map_err(|e| MnistError::new(path, ErrorKind::Io(e)))
}

/// Pixels as images: (N, 784) when `flatten`, else (N·28, 28); in [0, 1] when `normalize`
/// (dividing by 255 keeps the inputs small, so that x·W with weights of std 0.01 starts near 0).
fn to_images(pixels: Vec<u8>, normalize: bool, flatten: bool) -> Images {
    let n = pixels.len() / IMAGE_SIZE;
    let (rows, cols) = if flatten { (n, IMAGE_SIZE) } else { (n * IMAGE_SIDE, IMAGE_SIDE) };
    Images::new(rows, cols, pixels, normalize)
}

/// Labels as one-hot rows (N, 10) or as a column of digits (N, 1).
fn to_labels(digits: &[u8], one_hot_label: bool) -> Matrix {
    if one_hot_label {
        let mut t = Matrix::zeros(digits.len(), CLASSES);
        for (i, &d) in digits.iter().enumerate() {
            t[(i, d as usize)] = 1.0;
        }
        t
    } else {
        Matrix::from_vec(digits.len(), 1, digits.iter().map(|&d| d as f64).collect())
    }
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Common checks of an IDX file: not gzip, not empty, a whole header, the right magic number.
fn check_header(path: &Path, bytes: &[u8], header: usize, magic: u32, what: &'static str) -> Result<(), MnistError> {
    let fail = |kind| Err(MnistError::new(path, kind));
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return fail(ErrorKind::Gzipped);
    }
    if bytes.is_empty() {
        return fail(ErrorKind::Empty);
    }
    if bytes.len() < header {
        return fail(ErrorKind::ShortHeader { len: bytes.len(), header, what });
    }
    let found = be_u32(bytes, 0);
    if found != magic {
        return fail(ErrorKind::BadMagic { found, expected: magic, what });
    }
    Ok(())
}

/// Parses an IDX image file's bytes (`path` is only for messages) into the pixels of all images,
/// one byte each, image after image, row by row. Checks the magic number, 28×28 and the length.
pub fn parse_images(path: &Path, mut bytes: Vec<u8>) -> Result<Vec<u8>, MnistError> {
    check_header(path, &bytes, IMAGE_HEADER, IMAGE_MAGIC, "image")?;
    let count = be_u32(&bytes, 4) as usize;
    if count == 0 {
        return Err(MnistError::new(path, ErrorKind::NoItems { what: "images" }));
    }
    let (rows, cols) = (be_u32(&bytes, 8) as usize, be_u32(&bytes, 12) as usize);
    if (rows, cols) != (IMAGE_SIDE, IMAGE_SIDE) {
        return Err(MnistError::new(path, ErrorKind::BadDimensions { rows, cols }));
    }
    let expected = IMAGE_HEADER + count * IMAGE_SIZE;
    if bytes.len() != expected {
        return Err(MnistError::new(path, ErrorKind::WrongLength { actual: bytes.len(), expected, count, what: "images" }));
    }
    // The header dropped in place: the 47 MB of pixels are never copied.
    bytes.drain(..IMAGE_HEADER);
    Ok(bytes)
}

/// Parses an IDX label file (`path` is only for messages): one digit 0–9 per image.
pub fn parse_labels(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, MnistError> {
    check_header(path, bytes, LABEL_HEADER, LABEL_MAGIC, "label")?;
    let count = be_u32(bytes, 4) as usize;
    if count == 0 {
        return Err(MnistError::new(path, ErrorKind::NoItems { what: "labels" }));
    }
    let expected = LABEL_HEADER + count;
    if bytes.len() != expected {
        return Err(MnistError::new(path, ErrorKind::WrongLength { actual: bytes.len(), expected, count, what: "labels" }));
    }
    let labels = &bytes[LABEL_HEADER..];
    if let Some(index) = labels.iter().position(|&d| d as usize >= CLASSES) {
        return Err(MnistError::new(path, ErrorKind::BadLabel { index, value: labels[index] }));
    }
    Ok(labels.to_vec())
}

/// Why an MNIST file could not be used; `Display` names the file and what is wrong with it.
#[derive(Debug)]
pub struct MnistError {
    path: PathBuf,
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    Io(std::io::Error),
    NotAFile,
    TooLarge { len: u64 },
    Gzipped,
    Empty,
    NoItems { what: &'static str },
    ShortHeader { len: usize, header: usize, what: &'static str },
    BadMagic { found: u32, expected: u32, what: &'static str },
    BadDimensions { rows: usize, cols: usize },
    WrongLength { actual: usize, expected: usize, count: usize, what: &'static str },
    BadLabel { index: usize, value: u8 },
    CountMismatch { images: usize, labels: usize, labels_path: PathBuf },
}

impl MnistError {
    fn new(path: &Path, kind: ErrorKind) -> MnistError {
        MnistError { path: path.to_path_buf(), kind }
    }

    /// What the user can do about it, for the `hint:` line.
    pub fn hint(&self) -> String {
        match self.kind {
            ErrorKind::Gzipped => format!(
                "it is still compressed: `mv {0} {0}.gz && gunzip {0}.gz`, or let `make data MNIST_DIR=/folder` copy and gunzip the .gz files",
                self.path.display()
            ),
            ErrorKind::Io(ref e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                format!("this program may not read it: check its permissions (ls -l {})", self.path.display())
            }
            _ => "run `make data` to fetch and check the MNIST files (without make: `cargo run --release --bin fetch`), or pass --data DIR".to_string(),
        }
    }
}

impl fmt::Display for MnistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path.display())?;
        match &self.kind {
            ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound => write!(f, "file not found"),
            ErrorKind::Io(e) => write!(f, "cannot read the file ({e})"),
            ErrorKind::NotAFile => write!(f, "is not a regular file (a folder, a device, a pipe or a socket)"),
            ErrorKind::TooLarge { len } => write!(f, "the file is {len} bytes, larger than any MNIST file (at most {MAX_FILE})"),
            ErrorKind::Gzipped => write!(f, "the file is gzip-compressed, not a raw IDX file"),
            ErrorKind::Empty => write!(f, "the file is empty"),
            ErrorKind::NoItems { what } => write!(f, "the file is well-formed but holds no {what}"),
            ErrorKind::ShortHeader { len, header, what } => {
                write!(f, "the file is {len} bytes, too short for the {header}-byte header of an IDX {what} file")
            }
            ErrorKind::BadMagic { found, expected, what } => {
                write!(f, "bad magic number {found} (expected {expected} for an IDX {what} file)")
            }
            ErrorKind::BadDimensions { rows, cols } => {
                write!(f, "images are {rows}x{cols} pixels, expected {IMAGE_SIDE}x{IMAGE_SIDE}")
            }
            ErrorKind::WrongLength { actual, expected, count, what } => {
                write!(f, "the file is {actual} bytes but its header promises {count} {what}, which take {expected} bytes")
            }
            ErrorKind::BadLabel { index, value } => write!(f, "label {index} is {value}, not a digit 0-9"),
            ErrorKind::CountMismatch { images, labels, labels_path } => {
                write!(f, "holds {images} images but {} holds {labels} labels", labels_path.display())
            }
        }
    }
}

impl std::error::Error for MnistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
