package mockserver

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A PATCH with one invalid field is refused as a whole: the valid fields
// sent with it are not applied either.
func TestHardeningInvalidPatchChangesNothing(t *testing.T) {
	s := newHardServer(t, Options{})
	scope := map[string]string{"project_id": "1"}
	w := authed(t, s, "POST", hfList, `{"name":"before","hog":"return 1","description":"kept"}`)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var hf map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &hf)
	hfID := hf["id"].(string)
	warm(t, s)
	cases := []struct{ name, path, body, attr string }{
		{"wrong type next to a valid field", inList + "1/", `{"name":"after","order":"first"}`, "order"},
		{"invalid enum", hfList + hfID + "/", `{"name":"after","type":"no_such_type"}`, "type"},
		{"too long", hfList + hfID + "/", `{"description":"after","name":"` + strings.Repeat("n", 401) + `"}`, "name"},
		{"null for a non-nullable field", inList + "1/", `{"name":"after","saved":null}`, "saved"},
		{"wrong type nested", hfList + hfID + "/", `{"name":"after","filters":"not an object"}`, "filters"},
		{"an array body", inList + "1/", `[{"name":"after"}]`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := exportState(t, s)
			hfBefore, _, _ := s.Get("hog_functions", scope, hfID)
			w := authed(t, s, "PATCH", tc.path, tc.body)
			body := assertErrorFormat(t, tc.name, w)
			if w.Code != 400 {
				t.Errorf("status %d, want 400", w.Code)
			}
			if tc.attr != "" && body != nil && body["attr"] != tc.attr {
				t.Errorf("attr %v, want %q", body["attr"], tc.attr)
			}
			if !bytes.Equal(before, exportState(t, s)) {
				t.Errorf("the refused PATCH changed the state")
			}
			hfAfter, _, _ := s.Get("hog_functions", scope, hfID)
			if hfAfter["name"] != hfBefore["name"] || hfAfter["description"] != "kept" {
				t.Errorf("object changed: %v -> %v", hfBefore["name"], hfAfter["name"])
			}
		})
	}
}

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
func TestHardeningSecretsNeverLeak(t *testing.T) {
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

func TestHardeningAdminToken(t *testing.T) {
	s := newHardServer(t, Options{AdminToken: "adm-token"})
	warm(t, s)
	before := exportState(t, s)
	for _, tok := range []string{"", "wrong", "adm-token-but-longer", "ADM-TOKEN"} { // "": no X-Mock-Admin-Token at all
		w := authed(t, s, "POST", "/__mock/reset", "", "X-Mock-Admin-Token", tok)
		assertErrorFormat(t, "reset with token "+tok, w)
		if w.Code != 401 {
			t.Errorf("reset with token %q: %d, want 401", tok, w.Code)
		}
		for _, p := range []string{"/__mock/state", "/__mock/requests", "/__mock/violations", "/__mock/nope"} {
			if w := authed(t, s, "GET", p, "", "X-Mock-Admin-Token", tok); w.Code != 401 && w.Code != 404 {
				t.Errorf("GET %s with token %q: %d", p, tok, w.Code)
			}
		}
	}
	if !bytes.Equal(before, exportState(t, s)) {
		t.Fatalf("an unauthenticated reset changed the state")
	}
	authed(t, s, "POST", hfList, `{"name":"x","hog":"return 1"}`)
	if w := authed(t, s, "POST", "/__mock/reset", "", "X-Mock-Admin-Token", "adm-token"); w.Code != 200 {
		t.Errorf("reset with the token: %d %s", w.Code, w.Body)
	}
	if w := authed(t, s, "GET", "/__mock/state", "", "X-Mock-Admin-Token", "adm-token"); w.Code != 200 {
		t.Errorf("state with the token: %d", w.Code)
	}
}

func TestHardeningNoAdmin(t *testing.T) {
	s := newHardServer(t, Options{DisableAdmin: true})
	warm(t, s)
	before := exportState(t, s)
	for _, p := range []string{"/__mock/reset", "/__mock/state", "/__mock/requests", "/__mock/faults"} {
		for _, m := range []string{"GET", "POST"} {
			w := authed(t, s, m, p, `{"operation":"x","status":500}`)
			assertErrorFormat(t, m+" "+p, w)
			if w.Code != 404 {
				t.Errorf("%s %s with --no-admin: %d, want 404", m, p, w.Code)
			}
		}
	}
	if !bytes.Equal(before, exportState(t, s)) {
		t.Errorf("admin requests changed the state with --no-admin")
	}
}

const tinySpec = `openapi: 3.0.3
info: {title: tiny, version: "1"}
paths:
  %s:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '%s'}
`

func tiny(path, ref string) []byte {
	out := strings.Replace(tinySpec, "%s", path, 1)
	return []byte(strings.Replace(out, "%s", ref, 1))
}

func TestHardeningAdminPrefixRefusedInContract(t *testing.T) {
	for _, p := range []string{"/__mock/state", "/__mock", "/__mock/{id}"} {
		_, err := New(Options{Spec: append(tiny(p, "#/components/schemas/X"), "components: {schemas: {X: {type: object}}}\n"...)})
		if err == nil || !strings.Contains(err.Error(), "/__mock") {
			t.Errorf("path %s: err %v, want a refusal naming /__mock/", p, err)
		}
	}
	if _, err := New(Options{Spec: append(tiny("/__mockery", "#/components/schemas/X"), "components: {schemas: {X: {type: object}}}\n"...)}); err != nil {
		t.Errorf("/__mockery is not the admin prefix: %v", err)
	}
}

func TestHardeningExternalRefsOff(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "schema.yaml"), []byte("type: object\nproperties: {a: {type: string}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fileSpec := filepath.Join(dir, "openapi.yaml")
	if err := os.WriteFile(fileSpec, tiny("/things", "schema.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	urlSpec := filepath.Join(dir, "url.yaml")
	if err := os.WriteFile(urlSpec, tiny("/things", "http://127.0.0.1:1/x.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{fileSpec, urlSpec} {
		if _, err := New(Options{SpecFile: f}); err == nil {
			t.Errorf("%s: loaded with external refs off", filepath.Base(f))
		}
	}
	s, err := New(Options{SpecFile: fileSpec, AllowExternalRefs: true})
	if err != nil {
		t.Fatalf("file ref with --allow-external-refs: %v", err)
	}
	if w := authed(t, s, "GET", "/things", ""); w.Code != 200 {
		t.Errorf("GET /things: %d", w.Code)
	}
	if _, err := New(Options{SpecFile: urlSpec, AllowExternalRefs: true}); err == nil {
		t.Errorf("an unreachable URL ref loaded")
	}
}
