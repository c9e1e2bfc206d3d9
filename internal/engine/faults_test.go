package engine

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Inject refuses a fault the operation cannot answer, naming the field
// and what would do; the admin endpoint answers the refusal as it is.
func TestInjectRefuses(t *testing.T) {
	t.Parallel()
	d, err := spec.Load([]byte(faultDoc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		op     string
		fault  Fault
		kind   problem.Kind
		field  string
		detail string
	}{
		{"an unknown operation", "nowhere", Fault{Status: 503}, problem.KindNotFound, "", `unknown operation "nowhere"`},
		{"an undeclared status", "a", Fault{Status: 418}, problem.KindValidation, "", "operation a does not declare status 418 (declared: 200, 503); set undeclared"},
		{"not a status", "a", Fault{Status: 999, Undeclared: true}, problem.KindValidation, "status", "100-599"},
		{"an unknown network fault", "a", Fault{Network: "flood"}, problem.KindValidation, "network", `not "flood"`},
		{"a status with a fault that sends none", "a", Fault{Status: 503, Network: exchange.NetworkReset}, problem.KindValidation, "status", "sends no status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pe, ok := problem.As(e.Inject(tc.op, tc.fault))
			if !ok || pe.Kind != tc.kind || pe.Attr != tc.field || !strings.Contains(pe.Detail, tc.detail) {
				t.Errorf("Inject = %+v, want %s on %q saying %q", pe, tc.kind, tc.field, tc.detail)
			}
		})
	}
	if len(e.Faults()) != 0 {
		t.Errorf("refused faults were scheduled: %+v", e.Faults())
	}
	for _, f := range []Fault{{Status: 503}, {Status: 418, Undeclared: true}, {Network: exchange.NetworkTruncated, Status: 200}} {
		if err := e.Inject("a", f); err != nil {
			t.Errorf("Inject(%+v): %v", f, err)
		}
	}
}
