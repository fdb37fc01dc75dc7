//! The span tree of one trace, built once as an arena of indices by the rules of the conformance
//! README: parent resolution, duplicates, orphans, cycles, depth, self time and trace statistics.
//! Every walk is iterative, so a 50,000-deep chain cannot overflow any stack.

use rustc_hash::{FxHashMap, FxHashSet};

use super::data::{Log, Process, RefKind, Reference, SpanRecord, Tag, TimeProblem, TraceRecord};
use super::id::{canonical_id, canonicalize, is_hex_id, is_none_id};
use super::semconv::{self, SpanKind};

/// Between a repeated span ID and its occurrence in a [`Trace::span_key`]; unreserved in URLs.
const KEY_SEPARATOR: char = '~';

/// True for what [`Trace::span_key`] writes for a hex span ID: the ID, or the ID, `~` and an
/// occurrence of 2 or more. What the address may carry as `span=`.
pub fn is_span_key(key: &str) -> bool {
    // A hex ID holds no separator: read as a key, all of it must be the ID.
    is_hex_id(split_span_key(key).0)
}

/// A [`Trace::span_key`] read back: the span ID as written and its occurrence (1 for a bare ID).
/// An ID that itself ends in `~2` reads as a second occurrence; [`Trace::find_span`] then tries
/// it whole too.
pub fn split_span_key(key: &str) -> (&str, u32) {
    key.rsplit_once(KEY_SEPARATOR)
        .and_then(|(id, n)| Some((id, n.parse::<u32>().ok().filter(|&n| n >= 2)?)))
        .unwrap_or((key, 1))
}

/// Position of a span in [`Trace::spans`], which keeps input order.
pub type SpanIdx = u32;

/// How a span's place in the tree differs from what it asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanFlags {
    /// Named a parent that is not in the trace; shown as a root.
    pub orphan: bool,
    /// Repeats the ID of an earlier span; references go to that earlier one.
    pub duplicate: bool,
    /// Its parent chain looped back to itself; made a root to break the loop.
    pub cycle_break: bool,
    /// Names its own ID as a parent; that reference is ignored.
    pub self_reference: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Canonical.
    pub span_id: String,
    pub operation: String,
    /// ns since the epoch; a start the wire did not give is the trace's (see `time_problems`).
    pub start_ns: i64,
    /// ns; never negative: a negative or unknown duration is 0 (see `time_problems`).
    pub duration_ns: i64,
    /// What was wrong with the span's times as sent; empty nearly always.
    pub time_problems: Vec<TimeProblem>,
    pub tags: Vec<Tag>,
    /// In time order.
    pub logs: Vec<Log>,
    pub references: Vec<Reference>,
    pub warnings: Vec<String>,
    /// Index into [`Trace::processes`].
    pub process: usize,
    /// Index into [`Trace::services`].
    pub service: usize,
    pub parent: Option<SpanIdx>,
    children_at: u32,
    children_len: u32,
    /// Roots are depth 0.
    pub depth: u32,
    /// Duration not covered by any child (children clipped to this span's window).
    pub self_time_ns: i64,
    pub flags: SpanFlags,
    pub is_error: bool,
    /// 1 for the first span with this ID in input order, 2 for the next, …: with the ID, it
    /// names the span uniquely (see [`Trace::span_key`]).
    pub occurrence: u32,
}

impl Span {
    /// The span's end, ns since the epoch.
    pub fn end_ns(&self) -> i64 {
        self.start_ns.saturating_add(self.duration_ns)
    }
}

/// A service that appears in a trace, with how many of the trace's spans it emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStat {
    pub name: String,
    pub span_count: usize,
    pub error_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Canonical.
    pub trace_id: String,
    /// In input order.
    pub spans: Vec<Span>,
    pub processes: Vec<Process>,
    /// Sorted by name.
    pub services: Vec<ServiceStat>,
    /// Root spans (orphans and cycle breakers included), by start time then input order.
    pub roots: Vec<SpanIdx>,
    /// Every span once, parents before children, siblings by start time: the tree's reading order.
    pub preorder: Vec<SpanIdx>,
    /// The span that stands for the trace (see [`Trace::build`]); `None` for a trace without spans.
    pub root_span: Option<SpanIdx>,
    /// Earliest span start, ns since the epoch; 0 without spans.
    pub start_ns: i64,
    /// Latest span end, ns since the epoch; 0 without spans.
    pub end_ns: i64,
    pub max_depth: u32,
    pub error_count: usize,
    /// The trace's calls to models, counted once when it is built; `None` without any.
    pub llm: Option<LlmTotals>,
    pub orphan_count: usize,
    pub duplicate_count: usize,
    pub cycle_count: usize,
    pub warnings: Vec<String>,
    children: Vec<SpanIdx>,
}

/// A trace's calls to models ([`semconv::llm_tokens`]): how many, their input and output tokens
/// (saturating: counts are data, and data may be absurd), and for how long at least one of them
/// ran, in ns, overlapping calls counted once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LlmTotals {
    pub calls: usize,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub busy_ns: i64,
}

impl LlmTotals {
    /// `None` when no span is a call to a model.
    fn of(spans: &[Span]) -> Option<Self> {
        let mut totals = Self::default();
        let mut busy: Vec<(i64, i64)> = Vec::new();
        for span in spans {
            let Some((input, output)) = semconv::llm_tokens(&span.tags) else {
                continue;
            };
            totals.calls += 1;
            totals.input_tokens = totals.input_tokens.saturating_add(input.unwrap_or(0));
            totals.output_tokens = totals.output_tokens.saturating_add(output.unwrap_or(0));
            busy.push((span.start_ns, span.end_ns()));
        }
        if totals.calls == 0 {
            return None;
        }
        busy.sort_unstable();
        let mut reach = i64::MIN;
        for (start, end) in busy {
            let from = start.max(reach);
            if end > from {
                totals.busy_ns = end.saturating_sub(from).saturating_add(totals.busy_ns);
            }
            reach = reach.max(end);
        }
        Some(totals)
    }

    /// Input and output tokens together.
    pub fn tokens(&self) -> i64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

/// A trace being built in steps, so a page can draw between them: [`TraceBuild::step`] until
/// it gives the trace, the same as [`Trace::build`] gives. The steps: reading the spans
/// ([`READ_PER_STEP`] a step, about 12 ms in wasm), finding their parents, then the rest (each
/// about 30–45 ms for a 100,000-span trace): three for a trace of 1 to 25,000 spans, two
/// without spans.
pub struct TraceBuild(Stage);

/// Spans a step of [`TraceBuild`] reads.
pub const READ_PER_STEP: usize = 25_000;

enum Stage {
    Record(TraceRecord),
    /// The records left to read, beside what is read.
    Reading(Parts, std::vec::IntoIter<SpanRecord>),
    /// Every span read and its parent found.
    Parented(Parts),
    Built,
}

/// A trace's parts while it is built.
struct Parts {
    trace_id: String,
    spans: Vec<Span>,
    legacy_parents: Vec<Option<String>>,
    processes: Vec<Process>,
    warnings: Vec<String>,
}

impl TraceBuild {
    /// A build of `record` not begun: the first [`TraceBuild::step`] reads its first
    /// [`READ_PER_STEP`] spans.
    pub fn new(record: TraceRecord) -> Self {
        Self(Stage::Record(record))
    }

    /// Takes the next step; the trace when that was the last. After that, `None` again.
    pub fn step(&mut self) -> Option<Trace> {
        match std::mem::replace(&mut self.0, Stage::Built) {
            Stage::Record(record) => {
                let TraceRecord {
                    trace_id,
                    spans: records,
                    mut processes,
                    warnings,
                } = record;
                if processes.is_empty() {
                    processes.push(Process::default());
                }
                let parts = Parts {
                    trace_id: canonicalize(trace_id),
                    spans: Vec::with_capacity(records.len()),
                    legacy_parents: Vec::with_capacity(records.len()),
                    processes,
                    warnings,
                };
                self.0 = Stage::Reading(parts, records.into_iter());
                self.step()
            }
            Stage::Reading(mut parts, mut records) if records.len() > 0 => {
                let chunk = records.by_ref().take(READ_PER_STEP);
                let count = parts.processes.len();
                read_spans(
                    chunk,
                    &parts.trace_id,
                    count,
                    &mut parts.spans,
                    &mut parts.legacy_parents,
                );
                self.0 = Stage::Reading(parts, records);
                None
            }
            Stage::Reading(mut parts, _) => {
                set_parents(
                    &mut parts.spans,
                    &mut parts.legacy_parents,
                    &parts.processes,
                );
                self.0 = Stage::Parented(parts);
                None
            }
            Stage::Parented(parts) => Some(Trace::of_parts(parts)),
            Stage::Built => None,
        }
    }
}

impl Trace {
    /// Applies the tree rules to a trace as read from the wire: [`TraceBuild`]'s steps, taken at
    /// once.
    ///
    /// The root span is the earliest-starting root that is neither an orphan nor a cycle breaker
    /// (ties: input order), else the earliest root of all.
    pub fn build(record: TraceRecord) -> Self {
        let mut build = TraceBuild::new(record);
        loop {
            if let Some(trace) = build.step() {
                return trace;
            }
        }
    }

    /// The rest of the tree rules, once every span's parent is found.
    fn of_parts(parts: Parts) -> Self {
        let Parts {
            trace_id,
            mut spans,
            processes,
            warnings,
            ..
        } = parts;
        place_unknown_starts(&mut spans);
        break_cycles(&mut spans);
        let services = assign_services(&mut spans, &processes);
        let mut trace = Trace {
            trace_id,
            spans,
            processes,
            services,
            roots: Vec::new(),
            preorder: Vec::new(),
            root_span: None,
            start_ns: 0,
            end_ns: 0,
            max_depth: 0,
            error_count: 0,
            llm: None,
            orphan_count: 0,
            duplicate_count: 0,
            cycle_count: 0,
            warnings,
            children: Vec::new(),
        };
        trace.link_children();
        trace.walk_depths();
        trace.compute_self_times();
        trace.compute_statistics();
        trace
    }

    /// The children of a span, by start time then input order.
    pub fn children(&self, idx: SpanIdx) -> &[SpanIdx] {
        let span = &self.spans[idx as usize];
        let at = span.children_at as usize;
        &self.children[at..at + span.children_len as usize]
    }

    pub fn span(&self, idx: SpanIdx) -> &Span {
        &self.spans[idx as usize]
    }

    /// The trace's start in whole µs since the epoch, as the query API's time windows count.
    pub fn start_us(&self) -> i64 {
        self.start_ns.div_euclid(1_000)
    }

    /// Latest end minus earliest start (ns), so children that outlive the root still count.
    pub fn duration_ns(&self) -> i64 {
        self.end_ns.saturating_sub(self.start_ns)
    }

    /// The operation of the span that stands for the trace; `None` without spans.
    pub fn root_operation(&self) -> Option<&str> {
        self.root_span.map(|r| self.span(r).operation.as_str())
    }

    pub fn service_name(&self, idx: SpanIdx) -> &str {
        &self.services[self.span(idx).service].name
    }

    /// The name of a span that no other span of the trace shares, for selection, the address and
    /// links: its ID, followed by `~N` for the N-th span (N ≥ 2, input order) that repeats the ID
    /// (`00000000000000a2~2`). A span whose ID is unique is named by its ID alone.
    pub fn span_key(&self, idx: SpanIdx) -> String {
        let span = self.span(idx);
        match span.occurrence {
            1 => span.span_id.clone(),
            n => format!("{}{KEY_SEPARATOR}{n}", span.span_id),
        }
    }

    /// Looks a span up by its [`Trace::span_key`], whose ID part may be spelled any way
    /// (`A2` for `00000000000000a2`); a bare ID is the first span with that ID. A non-hex ID
    /// that itself holds `~2` is found too, when no span answers to the split reading.
    pub fn find_span(&self, key: &str) -> Option<SpanIdx> {
        let find = |id: &str, occurrence: u32| {
            let wanted = canonical_id(id);
            (self.spans.iter())
                .position(|s| s.span_id == wanted && s.occurrence == occurrence)
                .map(|i| i as SpanIdx)
        };
        match split_span_key(key) {
            (id, 1) => find(id, 1),
            (id, n) => find(id, n).or_else(|| find(key, 1)),
        }
    }

    fn link_children(&mut self) {
        let n = self.spans.len();
        let mut counts = vec![0u32; n];
        for span in &self.spans {
            if let Some(p) = span.parent {
                counts[p as usize] += 1;
            }
        }
        let mut at = 0u32;
        for (span, count) in self.spans.iter_mut().zip(&counts) {
            span.children_at = at;
            at += count;
        }
        let mut filled = vec![0u32; n];
        self.children = vec![0; at as usize];
        for (i, span) in self.spans.iter().enumerate() {
            if let Some(p) = span.parent {
                let parent = &self.spans[p as usize];
                self.children[(parent.children_at + filled[p as usize]) as usize] = i as SpanIdx;
                filled[p as usize] += 1;
            } else {
                self.roots.push(i as SpanIdx);
            }
        }
        for (span, count) in self.spans.iter_mut().zip(counts) {
            span.children_len = count;
        }
        // Stable sorts keep input order among equal start times.
        let spans = &self.spans;
        for span in spans {
            let at = span.children_at as usize;
            self.children[at..at + span.children_len as usize]
                .sort_by_key(|&c| spans[c as usize].start_ns);
        }
        self.roots.sort_by_key(|&r| spans[r as usize].start_ns);
    }

    fn walk_depths(&mut self) {
        let mut stack: Vec<SpanIdx> = self.roots.iter().rev().copied().collect();
        self.preorder.reserve(self.spans.len());
        while let Some(idx) = stack.pop() {
            let depth = match self.spans[idx as usize].parent {
                Some(p) => self.spans[p as usize].depth + 1,
                None => 0,
            };
            self.spans[idx as usize].depth = depth;
            self.max_depth = self.max_depth.max(depth);
            self.preorder.push(idx);
            stack.extend(self.children(idx).iter().rev());
        }
    }

    fn compute_self_times(&mut self) {
        for i in 0..self.spans.len() {
            let span = &self.spans[i];
            let (start, end) = (span.start_ns, span.end_ns());
            let mut covered = 0i64;
            let mut reach = start;
            for &c in self.children(i as SpanIdx) {
                let child = &self.spans[c as usize];
                let from = child.start_ns.clamp(reach, end);
                let to = child.end_ns().clamp(from, end);
                covered += to - from;
                reach = reach.max(to);
            }
            self.spans[i].self_time_ns = span.duration_ns - covered;
        }
    }

    fn compute_statistics(&mut self) {
        let spans = &self.spans;
        self.start_ns = spans.iter().map(|s| s.start_ns).min().unwrap_or(0);
        self.end_ns = spans.iter().map(Span::end_ns).max().unwrap_or(0);
        self.error_count = spans.iter().filter(|s| s.is_error).count();
        self.llm = LlmTotals::of(spans);
        self.orphan_count = spans.iter().filter(|s| s.flags.orphan).count();
        self.duplicate_count = spans.iter().filter(|s| s.flags.duplicate).count();
        self.cycle_count = spans.iter().filter(|s| s.flags.cycle_break).count();
        let first_root = |trusted: bool| {
            self.roots.iter().copied().find(|&r| {
                let flags = spans[r as usize].flags;
                !trusted || !(flags.orphan || flags.cycle_break)
            })
        };
        self.root_span = first_root(true).or_else(|| first_root(false));
    }
}

/// Turns the wire's span records into spans, with their legacy `parentSpanID`s beside them,
/// added to those read before.
fn read_spans(
    records: impl Iterator<Item = SpanRecord>,
    trace_id: &str,
    process_count: usize,
    spans: &mut Vec<Span>,
    legacy_parents: &mut Vec<Option<String>>,
) {
    for mut record in records {
        // A span's own trace ID may differ from the trace's (exports mix spellings): a
        // reference into either is a reference into this trace, stored without a trace ID.
        let own = canonicalize(std::mem::take(&mut record.trace_id));
        legacy_parents.push(record.parent_span_id.take().map(canonicalize));
        let mut span = new_span(record, process_count);
        for reference in &mut span.references {
            if reference.trace_id == own || reference.trace_id == trace_id {
                // Freed, not only emptied: a trace keeps its spans' references while it is open.
                reference.trace_id = String::new();
            }
        }
        spans.push(span);
    }
}

/// Sets each span's parent and what finding it told: orphan, duplicate ID (and which
/// occurrence), naming itself. References to a "none" span ID are dropped first.
fn set_parents(spans: &mut [Span], legacy_parents: &mut [Option<String>], processes: &[Process]) {
    let means_none = drop_references_to_none(spans);
    for legacy in legacy_parents.iter_mut() {
        if legacy.as_deref().is_some_and(&means_none) {
            *legacy = None;
        }
    }
    let parents = {
        let ids = SpanIds::index(spans, processes);
        (0..spans.len())
            .map(|i| {
                let duplicate = ids.is_duplicate(i);
                let (parent, orphan) = match ids.shared_client_of(i) {
                    Some(client) => (Some(client), false),
                    None => resolve_parent(i, spans, &legacy_parents[i], &ids),
                };
                let names_itself = spans[i]
                    .references
                    .iter()
                    .filter(|r| r.trace_id.is_empty())
                    .map(|r| r.span_id.as_str())
                    .chain(legacy_parents[i].as_deref())
                    .any(|id| ids.names_itself(i, id));
                (parent, orphan, duplicate, ids.occurrence(i), names_itself)
            })
            .collect::<Vec<_>>()
    };
    for (span, (parent, orphan, duplicate, occurrence, names_itself)) in
        spans.iter_mut().zip(parents)
    {
        span.parent = parent;
        span.flags.orphan = orphan;
        span.flags.duplicate = duplicate;
        span.occurrence = occurrence;
        span.flags.self_reference = names_itself;
    }
}

fn new_span(record: SpanRecord, process_count: usize) -> Span {
    let mut time_problems = Vec::new();
    if record.start_ns.is_none() {
        time_problems.push(TimeProblem::NoStart);
    }
    match record.duration_ns {
        // Without a start, "no start" already says the duration is unknown.
        None if record.start_ns.is_some() => time_problems.push(TimeProblem::NoEnd),
        None => {}
        Some(d) if d < 0 => time_problems.push(TimeProblem::EndBeforeStart {
            by_ns: d.saturating_neg(),
        }),
        Some(_) => {}
    }
    let is_error = semconv::is_error(&record.tags);
    let references = record
        .references
        .into_iter()
        .map(|r| Reference {
            trace_id: canonicalize(r.trace_id),
            span_id: canonicalize(r.span_id),
            ..r
        })
        .collect();
    Span {
        span_id: canonicalize(record.span_id),
        operation: record.operation,
        start_ns: record.start_ns.unwrap_or(0),
        duration_ns: record.duration_ns.unwrap_or(0).max(0),
        time_problems,
        tags: record.tags,
        logs: {
            // In time order, whatever order the backend sent them in (Jaeger's api_v3 answers
            // a span's events latest first); events at the same instant keep theirs.
            let mut logs = record.logs;
            logs.sort_by_key(|log| log.timestamp_ns);
            logs
        },
        references,
        warnings: record.warnings,
        process: if record.process < process_count {
            record.process
        } else {
            0
        },
        service: 0,
        parent: None,
        children_at: 0,
        children_len: 0,
        depth: 0,
        self_time_ns: 0,
        flags: SpanFlags::default(),
        is_error,
        occurrence: 1,
    }
}

/// Who carries each span ID: the first span with an ID is the one references mean, later ones
/// are duplicates, except Zipkin's shared spans (see [`SpanIds::shared_client_of`]).
struct SpanIds<'a> {
    /// Per ID: the first span carrying it, and how many do.
    first_by_id: FxHashMap<&'a str, (SpanIdx, u32)>,
    /// For each span, how many spans before it (and it) carry its ID: 1 for the first.
    occurrences: Vec<u32>,
    /// Client and server span of each ID carried by exactly those two spans.
    shared: FxHashMap<&'a str, (SpanIdx, SpanIdx)>,
    /// The ID of each span.
    span_ids: Vec<&'a str>,
    /// The service of each span, to pick a side of a shared span.
    services: Vec<&'a str>,
}

impl<'a> SpanIds<'a> {
    fn index(spans: &'a [Span], processes: &'a [Process]) -> Self {
        // Per ID: the first span carrying it, and how many do.
        let mut by_id: FxHashMap<&str, (SpanIdx, u32)> =
            FxHashMap::with_capacity_and_hasher(spans.len(), Default::default());
        let mut occurrences = Vec::with_capacity(spans.len());
        for (i, span) in spans.iter().enumerate() {
            let entry = by_id
                .entry(span.span_id.as_str())
                .or_insert((i as SpanIdx, 0));
            entry.1 += 1;
            occurrences.push(entry.1);
        }
        let kind = |i: usize| semconv::span_kind(&spans[i].tags);
        let mut shared = FxHashMap::default();
        for (i, span) in spans.iter().enumerate() {
            if occurrences[i] != 2 {
                continue;
            }
            let (first, count) = by_id[span.span_id.as_str()];
            if count != 2 {
                continue;
            }
            let first = first as usize;
            let pair = match (kind(first), kind(i)) {
                (Some(SpanKind::Client), Some(SpanKind::Server)) => (first, i),
                (Some(SpanKind::Server), Some(SpanKind::Client)) => (i, first),
                _ => continue,
            };
            shared.insert(
                span.span_id.as_str(),
                (pair.0 as SpanIdx, pair.1 as SpanIdx),
            );
        }
        let services = spans
            .iter()
            .map(|s| processes[s.process].service.as_str())
            .collect();
        Self {
            first_by_id: by_id,
            occurrences,
            shared,
            span_ids: spans.iter().map(|s| s.span_id.as_str()).collect(),
            services,
        }
    }

    fn occurrence(&self, i: usize) -> u32 {
        self.occurrences[i]
    }

    /// Repeats the ID of an earlier span, and the two are not a shared client/server pair.
    fn is_duplicate(&self, i: usize) -> bool {
        self.occurrences[i] > 1 && !self.shared.contains_key(self.span_ids[i])
    }

    /// The client side of the call when span `i` is the server side of a shared span ID.
    fn shared_client_of(&self, i: usize) -> Option<SpanIdx> {
        let &(client, server) = self.shared.get(self.span_ids[i])?;
        (server as usize == i).then_some(client)
    }

    /// The span a reference from span `from` to `span_id` means: for a shared ID, the server side
    /// when `from` is of the server's service, else the client side; otherwise the first span
    /// with that ID. Never `from` itself: that is a self-reference.
    fn lookup(&self, from: usize, span_id: &str) -> Option<SpanIdx> {
        let target = match self.shared.get(span_id) {
            Some(&(client, server)) if from == client as usize || from == server as usize => client,
            Some(&(client, server)) => {
                if self.services[from] == self.services[server as usize] {
                    server
                } else {
                    client
                }
            }
            None => self.first_by_id.get(span_id)?.0,
        };
        (target as usize != from).then_some(target)
    }

    /// Whether span `i` names its own ID as a parent: a reference that means nothing.
    fn names_itself(&self, i: usize, span_id: &str) -> bool {
        span_id == self.span_ids[i] && self.lookup(i, span_id).is_none()
    }
}

/// Drops references that name no span (an absent, empty or all-zero ID that no span of the trace
/// carries) and reads a reference's all-zero trace ID as "this trace". Returns that test of "no
/// span", for the deprecated `parentSpanID`.
fn drop_references_to_none(spans: &mut [Span]) -> impl Fn(&str) -> bool + use<> {
    let carried: FxHashSet<String> = spans
        .iter()
        .filter(|s| is_none_id(&s.span_id))
        .map(|s| s.span_id.clone())
        .collect();
    let means_none = move |id: &str| is_none_id(id) && !carried.contains(id);
    for span in spans.iter_mut() {
        span.references.retain(|r| !means_none(&r.span_id));
        for reference in &mut span.references {
            if !reference.trace_id.is_empty() && is_none_id(&reference.trace_id) {
                reference.trace_id = String::new();
            }
        }
    }
    means_none
}

/// Same-trace references decide (first `CHILD_OF` that exists, else first `FOLLOWS_FROM`, else any
/// other kind); without any, the deprecated `parentSpanID`. Returns the parent and whether the
/// span is an orphan: it named a parent that cannot be found. References to other traces are
/// links, never parents.
fn resolve_parent(
    i: usize,
    spans: &[Span],
    legacy_parent: &Option<String>,
    ids: &SpanIds,
) -> (Option<SpanIdx>, bool) {
    let span = &spans[i];
    let same_trace = || span.references.iter().filter(|r| r.trace_id.is_empty());
    if same_trace().next().is_none() {
        return match legacy_parent {
            Some(p) => {
                let parent = ids.lookup(i, p);
                (parent, parent.is_none())
            }
            None => (None, false),
        };
    }
    let rank = |kind: &RefKind| match kind {
        RefKind::ChildOf => 0,
        RefKind::FollowsFrom => 1,
        RefKind::Other(_) => 2,
    };
    let parent = (0..3).find_map(|wanted| {
        same_trace()
            .filter(|r| rank(&r.kind) == wanted)
            .find_map(|r| ids.lookup(i, &r.span_id))
    });
    (parent, parent.is_none())
}

/// Puts spans without a start, and spans starting within a year of the epoch beside spans on a
/// real clock (a year or more after it), at the trace's earliest real start, so one span with an
/// unset clock does not stretch the trace over 56 years. Such a span keeps its duration unless
/// that reached a real clock (its end was real and its start zero: the duration means nothing).
/// Without a real clock, nothing moves: small made-up times are times too.
fn place_unknown_starts(spans: &mut [Span]) {
    const REAL_CLOCK_NS: i64 = 365 * 24 * 3_600 * 1_000_000_000;
    let no_start = |s: &Span| s.time_problems.contains(&TimeProblem::NoStart);
    let Some(start) = (spans.iter())
        .filter(|s| !no_start(s) && s.start_ns >= REAL_CLOCK_NS)
        .map(|s| s.start_ns)
        .min()
    else {
        return;
    };
    for span in spans.iter_mut() {
        if no_start(span) {
            span.start_ns = start;
        } else if span.start_ns < REAL_CLOCK_NS {
            span.time_problems.insert(0, TimeProblem::StartAtEpoch);
            if span.end_ns() >= REAL_CLOCK_NS {
                span.duration_ns = 0;
            }
            span.start_ns = start;
        }
    }
}

/// Makes the earliest (input order) member of every parent cycle a root.
fn break_cycles(spans: &mut [Span]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Visit {
        Unseen,
        OnPath,
        Done,
    }
    let mut state = vec![Visit::Unseen; spans.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..spans.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                Visit::Unseen => {
                    state[i] = Visit::OnPath;
                    path.push(i);
                    at = spans[i].parent.map(|p| p as usize);
                }
                Visit::OnPath => {
                    let loop_start = path.iter().position(|&p| p == i).unwrap_or(0);
                    let breaker = path[loop_start..].iter().copied().min().unwrap_or(i);
                    spans[breaker].parent = None;
                    spans[breaker].flags.cycle_break = true;
                    break;
                }
                Visit::Done => break,
            }
        }
        for &i in &path {
            state[i] = Visit::Done;
        }
        path.clear();
    }
}

/// Gives every span its service index; services sorted by name, with span and error counts.
fn assign_services(spans: &mut [Span], processes: &[Process]) -> Vec<ServiceStat> {
    let mut used = vec![false; processes.len()];
    for span in spans.iter() {
        used[span.process] = true;
    }
    let mut names: Vec<&str> = processes
        .iter()
        .zip(&used)
        .filter(|(_, used)| **used)
        .map(|(p, _)| p.service.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut services: Vec<ServiceStat> = names
        .into_iter()
        .map(|name| ServiceStat {
            name: name.to_owned(),
            span_count: 0,
            error_count: 0,
        })
        .collect();
    for span in spans.iter_mut() {
        let name = processes[span.process].service.as_str();
        span.service = services
            .binary_search_by(|s| s.name.as_str().cmp(name))
            .unwrap_or_default();
        let stat = &mut services[span.service];
        stat.span_count += 1;
        stat.error_count += usize::from(span.is_error);
    }
    services
}
