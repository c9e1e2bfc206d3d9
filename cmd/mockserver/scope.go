package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/mockserver-go/mockserver"
)

// scopeConfig is what --projects, --scope and the tokens file's
// "projects" say about the values of the contract's scope parameters
// (the path parameters that partition its state, such as project_id).
//
// --scope param=v1,v2 names the parameter. --projects and "projects" are
// shorthand for the document's scope parameter, whatever its name, which
// is known only once the document is loaded: build resolves them, and
// refuses them when the documents have no or several scope parameters.
type scopeConfig struct {
	// Projects are --projects' values.
	Projects []string
	// TokenProjects are the tokens file's "projects", by token.
	TokenProjects map[string][]string
}

// scopeValues is --scope: repeatable param=v1,v2.
type scopeValues map[string][]string

func (s *scopeValues) String() string {
	var parts []string
	for p, vs := range *s {
		parts = append(parts, p+"="+strings.Join(vs, ","))
	}
	return strings.Join(parts, " ")
}

func (s *scopeValues) Set(v string) error {
	param, list, ok := strings.Cut(v, "=")
	param = strings.TrimSpace(param)
	if !ok || param == "" {
		return fmt.Errorf("want param=value,value (e.g. project_id=1,2), got %q", v)
	}
	vals := splitList(list)
	if len(vals) == 0 {
		return fmt.Errorf("%s: no values after '='", param)
	}
	if *s == nil {
		*s = scopeValues{}
	}
	(*s)[param] = append((*s)[param], vals...)
	return nil
}

// addScopeFlags registers --scope and --projects.
func addScopeFlags(fs *flag.FlagSet, cfg *config) {
	fs.Var((*scopeValues)(&cfg.Opts.ScopeValues), "scope", "the only values of a scope path parameter that exist, as `param=ids` (project_id=1,2); others answer as the contract says for an unknown one, else 404 (repeatable; default: every value exists)")
	fs.Func("projects", "comma-separated `ids` that exist of the document's one scope parameter (project_id in the embedded contract, where others answer 404 \"Project not found.\"); with several scope parameters use --scope (default: every id exists)", func(v string) error {
		cfg.Scope.Projects = append(cfg.Scope.Projects, splitList(v)...)
		return nil
	})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pending reports whether the config has shorthand values to resolve.
func (sc scopeConfig) pending() bool { return len(sc.Projects) > 0 || len(sc.TokenProjects) > 0 }

// resolve turns the shorthand into opts' and the tokens' ScopeValues for
// the one scope parameter the documents have (params, from ScopeParams).
func (sc scopeConfig) resolve(opts *mockserver.Options, params []string) error {
	if len(params) != 1 {
		have := "no scope parameter"
		if len(params) > 1 {
			have = "the scope parameters " + strings.Join(params, ", ")
		}
		return fmt.Errorf("--projects and the tokens' \"projects\" stand for the document's one scope parameter, and it has %s: use --scope param=ids and the tokens' \"scope_values\"", have)
	}
	param := params[0]
	if len(sc.Projects) > 0 {
		sv := make(map[string][]string, len(opts.ScopeValues)+1)
		for k, v := range opts.ScopeValues {
			sv[k] = v
		}
		sv[param] = append(sv[param], sc.Projects...)
		opts.ScopeValues = sv
	}
	if len(sc.TokenProjects) > 0 {
		tokens := make(map[string]mockserver.Token, len(opts.Tokens))
		for key, t := range opts.Tokens {
			if ids, ok := sc.TokenProjects[key]; ok {
				sv := map[string][]string{param: ids}
				for k, v := range t.ScopeValues {
					sv[k] = append(sv[k], v...)
				}
				t.ScopeValues = sv
			}
			tokens[key] = t
		}
		opts.Tokens = tokens
	}
	return nil
}
