package spec

import (
	"net/url"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/nearest"
)

// node is one segment level of the router: literal children first, then
// parameter segments (which may carry a literal prefix or suffix, as in
// "{id}.json"). Trailing slashes are not significant.
type node struct {
	lit    map[string]*node
	params []*paramEdge
	ops    map[string]*Operation
	// allowed lists the keys of ops, sorted (Match.Allowed, shared).
	allowed []string
}

type paramEdge struct {
	prefix, name, suffix string
	next                 *node
}

// Match is the result of routing a request.
type Match struct {
	// Op is nil when the path exists but not for this method.
	Op *Operation
	// Template is the matched path template.
	Template string
	// Params are the decoded path parameters.
	Params map[string]string
	// Allowed lists the methods the path declares, sorted. Shared between
	// matches: do not modify it.
	Allowed []string
}

func newNode() *node { return &node{lit: map[string]*node{}} }

func (n *node) add(template string, op *Operation) {
	cur := n
	for _, seg := range splitTemplate(template) {
		open := strings.IndexByte(seg, '{')
		close := strings.LastIndexByte(seg, '}')
		if open < 0 || close < open {
			next, ok := cur.lit[seg]
			if !ok {
				next = newNode()
				cur.lit[seg] = next
			}
			cur = next
			continue
		}
		e := &paramEdge{prefix: seg[:open], name: seg[open+1 : close], suffix: seg[close+1:]}
		found := false
		for _, p := range cur.params {
			if p.prefix == e.prefix && p.suffix == e.suffix {
				// Same shape, maybe another name: share the node. The
				// operation keeps its own name through paramNames.
				cur, found = p.next, true
				break
			}
		}
		if !found {
			e.next = newNode()
			cur.params = append(cur.params, e)
			// Longer literal affixes are more specific: try them first.
			sort.SliceStable(cur.params, func(i, j int) bool {
				return len(cur.params[i].prefix)+len(cur.params[i].suffix) > len(cur.params[j].prefix)+len(cur.params[j].suffix)
			})
			cur = e.next
		}
	}
	if cur.ops == nil {
		cur.ops = map[string]*Operation{}
	}
	if _, dup := cur.ops[op.Method]; !dup {
		cur.ops[op.Method] = op
		cur.allowed = append(cur.allowed, op.Method)
		sort.Strings(cur.allowed)
	}
}

func splitTemplate(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// Match routes an escaped request path (r.URL.EscapedPath()). Each segment is
// unescaped on its own, so %2F stays inside its segment.
func (d *Doc) Match(method, escapedPath string) (Match, bool) {
	raw := strings.TrimSuffix(escapedPath, "/")
	raw = strings.TrimPrefix(raw, "/")
	var segs []string
	if raw != "" {
		segs = strings.Split(raw, "/")
		for i, s := range segs {
			if s == "" {
				return Match{}, false
			}
			if strings.IndexByte(s, '%') >= 0 {
				u, err := url.PathUnescape(s)
				if err != nil {
					return Match{}, false
				}
				segs[i] = u
			}
		}
	}
	var vals [8]string
	n, values := d.router.find(segs, vals[:0])
	if n == nil {
		return Match{}, false
	}
	m := Match{Op: n.ops[method], Allowed: n.allowed}
	ref := m.Op
	if ref == nil {
		ref = n.ops[n.allowed[0]]
	}
	m.Template = ref.Path
	names := paramNames(ref.Path)
	if len(names) > 0 {
		m.Params = make(map[string]string, len(names))
		for i, name := range names {
			if i < len(values) {
				m.Params[name] = values[i]
			}
		}
	}
	return m, true
}

func (n *node) find(segs []string, vals []string) (*node, []string) {
	if len(segs) == 0 {
		if len(n.ops) > 0 {
			return n, vals
		}
		return nil, nil
	}
	seg := segs[0]
	if next, ok := n.lit[seg]; ok {
		if found, v := next.find(segs[1:], vals); found != nil {
			return found, v
		}
	}
	for _, p := range n.params {
		if len(seg) <= len(p.prefix)+len(p.suffix) || !strings.HasPrefix(seg, p.prefix) || !strings.HasSuffix(seg, p.suffix) {
			continue
		}
		val := seg[len(p.prefix) : len(seg)-len(p.suffix)]
		if found, v := p.next.find(segs[1:], append(vals, val)); found != nil {
			return found, v
		}
	}
	return nil, nil
}

// paramNames lists a template's parameter names in order.
func paramNames(template string) []string {
	var names []string
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(template[i:], '}')
		if j < 0 {
			return names
		}
		names = append(names, template[i+1:i+j])
		template = template[i+j+1:]
	}
}

// Suggest names the operations closest to a path that matched nothing: the
// ones sharing the longest run of leading segments, at most three.
func (d *Doc) Suggest(escapedPath string) []string {
	segs := splitTemplate(escapedPath)
	best, scores := 0, map[*Operation]int{}
	for _, op := range d.Operations {
		tpl := splitTemplate(op.Path)
		score := 0
		for i := 0; i < len(tpl) && i < len(segs); i++ {
			if tpl[i] == segs[i] || strings.Contains(tpl[i], "{") {
				score++
				continue
			}
			break
		}
		if len(tpl) == len(segs) {
			score++ // same depth is a closer miss
		}
		scores[op] = score
		if score > best {
			best = score
		}
	}
	if best < 2 {
		return nil
	}
	// Among the best, the path whose literal segments are spelled closest
	// to the request's comes first (hog_functionz is hog_functions, not
	// another path of the same shape).
	var tied []*Operation
	for _, op := range d.Operations {
		if scores[op] == best {
			tied = append(tied, op)
		}
	}
	spelling := func(op *Operation) int {
		tpl, n := splitTemplate(op.Path), 0
		for i := 0; i < len(tpl) && i < len(segs); i++ {
			if !strings.Contains(tpl[i], "{") {
				n += nearest.Distance(tpl[i], segs[i])
			}
		}
		return n
	}
	sort.SliceStable(tied, func(i, j int) bool { return spelling(tied[i]) < spelling(tied[j]) })
	var out []string
	for _, op := range tied[:min(len(tied), 3)] {
		out = append(out, op.Method+" "+op.Path)
	}
	return out
}
