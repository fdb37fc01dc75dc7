//! The URLs of every backend flavour (Jaeger v1, Jaeger api_v3, Acontext), built in one place
//! with their parameters encoded.

use super::summaries::SummaryQuery;

/// `GET {base}/services`
pub fn services(base: &str) -> String {
    format!("{base}/services")
}

/// `GET {base}/traces?service=…&start=µs&end=µs&limit=N[&tags={…}]`
pub fn search(
    base: &str,
    service: &str,
    window: (i64, i64),
    limit: usize,
    tags: Option<&str>,
) -> String {
    format!("{base}/traces{}", v1_query(service, window, limit, tags))
}

/// Jaeger v1's search parameters; `tags` is its filter, a JSON object of tag → value.
fn v1_query(
    service: &str,
    (start_us, end_us): (i64, i64),
    limit: usize,
    tags: Option<&str>,
) -> String {
    let tags = tags
        .map(|t| format!("&tags={}", encode(t)))
        .unwrap_or_default();
    format!(
        "?service={}&start={start_us}&end={end_us}&limit={limit}{tags}",
        encode(service)
    )
}

/// `GET {base}/traces/{id}`; the ID is validated hex by then, and encoded all the same.
pub fn trace(base: &str, trace_id: &str) -> String {
    format!("{base}/traces/{}", encode(trace_id))
}

/// `GET {base}/v3/services` (Jaeger api_v3)
pub fn v3_services(base: &str) -> String {
    format!("{base}/v3/services")
}

/// `GET {base}/v3/traces?query.service_name=…&query.start_time_min=…&…` with RFC 3339 times.
/// Only the snake_case names: servers since 2026 still accept them, older ones know nothing else.
/// The depth goes out under both its names, as Jaeger's api_v3 HTTP gateway ignores names it does
/// not know: up to v2.18 it reads only `query.num_traces` (a search without it is refused with
/// HTTP 500, "search depth must be greater than 0"), v2.19 and later prefer `query.search_depth`
/// (`cmd/query/app/apiv3/http_gateway.go`; from v2.19 `…/apiv3/query_parser.go`).
pub fn v3_search(base: &str, service: &str, start_us: i64, end_us: i64, depth: usize) -> String {
    format!(
        "{base}/v3/traces?query.service_name={}&query.start_time_min={}&query.start_time_max={}&query.search_depth={depth}&query.num_traces={depth}",
        encode(service),
        encode(&rfc3339(start_us)),
        encode(&rfc3339(end_us)),
    )
}

/// `GET {base}/v3/trace-summaries?query.startTimeMin=…&query.startTimeMax=…&query.searchDepth=N`
/// and, where asked, `query.serviceName`, `query.operationName`, `query.durationMin` (a Go
/// duration in ns: `1500000ns`) and `query.attributes` (a JSON object). The canonical names, as
/// Jaeger v2.19 and later read them first (`…/apiv3/query_parser.go`); every server with the
/// endpoint knows them.
pub fn v3_summaries(base: &str, query: &SummaryQuery) -> String {
    let mut url = format!(
        "{base}/v3/trace-summaries?query.startTimeMin={}&query.startTimeMax={}&query.searchDepth={}",
        encode(&rfc3339(query.window.0)),
        encode(&rfc3339(query.window.1)),
        query.depth.max(1),
    );
    let optional = [
        ("serviceName", query.service.clone()),
        ("operationName", query.operation.clone()),
        (
            "durationMin",
            query.min_span_ns.map(|ns| format!("{}ns", ns.max(0))),
        ),
        ("attributes", query.attributes.clone()),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            url.push_str(&format!("&query.{name}={}", encode(&value)));
        }
    }
    url
}

/// `GET {base}/v3/traces/{id}`
pub fn v3_trace(base: &str, trace_id: &str) -> String {
    format!("{base}/v3/traces/{}", encode(trace_id))
}

/// The path of Acontext's admin endpoint under the API base, `{project_id}` filled in per request.
pub const ACONTEXT_PATH: &str = "/admin/v1/project/{project_id}/metrics";

/// Acontext's admin endpoint, which takes Jaeger's v1 search parameters and passes its JSON
/// through: `GET {base}{path}?service=…&start=µs&end=µs&limit=N[&tags=…]`, `path` being a
/// template like [`ACONTEXT_PATH`].
pub fn acontext_search(
    base: &str,
    (path, project): (&str, &str),
    service: &str,
    window: (i64, i64),
    limit: usize,
    tags: Option<&str>,
) -> String {
    format!(
        "{base}{}{}",
        path.replace("{project_id}", &encode(project)),
        v1_query(service, window, limit, tags)
    )
}

/// µs since the epoch as RFC 3339 in UTC with nanoseconds: `2026-11-26T06:07:19.123456000Z`.
pub fn rfc3339(us: i64) -> String {
    let seconds = us.div_euclid(1_000_000);
    let micros = us.rem_euclid(1_000_000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}000Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Percent-encodes all but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_urls_carry_microseconds_and_an_encoded_service() {
        assert_eq!(
            search("/api", "acontext api&x=1", (10, 20), 50, None),
            "/api/traces?service=acontext%20api%26x%3D1&start=10&end=20&limit=50"
        );
        assert_eq!(
            search("/api", "s", (1, 2), 5, Some(r#"{"error":"true"}"#)),
            "/api/traces?service=s&start=1&end=2&limit=5&tags=%7B%22error%22%3A%22true%22%7D"
        );
        assert_eq!(
            services("http://j:16686/api"),
            "http://j:16686/api/services"
        );
        assert_eq!(trace("/api", "00ab"), "/api/traces/00ab");
    }

    #[test]
    fn rfc3339_times_are_utc_with_nanoseconds() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(
            rfc3339(1_795_673_239_123_456),
            "2026-11-26T06:07:19.123456000Z"
        );
        assert_eq!(
            rfc3339(951_782_400_000_001),
            "2000-02-29T00:00:00.000001000Z"
        );
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59.999999000Z");
    }

    #[test]
    fn v3_and_acontext_urls() {
        assert_eq!(
            v3_search("/api", "a b", 0, 1_000_000, 20),
            "/api/v3/traces?query.service_name=a%20b&query.start_time_min=1970-01-01T00%3A00%3A00.000000000Z\
             &query.start_time_max=1970-01-01T00%3A00%3A01.000000000Z&query.search_depth=20\
             &query.num_traces=20"
        );
        assert_eq!(
            acontext_search(
                "https://x/api",
                (ACONTEXT_PATH, "p/1"),
                "acontext-api",
                (1, 2),
                50,
                None
            ),
            "https://x/api/admin/v1/project/p%2F1/metrics?service=acontext-api&start=1&end=2&limit=50"
        );
    }
}
