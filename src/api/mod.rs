//! Fetching from the backend, in whichever flavour it speaks (Jaeger v1, Jaeger api_v3, Acontext):
//! every request can be aborted and times out when nothing comes for the configured seconds (a
//! long answer that keeps sending never does). What to ask and how to read the answer is the
//! core's `backend` protocol; this is the network.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures::FutureExt;
use gloo_net::http::{Request, Response};
use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult};

use crate::backend::summaries::SummaryQuery;
use crate::backend::{
    ACONTEXT_SERVICES, AnswerReader, Answered, FetchError, Flavour, Received, SummariesFailed,
    check_status, looks_like_html, paths, says_no_such_trace, services_of, summaries_of,
};
use crate::model::{TraceRecord, TraceSummary};
use crate::view::transfer::Progress;

pub mod breath;
pub mod timing;

thread_local! {
    /// Backends (by base URL) found not to serve v1's `/api/traces/{id}`: a trace is asked of
    /// api_v3 straight away there.
    static V1_NOT_BY_ID: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Bytes of an answer read at a time (about 4 ms of wasm), the page getting its turn between.
const READ_SLICE_BYTES: usize = 1 << 20;

/// Takes each trace of an answer as soon as it has been read whole, while the rest arrives;
/// `None`: every trace comes with the whole answer.
pub type TakeRead<'a> = Option<&'a dyn Fn(Vec<TraceRecord>)>;

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
        let url = match &self.flavour {
            Flavour::JaegerV1 => paths::services(&self.base),
            Flavour::JaegerV3 | Flavour::JaegerSummaries => paths::v3_services(&self.base),
            Flavour::Acontext { .. } => {
                return Ok(ACONTEXT_SERVICES.map(str::to_owned).to_vec());
            }
        };
        let (status, body) = self.get(&url, abort).await?;
        check_status(&url, status, &body)?;
        services_of(&self.flavour, &url, &body)
    }

    /// The traces of one service that started in `window` (µs), at most `limit` of them, less
    /// those whose IDs are in `seen`: another service's answer to the same search brought them
    /// (Jaeger's answers hold whole traces). Adds each ID to `seen` as soon as it reads it (so
    /// answers arriving together read each trace once), and says how many traces the answer
    /// held, to tell a full page from a short one. A trace in `held` (canonical ID → span count:
    /// the viewer has it) whose span count is unchanged is not read again ([`Answered`]).
    /// `progress` hears how far the answer has come as it arrives, and `read`, if given, takes
    /// each trace as soon as it has been read whole (those are then not in the [`Answered`]; an
    /// answer read whole at the end, OTLP, hands out none).
    #[allow(clippy::too_many_arguments)] // each is one of the search's own inputs
    pub async fn search(
        &self,
        service: &str,
        window: (i64, i64),
        limit: usize,
        seen: &RefCell<HashSet<String>>,
        held: &Arc<HashMap<String, usize>>,
        abort: &AbortSignal,
        progress: &dyn Fn(Progress),
        read: TakeRead<'_>,
    ) -> Result<Answered, FetchError> {
        let url = match &self.flavour {
            Flavour::JaegerV1 => {
                paths::search(&self.base, service, window, limit, self.tags.as_deref())
            }
            Flavour::JaegerV3 | Flavour::JaegerSummaries => {
                paths::v3_search(&self.base, service, window.0, window.1, limit)
            }
            Flavour::Acontext { project, path } => paths::acontext_search(
                &self.base,
                (path, project),
                service,
                window,
                limit,
                self.tags.as_deref(),
            ),
        };
        match self
            .get_traces(&url, abort, seen, held, "list-parse", (progress, read))
            .await?
        {
            Answer::Read(answered) => answered,
            // api_v3 answers "no traces" with 404.
            Answer::Failed(404, body) if self.flavour.speaks_otlp() && !looks_like_html(&body) => {
                Ok(Answered::default())
            }
            Answer::Failed(status, body) => {
                check_status(&url, status, &body).map(|()| Answered::default())
            }
        }
    }

    /// The trace summaries a query asks for (Jaeger v2.19 and later); `None` when the backend
    /// has no such endpoint (see [`summaries_of`]).
    pub async fn summaries(
        &self,
        query: &SummaryQuery,
        abort: &AbortSignal,
    ) -> Result<Option<Vec<TraceSummary>>, SummariesFailed> {
        let url = paths::v3_summaries(&self.base, query);
        let (status, body) = self
            .get(&url, abort)
            .await
            .map_err(|error| SummariesFailed {
                error,
                endpoint_answered: false,
            })?;
        timing::phase("list-parse", || summaries_of(&url, status, &body))
    }

    /// One trace by ID; `None` when the backend does not have it. Its reading is timed as `phase`
    /// (`trace-parse` when opened, `list-parse` when a list load asks for it again).
    pub async fn trace(
        &self,
        trace_id: &str,
        phase: &str,
        abort: &AbortSignal,
    ) -> Result<Option<TraceRecord>, FetchError> {
        self.trace_telling(trace_id, phase, abort, &|_| {}).await
    }

    /// [`Backend::trace`], telling `progress` how far the answer has come.
    ///
    /// A Jaeger with trace summaries (v2.19 and later) is asked v1's `/api/traces/{id}` first:
    /// Jaeger JSON, read span by span as it arrives, where api_v3's OTLP is gathered and read
    /// whole (a 100,000-span trace held twice in wasm memory, and read only once all of it is
    /// in). Every Jaeger v2 serves both, and Jaeger's main branch keeps this one of v1's paths;
    /// where it is not served (a web page, a 404 or 405, or no such trace), api_v3 is asked.
    pub async fn trace_telling(
        &self,
        trace_id: &str,
        phase: &str,
        abort: &AbortSignal,
        progress: &dyn Fn(Progress),
    ) -> Result<Option<TraceRecord>, FetchError> {
        let v1_served = !V1_NOT_BY_ID.with_borrow(|known| known.contains(&self.base));
        if self.flavour == Flavour::JaegerSummaries && v1_served {
            let v1 = Backend {
                flavour: Flavour::JaegerV1,
                ..self.clone()
            };
            match Box::pin(v1.trace_telling(trace_id, phase, abort, progress)).await {
                // No such trace there: api_v3 is asked too, and v1 again next time.
                Ok(None) => {}
                // Not served: found out once per backend.
                Err(
                    FetchError::Malformed { .. }
                    | FetchError::Http {
                        status: 404 | 405, ..
                    },
                ) => {
                    V1_NOT_BY_ID.with_borrow_mut(|known| known.insert(self.base.clone()));
                }
                found => return found,
            }
        }
        let url = match &self.flavour {
            Flavour::JaegerV1 => paths::trace(&self.base, trace_id),
            Flavour::JaegerV3 | Flavour::JaegerSummaries => paths::v3_trace(&self.base, trace_id),
            Flavour::Acontext { .. } => {
                return Err(FetchError::Unsupported(
                    "The Acontext endpoint lists traces but cannot open one by ID.".to_owned(),
                ));
            }
        };
        let seen = RefCell::new(HashSet::new());
        let nothing_held = Arc::default();
        match self
            .get_traces(&url, abort, &seen, &nothing_held, phase, (progress, None))
            .await?
        {
            Answer::Read(answered) => answered.map(|a| a.traces.into_iter().next()),
            Answer::Failed(404, body) if says_no_such_trace(&body) => Ok(None),
            Answer::Failed(status, body) => check_status(&url, status, &body).map(|()| None),
        }
    }

    /// Asks for traces and reads a successful answer as it arrives, piece by piece
    /// ([`AnswerReader`]: parsing overlaps the transfer, and a 100,000-span answer is never held
    /// whole in wasm memory), each piece's reading timed as `phase`. `seen` and `held` as in
    /// [`Backend::search`], as are `progress` and `take` (its `read`; without it every trace is in
    /// the [`Answered`]). An answer with an error status is read whole, for its message. Times
    /// out only when nothing comes for the configured seconds: before the answer begins, or
    /// between two pieces of it (the error then says how much had come).
    async fn get_traces(
        &self,
        url: &str,
        abort: &AbortSignal,
        seen: &RefCell<HashSet<String>>,
        held: &Arc<HashMap<String, usize>>,
        phase: &str,
        (progress, take): (&dyn Fn(Progress), TakeRead<'_>),
    ) -> Result<Answer, FetchError> {
        let started_ms = js_sys::Date::now();
        let response = self
            .within_timeout(url, None, self.send(url, abort))
            .await?;
        let status = response.status();
        if !(200..300).contains(&status) {
            let body = self
                .within_timeout(url, None, async {
                    response
                        .binary()
                        .await
                        .map_err(|_| unreachable_or_aborted(url, abort))
                })
                .await?;
            return Ok(Answer::Failed(status, body));
        }
        let mut received = Received {
            bytes: 0,
            total: response
                .headers()
                .get("content-length")
                .and_then(|length| length.trim().parse().ok()),
            after_ms: 0,
        };
        progress(Progress::Begun(received.total));
        let mut answer = AnswerReader::new(&self.flavour, held.clone());
        // The pieces stay in JS memory, for the message of an answer that does not read.
        let mut pieces: Vec<Uint8Array> = Vec::new();
        if let Some(body) = response.body() {
            let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            loop {
                received.after_ms = (js_sys::Date::now() - started_ms) as u64;
                let read: ReadableStreamReadResult = self
                    .within_timeout(url, Some(received), async {
                        JsFuture::from(reader.read())
                            .await
                            .map_err(|_| unreachable_or_aborted(url, abort))
                    })
                    .await?
                    .unchecked_into();
                if read.get_done().unwrap_or(true) {
                    break;
                }
                let piece: Uint8Array = read.get_value().unchecked_into();
                let bytes = piece.to_vec();
                received.bytes = received.bytes.saturating_add(bytes.len() as u64);
                progress(Progress::Received(received.bytes));
                // Pieces already here follow one another within one task, and a piece of a fast
                // answer read by a busy page can be many MB: the reading gives way between
                // slices of it.
                for slice in bytes.chunks(READ_SLICE_BYTES) {
                    breath::breathe().await;
                    if abort.aborted() {
                        return Err(FetchError::Aborted);
                    }
                    timing::phase(phase, || answer.feed(slice, &mut seen.borrow_mut()));
                    if let Some(take) = take {
                        let whole = timing::phase(phase, || answer.take_read());
                        if !whole.is_empty() {
                            take(whole);
                        }
                    }
                }
                pieces.push(piece);
            }
        }
        progress(Progress::Done);
        let answered = timing::phase(phase, || {
            answer.finish(&self.flavour, url, &mut seen.borrow_mut(), || {
                pieces.iter().flat_map(Uint8Array::to_vec).collect()
            })
        });
        Ok(Answer::Read(answered))
    }

    async fn send(&self, url: &str, abort: &AbortSignal) -> Result<Response, FetchError> {
        self.headers
            .iter()
            .fold(Request::get(url), |request, (name, value)| {
                request.header(name, value)
            })
            .abort_signal(Some(abort))
            .send()
            .await
            .map_err(|_| unreachable_or_aborted(url, abort))
    }

    /// `request`, or a timeout error after the configured seconds; `received` is how much of the
    /// answer had come before this step (`None`: the answer has not begun).
    async fn within_timeout<T>(
        &self,
        url: &str,
        received: Option<Received>,
        request: impl std::future::Future<Output = Result<T, FetchError>>,
    ) -> Result<T, FetchError> {
        let timeout = TimeoutFuture::new(self.timeout_secs.saturating_mul(1000));
        futures::select! {
            answer = request.fuse() => answer,
            _ = timeout.fuse() => Err(FetchError::Timeout {
                url: url.to_owned(),
                secs: self.timeout_secs,
                received,
            }),
        }
    }

    async fn get(&self, url: &str, abort: &AbortSignal) -> Result<(u16, Vec<u8>), FetchError> {
        let request = async {
            let response = self.send(url, abort).await?;
            let body = response
                .binary()
                .await
                .map_err(|_| unreachable_or_aborted(url, abort))?;
            Ok((response.status(), body))
        };
        self.within_timeout(url, None, request).await
    }
}

/// A traces answer: read (what it brought, or why it does not read), or an error status with its
/// body.
enum Answer {
    Read(Result<Answered, FetchError>),
    Failed(u16, Vec<u8>),
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
