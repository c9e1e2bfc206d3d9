package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashArgsEnv, when set, makes the test binary run the command with
// these arguments (one a line) instead of the tests: the crash test
// starts it in a process of its own, to kill it.
const crashArgsEnv = "MOCKSERVER_TEST_RUN_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(crashArgsEnv); ok {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, strings.Split(args, "\n"), os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, errorLine(err))
			os.Exit(exitCode(err))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startProcess runs the command in a process of its own and returns its
// base URL.
func startProcess(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashArgsEnv+"="+strings.Join(append([]string{"--addr", "127.0.0.1:0", "--spec", petsSpec}, args...), "\n"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case u := <-urls:
		return cmd, u
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not start")
		return nil, ""
	}
}

// Every write acknowledged more than one sync interval before a SIGKILL
// is there after a restart.
func TestStateSurvivesSIGKILL(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	const interval = 100 * time.Millisecond
	cmd, base := startProcess(t, "--state", state, "--state-sync", interval.String())
	var ids []float64
	for i := range 50 {
		resp, err := http.Post(base+"/pets/", "application/json", strings.NewReader(fmt.Sprintf(`{"name":"pet %d","kind":"cat"}`, i)))
		if err != nil {
			t.Fatal(err)
		}
		var pet struct{ ID float64 }
		err = json.NewDecoder(resp.Body).Decode(&pet)
		resp.Body.Close()
		if resp.StatusCode != 201 || err != nil {
			t.Fatalf("create: %d %v", resp.StatusCode, err)
		}
		ids = append(ids, pet.ID)
	}
	time.Sleep(2 * interval) // the last acknowledged write is one interval old, and more
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	_, base = startProcess(t, "--state", state)
	for _, id := range ids {
		resp, err := http.Get(fmt.Sprintf("%s/pets/%v/", base, id))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("pet %v acknowledged before the kill answers %d after the restart", id, resp.StatusCode)
		}
	}
}

// SIGTERM while the state loads stops the load: the command exits at once
// with a message saying so, and the file is left as it was.
func TestRunStopsRestoringOnSIGTERM(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format":"mockserver-state","version":1,"collections":{"pets":[`)
	for i := 1; i <= 5000; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d","obj":{"id":%d,"name":"pet","kind":"cat"},"seq":%d}`, i, i, i)
	}
	b.WriteString(`]}}`)
	state := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(state, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the signal arrived while loading
	var stdout, stderr syncBuffer
	err := run(ctx, []string{"--addr", "127.0.0.1:0", "--spec", petsSpec, "--state", state}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "stopped while restoring --state "+state) {
		t.Fatalf("run = %v, want it stopped while restoring", err)
	}
	if after, _ := os.ReadFile(state); string(after) != b.String() {
		t.Error("the state file was changed")
	}
}
