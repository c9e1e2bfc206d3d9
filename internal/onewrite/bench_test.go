package onewrite_test

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkAnswer5KB: the list's 5.3 KB answer over loopback, kept-alive
// connections, through the Listener and without, side by side (client and
// server in one process: the time is both sides' CPU).
func BenchmarkAnswer5KB(b *testing.B) {
	for _, v := range []struct {
		name string
		hold bool
	}{{"plain", false}, {"onewrite", true}} {
		b.Run(v.name, func(b *testing.B) {
			base, _ := serveCounting(b, v.hold)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			url := base + "/?size=5265"
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := client.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		})
	}
}
