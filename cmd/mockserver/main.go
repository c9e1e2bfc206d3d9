// Command mockserver serves an OpenAPI document as a validating, stateful
// mock: by default PostHog's hog functions and insights API on
// 127.0.0.1:4010. Run it with --help for the flags.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if err != errHelp {
			fmt.Fprintln(os.Stderr, "mockserver:", err)
		}
		os.Exit(exitCode(err))
	}
}
