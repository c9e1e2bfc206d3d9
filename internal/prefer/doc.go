// Package prefer reads what a request asks of the mock itself, as Prism
// lets it (the Prefer header and its "__" query parameters: a status, an
// example, generated data, a seed, a delay), and decides what that means
// for an operation: a declared response to answer with, a delay, or
// Prism's NOT_FOUND when the operation declares no such thing. It returns
// decisions; the engine carries them out.
package prefer
