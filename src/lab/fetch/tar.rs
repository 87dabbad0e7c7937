//! Reading a file out of a tar archive (npm's `.tgz` packages, once gunzipped), for machines
//! without `tar`: 512-byte headers, each followed by its file's bytes.

/// The contents of the regular file `name` in the tar archive `archive`, if it is there.
pub fn file<'a>(archive: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(header) = archive.get(at..at + 512) {
        if header.iter().all(|&b| b == 0) {
            return None; // the end of the archive
        }
        let text = |range: std::ops::Range<usize>| {
            let field = &header[range];
            String::from_utf8_lossy(&field[..field.iter().position(|&b| b == 0).unwrap_or(field.len())]).into_owned()
        };
        let size = usize::from_str_radix(text(124..136).trim(), 8).ok()?;
        // ustar keeps the start of a long path in a prefix field
        let path = match (&header[257..262] == b"ustar", text(345..500)) {
            (true, prefix) if !prefix.is_empty() => format!("{prefix}/{}", text(0..100)),
            _ => text(0..100),
        };
        let regular = header[156] == b'0' || header[156] == 0;
        if regular && path == name {
            return archive.get(at + 512..at + 512 + size);
        }
        at += 512 + size.div_ceil(512) * 512;
    }
    None
}
