//! The view state that lives in the page's query string, so a reload restores it, back/forward
//! step through it, and the address can be shared: the time range, the open trace, the selected
//! span, the service listed, the search inside the open trace, that trace's flame graph. Other parameters (settings) pass
//! through untouched. A custom window is `start`/`end` in µs since the epoch, as Jaeger UI writes.

use crate::backend::paths::encode;
use crate::model::id::parse_trace_id_input;
use crate::model::semconv::SpanKind;
use crate::model::trace::is_span_key;
use crate::view::compare::ComparePair;
use crate::view::format::parse_duration;
use crate::view::list_filter::{LIST_KEYS, ListFilter, ListSort};
use crate::view::range::TimeRange;
use crate::view::search::TraceFind;
use crate::view::trace_view::FlameLayout;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlState {
    pub range: Option<TimeRange>,
    /// Canonical trace ID of the trace opened by ID.
    pub trace: Option<String>,
    /// The selected span in that trace, by its key (the span ID, `~N` where IDs repeat).
    pub span: Option<String>,
    /// The one service listed, instead of all configured.
    pub service: Option<String>,
    /// The search and filters inside the open trace.
    pub find: Option<TraceFind>,
    /// The open trace shown as its flame graph, in this layout (`view=flame`, `view=flame-merged`).
    pub flame: Option<FlameLayout>,
    /// The list's filters (its service is `service`).
    pub list: ListFilter,
    pub sort: ListSort,
    /// Two traces (or one and its typical) compared (`compare=A,B`, `compare=A,typical`).
    pub compare: Option<ComparePair>,
}

const KEYS: [&str; 13] = [
    "compare",
    "view",
    "range",
    "start",
    "end",
    "trace",
    "span",
    "service",
    "find",
    "find_service",
    "find_errors",
    "find_min",
    "find_kind",
];

/// What the viewer shows, as [`UrlState::of_view`] reads it for the address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewShown {
    pub range: Option<TimeRange>,
    /// The selected span, as (trace ID, span key).
    pub selected: Option<(String, String)>,
    /// The search inside a trace, as (trace ID, search).
    pub find: Option<(String, TraceFind)>,
    /// A trace shown as its flame graph, as (trace ID, layout).
    pub flame: Option<(String, FlameLayout)>,
    /// The trace opened by ID (loading or shown).
    pub opened: Option<String>,
    pub service: Option<String>,
    pub list: ListFilter,
    pub sort: ListSort,
    pub compare: Option<ComparePair>,
}

impl UrlState {
    /// The address of a view. One trace goes in it: the one with the selected span, else the
    /// one searched in, else the one shown as its flame graph, else the one opened by ID; the
    /// span, the search and the flame graph only with it.
    pub fn of_view(shown: ViewShown) -> Self {
        let ViewShown {
            range,
            selected,
            find,
            flame,
            opened,
            service,
            list,
            sort,
            compare,
        } = shown;
        let trace = (selected.as_ref().map(|(t, _)| t.clone()))
            .or_else(|| find.as_ref().map(|(t, _)| t.clone()))
            .or_else(|| flame.as_ref().map(|(t, _)| t.clone()))
            .or(opened);
        Self {
            range,
            span: selected
                .filter(|(t, _)| Some(t) == trace.as_ref())
                .map(|(_, s)| s),
            find: find
                .filter(|(t, _)| Some(t) == trace.as_ref())
                .map(|(_, f)| f),
            flame: flame
                .filter(|(t, _)| Some(t) == trace.as_ref())
                .map(|(_, l)| l),
            trace,
            service,
            list,
            sort,
            compare,
        }
    }

    /// Whether going from `previous` to this state replaces the history entry instead of adding
    /// one: the first state does, and so does a change of the search alone (typing a search is
    /// not a step back/forward should take letter by letter).
    pub fn replaces(&self, previous: Option<&UrlState>) -> bool {
        previous.is_none_or(|p| {
            UrlState {
                find: self.find.clone(),
                ..p.clone()
            } == *self
        })
    }

    /// Reads the state; an invalid trace or span ID is ignored, as if absent.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut state = Self::default();
        let (mut start, mut end) = (None, None);
        let mut find = TraceFind::default();
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        state.list = ListFilter::from_pairs(pairs.iter().copied());
        for (key, value) in pairs {
            match key {
                "range" => state.range = TimeRange::parse(value).or(state.range),
                "start" => start = value.trim().parse::<i64>().ok(),
                "end" => end = value.trim().parse::<i64>().ok(),
                "service" => {
                    state.service = Some(value.trim().to_owned()).filter(|s| !s.is_empty())
                }
                "find" => find.text = value.to_owned(),
                "find_service" => {
                    find.filters.service = Some(value.trim().to_owned()).filter(|s| !s.is_empty());
                }
                "find_errors" => find.filters.errors_only = value == "1",
                "find_min" => find.filters.min_duration_ns = parse_duration(value),
                "find_kind" => find.filters.kind = SpanKind::parse(value),
                "view" => {
                    state.flame = match value.trim() {
                        "flame" => Some(FlameLayout::ByTime),
                        "flame-merged" => Some(FlameLayout::Merged),
                        _ => None,
                    }
                }
                "sort" => state.sort = ListSort::parse(value).unwrap_or_default(),
                "compare" => state.compare = ComparePair::parse(value),
                "trace" => state.trace = parse_trace_id_input(value).ok(),
                "span" => {
                    state.span = Some(value.trim().to_ascii_lowercase()).filter(|s| is_span_key(s));
                }
                _ => {}
            }
        }
        if let Some(custom) = start.zip(end).and_then(|(s, e)| TimeRange::custom(s, e)) {
            state.range = Some(custom);
        }
        if state.trace.is_none() {
            state.span = None;
            state.flame = None;
        } else if find.is_active() {
            state.find = Some(find);
        }
        state
    }

    /// The query string (with its `?`, or empty) for this state, keeping every other parameter
    /// of `current` in place.
    pub fn to_query<'a>(&self, current: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let mut pairs: Vec<(String, String)> = current
            .into_iter()
            .filter(|(k, _)| !KEYS.contains(k) && !LIST_KEYS.contains(k))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        match self.range {
            Some(TimeRange::Custom { start_us, end_us }) => {
                pairs.push(("start".into(), start_us.to_string()));
                pairs.push(("end".into(), end_us.to_string()));
            }
            Some(range) => pairs.push(("range".into(), range.label().into())),
            None => {}
        }
        if let Some(service) = &self.service {
            pairs.push(("service".into(), service.clone()));
        }
        pairs.extend(
            self.list
                .to_pairs()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v)),
        );
        if self.sort != ListSort::default() {
            pairs.push(("sort".into(), self.sort.key().into()));
        }
        if let Some(compare) = &self.compare {
            pairs.push(("compare".into(), compare.to_param()));
        }
        if let Some(trace) = &self.trace {
            pairs.push(("trace".into(), trace.clone()));
            if let Some(span) = &self.span {
                pairs.push(("span".into(), span.clone()));
            }
            match self.flame {
                Some(FlameLayout::ByTime) => pairs.push(("view".into(), "flame".into())),
                Some(FlameLayout::Merged) => pairs.push(("view".into(), "flame-merged".into())),
                None => {}
            }
            if let Some(find) = self.find.as_ref().filter(|f| f.is_active()) {
                let filters = &find.filters;
                let mut push = |key: &str, value: String| pairs.push((key.into(), value));
                if !find.text.trim().is_empty() {
                    push("find", find.text.clone());
                }
                if let Some(service) = &filters.service {
                    push("find_service", service.clone());
                }
                if filters.errors_only {
                    push("find_errors", "1".into());
                }
                if let Some(min) = filters.min_duration_ns {
                    push("find_min", crate::view::format::duration_param(min));
                }
                if let Some(kind) = filters.kind {
                    push("find_kind", kind.as_str().into());
                }
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
    fn a_comparison_goes_in_the_address_and_comes_back() {
        use crate::view::compare::{ComparePair, CompareWith};
        let pair = ComparePair {
            a: "0000000000000abc".into(),
            b: CompareWith::Trace("0000000000000def".into()),
        };
        let state = UrlState::of_view(ViewShown {
            compare: Some(pair.clone()),
            ..ViewShown::default()
        });
        let query = state.to_query([]);
        assert_eq!(query, "?compare=0000000000000abc%2C0000000000000def");
        assert_eq!(
            UrlState::from_query([("compare", "ABC,def")]).compare,
            Some(pair)
        );
        assert_eq!(
            UrlState::from_query([("compare", "abc,typical")]).compare,
            Some(ComparePair {
                a: "0000000000000abc".into(),
                b: CompareWith::Typical
            })
        );
        // One ID, a bad one, or a trace against itself: no comparison.
        for bad in ["abc", "abc,xyz!", "abc,ABC", ""] {
            assert_eq!(
                UrlState::from_query([("compare", bad)]).compare,
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn a_trace_shown_as_its_flame_graph_goes_in_the_address() {
        let shown = ViewShown {
            flame: Some(("0000000000000abc".into(), FlameLayout::Merged)),
            ..ViewShown::default()
        };
        let state = UrlState::of_view(shown);
        assert_eq!(state.trace.as_deref(), Some("0000000000000abc"));
        let query = state.to_query([]);
        assert_eq!(query, "?trace=0000000000000abc&view=flame-merged");
        let back = UrlState::from_query([("trace", "abc"), ("view", "flame-merged")]);
        assert_eq!(back, state);
        assert_eq!(
            UrlState::from_query([("trace", "abc"), ("view", "flame")]).flame,
            Some(FlameLayout::ByTime)
        );
        // Without a trace, or with a view it does not know, there is none.
        assert_eq!(UrlState::from_query([("view", "flame")]).flame, None);
        assert_eq!(
            UrlState::from_query([("trace", "abc"), ("view", "pie")]).flame,
            None
        );
    }

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
    fn one_trace_goes_in_the_address_with_its_span_and_search() {
        let find = |text: &str| TraceFind {
            text: text.into(),
            ..TraceFind::default()
        };
        let state = UrlState::of_view(ViewShown {
            selected: Some(("t1".into(), "s1".into())),
            find: Some(("t2".into(), find("db"))),
            opened: Some("t3".into()),
            ..ViewShown::default()
        });
        assert_eq!(
            (state.trace.as_deref(), state.span.as_deref()),
            (Some("t1"), Some("s1"))
        );
        assert_eq!(state.find, None, "the search is in another trace");
        let state = UrlState::of_view(ViewShown {
            find: Some(("t2".into(), find("db"))),
            opened: Some("t3".into()),
            ..ViewShown::default()
        });
        assert_eq!(state.trace.as_deref(), Some("t2"));
        assert_eq!(state.find, Some(find("db")));
        let opened = UrlState::of_view(ViewShown {
            opened: Some("t3".into()),
            ..ViewShown::default()
        });
        assert_eq!(opened.trace.as_deref(), Some("t3"));
        // The first state and a search typed replace the entry; anything else adds one.
        assert!(opened.replaces(None));
        let typed = UrlState {
            find: Some(find("d")),
            ..opened.clone()
        };
        assert!(typed.replaces(Some(&opened)));
        let other = UrlState {
            service: Some("core".into()),
            ..opened.clone()
        };
        assert!(!other.replaces(Some(&opened)));
    }

    #[test]
    fn invalid_ids_are_dropped_and_a_span_needs_its_trace() {
        let state = UrlState::from_query([("trace", "<script>"), ("span", "1")]);
        assert_eq!(state, UrlState::default());
        let state = UrlState::from_query([("trace", "ab"), ("span", "x\"y")]);
        assert_eq!(state.span, None);
        // A repeated span ID carries its occurrence; anything else after `~` is refused.
        for (span, kept) in [
            ("a2~2", true),
            ("a2~1", false),
            ("a2~", false),
            ("a2~x", false),
        ] {
            let state = UrlState::from_query([("trace", "ab"), ("span", span)]);
            assert_eq!(state.span.is_some(), kept, "{span}");
        }
        assert_eq!(UrlState::default().to_query([]), "");
    }

    #[test]
    fn custom_windows_service_and_search_round_trip() {
        let state = UrlState::from_query([
            ("start", "1700000000000000"),
            ("end", "1700000600000000"),
            ("service", "acontext-core"),
            ("trace", "ab"),
            ("find", "status=500"),
            ("find_errors", "1"),
            ("find_min", "1.5ms"),
            ("find_kind", "client"),
            ("find_service", "db"),
        ]);
        assert_eq!(
            state.range,
            TimeRange::custom(1_700_000_000_000_000, 1_700_000_600_000_000)
        );
        let query = state.to_query([("range", "1h")]);
        assert_eq!(
            query,
            "?start=1700000000000000&end=1700000600000000&service=acontext-core\
             &trace=00000000000000ab&find=status%3D500&find_service=db&find_errors=1\
             &find_min=1500us&find_kind=client"
        );
        let find = state.find.as_ref().unwrap();
        assert_eq!(find.filters.min_duration_ns, Some(1_500_000));
        // Filters without a trace to search in are dropped.
        let state = UrlState::from_query([("find", "x"), ("find_errors", "1")]);
        assert_eq!(state.find, None);
        // A window that ends before it starts is not one; the preset stands.
        let state = UrlState::from_query([("range", "6h"), ("start", "9"), ("end", "3")]);
        assert_eq!(state.range, Some(TimeRange::Last6h));
    }
}
