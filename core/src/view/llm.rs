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
    /// Estimated cost in US dollars, when priced ([`TraceLlm::priced`]); `None` unpriced.
    pub cost: Option<f64>,
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
            cost: None,
        })
    }

    /// [`TraceLlm::of`] with the estimated cost under `prices` ([`trace_cost`]).
    pub fn priced(trace: &Trace, prices: &LlmPrices) -> Option<Self> {
        Self::of(trace).map(|llm| Self {
            cost: trace_cost(trace, prices),
            ..llm
        })
    }

    /// Input and output tokens together.
    pub fn tokens(&self) -> i64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }

    /// As a trace row says it: `1,290 tokens · LLM 80%` (no tokens known: `2 LLM calls · LLM 80%`;
    /// a trace of no duration has no share), then the cost when priced: `· ≈ $0.0123`.
    pub fn summary(&self) -> String {
        let what = if self.tokens() > 0 {
            format!("{} tokens", grouped(self.tokens()))
        } else {
            format::count(self.calls, "LLM call", "LLM calls")
        };
        let what = match self.time_share_pct {
            Some(share) => format!("{what} · LLM {share:.0}%"),
            None => what,
        };
        match self.cost {
            Some(cost) => format!("{what} · {}", money(cost)),
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

/// The LLM section of the span detail: (label, value) rows for what the span says, and its
/// estimated cost when `prices` price its model.
pub fn detail_rows(call: &LlmCall, prices: &LlmPrices) -> Vec<(&'static str, String)> {
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
    add("Estimated cost", prices.cost(call).map(money));
    rows
}

/// A model's price (`llm_prices`), per 1,000 tokens, in US dollars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelPrice {
    pub input_per_1k: f64,
    pub output_per_1k: f64,
}

/// The `llm_prices` setting: prices by model name. Without any, no cost is shown anywhere.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LlmPrices {
    by_model: Vec<(String, ModelPrice)>,
}

impl LlmPrices {
    /// Sets a model's price; refused (with why) for an empty name or a price that is negative
    /// or not a number.
    pub fn set(&mut self, model: &str, price: ModelPrice) -> Result<(), String> {
        let fine = |x: f64| x.is_finite() && x >= 0.0;
        if model.trim().is_empty() {
            return Err("a price needs a model name".to_owned());
        }
        if !fine(price.input_per_1k) || !fine(price.output_per_1k) {
            return Err(format!(
                "{model:?}: prices per 1,000 tokens must be numbers of at least 0"
            ));
        }
        // Model names are matched whatever their case.
        let model = model.trim().to_ascii_lowercase();
        self.by_model.retain(|(m, _)| *m != model);
        self.by_model.push((model, price));
        Ok(())
    }

    /// No model is priced: no cost is shown anywhere.
    pub fn is_empty(&self) -> bool {
        self.by_model.is_empty()
    }

    /// A model's price (names compared whatever their case): its own, else that of the longest
    /// priced name it begins with where the
    /// rest is a version (`-` and a digit, or `@`): `gpt-4o` prices `gpt-4o-2024-08-06`, but
    /// `gpt-4` does not price `gpt-4o-mini`.
    pub fn price(&self, model: &str) -> Option<ModelPrice> {
        let model = model.to_ascii_lowercase();
        let versioned = |rest: &str| {
            rest.is_empty()
                || rest.starts_with('@')
                || rest
                    .strip_prefix('-')
                    .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        };
        self.by_model
            .iter()
            .filter(|(m, _)| model.strip_prefix(m.as_str()).is_some_and(versioned))
            .max_by_key(|(m, _)| m.len())
            .map(|(_, p)| *p)
    }

    /// A call's estimated cost in US dollars: `None` when its model has no price or it gives no
    /// token count (an unknown count costs nothing).
    pub fn cost(&self, call: &LlmCall) -> Option<f64> {
        let price = self.price(call.model()?)?;
        if call.input_tokens.is_none() && call.output_tokens.is_none() {
            return None;
        }
        Some(cost_of(price, call.input_tokens, call.output_tokens))
    }
}

fn cost_of(price: ModelPrice, input: Option<i64>, output: Option<i64>) -> f64 {
    input.unwrap_or(0) as f64 / 1000.0 * price.input_per_1k
        + output.unwrap_or(0) as f64 / 1000.0 * price.output_per_1k
}

/// An estimated cost as the viewer writes it: `≈ $0.0123` under a dollar (4 decimals, `< $0.0001`
/// for less), `≈ $12.35` from a dollar.
pub fn money(dollars: f64) -> String {
    if dollars > 0.0 && dollars < 0.0001 {
        "< $0.0001".to_owned()
    } else if dollars < 1.0 {
        format!("≈ ${dollars:.4}")
    } else {
        format!("≈ ${dollars:.2}")
    }
}

/// A trace's estimated LLM cost under `prices`: `None` without prices or without a priced call.
pub fn trace_cost(trace: &Trace, prices: &LlmPrices) -> Option<f64> {
    if prices.is_empty() || trace.llm.is_none() {
        return None;
    }
    let costs: Vec<f64> = trace
        .spans
        .iter()
        .filter_map(|s| crate::model::semconv::llm_call(&s.tags))
        .filter_map(|call| prices.cost(&call))
        .collect();
    (!costs.is_empty()).then(|| costs.iter().sum())
}

/// One model's calls over the loaded traces (the model that answered, else the one asked for).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelStats {
    /// The model's name; `unknown model` for calls that name none.
    pub model: String,
    pub calls: usize,
    /// Of the calls, those that gave their input and output token counts.
    pub counted_calls: usize,
    /// Nearest-rank percentiles of the calls' durations, ns.
    pub p50_ns: i64,
    pub p95_ns: i64,
    /// Tokens summed over the calls that gave them (a call giving one count adds 0 for the other).
    pub input_tokens: i64,
    pub output_tokens: i64,
    /// Estimated cost of all the calls, US dollars; `None` without a price for the model.
    pub cost: Option<f64>,
}

impl ModelStats {
    /// Mean input and output tokens per call that gave its counts; `None` when none did.
    pub fn tokens_per_call(&self) -> Option<(f64, f64)> {
        let n = self.counted_calls as f64;
        (self.counted_calls > 0)
            .then(|| (self.input_tokens as f64 / n, self.output_tokens as f64 / n))
    }

    /// As the table says it: `12,000 → 345` (whole tokens), `?` when no call gave its counts.
    pub fn tokens_per_call_text(&self) -> String {
        match self.tokens_per_call() {
            Some((input, output)) => format!(
                "{} → {}",
                grouped(input.round() as i64),
                grouped(output.round() as i64)
            ),
            None => "?".to_owned(),
        }
    }
}

/// Per model statistics of the traces' LLM calls, most calls first (then by name).
pub fn model_stats(traces: &[std::sync::Arc<Trace>], prices: &LlmPrices) -> Vec<ModelStats> {
    struct Acc {
        durations: Vec<i64>,
        counted: usize,
        input: i64,
        output: i64,
        cost: Option<f64>,
    }
    let mut by_model: std::collections::HashMap<String, Acc> = std::collections::HashMap::new();
    for trace in traces.iter().filter(|t| t.llm.is_some()) {
        for span in &trace.spans {
            let Some(call) = crate::model::semconv::llm_call(&span.tags) else {
                continue;
            };
            let model = call.model().unwrap_or("unknown model").to_owned();
            let acc = by_model.entry(model).or_insert_with(|| Acc {
                durations: Vec::new(),
                counted: 0,
                input: 0,
                output: 0,
                cost: None,
            });
            acc.durations.push(span.duration_ns);
            acc.counted += usize::from(call.input_tokens.is_some() || call.output_tokens.is_some());
            acc.input = acc.input.saturating_add(call.input_tokens.unwrap_or(0));
            acc.output = acc.output.saturating_add(call.output_tokens.unwrap_or(0));
            if let Some(cost) = prices.cost(&call) {
                acc.cost = Some(acc.cost.unwrap_or(0.0) + cost);
            }
        }
    }
    let mut stats: Vec<ModelStats> = by_model
        .into_iter()
        .map(|(model, mut acc)| {
            acc.durations.sort_unstable();
            let at = |p| crate::view::stats::percentile(&acc.durations, p).unwrap_or_default();
            ModelStats {
                model,
                calls: acc.durations.len(),
                counted_calls: acc.counted,
                p50_ns: at(50.0),
                p95_ns: at(95.0),
                input_tokens: acc.input,
                output_tokens: acc.output,
                cost: acc.cost,
            }
        })
        .collect();
    stats.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.model.cmp(&b.model)));
    stats
}
