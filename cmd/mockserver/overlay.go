package main

import (
	"errors"
	"strings"
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
