// Package engine is the pipeline that answers requests from the contract,
// read top to bottom in handle.go: it routes, then runs the stages (a
// scheduled fault, access, validation, Prism's preferences or the dispatch
// to a behaviour, the resource's state or generated data), renders
// refusals through the error stage, and checks its own answer against the
// contract. Each stage lives in a package of its own (internal/access,
// internal/validate, internal/prefer, internal/errorbody,
// internal/resource, internal/render) and returns a value or a
// *problem.Error. It knows nothing of echo: the handler package adapts it
// to HTTP, and sees it through an interface of its own.
package engine
