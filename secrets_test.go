package mockserver

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log sink safe for the handler's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Credentials and secret inputs sent by a client never show in the log,
// the journal (Go API and /__mock/ endpoints) or error answers.

// Credentials and secret inputs sent by a client never show in the log,
// the journal (Go API and /__mock/ endpoints) or error answers.
func TestSecretsNeverLeak(t *testing.T) {
	secrets := []string{"phx_SECRET_HEADER_1", "phx_SECRET_BODY_2", "phx_SECRET_QUERY_3", "SECRET_INPUT_4", "phx_SECRET_UNKNOWN_5", "SECRET_PASSWORD_6"}
	var logs syncBuffer
	s := newHardServer(t, Options{Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Tokens: map[string]Token{secrets[0]: {Scopes: []string{"*"}}}})
	var answers strings.Builder
	collect := func(w *httptest.ResponseRecorder, body string) {
		for k, v := range w.Header() {
			answers.WriteString(k + ": " + strings.Join(v, ",") + "\n")
		}
		answers.WriteString(body + "\n")
	}
	auth := []string{"Authorization", "Bearer " + secrets[0]}
	create := `{"name":"with secrets","hog":"return 1","personal_api_key":"` + secrets[1] + `",
		"inputs_schema":[{"key":"api_key","type":"string","secret":true},{"key":"channel","type":"string"}],
		"inputs":{"api_key":{"value":"` + secrets[3] + `"},"channel":{"value":"#general"}},
		"filters":{"password":"` + secrets[5] + `"}}`
	w := authed(t, s, "POST", hfList+"?personal_api_key="+secrets[2], create, auth...)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	// Invalid requests carrying secrets: their error answers must not echo them.
	w = authed(t, s, "POST", hfList+"?personal_api_key="+secrets[2], `{"name":5,"personal_api_key":"`+secrets[1]+`"}`, auth...)
	collect(w, w.Body.String())
	w = authed(t, s, "GET", hfList, "", "Authorization", "Bearer "+secrets[4])
	if w.Code != 401 {
		t.Errorf("unknown token: %d", w.Code)
	}
	collect(w, w.Body.String())
	w = authed(t, s, "GET", hfList, "", "Authorization", secrets[4])
	collect(w, w.Body.String())
	w = authed(t, s, "POST", hfList, `{"personal_api_key":"`+secrets[1], auth...)
	collect(w, w.Body.String())

	// Everything the journal shows.
	reqs, _ := json.Marshal(s.Requests())
	viols, _ := json.Marshal(s.Violations())
	adminReqs := authed(t, s, "GET", "/__mock/requests", "").Body.String()
	adminViols := authed(t, s, "GET", "/__mock/violations", "").Body.String()
	first := authed(t, s, "GET", "/__mock/requests/1", "").Body.String()
	if !strings.Contains(adminReqs, "[redacted]") || !strings.Contains(string(reqs), "[redacted]") {
		t.Errorf("the journal shows no redaction at all: the test does not see the requests")
	}
	for where, text := range map[string]string{"log": logs.String(), "journal": string(reqs), "violations": string(viols),
		"/__mock/requests": adminReqs, "/__mock/violations": adminViols, "/__mock/requests/1": first, "error answers": answers.String()} {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows the secret %s", where, secret)
			}
		}
	}
	// The non-secret input is still there to debug with.
	if !strings.Contains(string(reqs), "#general") {
		t.Errorf("the journal lost the non-secret input")
	}
}
