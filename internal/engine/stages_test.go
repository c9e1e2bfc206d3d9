package engine

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The stages return values to the pipeline and never reach back into it:
// none imports the engine, the state, a behaviour or the HTTP layer.
func TestStagesDoNotImportThePipeline(t *testing.T) {
	t.Parallel()
	forbidden := []string{"/internal/engine", "/internal/store", "/internal/posthog", "/internal/handler", "github.com/labstack/echo"}
	for _, stage := range []string{"access", "errorbody", "prefer", "mediatype"} {
		files, _ := filepath.Glob(filepath.Join("..", stage, "*.go"))
		if len(files) == 0 {
			t.Fatalf("internal/%s: no files", stage)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, fb := range forbidden {
					if strings.Contains(path, fb) {
						t.Errorf("%s imports %s: a stage returns a value or a *problem.Error instead", name, path)
					}
				}
			}
		}
	}
}
