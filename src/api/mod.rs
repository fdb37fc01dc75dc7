//! Fetching from the backend, in whichever flavour it speaks (Jaeger v1, Jaeger api_v3, Acontext):
//! every request has a timeout and can be aborted, and every failure becomes a message that says
//! which URL failed and how.

pub mod paths;

use std::fmt;

use futures::FutureExt;
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use web_sys::AbortSignal;

use crate::config::{ACONTEXT_SERVICES, Flavour};
use crate::model::TraceRecord;
use crate::wire::{self, ParseError};

/// Why a request brought no usable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// No HTTP answer at all: connection refused, DNS, CORS, offline.
    Unreachable {
        url: String,
    },
    Timeout {
        url: String,
        secs: u32,
    },
    /// A proxy in front of Jaeger answered for it: 502–504, or a 5xx without a body.
    Gateway {
        url: String,
        status: u16,
    },
    /// An HTTP error status, with Jaeger's message when the body carried one.
    Http {
        url: String,
        status: u16,
        message: String,
    },
    /// An answer that is not what Jaeger sends.
    Malformed {
        url: String,
        problem: String,
    },
    /// Superseded by a newer request; never shown.
    Aborted,
    /// The backend's flavour cannot do this.
    Unsupported(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { url } => write!(
                f,
                "Could not reach {url}: the request failed before any answer came back."
            ),
            Self::Timeout { url, secs } => write!(f, "{url} did not answer within {secs} s."),
            Self::Gateway { url, status } => write!(
                f,
                "{url} answered HTTP {status} ({}): the proxy in front of Jaeger could not reach it.",
                status_reason(*status)
            ),
            Self::Http {
                url,
                status,
                message,
            } => write!(f, "{url} answered HTTP {status}: {message}"),
            Self::Malformed { url, problem } => write!(f, "{url} answered with {problem}."),
            Self::Aborted => write!(f, "The request was replaced by a newer one."),
            Self::Unsupported(what) => f.write_str(what),
        }
    }
}

type ServicesParser = fn(&[u8]) -> Result<Vec<String>, ParseError>;

/// The backend at a base URL, in one flavour.
#[derive(Debug, Clone)]
pub struct Backend {
    pub base: String,
    pub timeout_secs: u32,
    pub flavour: Flavour,
    /// Jaeger's tag filter (a JSON object), for v1 and the Acontext endpoint.
    pub tags: Option<String>,
    /// Extra request headers from the owner's config (a host that authenticates).
    pub headers: Vec<(String, String)>,
}

impl Backend {
    /// The services that can be listed.
    pub async fn services(&self, abort: &AbortSignal) -> Result<Vec<String>, FetchError> {
        let (url, parse): (String, ServicesParser) = match &self.flavour {
            Flavour::JaegerV1 => (paths::services(&self.base), wire::jaeger::parse_services),
            Flavour::JaegerV3 => (paths::v3_services(&self.base), wire::otlp::parse_services),
            Flavour::Acontext { .. } => {
                return Ok(ACONTEXT_SERVICES.map(str::to_owned).to_vec());
            }
        };
        let (status, body) = self.get(&url, abort).await?;
        check_status(&url, status, &body)?;
        parse(&body).map_err(|e| malformed(&url, &e, &body))
    }

    /// The traces of one service that started in `window` (µs), at most `limit` of them.
    pub async fn search(
        &self,
        service: &str,
        window: (i64, i64),
        limit: usize,
        abort: &AbortSignal,
    ) -> Result<Vec<TraceRecord>, FetchError> {
        let url = match &self.flavour {
            Flavour::JaegerV1 => {
                paths::search(&self.base, service, window, limit, self.tags.as_deref())
            }
            Flavour::JaegerV3 => paths::v3_search(&self.base, service, window.0, window.1, limit),
            Flavour::Acontext { project, path } => paths::acontext_search(
                &self.base,
                (path, project),
                service,
                window,
                limit,
                self.tags.as_deref(),
            ),
        };
        let (status, body) = self.get(&url, abort).await?;
        // api_v3 answers "no traces" with 404.
        if status == 404 && self.flavour == Flavour::JaegerV3 {
            return Ok(Vec::new());
        }
        check_status(&url, status, &body)?;
        self.traces_of(&url, &body)
    }

    /// One trace by ID; `None` when the backend does not have it.
    pub async fn trace(
        &self,
        trace_id: &str,
        abort: &AbortSignal,
    ) -> Result<Option<TraceRecord>, FetchError> {
        let url = match &self.flavour {
            Flavour::JaegerV1 => paths::trace(&self.base, trace_id),
            Flavour::JaegerV3 => paths::v3_trace(&self.base, trace_id),
            Flavour::Acontext { .. } => {
                return Err(FetchError::Unsupported(
                    "The Acontext endpoint lists traces but cannot open one by ID.".to_owned(),
                ));
            }
        };
        let (status, body) = self.get(&url, abort).await?;
        if status == 404 && !looks_like_html(&body) {
            return Ok(None);
        }
        check_status(&url, status, &body)?;
        Ok(self.traces_of(&url, &body)?.into_iter().next())
    }

    fn traces_of(&self, url: &str, body: &[u8]) -> Result<Vec<TraceRecord>, FetchError> {
        let parsed = match self.flavour {
            Flavour::JaegerV3 => wire::otlp::parse(body),
            _ => wire::jaeger::parse(body),
        };
        match parsed {
            Ok(document) => Ok(document.traces),
            Err(ParseError::Backend(messages)) => Err(FetchError::Http {
                url: url.to_owned(),
                status: 200,
                message: messages.join("; "),
            }),
            Err(e) => Err(malformed(url, &e, body)),
        }
    }

    async fn get(&self, url: &str, abort: &AbortSignal) -> Result<(u16, Vec<u8>), FetchError> {
        let request = async {
            let response = self
                .headers
                .iter()
                .fold(Request::get(url), |request, (name, value)| {
                    request.header(name, value)
                })
                .abort_signal(Some(abort))
                .send()
                .await
                .map_err(|_| unreachable_or_aborted(url, abort))?;
            let body = response
                .binary()
                .await
                .map_err(|_| unreachable_or_aborted(url, abort))?;
            Ok((response.status(), body))
        };
        let timeout = TimeoutFuture::new(self.timeout_secs.saturating_mul(1000));
        futures::select! {
            answer = request.fuse() => answer,
            _ = timeout.fuse() => Err(FetchError::Timeout { url: url.to_owned(), secs: self.timeout_secs }),
        }
    }
}

fn unreachable_or_aborted(url: &str, abort: &AbortSignal) -> FetchError {
    if abort.aborted() {
        FetchError::Aborted
    } else {
        FetchError::Unreachable {
            url: url.to_owned(),
        }
    }
}

fn check_status(url: &str, status: u16, body: &[u8]) -> Result<(), FetchError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let empty = body.iter().all(u8::is_ascii_whitespace);
    if matches!(status, 502..=504) || (status >= 500 && empty) {
        return Err(FetchError::Gateway {
            url: url.to_owned(),
            status,
        });
    }
    // Jaeger answers errors with JSON or plain text; a web page is some other server's (a static
    // host, a dashboard's router) at the address where Jaeger's query API was expected.
    if looks_like_html(body) {
        return Err(FetchError::Malformed {
            url: url.to_owned(),
            problem: format!(
                "HTTP {status} and a web page, not Jaeger's JSON: no Jaeger query service answers \
                 at this address"
            ),
        });
    }
    let message = wire::jaeger::error_messages(body)
        .map(|m| m.join("; "))
        .or_else(|| wire::otlp::error_message(body))
        .unwrap_or_else(|| {
            plain_text_excerpt(body).unwrap_or_else(|| status_reason(status).to_owned())
        });
    Err(FetchError::Http {
        url: url.to_owned(),
        status,
        message,
    })
}

/// The first line of a plain-text body (Jaeger sends errors as `text/plain`); none for HTML.
fn plain_text_excerpt(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let line = text.trim().lines().next()?.trim();
    if line.is_empty() || line.starts_with('<') {
        return None;
    }
    Some(crate::view::format::truncate(line, 200).0)
}

fn status_reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "error",
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn malformed(url: &str, error: &ParseError, body: &[u8]) -> FetchError {
    let empty = body.iter().all(u8::is_ascii_whitespace);
    FetchError::Malformed {
        url: url.to_owned(),
        problem: if empty {
            "an empty answer where Jaeger's JSON belongs".to_owned()
        } else if looks_like_html(body) {
            "an HTML page, not Jaeger's JSON (is the /api proxy pointing at Jaeger's query service?)"
                .to_owned()
        } else {
            format!("something that is {error}")
        },
    }
}
