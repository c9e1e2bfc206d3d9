// Command startup measures how long servers take from launch to their
// first answered request: it starts each binary given in turn (interleaved,
// so a busy moment of the machine hits all of them alike), polls its port
// every 0.5 ms, and prints the median, minimum and maximum over the runs of
// the time to accept a connection and to answer GET path with a 200.
//
//	go build -o out/startup ./scripts/loadtest/startup
//	out/startup -runs 15 out/mockserver-old out/mockserver "out/baseline -addr 127.0.0.1:4099"
//
// Each binary is started as `BINARY --quiet --addr ADDR`, or with the
// arguments that follow it in its (space-separated) command; the process is
// killed once it has answered.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("runs", 15, "launches per binary")
	addr := flag.String("addr", "127.0.0.1:4099", "address the servers listen on")
	path := flag.String("path", "/api/projects/1/hog_functions/", "path of the first request")
	token := flag.String("token", "phx_startup", "bearer token sent with the first request (empty: none)")
	timeout := flag.Duration("timeout", 10*time.Second, "give up on a launch after this long")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: startup [flags] 'BINARY [ARGS...]'...")
		os.Exit(2)
	}
	listen := map[string][]time.Duration{}
	answer := map[string][]time.Duration{}
	for range *runs {
		for _, bin := range flag.Args() {
			cmd := strings.Fields(bin)
			argv := cmd[1:]
			if len(argv) == 0 {
				argv = []string{"--quiet", "--addr", *addr}
			}
			l, a, err := launch(cmd[0], argv, *addr, *path, *token, *timeout)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", bin, err)
				os.Exit(1)
			}
			listen[bin] = append(listen[bin], l)
			answer[bin] = append(answer[bin], a)
		}
	}
	fmt.Printf("%-40s %12s %12s %12s %12s\n", "binary", "listen p50", "answer p50", "answer min", "answer max")
	for _, bin := range flag.Args() {
		l, a := listen[bin], answer[bin]
		slices.Sort(l)
		slices.Sort(a)
		fmt.Printf("%-40s %12s %12s %12s %12s\n", bin, ms(l[len(l)/2]), ms(a[len(a)/2]), ms(a[0]), ms(a[len(a)-1]))
	}
}

// launch starts bin and returns the time until it accepted a connection and
// until it answered path with a 200.
func launch(bin string, argv []string, addr, path, token string, timeout time.Duration) (time.Duration, time.Duration, error) {
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		return 0, 0, fmt.Errorf("%s already answers: stop what listens there or pick another -addr", addr)
	}
	cmd := exec.Command(bin, argv...)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	deadline := t0.Add(timeout)
	var listened time.Duration
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			listened = time.Since(t0)
			break
		}
		if time.Now().After(deadline) {
			return 0, 0, errors.New("never listened")
		}
		time.Sleep(500 * time.Microsecond)
	}
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
		if err != nil {
			return 0, 0, err
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return listened, time.Since(t0), nil
			}
			return 0, 0, fmt.Errorf("first answer: %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return 0, 0, errors.New("never answered")
		}
		time.Sleep(500 * time.Microsecond)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
