package engine

import "github.com/mockserver-go/mockserver/plugin"

func (e *Engine) hooks(c *Call) *plugin.Hooks {
	if c.Op.Resource == nil || c.Op.Resource.Hooks == "" {
		return nil
	}
	return e.cfg.Hooks[c.Op.Resource.Hooks]
}
