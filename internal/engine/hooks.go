package engine

import "github.com/mockserver-go/mockserver/plugin"

func (e *Engine) hooks(c *Call) *plugin.Hooks {
	return e.res.Hooks(c.Op)
}
