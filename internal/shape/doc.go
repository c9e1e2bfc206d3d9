// Package shape keeps a resource's read model apart from its write model:
// the object the server stores is shaped by what the responses that return
// it declare, not by what the client wrote.
//
// A value a client wrote that every response accepts for its property is
// kept. One that some response does not accept (a login where a user
// object is declared, a number where a milestone object is declared, a
// branch name where a branch object is declared) is not copied: the
// response value is generated instead, and where the written value plainly
// identifies the declared object (IdentifyingProperties), that property
// carries it. Properties no response declares are not kept; required
// properties a response declares and the object lacks are generated once,
// so that every response that returns the object shows the same value.
//
// The package is pure: functions over decoded JSON values and kin-openapi
// schemas, given a Check (is a value valid for a schema as a response
// value) and a Generate (a deterministic response value for a schema and a
// key). It knows no document.
package shape
