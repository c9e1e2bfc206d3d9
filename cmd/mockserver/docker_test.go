package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// No Docker engine runs in CI, so this checks the Dockerfile's essentials
// and builds the binary exactly as its build stage does.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	var froms, users []string
	var build string
	for _, line := range strings.Split(df, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			froms = append(froms, strings.Join(f[1:], " "))
		case "USER":
			users = append(users, f[1])
		case "RUN":
			if strings.Contains(line, "go build") {
				build = line
			}
		}
	}
	if len(froms) < 2 || !strings.HasPrefix(froms[0], "golang:1.26 ") {
		t.Errorf("want a multi-stage build from golang:1.26: %q", froms)
	}
	if last := froms[len(froms)-1]; !strings.Contains(last, "distroless") && !strings.HasPrefix(last, "scratch") {
		t.Errorf("final image should be distroless or scratch: %q", last)
	}
	if len(users) == 0 || strings.HasPrefix(users[len(users)-1], "root") || strings.HasPrefix(users[len(users)-1], "0") {
		t.Errorf("the image must run as a non-root user: %q", users)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-X main.version=${VERSION}", "./cmd/mockserver"} {
		if !strings.Contains(build, want) {
			t.Errorf("build step %q lacks %s", build, want)
		}
	}
	for _, want := range []string{"EXPOSE 4010", `"--addr", "0.0.0.0:4010"`, "ARG VERSION"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(ignore), "\n") {
		for _, needed := range []string{"go.mod", "go.sum", "openapi.yaml", "cmd", "internal"} {
			if strings.TrimSpace(line) == needed || strings.TrimSpace(line) == "*.yaml" {
				t.Errorf(".dockerignore excludes %s, which the build needs", strings.TrimSpace(line))
			}
		}
	}

	if testing.Short() {
		t.Skip("-short: not building the binary")
	}
	flags := regexp.MustCompile(`-ldflags "([^"]*)"`).FindStringSubmatch(build)
	if flags == nil {
		t.Fatalf("no -ldflags in %q", build)
	}
	ldflags := strings.ReplaceAll(flags[1], "${VERSION}", "v9.9.9-test")
	out := filepath.Join(t.TempDir(), "mockserver")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build as in the Dockerfile: %v\n%s", err, msg)
	}
	if runtime.GOOS == "linux" {
		f, err := elf.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the binary is dynamically linked (it would not run on distroless/static)")
			}
		}
		got, err := exec.Command(out, "--version").Output()
		if err != nil || strings.TrimSpace(string(got)) != "mockserver v9.9.9-test" {
			t.Errorf("--version of the built binary: %q %v", got, err)
		}
	}
}
