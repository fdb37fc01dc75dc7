//! Fetching from the backend, in whichever flavour it speaks (Jaeger v1, Jaeger api_v3, Acontext):
//! every request has a timeout and can be aborted. What to ask and how to read the answer is the
//! core's `backend` protocol; this is the network.

use std::cell::RefCell;
use std::collections::HashSet;

use futures::FutureExt;
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use web_sys::AbortSignal;

use crate::app::runtime::timing;
use crate::backend::{
    ACONTEXT_SERVICES, FetchError, Flavour, check_status, looks_like_html, paths, services_of,
    traces_of, traces_of_unseen,
};
use crate::model::TraceRecord;

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
            Flavour::JaegerV3 => paths::v3_services(&self.base),
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
    /// (Jaeger's answers hold whole traces). Adds the IDs it read to `seen`, and says how many
    /// traces the answer held, to tell a full page from a short one.
    pub async fn search(
        &self,
        service: &str,
        window: (i64, i64),
        limit: usize,
        seen: &RefCell<HashSet<String>>,
        abort: &AbortSignal,
    ) -> Result<(Vec<TraceRecord>, usize), FetchError> {
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
        if status == 404 && self.flavour == Flavour::JaegerV3 && !looks_like_html(&body) {
            return Ok((Vec::new(), 0));
        }
        check_status(&url, status, &body)?;
        let (traces, held) = timing::phase("list-parse", || {
            traces_of_unseen(&self.flavour, &url, &body, &seen.borrow())
        })?;
        seen.borrow_mut()
            .extend(traces.iter().map(|t| t.trace_id.clone()));
        Ok((traces, held))
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
        let traces = timing::phase("trace-parse", || traces_of(&self.flavour, &url, &body))?;
        Ok(traces.into_iter().next())
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
