//! Lone UTF-16 surrogate escapes (`"\ud83d"` without its pair, as an emoji cut in half by a
//! length limit leaves it). JSON's grammar allows them, RFC 8259 calls their meaning
//! unpredictable, and serde_json refuses the whole text; JavaScript's, Python's and Go's parsers
//! read them (Go as U+FFFD). Here they are read as U+FFFD too, and each place is told.

/// The replacement character a lone surrogate is read as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// `bytes` with every lone surrogate escape inside a JSON string rewritten as `\ufffd` (the same
/// six bytes long, so offsets hold), and how many there were; `None` when there is none.
pub fn repaired(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut out: Option<Vec<u8>> = None;
    let mut count = 0;
    let (mut at, mut in_string) = (0, false);
    while at < bytes.len() {
        match (in_string, bytes[at]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                let Some(unit) = escaped_unit(bytes, at) else {
                    // Any other escape is two bytes; the parser judges it.
                    at += 2;
                    continue;
                };
                let paired = (0xD800..=0xDBFF).contains(&unit)
                    && escaped_unit(bytes, at + 6)
                        .is_some_and(|low| (0xDC00..=0xDFFF).contains(&low));
                if paired {
                    at += 12;
                    continue;
                }
                if (0xD800..=0xDFFF).contains(&unit) {
                    let out = out.get_or_insert_with(|| bytes.to_vec());
                    out[at + 2..at + 6].copy_from_slice(b"fffd");
                    count += 1;
                }
                at += 6;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    out.map(|out| (out, count))
}

/// Whether the text holds U+FFFD of its own, raw or escaped (`\ufffd` in any case): a field
/// that holds one after a repair then need not be a repaired one.
pub fn holds_replacement(bytes: &[u8]) -> bool {
    const RAW: &[u8] = "\u{FFFD}".as_bytes();
    bytes.windows(RAW.len()).any(|w| w == RAW)
        || bytes
            .windows(6)
            .any(|w| w[..2] == *b"\\u" && w[2..].eq_ignore_ascii_case(b"fffd"))
}

/// The UTF-16 code unit of a `\uXXXX` escape starting at `at`.
fn escaped_unit(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if escape[..2] != *b"\\u" || !escape[2..].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::repaired;

    fn text(bytes: &[u8]) -> Option<(String, usize)> {
        repaired(bytes).map(|(b, n)| (String::from_utf8(b).unwrap(), n))
    }

    #[test]
    fn only_lone_halves_inside_strings_are_replaced() {
        assert_eq!(
            text(br#"{"a":"ok \ud83d\ude00"}"#),
            None,
            "a whole pair stays"
        );
        assert_eq!(
            text(br#"{"a":"cut \ud83d","b":"\ude00 x"}"#),
            Some((r#"{"a":"cut \ufffd","b":"\ufffd x"}"#.to_owned(), 2))
        );
        assert_eq!(
            text(br#"["\ud83d\u0041"]"#),
            Some((r#"["\ufffd\u0041"]"#.to_owned(), 1)),
            "a high half followed by a non-low escape"
        );
        assert_eq!(
            text(br#"["\\ud83d"]"#),
            None,
            "an escaped backslash, then text"
        );
        assert_eq!(
            text(br#"["\"\ud83d"]"#),
            Some((r#"["\"\ufffd"]"#.to_owned(), 1))
        );
        assert_eq!(
            text(br#"["\ud83d"#),
            Some((r#"["\ufffd"#.to_owned(), 1)),
            "cut short"
        );
        assert_eq!(
            text(br#"["\ud8"]"#),
            None,
            "a short escape is the parser's to refuse"
        );
        assert_eq!(text(b"[\"\\"), None);
    }

    #[test]
    fn replacement_characters_of_the_texts_own_are_found_raw_or_escaped() {
        use super::holds_replacement;
        assert!(holds_replacement("[\"a \u{FFFD}\"]".as_bytes()));
        assert!(holds_replacement(br#"["a \uFFFD"]"#));
        assert!(!holds_replacement(br#"["a \ud83d"]"#));
    }
}
