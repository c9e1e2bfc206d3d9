package inspector_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// waitFor evaluates a boolean JavaScript expression until it is true. The
// expression may call visible(selector): the element is rendered.
func waitFor(t *testing.T, c *cdp, what, expr string) {
	t.Helper()
	expr = `(() => { const visible = (s) => { const e = document.querySelector(s); return !!e && e.getClientRects().length > 0; };
		return (` + expr + `); })()`
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

// shot saves a screenshot in t.TempDir() (and in $MOCKSERVER_SCREENSHOTS
// when set, to look at it; with -update, as docs/docsName) and checks it
// is a PNG of the page.
func shot(t *testing.T, c *cdp, name, docsName string) {
	t.Helper()
	var r struct{ Data string }
	if err := c.call("Page.captureScreenshot", map[string]any{"format": "png"}, &r); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10000 {
		t.Fatalf("screenshot is not a PNG of the page (%d bytes, %v)", len(png), err)
	}
	paths := []string{filepath.Join(t.TempDir(), name)}
	if d := os.Getenv("MOCKSERVER_SCREENSHOTS"); d != "" {
		paths = append(paths, filepath.Join(d, name))
	}
	if *updateDocs && docsName != "" {
		paths = append(paths, filepath.Join("..", "..", "docs", docsName))
	}
	for _, p := range paths {
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *updateDocs && docsName != "" {
		// A third of the size, for the repository (apt-get install pngquant).
		if bin, err := exec.LookPath("pngquant"); err == nil {
			p := paths[len(paths)-1]
			if out, err := exec.Command(bin, "--force", "--quality", "70-95", "--strip", "--output", p, "--", p).CombinedOutput(); err != nil {
				t.Fatalf("pngquant: %v %s", err, out)
			}
		}
	}
}

// updateDocs rewrites the README's screenshot (docs/inspector.png).
var updateDocs = flag.Bool("update", false, "write the README's screenshot under docs/")

// open sets the viewport (CSS pixels) and loads the page at url.
func open(t *testing.T, c *cdp, url string, width, height int, mobile bool) {
	t.Helper()
	if err := c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height,
		"deviceScaleFactor": 1, "mobile": mobile}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("Page.enable", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("Page.navigate", map[string]any{"url": url}, nil); err != nil {
		t.Fatal(err)
	}
}

// js evaluates an expression and decodes its value into out (nil: ignored).
func js(t *testing.T, c *cdp, expr string, out any) {
	t.Helper()
	if err := c.eval(expr, out); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
}
