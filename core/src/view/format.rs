//! Human-readable durations and ages.

/// A duration in ns, with a unit that keeps it short: `800ns`, `1.25µs`, `850µs`, `12.3ms`,
/// `1.25s`, `2m 5s`. Jaeger's whole µs read as before (`850µs`); OTLP's ns keep their precision.
pub fn duration(ns: i64) -> String {
    const US: u64 = 1_000;
    const MS: u64 = 1_000_000;
    const S: u64 = 1_000_000_000;
    const MIN: u64 = 60 * S;
    const H: u64 = 60 * MIN;
    let sign = if ns < 0 { "-" } else { "" };
    let ns = ns.unsigned_abs();
    // Zero reads as it always has (`0µs`, the ruler's first tick), whatever the source's unit.
    let text = if ns == 0 {
        "0µs".to_owned()
    } else if ns < US {
        format!("{ns}ns")
    } else if ns < MS - 500 {
        // Below what would round to `1000µs`; likewise for ms and s.
        trimmed(ns as f64 / US as f64, "µs")
    } else if ns < S - 500_000 {
        trimmed(ns as f64 / MS as f64, "ms")
    } else if ns < MIN - 50_000_000 {
        trimmed(ns as f64 / S as f64, "s")
    } else if ns < H - S / 2 {
        let s = (ns + S / 2) / S;
        format!("{}m {}s", s / 60, s % 60)
    } else if ns < 24 * H {
        let m = ns / MIN;
        format!("{}h {}m", m / 60, m % 60)
    } else {
        // A span of days is a stuck or mis-timed span; the hours are all that still matter.
        let h = ns / H;
        format!("{}d {}h", h / 24, h % 24)
    };
    format!("{sign}{text}")
}

/// Three significant digits at most, without trailing zeros.
fn trimmed(value: f64, unit: &str) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}{unit}")
}

/// A time after (or, with skewed clocks, before) a trace's start: `+12ms`, `−3ms`.
pub fn offset(ns: i64) -> String {
    let sign = if ns < 0 { "−" } else { "+" };
    format!("{sign}{}", duration(ns.saturating_abs()))
}

/// Reads a duration typed by a user, in ns: `250ms`, `1.5s`, `800us` / `800µs`, `400ns`, `2m`;
/// a bare number is milliseconds. `None` for anything else, negative included.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "" | "ms" => 1e6,
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "s" => 1e9,
        "m" | "min" => 60e9,
        "h" => 3_600e9,
        _ => return None,
    };
    let ns = value * scale;
    (ns.is_finite() && ns <= i64::MAX as f64).then_some(ns.round() as i64)
}

/// A duration in ns as the address spells it (and [`parse_duration`] reads): whole milliseconds
/// when it is, else whole microseconds when it is, else nanoseconds.
pub fn duration_param(ns: i64) -> String {
    if ns % 1_000_000 == 0 {
        format!("{}ms", ns / 1_000_000)
    } else if ns % 1_000 == 0 {
        format!("{}us", ns / 1_000)
    } else {
        format!("{ns}ns")
    }
}

/// How long ago `then_us` was at `now_us`: `just now`, `42 s ago`, `3 min ago`, `5 h ago`, `2 d ago`.
pub fn age(now_us: i64, then_us: i64) -> String {
    let seconds = (now_us - then_us) / 1_000_000;
    match seconds {
        s if s < 5 => "just now".to_owned(),
        s if s < 60 => format!("{s} s ago"),
        s if s < 3_600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3_600),
        s => format!("{} d ago", s / 86_400),
    }
}

/// A count with its noun in the right number: `1 span`, `0 spans`, `3 calls`. Every count a
/// reader sees goes through this, so none reads "1 spans".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", grouped(i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

/// A whole number with thousands separators: `1234567` → `1,234,567`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A ratio for `3.4×`: one decimal below 10, whole from there (`12×`), trailing `.0` dropped.
pub fn ratio(value: f64) -> String {
    if !value.is_finite() {
        return "∞".to_owned();
    }
    let text = if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// A size in bytes, decimal as the network tools count it, three significant digits below
/// 1,000 GB: `812 B`, `12.3 KB`, `68.1 MB`, `1.2 GB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [(f64, &str); 3] = [(1e9, "GB"), (1e6, "MB"), (1e3, "KB")];
    let value = n as f64;
    UNITS
        .iter()
        // From 999.5 up a value rounds to 1,000 of its unit: the next unit up then.
        .find(|(size, _)| value >= size * 0.9995)
        .map_or_else(
            || format!("{n} B"),
            |(size, unit)| trimmed(value / size, &format!(" {unit}")),
        )
}

/// How much of a body has come: `23.4 of 68.1 MB`, `800 KB of 2.5 MB`, or only `2.5 MB` when the
/// total is unknown or exceeded (a compressed answer's announced length counts compressed bytes).
pub fn bytes_of(received: u64, total: Option<u64>) -> String {
    let got = bytes(received);
    let Some(total) = total.filter(|t| *t >= received) else {
        return got;
    };
    let of = bytes(total);
    match (got.rsplit_once(' '), of.rsplit_once(' ')) {
        (Some((n, unit)), Some((_, total_unit))) if unit == total_unit => format!("{n} of {of}"),
        _ => format!("{got} of {of}"),
    }
}

/// Cuts text to at most `max` characters, marking the cut with `…`.
pub fn truncate(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (format!("{}…", &text[..at]), true),
        None => (text.to_owned(), false),
    }
}

/// A long text folded: its first `max` characters then `…`, and how many characters that leaves
/// out; `None` when the text fits.
pub fn fold(text: &str, max: usize) -> Option<(String, usize)> {
    let (preview, cut) = truncate(text, max);
    cut.then(|| (preview, text.chars().count() - max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_decimal_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1 KB");
        assert_eq!(bytes(12_345), "12.3 KB");
        assert_eq!(bytes(999_499), "999 KB");
        assert_eq!(bytes(999_500), "1 MB");
        assert_eq!(bytes(68_123_456), "68.1 MB");
        assert_eq!(bytes(203_000_000), "203 MB");
        assert_eq!(bytes(1_200_000_000), "1.2 GB");
    }

    #[test]
    fn durations_pick_a_short_unit() {
        assert_eq!(duration(0), "0µs");
        assert_eq!(duration(1), "1ns");
        assert_eq!(duration(999_499), "999µs");
        assert_eq!(duration(999_999), "1ms");
        assert_eq!(duration(999_999_999), "1s");
        assert_eq!(duration(59_999_000_000), "1m 0s");
        assert_eq!(duration(800), "800ns");
        assert_eq!(duration(1_250), "1.25µs");
        assert_eq!(duration(850_000), "850µs");
        assert_eq!(duration(1_000_000), "1ms");
        assert_eq!(duration(12_345_000), "12.3ms");
        assert_eq!(duration(390_000_000), "390ms");
        assert_eq!(duration(1_250_000_000), "1.25s");
        assert_eq!(duration(44_000_000_000), "44s");
        assert_eq!(duration(125_000_000_000), "2m 5s");
        assert_eq!(duration(7_380_000_000_000), "2h 3m");
        assert_eq!(duration(90_000_000_000_000), "1d 1h");
        assert_eq!(duration(1_000_000_000_000_000_000), "11574d 1h");
        assert_eq!(duration(-1_500_000), "-1.5ms");
        assert_eq!(duration(i64::MIN), "-106751d 23h");
    }

    #[test]
    fn typed_durations_read_in_ns_and_spell_back() {
        assert_eq!(parse_duration("250ms"), Some(250_000_000));
        assert_eq!(parse_duration("800us"), Some(800_000));
        assert_eq!(parse_duration("1.25µs"), Some(1_250));
        assert_eq!(parse_duration("400ns"), Some(400));
        assert_eq!(parse_duration("2"), Some(2_000_000));
        assert_eq!(parse_duration("-1ms"), None);
        for ns in [250_000_000, 800_000, 400] {
            assert_eq!(parse_duration(&duration_param(ns)), Some(ns));
        }
        assert_eq!(duration_param(1_500_000), "1500us");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(0, "span", "spans"), "0 spans");
        assert_eq!(count(1, "span", "spans"), "1 span");
        assert_eq!(count(2, "match", "matches"), "2 matches");
    }

    #[test]
    fn ages_read_like_speech() {
        let now = 10_000_000_000;
        assert_eq!(age(now, now), "just now");
        assert_eq!(age(now, now - 42_000_000), "42 s ago");
        assert_eq!(age(now, now - 180_000_000), "3 min ago");
        assert_eq!(age(now, now - 5 * 3_600_000_000), "5 h ago");
        assert_eq!(age(now, now - 49 * 3_600_000_000), "2 d ago");
    }

    #[test]
    fn offsets_carry_their_sign() {
        assert_eq!(offset(12_000_000), "+12ms");
        assert_eq!(offset(-3_000_000), "−3ms");
        assert_eq!(offset(0), "+0µs");
    }

    #[test]
    fn ratios_keep_one_decimal_below_ten() {
        assert_eq!(ratio(3.44), "3.4");
        assert_eq!(ratio(2.0), "2");
        assert_eq!(ratio(12.6), "13");
        assert_eq!(ratio(f64::INFINITY), "∞");
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo", 10), ("héllo".to_owned(), false));
        assert_eq!(truncate("héllo", 2), ("hé…".to_owned(), true));
    }
}
