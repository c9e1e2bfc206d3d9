package mockserver

import (
	"slices"
	"sort"
	"strings"
)

// ScopeParams lists the path parameters that stand for the tenant whose
// state a request addresses, sorted: the keys Options.ScopeValues and
// Token.ScopeValues usually name, and of the scope Put, Get and List take.
// A document that declares its tenant parameter (x-mock-scope: project_id
// in the embedded contract) contributes that one; another contributes the
// parameters of its collections' paths, which partition its state.
func (s *Server) ScopeParams() []string {
	var out []string
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, d := range s.docs {
		doc := d.eng.Doc()
		if doc.Scope != "" {
			add(doc.Scope)
			continue
		}
		for _, res := range doc.Resources {
			for _, p := range res.ScopeParams {
				add(p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// checkScopeValues refuses a ScopeValues key, in the options or a token,
// that no document has as a path parameter: a typo would otherwise let
// every value exist.
func (s *Server) checkScopeValues() error {
	check := func(option string, m map[string][]string) error {
		for param := range m {
			if !s.hasPathParam(param) {
				hint := "the documents have no path parameter of that name"
				if sp := s.ScopeParams(); len(sp) > 0 {
					hint += " (scope parameters: " + strings.Join(sp, ", ") + ")"
				}
				return &OptionError{Option: option, Value: param, Reason: hint}
			}
		}
		return nil
	}
	if err := check("ScopeValues", s.opts.ScopeValues); err != nil {
		return err
	}
	for key, t := range s.opts.Tokens {
		if err := check("Tokens["+redactKey(key)+"].ScopeValues", t.ScopeValues); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) hasPathParam(name string) bool {
	for _, d := range s.docs {
		for _, op := range d.eng.Doc().Operations {
			if op.Param("path", name) != nil {
				return true
			}
		}
	}
	return false
}

// redactKey shows enough of a credential to find it in a file, not to
// use it.
func redactKey(key string) string {
	if len(key) <= 8 {
		return strings.Repeat("*", len(key))
	}
	return key[:4] + "…"
}
