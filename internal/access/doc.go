// Package access decides whether a request may reach its operation: the
// credential the operation's security requirements ask for (and, with
// configured tokens, its scopes and the scope values it may use), the
// scope values that exist on this server, and the request rates the
// document declares (x-mock-rate-limit). It answers with a value (the
// credential) or a *problem.Error for the engine to render; it never
// renders an answer itself.
package access
