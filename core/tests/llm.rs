//! LLM calls: the conventions read (current gen_ai, older names, llm.*), a row's pill, the detail's
//! rows and a trace's totals, on hand-worked spans.

mod common;

use common::{child, span, trace, with_tags};
use serde_json::json;
use std::sync::Arc;
use tracedeck_core::model::semconv::llm_call;
use tracedeck_core::model::{Log, Tag, TagValue, Trace};
use tracedeck_core::view::format::grouped;

use tracedeck_core::model::semconv::{LlmMessage, llm_messages};
use tracedeck_core::view::format::fold;
use tracedeck_core::view::llm::{
    LlmPrices, ModelPrice, TraceLlm, detail_rows, model_stats, money, row_pill, trace_cost,
};

fn price(input_per_1k: f64, output_per_1k: f64) -> ModelPrice {
    ModelPrice {
        input_per_1k,
        output_per_1k,
    }
}

/// A span event (log) named `name`, at time 0, with these fields after its name.
fn event(name: &str, fields: Vec<Tag>) -> Log {
    Log {
        timestamp_ns: 0,
        fields: [vec![Tag::new("event", text(name))], fields].concat(),
    }
}

/// A string tag value.
fn text(s: &str) -> TagValue {
    TagValue::Str(s.into())
}

fn said(role: &str, content: &str, output: bool) -> LlmMessage {
    LlmMessage {
        role: role.to_owned(),
        content: content.to_owned(),
        output,
    }
}

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
        detail_rows(&call, &LlmPrices::default()),
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
        cost: None,
    };
    assert_eq!(untokened.summary(), "2 LLM calls · LLM 12%");
    // Priced: 1,300 input and 210 output tokens of `m` at $0.5 and $2 per 1,000.
    let mut prices = LlmPrices::default();
    prices.set("m", price(0.5, 2.0)).unwrap();
    let cost = trace_cost(&t, &prices).unwrap();
    assert!((cost - (0.65 + 0.42)).abs() < 1e-12, "{cost}");
    let priced = TraceLlm {
        cost: Some(cost),
        ..totals
    };
    assert_eq!(priced.summary(), "1,510 tokens · LLM 50% · ≈ $1.07");
    assert_eq!(trace_cost(&t, &LlmPrices::default()), None);
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

#[test]
fn prices_match_a_model_or_the_longest_name_it_begins_with_and_refuse_nonsense() {
    let mut prices = LlmPrices::default();
    prices.set("gpt-4o", price(2.5, 10.0)).unwrap();
    prices.set("gpt-4o-mini", price(0.15, 0.6)).unwrap();
    assert_eq!(prices.price("gpt-4o-2024-08-06"), Some(price(2.5, 10.0)));
    assert_eq!(
        prices.price("gpt-4o-mini-2024-07-18"),
        Some(price(0.15, 0.6))
    );
    assert_eq!(prices.price("claude-3"), None);
    assert!(prices.set("x", price(-1.0, 0.0)).is_err());
    assert!(prices.set("x", price(f64::NAN, 0.0)).is_err());
    assert!(prices.set(" ", price(1.0, 1.0)).is_err());
    let t = trace(vec![with_tags(
        span("1", 0, 100),
        json!([
            {"key": "gen_ai.response.model", "value": "gpt-4o-mini-2024-07-18"},
            {"key": "gen_ai.usage.input_tokens", "value": 2000},
            {"key": "gen_ai.usage.output_tokens", "value": 500}
        ]),
    )]);
    let call = llm_call(&t.spans[0].tags).unwrap();
    // 2 × $0.15 + 0.5 × $0.6 = $0.60
    assert!((prices.cost(&call).unwrap() - 0.6).abs() < 1e-12);
    assert!(detail_rows(&call, &prices).contains(&("Estimated cost", "≈ $0.6000".to_owned())));
    assert_eq!(money(0.00004), "< $0.0001");
    assert_eq!(money(12.345), "≈ $12.35");
}

#[test]
fn model_statistics_count_calls_latency_and_tokens_per_model() {
    let call = |id: &str, start: i64, dur: i64, model: &str, tokens: (i64, i64)| {
        with_tags(
            child(id, "r", start, dur),
            json!([
                {"key": "gen_ai.request.model", "value": model},
                {"key": "gen_ai.usage.input_tokens", "value": tokens.0},
                {"key": "gen_ai.usage.output_tokens", "value": tokens.1}
            ]),
        )
    };
    let t = trace(vec![
        span("r", 0, 10_000),
        call("a", 0, 100, "big", (1000, 100)),
        call("b", 100, 300, "big", (3000, 300)),
        call("c", 400, 200, "big", (2000, 200)),
        call("d", 600, 50, "small", (10, 1)),
    ]);
    let mut prices = LlmPrices::default();
    prices.set("big", price(1.0, 2.0)).unwrap();
    let stats = model_stats(&[Arc::new(t)], &prices);
    assert_eq!(stats.len(), 2);
    let big = &stats[0];
    assert_eq!(
        (big.model.as_str(), big.calls, big.p50_ns, big.p95_ns),
        ("big", 3, 200_000, 300_000)
    );
    assert_eq!((big.input_tokens, big.output_tokens), (6000, 600));
    assert_eq!(big.tokens_per_call(), Some((2000.0, 200.0)));
    assert_eq!(big.tokens_per_call_text(), "2,000 → 200");
    // 6 × $1 + 0.6 × $2
    assert!((big.cost.unwrap() - 7.2).abs() < 1e-9);
    assert_eq!((stats[1].model.as_str(), stats[1].cost), ("small", None));
}

#[test]
fn conversations_are_read_from_structured_attributes() {
    // GenAI conventions 1.37+: JSON messages with parts, and the system instructions.
    let structured = [
        Tag::new(
            "gen_ai.system_instructions",
            TagValue::Str(r#"[{"type":"text","content":"Be brief."}]"#.into()),
        ),
        Tag::new(
            "gen_ai.input.messages",
            TagValue::Str(
                r#"[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]"#
                    .into(),
            ),
        ),
        Tag::new(
            "gen_ai.output.messages",
            TagValue::Str(r#"[{"role":"assistant","parts":[{"type":"tool_call","name":"weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}]"#.into()),
        ),
    ];
    assert_eq!(
        llm_messages(&structured, &[]),
        [
            said("system", "Be brief.", false),
            said("user", "Weather in Paris?", false),
            said("assistant", r#"→ weather({"city":"Paris"})"#, true)
        ]
    );
}

#[test]
fn conversations_are_read_from_events_one_per_message_the_answer_as_a_choice() {
    let logs = [
        event(
            "gen_ai.user.message",
            vec![Tag::new("content", TagValue::Str("Hello".into()))],
        ),
        event(
            "gen_ai.choice",
            vec![Tag::new(
                "message",
                TagValue::Str(r#"{"role":"assistant","content":"Hi there"}"#.into()),
            )],
        ),
        event("exception", vec![]),
    ];
    assert_eq!(
        llm_messages(&[], &logs),
        [
            said("user", "Hello", false),
            said("assistant", "Hi there", true)
        ]
    );
}

#[test]
fn conversations_are_read_from_openllmetry_indexed_attributes_in_index_order() {
    // In index order: 10 after 2.
    let indexed = [
        Tag::new("gen_ai.prompt.10.content", TagValue::Str("third".into())),
        Tag::new("gen_ai.prompt.0.role", TagValue::Str("system".into())),
        Tag::new("gen_ai.prompt.0.content", TagValue::Str("first".into())),
        Tag::new("gen_ai.prompt.2.role", TagValue::Str("user".into())),
        Tag::new("gen_ai.prompt.2.content", TagValue::Str("second".into())),
        Tag::new(
            "gen_ai.completion.0.role",
            TagValue::Str("assistant".into()),
        ),
        Tag::new(
            "gen_ai.completion.0.content",
            TagValue::Str("answer".into()),
        ),
    ];
    assert_eq!(
        llm_messages(&indexed, &[]),
        [
            said("system", "first", false),
            said("user", "second", false),
            said("message", "third", false),
            said("assistant", "answer", true)
        ]
    );
}

#[test]
fn conversations_are_read_from_openinference_indexed_attributes() {
    let inference = [
        Tag::new(
            "llm.input_messages.0.message.role",
            TagValue::Str("user".into()),
        ),
        Tag::new(
            "llm.input_messages.0.message.content",
            TagValue::Str("q".into()),
        ),
        Tag::new(
            "llm.output_messages.0.message.role",
            TagValue::Str("assistant".into()),
        ),
        Tag::new(
            "llm.output_messages.0.message.content",
            TagValue::Str("a".into()),
        ),
    ];
    assert_eq!(
        llm_messages(&inference, &[]),
        [said("user", "q", false), said("assistant", "a", true)]
    );
}

#[test]
fn a_span_without_messages_has_no_conversation() {
    assert!(llm_messages(&[], &[]).is_empty());
}

#[test]
fn long_messages_fold_after_their_limit() {
    let long = "é".repeat(1000);
    let (head, more) = fold(&long, 400).unwrap();
    assert_eq!((head.chars().count(), more), (401, 600));
    assert!(head.ends_with('…'));
    assert_eq!(fold("short", 400), None);
}

#[test]
fn llm_prices_come_from_settings_and_bad_ones_are_reported() {
    use tracedeck_core::config::{ConfigBuilder, Source};
    let mut builder = ConfigBuilder::default();
    builder
        .apply_json(
            Source::File,
            &json!({"llm_prices": {
                "gpt-4o": {"input": 0.0025, "output": 0.01},
                "cheap": {"input": "free"}
            }}),
        )
        .apply_pairs(
            Source::Url,
            [
                ("llm_price", "ft:gpt-4o:acme:0.003/0.012"),
                ("llm_price", "oops"),
                ("llm_price", "a:1/2, b:3/4"),
            ],
        );
    let (config, problems) = builder.finish();
    assert_eq!(
        config.llm_prices.price("gpt-4o-2024-08-06"),
        Some(price(0.0025, 0.01))
    );
    // A model name may hold colons: the prices are after the last one.
    assert_eq!(
        config.llm_prices.price("ft:gpt-4o:acme"),
        Some(price(0.003, 0.012))
    );
    assert_eq!(config.llm_prices.price("cheap"), None);
    // Several in one value, separated by commas.
    assert_eq!(config.llm_prices.price("b"), Some(price(3.0, 4.0)));
    assert_eq!(config.llm_prices.price("a"), Some(price(1.0, 2.0)));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("Setting `llm_prices` in tracedeck.json: \"cheap\""),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("\"oops\" is not model:input/output"),
        "{problems:?}"
    );
}

#[test]
fn the_demo_records_its_chat_calls_conversations() {
    let now = 1_800_000_000_000_000;
    let traces: Vec<Trace> = tracedeck_core::demo::traces(now - 3_600_000_000, now, 50)
        .into_iter()
        .map(Trace::build)
        .collect();
    let chats: Vec<&tracedeck_core::model::Span> = traces
        .iter()
        .flat_map(|t| &t.spans)
        .filter(|s| s.operation.starts_with("chat "))
        .collect();
    assert!(!chats.is_empty(), "50 demo traces hold a chat call");
    for chat in chats {
        let messages = llm_messages(&chat.tags, &chat.logs);
        let roles: Vec<&str> = messages.iter().map(|m| m.role.as_str()).collect();
        assert_eq!(&roles[..2], ["system", "user"]);
        // The session context is long enough to fold.
        assert!(fold(&messages[1].content, 400).is_some());
        if !chat.is_error {
            assert_eq!(messages.len(), 3);
            assert!(messages[2].output && messages[2].role == "assistant");
        }
    }
}

#[test]
fn a_priced_name_prices_its_dated_versions_only() {
    let mut prices = LlmPrices::default();
    prices.set("gpt-4", price(30.0, 60.0)).unwrap();
    prices.set("claude-3-5-sonnet", price(3.0, 15.0)).unwrap();
    assert_eq!(prices.price("gpt-4-0613"), Some(price(30.0, 60.0)));
    assert_eq!(
        prices.price("claude-3-5-sonnet-20241022"),
        Some(price(3.0, 15.0))
    );
    assert_eq!(
        prices.price("claude-3-5-sonnet@20241022"),
        Some(price(3.0, 15.0))
    );
    // Another model that merely begins the same way is not priced.
    assert_eq!(prices.price("gpt-4o-mini"), None);
    assert_eq!(prices.price("gpt-4-turbo"), None);
    assert_eq!(prices.price("GPT-4-0613"), Some(price(30.0, 60.0)));
}

#[test]
fn per_model_latency_is_a_percentile_and_tokens_per_call_count_only_calls_that_give_them() {
    let mut spans = vec![span("r", 0, 1_000_000)];
    // 20 calls of m lasting 1..=20 ms: p50 is the 10th, p95 the 19th.
    for i in 1..=20i64 {
        let mut tags = vec![json!({"key": "gen_ai.request.model", "value": "m"})];
        if i <= 4 {
            tags.push(json!({"key": "gen_ai.usage.input_tokens", "value": 100 * i}));
            tags.push(json!({"key": "gen_ai.usage.output_tokens", "value": 10}));
        }
        spans.push(with_tags(
            child(&format!("c{i}"), "r", i * 10, i * 1000),
            json!(tags),
        ));
    }
    // A call naming no model.
    spans.push(with_tags(
        child("x", "r", 5, 7),
        json!([{"key": "gen_ai.operation.name", "value": "chat"}]),
    ));
    let stats = model_stats(&[Arc::new(trace(spans))], &LlmPrices::default());
    let m = &stats[0];
    assert_eq!((m.calls, m.counted_calls), (20, 4));
    assert_eq!((m.p50_ns, m.p95_ns), (10_000_000, 19_000_000));
    // (100 + 200 + 300 + 400) / 4 and 10 per call, over the 4 calls that said.
    assert_eq!(m.tokens_per_call(), Some((250.0, 10.0)));
    let unknown = &stats[1];
    assert_eq!(
        (unknown.model.as_str(), unknown.calls),
        ("unknown model", 1)
    );
    assert_eq!(unknown.tokens_per_call(), None);
    assert_eq!(unknown.tokens_per_call_text(), "?");
}

#[test]
fn the_details_event_is_read_with_a_tool_calls_response_as_a_part() {
    // The details event of GenAI conventions 1.37+.
    let details = event(
        "gen_ai.client.inference.operation.details",
        vec![
            Tag::new(
                "gen_ai.input.messages",
                text(
                    r#"[{"role":"tool","parts":[{"type":"tool_call_response","id":"1","response":"18°C"}]}]"#,
                ),
            ),
            Tag::new(
                "gen_ai.output.messages",
                text(r#"[{"role":"assistant","parts":[{"type":"text","content":"It is 18°C."}]}]"#),
            ),
        ],
    );
    assert_eq!(
        llm_messages(&[], &[details]),
        [
            said("tool", "← 18°C", false),
            said("assistant", "It is 18°C.", true)
        ]
    );
}

#[test]
fn the_older_content_events_are_read_as_json() {
    // The older content events: the prompt and completion as JSON.
    let older = [
        event(
            "gen_ai.content.prompt",
            vec![Tag::new(
                "gen_ai.prompt",
                text(r#"[{"role":"user","content":"Hi"}]"#),
            )],
        ),
        event(
            "gen_ai.content.completion",
            vec![Tag::new(
                "gen_ai.completion",
                text(r#"[{"role":"assistant","content":"Hello"}]"#),
            )],
        ),
    ];
    assert_eq!(
        llm_messages(&[], &older),
        [said("user", "Hi", false), said("assistant", "Hello", true)]
    );
}

#[test]
fn openai_content_parts_and_an_answer_that_only_calls_a_tool_are_read() {
    // OpenAI's shapes: content as parts, an answer that only calls a tool.
    let openai = [
        Tag::new(
            "gen_ai.input.messages",
            text(r#"[{"role":"user","content":[{"type":"text","text":"Weather?"}]}]"#),
        ),
        Tag::new(
            "gen_ai.output.messages",
            text(
                r#"[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}}]}]"#,
            ),
        ),
    ];
    assert_eq!(
        llm_messages(&openai, &[]),
        [
            said("user", "Weather?", false),
            said("assistant", r#"→ weather({"city":"Oslo"})"#, true)
        ]
    );
}

#[test]
fn responses_api_items_with_a_type_and_a_role_are_each_a_message() {
    // The Responses API's items carry both a type and a role: each is its own message.
    let responses = [Tag::new(
        "gen_ai.input.messages",
        text(
            r#"[{"type":"message","role":"system","content":"Be brief."},{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}]"#,
        ),
    )];
    assert_eq!(
        llm_messages(&responses, &[]),
        [
            said("system", "Be brief.", false),
            said("user", "Hi", false)
        ]
    );
}

#[test]
fn an_assistant_message_event_of_only_tool_calls_is_read() {
    // An assistant message event carrying only tool calls.
    let only_calls = [event(
        "gen_ai.assistant.message",
        vec![Tag::new(
            "tool_calls",
            text(r#"[{"function":{"name":"search","arguments":"{}"}}]"#),
        )],
    )];
    assert_eq!(
        llm_messages(&[], &only_calls),
        [said("assistant", "→ search({})", false)]
    );
}

#[test]
fn a_conversation_reads_in_time_order_whatever_order_the_events_arrived_in() {
    // Jaeger's api_v3 answers a span's events latest first.
    let mut chat = span("1", 0, 100);
    chat["logs"] = json!([
        {"timestamp": 90, "fields": [{"key": "event", "value": "gen_ai.choice"}, {"key": "message", "value": "{\"role\":\"assistant\",\"content\":\"B\"}"}]},
        {"timestamp": 10, "fields": [{"key": "event", "value": "gen_ai.user.message"}, {"key": "content", "value": "A"}]},
        {"timestamp": 10, "fields": [{"key": "event", "value": "gen_ai.user.message"}, {"key": "content", "value": "A2"}]}
    ]);
    let t = trace(vec![chat]);
    assert_eq!(
        llm_messages(&t.spans[0].tags, &t.spans[0].logs),
        [
            said("user", "A", false),
            said("user", "A2", false),
            said("assistant", "B", true)
        ]
    );
}
