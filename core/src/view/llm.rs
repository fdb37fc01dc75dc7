//! LLM calls seen as such: a row's model and tokens, and a trace's totals.

use crate::model::Trace;
use crate::model::semconv::{LlmCall, llm_call};
use crate::view::format;

/// A trace's LLM work: how many calls, their tokens, and the share of the trace's time during
/// which at least one LLM call ran (overlapping calls counted once), in % of its duration.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TraceLlm {
    pub calls: usize,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub time_share_pct: f64,
}

impl TraceLlm {
    /// `None` when no span of the trace is an LLM call.
    pub fn of(trace: &Trace) -> Option<Self> {
        let mut totals = Self::default();
        let mut busy: Vec<(i64, i64)> = Vec::new();
        for span in &trace.spans {
            let Some(call) = llm_call(&span.tags) else {
                continue;
            };
            totals.calls += 1;
            totals.input_tokens += call.input_tokens.unwrap_or(0);
            totals.output_tokens += call.output_tokens.unwrap_or(0);
            busy.push((span.start_ns, span.end_ns()));
        }
        if totals.calls == 0 {
            return None;
        }
        busy.sort_unstable();
        let mut covered = 0;
        let mut reach = i64::MIN;
        for (start, end) in busy {
            let from = start.max(reach);
            if end > from {
                covered += end - from;
            }
            reach = reach.max(end);
        }
        let duration = trace.duration_ns();
        totals.time_share_pct = if duration > 0 {
            (covered as f64 / duration as f64 * 100.0).min(100.0)
        } else {
            0.0
        };
        Some(totals)
    }

    /// Input and output tokens together.
    pub fn tokens(&self) -> i64 {
        self.input_tokens + self.output_tokens
    }

    /// As a trace row says it: `1,290 tokens · LLM 80%` (no tokens known: `2 LLM calls · LLM 80%`).
    pub fn summary(&self) -> String {
        let what = if self.tokens() > 0 {
            format!("{} tokens", grouped(self.tokens()))
        } else {
            format::count(self.calls, "LLM call", "LLM calls")
        };
        format!("{what} · LLM {:.0}%", self.time_share_pct)
    }
}

/// A span row's LLM pill: the model and its input→output tokens, `gpt-4o-mini · 1,234→56`.
pub fn row_pill(call: &LlmCall) -> String {
    let model = call.model().unwrap_or("LLM");
    match (call.input_tokens, call.output_tokens) {
        (None, None) => model.to_owned(),
        (input, output) => format!(
            "{model} · {}→{}",
            grouped(input.unwrap_or(0)),
            grouped(output.unwrap_or(0))
        ),
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

/// A whole number with thousands separators: `1234567` → `1,234,567`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
