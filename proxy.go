package mockserver

import (
	"fmt"

	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/proxy"
)

// setupProxy makes the document's handler forward to Options.Proxy (and
// record with RecordDir) instead of answering from the engine.
func (d *document) setupProxy(opts Options, hc *handler.Config) error {
	if opts.Proxy == "" {
		if opts.RecordDir != "" {
			return fmt.Errorf("mockserver: RecordDir (--record) needs Proxy (--proxy): it records what the real API returns")
		}
		return nil
	}
	cfg := proxy.Config{Engine: d.eng, Upstream: opts.Proxy, Timeout: opts.ProxyTimeout}
	if opts.RecordDir != "" {
		cfg.Recorder = proxy.NewRecorder(opts.RecordDir, d.eng)
	}
	p, err := proxy.New(cfg)
	if err != nil {
		return fmt.Errorf("mockserver: %w", err)
	}
	d.proxy = p
	hc.Answer = p.Handle
	return nil
}

// SaveRecording writes what the real API returned (Options.Proxy with
// RecordDir) as fixture files, one per resource and scope, and returns
// their paths. Without recording it does nothing. With several documents
// it writes each document's and returns all the files written.
func (s *Server) SaveRecording() ([]string, error) {
	var files []string
	for _, d := range s.docs {
		if d.proxy == nil || d.proxy.Recorder() == nil {
			continue
		}
		f, err := d.proxy.Recorder().Flush()
		files = append(files, f...)
		if err != nil {
			if d.name != "" {
				return files, &documentError{name: d.name, err: err}
			}
			return files, fmt.Errorf("mockserver: %w", err)
		}
	}
	return files, nil
}

// RecordingSkipped lists the upstream objects not saved as fixtures
// ("resource/id", "document:resource/id" with several documents) with why
// (they failed the contract).
func (s *Server) RecordingSkipped() map[string]string {
	var out map[string]string
	for _, d := range s.docs {
		if d.proxy == nil || d.proxy.Recorder() == nil {
			continue
		}
		for k, v := range d.proxy.Recorder().Skipped() {
			if out == nil {
				out = map[string]string{}
			}
			out[d.qualify(k, ":")] = v
		}
	}
	return out
}
