package redisstore_test

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
)

// BenchmarkCPU reports the CPU time per operation of this process
// (client-cpu-ns/op) and, on a redis-server, of the server (server-cpu-ns/op,
// from INFO cpu), for a Get and an Update of one object among 1,000: the
// figure the targets are about, which ns/op (waiting included)
// is not. Memory has no server.
func BenchmarkCPU(b *testing.B) {
	impls := []struct {
		name string
		new  func(b *testing.B) (store.Store, *redis.Client)
	}{
		{"Memory", func(*testing.B) (store.Store, *redis.Client) { return store.NewMemory(), nil }},
		{"RedisServer", func(b *testing.B) (store.Store, *redis.Client) {
			rdb := serverClient(b)
			return newStore(b, rdb, "cpu:"), rdb
		}},
	}
	for _, impl := range impls {
		b.Run(impl.name, func(b *testing.B) {
			s, rdb := impl.new(b)
			ctx := b.Context()
			for i := range 1000 {
				if _, err := s.Create(ctx, "k", strconv.Itoa(i), map[string]any{"name": "f " + strconv.Itoa(i), "n": float64(i)}); err != nil {
					b.Fatal(err)
				}
			}
			ops := map[string]func() error{
				"Get": func() error { _, err := s.Get(ctx, "k", "500"); return err },
				"Update": func() error {
					_, err := s.Update(ctx, "k", "500", false, func(ch *store.Change) error { ch.Obj["n"] = 1.0; return nil })
					return err
				},
			}
			for _, op := range []string{"Get", "Update"} {
				b.Run(op, func(b *testing.B) {
					c0, s0 := processCPU(), serverCPU(b, rdb)
					for b.Loop() {
						if err := ops[op](); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(processCPU()-c0)/float64(b.N), "client-cpu-ns/op")
					if rdb != nil {
						b.ReportMetric(float64(serverCPU(b, rdb)-s0)/float64(b.N), "server-cpu-ns/op")
					}
				})
			}
		})
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the CPU time the Redis server has used (INFO cpu).
func serverCPU(b *testing.B, rdb *redis.Client) time.Duration {
	if rdb == nil {
		return 0
	}
	info, err := rdb.Info(b.Context(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}
