package validate

import (
	"sync"
	"sync/atomic"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// pathMemo remembers the path parameter values kin-openapi found valid.
// Its check of a path parameter depends only on the parameter and the
// value (decoded from the value alone; no default is set, the options are
// the validator's), so a value found valid stays valid, and the same few
// values (a project id, an object's id) come back on most requests. Only
// valid values are kept, at most maxValidPaths (values are the client's:
// past that, the others are checked every time).
type pathMemo struct {
	m sync.Map // pathValue -> struct{}
	n atomic.Int64
}

const maxValidPaths = 8192

type pathValue struct {
	p *spec.Param
	v string
}

// known reports whether p is a path parameter whose value in params was
// found valid before.
func (m *pathMemo) known(p *spec.Param, params map[string]string) bool {
	if p.In != "path" {
		return false
	}
	val, ok := params[p.Name]
	if !ok || val == "" {
		return false
	}
	_, ok = m.m.Load(pathValue{p, val})
	return ok
}

// remember records that p's value in params was found valid.
func (m *pathMemo) remember(p *spec.Param, params map[string]string) {
	if p.In != "path" || m.n.Load() >= maxValidPaths {
		return
	}
	val, ok := params[p.Name]
	if !ok || val == "" {
		return
	}
	if _, loaded := m.m.LoadOrStore(pathValue{p, val}, struct{}{}); !loaded {
		m.n.Add(1)
	}
}
