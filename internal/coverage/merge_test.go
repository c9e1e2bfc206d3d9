package coverage

import (
	"reflect"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	pub "github.com/mockserver-go/mockserver/report"
)

// mergeSample is two documents served together: "pets" (the sample run)
// and "shop" (the same contract, one call, in proxy mode), and one request
// that matched neither, with a secret in its query.
func mergeSample(t *testing.T) pub.Report {
	t.Helper()
	in := sampleInput(t)
	delete(in.Violations, journal.Undocumented) // a part's journal view holds none (journal.ViolationsOf)
	pets := Build(in)
	j := journal.New(10)
	j.Add(journal.Entry{Method: "DELETE", Path: "/pets/1/", OperationID: "pets_destroy", Status: 204})
	shop := Build(Input{Doc: petsDoc(t), Coverage: j.Coverage(), Violations: j.ViolationsByOperation(), Mode: pub.ModeProxy, Upstream: "https://shop.example"})

	all := journal.New(10)
	all.Add(journal.Entry{Method: "GET", Path: "/elsewhere", Query: "token=phx_0123456789abcdef", Status: 404,
		Violations: []problem.Violation{{In: "route", Code: "unknown_route", Message: "No document."}}})
	all.Add(journal.Entry{Method: "GET", Path: "/pets/pets/", OperationID: "pets:pets_list", Mount: "pets", Status: 200})
	undoc := all.ViolationsByOperation()[journal.Undocumented]
	undoc.Total, undoc.Dropped = 3, 2 // the journal kept one group of three
	return Merge("Two shops", []Part{{Name: "pets", Report: pets}, {Name: "shop", Report: shop}}, all.Coverage(), undoc,
		time.Date(2025, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600)))
}

func TestMerge(t *testing.T) {
	t.Parallel()
	r := mergeSample(t)
	tests := []struct {
		name      string
		got, want any
	}{
		{"title", r.Title, "Two shops"},
		{"generated, in UTC", r.Generated, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		// The first part's mode and upstream.
		{"mode", [2]string{r.Mode, r.Upstream}, [2]string{pub.ModeMock, ""}},
		// Request totals come from the shared journal, not from the parts.
		{"requests", [2]int{r.Requests, r.Undocumented}, [2]int{2, 1}},
		{"violation count (pets 3, shop 0, undocumented 3)", r.ViolationCount, 6},
		{"dropped", r.Dropped, 2},
		{"operations", len(r.Operations), 8},
		{"first operation", [3]string{r.Operations[0].ID, r.Operations[0].Template, r.Operations[0].Method}, [3]string{"pets:pets_list", "/pets/pets/", "GET"}},
		{"last operation", [2]string{r.Operations[7].ID, r.Operations[7].Template}, [2]string{"shop:pets_destroy", "/shop/pets/{id}/"}},
		{"a part's counts stay", r.Operations[7].Calls, 1},
		{"operations coverage", [3]any{r.Coverage.Operations.Covered, r.Coverage.Operations.Total, r.Coverage.Operations.Percent}, [3]any{3, 8, 37.5}},
		{"operations never", r.Coverage.Operations.Never, []string{"pets:pets_create", "pets:pets_destroy", "shop:pets_create", "shop:pets_list", "shop:pets_retrieve"}},
		{"statuses coverage", [2]int{r.Coverage.Statuses.Covered, r.Coverage.Statuses.Total}, [2]int{4, 14}},
		{"params coverage", [3]any{r.Coverage.Params.Covered, r.Coverage.Params.Total, r.Coverage.Params.Percent}, [3]any{1, 6, 16.7}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}

// Violations are named "mount:operation" with the public path; the parts'
// own undocumented entries are left out (the shared journal's count), and
// requests that matched no document are redacted by the common rules.
func TestMergeViolations(t *testing.T) {
	t.Parallel()
	r := mergeSample(t)
	type where struct{ Operation, Template, Code string }
	var got []where
	for _, v := range r.Violations {
		got = append(got, where{v.Operation, v.Template, v.Code})
	}
	want := []where{
		{"pets:pets_list", "/pets/pets/", "type"},
		{"pets:pets_retrieve", "/pets/pets/{id}/", "type"},
		{"", "", "unknown_route"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("violations = %+v, want %+v", got, want)
	}
	last := r.Violations[2]
	if last.Request.Query == "token=phx_0123456789abcdef" || last.Request.Path != "/elsewhere" {
		t.Errorf("undocumented request = %+v (its query holds a key)", last.Request)
	}
}

func TestMergeNothing(t *testing.T) {
	t.Parallel()
	r := Merge("none", nil, journal.New(1).Coverage(), journal.OpViolations{}, time.Time{})
	if r.Mode != pub.ModeMock || r.Operations == nil || r.Violations == nil || r.Coverage.Operations.Never == nil || r.Coverage.Operations.Percent != 100 {
		t.Errorf("report of no documents = %+v", r)
	}
}
