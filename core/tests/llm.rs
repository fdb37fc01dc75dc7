//! LLM calls: the conventions read (current gen_ai, older names, llm.*), a row's pill, the detail's
//! rows and a trace's totals, on hand-worked spans.

mod common;

use common::{child, span, trace, with_tags};
use serde_json::json;
use tracedeck_core::model::semconv::llm_call;
use tracedeck_core::view::format::grouped;
use tracedeck_core::view::llm::{TraceLlm, detail_rows, row_pill};

#[test]
fn current_gen_ai_keys_make_an_llm_call() {
    let t = trace(vec![with_tags(
        span("1", 0, 100),
        json!([
            {"key": "gen_ai.system", "value": "openai"},
            {"key": "gen_ai.operation.name", "value": "chat"},
            {"key": "gen_ai.request.model", "value": "gpt-4o-mini"},
            {"key": "gen_ai.response.model", "value": "gpt-4o-mini-2024-07-18"},
            {"key": "gen_ai.usage.input_tokens", "value": 1234},
            {"key": "gen_ai.usage.output_tokens", "value": "56"},
            {"key": "gen_ai.response.finish_reasons", "value": "[\"stop\",\"length\"]"},
            {"key": "gen_ai.request.temperature", "value": 0.2},
            {"key": "gen_ai.request.max_tokens", "value": 512}
        ]),
    )]);
    let call = llm_call(&t.spans[0].tags).expect("an LLM call");
    assert_eq!(call.model(), Some("gpt-4o-mini-2024-07-18"));
    assert_eq!(
        (call.input_tokens, call.output_tokens),
        (Some(1234), Some(56))
    );
    assert_eq!(row_pill(&call), "gpt-4o-mini-2024-07-18 · 1,234→56");
    assert_eq!(
        detail_rows(&call),
        [
            ("System", "openai".to_owned()),
            ("Operation", "chat".to_owned()),
            ("Request model", "gpt-4o-mini".to_owned()),
            ("Response model", "gpt-4o-mini-2024-07-18".to_owned()),
            ("Input tokens", "1,234".to_owned()),
            ("Output tokens", "56".to_owned()),
            ("Finish reasons", "stop, length".to_owned()),
            ("Temperature", "0.2".to_owned()),
            ("Max tokens", "512".to_owned()),
        ]
    );
}

#[test]
fn older_names_and_llm_keys_are_read_too_and_other_spans_are_not_calls() {
    let older = trace(vec![with_tags(
        span("1", 0, 100),
        json!([
            {"key": "gen_ai.system", "value": "anthropic"},
            {"key": "gen_ai.usage.prompt_tokens", "value": 10},
            {"key": "gen_ai.usage.completion_tokens", "value": 5}
        ]),
    )]);
    let call = llm_call(&older.spans[0].tags).unwrap();
    assert_eq!((call.input_tokens, call.output_tokens), (Some(10), Some(5)));
    assert_eq!(row_pill(&call), "LLM · 10→5");
    let openinference = trace(vec![with_tags(
        span("1", 0, 100),
        json!([
            {"key": "llm.model_name", "value": "llama-3"},
            {"key": "llm.token_count.prompt", "value": 7}
        ]),
    )]);
    let call = llm_call(&openinference.spans[0].tags).unwrap();
    assert_eq!(row_pill(&call), "llama-3 · 7→?");
    assert_eq!((call.input_tokens, call.output_tokens), (Some(7), None));
    let db = trace(vec![with_tags(
        span("1", 0, 100),
        json!([{"key": "db.system", "value": "postgresql"}]),
    )]);
    assert_eq!(llm_call(&db.spans[0].tags), None);
    assert_eq!(TraceLlm::of(&db), None);
}

#[test]
fn a_trace_counts_its_tokens_and_the_time_any_llm_call_ran() {
    // Root 0–1000 µs; LLM calls 100–300 and 200–500 overlap (400 µs together), 800–900 apart.
    let llm = |tokens: (i64, i64)| {
        json!([
            {"key": "gen_ai.request.model", "value": "m"},
            {"key": "gen_ai.usage.input_tokens", "value": tokens.0},
            {"key": "gen_ai.usage.output_tokens", "value": tokens.1}
        ])
    };
    let t = trace(vec![
        span("r", 0, 1000),
        with_tags(child("a", "r", 100, 200), llm((1000, 200))),
        with_tags(child("b", "r", 200, 300), llm((300, 10))),
        with_tags(
            child("c", "r", 800, 100),
            json!([{"key": "gen_ai.operation.name", "value": "embeddings"}]),
        ),
    ]);
    let totals = TraceLlm::of(&t).unwrap();
    assert_eq!(
        (totals.calls, totals.input_tokens, totals.output_tokens),
        (3, 1300, 210)
    );
    assert!(
        (totals.time_share_pct.unwrap() - 50.0).abs() < 1e-9,
        "{:?}",
        totals.time_share_pct
    );
    assert_eq!(totals.summary(), "1,510 tokens · LLM 50%");
    let untokened = TraceLlm {
        calls: 2,
        input_tokens: 0,
        output_tokens: 0,
        time_share_pct: Some(12.4),
    };
    assert_eq!(untokened.summary(), "2 LLM calls · LLM 12%");
}

#[test]
fn the_provider_name_wins_over_the_older_system_and_agents_and_tools_are_no_model_calls() {
    let t = trace(vec![
        with_tags(
            span("1", 0, 100),
            json!([
                {"key": "gen_ai.system", "value": "openai"},
                {"key": "gen_ai.provider.name", "value": "azure.ai.openai"},
                {"key": "gen_ai.operation.name", "value": "chat"},
                {"key": "gen_ai.usage.input_tokens", "value": 100},
                {"key": "gen_ai.request.temperature", "value": "NaN"}
            ]),
        ),
        // The agent's tokens are its calls' sum: counting them again would double them.
        with_tags(
            span("2", 0, 1000),
            json!([
                {"key": "gen_ai.operation.name", "value": "invoke_agent"},
                {"key": "gen_ai.usage.input_tokens", "value": 100}
            ]),
        ),
        with_tags(
            span("3", 500, 10),
            json!([{"key": "gen_ai.operation.name", "value": "execute_tool"}]),
        ),
    ]);
    let call = llm_call(&t.spans[0].tags).unwrap();
    assert_eq!(
        (call.system, call.temperature),
        (Some("azure.ai.openai"), None)
    );
    assert_eq!(llm_call(&t.spans[1].tags), None);
    assert_eq!(llm_call(&t.spans[2].tags), None);
    let totals = TraceLlm::of(&t).unwrap();
    assert_eq!((totals.calls, totals.tokens()), (1, 100));
    assert_eq!(totals.summary(), "100 tokens · LLM 10%");
}

#[test]
fn a_trace_of_no_duration_has_no_llm_share() {
    let t = trace(vec![with_tags(
        span("1", 0, 0),
        json!([{"key": "gen_ai.usage.input_tokens", "value": 3}]),
    )]);
    assert_eq!(TraceLlm::of(&t).unwrap().summary(), "3 tokens");
}

#[test]
fn absurd_token_counts_neither_overflow_nor_count_below_zero() {
    let t = trace(vec![
        with_tags(
            span("1", 0, 10),
            json!([{"key": "gen_ai.usage.input_tokens", "value": i64::MAX}, {"key": "gen_ai.usage.output_tokens", "value": i64::MAX}]),
        ),
        with_tags(
            span("2", 0, 10),
            json!([{"key": "gen_ai.usage.input_tokens", "value": i64::MAX}]),
        ),
        with_tags(
            span("3", 0, 10),
            json!([{"key": "gen_ai.usage.input_tokens", "value": -5}]),
        ),
    ]);
    let totals = TraceLlm::of(&t).unwrap();
    assert_eq!((totals.input_tokens, totals.tokens()), (i64::MAX, i64::MAX));
    // One call's own input and output at their maximum: read as they are, summed without overflow.
    let call = llm_call(&t.spans[0].tags).unwrap();
    assert_eq!(
        (call.input_tokens, call.output_tokens),
        (Some(i64::MAX), Some(i64::MAX))
    );
    assert_eq!(totals.output_tokens, i64::MAX);
}

#[test]
fn numbers_group_by_thousands() {
    assert_eq!(
        [0, 7, 999, 1000, 1_234_567, -12_345].map(grouped),
        ["0", "7", "999", "1,000", "1,234,567", "-12,345"]
    );
}

#[test]
fn the_list_sorts_by_llm_tokens_most_first_then_newest() {
    use std::sync::Arc;
    use tracedeck_core::view::list_filter::{ListFilter, ListSort, filter_and_sort};
    // Trace t<n> starts at n µs; its one span used `tokens` tokens (0: no LLM call).
    let one = |n: i64, tokens: i64| {
        let tags = if tokens > 0 {
            json!([{"key": "gen_ai.usage.input_tokens", "value": tokens}])
        } else {
            json!([])
        };
        let mut span = with_tags(span("1", n, 10), tags);
        span["traceID"] = json!(format!("t{n}"));
        common::traces(json!({"data": [{"traceID": format!("t{n}"), "spans": [span], "processes": {"p1": {"serviceName": "s"}}}]}))
            .remove(0)
    };
    let all: Vec<Arc<_>> = [(1, 0), (2, 500), (3, 100), (4, 0), (5, 500)]
        .map(|(n, tokens)| Arc::new(one(n, tokens)))
        .into();
    let order: Vec<String> = filter_and_sort(&all, &ListFilter::default(), ListSort::MostTokens)
        .iter()
        .map(|t| t.trace_id.clone())
        .collect();
    assert_eq!(order, ["t5", "t2", "t3", "t4", "t1"]);
    assert_eq!(ListSort::parse("tokens"), Some(ListSort::MostTokens));
}
