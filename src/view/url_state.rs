//! The view state that lives in the page's query string, so a reload restores it, back/forward
//! step through it, and the address can be shared: the time range, the open trace, the selected
//! span. Other parameters (settings) pass through untouched.

use crate::api::paths::encode;
use crate::model::id::{is_hex_id, parse_trace_id_input};
use crate::view::range::TimeRange;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlState {
    pub range: Option<TimeRange>,
    /// Canonical trace ID of the trace opened by ID.
    pub trace: Option<String>,
    /// Span ID selected in that trace.
    pub span: Option<String>,
}

const KEYS: [&str; 3] = ["range", "trace", "span"];

impl UrlState {
    /// Reads the state; an invalid trace or span ID is ignored, as if absent.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut state = Self::default();
        for (key, value) in pairs {
            match key {
                "range" => state.range = TimeRange::parse(value),
                "trace" => state.trace = parse_trace_id_input(value).ok(),
                "span" => {
                    state.span = Some(value.trim().to_ascii_lowercase()).filter(|s| is_hex_id(s));
                }
                _ => {}
            }
        }
        if state.trace.is_none() {
            state.span = None;
        }
        state
    }

    /// The query string (with its `?`, or empty) for this state, keeping every other parameter
    /// of `current` in place.
    pub fn to_query<'a>(&self, current: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let mut pairs: Vec<(String, String)> = current
            .into_iter()
            .filter(|(k, _)| !KEYS.contains(k))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        if let Some(range) = self.range {
            pairs.push(("range".into(), range.label().into()));
        }
        if let Some(trace) = &self.trace {
            pairs.push(("trace".into(), trace.clone()));
            if let Some(span) = &self.span {
                pairs.push(("span".into(), span.clone()));
            }
        }
        if pairs.is_empty() {
            return String::new();
        }
        let joined: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("?{}", joined.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_keeps_other_parameters() {
        let state = UrlState::from_query([
            ("range", "6h"),
            ("trace", "ABC"),
            ("span", "0000000000000001"),
        ]);
        assert_eq!(state.range, Some(TimeRange::Last6h));
        assert_eq!(state.trace.as_deref(), Some("0000000000000abc"));
        let query = state.to_query([("api", "/x/api"), ("range", "1h"), ("trace", "1")]);
        assert_eq!(
            query,
            "?api=%2Fx%2Fapi&range=6h&trace=0000000000000abc&span=0000000000000001"
        );
        let pairs: Vec<(String, String)> = query[1..]
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), v.replace("%2F", "/"))
            })
            .collect();
        assert_eq!(
            UrlState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            state
        );
    }

    #[test]
    fn invalid_ids_are_dropped_and_a_span_needs_its_trace() {
        let state = UrlState::from_query([("trace", "<script>"), ("span", "1")]);
        assert_eq!(state, UrlState::default());
        let state = UrlState::from_query([("trace", "ab"), ("span", "x\"y")]);
        assert_eq!(state.span, None);
        assert_eq!(UrlState::default().to_query([]), "");
    }
}
