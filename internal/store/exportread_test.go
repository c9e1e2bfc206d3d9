package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

var logLineCases = []string{
	`{"op":"put","key":"k|p=1","id":"7","obj":{"id":7,"name":"x"},"seq":3}`,
	`{"op":"put","key":"k","id":"a","obj":{"a":[1,{"b":"}"}]},"hidden":true,"seq":12}`,
	`{"op":"del","key":"k","id":"a"}`,
	`{"op":"reset"}`,
	`{"op":"col","key":"k"}`,
	`{"op":"clear","key":"k"}`,
	` { "op" : "put" , "key" : "k" , "id" : "1" , "obj" : { "x" : 1 } , "seq" : 1 } `,
	`{"op":"put","key":"k\u00e9","id":"\"q\"","obj":{},"seq":1}`,
	// left to encoding/json
	`{"op":"put","key":"k","id":"1","obj":{"x":1},"seq":1,"extra":1}`,
	`{"op":"put","op":"del","key":"k","id":"1"}`,
	`{"Op":"reset"}`,
	`{"op":"put","key":"k","id":"1","obj":{"x":},"seq":1}`,
	`{"op":"put","key":"k","id":"1","obj":null,"seq":1}`,
	`{"op":"put","key":"k","id":1,"obj":{},"seq":1}`,
	`{"op":"put","key":"k","id":"1","obj":{},"seq":01}`,
	`{"op":"put","key":"k","id":"1","obj":{},"seq":-1}`,
	`{"op":"put","key":"k","id":"1","obj":{},"hidden":null,"seq":1}`,
	`{"op":"put","key":"k","id":"1","obj":{},"seq":1}x`,
	`{"op":"put","key":"k","id":"1","obj":{"x":1`,
	`[]`, ``,
}

// TestReadLogLine: what readLogLine reads, it reads as encoding/json does.
func TestReadLogLine(t *testing.T) {
	t.Parallel()
	fast := 0
	for _, in := range logLineCases {
		if checkLogLine(t, []byte(in)) {
			fast++
		}
	}
	if fast < 8 {
		t.Errorf("%d lines read without encoding/json, want 8", fast)
	}
}

func FuzzReadLogLine(f *testing.F) {
	for _, in := range logLineCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkLogLine(t, in) })
}

func checkLogLine(t *testing.T, in []byte) bool {
	t.Helper()
	got, ok := readLogLine(in)
	if !ok {
		return false
	}
	var want logLine
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatalf("%q: read as %+v; encoding/json: %v", in, got, err)
	}
	if got.Obj != nil {
		var v map[string]any
		if err := json.Unmarshal(got.Obj, &v); err != nil || v == nil {
			t.Fatalf("%q: object %q is not one", in, got.Obj)
		}
		got.Obj, want.Obj = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: read as %+v; encoding/json %+v", in, got, want)
	}
	return true
}
