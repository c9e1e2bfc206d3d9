package spec

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"go.yaml.in/yaml/v4"
)

// Swagger2Notice is the warning a Swagger 2.0 document loads with.
const Swagger2Notice = "Swagger 2.0: converted to OpenAPI 3"

// swaggerVersion is the top-level "swagger" field of a document ("2.0" for
// Swagger 2.0), or "" when it has none. Only a document that seems to have
// such a key is parsed for it, so an OpenAPI 3 document costs a scan.
func swaggerVersion(data []byte) string {
	if !mayHaveSwaggerKey(data) {
		return ""
	}
	var probe struct {
		Swagger any `yaml:"swagger" json:"swagger"`
	}
	// JSON's own decoder skips the rest of a large document many times
	// faster than a YAML parse; YAML, or JSON it refuses, goes to the YAML
	// parser, which reads both.
	if !mayBeJSON(data) || json.Unmarshal(data, &probe) != nil {
		probe.Swagger = nil
		if yaml.Unmarshal(data, &probe) != nil {
			return ""
		}
	}
	if probe.Swagger == nil {
		return ""
	}
	return fmt.Sprint(probe.Swagger)
}

// mayHaveSwaggerKey reports whether "swagger" is written somewhere as a key
// could be: after the start, a space, '{' or ',', maybe quoted, followed by
// ':'. It looks at each occurrence of the word and nothing else (a regular
// expression scanning a 5 MB document took a fifth of its load).
func mayHaveSwaggerKey(data []byte) bool {
	const word = "swagger"
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(word))
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		i = end
		if start > 0 && (data[start-1] == '"' || data[start-1] == '\'') {
			start--
		}
		if start > 0 && !bytes.ContainsRune([]byte(" \t\r\n\f\v{,"), rune(data[start-1])) {
			continue
		}
		if end < len(data) && (data[end] == '"' || data[end] == '\'') {
			end++
		}
		rest := bytes.TrimLeft(data[end:], " \t\r\n\f\v")
		if len(rest) > 0 && rest[0] == ':' {
			return true
		}
	}
}

// fromSwagger2 converts a Swagger 2.0 document with kin-openapi's
// openapi2conv and returns the OpenAPI 3.0 document as JSON, which Load
// then reads like any other: the same validation, indexing and warnings.
// Properties keep JSON's order (alphabetical), since the conversion goes
// through Go maps.
func fromSwagger2(data []byte) ([]byte, error) {
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		return nil, fmt.Errorf("reading the Swagger 2.0 document: %w", err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("converting Swagger 2.0 to OpenAPI 3: %w", err)
	}
	out, err := json.Marshal(doc3)
	if err != nil {
		return nil, fmt.Errorf("converting Swagger 2.0 to OpenAPI 3: %w", err)
	}
	return out, nil
}
