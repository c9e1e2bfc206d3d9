package spec

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSnapshotIsTheDocument checks that a snapshot reads back as the
// document Load reads from its source: the same openapi3.T (but for where
// refs were loaded from, which a snapshot leaves out), with $refs sharing
// their component as there, and the same property order.
func TestSnapshotIsTheDocument(t *testing.T) {
	for _, file := range []string{"../../contract/openapi.loadable.yaml", "../../testdata/posthog-openapi.yaml", "testdata/realworld/stripe-like.json"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Skip(err)
			}
			snap, err := Snapshot(data)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Load(data, LoadOptions{SkipValidation: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := LoadSnapshot(string(snap), data, LoadOptions{SkipValidation: true})
			if err != nil {
				t.Fatal(err)
			}
			c := &docComparison{got: got.T, want: want.T, pairs: map[[2]uintptr]bool{}}
			c.compare(reflect.ValueOf(got.T), reflect.ValueOf(want.T), "#")
			for _, d := range c.diffs[:min(len(c.diffs), 10)] {
				t.Error(d)
			}
			if len(c.diffs) > 0 {
				t.Fatalf("%d differences", len(c.diffs))
			}
			for name, s := range want.T.Components.Schemas {
				if !slices.Equal(got.PropertyOrder(got.T.Components.Schemas[name].Value), want.PropertyOrder(s.Value)) {
					t.Errorf("schema %s: property order %v, want %v", name, got.PropertyOrder(got.T.Components.Schemas[name].Value), want.PropertyOrder(s.Value))
				}
			}
			if !slices.Equal(got.Warnings, want.Warnings) || len(got.Operations) != len(want.Operations) {
				t.Errorf("%d warnings and %d operations, want %d and %d", len(got.Warnings), len(got.Operations), len(want.Warnings), len(want.Operations))
			}
			t.Logf("%d bytes of source, %d of snapshot", len(data), len(snap))
		})
	}
}

// docComparison walks two loaded documents in step: got must have a
// pointer shared where want has one (a $ref and its component).
type docComparison struct {
	got, want *openapi3.T
	pairs     map[[2]uintptr]bool
	diffs     []string
}

func (c *docComparison) compare(got, want reflect.Value, at string) {
	if len(c.diffs) > 20 {
		return
	}
	if got.Kind() != want.Kind() {
		c.diffs = append(c.diffs, fmt.Sprintf("%s: %s, want %s", at, got.Kind(), want.Kind()))
		return
	}
	switch got.Kind() {
	case reflect.Pointer:
		if got.IsNil() != want.IsNil() {
			c.diffs = append(c.diffs, fmt.Sprintf("%s: nil %v, want nil %v", at, got.IsNil(), want.IsNil()))
			return
		}
		if got.IsNil() {
			return
		}
		k := [2]uintptr{got.Pointer(), want.Pointer()}
		if c.pairs[k] {
			return
		}
		c.pairs[k] = true
		c.compare(got.Elem(), want.Elem(), at)
	case reflect.Interface:
		if got.IsNil() != want.IsNil() {
			c.diffs = append(c.diffs, fmt.Sprintf("%s: nil %v, want nil %v", at, got.IsNil(), want.IsNil()))
			return
		}
		if !got.IsNil() {
			if got.Elem().Type() != want.Elem().Type() {
				c.diffs = append(c.diffs, fmt.Sprintf("%s: %s, want %s", at, got.Elem().Type(), want.Elem().Type()))
				return
			}
			c.compare(got.Elem(), want.Elem(), at)
		}
	case reflect.Slice:
		if got.IsNil() != want.IsNil() || got.Len() != want.Len() {
			c.diffs = append(c.diffs, fmt.Sprintf("%s: %d items (nil %v), want %d (nil %v)", at, got.Len(), got.IsNil(), want.Len(), want.IsNil()))
			return
		}
		for i := range got.Len() {
			c.compare(got.Index(i), want.Index(i), fmt.Sprintf("%s/%d", at, i))
		}
	case reflect.Map:
		if got.IsNil() != want.IsNil() || got.Len() != want.Len() {
			c.diffs = append(c.diffs, fmt.Sprintf("%s: %d entries (nil %v), want %d (nil %v)", at, got.Len(), got.IsNil(), want.Len(), want.IsNil()))
			return
		}
		for it := want.MapRange(); it.Next(); {
			g := got.MapIndex(it.Key())
			if !g.IsValid() {
				c.diffs = append(c.diffs, fmt.Sprintf("%s: no %v", at, it.Key()))
				continue
			}
			c.compare(g, it.Value(), fmt.Sprintf("%s/%v", at, it.Key()))
		}
	case reflect.Struct:
		for i := range got.NumField() {
			f := got.Type().Field(i)
			if ignoredUnexported(f.Name) {
				continue
			}
			c.compare(got.Field(i), want.Field(i), at+"."+f.Name)
		}
		if isRefWrapper(got.Type()) && got.FieldByName("Ref").String() != "" && !want.FieldByName("Value").IsNil() {
			if g, w := c.shares(c.got, got), c.shares(c.want, want); g != w {
				c.diffs = append(c.diffs, fmt.Sprintf("%s: shares its component's value %v, want %v", at, g, w))
			}
		}
	case reflect.Func: // the format validators registerFormats sets on both
	default:
		if !got.Equal(want) {
			c.diffs = append(c.diffs, fmt.Sprintf("%s: %v, want %v", at, got, want))
		}
	}
}

// shares reports whether the ref wrapper w's value is its component's.
func (c *docComparison) shares(doc *openapi3.T, w reflect.Value) bool {
	target, err := component(reflect.ValueOf(doc), w.FieldByName("Ref").String())
	return err == nil && target.FieldByName("Value").Pointer() == w.FieldByName("Value").Pointer()
}

// TestSnapshotStale checks that a snapshot is refused for another
// document and for a corrupted header.
func TestSnapshotStale(t *testing.T) {
	doc := []byte("openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n")
	snap, err := Snapshot(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSnapshot(string(snap), doc, LoadOptions{}); err != nil {
		t.Fatalf("its own document: %v", err)
	}
	other := append([]byte(nil), doc...)
	other[len(other)-3] = 'K'
	if _, err := LoadSnapshot(string(snap), other, LoadOptions{}); !errors.Is(err, ErrSnapshotStale) {
		t.Errorf("another document: %v, want ErrSnapshotStale", err)
	}
	bad := []byte(string(snap))
	bad[len(snapshotMagic)] ^= 1 // the type layout
	if _, err := LoadSnapshot(string(bad), doc, LoadOptions{}); !errors.Is(err, ErrSnapshotStale) {
		t.Errorf("other types: %v, want ErrSnapshotStale", err)
	}
	if _, err := LoadSnapshot(string(snap[:len(snap)-2]), doc, LoadOptions{}); err == nil || errors.Is(err, ErrSnapshotStale) {
		t.Errorf("truncated: %v, want an error that is not ErrSnapshotStale", err)
	}
}
