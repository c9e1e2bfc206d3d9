package mockserver

import (
	"fmt"
	"os"

	"github.com/mockserver-go/mockserver/internal/overlay"
)

// applyOverlays applies Options.Overlays and OverlayFiles, then the
// document's own, to the document (loc names it in errors) before it
// loads, and returns it with the overlays' warnings.
func applyOverlays(data []byte, loc string, opts Options, d Document) ([]byte, []string, error) {
	if !opts.overlaid(d) {
		return data, nil, nil
	}
	var files []overlay.File
	add := func(from string, overlays [][]byte, names []string) error {
		for i, o := range overlays {
			files = append(files, overlay.File{Name: fmt.Sprintf("%s.Overlays[%d]", from, i), Data: o})
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				return fmt.Errorf("mockserver: reading the overlay: %w", err)
			}
			files = append(files, overlay.File{Name: name, Data: b})
		}
		return nil
	}
	if err := add("Options", opts.Overlays, opts.OverlayFiles); err != nil {
		return nil, nil, err
	}
	if err := add("Options.Documents["+d.Name+"]", d.Overlays, d.OverlayFiles); err != nil {
		return nil, nil, err
	}
	out, warnings, err := overlay.ApplyLoadable(data, files...)
	if err != nil {
		return nil, nil, fmt.Errorf("mockserver: %s: %w", loc, err)
	}
	return out, warnings, nil
}

// overlaid reports whether the options change the document d they serve.
func (o Options) overlaid(d Document) bool {
	return len(o.Overlays)+len(o.OverlayFiles)+len(d.Overlays)+len(d.OverlayFiles) > 0
}
