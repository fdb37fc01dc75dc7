//! Jaeger's query answer (`{"data": [trace…], …}`, Jaeger's `cmd/query/app/http_handler.go`
//! `structuredResponse`) read while it arrives: each span is read as soon as its last byte is in,
//! so parsing overlaps the transfer and the whole answer (54 MB for a 100,000-span trace) is never
//! held at once in wasm memory. A trace another answer already brought is skipped as its bytes
//! pass, unread (its brackets checked, not its values). Where the two readers differ on valid JSON:
//! a trace twice in one answer is read once (the first copy).
//!
//! Only the envelope as Jaeger writes it (`data` first, holding an array) is read this way; any
//! other shape is gathered whole and handed to [`parse_unseen`] at the end, so every payload reads
//! exactly as it would whole. The caller keeps the bytes for the one case this reader cannot
//! finish (`Err` from [`AnswerStream::finish`]: JSON that does not read), where the whole
//! reader's message, with its line and column, is the one to show.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{
    AnswerSeed, Lenient, Processes, SearchAnswer, WireSpan, WireTrace, answer_document,
    parse_unseen,
};
use crate::model::TraceRecord;
use crate::model::id::canonical_id;
use crate::wire::lenient::Text;
use crate::wire::{Document, ParseError};

/// Reads one Jaeger query answer fed in pieces of any size.
///
/// `feed` each piece as it arrives, with the set of trace IDs already read from other answers to
/// the same search (a trace whose ID is in it is left out unread; one read here is added to it as
/// soon as its ID is known, so concurrent answers read each trace once), then `finish`.
///
/// Made [`AnswerStream::holding`] the traces the viewer already holds, a trace whose spans number
/// what the held copy has is not read again (a finished trace does not change): its spans are
/// counted as they pass, and the document names it in `unchanged`, or in `changed` when the
/// count differs (a trace still being written), for the caller to fetch by ID.
#[derive(Default)]
pub struct AnswerStream {
    /// Canonical trace ID → span count of the traces held already.
    held: Arc<HashMap<String, usize>>,
    unchanged: Vec<String>,
    changed: Vec<String>,
    /// The spans counted in a held trace's `spans`, once it has passed.
    counted: Option<usize>,
    /// The IDs this answer added to `seen`.
    claimed: Vec<String>,
    /// Where the list being read is: commas go only between items.
    expect: Expect,
    /// Bytes not consumed yet: from the start of the value being captured, or the lookahead.
    pending: Vec<u8>,
    /// Where the unconsumed part of `pending` starts: consuming moves this, and the consumed
    /// bytes go once per piece (draining per span would move the rest of the piece each time).
    start: usize,
    /// The span being read did not fit in what had arrived: its end is being scanned for.
    span_cut: bool,
    /// Where the scan of `pending` resumes.
    scan: Scan,
    state: State,
    traces: Vec<WireTrace>,
    /// Traces handed out before the end by [`AnswerStream::take_read`].
    taken: usize,
    left_out: usize,
    /// The trace being read, and how.
    trace: Option<(WireTrace, Reading)>,
    /// Keys of the trace being read, to refuse a key twice as the whole reader does.
    keys: Vec<String>,
    /// The key whose value is being captured.
    key: Option<String>,
    /// Everything, when the payload is not an envelope this reader streams.
    whole: Option<Vec<u8>>,
    /// The envelope after `data`'s array: its other members (`errors`, `total`…).
    tail: Vec<u8>,
}

/// Where a list (of traces, of a trace's members, of spans) is: commas go only between items.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Expect {
    #[default]
    First,
    Item,
    Comma,
}

/// JSON's white space (RFC 8259: no form feed, unlike `u8::is_ascii_whitespace`).
fn is_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// How the trace being read is taken.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Reading {
    #[default]
    Read,
    /// Its ID was seen in another answer: left out unread.
    LeftOut,
    /// Held already with this many spans: counted, not read.
    Held(usize),
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum State {
    /// Before `{"data":[`.
    #[default]
    Start,
    /// In `data`: before a trace, a comma or the closing bracket.
    Data,
    /// In a trace object: before a key, a comma or the closing brace.
    TraceKey,
    /// After a key and its colon: capturing the value (or opening `spans`).
    TraceValue,
    /// In a trace's `spans` array: before a span, a comma or the closing bracket.
    Spans,
    /// Reading one span.
    Span,
    /// After `data`: gathering the envelope's other members.
    Tail,
}

/// A resumable scan for the end of one JSON value that starts at `pending[start]`.
#[derive(Debug, Default)]
struct Scan {
    at: usize,
    /// The closing brackets owed, innermost last: a value skipped unread is still refused when
    /// its brackets do not pair.
    closers: Vec<u8>,
    /// Objects directly inside the value when it is an array (a skipped trace's spans).
    objects: usize,
    in_string: bool,
    escaped: bool,
}

/// What the structural scan found next.
enum Next {
    /// More bytes are needed.
    More,
    /// This byte, now at `pending[start]`.
    Byte(u8),
}

/// A payload this reader cannot read in pieces; [`AnswerStream::finish`] then reads it whole.
struct Unstreamable;

impl AnswerStream {
    /// A reader that reads every trace not in `seen`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A reader that leaves out unread the traces held already (canonical trace ID → span count)
    /// while their span count is unchanged.
    pub fn holding(held: Arc<HashMap<String, usize>>) -> Self {
        Self {
            held,
            ..Self::default()
        }
    }

    /// Takes the next piece of the answer.
    ///
    /// # Errors
    /// A [`ParseError`] when the piece shows the answer cannot read (a span that is not a span,
    /// a key twice); the caller then reads the whole bytes for the full message.
    pub fn feed(&mut self, piece: &[u8], seen: &mut HashSet<String>) -> Result<(), ParseError> {
        if let Some(whole) = &mut self.whole {
            whole.extend_from_slice(piece);
            return Ok(());
        }
        if self.state == State::Tail {
            self.tail.extend_from_slice(piece);
            return Ok(());
        }
        self.pending.drain(..self.start);
        self.start = 0;
        self.pending.extend_from_slice(piece);
        match self.advance(seen) {
            Ok(result) => result,
            Err(Unstreamable) => {
                self.whole = Some(self.pending.split_off(self.start));
                Ok(())
            }
        }
    }

    /// The traces read whole since the last call, taken out (each is handed out once): a list
    /// shows them while the rest of the answer arrives. [`AnswerStream::finish`] gives the rest.
    pub fn take_read(&mut self) -> Vec<TraceRecord> {
        self.taken += self.traces.len();
        std::mem::take(&mut self.traces)
            .into_iter()
            .map(WireTrace::into_record)
            .collect()
    }

    /// Bytes held for a value whose end has not arrived (one span, or a few KB of a left-out
    /// trace): what reading in pieces keeps of the answer.
    pub fn held_bytes(&self) -> usize {
        self.rest().len() + self.whole.as_ref().map_or(0, Vec::len)
    }

    /// The answer once its last piece is in: what [`parse_unseen`] would give for the whole.
    ///
    /// # Errors
    /// As [`parse_unseen`]'s, but a JSON error's line and column are within the span or value
    /// that failed: read the whole answer again for the exact message.
    pub fn finish(self, seen: &HashSet<String>) -> Result<Document, ParseError> {
        if let Some(whole) = self.whole {
            return parse_unseen(&whole, seen);
        }
        if self.state == State::Start {
            // Too short to tell: all of it is still here.
            return parse_unseen(self.rest(), seen);
        }
        if self.state != State::Tail {
            return Err(ParseError::Json("the answer ends before its end".into()));
        }
        // The envelope's other members, read as the whole reader reads them.
        let mut rest = b"{\"data\":null".to_vec();
        rest.extend_from_slice(&self.tail);
        let tail: SearchAnswer = read_with(&rest, AnswerSeed(&HashSet::new()))?;
        answer_document(
            SearchAnswer {
                data: Some((self.traces, self.left_out)),
                errors: tail.errors,
            },
            self.taken,
        )
        .map(|document| Document {
            unchanged: self.unchanged,
            changed: self.changed,
            ..document
        })
    }

    /// What `pending` holds beyond what was consumed.
    fn rest(&self) -> &[u8] {
        &self.pending[self.start..]
    }

    /// Consumes what `pending` holds, as far as it goes.
    fn advance(
        &mut self,
        seen: &mut HashSet<String>,
    ) -> Result<Result<(), ParseError>, Unstreamable> {
        loop {
            let step = match self.state {
                State::Start => self.start()?,
                State::Data => self.data(),
                State::TraceKey => self.trace_key(seen),
                State::TraceValue => self.trace_value(seen),
                State::Spans => self.spans(),
                State::Span => self.span(),
                State::Tail => {
                    self.tail.extend_from_slice(&self.pending[self.start..]);
                    self.start = self.pending.len();
                    return Ok(Ok(()));
                }
            };
            match step {
                Ok(true) => {}
                Ok(false) => return Ok(Ok(())),
                Err(error) => return Ok(Err(error)),
            }
        }
    }

    /// `{"data":[` (white space allowed between the tokens) opens the stream; anything else is
    /// read whole.
    fn start(&mut self) -> Result<Result<bool, ParseError>, Unstreamable> {
        let rest = self.rest();
        let mut at = 0;
        for token in [&b"{"[..], b"\"data\"", b":", b"["] {
            while rest.get(at).is_some_and(is_space) {
                at += 1;
            }
            let available = &rest[at.min(rest.len())..];
            if available.len() < token.len() {
                return if token.starts_with(available) {
                    Ok(Ok(false))
                } else {
                    Err(Unstreamable)
                };
            }
            if !available.starts_with(token) {
                return Err(Unstreamable);
            }
            at += token.len();
        }
        self.start += at;
        self.state = State::Data;
        self.expect = Expect::First;
        Ok(Ok(true))
    }

    /// A comma, where one may stand.
    fn comma(&mut self) -> Result<bool, ParseError> {
        if self.expect != Expect::Comma {
            return Err(ParseError::Json("a comma where no item precedes it".into()));
        }
        self.expect = Expect::Item;
        self.start += 1;
        Ok(true)
    }

    /// The start of an item, where one may stand.
    fn item(&self) -> Result<(), ParseError> {
        match self.expect {
            Expect::Comma => Err(ParseError::Json("two items without a comma between".into())),
            _ => Ok(()),
        }
    }

    /// A closing bracket or brace, where one may stand.
    fn close(&self) -> Result<(), ParseError> {
        match self.expect {
            Expect::Item => Err(ParseError::Json("a comma before a closing bracket".into())),
            _ => Ok(()),
        }
    }

    /// Adds a trace ID to `seen`, remembering it was this answer's.
    fn claim(&mut self, seen: &mut HashSet<String>, id: &str) {
        if !id.is_empty() && seen.insert(id.to_owned()) {
            self.claimed.push(id.to_owned());
        }
    }

    /// The trace IDs this answer added to `seen` (to take back when it cannot be read).
    pub fn claimed(&self) -> &[String] {
        &self.claimed
    }

    /// The next byte of `pending` that is not white space, dropping the white space before it.
    fn next_byte(&mut self) -> Next {
        match self.rest().iter().position(|b| !is_space(b)) {
            Some(at) => {
                self.start += at;
                Next::Byte(self.pending[self.start])
            }
            None => {
                self.start = self.pending.len();
                Next::More
            }
        }
    }

    fn data(&mut self) -> Result<bool, ParseError> {
        match self.next_byte() {
            Next::More => Ok(false),
            Next::Byte(b',') => self.comma(),
            Next::Byte(b'{') => {
                self.item()?;
                self.expect = Expect::First;
                self.start += 1;
                self.trace = Some((WireTrace::default(), Reading::Read));
                self.keys.clear();
                self.state = State::TraceKey;
                Ok(true)
            }
            Next::Byte(b']') => {
                self.close()?;
                self.start += 1;
                self.state = State::Tail;
                Ok(true)
            }
            Next::Byte(_) => Err(ParseError::Shape(
                "a trace in `data` that is not a JSON object".into(),
            )),
        }
    }

    fn trace_key(&mut self, seen: &mut HashSet<String>) -> Result<bool, ParseError> {
        match self.next_byte() {
            Next::More => Ok(false),
            Next::Byte(b',') => self.comma(),
            Next::Byte(b'}') => {
                self.close()?;
                self.start += 1;
                let (trace, reading) = self.trace.take().unwrap_or_default();
                match reading {
                    Reading::Read => {
                        // A trace without `traceID` is named by its first span.
                        if let Some(span) =
                            trace.spans.first().filter(|_| trace.trace_id.0.is_empty())
                        {
                            let id = span.trace_id.0.clone();
                            self.claim(seen, &id);
                        }
                        self.traces.push(trace);
                    }
                    Reading::LeftOut => self.left_out += 1,
                    Reading::Held(spans) => {
                        self.left_out += 1;
                        if self.counted.take() == Some(spans) {
                            self.unchanged.push(canonical_id(&trace.trace_id.0));
                        } else {
                            self.changed.push(trace.trace_id.0);
                        }
                    }
                }
                self.state = State::Data;
                self.expect = Expect::Comma;
                Ok(true)
            }
            Next::Byte(b'"') => {
                self.item()?;
                // The key and its colon, once both are in.
                let rest = self.rest();
                let Some(end) = string_end(rest) else {
                    return Ok(false);
                };
                let Some(colon) = rest[end..]
                    .iter()
                    .position(|b| !is_space(b))
                    .map(|at| end + at)
                else {
                    return Ok(false);
                };
                if rest[colon] != b':' {
                    return Err(ParseError::Json("a key without its colon".into()));
                }
                let Text(key) = read(&rest[..end])?;
                if self.keys.contains(&key) {
                    return Err(ParseError::Shape(format!("duplicate field `{key}`")));
                }
                self.keys.push(key.clone());
                self.key = Some(key);
                self.start += colon + 1;
                self.scan = Scan::default();
                self.state = State::TraceValue;
                Ok(true)
            }
            Next::Byte(_) => Err(ParseError::Json("a trace's key is not a string".into())),
        }
    }

    fn trace_value(&mut self, seen: &mut HashSet<String>) -> Result<bool, ParseError> {
        let reading = self
            .trace
            .as_ref()
            .map_or(Reading::Read, |(_, reading)| *reading);
        let left_out = reading != Reading::Read;
        if self.scan.at == 0 && self.key.as_deref() == Some("spans") && !left_out {
            match self.next_byte() {
                Next::More => return Ok(false),
                Next::Byte(b'[') => {
                    self.start += 1;
                    self.state = State::Spans;
                    self.expect = Expect::First;
                    return Ok(true);
                }
                Next::Byte(_) => {}
            }
        }
        let Some(end) = self.capture()? else {
            if left_out {
                // A seen trace's bytes go as they are scanned.
                self.start += self.scan.at;
                self.scan.at = 0;
            }
            return Ok(false);
        };
        let key = self.key.take().unwrap_or_default();
        if key == "spans" && matches!(reading, Reading::Held(_)) {
            self.counted = Some(self.scan.objects);
        }
        let value = &self.pending[self.start..self.start + end];
        if let Some((trace, reading)) = self
            .trace
            .as_mut()
            .filter(|(_, reading)| *reading == Reading::Read)
        {
            match key.as_str() {
                "traceID" => {
                    trace.trace_id = read(value)?;
                    let id = &trace.trace_id.0;
                    if seen.contains(id) {
                        *reading = Reading::LeftOut;
                    } else if let Some(&spans) = self.held.get(&canonical_id(id)) {
                        *reading = Reading::Held(spans);
                        // Spans read before the ID (another writer's order) are counted.
                        if self.keys.iter().any(|k| k == "spans") {
                            self.counted = Some(trace.spans.len());
                        }
                    }
                    if *reading != Reading::Read {
                        trace.spans.clear();
                    }
                    if *reading != Reading::LeftOut {
                        let id = id.clone();
                        self.claim(seen, &id);
                    }
                }
                "spans" => trace.spans = read::<Lenient<WireSpan>>(value)?.0,
                "processes" => trace.processes = read::<Processes>(value)?.0,
                "warnings" => trace.warnings = read::<Lenient<Text>>(value)?.0,
                _ => {
                    read::<IgnoredAny>(value)?;
                }
            }
        }
        self.start += end;
        self.state = State::TraceKey;
        self.expect = Expect::Comma;
        Ok(true)
    }

    fn spans(&mut self) -> Result<bool, ParseError> {
        match self.next_byte() {
            Next::More => Ok(false),
            Next::Byte(b',') => self.comma(),
            Next::Byte(b']') => {
                self.close()?;
                self.start += 1;
                self.key = None;
                self.state = State::TraceKey;
                self.expect = Expect::Comma;
                Ok(true)
            }
            Next::Byte(_) => {
                self.item()?;
                self.state = State::Span;
                Ok(true)
            }
        }
    }

    /// Reads one span straight from `pending`, without looking for its end first. A span cut off
    /// by the end of a piece is then scanned for its end as pieces come (so a span of many pieces
    /// costs one scan, not one attempt per piece) and read once whole.
    fn span(&mut self) -> Result<bool, ParseError> {
        if !self.span_cut {
            let mut spans = serde_json::Deserializer::from_slice(&self.pending[self.start..])
                .into_iter::<WireSpan>();
            match spans.next() {
                None => return Ok(false),
                Some(Ok(span)) => {
                    self.start += spans.byte_offset();
                    return Ok(self.push_span(span));
                }
                // Cut off (a number cut after its `.`, `e` or `-` fails otherwise than "EOF"),
                // or wrong: the span's end decides.
                Some(Err(_)) => {
                    self.span_cut = true;
                    self.scan = Scan::default();
                }
            }
        }
        let Some(end) = self.capture()? else {
            return Ok(false);
        };
        // Half an emoji (a lone surrogate escape) costs this span nothing but the character.
        let (mut span, repaired) = crate::wire::read_tolerating_lone_surrogates(
            &self.pending[self.start..self.start + end],
            |bytes| serde_json::from_slice::<WireSpan>(bytes).map_err(ParseError::json),
        )?;
        span.repaired = repaired;
        self.span_cut = false;
        self.start += end;
        Ok(self.push_span(span))
    }

    fn push_span(&mut self, mut span: WireSpan) -> bool {
        if let Some((trace, Reading::Read)) = &mut self.trace {
            span.forget_trace_id(&trace.trace_id.0);
            trace.spans.push(span);
        }
        self.state = State::Spans;
        self.expect = Expect::Comma;
        true
    }

    /// Where the value at `pending[start]` ends (exclusive, from `start`), once its last byte is
    /// in; the scan resumes where it stopped when called again with more bytes.
    ///
    /// # Errors
    /// Brackets that do not pair.
    fn capture(&mut self) -> Result<Option<usize>, ParseError> {
        let bytes = &self.pending[self.start..];
        let scan = &mut self.scan;
        while scan.at < bytes.len() {
            if scan.in_string {
                if scan.escaped {
                    scan.escaped = false;
                    scan.at += 1;
                    continue;
                }
                let Some(offset) = memchr::memchr2(b'"', b'\\', &bytes[scan.at..]) else {
                    scan.at = bytes.len();
                    return Ok(None);
                };
                scan.at += offset;
                if bytes[scan.at] == b'\\' {
                    scan.escaped = true;
                } else {
                    scan.in_string = false;
                    if scan.closers.is_empty() {
                        return Ok(Some(scan.at + 1));
                    }
                }
                scan.at += 1;
                continue;
            }
            match bytes[scan.at] {
                b'"' => scan.in_string = true,
                b'{' => {
                    scan.objects += usize::from(scan.closers == [b']']);
                    scan.closers.push(b'}');
                }
                b'[' => scan.closers.push(b']'),
                b'}' | b']' if scan.closers.is_empty() => return Ok(Some(scan.at)),
                closer @ (b'}' | b']') => {
                    if scan.closers.pop() != Some(closer) {
                        return Err(ParseError::Json(format!(
                            "a `{}` that closes nothing open",
                            char::from(closer)
                        )));
                    }
                    if scan.closers.is_empty() {
                        return Ok(Some(scan.at + 1));
                    }
                }
                b',' if scan.closers.is_empty() => return Ok(Some(scan.at)),
                _ => {}
            }
            scan.at += 1;
        }
        Ok(None)
    }
}

/// The end (exclusive) of the JSON string starting at `bytes[0]`, once it is all in.
fn string_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 1;
    loop {
        at += memchr::memchr2(b'"', b'\\', &bytes[at..])?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        // An escape: its character is never the string's end.
        at += 2;
        if at > bytes.len() {
            return None;
        }
    }
}

fn read<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, ParseError> {
    serde_json::from_slice(bytes).map_err(ParseError::json)
}

fn read_with<'de, S: serde::de::DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> Result<S::Value, ParseError> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = seed.deserialize(&mut reader).map_err(ParseError::json)?;
    reader
        .end()
        .map_err(|e| ParseError::MoreAfter(e.to_string()))?;
    Ok(value)
}
