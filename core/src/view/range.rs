//! The time windows a user can list traces over.

/// A preset window ending now, or a fixed window the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeRange {
    Last15m,
    Last1h,
    Last6h,
    Last24h,
    Last7d,
    /// From `start_us` to `end_us` (µs since the epoch), `start_us < end_us`.
    Custom {
        start_us: i64,
        end_us: i64,
    },
}

impl TimeRange {
    pub const ALL: [TimeRange; 5] = [
        Self::Last15m,
        Self::Last1h,
        Self::Last6h,
        Self::Last24h,
        Self::Last7d,
    ];

    /// The short label on its button, also its URL spelling.
    pub fn label(self) -> &'static str {
        match self {
            Self::Last15m => "15m",
            Self::Last1h => "1h",
            Self::Last6h => "6h",
            Self::Last24h => "24h",
            Self::Last7d => "7d",
            Self::Custom { .. } => "custom",
        }
    }

    /// A fixed window, if `start < end`.
    pub fn custom(start_us: i64, end_us: i64) -> Option<Self> {
        (start_us < end_us).then_some(Self::Custom { start_us, end_us })
    }

    /// As in "No traces in the last hour".
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Last15m => "the last 15 minutes",
            Self::Last1h => "the last hour",
            Self::Last6h => "the last 6 hours",
            Self::Last24h => "the last 24 hours",
            Self::Last7d => "the last 7 days",
            Self::Custom { .. } => "the chosen window",
        }
    }

    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label.trim())
    }

    pub fn length_us(self) -> i64 {
        const MINUTE: i64 = 60_000_000;
        match self {
            Self::Custom { start_us, end_us } => end_us.saturating_sub(start_us),
            Self::Last15m => 15 * MINUTE,
            Self::Last1h => 60 * MINUTE,
            Self::Last6h => 6 * 60 * MINUTE,
            Self::Last24h => 24 * 60 * MINUTE,
            Self::Last7d => 7 * 24 * 60 * MINUTE,
        }
    }

    /// `(start, end)` in µs for a window ending at `now_us`.
    pub fn window(self, now_us: i64) -> (i64, i64) {
        match self {
            Self::Custom { start_us, end_us } => (start_us, end_us),
            preset => (now_us - preset.length_us(), now_us),
        }
    }
}

/// Seconds until the next auto-refresh after `failures` failed loads in a row: the interval,
/// doubled per failure, at most five minutes (or the interval, if that is longer).
pub fn backoff_secs(every_secs: u32, failures: u32) -> u32 {
    let cap = every_secs.max(300);
    every_secs
        .saturating_mul(1u32.checked_shl(failures.min(16)).unwrap_or(u32::MAX))
        .min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_refreshes_back_off_to_five_minutes() {
        assert_eq!(backoff_secs(30, 0), 30);
        assert_eq!(backoff_secs(30, 1), 60);
        assert_eq!(backoff_secs(30, 3), 240);
        assert_eq!(backoff_secs(30, 4), 300);
        assert_eq!(backoff_secs(1, 2), 4);
        assert_eq!(backoff_secs(600, 5), 600);
        assert_eq!(backoff_secs(30, 1000), 300);
    }

    #[test]
    fn windows_end_now_and_span_the_preset() {
        let now = 1_700_000_000_000_000;
        assert_eq!(TimeRange::Last1h.window(now), (now - 3_600_000_000, now));
        assert_eq!(TimeRange::Last7d.window(now).0, now - 604_800_000_000);
    }

    #[test]
    fn labels_round_trip() {
        for range in TimeRange::ALL {
            assert_eq!(TimeRange::parse(range.label()), Some(range));
        }
        assert_eq!(TimeRange::parse("2h"), None);
        assert_eq!(TimeRange::parse("custom"), None);
    }

    #[test]
    fn a_custom_window_is_fixed_and_ordered() {
        let range = TimeRange::custom(10, 70).unwrap();
        assert_eq!(range.window(1_000_000), (10, 70));
        assert_eq!(range.length_us(), 60);
        assert_eq!(TimeRange::custom(70, 10), None);
        assert_eq!(TimeRange::custom(5, 5), None);
    }
}
