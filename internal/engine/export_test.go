package engine

import "github.com/mockserver-go/mockserver/internal/fixtures"

// RenderInFull makes e render every record version in full (see
// Engine.fullRender).
func RenderInFull(e *Engine) { e.fullRender = true }

// PutWithRequired stores obj as mockserver.Server.Put does: the resource
// schema's required properties it lacks are generated first.
func PutWithRequired(e *Engine, resource string, scope map[string]string, obj map[string]any) error {
	res := e.Doc().Resources[resource]
	gen, _ := e.Generator().Value(res.Schema, "put", fixtures.Response).(map[string]any)
	for _, name := range res.Schema.Required {
		if _, ok := obj[name]; !ok {
			obj[name] = gen[name]
		}
	}
	_, err := e.Put(resource, scope, obj)
	return err
}
