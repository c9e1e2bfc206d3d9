package posthog

import "github.com/mockserver-go/mockserver/internal/engine"

// Names lists every behaviour and hook name this package provides.
func Names() map[string]bool {
	b, h := Register()
	out := make(map[string]bool, len(b)+len(h))
	for k := range b {
		out[k] = true
	}
	for k := range h {
		out[k] = true
	}
	return out
}

// Register returns fresh behaviours and hooks (no shared state between
// servers).
func Register() (map[string]engine.Behaviour, map[string]*engine.Hooks) {
	return map[string]engine.Behaviour{
			"posthog.invocations":    generated,
			"posthog.logs":           generated,
			"posthog.metrics":        generated,
			"posthog.metrics_totals": generated,
			"posthog.icons":          generated,
			"posthog.icon":           generated,
			"posthog.rearrange":      generated,
		}, map[string]*engine.Hooks{
			"posthog.hog_functions": {},
			"posthog.insights":      {},
		}
}

// generated answers from the contract's schema until the behaviour is built.
func generated(c *engine.Call) (*engine.Response, error) { return c.E.Generated(c) }
