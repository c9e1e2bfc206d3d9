// Package spec loads an OpenAPI document and indexes what the engine needs:
// operations by id and by method and path (a segment router with optional
// trailing slashes), resources (a collection path and its item path), the
// x-mock-* vendor extensions, and the order of schema properties.
package spec
