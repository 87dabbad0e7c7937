//! Reading a file the user names (a model, a PGM image): only a regular file, after following
//! links (not a device such as `/dev/zero`, not a pipe, which would never end or never answer),
//! and never more than such a file can hold, decided from its size before it is read.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The bytes of `path` if it is a regular file of at most `max_len` bytes; otherwise an error
/// whose message says which (`is not a regular file …`, `is N bytes, more than …`).
pub fn read_regular(path: &Path, max_len: u64, what: &str) -> Result<Vec<u8>, Error> {
    let len = regular(path, what)?;
    if len > max_len {
        return Err(Error::new(ErrorKind::InvalidInput, format!("is {len} bytes, more than {what} can be (at most {max_len})")));
    }
    read_start(path, max_len, what)
}

/// The first `n` bytes of the regular file `path` (all of it, if it is shorter).
pub fn read_start(path: &Path, n: u64, what: &str) -> Result<Vec<u8>, Error> {
    let len = regular(path, what)?;
    let mut bytes = Vec::with_capacity(len.min(n) as usize);
    // Never more than `n`, even if the file grows while it is read.
    std::fs::File::open(path)?.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The length of `path` if it is a regular file.
fn regular(path: &Path, what: &str) -> Result<u64, Error> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(Error::new(ErrorKind::InvalidInput, format!("is a folder, not {what}")));
    }
    if !metadata.is_file() {
        let message = format!("is not a regular file (a device, a pipe or a socket), so not {what}");
        return Err(Error::new(ErrorKind::InvalidInput, message));
    }
    Ok(metadata.len())
}
