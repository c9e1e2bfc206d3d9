package mockserver_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// TestRequestLogLine checks the one line per request the logger gets at
// Info, and that a logger above Info gets none.
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
