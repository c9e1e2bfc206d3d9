package journal

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
)

func TestViolationsOutliveTheRing(t *testing.T) {
	j := New(2)
	bad := problem.Violation{In: "query", Field: "limit", Code: "type"}
	other := problem.Violation{In: "body", Field: "name", Code: "required"}
	for i := 0; i < 10; i++ {
		j.Add(Entry{Method: "GET", Path: "/pets/", OperationID: "pets_list", Status: 400, Violations: []problem.Violation{bad}})
	}
	j.Add(Entry{Method: "POST", Path: "/pets/", OperationID: "pets_create", Status: 400, Violations: []problem.Violation{other, bad}})
	j.Add(Entry{Method: "GET", Path: "/nope", Status: 404, Violations: []problem.Violation{{In: "route", Code: "unknown_route"}}})
	if n := len(j.Entries()); n != 2 {
		t.Fatalf("ring kept %d entries, want 2", n)
	}
	got := j.ViolationsByOperation()
	list := got["pets_list"]
	if list.Total != 10 || len(list.Groups) != 1 || list.Groups[0].Count != 10 || list.Groups[0].First.ID != 1 {
		t.Errorf("pets_list = %+v, want one group counted 10 times, first request 1", list)
	}
	if c := got["pets_create"]; c.Total != 2 || len(c.Groups) != 2 {
		t.Errorf("pets_create = %+v", c)
	}
	if u := got[Undocumented]; u.Total != 1 || u.Groups[0].First.Path != "/nope" {
		t.Errorf("undocumented = %+v", u)
	}
	if ops := SortedOperations(got); len(ops) != 3 || ops[0] != "pets_create" || ops[2] != Undocumented {
		t.Errorf("order = %q", ops)
	}
	if c := j.Coverage(); c.Violations != 13 {
		t.Errorf("coverage violations = %d, want 13", c.Violations)
	}
	j.Reset()
	if len(j.ViolationsByOperation()) != 0 {
		t.Error("Reset kept violations")
	}
}

func TestViolationGroupsAreCapped(t *testing.T) {
	j := New(10)
	j.maxGroups = 2
	for _, f := range []string{"a", "b", "c", "a", "d"} {
		j.Add(Entry{OperationID: "op", Violations: []problem.Violation{{In: "body", Field: f, Code: "type"}}})
	}
	ov := j.ViolationsByOperation()["op"]
	if ov.Total != 5 || ov.Dropped != 2 || len(ov.Groups) != 2 || ov.Groups[0].Count != 2 {
		t.Errorf("capped = %+v, want total 5, dropped 2 (c, d), a counted twice", ov)
	}
}

func TestViolationsCopyIsIndependent(t *testing.T) {
	j := New(10)
	j.Add(Entry{OperationID: "op", Violations: []problem.Violation{{In: "body", Code: "type"}}})
	got := j.ViolationsByOperation()
	got["op"].Groups[0].Count = 99
	if j.ViolationsByOperation()["op"].Groups[0].Count != 1 {
		t.Error("caller changed the journal")
	}
}
