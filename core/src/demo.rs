//! Built-in demo data: realistic Acontext traces, generated deterministically so that every
//! refresh shows the same traces for the same moments and new ones as time passes. They enter the
//! viewer as [`TraceRecord`]s, exactly where parsed backend data does.

use crate::model::{Log, Process, RefKind, Reference, SpanRecord, Tag, TagValue, TraceRecord};

/// One demo trace starts every this many µs.
const SLOT_US: i64 = 23_000_000;

/// The newest `limit` demo traces that start inside `[start_us, end_us]`, newest first.
pub fn traces(start_us: i64, end_us: i64, limit: usize) -> Vec<TraceRecord> {
    let last = end_us.div_euclid(SLOT_US);
    (0..)
        .map(|back| last - back)
        .take_while(|slot| (slot + 1) * SLOT_US >= start_us)
        .map(|slot| (slot, slot * SLOT_US + jitter(slot)))
        .filter(|&(_, at)| at >= start_us && at <= end_us)
        .take(limit)
        .map(|(slot, at)| trace(slot, at))
        .collect()
}

/// The demo trace with this ID, if it is one (IDs encode their slot after a checksum of it).
pub fn trace_by_id(trace_id: &str) -> Option<TraceRecord> {
    let slot = i64::from_str_radix(trace_id.get(16..)?, 16).ok()?;
    (trace_id == demo_trace_id(slot)).then(|| trace(slot, slot * SLOT_US + jitter(slot)))
}

fn demo_trace_id(slot: i64) -> String {
    format!("{:016x}{:016x}", Rng::new(slot ^ 0x5eed).next(), slot)
}

fn jitter(slot: i64) -> i64 {
    (Rng::new(slot).next() % 9_000_000) as i64
}

/// A tiny deterministic generator (SplitMix64): the demo must not depend on a random source.
struct Rng(u64);

impl Rng {
    fn new(seed: i64) -> Self {
        Self(seed as u64 ^ 0x9e37_79b9_7f4a_7c15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Route {
    method: &'static str,
    route: &'static str,
    core_route: &'static str,
    work: &'static [Work],
}

#[derive(Clone, Copy)]
enum Work {
    Sql(&'static str),
    Redis(&'static str),
    S3Upload,
    Publish,
    Embedding,
    Completion,
}

const ROUTES: [Route; 6] = [
    Route {
        method: "GET",
        route: "/api/v1/session/:session_id/get_learning_status",
        core_route: "/api/v1/project/{project_id}/session/{session_id}/learning_status",
        // One cache read per learning task: a run of similar siblings.
        work: &[
            Work::Redis("GET"),
            Work::Redis("GET"),
            Work::Redis("GET"),
            Work::Redis("GET"),
            Work::Redis("GET"),
            Work::Redis("GET"),
            Work::Sql("SELECT"),
        ],
    },
    Route {
        method: "POST",
        route: "/api/v1/session/:session_id/messages",
        core_route: "/api/v1/project/{project_id}/session/{session_id}/messages",
        work: &[Work::Sql("INSERT"), Work::Embedding, Work::Publish],
    },
    Route {
        method: "GET",
        route: "/api/v1/space/:space_id/semantic_glob",
        core_route: "/api/v1/project/{project_id}/space/{space_id}/semantic_glob",
        work: &[Work::Embedding, Work::Sql("SELECT"), Work::Completion],
    },
    Route {
        method: "PUT",
        route: "/api/v1/disk/:disk_id/artifact",
        core_route: "/api/v1/project/{project_id}/disk/{disk_id}/artifact",
        work: &[Work::S3Upload, Work::Sql("UPDATE")],
    },
    Route {
        method: "PATCH",
        route: "/api/v1/session/:session_id/configs",
        core_route: "/api/v1/project/{project_id}/session/{session_id}/configs",
        work: &[Work::Sql("UPDATE"), Work::Redis("DEL")],
    },
    Route {
        method: "DELETE",
        route: "/api/v1/session/:session_id",
        core_route: "/api/v1/project/{project_id}/session/{session_id}",
        work: &[Work::Sql("DELETE"), Work::Redis("DEL"), Work::Publish],
    },
];

/// Where the spans whose durations are known only at the end sit in the builder.
const ROOT_AT: usize = 0;
const CLIENT_AT: usize = 2;
const SERVER_AT: usize = 3;

const API: usize = 0;
const CORE: usize = 1;

fn s(key: &str, value: &str) -> Tag {
    Tag::new(key, TagValue::Str(value.to_owned()))
}

fn i(key: &str, value: i64) -> Tag {
    Tag::new(key, TagValue::Int(value))
}

struct Builder {
    trace_id: String,
    next_span: u64,
    spans: Vec<SpanRecord>,
}

impl Builder {
    fn span(
        &mut self,
        parent: Option<(&str, RefKind)>,
        process: usize,
        operation: &str,
        start_us: i64,
        duration_us: i64,
        tags: Vec<Tag>,
    ) -> String {
        self.next_span += 1;
        let span_id = format!(
            "{:016x}",
            self.next_span.wrapping_mul(0x2545_f491_4f6c_dd1d)
        );
        self.spans.push(SpanRecord {
            trace_id: self.trace_id.clone(),
            span_id: span_id.clone(),
            operation: operation.to_owned(),
            references: parent
                .map(|(id, kind)| Reference {
                    kind,
                    trace_id: self.trace_id.clone(),
                    span_id: id.to_owned(),
                    tags: Vec::new(),
                })
                .into_iter()
                .collect(),
            start_ns: Some(start_us * 1_000),
            duration_ns: Some(duration_us * 1_000),
            tags,
            process,
            ..SpanRecord::default()
        });
        span_id
    }
}

/// A demo request: its route, whether it fails, and the HTTP status it answers with.
struct Request<'r> {
    route: &'r Route,
    fails: bool,
    status: i64,
}

fn trace(slot: i64, start_us: i64) -> TraceRecord {
    let mut rng = Rng::new(slot.wrapping_mul(31));
    let route = &ROUTES[rng.below(ROUTES.len() as u64) as usize];
    let fails = rng.chance(15);
    let status = if fails {
        [500, 502, 503][rng.below(3) as usize]
    } else if route.method == "POST" {
        201
    } else {
        200
    };
    let request = Request {
        route,
        fails,
        status,
    };
    let mut b = Builder {
        trace_id: demo_trace_id(slot),
        next_span: slot as u64 * 64,
        spans: Vec::new(),
    };

    let root = b.api_server(&mut rng, &request, start_us);
    let mut cursor = start_us + rng.range(300, 1_500);
    b.project_lookup(&mut rng, &root, cursor);
    cursor += rng.range(3_000, 5_000);
    let (server, server_start) = b.core_call(&mut rng, &request, &root, cursor);
    let (work_end, consumer) = b.core_work(&mut rng, &request, &server, server_start);
    let server_end = work_end + rng.range(300, 1_200);
    let client_end = server_end + rng.range(200, 700);
    let root_end = client_end + rng.range(500, 2_000);
    set_duration(&mut b.spans[SERVER_AT], server_end - server_start);
    set_duration(&mut b.spans[CLIENT_AT], client_end - cursor);
    set_duration(&mut b.spans[ROOT_AT], root_end - start_us);
    // The consumer runs after the request finished: linked by FOLLOWS_FROM, outliving the root.
    if let Some((consume_at, producer)) = consumer {
        b.consumer(&mut rng, &producer, consume_at);
    }
    TraceRecord {
        trace_id: b.trace_id.clone(),
        spans: b.spans,
        processes: processes(),
        warnings: Vec::new(),
    }
}

impl Builder {
    /// The API's server span for the request: the root, whose duration is set at the end.
    fn api_server(&mut self, rng: &mut Rng, request: &Request, start_us: i64) -> String {
        let route = request.route;
        let session = format!("{:08x}", rng.next() as u32);
        let path = route
            .route
            .replace(":session_id", &session)
            .replace(":space_id", &session)
            .replace(":disk_id", &session);
        let root_operation = format!("{} {}", route.method, route.route);
        let mut root_tags = vec![
            s("span.kind", "server"),
            s("http.request.method", route.method),
            s("http.route", route.route),
            s("url.path", &path),
            i("http.response.status_code", request.status),
            s(
                "otel.scope.name",
                "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin",
            ),
            s("user_agent.original", "acontext-python/0.6.2"),
        ];
        if request.fails {
            root_tags.push(s("otel.status_code", "ERROR"));
        }
        self.span(None, API, &root_operation, start_us, 0, root_tags)
    }

    /// The API's lookup of the calling project in PostgreSQL, at `at_us`.
    fn project_lookup(&mut self, rng: &mut Rng, root: &str, at_us: i64) {
        self.span(
            Some((root, RefKind::ChildOf)),
            API,
            "SELECT acontext.projects",
            at_us,
            rng.range(400, 2_500),
            vec![
                s("span.kind", "client"),
                s("db.system", "postgresql"),
                s(
                    "db.statement",
                    "SELECT id, secret_key_hmac FROM projects WHERE id = $1",
                ),
                s("server.address", "acontext-db"),
            ],
        );
    }

    /// The API's call to the core service at `at_us` and the core's server span under it, both
    /// lasting until the end (set then). Returns the server span and when it starts.
    fn core_call(
        &mut self,
        rng: &mut Rng,
        request: &Request,
        root: &str,
        at_us: i64,
    ) -> (String, i64) {
        let route = request.route;
        let status = request.status;
        let core_operation = format!("{} {}", route.method, route.core_route);
        let client = self.span(
            Some((root, RefKind::ChildOf)),
            API,
            &core_operation,
            at_us,
            0,
            vec![
                s("span.kind", "client"),
                s("http.request.method", route.method),
                s(
                    "url.full",
                    &format!("http://acontext-core:8000{}", route.core_route),
                ),
                i("http.response.status_code", status),
            ],
        );
        let server_start = at_us + rng.range(200, 800);
        let mut server_tags = vec![
            s("span.kind", "server"),
            s("http.request.method", route.method),
            s("http.route", route.core_route),
            i("http.response.status_code", status),
            s("otel.scope.name", "opentelemetry.instrumentation.fastapi"),
        ];
        if request.fails {
            server_tags.push(s("otel.status_code", "ERROR"));
        }
        let server = self.span(
            Some((&client, RefKind::ChildOf)),
            CORE,
            &core_operation,
            server_start,
            0,
            server_tags,
        );
        (server, server_start)
    }

    /// The core's work for the request from `start_us`, one span per step of its route; one
    /// step fails when the request does. Returns when the work ends and, after a publish, when
    /// its consumer runs and the publishing span.
    fn core_work(
        &mut self,
        rng: &mut Rng,
        request: &Request,
        server: &str,
        start_us: i64,
    ) -> (i64, Option<(i64, String)>) {
        let mut at = start_us + rng.range(500, 2_000);
        let mut consumer: Option<(i64, String)> = None;
        let failing_step = request
            .fails
            .then(|| rng.below(request.route.work.len() as u64) as usize);
        for (step, work) in request.route.work.iter().enumerate() {
            let failed = failing_step == Some(step);
            let (operation, duration, mut tags) = work.span_parts(rng, failed);
            if failed {
                tags.push(s("otel.status_code", "ERROR"));
                tags.push(s("error.type", "TimeoutError"));
            }
            let id = self.span(
                Some((server, RefKind::ChildOf)),
                CORE,
                &operation,
                at,
                duration,
                tags,
            );
            let last = self.spans.len() - 1;
            if failed {
                self.spans[last]
                    .logs
                    .push(timeout_log(&operation, at, duration));
            }
            if matches!(work, Work::Completion) {
                llm_conversation(&mut self.spans[last], rng, at, duration, failed);
            }
            if matches!(work, Work::Publish) {
                consumer = Some((at + duration + rng.range(2_000, 30_000), id));
            }
            at += duration + rng.range(100, 900);
        }
        (at, consumer)
    }

    /// The consumer of the published message at `consume_at`, linked to the `producer` by
    /// FOLLOWS_FROM, and its update of the session index.
    fn consumer(&mut self, rng: &mut Rng, producer: &str, consume_at: i64) {
        let handler = self.span(
            Some((producer, RefKind::FollowsFrom)),
            CORE,
            "acontext.session.updated process",
            consume_at,
            rng.range(5_000, 60_000),
            vec![
                s("span.kind", "consumer"),
                s("messaging.system", "rabbitmq"),
                s("messaging.operation.type", "process"),
                s("messaging.destination.name", "acontext.session.updated"),
            ],
        );
        let update_at = consume_at + rng.range(500, 2_000);
        self.span(
            Some((&handler, RefKind::ChildOf)),
            CORE,
            "UPDATE acontext.session_index",
            update_at,
            rng.range(1_000, 4_000),
            vec![
                s("span.kind", "client"),
                s("db.system", "postgresql"),
                s("db.operation.name", "UPDATE"),
            ],
        );
    }
}

impl Work {
    /// The span one step of work makes: its operation, its duration (µs) and its tags. A
    /// `failed` upload answers 503.
    fn span_parts(self, rng: &mut Rng, failed: bool) -> (String, i64, Vec<Tag>) {
        match self {
            Work::Sql(verb) => (
                format!("{verb} acontext.sessions"),
                rng.range(800, 25_000),
                vec![
                    s("span.kind", "client"),
                    s("db.system", "postgresql"),
                    s("db.operation.name", verb),
                    s(
                        "db.statement",
                        &format!("{verb} ... FROM sessions WHERE id = %(id)s"),
                    ),
                    s("server.address", "acontext-db"),
                ],
            ),
            Work::Redis(command) => (
                command.to_owned(),
                rng.range(150, 1_800),
                vec![
                    s("span.kind", "client"),
                    s("db.system", "redis"),
                    s("db.operation.name", command),
                    s("server.address", "acontext-redis"),
                ],
            ),
            Work::S3Upload => (
                "S3.PutObject".to_owned(),
                rng.range(40_000, 400_000),
                vec![
                    s("span.kind", "client"),
                    s("rpc.system", "aws-api"),
                    s("rpc.service", "S3"),
                    s("rpc.method", "PutObject"),
                    s("aws.s3.bucket", "acontext-artifacts"),
                    i("http.response.status_code", if failed { 503 } else { 200 }),
                ],
            ),
            Work::Publish => (
                "acontext.session.updated publish".to_owned(),
                rng.range(300, 2_000),
                vec![
                    s("span.kind", "producer"),
                    s("messaging.system", "rabbitmq"),
                    s("messaging.operation.type", "publish"),
                    s("messaging.destination.name", "acontext.session.updated"),
                ],
            ),
            Work::Embedding => (
                "embeddings text-embedding-3-small".to_owned(),
                rng.range(60_000, 350_000),
                vec![
                    s("span.kind", "client"),
                    s("gen_ai.system", "openai"),
                    s("gen_ai.operation.name", "embeddings"),
                    s("gen_ai.request.model", "text-embedding-3-small"),
                    i("gen_ai.usage.input_tokens", rng.range(40, 2_000)),
                ],
            ),
            Work::Completion => (
                "chat gpt-4.1-mini".to_owned(),
                rng.range(400_000, 2_500_000),
                vec![
                    s("span.kind", "client"),
                    s("gen_ai.system", "openai"),
                    s("gen_ai.operation.name", "chat"),
                    s("gen_ai.request.model", "gpt-4.1-mini"),
                    i("gen_ai.usage.input_tokens", rng.range(300, 6_000)),
                    i("gen_ai.usage.output_tokens", rng.range(20, 900)),
                ],
            ),
        }
    }
}

/// The exception a failed step logs when it ends: a timeout with its Python traceback.
fn timeout_log(operation: &str, at: i64, duration: i64) -> Log {
    Log {
        timestamp_ns: (at + duration) * 1_000,
        fields: vec![
            s("event", "exception"),
            s("exception.type", "TimeoutError"),
            s(
                "exception.message",
                &format!(
                    "{operation} timed out after {}",
                    crate::view::format::duration(duration * 1_000)
                ),
            ),
            s(
                "exception.stacktrace",
                "Traceback (most recent call last):\n  \
                 File \"acontext_core/service/session.py\", line 212, in handle\n    \
                 result = await client.call(request, timeout=timeout)\n  \
                 File \"acontext_core/infra/client.py\", line 88, in call\n    \
                 raise TimeoutError(f\"{request.name} timed out\")\n\
                 TimeoutError: request timed out",
            ),
        ],
    }
}

/// The demo's two services: the Go API and the Python core.
fn processes() -> Vec<Process> {
    vec![
        Process {
            service: "acontext-api".into(),
            tags: vec![
                s("telemetry.sdk.language", "go"),
                s("host.name", "acontext-api-7d9f"),
            ],
        },
        Process {
            service: "acontext-core".into(),
            tags: vec![
                s("telemetry.sdk.language", "python"),
                s("host.name", "acontext-core-5c2b"),
            ],
        },
    ]
}

fn set_duration(span: &mut SpanRecord, duration_us: i64) {
    span.duration_ns = Some(duration_us.max(1) * 1_000);
}

/// What the demo's sessions talk about, one topic per chat call.
const TOPICS: [(&str, &str); 3] = [
    (
        "Plan the migration of the billing service to the new queue",
        "1. Drain the old consumer.\n2. Dual-write for one day.\n3. Switch readers, then remove the old queue.",
    ),
    (
        "Why did yesterday's nightly export fail?",
        "The export hit the S3 rate limit at 02:14 and retried without backoff; add jittered backoff and resume from the last written part.",
    ),
    (
        "Summarise what the user decided about the onboarding flow",
        "They keep the three-step flow, drop the survey, and send the welcome email after the first project is created.",
    ),
];

/// A chat call's conversation as GenAI events (system and user messages, the choice unless the
/// call failed) with its answer's model and finish reason; the session context is long, so the
/// detail folds it.
fn llm_conversation(span: &mut SpanRecord, rng: &mut Rng, at: i64, duration: i64, failed: bool) {
    let (question, answer) = TOPICS[rng.range(0, TOPICS.len() as i64) as usize];
    let event = |at_us: i64, name: &str, fields: Vec<Tag>| Log {
        timestamp_ns: at_us * 1_000,
        fields: [vec![s("event", name)], fields].concat(),
    };
    let context: String = (1..=8)
        .map(|n| {
            format!(
                "[message {n}] The user and the agent discussed step {n} of the task, its owner, its deadline and what blocks it.\n"
            )
        })
        .collect();
    span.logs.push(event(
        at,
        "gen_ai.system.message",
        vec![s(
            "content",
            "You are Acontext's context engineer: answer from the session's messages only, briefly.",
        )],
    ));
    span.logs.push(event(
        at,
        "gen_ai.user.message",
        vec![s(
            "content",
            &format!("{question}\n\nSession so far:\n{context}"),
        )],
    ));
    if !failed {
        span.tags
            .push(s("gen_ai.response.model", "gpt-4.1-mini-2025-04-14"));
        span.tags
            .push(s("gen_ai.response.finish_reasons", "[\"stop\"]"));
        span.logs.push(event(
            at + duration,
            "gen_ai.choice",
            vec![
                i("index", 0),
                s("finish_reason", "stop"),
                s(
                    "message",
                    &serde_json::json!({"role": "assistant", "content": answer}).to_string(),
                ),
            ],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Trace;

    #[test]
    fn demo_traces_fall_inside_the_window_newest_first_and_are_stable() {
        let end = 1_800_000_000_000_000;
        let start = end - 3_600_000_000;
        let first = traces(start, end, 50);
        assert_eq!(first.len(), 50);
        for end in (0..40).map(|k| end + k * 1_000_000) {
            assert_eq!(
                traces(end - 3_600_000_000, end, 50).len(),
                50,
                "a full page at any moment"
            );
        }
        assert!(
            traces(end - 10_000_000, end, 50).len() <= 1,
            "only what fits the window"
        );
        let built: Vec<Trace> = first.iter().cloned().map(Trace::build).collect();
        assert!(
            built
                .iter()
                .all(|t| t.start_us() >= start && t.start_us() <= end)
        );
        assert!(built.windows(2).all(|w| w[0].start_ns > w[1].start_ns));
        assert_eq!(
            traces(start, end, 50),
            first,
            "the same moment gives the same traces"
        );
        assert!(
            built
                .iter()
                .all(|t| t.orphan_count == 0 && t.roots.len() == 1)
        );
        assert!(built.iter().any(|t| t.error_count > 0), "some traces fail");
        assert!(built.iter().all(|t| t.services.len() == 2));
    }

    #[test]
    fn demo_traces_can_be_found_by_id() {
        let end = 1_800_000_000_000_000;
        let one = traces(end - 600_000_000, end, 1).remove(0);
        assert_eq!(trace_by_id(&one.trace_id), Some(one));
        assert_eq!(trace_by_id("ffff"), None);
    }
}
