package engine

// RenderInFull makes e render every record version in full (see
// Engine.fullRender).
func RenderInFull(e *Engine) { e.rend.RenderInFull() }
