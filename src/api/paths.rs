//! The URLs of Jaeger's query API (v1), built in one place with their parameters encoded.

/// `GET {base}/services`
pub fn services(base: &str) -> String {
    format!("{base}/services")
}

/// `GET {base}/traces?service=…&start=µs&end=µs&limit=N`
pub fn search(base: &str, service: &str, start_us: i64, end_us: i64, limit: usize) -> String {
    format!(
        "{base}/traces?service={}&start={start_us}&end={end_us}&limit={limit}",
        encode(service)
    )
}

/// `GET {base}/traces/{id}`; the ID is validated hex by then, and encoded all the same.
pub fn trace(base: &str, trace_id: &str) -> String {
    format!("{base}/traces/{}", encode(trace_id))
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
            search("/api", "acontext api&x=1", 10, 20, 50),
            "/api/traces?service=acontext%20api%26x%3D1&start=10&end=20&limit=50"
        );
        assert_eq!(
            services("http://j:16686/api"),
            "http://j:16686/api/services"
        );
        assert_eq!(trace("/api", "00ab"), "/api/traces/00ab");
    }
}
