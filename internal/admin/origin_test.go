package admin

import (
	"net/http/httptest"
	"testing"
)

func TestCrossSite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		host   string
		hdr    map[string]string
		cross  bool
	}{
		{"a program", "POST", "127.0.0.1:4010", nil, false},
		{"the inspector's own fetch", "POST", "127.0.0.1:4010", map[string]string{"Origin": "http://127.0.0.1:4010", "Sec-Fetch-Site": "same-origin"}, false},
		{"host in another case", "GET", "LOCALHOST:4010", map[string]string{"Origin": "http://localhost:4010"}, false},
		{"default port kept in Host", "GET", "mock.test:80", map[string]string{"Origin": "http://mock.test"}, false},
		{"another site's page", "POST", "127.0.0.1:4010", map[string]string{"Origin": "https://evil.example"}, true},
		{"another port of localhost", "POST", "localhost:4010", map[string]string{"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-site"}, true},
		{"a sandboxed page", "POST", "127.0.0.1:4010", map[string]string{"Origin": "null"}, true},
		{"a no-cors request", "POST", "127.0.0.1:4010", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, true},
		{"an image tag", "GET", "127.0.0.1:4010", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, true},
		{"a followed link", "GET", "127.0.0.1:4010", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, false},
		{"a form posted from another site", "POST", "127.0.0.1:4010", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, true},
		{"a frame on another site", "GET", "127.0.0.1:4010", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/__mock/stop", nil)
			r.Host = tt.host
			for k, v := range tt.hdr {
				r.Header.Set(k, v)
			}
			if got := crossSite(r); (got != "") != tt.cross {
				t.Errorf("crossSite = %q, want cross-site %v", got, tt.cross)
			}
		})
	}
}
