package mockserver

import "github.com/mockserver-go/mockserver/internal/spec"

// SpecDoc exposes the loaded document to the external corpus test, so it
// enumerates the very operations the server serves without loading twice.
func (s *Server) SpecDoc() *spec.Doc { return s.docs[0].eng.Doc() }
