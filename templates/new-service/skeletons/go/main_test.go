package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func newTestServer(t *testing.T) (*httptest.Server, *Metrics, *atomic.Bool) {
	t.Helper()
	metrics := NewMetrics(time.Now(), defaultBuckets)
	var shuttingDown atomic.Bool
	srv := httptest.NewServer(newHandler(metrics, &shuttingDown))
	t.Cleanup(srv.Close)
	return srv, metrics, &shuttingDown
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestHealthz(t *testing.T) {
	srv, _, _ := newTestServer(t)
	resp, body := get(t, srv.URL+"/healthz")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["status"] != "ok" {
		t.Errorf("body %q, want {\"status\":\"ok\"}", body)
	}
}

func TestHealthzDuringShutdown(t *testing.T) {
	srv, _, shuttingDown := newTestServer(t)
	shuttingDown.Store(true)
	resp, _ := get(t, srv.URL+"/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
}

func TestRootNamesTheService(t *testing.T) {
	srv, _, _ := newTestServer(t)
	resp, body := get(t, srv.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got["service"] != serviceName || got["version"] != version {
		t.Errorf("body %q", body)
	}
}

func TestUnknownPathAndMethod(t *testing.T) {
	srv, metrics, _ := newTestServer(t)
	resp, _ := get(t, srv.URL+"/nope")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nope: status %d, want 404", resp.StatusCode)
	}
	post, err := http.Post(srv.URL+"/healthz", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: status %d, want 405", post.StatusCode)
	}
	if got := metrics.Requests("GET", "unmatched", 404); got != 1 {
		t.Errorf("unmatched requests counted %d, want 1", got)
	}
	if got := metrics.Requests("POST", "/healthz", 405); got != 1 {
		t.Errorf("POST /healthz counted %d, want 1", got)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	srv, _, _ := newTestServer(t)
	get(t, srv.URL+"/healthz")
	get(t, srv.URL+"/healthz")
	get(t, srv.URL+"/nope")
	resp, body := get(t, srv.URL+"/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != metricsContentType {
		t.Errorf("content type %q, want %q", ct, metricsContentType)
	}
	for _, want := range []string{
		`(?m)^# TYPE http_requests_total counter$`,
		`(?m)^http_requests_total\{method="GET",route="/healthz",status="200"\} 2$`,
		`(?m)^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$`,
		`(?m)^# TYPE http_request_duration_seconds histogram$`,
		`(?m)^http_request_duration_seconds_bucket\{method="GET",route="/healthz",le="\+Inf"\} 2$`,
		`(?m)^http_request_duration_seconds_count\{method="GET",route="/healthz"\} 2$`,
		`(?m)^# TYPE process_uptime_seconds gauge$`,
		`(?m)^process_uptime_seconds [0-9.e+-]+$`,
	} {
		if !regexp.MustCompile(want).MatchString(body) {
			t.Errorf("/metrics lacks %s in:\n%s", want, body)
		}
	}
	if !strings.HasSuffix(body, "\n") {
		t.Error("exposition must end with a line feed")
	}
}

func TestHistogramIsCumulative(t *testing.T) {
	start := time.Unix(1000, 0)
	m := NewMetrics(start, []float64{1, 0.1})
	m.now = func() time.Time { return start.Add(90 * time.Second) }
	m.Observe("GET", "/", 200, 50*time.Millisecond)
	m.Observe("GET", "/", 200, 500*time.Millisecond)
	m.Observe("GET", "/", 500, 3*time.Second)
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"# HELP http_requests_total HTTP requests served.",
		"# TYPE http_requests_total counter",
		`http_requests_total{method="GET",route="/",status="200"} 2`,
		`http_requests_total{method="GET",route="/",status="500"} 1`,
		"# HELP http_request_duration_seconds Time from receiving an HTTP request to finishing its response.",
		"# TYPE http_request_duration_seconds histogram",
		`http_request_duration_seconds_bucket{method="GET",route="/",le="0.1"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/",le="1"} 2`,
		`http_request_duration_seconds_bucket{method="GET",route="/",le="+Inf"} 3`,
		`http_request_duration_seconds_sum{method="GET",route="/"} 3.55`,
		`http_request_duration_seconds_count{method="GET",route="/"} 3`,
		"# HELP process_uptime_seconds Seconds since the process started.",
		"# TYPE process_uptime_seconds gauge",
		"process_uptime_seconds 90",
		"",
	}, "\n")
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestEscapeLabelValue(t *testing.T) {
	if got, want := escapeLabelValue("a\"b\\c\nd"), `a\"b\\c\nd`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRunShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", 5*time.Second, ready) }()

	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not start")
	}
	resp, _ := get(t, "http://"+addr.String()+"/healthz")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
}
