package posthog

import (
	"hash/fnv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// users are the mock organisation's members (UserBasic). The caller of
// every request is users[0]; seeded objects are spread over both.
func user(i int) map[string]any {
	switch i % 2 {
	case 1:
		return map[string]any{"id": float64(2), "uuid": "0196f2b1-4d5e-7f60-b7c8-d9e0f1a2b3c4", "distinct_id": "pQ7rS2tU9vW4xY1zA6bC3dE8fG5hJ0kL",
			"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com", "is_email_verified": true,
			"hedgehog_config": nil, "role_at_organization": "product"}
	default:
		return map[string]any{"id": float64(1), "uuid": "0196f2b1-3c4d-7e5f-a6b7-c8d9e0f1a2b3", "distinct_id": "kXb2Qm9ZpW4tR7yLhN3vC8sD1fG6jA5eU0oI",
			"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "is_email_verified": true,
			"hedgehog_config": nil, "role_at_organization": "engineering"}
	}
}

// seedIndex is the position of a seeded object in its collection (the
// engine's seed keys end in "/<n>"), or -1 outside seeding.
func seedIndex(c plugin.Call) int {
	key := c.SeedKey()
	if key == "" {
		return -1
	}
	i := strings.LastIndexByte(key, '/')
	n := 0
	for _, r := range key[i+1:] {
		if r < '0' || r > '9' {
			return int(hash(key) % 1000)
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func hash(s string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(s))
	return h.Sum32()
}

func now(c plugin.Call) time.Time { return c.Now().UTC() }

func ts(t time.Time) string { return plugin.FormatTime(t) }

// truthy parses a query flag the way Django REST Framework does.
func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on", "t", "y":
		return true
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
