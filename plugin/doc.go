// Package plugin is the contract between the mock's engine and the code
// that gives an API behaviour the contract cannot express as data.
//
// A document names behaviours (x-mock-behaviour: name, on an operation)
// and hooks (x-mock-resource.hooks: name, on a resource). A [Behaviour]
// answers an operation on its own; [Hooks] adapt the engine's generic
// create, update, view and list of a resource to one API's rules. Both
// see the request as a [Call]: what was sent, and what a behaviour may do
// (read and write its collections, read the clock, make deterministic
// fake values, record a contract violation). Nothing else of the engine is
// reachable from here, and nothing here is about speed: the engine caches
// renderings per stored version on its own, from what [Hooks] declare.
//
// Errors are [*Error] values (see [NotFound], [Invalid], [Validation]),
// rendered in the error format the document declares.
package plugin
