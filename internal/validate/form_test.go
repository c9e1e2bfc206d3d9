package validate

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// A form body is read as a server reads it: each value decoded by the
// alternative that accepts it, bracketed names nested into the objects and
// arrays the schema declares (testdata/form.yaml).
func TestFormBody(t *testing.T) {
	t.Parallel()
	doc := spectest.Load(t, "testdata/form.yaml")
	v := New(doc)
	op, ok := doc.Operation("createCharge")
	if !ok {
		t.Fatal("no operation createCharge")
	}
	tests := []struct {
		name string
		body string
		want map[string]any // the decoded body; nil: refused
	}{
		{"integer branch", "amount=5&fee=120", map[string]any{"amount": 5.0, "fee": 120.0}},
		{"empty-string branch", "amount=5&fee=", map[string]any{"amount": 5.0, "fee": ""}},
		{"boolean branch", "amount=5&off_session=true", map[string]any{"amount": 5.0, "off_session": true}},
		{"enum branch", "amount=5&off_session=recurring&start_date=now", map[string]any{"amount": 5.0, "off_session": "recurring", "start_date": "now"}},
		{"integer or enum", "amount=5&start_date=1700000000", map[string]any{"amount": 5.0, "start_date": 1700000000.0}},
		{"no branch", "amount=5&off_session=sometimes", nil},
		{"expand[]", "amount=5&expand[]=customer&expand[]=invoice", map[string]any{"amount": 5.0, "expand": []any{"customer", "invoice"}}},
		{"expand[i]", "amount=5&expand[1]=invoice&expand[0]=customer", map[string]any{"amount": 5.0, "expand": []any{"customer", "invoice"}}},
		{"repeated name", "amount=5&expand=customer&expand=invoice", map[string]any{"amount": 5.0, "expand": []any{"customer", "invoice"}}},
		{"metadata[key]", "amount=5&metadata[order]=6735&metadata[note]=gift", map[string]any{"amount": 5.0, "metadata": map[string]any{"order": "6735", "note": "gift"}}},
		{"empty object or unset", "amount=5&metadata=", map[string]any{"amount": 5.0, "metadata": map[string]any{}}},
		{"empty array", "amount=5&expand=", map[string]any{"amount": 5.0, "expand": []any{}}},
		{"nested object", "amount=5&address[city]=Paris&address[line1]=1+rue", map[string]any{"amount": 5.0, "address": map[string]any{"city": "Paris", "line1": "1 rue"}}},
		{"array of objects", "amount=5&tiers[0][up_to]=10&tiers[0][flat_amount]=3&tiers[1][up_to]=inf",
			map[string]any{"amount": 5.0, "tiers": []any{map[string]any{"up_to": 10.0, "flat_amount": 3.0}, map[string]any{"up_to": "inf"}}}},
		{"nested required missing", "amount=5&tiers[0][flat_amount]=3", nil},
		{"undeclared bracketed name", "amount=5&other[x]=1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("POST", "/charges", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res := v.Request(Request{HTTP: r, Op: op, Body: []byte(tt.body)})
			if res.Fatal != nil {
				t.Fatalf("refused as unreadable: %v", res.Fatal.Violations)
			}
			if tt.want == nil {
				if len(res.Violations) == 0 {
					t.Errorf("accepted as %v, want a violation", res.Body)
				}
				return
			}
			if len(res.Violations) > 0 {
				t.Errorf("violations %+v", res.Violations)
			}
			if !reflect.DeepEqual(res.Body, tt.want) {
				t.Errorf("decoded %#v\nwant    %#v", res.Body, tt.want)
			}
		})
	}
}

// A bracketed name deeper than the nesting limit is refused as an
// unreadable body, as JSON nested that deep is.
func TestFormBodyDepth(t *testing.T) {
	t.Parallel()
	doc := spectest.Load(t, "testdata/form.yaml")
	v := New(doc).WithMaxDepth(4)
	op, _ := doc.Operation("createCharge")
	body := "amount=5&metadata" + strings.Repeat("[a]", 5) + "=x"
	r := httptest.NewRequest("POST", "/charges", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := v.Request(Request{HTTP: r, Op: op, Body: []byte(body)}); res.Fatal == nil {
		t.Errorf("accepted %q (%v) with a nesting limit of 4", body, res.Body)
	}
}

func TestSplitFormName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		base string
		path []string
		ok   bool
	}{
		{"plain", "plain", nil, true},
		{"a[b][c]", "a", []string{"b", "c"}, true},
		{"a[]", "a", []string{""}, true},
		{"a[b", "a[b", nil, false},
		{"a[b]c", "a[b]c", nil, false},
		{"[b]", "[b]", nil, true},
	}
	for _, tt := range tests {
		base, path, ok := splitFormName(tt.name)
		if base != tt.base || !reflect.DeepEqual(path, tt.path) || ok != tt.ok {
			t.Errorf("splitFormName(%q) = %q, %q, %v; want %q, %q, %v", tt.name, base, path, ok, tt.base, tt.path, tt.ok)
		}
	}
}

// Odd bracketed names are read without failing: brackets that do not
// pair make a plain (undeclared) name, indexes out of range or negative
// only order the elements.
func TestFormBodyOddNames(t *testing.T) {
	t.Parallel()
	doc := spectest.Load(t, "testdata/form.yaml")
	v := New(doc)
	op, _ := doc.Operation("createCharge")
	for _, body := range []string{
		"amount=5&a[=1", "amount=5&a]]=1", "amount=5&[[=1", "amount=5&expand[][][]=x",
		"amount=5&expand[-1]=x&expand[x]=y", "amount=5&expand[99999999999999999999]=x&expand[0]=y",
		"amount=5&metadata=a&metadata[k]=v", "amount[x]=5",
	} {
		r := httptest.NewRequest("POST", "/charges", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res := v.Request(Request{HTTP: r, Op: op, Body: []byte(body)}); res.Fatal != nil {
			t.Errorf("%q refused as unreadable: %v", body, res.Fatal.Violations)
		}
	}
}
