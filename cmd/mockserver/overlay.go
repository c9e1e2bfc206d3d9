package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/mockserver-go/mockserver"
)

// overlayList is the repeatable --overlay flag: files, in order.
type overlayList []string

func (l *overlayList) String() string { return strings.Join(*l, " ") }

func (l *overlayList) Set(v string) error {
	if v == "" {
		return errors.New("empty --overlay")
	}
	*l = append(*l, v)
	return nil
}

// routeOverlays gives each --overlay name=file to the document mounted
// as name (--spec name=file); the others apply to every document.
func routeOverlays(opts *mockserver.Options) error {
	var all []string
	for _, o := range opts.OverlayFiles {
		name, path, ok := strings.Cut(o, "=")
		if !ok || !mountName.MatchString(name) || path == "" {
			all = append(all, o)
			continue
		}
		i := slices.IndexFunc(opts.Documents, func(d mockserver.Document) bool { return d.Name == name })
		if i < 0 {
			if _, err := os.Stat(o); err == nil {
				all = append(all, o) // a file with '=' in its name
				continue
			}
			return fmt.Errorf("--overlay %s: no document is mounted as %q (--spec %s=file)", o, name, name)
		}
		opts.Documents[i].OverlayFiles = append(opts.Documents[i].OverlayFiles, path)
	}
	opts.OverlayFiles = all
	return nil
}
