package mockserver

import (
	"context"
	"fmt"
)

// Reloaded says what a Server made by Reload took over from the one it
// replaces. Names are resource names and operation ids, qualified by the
// document's name with several documents, sorted per document.
type Reloaded struct {
	// StateKept are the resources whose objects were kept; StateDropped
	// those whose objects were dropped (the resource is gone, or its scope
	// changed). Both are empty with a fresh state.
	StateKept, StateDropped []string
	// FaultsKept are the operations whose scheduled faults still apply;
	// FaultsDropped those whose faults were dropped (the operation is
	// gone, or no longer declares the fault's status).
	FaultsKept, FaultsDropped []string
}

// Reload builds a new Server from s's Options, reading Spec files and
// fixtures again, to serve in s's place (hot reload: the command swaps
// which Server it serves; requests in flight finish on s). The new Server
// keeps s's journal and the faults still scheduled whose operation still
// exists, and, unless freshState, the objects of every resource that
// still exists; with freshState it starts from its seeds or fixtures (as
// when the fixtures changed). s keeps working; an error (a document that
// no longer loads) names what is wrong.
func (s *Server) Reload(freshState bool) (*Server, Reloaded, error) {
	next, err := newServer(s.opts, s.journal, s)
	if err != nil {
		return nil, Reloaded{}, err
	}
	var r Reloaded
	for i, d := range next.docs {
		old := s.docs[i]
		kept, dropped := d.eng.AdoptFaults(old.eng)
		r.FaultsKept = append(r.FaultsKept, d.qualifyAll(kept)...)
		r.FaultsDropped = append(r.FaultsDropped, d.qualifyAll(dropped)...)
		if freshState {
			continue
		}
		kept, dropped, err := d.eng.Adopt(old.eng)
		if err != nil {
			return nil, Reloaded{}, err
		}
		r.StateKept = append(r.StateKept, d.qualifyAll(kept)...)
		r.StateDropped = append(r.StateDropped, d.qualifyAll(dropped)...)
	}
	if err := next.takeLogs(s); err != nil {
		return nil, Reloaded{}, err
	}
	next.takeStores(s)
	return next, r, nil
}

// takeLogs moves prev's change logs (a StateFile's) to s, which serves in
// its place: prev's later changes are no longer logged, and s's whole
// state is, as the state from then on.
func (s *Server) takeLogs(prev *Server) error {
	if len(prev.logs) == 0 {
		return nil
	}
	prev.saveMu.Lock()
	defer prev.saveMu.Unlock()
	ctx := context.Background()
	for i, l := range prev.logs {
		prev.docs[i].eng.Store().SetChangeLog(nil)
		mem := s.docs[i].eng.Store()
		mem.SetChangeLog(l)
		data, err := mem.Export(ctx)
		if err == nil {
			err = mem.Import(ctx, data) // logs the state whole
		}
		if err != nil {
			return fmt.Errorf("mockserver: reload: logging the state: %w", err)
		}
	}
	s.logs, prev.logs = prev.logs, nil
	return nil
}

func (d *document) qualifyAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = d.qualify(n, ":")
	}
	return out
}
