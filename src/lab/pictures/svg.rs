//! Small helpers every picture shares: escaping text for SVG and HTML, guessing how wide a line
//! of text is drawn (to keep labels apart), and writing numbers as a person writes them.

/// `text` with `&`, `<`, `>` and `"` escaped, safe inside SVG or HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// About how wide `text` is in a sans-serif font of `font_size` pixels, erring on the wide
/// side: Hangul and other wide characters take a full em, capitals and `m`/`w` more than the
/// rest.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.3,
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | '(' | ')' | '[' | ']' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.9,
            'A'..='Z' => 0.7,
            c if c.is_ascii() => 0.58,
            '\u{1100}'..='\u{11ff}' | '\u{3000}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' => 1.0,
            _ => 0.7,
        })
        .sum();
    ems * font_size * 1.05
}

/// A number with `significant` significant digits, trailing zeros dropped: `220.00000000000003`
/// is `220`, `0.7365969` is `0.737` (3 digits), `-0.0049671` is `-0.00497`. Whole numbers keep
/// all their digits (`1234.6` is `1235`).
pub fn number(x: f64, significant: i32) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 { "0".to_string() } else { x.to_string() };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (significant - 1 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_a_person_writes_them() {
        assert_eq!(number(220.00000000000003, 3), "220");
        assert_eq!(number(2.2, 3), "2.2");
        assert_eq!(number(3.3000000000000003, 3), "3.3");
        assert_eq!(number(0.7365969, 3), "0.737");
        assert_eq!(number(-0.0049671, 3), "-0.00497");
        assert_eq!(number(1234.6, 3), "1235");
        assert_eq!(number(0.0, 3), "0");
        assert_eq!(number(-0.00000001, 3), "-0.00000001");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape(r#"a<b & "c">"#), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
