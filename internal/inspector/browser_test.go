package inspector_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

// chromiumPath is Debian's Chromium (installed by .ci/run);
// MOCKSERVER_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("MOCKSERVER_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// startChromium runs headless Chromium with remote debugging and returns a
// CDP connection to its page.
func startChromium(t *testing.T) *cdp {
	t.Helper()
	bin := chromiumPath()
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium, or set MOCKSERVER_CHROMIUM)", bin)
	}
	profile := t.TempDir()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--window-size=1400,900", "about:blank")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the browser's own process group
		_ = cmd.Wait()
	})
	var port string
	deadline := time.Now().Add(30 * time.Second)
	for port == "" {
		if b, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort")); err == nil {
			if line, _, _ := strings.Cut(string(b), "\n"); line != "" {
				port = line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromium did not open its debugging port: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
	if err != nil {
		t.Fatalf("devtools targets: %v", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&targets); err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		if tg.Type == "page" {
			c, err := dialCDP(tg.WebSocketDebuggerURL)
			if err != nil {
				t.Fatalf("devtools websocket: %v", err)
			}
			t.Cleanup(func() { c.Close() })
			return c
		}
	}
	t.Fatalf("no page target in %+v", targets)
	return nil
}

// waitFor evaluates a boolean JavaScript expression until it is true.
func waitFor(t *testing.T, c *cdp, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		err := c.eval(expr, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var dom string
			_ = c.eval(`document.body ? document.body.innerText.slice(0, 2000) : ""`, &dom)
			t.Fatalf("timed out waiting for %s (last error %v); page text:\n%s", what, err, dom)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func send(t *testing.T, base, method, path, body string) int {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer phx_inspector")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestInspectorInChromium(t *testing.T) {
	c := startChromium(t)
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const list = "/api/projects/1/hog_functions/"
	if s := send(t, ts.URL, "GET", list, ""); s != 200 {
		t.Fatalf("list: %d", s)
	}

	if err := c.call("Page.enable", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("Page.navigate", map[string]any{"url": ts.URL + "/__mock/"}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the request made before the page opened", `document.querySelectorAll("#requests tbody tr").length === 1`)
	var title string
	if err := c.eval(`document.querySelector("#title").textContent`, &title); err != nil || !strings.Contains(title, "PostHog") {
		t.Fatalf("contract title on the page: %q %v", title, err)
	}

	// Requests made while the page is open appear without a reload.
	if s := send(t, ts.URL, "POST", list, `{"name":"from the browser test","type":"destination","hog":"return event"}`); s != 201 {
		t.Fatalf("create: %d", s)
	}
	if s := send(t, ts.URL, "POST", list, `{"name":5}`); s != 400 {
		t.Fatalf("invalid create: %d", s)
	}
	if s := send(t, ts.URL, "GET", "/api/projects/1/no_such_thing/", ""); s != 404 {
		t.Fatalf("unknown route: %d", s)
	}
	waitFor(t, c, "four requests", `document.querySelectorAll("#requests tbody tr").length === 4`)

	var rows []struct {
		ID, Status, Op, Violations, Class, Text string
	}
	if err := c.eval(`[...document.querySelectorAll("#requests tbody tr")].map(r => ({ID: r.dataset.id, Status: r.dataset.status,
		Op: r.dataset.op, Violations: r.dataset.violations, Class: r.className, Text: r.innerText}))`, &rows); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(rows); i++ {
		a, _ := strconv.Atoi(rows[i-1].ID)
		b, _ := strconv.Atoi(rows[i].ID)
		if a <= b {
			t.Fatalf("not newest first: %+v", rows)
		}
	}
	wantStatus := []string{"404", "400", "201", "200"}
	for i, w := range wantStatus {
		if rows[i].Status != w {
			t.Fatalf("row %d status %s, want %s: %+v", i, rows[i].Status, w, rows)
		}
	}
	if rows[2].Op != "hog_functions_create" || !strings.Contains(rows[2].Text, "hog_functions_create") {
		t.Errorf("operation not shown: %+v", rows[2])
	}
	if rows[1].Class != "violation" || rows[1].Violations == "0" || !strings.Contains(rows[1].Text, "string") {
		t.Errorf("the invalid request is not highlighted with its explanation: %+v", rows[1])
	}
	if rows[3].Class != "" || rows[3].Violations != "0" {
		t.Errorf("a clean request is highlighted: %+v", rows[3])
	}

	// Clicking a request shows the request and the response.
	if err := c.eval(fmt.Sprintf(`document.querySelector('tr[data-id="%s"]').click()`, rows[2].ID), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the request's detail", `(document.querySelector("#resp-body")||{}).textContent?.includes("from the browser test") &&
		document.querySelector("#req-body").textContent.includes("from the browser test") &&
		document.querySelector("#detail h2").textContent.startsWith("POST /api/projects/1/hog_functions/")`)
	if err := c.eval(fmt.Sprintf(`document.querySelector('tr[data-id="%s"]').click()`, rows[1].ID), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the violation's explanation", `(document.querySelector("#detail ul.violations")||{}).textContent?.includes("body name")`)

	// State per resource, then the reset button.
	if err := c.eval(`document.querySelector("#refresh-state").click()`, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the state view", `[...document.querySelectorAll("#state details")].some(d => d.dataset.collection === "hog_functions|project_id=1" &&
		d.textContent.includes("from the browser test") && d.querySelector("summary").textContent.includes("4 objects"))`)
	shot(t, c, "inspector.png")

	if err := c.eval(`document.querySelector("#reset").click()`, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the state after reset", `!document.querySelector("#state").textContent.includes("from the browser test")`)
	for _, o := range srv.List("hog_functions", map[string]string{"project_id": "1"}) {
		if o["name"] == "from the browser test" {
			t.Fatal("the reset button did not reset the server's state")
		}
	}
}

// shot saves a screenshot in t.TempDir() (and in $MOCKSERVER_SCREENSHOTS
// when set, to look at it) and checks it is a PNG of the page.
func shot(t *testing.T, c *cdp, name string) {
	t.Helper()
	var r struct{ Data string }
	if err := c.call("Page.captureScreenshot", map[string]any{"format": "png"}, &r); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10000 {
		t.Fatalf("screenshot is not a PNG of the page (%d bytes, %v)", len(png), err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("MOCKSERVER_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
