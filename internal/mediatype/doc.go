// Package mediatype owns the media types of answers: which one a response is
// given in (the client's Accept against the content the contract declares,
// a declared range made concrete), and a JSON-shaped value written in a
// non-JSON one (XML, text, a picture) or generated for it. It imports only
// the document's model and the fake-data generator, so that every stage
// that answers (the engine, the resource stage's list plans, the error
// stage) can use it.
package mediatype
