// Package overlay applies OpenAPI Overlay 1.0 documents (the OpenAPI
// Initiative's Overlay Specification 1.0.0) to a YAML or JSON document.
//
// An overlay is an ordered list of actions, each selecting nodes of the
// document with an RFC 9535 JSONPath target and either removing them
// (remove: true) or merging a value into them (update). Update merges
// recursively into a selected object: objects merge property by
// property, a primitive replaces a primitive, an array is concatenated
// with an array (the rules Overlay 1.1.0 spells out for 1.0's "recursively
// merged"); another combination is an error. An update of a selected
// array appends the value as one entry.
//
// The document is edited as a YAML node tree, so that key order and
// comments survive; targets are evaluated by github.com/theory/jsonpath
// over a plain-value mirror of the tree that each action keeps in step.
// A target inside an anchored node changes every alias of it in the
// output.
package overlay
