package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"go.yaml.in/yaml/v4"
)

// Swagger2Notice is the warning a Swagger 2.0 document loads with.
const Swagger2Notice = "Swagger 2.0: converted to OpenAPI 3"

// swaggerKey finds what may be a "swagger" key in YAML or JSON.
var swaggerKey = regexp.MustCompile(`(?:^|[\s{,])["']?swagger["']?\s*:`)

// swaggerVersion is the top-level "swagger" field of a document ("2.0" for
// Swagger 2.0), or "" when it has none. Only a document that seems to have
// such a key is parsed for it, so an OpenAPI 3 document costs a scan.
func swaggerVersion(data []byte) string {
	if !bytes.Contains(data, []byte("swagger")) || !swaggerKey.Match(data) {
		return ""
	}
	var probe struct {
		Swagger any `yaml:"swagger"`
	}
	if yaml.Unmarshal(data, &probe) != nil || probe.Swagger == nil {
		return ""
	}
	return fmt.Sprint(probe.Swagger)
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
