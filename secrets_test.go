package mockserver

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
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

// Secrets never reach the journal (Go API and /__mock/ endpoints), its
// violations or the log, whichever way the request goes: create, PATCH,
// PUT, a rejected request, any shape of a credential field, any common
// credential header. What is secret is read from the contract's
// x-mock-secrets.
func TestJournalHidesSecretsOnEveryPath(t *testing.T) {
	t.Parallel()
	const schema = `"inputs_schema":[{"key":"api_key","type":"string","secret":true},{"key":"channel","type":"string"}]`
	for _, c := range []struct {
		name           string
		method, path   string // path "{id}" is the hog function created first
		body           string
		hdr            []string
		status         int
		secret         string
		kept           string // a non-secret part that must still show, if any
		wantViolations bool
	}{
		{name: "create", method: "POST", path: hfList, status: 201, secret: "CREATE-INPUT-SECRET", kept: "#general",
			body: `{"name":"n","hog":"return 1",` + schema + `,"inputs":{"api_key":{"value":"CREATE-INPUT-SECRET"},"channel":{"value":"#general"}}}`},
		{name: "patch", method: "PATCH", path: "{id}", status: 200, secret: "PATCH-INPUT-SECRET", kept: "#general",
			body: `{"inputs":{"api_key":{"value":"PATCH-INPUT-SECRET"},"channel":{"value":"#general"}}}`},
		{name: "put", method: "PUT", path: "{id}", status: 200, secret: "PUT-INPUT-SECRET", kept: "#general",
			body: `{"name":"n2","hog":"return 2","type":"destination","inputs":{"api_key":{"value":"PUT-INPUT-SECRET"},"channel":{"value":"#general"}}}`},
		{name: "rejected patch", method: "PATCH", path: "{id}", status: 400, secret: "REJECTED-INPUT-SECRET", wantViolations: true,
			body: `{"name":5,"inputs":{"api_key":{"value":"REJECTED-INPUT-SECRET"}}}`},
		{name: "rejected secret input", method: "PATCH", path: "{id}", status: 400, secret: "123456789012", wantViolations: true,
			body: `{"enabled":"maybe","inputs":{"api_key":{"value":123456789012}}}`},
		{name: "personal_api_key array", method: "POST", path: hfList, secret: "ARRAY-KEY-SECRET",
			body: `{"name":"n","hog":"return 1","personal_api_key":["ARRAY-KEY-SECRET"]}`},
		{name: "personal_api_key object", method: "POST", path: hfList, secret: "OBJECT-KEY-SECRET",
			body: `{"name":"n","hog":"return 1","personal_api_key":{"k":"OBJECT-KEY-SECRET"}}`},
		{name: "personal_api_key number", method: "POST", path: hfList, secret: "987654321987",
			body: `{"name":"n","hog":"return 1","personal_api_key":987654321987}`},
		{name: "personal_api_key in a body cut short", method: "POST", path: hfList, status: 400, secret: "MALFORMED-SECRET",
			body: `{"name":"n","personal_api_key":["MALFORMED-SECRET"`},
		{name: "personal_api_key query array", method: "GET", path: hfList + "?personal_api_key[]=QUERY-KEY-SECRET&limit=2",
			status: 200, secret: "QUERY-KEY-SECRET", kept: "limit=2"},
		{name: "X-Auth-Token", method: "GET", path: hfList, hdr: []string{"X-Auth-Token", "AUTH-TOKEN-SECRET"}, status: 200,
			secret: "AUTH-TOKEN-SECRET"},
		{name: "cookie and api key headers", method: "GET", path: hfList, status: 200, secret: "HEADER-SECRET",
			hdr: []string{"Cookie", "session=HEADER-SECRET", "X-Api-Key", "HEADER-SECRET"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			s := newHardServer(t, Options{Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			path := c.path
			if path == "{id}" {
				w := authed(t, s, "POST", hfList, `{"name":"first","hog":"return 1",`+schema+
					`,"inputs":{"api_key":{"value":"FIRST-SECRET"},"channel":{"value":"#general"}}}`)
				var created map[string]any
				if w.Code != 201 || json.Unmarshal(w.Body.Bytes(), &created) != nil {
					t.Fatalf("create: %d %s", w.Code, w.Body)
				}
				path = hfList + created["id"].(string) + "/"
			}
			w := authed(t, s, c.method, path, c.body, c.hdr...)
			if c.status != 0 && w.Code != c.status {
				t.Fatalf("%s %s: %d %s", c.method, path, w.Code, w.Body)
			}
			reqs := s.Requests()
			last := reqs[len(reqs)-1]
			if c.wantViolations && len(last.Violations) == 0 {
				t.Fatalf("no violation recorded: the test does not see the rejected request")
			}
			entry, _ := json.Marshal(last)
			viols, _ := json.Marshal(s.Violations())
			admin := authed(t, s, "GET", "/__mock/requests", "").Body.String()
			if !strings.Contains(string(entry), "[redacted]") {
				t.Errorf("the journal entry shows no redaction at all: %s", entry)
			}
			for where, text := range map[string]string{"journal": string(entry), "violations": string(viols),
				"/__mock/requests": admin, "log": logs.String()} {
				if strings.Contains(text, c.secret) {
					t.Errorf("%s shows the secret %s: %s", where, c.secret, text)
				}
			}
			if c.kept != "" && !strings.Contains(string(entry), c.kept) {
				t.Errorf("the journal lost %q, which is not secret: %s", c.kept, entry)
			}
		})
	}
}

// A document without x-mock-secrets still hides the common credential
// headers, and hides what its security schemes name.
func TestJournalHidesCredentialsOfAnyDocument(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: notes, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Notes-Key}
security: [{key: []}]
paths:
  /notes:
    get:
      responses: {'200': {description: ok}}
`
	s := newHardServer(t, Options{Spec: []byte(doc)})
	w := serve(t, s, "GET", "/notes", "", "X-Notes-Key", "NOTES-KEY-SECRET", "X-Auth-Token", "AUTH-TOKEN-SECRET",
		"Set-Cookie", "COOKIE-SECRET", "Accept", "application/json")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /notes: %d %s", w.Code, w.Body)
	}
	reqs := s.Requests()
	h := reqs[len(reqs)-1].Headers
	for _, name := range []string{"X-Notes-Key", "X-Auth-Token", "Set-Cookie"} {
		if h[name] != "[redacted]" {
			t.Errorf("%s = %q, want [redacted]", name, h[name])
		}
	}
	if h["Accept"] != "application/json" {
		t.Errorf("Accept = %q, want it kept", h["Accept"])
	}
}
