package spec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A snapshot is a document as kin-openapi loaded it, written as compact
// bytes that LoadSnapshot reads back into the same openapi3.T without
// parsing YAML: a tenth of the work of kin-openapi's load, which is most of
// the start-up of a server on a large document (docs/performance.md). It is
// made at go generate time for the embedded contract (internal/contractgen)
// and is valid only for the kin-openapi version that wrote it: a test
// compares it with a fresh load (TestSnapshotIsTheDocument), and another
// fails when the committed one is not what generate would write.
//
// The encoding follows the Go types by reflection: every exported field
// that is not zero, by field index; pointers, slices and maps with a nil
// mark; interface values (examples, extensions) with a type tag. A $ref
// whose value is the component it names is written as its reference only
// and pointed at that component again after reading, so shared schemas
// stay shared and recursive ones stay finite. Each property's SchemaRef
// carries where its name is written, for PropertyOrder. Strings are sliced
// out of the snapshot string, not copied.

// snapshotMagic starts every snapshot; the version goes up when the
// encoding changes. Two checks follow it: the layout of kin-openapi's types
// (typeLayout), so that a snapshot written with another version of
// kin-openapi is refused instead of read wrong, and a checksum of the
// document it was made from, so that a snapshot left behind by a change of
// the document is refused instead of serving the old one.
const snapshotMagic = "mockserver-snapshot-1\n"

// ErrSnapshotStale is returned by LoadSnapshot for a snapshot written from
// another document or for other kin-openapi types (or another encoding).
var ErrSnapshotStale = errors.New("the snapshot was written from another document or for other kin-openapi types: run go generate")

// typeLayout is a hash of the Go types a snapshot follows: every struct
// field's name and type reachable from openapi3.T.
func typeLayout() uint64 {
	h := fnv.New64a()
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		fmt.Fprintf(h, "%s %s;", t, t.Kind())
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(h, "%s ", f.Name)
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeFor[openapi3.T]())
	return h.Sum64()
}

// Ref modes of a ref wrapper (SchemaRef, ParameterRef, ...).
const (
	refNoValue = iota
	refInline
	refShared
)

// Interface value tags.
const (
	anyNil = iota
	anyBool
	anyString
	anyInt
	anyInt64
	anyUint64
	anyFloat64
	anySlice
	anyMap
)

// Snapshot loads data as Load reads it and returns its snapshot, which
// LoadSnapshot reads given the same data. It fails
// for a document that a snapshot cannot hold exactly (external refs, a
// $ref into anything but components, 3.1 keywords beside a $ref).
func Snapshot(data []byte) ([]byte, error) {
	t, keys, err := read(data, LoadOptions{}, false)
	if err != nil {
		return nil, err
	}
	if keys == nil {
		return nil, errors.New("snapshot: the document needs origins for its property order")
	}
	e := &snapshotEncoder{doc: t, keys: keys, out: []byte(snapshotMagic)}
	e.out = binary.LittleEndian.AppendUint64(e.out, typeLayout())
	e.out = binary.LittleEndian.AppendUint32(e.out, crc32.ChecksumIEEE(data))
	if err := e.value(reflect.ValueOf(t).Elem(), "#"); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return e.out, nil
}

// LoadSnapshot is Load(data, opts) from the snapshot Snapshot(data)
// wrote; data is only checksummed. A snapshot of other data, or for other
// kin-openapi types, is an error wrapping ErrSnapshotStale.
func LoadSnapshot(snap string, data []byte, opts LoadOptions) (*Doc, error) {
	if !strings.HasPrefix(snap, snapshotMagic) {
		return nil, &LoadError{Where: opts.Location, Err: ErrSnapshotStale}
	}
	d := &snapshotDecoder{in: snap, i: len(snapshotMagic), keys: propertyKeys{}, types: map[reflect.Type]structInfo{}}
	layout, err := d.fixed64()
	if err != nil || layout != typeLayout() {
		return nil, &LoadError{Where: opts.Location, Err: ErrSnapshotStale}
	}
	if sum, err := d.fixed32(); err != nil || sum != crc32.ChecksumIEEE(data) {
		return nil, &LoadError{Where: opts.Location, Err: ErrSnapshotStale}
	}
	t := &openapi3.T{}
	if err := d.value(reflect.ValueOf(t).Elem()); err != nil {
		return nil, &LoadError{Where: opts.Location, Err: fmt.Errorf("snapshot: %w", err)}
	}
	if err := d.resolve(t); err != nil {
		return nil, &LoadError{Where: opts.Location, Err: fmt.Errorf("snapshot: %w", err)}
	}
	return loaded(t, d.keys, nil, opts)
}

// isRefWrapper reports whether t is one of kin-openapi's XRef types: a
// Ref string beside a Value pointer.
func isRefWrapper(t reflect.Type) bool {
	ref, ok := t.FieldByName("Ref")
	if !ok || ref.Type.Kind() != reflect.String {
		return false
	}
	v, ok := t.FieldByName("Value")
	return ok && v.Type.Kind() == reflect.Pointer && strings.HasSuffix(t.Name(), "Ref")
}

// mapLike returns the index of the unexported map field of kin-openapi's
// map-like types (Paths, Responses, Callback), which are read through Map
// and written through Set, or -1.
func mapLike(t reflect.Type) int {
	if f, ok := t.FieldByName("m"); ok && f.Type.Kind() == reflect.Map {
		return f.Index[0]
	}
	return -1
}

// ignoredUnexported reports whether a snapshot leaves out kin-openapi's
// unexported field name: where a ref was loaded from and the validation's
// scratch state, which only external refs and Validate use. Any other one
// must be zero.
func ignoredUnexported(name string) bool {
	switch name {
	case "refPath", "target", "visited", "url":
		return true
	}
	return false
}

type snapshotEncoder struct {
	doc  *openapi3.T
	keys propertyKeys
	out  []byte
}

func (e *snapshotEncoder) uint(n uint64) { e.out = binary.AppendUvarint(e.out, n) }

func (e *snapshotEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.out = append(e.out, s...)
}

func (e *snapshotEncoder) value(v reflect.Value, at string) error {
	switch v.Kind() {
	case reflect.Bool:
		e.out = append(e.out, b2u(v.Bool()))
	case reflect.String:
		e.str(v.String())
	case reflect.Int, reflect.Int64, reflect.Int32:
		e.out = binary.AppendVarint(e.out, v.Int())
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		e.uint(v.Uint())
	case reflect.Float64:
		e.out = binary.LittleEndian.AppendUint64(e.out, math.Float64bits(v.Float()))
	case reflect.Pointer:
		if v.IsNil() {
			e.out = append(e.out, 0)
			return nil
		}
		e.out = append(e.out, 1)
		return e.value(v.Elem(), at)
	case reflect.Slice:
		if v.IsNil() {
			e.uint(0)
			return nil
		}
		e.uint(uint64(v.Len()) + 1)
		for i := range v.Len() {
			if err := e.value(v.Index(i), fmt.Sprintf("%s/%d", at, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		return e.mapping(v, at)
	case reflect.Interface:
		return e.any(v, at)
	case reflect.Struct:
		return e.structure(v, at)
	default:
		return fmt.Errorf("%s: cannot hold a %s", at, v.Type())
	}
	return nil
}

func (e *snapshotEncoder) mapping(v reflect.Value, at string) error {
	if v.IsNil() {
		e.uint(0)
		return nil
	}
	if v.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("%s: cannot hold a %s", at, v.Type())
	}
	e.uint(uint64(v.Len()) + 1)
	keys := make([]reflect.Value, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key())
	}
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		e.str(k.String())
		if err := e.value(v.MapIndex(k), at+"/"+k.String()); err != nil {
			return err
		}
	}
	return nil
}

func (e *snapshotEncoder) any(v reflect.Value, at string) error {
	if v.IsNil() {
		e.out = append(e.out, anyNil)
		return nil
	}
	switch x := v.Interface().(type) {
	case bool:
		e.out = append(e.out, anyBool, b2u(x))
	case string:
		e.out = append(e.out, anyString)
		e.str(x)
	case int:
		e.out = append(e.out, anyInt)
		e.out = binary.AppendVarint(e.out, int64(x))
	case int64:
		e.out = append(e.out, anyInt64)
		e.out = binary.AppendVarint(e.out, x)
	case uint64:
		e.out = append(e.out, anyUint64)
		e.uint(x)
	case float64:
		e.out = append(e.out, anyFloat64)
		e.out = binary.LittleEndian.AppendUint64(e.out, math.Float64bits(x))
	case []any:
		e.out = append(e.out, anySlice)
		return e.value(reflect.ValueOf(x), at)
	case map[string]any:
		e.out = append(e.out, anyMap)
		return e.value(reflect.ValueOf(x), at)
	default:
		return fmt.Errorf("%s: cannot hold a value of type %T", at, x)
	}
	return nil
}

// structure writes a struct's exported fields that are not zero as
// (index+1, value), then 0; a ref wrapper's Value and a map-like type's
// entries follow.
func (e *snapshotEncoder) structure(v reflect.Value, at string) error {
	t := v.Type()
	if !v.CanAddr() { // a map's value (Discriminator.Mapping's)
		c := reflect.New(t).Elem()
		c.Set(v)
		v = c
	}
	ref, m := isRefWrapper(t), mapLike(t)
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		switch {
		case !f.IsExported():
			if i != m && !ignoredUnexported(f.Name) && !fv.IsZero() {
				return fmt.Errorf("%s: %s.%s is set", at, t.Name(), f.Name)
			}
			continue
		case ref && f.Name == "Value", fv.IsZero():
			continue
		}
		e.uint(uint64(i) + 1)
		if err := e.value(fv, at); err != nil {
			return err
		}
	}
	e.uint(0)
	if m >= 0 {
		entries := v.Addr().MethodByName("Map").Call(nil)[0]
		if err := e.mapping(entries, at); err != nil {
			return err
		}
	}
	if ref {
		return e.refValue(v, at)
	}
	return nil
}

// refValue writes a ref wrapper's Value: by reference when it is the
// component its Ref names, else in full.
func (e *snapshotEncoder) refValue(v reflect.Value, at string) error {
	val, name := v.FieldByName("Value"), v.FieldByName("Ref").String()
	if sr, ok := v.Addr().Interface().(*openapi3.SchemaRef); ok {
		if p, ok := e.keys[sr]; ok {
			e.out = append(e.out, 1)
			e.uint(uint64(p.line))
			e.uint(uint64(p.col))
		} else {
			e.out = append(e.out, 0)
		}
	}
	switch {
	case val.IsNil():
		e.out = append(e.out, refNoValue)
		return nil
	case name != "":
		target, err := component(reflect.ValueOf(e.doc), name)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		if target.FieldByName("Value").Pointer() == val.Pointer() {
			e.out = append(e.out, refShared)
			return nil
		}
	}
	e.out = append(e.out, refInline)
	return e.value(val.Elem(), at)
}

// component returns the ref wrapper (a struct value) that a local
// reference "#/components/<section>/<name>" names in doc (a *openapi3.T).
func component(doc reflect.Value, ref string) (reflect.Value, error) {
	parts := strings.Split(ref, "/")
	if len(parts) != 4 || parts[0] != "#" || parts[1] != "components" {
		return reflect.Value{}, fmt.Errorf("$ref %q: a snapshot holds references into components only", ref)
	}
	comps := doc.Elem().FieldByName("Components")
	if comps.IsNil() {
		return reflect.Value{}, fmt.Errorf("$ref %q: the document has no components", ref)
	}
	comps = comps.Elem()
	name := parts[3]
	if strings.Contains(name, "~") {
		name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
	}
	for i := range comps.NumField() {
		tag, _, _ := strings.Cut(comps.Type().Field(i).Tag.Get("json"), ",")
		if tag != parts[2] || comps.Field(i).Kind() != reflect.Map {
			continue
		}
		w := comps.Field(i).MapIndex(reflect.ValueOf(name))
		if !w.IsValid() || w.IsNil() {
			break
		}
		return w.Elem(), nil
	}
	return reflect.Value{}, fmt.Errorf("$ref %q: no such component", ref)
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// errTruncated is a snapshot that ends early.
var errTruncated = errors.New("truncated")

type snapshotDecoder struct {
	in    string
	i     int
	keys  propertyKeys
	types map[reflect.Type]structInfo
	// shared are the ref wrappers whose Value is their component's, set
	// once everything is read.
	shared []sharedRef
}

// sharedRef is a ref wrapper to resolve, and what to do once it is.
type sharedRef struct {
	w     reflect.Value
	again func()
}

func (d *snapshotDecoder) byte() (byte, error) {
	if d.i >= len(d.in) {
		return 0, errTruncated
	}
	d.i++
	return d.in[d.i-1], nil
}

func (d *snapshotDecoder) uint() (uint64, error) {
	var n uint64
	for shift := 0; shift < 64; shift += 7 {
		b, err := d.byte()
		if err != nil {
			return 0, err
		}
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return n, nil
		}
	}
	return 0, errors.New("bad number")
}

func (d *snapshotDecoder) int() (int64, error) {
	u, err := d.uint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (d *snapshotDecoder) fixed32() (uint32, error) {
	if d.i+4 > len(d.in) {
		return 0, errTruncated
	}
	n := binary.LittleEndian.Uint32([]byte(d.in[d.i : d.i+4]))
	d.i += 4
	return n, nil
}

func (d *snapshotDecoder) fixed64() (uint64, error) {
	if d.i+8 > len(d.in) {
		return 0, errTruncated
	}
	bits := uint64(0)
	for k := 7; k >= 0; k-- {
		bits = bits<<8 | uint64(d.in[d.i+k])
	}
	d.i += 8
	return bits, nil
}

func (d *snapshotDecoder) float() (float64, error) {
	bits, err := d.fixed64()
	return math.Float64frombits(bits), err
}

func (d *snapshotDecoder) str() (string, error) {
	n, err := d.uint()
	if err != nil {
		return "", err
	}
	if n > uint64(len(d.in)-d.i) {
		return "", errTruncated
	}
	s := d.in[d.i : d.i+int(n)]
	d.i += int(n)
	return s, nil
}

func (d *snapshotDecoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		b, err := d.byte()
		v.SetBool(b == 1)
		return err
	case reflect.String:
		s, err := d.str()
		v.SetString(s)
		return err
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := d.int()
		v.SetInt(n)
		return err
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		n, err := d.uint()
		v.SetUint(n)
		return err
	case reflect.Float64:
		f, err := d.float()
		v.SetFloat(f)
		return err
	case reflect.Pointer:
		b, err := d.byte()
		if err != nil || b == 0 {
			return err
		}
		p := reflect.New(v.Type().Elem())
		v.Set(p)
		return d.value(p.Elem())
	case reflect.Slice:
		n, err := d.uint()
		if err != nil || n == 0 {
			return err
		}
		s := reflect.MakeSlice(v.Type(), int(n-1), int(n-1))
		for i := range int(n - 1) {
			if err := d.value(s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		return d.mapping(v, nil)
	case reflect.Interface:
		x, err := d.any()
		if err == nil && x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return err
	case reflect.Struct:
		return d.structure(v)
	}
	return fmt.Errorf("cannot read a %s", v.Type())
}

// mapping reads a map into v, or through set for a map-like type.
func (d *snapshotDecoder) mapping(v reflect.Value, set func(k string, val reflect.Value)) error {
	n, err := d.uint()
	if err != nil || n == 0 {
		return err
	}
	var m reflect.Value
	if set == nil {
		m = reflect.MakeMapWithSize(v.Type(), int(n-1))
		v.Set(m)
	}
	// One key and one value are reused for every entry (SetMapIndex
	// copies them), but for a struct held by value, which a shared ref's
	// resolution sets again later.
	kt, vt := v.Type().Key(), v.Type().Elem()
	byValue := vt.Kind() == reflect.Struct
	key, val := reflect.New(kt).Elem(), reflect.New(vt).Elem()
	for range n - 1 {
		k, err := d.str()
		if err != nil {
			return err
		}
		if byValue {
			key, val = reflect.New(kt).Elem(), reflect.New(vt).Elem()
		} else {
			val.SetZero()
		}
		if err := d.value(val); err != nil {
			return err
		}
		if set != nil {
			set(k, val)
			continue
		}
		key.SetString(k)
		m.SetMapIndex(key, val)
		if n := len(d.shared); byValue && n > 0 && d.shared[n-1].w == val {
			// A ref held by value: the map keeps a copy, so it is set
			// again once resolved.
			key, val := key, val
			d.shared[n-1].again = func() { m.SetMapIndex(key, val) }
		}
	}
	return nil
}

func (d *snapshotDecoder) any() (any, error) {
	tag, err := d.byte()
	if err != nil {
		return nil, err
	}
	switch tag {
	case anyNil:
		return nil, nil
	case anyBool:
		b, err := d.byte()
		return b == 1, err
	case anyString:
		return d.str()
	case anyInt:
		n, err := d.int()
		return int(n), err
	case anyInt64:
		return d.int()
	case anyUint64:
		return d.uint()
	case anyFloat64:
		return d.float()
	case anySlice:
		var s []any
		err := d.value(reflect.ValueOf(&s).Elem())
		return s, err
	case anyMap:
		var m map[string]any
		err := d.value(reflect.ValueOf(&m).Elem())
		return m, err
	}
	return nil, fmt.Errorf("unknown value tag %d", tag)
}

// structInfo is what the decoder asks of a struct type, asked once.
type structInfo struct {
	ref     bool
	mapLike int
}

func (d *snapshotDecoder) structure(v reflect.Value) error {
	t := v.Type()
	info, ok := d.types[t]
	if !ok {
		info = structInfo{ref: isRefWrapper(t), mapLike: mapLike(t)}
		d.types[t] = info
	}
	for {
		i, err := d.uint()
		if err != nil {
			return err
		}
		if i == 0 {
			break
		}
		if i > uint64(t.NumField()) {
			return fmt.Errorf("%s has no field %d", t, i-1)
		}
		if err := d.value(v.Field(int(i - 1))); err != nil {
			return err
		}
	}
	if m := info.mapLike; m >= 0 {
		set := v.Addr().MethodByName("Set")
		err := d.mapping(v.Field(m), func(k string, val reflect.Value) {
			set.Call([]reflect.Value{reflect.ValueOf(k), val})
		})
		if err != nil {
			return err
		}
	}
	if info.ref {
		return d.refValue(v)
	}
	return nil
}

func (d *snapshotDecoder) refValue(v reflect.Value) error {
	if sr, ok := v.Addr().Interface().(*openapi3.SchemaRef); ok {
		has, err := d.byte()
		if err != nil {
			return err
		}
		if has == 1 {
			line, err := d.uint()
			if err != nil {
				return err
			}
			col, err := d.uint()
			if err != nil {
				return err
			}
			d.keys[sr] = position{int(line), int(col)}
		}
	}
	mode, err := d.byte()
	if err != nil {
		return err
	}
	switch mode {
	case refNoValue:
	case refShared:
		d.shared = append(d.shared, sharedRef{w: v})
	case refInline:
		val := v.FieldByName("Value")
		p := reflect.New(val.Type().Elem())
		val.Set(p)
		return d.value(p.Elem())
	default:
		return fmt.Errorf("unknown ref mode %d", mode)
	}
	return nil
}

// resolve points every shared ref at its component's value, following a
// component that is itself a shared ref.
func (d *snapshotDecoder) resolve(t *openapi3.T) error {
	doc := reflect.ValueOf(t)
	components := map[string]reflect.Value{}
	var target func(w reflect.Value, depth int) (reflect.Value, error)
	target = func(w reflect.Value, depth int) (reflect.Value, error) {
		val := w.FieldByName("Value")
		if !val.IsNil() {
			return val, nil
		}
		if depth > 64 {
			return reflect.Value{}, fmt.Errorf("$ref %q: a cycle of references", w.FieldByName("Ref").String())
		}
		ref := w.FieldByName("Ref").String()
		c, ok := components[ref]
		if !ok {
			var err error
			if c, err = component(doc, ref); err != nil {
				return reflect.Value{}, err
			}
			components[ref] = c
		}
		cv, err := target(c, depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		val.Set(cv)
		return cv, nil
	}
	for _, r := range d.shared {
		if _, err := target(r.w, 0); err != nil {
			return err
		}
		if r.again != nil {
			r.again()
		}
	}
	if d.i != len(d.in) {
		return errors.New("bytes after the document")
	}
	return nil
}
