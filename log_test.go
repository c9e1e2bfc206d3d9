package mockserver_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// TestRequestLogLine checks the one line per request the logger gets at
// Info, and that a logger above Info gets none but for requests with
// violations, which are logged at Warn.
func TestRequestLogLine(t *testing.T) {
	t.Parallel()
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelWarn} {
		var logs bytes.Buffer // the in-process client answers in this goroutine
		s := newServer(t, mockserver.Options{EmptyState: true,
			Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: level}))})
		if resp, b := send(t, s.Client(), "GET", hogFunctions, ""); resp.StatusCode != 200 {
			t.Fatalf("status %d %s", resp.StatusCode, b)
		}
		line := logs.String()
		logged := strings.Contains(line, `"msg":"request"`)
		if level == slog.LevelInfo && (!logged || !strings.Contains(line, `"operation":"environments_hog_functions_list"`) || !strings.Contains(line, `"status":200`)) {
			t.Errorf("at Info: log = %q, want a request line naming the operation and status", line)
		}
		if level == slog.LevelWarn && logged {
			t.Errorf("at Warn: log = %q, want no request line", line)
		}
	}
}

func TestRequestLogLineOfViolations(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	s := newServer(t, mockserver.Options{EmptyState: true,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if resp, b := send(t, s.Client(), "GET", hogFunctions, ""); resp.StatusCode != 200 {
		t.Fatalf("status %d %s", resp.StatusCode, b)
	}
	if logs.Len() != 0 {
		t.Fatalf("a good request logged at Warn: %s", logs.String())
	}
	if resp, _ := send(t, s.Client(), "POST", hogFunctions, `{"name": 5}`); resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	var line struct {
		Level      string `json:"level"`
		Msg        string `json:"msg"`
		Violations int    `json:"violations"`
		Duration   any    `json:"duration"`
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, logs.String())
	}
	if line.Level != "WARN" || line.Msg != "request" || line.Violations == 0 {
		t.Errorf("log line %+v, want a WARN request line with violations", line)
	}
	// slog's JSON handler writes a time.Duration as integer nanoseconds.
	if d, ok := line.Duration.(float64); !ok || d != float64(int64(d)) || d < 0 {
		t.Errorf("duration %#v, want integer nanoseconds", line.Duration)
	}
}
