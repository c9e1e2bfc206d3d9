package mockserver

import (
	"fmt"
	"os"

	"github.com/mockserver-go/mockserver/internal/overlay"
)

// applyOverlays applies Options.Overlays, then Options.OverlayFiles, to a
// document (loc names it in errors) before it loads, and returns it with
// the overlays' warnings.
func applyOverlays(data []byte, loc string, opts Options) ([]byte, []string, error) {
	if !opts.overlaid() {
		return data, nil, nil
	}
	files := make([]overlay.File, 0, len(opts.Overlays)+len(opts.OverlayFiles))
	for i, o := range opts.Overlays {
		files = append(files, overlay.File{Name: fmt.Sprintf("Options.Overlays[%d]", i), Data: o})
	}
	for _, name := range opts.OverlayFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, fmt.Errorf("mockserver: reading the overlay: %w", err)
		}
		files = append(files, overlay.File{Name: name, Data: b})
	}
	out, warnings, err := overlay.ApplyLoadable(data, files...)
	if err != nil {
		return nil, nil, fmt.Errorf("mockserver: %s: %w", loc, err)
	}
	return out, warnings, nil
}

// overlaid reports whether the options change the document they serve.
func (o Options) overlaid() bool { return len(o.Overlays)+len(o.OverlayFiles) > 0 }
