package spec

import (
	"strings"
	"testing"
)

// x-mock-max-limit is read from the operation, else its path item, else
// the document; anything but a positive integer is a load error naming it.
func TestMaxLimitExtension(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(routerDoc, "paths:\n  /items/:\n", "x-mock-max-limit: 500\npaths:\n  /items/:\n    x-mock-max-limit: 200\n", 1)
	doc = strings.Replace(doc, "post: {operationId: create,", "post: {operationId: create, x-mock-max-limit: 50,", 1)
	d, err := Load([]byte(doc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"create": 50, "list": 200, "read": 500} {
		if op, _ := d.Operation(id); op.MaxLimit != want {
			t.Errorf("%s: MaxLimit %d, want %d", id, op.MaxLimit, want)
		}
	}
	if d, err := Load([]byte(routerDoc), LoadOptions{}); err != nil {
		t.Fatal(err)
	} else if op, _ := d.Operation("list"); op.MaxLimit != 0 {
		t.Errorf("undeclared: MaxLimit %d, want 0", op.MaxLimit)
	}
	for _, bad := range []string{"0", "-3", "2.5", "many", "{n: 3}"} {
		_, err := Load([]byte(strings.Replace(routerDoc, "paths:\n", "x-mock-max-limit: "+bad+"\npaths:\n", 1)), LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "x-mock-max-limit") {
			t.Errorf("x-mock-max-limit: %s: error %v, want one naming it", bad, err)
		}
	}
}

// x-mock-scope names the tenant path parameter; a name no operation has
// as a path parameter, or anything but a name, is a load error naming it.
func TestScopeExtension(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(strings.Replace(routerDoc, "paths:\n", "x-mock-scope: thing_id\npaths:\n", 1)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Scope != "thing_id" {
		t.Errorf("Scope = %q, want thing_id", d.Scope)
	}
	if d, err := Load([]byte(routerDoc), LoadOptions{}); err != nil {
		t.Fatal(err)
	} else if d.Scope != "" {
		t.Errorf("undeclared: Scope %q, want none", d.Scope)
	}
	for _, bad := range []string{"project_id", "''", "[thing_id]", "{name: thing_id}"} {
		_, err := Load([]byte(strings.Replace(routerDoc, "paths:\n", "x-mock-scope: "+bad+"\npaths:\n", 1)), LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "x-mock-scope") {
			t.Errorf("x-mock-scope: %s: error %v, want one naming it", bad, err)
		}
	}
}
