package mockserver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
)

// sharedStore returns the store of Options.StoreURL for document d (nil
// without one), after checking that its server answers. With prev (the
// store of the document of the server that this one replaces), it uses
// prev's connections instead of dialling again (see Server.takeStores).
func sharedStore(d Document, opts Options, doc *spec.Doc, prev *redisstore.Store) (*redisstore.Store, error) {
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
	ro := redisstore.Options{URL: opts.StoreURL, Prefix: prefix, Orders: engine.DeclaredOrders(doc)}
	var s *redisstore.Store
	var err error
	if prev != nil {
		s, err = prev.Share(context.Background(), ro)
	} else {
		s, err = redisstore.New(context.Background(), ro)
	}
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

// takeStores makes s close the connections to the shared store that it
// took from prev (Reload), so that prev's Close leaves them open for the
// requests that finish on prev.
func (s *Server) takeStores(prev *Server) {
	for i, d := range s.docs {
		if i < len(prev.docs) && d.shared != nil && prev.docs[i].shared != nil {
			d.shared.TakeOver(prev.docs[i].shared)
		}
	}
}

// closeStores closes the connections to the shared store that s owns.
func (s *Server) closeStores() error {
	var errs []error
	for _, d := range s.docs {
		if d.shared != nil {
			errs = append(errs, d.shared.Close())
		}
	}
	return errors.Join(errs...)
}
