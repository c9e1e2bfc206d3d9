package mockserver_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenInAPI are modules whose types must never appear in an exported
// signature: they can then change underneath without breaking users.
var forbiddenInAPI = []string{"github.com/labstack/echo", "github.com/getkin/kin-openapi", "github.com/brianvoe/gofakeit", "/internal/"}

// TestPublicAPIHidesDependencies parses the public packages (the root,
// mockservertest, plugin, report) and fails when
// an exported function, method, field or type refers to a forbidden one.
func TestPublicAPIHidesDependencies(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{".", "mockservertest", "plugin", "report"} {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			bad := map[string]string{} // local import name -> path
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, fb := range forbiddenInAPI {
					if strings.Contains(path, fb) {
						local := filepath.Base(path)
						if imp.Name != nil {
							local = imp.Name.Name
						} else if strings.HasPrefix(local, "v") && len(local) <= 3 {
							local = filepath.Base(filepath.Dir(path)) // .../echo/v4
						}
						bad[local] = path
					}
				}
			}
			check := func(where string, n ast.Node) {
				if n == nil {
					return
				}
				ast.Inspect(n, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && bad[id.Name] != "" {
							t.Errorf("%s: %s exposes %s.%s (%s)", fset.Position(sel.Pos()), where, id.Name, sel.Sel.Name, bad[id.Name])
						}
					}
					return true
				})
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
						check(d.Name.Name, d.Type)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								checkType(s, check)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									check(n.Name, s.Type)
								}
							}
						}
					}
				}
			}
		}
	}
}

func exportedRecv(fl *ast.FieldList) bool {
	e := fl.List[0].Type
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.IsExported()
}

// checkType checks a type's exported fields (unexported ones are hidden).
func checkType(s *ast.TypeSpec, check func(string, ast.Node)) {
	st, ok := s.Type.(*ast.StructType)
	if !ok {
		check(s.Name.Name, s.Type)
		return
	}
	for _, f := range st.Fields.List {
		exported := len(f.Names) == 0 // embedded: promoted, so public
		for _, n := range f.Names {
			exported = exported || n.IsExported()
		}
		if exported {
			check(s.Name.Name, f.Type)
		}
	}
}

// TestDependencyDirection fails when a package around the pipeline
// imports it: the handler, the admin endpoints and the proxy see the
// engine through interfaces of their own and share its types through
// internal/exchange; behaviours and the store know nothing of it
// (docs/architecture.md). Test files may build a real engine to drive.
func TestDependencyDirection(t *testing.T) {
	t.Parallel()
	const engine = "github.com/mockserver-go/mockserver/internal/engine"
	for _, dir := range []string{"internal/admin", "internal/handler", "internal/proxy", "internal/posthog", "internal/store", "internal/exchange", "internal/render", "internal/resource", "internal/mediatype", "plugin"} {
		err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); path == engine || strings.HasPrefix(path, engine+"/") {
					t.Errorf("%s imports %s: only the root package, which builds the pipeline, may", name, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
	}
}
