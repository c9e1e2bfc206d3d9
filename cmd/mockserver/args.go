package main

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/nearest"
)

// usageError is a command line (or environment) the command cannot use:
// it exits with status 2, as the flag package's commands do.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

var _ error = (*usageError)(nil)

// parseArgs parses flags and documents in any order (mockserver
// openapi.yaml --seed 7, as Prism users type it): each argument that is
// not a flag is a --spec. After "--" every argument is a document.
func parseArgs(fs *flag.FlagSet, args []string) error {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp
			}
			return flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return nil
		}
		afterDashes := len(rest) < len(args) && args[len(args)-len(rest)-1] == "--"
		docs := rest[:1]
		if afterDashes {
			docs = rest
		}
		for _, d := range docs {
			if err := fs.Set("spec", d); err != nil {
				return err
			}
		}
		if afterDashes {
			return nil
		}
		args = rest[1:]
	}
}

// The flag package's messages, reworded in flagError. They have not
// changed since Go 1.0.
var (
	errUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	errBadValue  = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-(\S+): (.*)$`)
	errNoValue   = regexp.MustCompile(`^flag needs an argument: -(\S+)$`)
)

// flagError words a parse error of fs with --name and says what was
// expected; an unknown flag gets the nearest known one.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if m := errUndefined.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("unknown flag --%s%s (mockserver --help lists them all)", m[1], didYouMean(fs, m[1]))
	}
	if m := errBadValue.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("--%s %s: %s", m[2], m[1], wantOf(fs.Lookup(m[2]), m[3]))
	}
	if m := errNoValue.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("--%s needs a value", m[1])
	}
	return err
}

// didYouMean suggests the flag nearest to name, and --addr for the flags
// other mock servers listen with.
func didYouMean(fs *flag.FlagSet, name string) string {
	name, _, _ = strings.Cut(name, "=")
	switch strings.ToLower(name) {
	case "p", "port", "h", "host":
		return ": did you mean --addr host:port?"
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := nearest.Names(name, names, 1, nil); len(s) > 0 {
		return ": did you mean --" + s[0] + "?"
	}
	return ""
}

// wantOf says what a flag's value must look like; reason is the flag
// package's (or the flag's own) complaint.
func wantOf(f *flag.Flag, reason string) string {
	if f == nil {
		return reason
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return reason
	}
	switch g.Get().(type) {
	case bool:
		return "want true or false"
	case time.Duration:
		return "want a duration such as 150ms, 2s or 1m30s"
	case uint, uint64:
		return "want a whole number, 0 or more"
	case int, int64:
		return "want a whole number"
	}
	return reason
}

// checkSigns refuses a negative number or duration in any flag: none of
// them means anything below zero, and net/http reads a negative timeout
// as none at all.
func checkSigns(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		negative := false
		switch v := g.Get().(type) {
		case time.Duration:
			negative = v < 0
		case int:
			negative = v < 0
		case int64:
			negative = v < 0
		}
		if negative {
			err = fmt.Errorf("--%s: must not be negative, got %s", f.Name, f.Value)
		}
	})
	return err
}

// checkPositive refuses zero in the named flags, where zero would mean
// "no limit" or "the default" rather than zero.
func checkPositive(fs *flag.FlagSet, names ...string) error {
	for _, name := range names {
		f := fs.Lookup(name)
		zero := false
		switch v := f.Value.(flag.Getter).Get().(type) {
		case time.Duration:
			zero = v <= 0
		case int:
			zero = v <= 0
		case int64:
			zero = v <= 0
		}
		if zero {
			return fmt.Errorf("--%s: must be more than 0, got %s", name, f.Value)
		}
	}
	return nil
}
