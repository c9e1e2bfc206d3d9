package mockserver

import (
	"bytes"
	"fmt"
	"os"
)

// specSource is the document d names: Spec when it holds one, else the
// file SpecFile, else the embedded contract. A Spec that is empty but not
// nil ([]byte{}, or a file read into it that turned out empty) is not "no
// document": serving the embedded contract instead would hide the
// mistake, so it is an error, as an empty or blank file is. loc names the
// document in errors.
func specSource(d Document) (data []byte, loc string, embedded bool, err error) {
	field := "Options.Spec"
	if d.Name != "" {
		field = "Options.Documents[" + d.Name + "].Spec"
	}
	switch {
	case len(d.Spec) > 0:
		data, loc = d.Spec, "the document in "+field
	case d.SpecFile != "":
		if data, err = os.ReadFile(d.SpecFile); err != nil {
			return nil, "", false, fmt.Errorf("mockserver: reading the spec: %w", err)
		}
		loc = d.SpecFile
	case d.Spec != nil:
		return nil, "", false, fmt.Errorf("mockserver: %s is empty: no document to serve (nil serves the embedded contract)", field)
	default:
		return embeddedLoadable, "openapi.yaml (embedded)", true, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", false, fmt.Errorf("mockserver: %s is empty: no OpenAPI document to serve", loc)
	}
	return data, loc, false, nil
}
