//! Just enough JSON, std only (the page's API, `train --events`, `steps`, rustc's messages to
//! the checker): a reader that says what it expected and where (`expected ',' or '}' at byte
//! 14`), and a writer for objects of numbers, strings and lists.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

/// How deeply arrays and objects may nest (a request never needs more than 2).
const MAX_DEPTH: usize = 16;

/// Parses `text` as one JSON value (with nothing but whitespace after it).
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser { bytes: text.as_bytes(), at: 0 };
    let value = p.value(0)?;
    p.skip_whitespace();
    if p.at != p.bytes.len() {
        return Err(format!("unexpected {} after the JSON value at byte {}", p.describe(), p.at));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| b" \t\r\n".contains(b)) {
            self.at += 1;
        }
    }

    /// The next character, for messages.
    fn describe(&self) -> String {
        match self.bytes.get(self.at) {
            None => "end of input".to_string(),
            Some(&b) if b.is_ascii_graphic() => format!("'{}'", b as char),
            Some(&b) => format!("byte 0x{b:02x}"),
        }
    }

    fn expected(&self, what: &str) -> String {
        format!("expected {what} at byte {} but found {}", self.at, self.describe())
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(format!("JSON nested more than {MAX_DEPTH} deep at byte {}", self.at));
        }
        self.skip_whitespace();
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.expected("a value")),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.expected(word))
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|b| b"+-.eE0123456789".contains(b)) {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).expect("ASCII");
        // JSON's grammar, stricter than Rust's parse: no leading '+', no leading zeros, digits
        // on both sides of the point.
        let valid = {
            let unsigned = text.strip_prefix('-').unwrap_or(text);
            let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
                Some(e) => (&unsigned[..e], Some(&unsigned[e + 1..])),
                None => (unsigned, None),
            };
            let (int, frac) = match mantissa.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (mantissa, None),
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            digits(int)
                && (int == "0" || !int.starts_with('0'))
                && frac.is_none_or(digits)
                && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
        };
        let shown = match text.char_indices().nth(24) {
            Some((cut, _)) => format!("{:?}", format!("{}…", &text[..cut])),
            None => format!("{text:?}"),
        };
        match text.parse::<f64>() {
            Ok(v) if valid && v.is_finite() => Ok(Json::Number(v)),
            Ok(_) if valid => Err(format!("{shown} at byte {start} is too large a number (beyond ±1.8e308)")),
            _ => Err(format!("{shown} at byte {start} is not a JSON number")),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.bytes[start..self.at])
                    .map_err(|_| format!("invalid UTF-8 in a string at byte {start}"))?,
            );
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = *self.bytes.get(self.at + 1).ok_or_else(|| self.expected("an escape"))?;
                    self.at += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex = self.bytes.get(self.at..self.at + 4).and_then(|h| std::str::from_utf8(h).ok());
                            let code =
                                hex.and_then(|h| u32::from_str_radix(h, 16).ok()).ok_or_else(|| self.expected("4 hex digits"))?;
                            self.at += 4;
                            out.push(self.surrogate_pair(code).unwrap_or_else(|| char::from_u32(code).unwrap_or('\u{fffd}')));
                        }
                        _ => return Err(format!("unknown escape '\\{}' at byte {}", escape as char, self.at - 2)),
                    }
                }
                None => return Err(self.expected("'\"' to end the string")),
                Some(_) => return Err(format!("a control character inside a string at byte {}", self.at)),
            }
        }
    }

    /// A character beyond U+FFFF is written in JSON as two escapes, a high and a low surrogate
    /// (`\ud83d\ude00` is 😀): when `high` is one and a low one follows, the character they make
    /// (and the second escape is used up). A surrogate on its own stays U+FFFD.
    fn surrogate_pair(&mut self, high: u32) -> Option<char> {
        if !(0xd800..0xdc00).contains(&high) || self.bytes.get(self.at..self.at + 2) != Some(&b"\\u"[..]) {
            return None;
        }
        let hex = std::str::from_utf8(self.bytes.get(self.at + 2..self.at + 6)?).ok()?;
        let low = u32::from_str_radix(hex, 16).ok().filter(|low| (0xdc00..0xe000).contains(low))?;
        self.at += 6;
        char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
    }

    fn array(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.expected("',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1;
        let mut map = BTreeMap::new();
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Json::Object(map));
        }
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.expected("a key in quotes"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.expected("':'"));
            }
            self.at += 1;
            let value = self.value(depth + 1)?;
            if map.insert(key.clone(), value).is_some() {
                return Err(format!("the key {key:?} is given twice"));
            }
            self.skip_whitespace();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(map));
                }
                _ => return Err(self.expected("',' or '}'")),
            }
        }
    }
}

/// Writing JSON: an object built key by key, `Out::new().num("loss", 2.3).list("dx", &dx).done()`.
#[derive(Default)]
pub struct Out {
    text: String,
}

impl Out {
    pub fn new() -> Out {
        Out { text: String::from("{") }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        let _ = write!(self.text, "{}:", string(key));
        &mut self.text
    }

    /// A number (non-finite numbers, which JSON cannot hold, are written as null).
    pub fn num(mut self, key: &str, value: f64) -> Out {
        let text = number(value);
        self.key(key).push_str(&text);
        self
    }

    pub fn int(mut self, key: &str, value: usize) -> Out {
        let _ = write!(self.key(key), "{value}");
        self
    }

    pub fn bool(mut self, key: &str, value: bool) -> Out {
        let _ = write!(self.key(key), "{value}");
        self
    }

    pub fn str(mut self, key: &str, value: &str) -> Out {
        let text = string(value);
        self.key(key).push_str(&text);
        self
    }

    /// A list of numbers.
    pub fn list(mut self, key: &str, values: &[f64]) -> Out {
        let text = list(values.iter().map(|&v| number(v)));
        self.key(key).push_str(&text);
        self
    }

    /// A list of whole numbers.
    pub fn ints(mut self, key: &str, values: &[usize]) -> Out {
        let text = list(values.iter().map(|v| v.to_string()));
        self.key(key).push_str(&text);
        self
    }

    /// Any JSON already written (an inner object or a list of them).
    pub fn raw(mut self, key: &str, json: &str) -> Out {
        self.key(key).push_str(json);
        self
    }

    pub fn done(mut self) -> String {
        self.text.push('}');
        self.text
    }
}

/// A JSON number: the shortest decimal that reads back as `value`; null if it is not finite.
pub fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "null".to_string()
    }
}

/// `[a,b,c]` from items already written as JSON.
pub fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

/// A JSON string, quoted and escaped.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_api_sends() {
        let v = parse(r#" {"pixels": [0, 255, 12.5], "label": 3, "name": "a\"b\u0041", "ok": true, "x": null} "#).unwrap();
        let Json::Object(map) = v else { panic!() };
        assert_eq!(map["pixels"], Json::Array(vec![Json::Number(0.0), Json::Number(255.0), Json::Number(12.5)]));
        assert_eq!(map["label"], Json::Number(3.0));
        assert_eq!(map["name"], Json::String("a\"bA".into()));
        assert_eq!(map["ok"], Json::Bool(true));
        assert_eq!(map["x"], Json::Null);
    }

    #[test]
    fn says_what_it_expected_and_where() {
        assert_eq!(parse(r#"{"a": 1"#).unwrap_err(), "expected ',' or '}' at byte 7 but found end of input");
        assert_eq!(parse(r#"{"a" 1}"#).unwrap_err(), "expected ':' at byte 5 but found '1'");
        assert_eq!(parse("[1, 2,]").unwrap_err(), "expected a value at byte 6 but found ']'");
        assert_eq!(parse("01").unwrap_err(), "\"01\" at byte 0 is not a JSON number");
        assert_eq!(parse("1e400").unwrap_err(), "\"1e400\" at byte 0 is too large a number (beyond ±1.8e308)");
        assert_eq!(parse("-1e999").unwrap_err(), "\"-1e999\" at byte 0 is too large a number (beyond ±1.8e308)");
        // A 60 KB number is not echoed back whole.
        let ones = "1".repeat(60_000);
        assert_eq!(
            parse(&format!("[{ones}]")).unwrap_err(),
            "\"111111111111111111111111…\" at byte 1 is too large a number (beyond ±1.8e308)"
        );
        assert_eq!(parse(&format!("[{ones}.]")).unwrap_err(), "\"111111111111111111111111…\" at byte 1 is not a JSON number");
        assert_eq!(parse("[1] x").unwrap_err(), "unexpected 'x' after the JSON value at byte 4");
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap_err(), "the key \"a\" is given twice");
        assert!(parse(&"[".repeat(100)).unwrap_err().contains("nested more than 16 deep"));
        assert_eq!(parse("").unwrap_err(), "expected a value at byte 0 but found end of input");
    }

    #[test]
    fn joins_surrogate_pairs_and_keeps_lone_ones_visible() {
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), Json::String("😀".into()));
        assert_eq!(parse(r#""a\u00e9\uAC00""#).unwrap(), Json::String("aé가".into()));
        assert_eq!(parse(r#""\ud83d x""#).unwrap(), Json::String("\u{fffd} x".into()));
        assert_eq!(parse(r#""\ude00\ud83d""#).unwrap(), Json::String("\u{fffd}\u{fffd}".into()));
        assert_eq!(parse(r#""\ud83d\u0041""#).unwrap(), Json::String("\u{fffd}A".into()));
    }

    #[test]
    fn writes_objects() {
        let text = Out::new().num("loss", 0.5).list("p", &[1.0, f64::NAN]).str("s", "a\"\n").int("n", 3).done();
        assert_eq!(text, r#"{"loss":0.5,"p":[1,null],"s":"a\"\n","n":3}"#);
        assert!(parse(&text).is_ok());
    }
}
