package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/mockserver-go/mockserver/internal/redact"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// Defaults for Config.
const (
	DefaultTimeout = 30 * time.Second
	DefaultMaxBody = 32 << 20
)

// Engine is what the proxy needs of the mock's engine (the contract, its
// validator, its error format and its faults), so that this package does
// not import it.
type Engine interface {
	Doc() *spec.Doc
	Validator() *validate.Validator
	// TakeFault applies the next scheduled fault of op, returning the
	// answer to give instead of forwarding (nil: forward).
	TakeFault(r *http.Request, op *spec.Operation, params map[string]string, ex *exchange.Exchange) *exchange.Response
	// ErrorResponse renders a refusal in the contract's error format.
	ErrorResponse(op *spec.Operation, pe *problem.Error) *exchange.Response
	// CheckResponse checks an answer against what op declares.
	CheckResponse(op *spec.Operation, status int, value any) []problem.Violation
}

// Config builds a Proxy.
type Config struct {
	// Engine provides the contract, its validator and error format.
	Engine Engine
	// Upstream is the real API's base URL (its path is a prefix).
	Upstream string
	// Transport sends upstream requests (nil: a clone of
	// http.DefaultTransport).
	Transport http.RoundTripper
	// Timeout bounds each upstream exchange (0: DefaultTimeout).
	Timeout time.Duration
	// MaxBody bounds an upstream response body (0: DefaultMaxBody).
	MaxBody int64
	// Recorder, when set, saves upstream objects as fixtures.
	Recorder *Recorder
}

// Proxy forwards requests and checks both directions against the contract.
// It is safe for concurrent use.
type Proxy struct {
	cfg    Config
	eng    Engine
	red    *redact.Redactor
	up     *url.URL
	client *http.Client
}

// New returns a proxy to cfg.Upstream.
func New(cfg Config) (*Proxy, error) {
	if cfg.Engine == nil {
		return nil, fmt.Errorf("proxy: no engine")
	}
	up, err := url.Parse(cfg.Upstream)
	if err != nil {
		return nil, fmt.Errorf("proxy: upstream %q: %w", cfg.Upstream, err)
	}
	if (up.Scheme != "http" && up.Scheme != "https") || up.Host == "" {
		return nil, fmt.Errorf("proxy: upstream %q must be an absolute http(s) URL such as https://us.posthog.com", cfg.Upstream)
	}
	if up.RawQuery != "" || up.Fragment != "" || up.User != nil {
		return nil, fmt.Errorf("proxy: upstream %q must not carry a query, fragment or credentials", redactURL(up))
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	tr := cfg.Transport
	if tr == nil {
		tr = http.DefaultTransport.(*http.Transport).Clone()
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // redirects are the client's business
	}}
	return &Proxy{cfg: cfg, eng: cfg.Engine, red: redact.New(cfg.Engine.Doc().Secrets), up: up, client: client}, nil
}

// Upstream is the upstream base URL.
func (p *Proxy) Upstream() string { return redactURL(p.up) }

// Recorder is the proxy's recorder (nil when not recording).
func (p *Proxy) Recorder() *Recorder { return p.cfg.Recorder }

// Handle forwards one request (body already read and size-limited) and
// returns the upstream's answer with what the contract says about both.
func (p *Proxy) Handle(r *http.Request, body []byte) (*exchange.Response, *exchange.Exchange) {
	ex := &exchange.Exchange{}
	op := p.checkRequest(r, body, ex)
	if op != nil {
		// Faults injected with Fail or POST /__mock/faults apply here too:
		// a status fault answers without reaching the upstream, a delay
		// holds the upstream's answer back.
		if resp := p.eng.TakeFault(r, op, ex.PathParams, ex); resp != nil {
			return resp, ex
		}
	}
	resp, err := p.forward(r, body)
	if err != nil {
		pe := upstreamProblem(p.red, err, p.cfg.Timeout, p.up.Host)
		ex.Violations = append(ex.Violations, pe.Violations...)
		return p.eng.ErrorResponse(op, pe), ex
	}
	if op != nil && r.Method != http.MethodHead {
		vs, value := p.checkResponse(op, resp)
		ex.Violations = append(ex.Violations, vs...)
		if p.cfg.Recorder != nil && resp.Status >= 200 && resp.Status < 300 && (value != nil || op.Role == spec.RoleDelete) {
			p.cfg.Recorder.Observe(op, ex.PathParams, value)
		}
	}
	for i := range ex.Violations {
		ex.Violations[i] = p.redactViolation(ex.Violations[i])
	}
	return resp, ex
}

// checkRequest routes and validates the request, recording violations;
// it returns the operation (nil when none matched).
func (p *Proxy) checkRequest(r *http.Request, body []byte, ex *exchange.Exchange) *spec.Operation {
	doc := p.eng.Doc()
	m, ok := doc.Match(r.Method, r.URL.EscapedPath())
	if ok && m.Op == nil && r.Method == http.MethodHead {
		if get, ok2 := doc.Match(http.MethodGet, r.URL.EscapedPath()); ok2 && get.Op != nil {
			m = get
		}
	}
	if !ok {
		ex.Violations = append(ex.Violations, problem.Violation{In: "route", Code: "unknown_route", Expected: "a documented path",
			Got: r.Method + " " + r.URL.Path, Message: "No operation of the contract matches " + r.Method + " " + r.URL.Path + "."})
		return nil
	}
	ex.Template, ex.PathParams = m.Template, m.Params
	if m.Op == nil {
		ex.Violations = append(ex.Violations, problem.Violation{In: "method", Code: "method_not_allowed",
			Expected: "one of " + strings.Join(m.Allowed, ", "), Got: r.Method, Message: "The path does not declare the " + r.Method + " method."})
		return nil
	}
	op := m.Op
	ex.Op = op
	res := p.eng.Validator().Request(validate.Request{HTTP: r, Op: op, PathParams: m.Params, Body: body})
	ex.Violations = append(ex.Violations, res.Violations...)
	if res.Fatal != nil {
		ex.Violations = append(ex.Violations, res.Fatal.Violations...)
	}
	for _, f := range res.ReadOnlySent {
		ex.Violations = append(ex.Violations, problem.Violation{In: "body", Field: f, Code: "readOnly", Expected: "not sent (readOnly)",
			Got: "a value", Message: "The field is readOnly: the server ignores it.", Tolerated: true})
	}
	ex.Params = sentParams(r, op)
	return op
}

// forward sends the request upstream and reads the whole answer.
func (p *Proxy) forward(r *http.Request, body []byte) (*exchange.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), p.cfg.Timeout)
	defer cancel()
	u := *p.up
	u.Path = strings.TrimSuffix(p.up.Path, "/") + r.URL.Path
	if p.up.RawPath != "" || r.URL.RawPath != "" {
		u.RawPath = strings.TrimSuffix(p.up.EscapedPath(), "/") + r.URL.EscapedPath()
	}
	u.RawQuery = r.URL.RawQuery
	var rd io.Reader
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	out, err := http.NewRequestWithContext(ctx, r.Method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	removeHopHeaders(out.Header)
	// Let the transport negotiate compression and decode it, so the answer
	// can be validated; the client gets it decoded.
	out.Header.Del("Accept-Encoding")
	resp, err := p.client.Do(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, p.cfg.MaxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > p.cfg.MaxBody {
		return nil, fmt.Errorf("the upstream answer is larger than %d bytes", p.cfg.MaxBody)
	}
	h := resp.Header.Clone()
	removeHopHeaders(h)
	h.Del("Content-Length")
	return &exchange.Response{Status: resp.StatusCode, Header: h, Body: data}, nil
}

// checkResponse validates the upstream answer. It returns the violations
// and the decoded JSON body (nil when there is none).
func (p *Proxy) checkResponse(op *spec.Operation, resp *exchange.Response) ([]problem.Violation, any) {
	status := strconv.Itoa(resp.Status)
	declared, _ := op.Response(status)
	if declared == nil {
		return p.eng.CheckResponse(op, resp.Status, nil), nil
	}
	ct := resp.Header.Get("Content-Type")
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		if resp.Status != http.StatusNoContent && resp.Status != http.StatusNotModified && spec.JSONResponseSchema(op, status) != nil {
			return []problem.Violation{{In: "response", Code: "missing_body", Expected: "a JSON body", Got: "an empty body",
				Message: "The operation declares a body for " + status + " but the answer had none."}}, nil
		}
		return nil, nil
	}
	if !spec.IsJSON(ct) {
		if len(declared.Content) > 0 && declared.Content.Get(mediaType(ct)) == nil && !hasWildcard(declared.Content) {
			return []problem.Violation{{In: "response", Field: "Content-Type", Code: "content_type", Expected: strings.Join(contentTypes(declared.Content), " or "),
				Got: orNone(ct), Message: "The answer's media type is not one the operation declares for " + status + "."}}, nil
		}
		return nil, nil
	}
	var value any
	if err := json.Unmarshal(resp.Body, &value); err != nil {
		return []problem.Violation{{In: "response", Code: "parse_error", Expected: "valid JSON", Got: err.Error(),
			Message: "The answer says it is JSON but does not parse."}}, nil
	}
	vs := p.eng.CheckResponse(op, resp.Status, value)
	if s := spec.JSONResponseSchema(op, status); s != nil {
		vs = append(vs, undocumentedFields(s, value)...)
	}
	return vs, value
}

func sentParams(r *http.Request, op *spec.Operation) []string {
	var out []string
	q := r.URL.Query()
	for _, p := range op.Params {
		switch p.In {
		case "query":
			if _, ok := q[p.Name]; ok {
				out = append(out, "query:"+p.Name)
			}
		case "header":
			if r.Header.Get(p.Name) != "" {
				out = append(out, "header:"+p.Name)
			}
		case "path":
			out = append(out, "path:"+p.Name)
		}
	}
	return out
}

// removeHopHeaders drops hop-by-hop headers (RFC 9110 7.6.1).
func removeHopHeaders(h http.Header) {
	for _, c := range h.Values("Connection") {
		for _, f := range strings.Split(c, ",") {
			if f = strings.TrimSpace(f); f != "" {
				h.Del(f)
			}
		}
	}
	for _, k := range [...]string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"} {
		h.Del(k)
	}
}

func mediaType(ct string) string {
	return strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
}

func hasWildcard(c openapi3.Content) bool {
	for k := range c {
		if k == "*/*" || strings.HasSuffix(k, "/*") {
			return true
		}
	}
	return false
}

func contentTypes(c openapi3.Content) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func orNone(s string) string {
	if s == "" {
		return "no Content-Type"
	}
	return s
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}

func (p *Proxy) redactViolation(v problem.Violation) problem.Violation {
	v.Got = p.red.Value(v.Field, v.Got)
	v.Message = p.red.Text(v.Message)
	return v
}
