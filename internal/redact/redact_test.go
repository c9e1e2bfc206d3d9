package redact

import "testing"

func TestText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"personal_api_key=phx_abcdefghijk&limit=5":        "personal_api_key=[redacted]&limit=5",
		`{"personal_api_key": "phx_abcdefghijk", "a": 1}`: `{"personal_api_key": "[redacted]", "a": 1}`,
		`{"token":"abc"}`:                        `{"token":"[redacted]"}`,
		"Authorization: Bearer phx_abcdefghijkl": "Authorization: Bearer [redacted]",
		"key phx_abcdefghijk in text":            "key [redacted] in text",
		"nothing to hide here":                   "nothing to hide here",
		"limit=5&offset=10":                      "limit=5&offset=10",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValueAndNames(t *testing.T) {
	t.Parallel()
	if Value("inputs__api_key", "x") != Mask || Value("name", "x") != "x" || Value("name", "phx_abcdefghijk") != Mask {
		t.Error("Value must hide secret fields and credential-shaped text")
	}
	for name, want := range map[string]bool{"personal_api_key": true, "inputs__client_secret": true, "Authorization": true,
		"refresh_token": true, "name": false, "key": false, "tokens_used": true} {
		if IsSecretName(name) != want {
			t.Errorf("IsSecretName(%q) = %v", name, !want)
		}
	}
}
