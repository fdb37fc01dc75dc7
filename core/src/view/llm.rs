//! LLM calls seen as such: a row's model and tokens, and a trace's totals.

use crate::model::Trace;
use crate::model::semconv::LlmCall;
use crate::view::format::{self, grouped};

/// A trace's LLM work: how many calls, their tokens, and the share of the trace's time during
/// which at least one LLM call ran (overlapping calls counted once), in % of its duration (`None`
/// for a trace of no duration).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TraceLlm {
    pub calls: usize,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub time_share_pct: Option<f64>,
}

impl TraceLlm {
    /// `None` when no span of the trace is an LLM call (the totals come from [`Trace::llm`],
    /// counted once when the trace was built).
    pub fn of(trace: &Trace) -> Option<Self> {
        let totals = trace.llm?;
        let duration = trace.duration_ns();
        Some(Self {
            calls: totals.calls,
            input_tokens: totals.input_tokens,
            output_tokens: totals.output_tokens,
            time_share_pct: (duration > 0)
                .then(|| (totals.busy_ns as f64 / duration as f64 * 100.0).min(100.0)),
        })
    }

    /// Input and output tokens together.
    pub fn tokens(&self) -> i64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }

    /// As a trace row says it: `1,290 tokens · LLM 80%` (no tokens known: `2 LLM calls · LLM 80%`;
    /// a trace of no duration has no share).
    pub fn summary(&self) -> String {
        let what = if self.tokens() > 0 {
            format!("{} tokens", grouped(self.tokens()))
        } else {
            format::count(self.calls, "LLM call", "LLM calls")
        };
        match self.time_share_pct {
            Some(share) => format!("{what} · LLM {share:.0}%"),
            None => what,
        }
    }
}

/// A span row's LLM pill: the model and its input→output tokens, `gpt-4o-mini · 1,234→56` (`?`
/// for a count the span does not give).
pub fn row_pill(call: &LlmCall) -> String {
    let model = call.model().unwrap_or("LLM");
    let tokens = |n: Option<i64>| n.map_or_else(|| "?".to_owned(), grouped);
    match (call.input_tokens, call.output_tokens) {
        (None, None) => model.to_owned(),
        (input, output) => format!("{model} · {}→{}", tokens(input), tokens(output)),
    }
}

/// The LLM section of the span detail: (label, value) rows for what the span says.
pub fn detail_rows(call: &LlmCall) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let mut add = |label, value: Option<String>| {
        if let Some(value) = value {
            rows.push((label, value));
        }
    };
    add("System", call.system.map(str::to_owned));
    add("Operation", call.operation.map(str::to_owned));
    add("Request model", call.request_model.map(str::to_owned));
    add("Response model", call.response_model.map(str::to_owned));
    add("Input tokens", call.input_tokens.map(grouped));
    add("Output tokens", call.output_tokens.map(grouped));
    add("Finish reasons", call.finish_reasons.clone());
    add("Temperature", call.temperature.map(|t| t.to_string()));
    add("Max tokens", call.max_tokens.map(grouped));
    rows
}
