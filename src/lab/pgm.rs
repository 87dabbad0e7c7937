//! Reading a learner's own digit: a PGM image (P2 text or P5 binary, the simplest grey-scale
//! format, e.g. `convert digit.png digit.pgm`) made into an MNIST-like 28×28 input.

use crate::mnist::{IMAGE_SIDE, IMAGE_SIZE};
use std::fmt;

/// Images larger than this on either side are refused (a digit needs far fewer pixels).
pub const MAX_SIDE: usize = 4096;

/// A grey-scale image: `pixels[y * width + x]` in [0, 1], 0 = black, 1 = white.
#[derive(Clone, Debug, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f64>,
}

/// Parses a P2 (text) or P5 (binary) PGM file; `#` comments in the header are skipped.
pub fn parse_pgm(bytes: &[u8]) -> Result<Gray, PgmError> {
    let binary = match bytes.get(..2) {
        Some(b"P2") => false,
        Some(b"P5") => true,
        _ => return Err(PgmError::NotPgm),
    };
    let mut at = 2;
    let mut header = [0usize; 3];
    for (field, name) in header.iter_mut().zip(["width", "height", "maxval"]) {
        *field = next_number(bytes, &mut at).ok().flatten().ok_or(PgmError::BadHeader(name))?;
    }
    let [width, height, maxval] = header;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(PgmError::BadSize { width, height });
    }
    if maxval == 0 || maxval > 65535 {
        return Err(PgmError::BadHeader("maxval"));
    }
    let count = width * height;
    let mut samples = Vec::with_capacity(count);
    if binary {
        at += 1; // exactly one whitespace byte separates the header from the data
        let size = if maxval < 256 { 1 } else { 2 };
        let data = bytes.get(at..).unwrap_or(&[]);
        if data.len() < count * size {
            return Err(PgmError::ShortData { expected: count, found: data.len() / size });
        }
        for i in 0..count {
            samples.push(if size == 1 { data[i] as usize } else { u16::from_be_bytes([data[2 * i], data[2 * i + 1]]) as usize });
        }
    } else {
        while samples.len() < count {
            match next_number(bytes, &mut at) {
                Ok(Some(v)) => samples.push(v),
                Ok(None) => return Err(PgmError::ShortData { expected: count, found: samples.len() }),
                Err(word) => return Err(PgmError::NotANumber { index: samples.len(), word, maxval }),
            }
        }
    }
    if let Some((index, &value)) = samples.iter().enumerate().find(|(_, &v)| v > maxval) {
        return Err(PgmError::BadSample { index, value, maxval });
    }
    Ok(Gray { width, height, pixels: samples.iter().map(|&v| v as f64 / maxval as f64).collect() })
}

/// The next word after whitespace and `#` comments, moving `at` past it: `Ok(None)` at the end,
/// `Ok(Some(n))` for a whole number, `Err(word)` for anything else (`-5`, `0.5`, a number too big).
fn next_number(bytes: &[u8], at: &mut usize) -> Result<Option<usize>, String> {
    loop {
        match bytes.get(*at) {
            None => return Ok(None),
            Some(b'#') => {
                while bytes.get(*at).is_some_and(|&b| b != b'\n') {
                    *at += 1;
                }
            }
            Some(b) if b.is_ascii_whitespace() => *at += 1,
            Some(_) => break,
        }
    }
    let start = *at;
    while bytes.get(*at).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'#') {
        *at += 1;
    }
    let word = String::from_utf8_lossy(&bytes[start..*at]).into_owned();
    match word.parse::<usize>() {
        Ok(n) if word.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
        _ => Err(word),
    }
}

/// The image as MNIST would have it: 784 pixels, 0 to 255, row by row, ink bright on black,
/// rounded to whole values as MNIST's bytes are (the network reads them through
/// [`mnist::input_row`](crate::mnist::input_row), as it reads the data set). Returns them and
/// whether the image was inverted. `make predict ARGS="--image …"` and the page's canvas both
/// come through here.
///
/// MNIST's own preparation, followed here: ink is light on a dark background (a dark digit on a
/// light page is inverted first, judged by the border's brightness); the digit's bounding box is
/// scaled to fit 20×20 keeping its proportions, then placed in the 28×28 frame so that its
/// centre of mass is at the centre.
pub fn to_mnist_input(image: &Gray) -> Result<(Vec<f64>, bool), PgmError> {
    let (w, h) = (image.width, image.height);
    let border: Vec<f64> =
        (0..w * h).filter(|i| i % w == 0 || i % w == w - 1 || i / w == 0 || i / w == h - 1).map(|i| image.pixels[i]).collect();
    let background = border.iter().sum::<f64>() / border.len() as f64;
    let inverted = background > 0.5;
    // Ink is what differs from the page: a grey page is no ink at all, however grey.
    let ink: Vec<f64> = image.pixels.iter().map(|&p| if inverted { background - p } else { p - background }.max(0.0)).collect();

    // Bounding box of the ink (pixels above a fifth of the brightest). Blank: no ink that
    // stands out from the page by a tenth of the range.
    let max = ink.iter().copied().fold(0.0, f64::max);
    let lit = |i: usize| ink[i] > 0.2 * max;
    if max < 0.1 || !(0..w * h).any(lit) {
        return Err(PgmError::Blank);
    }
    let (mut x0, mut x1, mut y0, mut y1) = (w, 0, h, 0);
    for i in (0..w * h).filter(|&i| lit(i)) {
        let (x, y) = (i % w, i / w);
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x + 1), y0.min(y), y1.max(y + 1));
    }

    // Scale the box to fit 20×20, each target pixel the mean of a 4×4 grid of samples.
    let (bw, bh) = ((x1 - x0) as f64, (y1 - y0) as f64);
    let scale = 20.0 / bw.max(bh);
    let (tw, th) = (((bw * scale).round() as usize).max(1), ((bh * scale).round() as usize).max(1));
    let mut digit = vec![0.0; tw * th];
    const S: usize = 4;
    for ty in 0..th {
        for tx in 0..tw {
            let mut sum = 0.0;
            for sy in 0..S {
                for sx in 0..S {
                    let x = x0 + (((tx * S + sx) as f64 + 0.5) / (tw * S) as f64 * bw) as usize;
                    let y = y0 + (((ty * S + sy) as f64 + 0.5) / (th * S) as f64 * bh) as usize;
                    sum += ink[y.min(h - 1) * w + x.min(w - 1)];
                }
            }
            digit[ty * tw + tx] = sum / (S * S) as f64 / max;
        }
    }

    // Centre of mass to the middle of the 28×28 frame.
    let total: f64 = digit.iter().sum();
    let cx = (0..tw * th).map(|i| (i % tw) as f64 * digit[i]).sum::<f64>() / total;
    let cy = (0..tw * th).map(|i| (i / tw) as f64 * digit[i]).sum::<f64>() / total;
    let (ox, oy) = ((13.5 - cx).round() as isize, (13.5 - cy).round() as isize);
    let mut out = vec![0.0; IMAGE_SIZE];
    for (i, &ink) in digit.iter().enumerate() {
        let (x, y) = ((i % tw) as isize + ox, (i / tw) as isize + oy);
        if (0..IMAGE_SIDE as isize).contains(&x) && (0..IMAGE_SIDE as isize).contains(&y) {
            out[y as usize * IMAGE_SIDE + x as usize] = (ink * 255.0).round();
        }
    }
    // Marks too thin or too far apart vanish in the 20×20 box (two dots in the corners of a
    // large page): less ink than three full pixels is no digit for the network either.
    if out.iter().sum::<f64>() < 3.0 * 255.0 {
        return Err(PgmError::FadedAway);
    }
    Ok((out, inverted))
}

/// Why a PGM file could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum PgmError {
    /// The file does not start with `P2` or `P5`.
    NotPgm,
    /// The header's width, height or maxval is missing or not a number in range.
    BadHeader(&'static str),
    BadSize {
        width: usize,
        height: usize,
    },
    ShortData {
        expected: usize,
        found: usize,
    },
    BadSample {
        index: usize,
        value: usize,
        maxval: usize,
    },
    /// A pixel of a P2 file that is not a whole number (`-5`, `0.5`, `abc`, or too big).
    NotANumber {
        index: usize,
        word: String,
        maxval: usize,
    },
    /// No ink at all.
    Blank,
    /// Ink, but so little of it left once scaled to 20×20 that the network's input is empty.
    FadedAway,
}

impl fmt::Display for PgmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PgmError::NotPgm => write!(f, "not a PGM image (it does not start with P2 or P5)"),
            PgmError::BadHeader(field) => write!(f, "the PGM header has no valid {field}"),
            PgmError::BadSize { width, height } => {
                write!(f, "the image is {width}x{height} pixels; sides from 1 to {MAX_SIDE} are accepted")
            }
            PgmError::ShortData { expected, found } => write!(f, "the image should have {expected} pixels but has {found}"),
            PgmError::BadSample { index, value, maxval } => write!(f, "pixel {index} is {value}, above the maxval {maxval}"),
            PgmError::NotANumber { index, word, maxval } => {
                write!(f, "pixel {index} is {word:?}, not a whole number from 0 to {maxval}")
            }
            PgmError::Blank => write!(f, "the image is blank: no digit to read"),
            PgmError::FadedAway => {
                write!(f, "the image is blank once scaled to 28×28: its marks are too small or too far apart to make a digit")
            }
        }
    }
}

impl std::error::Error for PgmError {}
