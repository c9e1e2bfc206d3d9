package mockserver

import (
	"bytes"
	"strings"
	"testing"
)

func TestAdminToken(t *testing.T) {
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

func TestNoAdmin(t *testing.T) {
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

func TestAdminPrefixRefusedInContract(t *testing.T) {
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

func TestStopNeedsTheCommand(t *testing.T) {
	s, err := New(Options{SpecFile: petsSpec})
	if err != nil {
		t.Fatal(err)
	}
	if w := serve(t, s, "POST", "/__mock/stop", ""); w.Code != 404 {
		t.Errorf("POST /__mock/stop without OnStop = %d, want 404", w.Code)
	}
}
