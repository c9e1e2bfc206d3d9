package main

import (
	"runtime/debug"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version string

// buildVersion is what the binary knows of its version.
type buildVersion struct {
	Version  string // the stamped version, or the module's (v1.2.3 from go install …@v1.2.3); "dev" when neither
	Revision string // the VCS commit, shortened; go build in a checkout records it
	Time     string // the commit's time
	Modified bool   // built from a checkout with uncommitted changes
}

// readVersion prefers the stamped version, then what the Go toolchain
// recorded: go install …@latest leaves no stamp, but the module version
// and, when built in a checkout, the commit. A stamp is all that is said: whoever stamped chose the words (git
// describe already names the commit).
func readVersion(stamped string, info *debug.BuildInfo) buildVersion {
	if stamped != "" {
		return buildVersion{Version: stamped}
	}
	var v buildVersion
	if info != nil {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			v.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value[:min(len(s.Value), 12)]
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	return v
}

// currentVersion is the running binary's version.
func currentVersion() buildVersion {
	info, _ := debug.ReadBuildInfo()
	return readVersion(version, info)
}

// String is the --version line's words after "mockserver ":
// "v1.2.3 (3f2c1e9a7b4d, 2026-12-01T10:00:00Z, modified)".
func (v buildVersion) String() string {
	var extra []string
	if v.Revision != "" {
		extra = append(extra, v.Revision)
	}
	if v.Time != "" {
		extra = append(extra, v.Time)
	}
	if v.Modified {
		extra = append(extra, "modified")
	}
	if len(extra) == 0 {
		return v.Version
	}
	return v.Version + " (" + strings.Join(extra, ", ") + ")"
}
