//! The backend protocol, without the network: which query API a backend speaks (its flavour), the
//! URLs each flavour asks (`paths`), the services that are Jaeger's own or Acontext's, and how an
//! answer (status and body) becomes traces or a [`FetchError`] that says which URL failed and how.
//! Fetching itself (timeouts, aborts) is the app's.

pub mod list;
pub mod paths;
pub mod summaries;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use crate::model::id::canonical_id;
use crate::model::{TraceRecord, TraceSummary};
use crate::view::load::LoadProblem;
use crate::wire::{self, ParseError};

/// Services that are Jaeger itself, left out of "all services".
pub const JAEGER_OWN_SERVICES: [&str; 3] = ["jaeger-all-in-one", "jaeger-query", "jaeger"];

/// Which query API the backend speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flavour {
    /// Jaeger's v1 query API: `/api/services`, `/api/traces`.
    JaegerV1,
    /// Jaeger v2's api_v3: `/api/v3/…`, answering OTLP JSON.
    JaegerV3,
    /// Jaeger's api_v3 with trace summaries (v2.19 and later): the list from
    /// `/api/v3/trace-summaries`, a trace's spans from `/api/v3/traces/{id}` when it is opened.
    JaegerSummaries,
    /// The Acontext dashboard's admin endpoint, passing Jaeger's v1 JSON through; `path` is the
    /// template under the API base with `{project_id}` in it.
    Acontext { project: String, path: String },
}

impl Flavour {
    /// Whether it can fetch one trace by ID (the Acontext endpoint only lists).
    pub fn fetches_by_id(&self) -> bool {
        !matches!(self, Self::Acontext { .. })
    }

    /// Whether its traces come as OTLP JSON (api_v3).
    pub fn speaks_otlp(&self) -> bool {
        matches!(self, Self::JaegerV3 | Self::JaegerSummaries)
    }

    /// Whether the list comes from trace summaries, spans only for the traces opened.
    pub fn lists_summaries(&self) -> bool {
        matches!(self, Self::JaegerSummaries)
    }

    /// The flavour that asks for one trace by ID: the one found (`detected`), else the one
    /// configured, else v1's `/api/traces/{id}`, which every Jaeger serves (Jaeger's main branch
    /// kept it when it dropped the rest of v1).
    pub fn by_id(detected: Option<&Self>, configured: Option<&Self>) -> Self {
        detected.or(configured).cloned().unwrap_or(Self::JaegerV1)
    }

    /// As the page footer names it.
    pub fn describe(&self) -> String {
        match self {
            Self::JaegerV1 => "Jaeger query API v1".to_owned(),
            Self::JaegerV3 => "Jaeger api_v3 (OTLP JSON)".to_owned(),
            Self::JaegerSummaries => "Jaeger api_v3 with trace summaries".to_owned(),
            Self::Acontext { project, .. } => format!("Acontext endpoint, project {project}"),
        }
    }
}

/// Whether a service is one of Jaeger's own, left out of "all services".
pub fn is_jaeger_own(service: &str) -> bool {
    JAEGER_OWN_SERVICES.contains(&service)
}

/// The services offered for listing: all but Jaeger's own.
pub fn listable_services(services: Vec<String>) -> Vec<String> {
    services.into_iter().filter(|s| !is_jaeger_own(s)).collect()
}

/// Services the Acontext endpoint is asked for when none are configured.
pub const ACONTEXT_SERVICES: [&str; 2] = ["acontext-api", "acontext-core"];

/// How much of an answer had come when it stopped sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// Body bytes received.
    pub bytes: u64,
    /// The body's announced size (`Content-Length`) when there was one; ignored where less than
    /// what came (a compressed answer's length counts its compressed bytes).
    pub total: Option<u64>,
    /// From the request going out to the last piece that came, in ms.
    pub after_ms: u64,
}

/// Why a request brought no usable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// No HTTP answer at all: connection refused, DNS, CORS, offline.
    Unreachable { url: String },
    /// Nothing came for `secs` seconds: no answer at all (`received` is `None`), or an answer
    /// that stopped sending partway (a long transfer that keeps sending never times out).
    Timeout {
        url: String,
        secs: u32,
        received: Option<Received>,
    },
    /// A proxy in front of Jaeger answered for it: 502–504, or a 5xx without a body.
    Gateway { url: String, status: u16 },
    /// An HTTP error status, with Jaeger's message when the body carried one.
    Http {
        url: String,
        status: u16,
        message: String,
    },
    /// An answer that is not what Jaeger sends.
    Malformed { url: String, problem: String },
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
            Self::Timeout {
                url,
                secs,
                received: None,
            } => write!(f, "{url} did not answer within {secs} s."),
            Self::Timeout {
                url,
                secs,
                received: Some(received),
            } => {
                use crate::view::format;
                write!(
                    f,
                    "{url} stopped sending after {} (in {}): nothing more for {secs} s.",
                    format::bytes_of(received.bytes, received.total),
                    format::duration(
                        i64::try_from(received.after_ms)
                            .unwrap_or(i64::MAX)
                            .saturating_mul(1_000_000)
                    )
                )
            }
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

impl FetchError {
    /// What a failed list load means for the reader; `None` for a request replaced by a newer
    /// one, which is never shown. An answer that stopped partway is slow, not unreachable.
    pub fn load_problem(&self) -> Option<LoadProblem> {
        let message = self.to_string();
        Some(match self {
            Self::Aborted => return None,
            Self::Timeout {
                received: Some(_), ..
            } => LoadProblem::Slow(message),
            Self::Unreachable { .. } | Self::Timeout { .. } | Self::Gateway { .. } => {
                LoadProblem::Unreachable(message)
            }
            Self::Malformed { .. } => LoadProblem::NotJaeger(message),
            Self::Http { .. } | Self::Unsupported(_) => LoadProblem::Backend(message),
        })
    }
}

/// The traces in a search or trace answer of a flavour (an error envelope is the backend's
/// error), leaving out the traces whose IDs are in `seen` (Jaeger JSON only: see
/// [`wire::jaeger::parse_unseen`]; api_v3 answers are read whole). Also says how many traces the answer held, left-out ones included,
/// to tell a full page from a short one.
pub fn traces_of_unseen(
    flavour: &Flavour,
    url: &str,
    body: &[u8],
    seen: &HashSet<String>,
) -> Result<(Vec<TraceRecord>, usize), FetchError> {
    let parsed = match flavour {
        flavour if flavour.speaks_otlp() => wire::otlp::parse(body),
        _ => wire::jaeger::parse_unseen(body, seen),
    };
    match parsed {
        Ok(document) => {
            let held = document.traces.len() + document.left_out;
            Ok((document.traces, held))
        }
        Err(ParseError::Backend(messages)) => Err(FetchError::Http {
            url: url.to_owned(),
            status: 200,
            message: messages.join("; "),
        }),
        Err(e) => Err(malformed(url, &e, body)),
    }
}

/// What one search or trace answer brought.
#[derive(Debug, Default, PartialEq)]
pub struct Answered {
    /// The traces read.
    pub traces: Vec<TraceRecord>,
    /// How many traces the answer held, left-out ones included: a full page or not.
    pub count: usize,
    /// Canonical IDs of traces held already that came unchanged: keep the held copy.
    pub unchanged: Vec<String>,
    /// IDs of traces held already that came with another span count: fetch them by ID.
    pub changed: Vec<String>,
}

/// A search or trace answer read as it arrives: Jaeger's JSON (v1 and the Acontext endpoint) span
/// by span ([`wire::jaeger::AnswerStream`]; where a trace can be fetched by ID, it also leaves
/// out unread the traces held already and unchanged), api_v3's OTLP gathered and read at the end.
/// Gives what [`traces_of_unseen`] gives for the whole body.
pub enum AnswerReader {
    /// Jaeger JSON, read piece by piece until a piece fails to read (`failed`: the whole body
    /// then gives the message).
    Jaeger {
        stream: Box<wire::jaeger::AnswerStream>,
        failed: bool,
        /// Traces handed out by [`AnswerReader::take_read`] before the end.
        taken: usize,
    },
    /// Any other answer, gathered to be read whole.
    Whole(Vec<u8>),
}

impl AnswerReader {
    /// `held`: canonical trace ID → span count of the traces the viewer holds.
    pub fn new(flavour: &Flavour, held: Arc<HashMap<String, usize>>) -> Self {
        let stream = match flavour {
            flavour if flavour.speaks_otlp() => return Self::Whole(Vec::new()),
            // A trace still being written must be fetched again by ID.
            _ if flavour.fetches_by_id() => wire::jaeger::AnswerStream::holding(held),
            _ => wire::jaeger::AnswerStream::new(),
        };
        Self::Jaeger {
            stream: Box::new(stream),
            failed: false,
            taken: 0,
        }
    }

    /// The traces read whole since the last call, each handed out once, so rows can show while
    /// the answer still arrives; what [`AnswerReader::finish`] gives then leaves them out (unless
    /// the answer stops reading in pieces: the whole is then read again, the same traces among
    /// it). Always empty for an answer read whole at the end (OTLP).
    pub fn take_read(&mut self) -> Vec<TraceRecord> {
        match self {
            Self::Jaeger {
                stream,
                failed: false,
                taken,
            } => {
                let read = stream.take_read();
                *taken += read.len();
                read
            }
            _ => Vec::new(),
        }
    }

    /// Takes the next piece of the body; `seen` as in [`wire::jaeger::AnswerStream::feed`].
    pub fn feed(&mut self, piece: &[u8], seen: &mut HashSet<String>) {
        match self {
            Self::Jaeger { stream, failed, .. } => {
                if !*failed && stream.feed(piece, seen).is_err() {
                    *failed = true;
                }
            }
            Self::Whole(body) => body.extend_from_slice(piece),
        }
    }

    /// What the answer brought; the IDs of the traces it read join `seen`. `body` gives the whole
    /// body again, asked for only when the answer does not read piece by piece, so the error
    /// quotes the whole.
    pub fn finish(
        self,
        flavour: &Flavour,
        url: &str,
        seen: &mut HashSet<String>,
        body: impl FnOnce() -> Vec<u8>,
    ) -> Result<Answered, FetchError> {
        let read_whole = |bytes: &[u8], seen: &mut HashSet<String>, own: &[String]| {
            // Without the IDs this answer claimed while it was read in pieces.
            let before: HashSet<String> = seen
                .iter()
                .filter(|id| !own.contains(id))
                .cloned()
                .collect();
            let (traces, count) = traces_of_unseen(flavour, url, bytes, &before)?;
            seen.extend(traces.iter().map(|t| t.trace_id.clone()));
            Ok(Answered {
                traces,
                count,
                ..Answered::default()
            })
        };
        match self {
            Self::Whole(bytes) => read_whole(&bytes, seen, &[]),
            Self::Jaeger {
                stream,
                failed,
                taken,
            } => {
                let own = stream.claimed().to_vec();
                let document = if failed {
                    None
                } else {
                    stream.finish(seen).ok()
                };
                match document {
                    Some(document) => {
                        seen.extend(document.traces.iter().map(|t| t.trace_id.clone()));
                        Ok(Answered {
                            count: document.traces.len() + document.left_out + taken,
                            traces: document.traces,
                            unchanged: document.unchanged,
                            changed: document.changed,
                        })
                    }
                    None => read_whole(&body(), seen, &own),
                }
            }
        }
    }
}

/// The trace IDs in `seen` that none of `answered` brought, read or held: an answer that failed
/// partway had claimed them (so the others left them out), and they are to be fetched by ID.
pub fn lost_traces(seen: &HashSet<String>, answered: &[&Answered]) -> Vec<String> {
    let brought: HashSet<String> = answered
        .iter()
        .flat_map(|a| {
            a.traces
                .iter()
                .map(|t| &t.trace_id)
                .chain(&a.unchanged)
                .chain(&a.changed)
        })
        .map(|id| canonical_id(id))
        .collect();
    let mut lost: Vec<String> = seen
        .iter()
        .filter(|id| !brought.contains(&canonical_id(id)))
        .cloned()
        .collect();
    lost.sort();
    lost
}

/// A trace-summaries answer: `Ok(None)` where the backend has no such endpoint (a 404, or a
/// success that is not a summaries answer: an older Jaeger's web page, say), else its summaries.
/// A failure says whether the endpoint itself refused (api_v3's error envelope, with Jaeger's
/// message: a 400 for a parameter, a 500 for the storage), which only a Jaeger that has it does.
pub fn summaries_of(
    url: &str,
    status: u16,
    body: &[u8],
) -> Result<Option<Vec<TraceSummary>>, SummariesFailed> {
    let failed = |error| SummariesFailed {
        error,
        endpoint_answered: false,
    };
    if status == 404 {
        return Ok(None);
    }
    if (200..300).contains(&status) {
        return match wire::summaries::parse(body) {
            Ok(summaries) => Ok(Some(summaries)),
            Err(error @ ParseError::Json(_))
                if !looks_like_html(body) && !body.iter().all(u8::is_ascii_whitespace) =>
            {
                Err(failed(malformed(url, &error, body)))
            }
            Err(_) => Ok(None),
        };
    }
    match check_status(url, status, body) {
        Ok(()) => Ok(None),
        Err(error) => Err(SummariesFailed {
            error,
            endpoint_answered: wire::otlp::error_message(body).is_some(),
        }),
    }
}

/// Why a trace-summaries request brought no list.
#[derive(Debug, Clone, PartialEq)]
pub struct SummariesFailed {
    pub error: FetchError,
    /// Jaeger's summaries endpoint answered (and refused): the backend has it.
    pub endpoint_answered: bool,
}

/// The services in a services answer of a flavour that has one (Acontext's has none: see
/// [`ACONTEXT_SERVICES`]).
pub fn services_of(flavour: &Flavour, url: &str, body: &[u8]) -> Result<Vec<String>, FetchError> {
    let parsed = match flavour {
        flavour if flavour.speaks_otlp() => wire::otlp::parse_services(body),
        _ => wire::jaeger::parse_services(body),
    };
    parsed.map_err(|e| malformed(url, &e, body))
}

/// Whether an HTTP answer is a success; else the error it means: a proxy's gateway failure, a
/// web page where Jaeger's API belongs, or Jaeger's own message (JSON envelope or plain text).
pub fn check_status(url: &str, status: u16, body: &[u8]) -> Result<(), FetchError> {
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

/// True for a 404 body in which Jaeger itself says it has no such trace (its JSON error: v1's
/// `{"errors": [{"code": 404, "msg": "trace not found"}]}`, api_v3's `{"error": {…}}`); false
/// for a router's or proxy's 404 (a page, `404 page not found`, nothing), where the path itself
/// is not served.
pub fn says_no_such_trace(body: &[u8]) -> bool {
    wire::jaeger::error_messages(body).is_some() || wire::otlp::error_message(body).is_some()
}

/// True for a body that starts like HTML (a web page, not an API answer).
pub fn looks_like_html(body: &[u8]) -> bool {
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
            "an HTML page, not Jaeger's JSON (does the proxy there point at Jaeger's query service?)"
                .to_owned()
        } else {
            format!("something that is {error}")
        },
    }
}
