package main

import (
	"runtime/debug"
	"testing"
)

func TestReadVersion(t *testing.T) {
	t.Parallel()
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "3f2c1e9a7b4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f"},
		{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	tests := []struct {
		name    string
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"no build info", "", nil, "dev"},
		{"stamped", "v1.4.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.4.0"},
		{"go install @version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.3.0"},
		{"go install @latest without a tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201100000-3f2c1e9a7b4d"}},
			"v0.0.0-20261201100000-3f2c1e9a7b4d"},
		{"go build in a checkout", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"dev (3f2c1e9a7b4d, 2026-12-01T10:00:00Z, modified)"},
		{"stamped build in a checkout: the stamp alone", "v2.0.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"v2.0.0"},
		{"a module version and a commit", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}, Settings: vcs[:2]},
			"v1.3.0 (3f2c1e9a7b4d, 2026-12-01T10:00:00Z)"},
	}
	for _, tc := range tests {
		if got := readVersion(tc.stamped, tc.info).String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
