// acontext-api, as far as its traces go: a Go HTTP service instrumented the way Acontext's Go API is
// (OpenTelemetry Go SDK, otelhttp on the server and on the client to acontext-core, W3C
// traceparent), exporting OTLP/HTTP to every Jaeger the end-to-end tests run.
//
// Usage: api -listen 127.0.0.1:PORT -core http://127.0.0.1:PORT -otlp http://127.0.0.1:PORT[,…]
//
// Routes (each answers what Acontext's would, and traces it):
//
//	GET  /api/v1/session/{id}           a SELECT, then acontext-core builds the context
//	POST /api/v1/session/{id}/messages  an INSERT, then acontext-core calls the LLM
//	GET  /api/v1/session/{id}/fail      acontext-core raises; both answer 500
//	POST /api/v1/session/{id}/flush     answered at once (202); acontext-core keeps working
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to serve on")
	core := flag.String("core", "", "acontext-core's base URL")
	otlp := flag.String("otlp", "", "comma-separated OTLP/HTTP base URLs (one per Jaeger)")
	flag.Parse()
	if *core == "" || *otlp == "" {
		log.Fatal("usage: api -listen ADDR -core URL -otlp URL[,URL…]")
	}

	ctx := context.Background()
	provider, err := tracerProvider(ctx, strings.Split(*otlp, ","))
	if err != nil {
		log.Fatalf("tracing: %v", err)
	}
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.TraceContext{})

	api := &api{
		core:   strings.TrimRight(*core, "/"),
		client: &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 10 * time.Second},
		tracer: provider.Tracer("acontext-api"),
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/session/{id}", route("/api/v1/session/{id}", api.session))
	mux.Handle("POST /api/v1/session/{id}/messages", route("/api/v1/session/{id}/messages", api.messages))
	mux.Handle("GET /api/v1/session/{id}/fail", route("/api/v1/session/{id}/fail", api.fail))
	mux.Handle("POST /api/v1/session/{id}/flush", route("/api/v1/session/{id}/flush", api.flush))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	// The port chosen, for whoever started us with port 0.
	fmt.Printf("{\"listening\": %d}\n", listener.Addr().(*net.TCPAddr).Port)
	server := &http.Server{Handler: mux}
	go func() {
		if err := server.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	server.Shutdown(ctx)
	provider.Shutdown(ctx)
}

// tracerProvider exports every span to each endpoint, in batches of at most 200 ms' wait so the
// tests do not sit out the SDK's default 5 s.
func tracerProvider(ctx context.Context, endpoints []string) (*sdktrace.TracerProvider, error) {
	res, err := resource.Merge(resource.Default(), resource.NewWithAttributes(semconv.SchemaURL,
		semconv.ServiceName("acontext-api"), semconv.ServiceVersion("e2e"), semconv.HostName("api-1")))
	if err != nil {
		return nil, err
	}
	options := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	for _, endpoint := range endpoints {
		exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(strings.TrimRight(endpoint, "/")+"/v1/traces"))
		if err != nil {
			return nil, err
		}
		options = append(options, sdktrace.WithBatcher(exporter, sdktrace.WithBatchTimeout(200*time.Millisecond)))
	}
	return sdktrace.NewTracerProvider(options...), nil
}

// route names the server span as Acontext's Gin middleware does, method and route template, and
// answers the trace ID in `x-trace-id` so the tests know which trace a request made.
func route(template string, handler http.HandlerFunc) http.Handler {
	withID := func(w http.ResponseWriter, r *http.Request) {
		span := trace.SpanFromContext(r.Context())
		span.SetAttributes(semconv.HTTPRoute(template))
		w.Header().Set("x-trace-id", span.SpanContext().TraceID().String())
		handler(w, r)
	}
	return otelhttp.NewHandler(http.HandlerFunc(withID), template, otelhttp.WithSpanNameFormatter(
		func(_ string, r *http.Request) string { return r.Method + " " + template }))
}

type api struct {
	core   string
	client *http.Client
	tracer trace.Tracer
}

// query stands in for a traced database call: a client span with the semantic conventions' db.* keys.
func (a *api) query(ctx context.Context, operation, table, text string, took time.Duration) {
	_, span := a.tracer.Start(ctx, operation+" "+table, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("db.system.name", "postgresql"),
			attribute.String("db.operation.name", operation),
			attribute.String("db.collection.name", table),
			attribute.String("db.query.text", text),
			attribute.String("server.address", "postgres"),
		))
	time.Sleep(took)
	span.End()
}

// callCore forwards to acontext-core with the trace context in `traceparent`; the answer's status
// becomes this request's.
func (a *api) callCore(w http.ResponseWriter, r *http.Request, method, path string) {
	req, err := http.NewRequestWithContext(r.Context(), method, a.core+path, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	res, err := a.client.Do(req)
	if err != nil {
		trace.SpanFromContext(r.Context()).RecordError(err)
		http.Error(w, "acontext-core unreachable", http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		span := trace.SpanFromContext(r.Context())
		span.SetStatus(codes.Error, fmt.Sprintf("acontext-core answered %d", res.StatusCode))
	}
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(res.StatusCode)
	w.Write(body)
}

func (a *api) session(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.query(r.Context(), "SELECT", "sessions", "SELECT * FROM sessions WHERE id = $1", 3*time.Millisecond)
	a.callCore(w, r, http.MethodGet, "/sessions/"+id+"/context")
}

func (a *api) messages(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.query(r.Context(), "INSERT", "messages", "INSERT INTO messages (session_id, parts) VALUES ($1, $2)", 2*time.Millisecond)
	a.callCore(w, r, http.MethodPost, "/sessions/"+id+"/process")
}

func (a *api) fail(w http.ResponseWriter, r *http.Request) {
	a.callCore(w, r, http.MethodPost, "/sessions/"+r.PathValue("id")+"/explode")
}

func (a *api) flush(w http.ResponseWriter, r *http.Request) {
	a.callCore(w, r, http.MethodPost, "/sessions/"+r.PathValue("id")+"/flush")
}
