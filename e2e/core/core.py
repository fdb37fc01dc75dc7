"""acontext-core, as far as its traces go: a Python HTTP service using opentelemetry-sdk the way
Acontext's Python core does, continuing the caller's trace from its W3C `traceparent` header and
exporting OTLP/HTTP to every Jaeger the end-to-end tests run.

Usage: python core.py --listen 127.0.0.1:PORT --otlp http://127.0.0.1:PORT[,…]

Routes (called by the acontext-api stand-in, e2e/api):
  GET  /sessions/{id}/context   two queries, then the context is assembled
  POST /sessions/{id}/process   an LLM call with gen_ai.* attributes and token usage
  POST /sessions/{id}/explode   raises; the exception is recorded and the answer is 500
  POST /sessions/{id}/flush     answers 202 at once; the work goes on in a thread, in the same
                                trace, and a batch job in a new trace links back to it
"""

import argparse
import json
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Link, SpanKind, Status, StatusCode


def tracer_provider(endpoints):
    """Every span goes to each endpoint, batched with a short wait so tests need not sit out 5 s."""
    provider = TracerProvider(resource=Resource.create({
        "service.name": "acontext-core", "service.version": "e2e", "host.name": "core-1"}))
    for endpoint in endpoints:
        exporter = OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    return provider


class Core:
    def __init__(self, tracer):
        self.tracer = tracer

    def query(self, operation, table, text, seconds):
        with self.tracer.start_as_current_span(f"{operation} {table}", kind=SpanKind.CLIENT, attributes={
                "db.system.name": "postgresql", "db.operation.name": operation,
                "db.collection.name": table, "db.query.text": text}):
            time.sleep(seconds)

    def context(self, session):
        self.query("SELECT", "messages", "SELECT * FROM messages WHERE session_id = $1 ORDER BY created_at", 0.004)
        self.query("SELECT", "blocks", "SELECT * FROM blocks WHERE session_id = $1", 0.002)
        with self.tracer.start_as_current_span("assemble context", attributes={"session.id": session}):
            time.sleep(0.001)
        return 200, {"session": session, "messages": 3}

    def process(self, session):
        self.query("SELECT", "messages", "SELECT * FROM messages WHERE session_id = $1 ORDER BY created_at", 0.003)
        with self.tracer.start_as_current_span("chat gpt-4o-mini", kind=SpanKind.CLIENT, attributes={
                "gen_ai.system": "openai", "gen_ai.operation.name": "chat",
                "gen_ai.request.model": "gpt-4o-mini", "gen_ai.request.temperature": 0.2,
                "gen_ai.request.max_tokens": 512}) as span:
            # The conversation as GenAI events: what the detail reads as turns.
            span.add_event("gen_ai.system.message", {"content": "Summarise the session briefly."})
            span.add_event("gen_ai.user.message", {"content": f"What happened in session {session}?"})
            time.sleep(0.03)
            span.add_event("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": json.dumps(
                {"role": "assistant", "content": "The user set up a project and uploaded two files."})})
            span.set_attributes({
                "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
                "gen_ai.response.finish_reasons": ["stop"],
                "gen_ai.usage.input_tokens": 1234, "gen_ai.usage.output_tokens": 56})
        return 200, {"session": session, "reply": "ok"}

    def explode(self, session):
        with self.tracer.start_as_current_span("extract memory") as span:
            try:
                raise ValueError(f"session {session} has no messages to extract")
            except ValueError as error:
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, str(error)))
                return 500, {"error": str(error)}

    def flush(self, session):
        carrier = trace.get_current_span().get_span_context()

        def later():
            # Same trace, after the answer: the parent is the span that answered 202.
            ctx = trace.set_span_in_context(trace.NonRecordingSpan(carrier))
            with self.tracer.start_as_current_span("flush buffer", context=ctx,
                                                   attributes={"session.id": session}) as buffered:
                time.sleep(0.05)
                self.query("UPDATE", "sessions", "UPDATE sessions SET flushed_at = now() WHERE id = $1", 0.002)
                link = buffered.get_span_context()
            # A batch job of its own trace, linked to the work that queued it.
            with self.tracer.start_as_current_span("compact batch", context=trace.set_span_in_context(
                    trace.INVALID_SPAN), kind=SpanKind.CONSUMER,
                    links=[Link(link, attributes={"link.reason": "queued by flush"})]):
                time.sleep(0.005)

        threading.Thread(target=later, daemon=True).start()
        return 202, {"session": session, "queued": True}


ROUTES = [
    ("GET", re.compile(r"^/sessions/([^/]+)/context$"), "context", "GET /sessions/{id}/context"),
    ("POST", re.compile(r"^/sessions/([^/]+)/process$"), "process", "POST /sessions/{id}/process"),
    ("POST", re.compile(r"^/sessions/([^/]+)/explode$"), "explode", "POST /sessions/{id}/explode"),
    ("POST", re.compile(r"^/sessions/([^/]+)/flush$"), "flush", "POST /sessions/{id}/flush"),
]


def handler(core, tracer):
    class Handler(BaseHTTPRequestHandler):
        def handle_route(self, method):
            path = self.path.split("?")[0]
            if path == "/healthz":
                return self.answer(200, {"ok": True})
            for route_method, pattern, name, route in ROUTES:
                match = pattern.match(path)
                if route_method == method and match:
                    break
            else:
                return self.answer(404, {"error": "no such route"})
            # The header names as sent (Go writes "Traceparent"); the propagator looks up lower case.
            parent = propagate.extract({k.lower(): v for k, v in self.headers.items()})
            with tracer.start_as_current_span(route, context=parent, kind=SpanKind.SERVER, attributes={
                    "http.request.method": method, "http.route": route.split(" ", 1)[1],
                    "url.path": path}) as span:
                status, body = getattr(core, name)(match.group(1))
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                self.answer(status, body)

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.handle_route("GET")

        def do_POST(self):
            self.handle_route("POST")

        def log_message(self, *args):
            pass

    return Handler


def stop(*_):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--otlp", required=True, help="comma-separated OTLP/HTTP base URLs")
    args = parser.parse_args()
    provider = tracer_provider(args.otlp.split(","))
    trace.set_tracer_provider(provider)
    tracer = trace.get_tracer("acontext-core")
    host, port = args.listen.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), handler(Core(tracer), tracer))
    # The port chosen, for whoever started us with port 0.
    print(json.dumps({"listening": server.server_address[1]}), flush=True)
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        provider.shutdown()


if __name__ == "__main__":
    main()
