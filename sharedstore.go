package mockserver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
)

// sharedStore returns the store of Options.StoreURL for document d (nil
// without one), after checking that its server answers.
func sharedStore(d Document, opts Options, doc *spec.Doc) (store.Store, error) {
	if opts.StoreURL == "" {
		return nil, nil
	}
	if opts.StateFile != "" {
		return nil, errors.New("mockserver: StoreURL and StateFile: the state lives in the store; for a state that survives a crash, configure the store's own persistence (Redis: appendonly yes)")
	}
	prefix := opts.StorePrefix
	if prefix == "" {
		prefix = defaultStorePrefix(doc)
	}
	if d.Name != "" {
		prefix += d.Name + ":"
	}
	s, err := redisstore.New(context.Background(), redisstore.Options{URL: opts.StoreURL, Prefix: prefix, Orders: engine.DeclaredOrders(doc)})
	if err != nil {
		return nil, fmt.Errorf("mockserver: StoreURL: %w", err)
	}
	return s, nil
}

// defaultStorePrefix derives the keys' prefix from the contract's title
// and version, so that mocks of different contracts (or versions) share
// a Redis without sharing state.
func defaultStorePrefix(doc *spec.Doc) string {
	title, version := "", ""
	if info := doc.T.Info; info != nil {
		title, version = info.Title, info.Version
	}
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == ':' || r < 0x20 {
				return '-'
			}
			return r
		}, s)
	}
	return "mockserver:" + clean(title) + ":" + clean(version) + ":"
}
