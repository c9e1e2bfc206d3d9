// Package render is the rendering stage: it writes JSON-shaped values in
// the property order of their schema (Encoder), renders stored records as
// an operation answers them (Renderer.Render: the view, its bytes and the
// self-check's findings), and owns every cache of renderings. Those hang on
// the record version, so a change makes a new rendering, and only what
// changed since the version it replaced is conformed, encoded and checked
// again. Plugins and the store never see them. What a view is (the
// conformed object shaped by a View hook) is the caller's: it passes a
// Viewer.
package render
