// Command mockserver serves an OpenAPI document as a validating, stateful
// mock: by default PostHog's hog functions and insights API on
// 127.0.0.1:4010. Run it with --help for the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errHelp) {
			fmt.Fprintln(os.Stderr, errorLine(err))
		}
		os.Exit(exitCode(err))
	}
}

// errorLine is how the command reports err: "mockserver: " once. The
// root package's errors start with it as a library's do, and may wrap
// another of its errors.
func errorLine(err error) string {
	msg := strings.ReplaceAll(err.Error(), ": mockserver: ", ": ")
	return "mockserver: " + strings.TrimPrefix(msg, "mockserver: ")
}
