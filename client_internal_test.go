package mockserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// closeRecorder is a request body that records Close and can block reads
// until closed.
type closeRecorder struct {
	io.Reader
	closed atomic.Int32
}

func (b *closeRecorder) Close() error { b.closed.Add(1); return nil }

// pipeBody is a request body that never ends unless closed.
type pipeBody struct{ *io.PipeReader }

func roundTrip(t *testing.T, h http.HandlerFunc, req *http.Request) (*http.Response, error) {
	t.Helper()
	return inProcess{h: h}.RoundTrip(req)
}

func TestInProcessSnapshotsHeadersAtWriteHeader(t *testing.T) {
	t.Parallel()
	body := &closeRecorder{Reader: strings.NewReader("ping")}
	req, _ := http.NewRequest("POST", "http://x.test/a", body)
	resp, err := roundTrip(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Before", "1")
		w.WriteHeader(http.StatusProcessing) // not surfaced
		w.Header().Set("Content-Length", "4")
		w.WriteHeader(http.StatusAccepted)
		w.Header().Set("X-After", "1")
		w.WriteHeader(http.StatusTeapot) // ignored: headers are sent
		_, _ = w.Write(b)
	}, req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 202 || resp.Status != "202 Accepted" || string(got) != "ping" || resp.ContentLength != 4 {
		t.Errorf("got %q %q (length %d), want 202 Accepted ping (4)", resp.Status, got, resp.ContentLength)
	}
	if resp.Header.Get("X-Before") != "1" || resp.Header.Get("X-After") != "" {
		t.Errorf("headers = %v, want those set before WriteHeader only", resp.Header)
	}
	if body.closed.Load() == 0 {
		t.Error("the request body was not closed")
	}
	if resp.Request != req {
		t.Error("resp.Request is not the client's request")
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := resp.Body.Read(make([]byte, 1)); !errors.Is(err, http.ErrBodyReadAfterClose) {
		t.Errorf("read after Close: %v, want http.ErrBodyReadAfterClose", err)
	}
}

func TestInProcessNoBodyAnswers(t *testing.T) {
	t.Parallel()
	write := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte("ignored"))
		}
	}
	for _, tt := range []struct {
		method string
		status int
	}{{"HEAD", 200}, {"GET", 204}, {"GET", 304}} {
		req, _ := http.NewRequest(tt.method, "http://x.test/", nil)
		resp, err := roundTrip(t, write(tt.status), req)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(resp.Body); resp.StatusCode != tt.status || len(b) != 0 || resp.ContentLength != 0 {
			t.Errorf("%s %d: got %d, %d bytes, length %d; want no body", tt.method, tt.status, resp.StatusCode, len(b), resp.ContentLength)
		}
	}
	// A handler that writes nothing answers 200 with an empty body.
	req, _ := http.NewRequest("GET", "http://x.test/", nil)
	resp, err := roundTrip(t, func(http.ResponseWriter, *http.Request) {}, req)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(resp.Body); resp.StatusCode != 200 || len(b) != 0 || err != nil {
		t.Errorf("empty handler: %d %q %v, want 200 and no body", resp.StatusCode, b, err)
	}
}

func TestInProcessPanics(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest("GET", "http://x.test/", nil)
	_, err := roundTrip(t, func(http.ResponseWriter, *http.Request) { panic("boom") }, req)
	if err == nil || !strings.Contains(err.Error(), "handler panicked: boom") {
		t.Errorf("panic before headers: err = %v, want one naming the panic", err)
	}
	_, err = roundTrip(t, func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }, req)
	if !errors.Is(err, errHandlerAborted) {
		t.Errorf("abort before headers: err = %v, want errHandlerAborted", err)
	}
	resp, err := roundTrip(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("part"))
		panic(http.ErrAbortHandler)
	}, req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if string(b) != "part" || !errors.Is(err, errHandlerAborted) {
		t.Errorf("abort after headers: read %q, %v; want part then errHandlerAborted", b, err)
	}
}

func TestInProcessContext(t *testing.T) {
	t.Parallel()
	t.Run("a blocked body read ends", func(t *testing.T) {
		t.Parallel()
		pr, pw := io.Pipe()
		defer pw.Close()
		body := &pipeBody{PipeReader: pr}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://x.test/", body)
		errc := make(chan error, 1)
		go func() {
			_, err := roundTrip(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.ReadAll(r.Body) }, req)
			errc <- err
		}()
		select {
		case err := <-errc:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the round trip still waits for the body after the deadline")
		}
	})
	t.Run("the handler stops early", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://x.test/", nil)
		_, err := roundTrip(t, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done() // the handler sees the client's context
		}, req)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("a body read after cancellation fails", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://x.test/", nil)
		resp, err := roundTrip(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("x")) }, req)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		if _, err := io.ReadAll(resp.Body); !errors.Is(err, context.Canceled) {
			t.Errorf("read: %v, want context.Canceled", err)
		}
	})
}

// TestClientLeavesRequestAlone: the server's view of a request shares the
// client's header map (serverRequest), so the mock's handler must never
// change it, nor the client's URL, on any path: a base path stripped, a
// body read, preferences, credentials, errors, lists.
func TestClientLeavesRequestAlone(t *testing.T) {
	t.Parallel()
	s, err := New(Options{BasePath: "/mock"})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Client()
	hog := `{"name":"h","type":"destination","hog":"return event"}`
	cases := []struct {
		method, path, body string
		hdr                []string
	}{
		{"GET", "/mock/api/projects/1/insights/?limit=2", "", []string{"Authorization", "Bearer x", "Accept", "*/*"}},
		{"POST", "/mock/api/projects/1/hog_functions/", hog, []string{"Authorization", "Bearer x", "Content-Type", "application/json", "Prefer", "dynamic=true, seed=3"}},
		{"PATCH", "/mock/api/projects/1/hog_functions/0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90/", `{"enabled":"no"}`, []string{"Authorization", "Bearer x", "Content-Type", "application/json"}},
		{"GET", "/mock/api/projects/1/insights/", "", []string{"Origin", "http://app.test"}},
		{"OPTIONS", "/mock/api/projects/1/insights/", "", []string{"Origin", "http://app.test", "Access-Control-Request-Method", "GET"}},
		{"DELETE", "/mock/api/projects/1/insights/1/", "", []string{"Authorization", "Token x"}},
		{"GET", "/elsewhere/", "", nil},
	}
	for _, tc := range cases {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req, _ := http.NewRequest(tc.method, "http://posthog.test"+tc.path, body)
		for i := 0; i+1 < len(tc.hdr); i += 2 {
			req.Header.Set(tc.hdr[i], tc.hdr[i+1])
		}
		wantHeader, wantURL := req.Header.Clone(), *req.URL
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 0 || resp.StatusCode >= 500 {
			t.Errorf("%s %s: status %d", tc.method, tc.path, resp.StatusCode)
		}
		if !reflect.DeepEqual(req.Header, wantHeader) {
			t.Errorf("%s %s: the client's headers became %v, were %v", tc.method, tc.path, req.Header, wantHeader)
		}
		if *req.URL != wantURL {
			t.Errorf("%s %s: the client's URL became %v, was %v", tc.method, tc.path, req.URL, &wantURL)
		}
	}
}
