package redisstore_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
	"github.com/mockserver-go/mockserver/internal/store/storetest"
)

// startRedis starts a redis-server (or valkey-server) of the PATH for
// the test, listening on a unix socket in a temporary directory, and
// returns its URL; it skips the test when there is none.
func startRedis(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if bin, err = exec.LookPath("valkey-server"); err != nil {
			t.Skip("no redis-server or valkey-server on the PATH")
		}
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--dir", dir, "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	url := "unix://" + sock
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: sock})
	defer rdb.Close()
	for deadline := time.Now().Add(10 * time.Second); rdb.Ping(context.Background()).Err() != nil; {
		if time.Now().After(deadline) {
			t.Fatalf("%s does not answer on %s", bin, sock)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return url
}

// serverClient returns a client of a redis-server started for the test.
func serverClient(t testing.TB) *redis.Client {
	t.Helper()
	url := startRedis(t)
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestConformsRedisServer(t *testing.T) {
	rdb := serverClient(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return newStore(t, rdb, "test:"+t.Name()+":")
	})
}

// TestDialURL: New dials a unix:// URL and works through it.
func TestDialURL(t *testing.T) {
	url := startRedis(t)
	s, err := redisstore.New(t.Context(), redisstore.Options{URL: url, Prefix: "dial:"})
	if err != nil {
		t.Fatalf("New(%s): %v", url, err)
	}
	defer s.Close()
	if _, err := s.Create(t.Context(), "k", "a", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(t.Context(), "k", "a"); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRedisServer runs the store benchmark on a redis-server over
// a unix socket, to compare with BenchmarkMemory in one run.
func BenchmarkRedisServer(b *testing.B) {
	rdb := serverClient(b)
	n := 0
	storetest.Benchmark(b, func(b *testing.B) store.Store {
		n++ // a fresh prefix per benchmark: each starts empty
		return newStore(b, rdb, "bench"+strconv.Itoa(n)+":")
	})
}
