// Command ${{ values.name }} is an HTTP service built on net/http alone, with no third-party
// modules.
//
//	GET /         the service's name and version, as JSON
//	GET /healthz  200 {"status":"ok"} while serving; 503 once shutdown has begun
//	GET /metrics  Prometheus text exposition format 0.0.4, written by hand
//
// It listens on $PORT (default 8080). SIGTERM (what Kubernetes sends) and SIGINT stop it
// accepting connections and let requests in flight finish, for at most $SHUTDOWN_GRACE_MS
// milliseconds (default 10000). `-healthcheck` asks the running server for /healthz and exits 0
// or 1, for the container's HEALTHCHECK (the image has no shell and no curl).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// serviceName is written by the template.
const serviceName = ${{ values.name | dump }}

const version = "0.1.0"

const metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

// defaultBuckets are latency buckets in seconds, from 5 ms to 10 s.
var defaultBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// routes the service knows; anything else is counted as "unmatched", so that scanners cannot
// create a time series per URL.
var routes = map[string]bool{"/": true, "/healthz": true, "/metrics": true}

// knownMethods bounds the method label: net/http accepts any token as a method.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
	http.MethodConnect: true, http.MethodTrace: true,
}

type requestKey struct{ method, route, status string }

type durationKey struct{ method, route string }

type histogram struct {
	counts []uint64 // per bucket, not cumulative; rendering accumulates them
	sum    float64
	count  uint64
}

// Metrics holds http_requests_total, http_request_duration_seconds and
// process_uptime_seconds, and renders them in the text exposition format.
type Metrics struct {
	mu        sync.Mutex
	start     time.Time
	now       func() time.Time
	buckets   []float64
	requests  map[requestKey]uint64
	durations map[durationKey]*histogram
}

// NewMetrics returns empty metrics; uptime counts from start.
func NewMetrics(start time.Time, buckets []float64) *Metrics {
	b := append([]float64(nil), buckets...)
	sort.Float64s(b)
	return &Metrics{
		start:     start,
		now:       time.Now,
		buckets:   b,
		requests:  map[requestKey]uint64{},
		durations: map[durationKey]*histogram{},
	}
}

// Observe counts one finished request and its duration.
func (m *Metrics) Observe(method, route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{method, route, strconv.Itoa(status)}]++
	key := durationKey{method, route}
	h := m.durations[key]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(m.buckets))}
		m.durations[key] = h
	}
	seconds := d.Seconds()
	for i, bound := range m.buckets {
		if seconds <= bound {
			h.counts[i]++
			break
		}
	}
	h.sum += seconds
	h.count++
}

// Requests returns the count of requests with these labels.
func (m *Metrics) Requests(method, route string, status int) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests[requestKey{method, route, strconv.Itoa(status)}]
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// escapeLabelValue escapes backslash, double quote and line feed.
func escapeLabelValue(v string) string { return labelEscaper.Replace(v) }

// formatValue writes a float as Prometheus parses it.
func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// labels renders name="value" pairs in braces.
func labels(pairs ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(pairs[i])
		b.WriteString(`="`)
		b.WriteString(escapeLabelValue(pairs[i+1]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// WriteTo writes every metric family, in a stable order.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder

	b.WriteString("# HELP http_requests_total HTTP requests served.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	reqKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqKeys = append(reqKeys, k)
	}
	sort.Slice(reqKeys, func(i, j int) bool {
		a, c := reqKeys[i], reqKeys[j]
		if a.method != c.method {
			return a.method < c.method
		}
		if a.route != c.route {
			return a.route < c.route
		}
		return a.status < c.status
	})
	for _, k := range reqKeys {
		b.WriteString("http_requests_total")
		b.WriteString(labels("method", k.method, "route", k.route, "status", k.status))
		b.WriteString(" " + strconv.FormatUint(m.requests[k], 10) + "\n")
	}

	b.WriteString("# HELP http_request_duration_seconds Time from receiving an HTTP request to finishing its response.\n")
	b.WriteString("# TYPE http_request_duration_seconds histogram\n")
	durKeys := make([]durationKey, 0, len(m.durations))
	for k := range m.durations {
		durKeys = append(durKeys, k)
	}
	sort.Slice(durKeys, func(i, j int) bool {
		a, c := durKeys[i], durKeys[j]
		if a.method != c.method {
			return a.method < c.method
		}
		return a.route < c.route
	})
	for _, k := range durKeys {
		h := m.durations[k]
		var cumulative uint64
		for i, bound := range m.buckets {
			cumulative += h.counts[i]
			b.WriteString("http_request_duration_seconds_bucket")
			b.WriteString(labels("method", k.method, "route", k.route, "le", formatValue(bound)))
			b.WriteString(" " + strconv.FormatUint(cumulative, 10) + "\n")
		}
		b.WriteString("http_request_duration_seconds_bucket")
		b.WriteString(labels("method", k.method, "route", k.route, "le", "+Inf"))
		b.WriteString(" " + strconv.FormatUint(h.count, 10) + "\n")
		b.WriteString("http_request_duration_seconds_sum")
		b.WriteString(labels("method", k.method, "route", k.route))
		b.WriteString(" " + formatValue(h.sum) + "\n")
		b.WriteString("http_request_duration_seconds_count")
		b.WriteString(labels("method", k.method, "route", k.route))
		b.WriteString(" " + strconv.FormatUint(h.count, 10) + "\n")
	}

	b.WriteString("# HELP process_uptime_seconds Seconds since the process started.\n")
	b.WriteString("# TYPE process_uptime_seconds gauge\n")
	b.WriteString("process_uptime_seconds " + formatValue(m.now().Sub(m.start).Seconds()) + "\n")

	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// newHandler serves the routes and records every request in m. Once shuttingDown is set,
// /healthz answers 503 so that load balancers stop sending traffic.
func newHandler(m *Metrics, shuttingDown *atomic.Bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		route := r.URL.Path
		if !routes[route] {
			route = "unmatched"
		}
		method := r.Method
		if !knownMethods[method] {
			method = "OTHER"
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() { m.Observe(method, route, rec.status, time.Since(started)) }()

		if route == "unmatched" {
			writeJSON(rec, http.StatusNotFound, map[string]string{"error": "not found"})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			rec.Header().Set("Allow", "GET, HEAD")
			writeJSON(rec, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		switch route {
		case "/healthz":
			if shuttingDown.Load() {
				writeJSON(rec, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
				return
			}
			writeJSON(rec, http.StatusOK, map[string]string{"status": "ok"})
		case "/metrics":
			rec.Header().Set("Content-Type", metricsContentType)
			rec.WriteHeader(http.StatusOK)
			_, _ = m.WriteTo(rec)
		default:
			writeJSON(rec, http.StatusOK, map[string]string{"service": serviceName, "version": version})
		}
	})
}

// logInfo writes one JSON log line to stdout.
func logInfo(msg string, fields map[string]any) {
	line := map[string]any{"time": time.Now().UTC().Format(time.RFC3339Nano), "level": "info", "message": msg}
	for k, v := range fields {
		line[k] = v
	}
	_ = json.NewEncoder(os.Stdout).Encode(line)
}

// run serves on addr until ctx is done, then shuts down gracefully within grace. When ready is
// not nil it receives the listening address.
func run(ctx context.Context, addr string, grace time.Duration, ready chan<- net.Addr) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	metrics := NewMetrics(time.Now(), defaultBuckets)
	var shuttingDown atomic.Bool
	srv := &http.Server{
		Handler:           newHandler(metrics, &shuttingDown),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logInfo("listening", map[string]any{"service": serviceName, "port": ln.Addr().(*net.TCPAddr).Port})
	if ready != nil {
		ready <- ln.Addr()
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logInfo("shutting down", nil)
	shuttingDown.Store(true)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logInfo("stopped", nil)
	return nil
}

// healthcheck asks the server on port for /healthz and returns the process exit code.
func healthcheck(port string) int {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthz answered", resp.Status)
		return 1
	}
	return 0
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	check := flag.Bool("healthcheck", false, "GET /healthz of the server on $PORT and exit 0 if it answers 200")
	flag.Parse()
	port := envOr("PORT", "8080")
	if *check {
		os.Exit(healthcheck(port))
	}
	graceMs, err := strconv.Atoi(envOr("SHUTDOWN_GRACE_MS", "10000"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "SHUTDOWN_GRACE_MS:", err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, ":"+port, time.Duration(graceMs)*time.Millisecond, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
