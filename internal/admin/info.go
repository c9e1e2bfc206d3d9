package admin

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/exchange"
)

// infoOut describes what is served now: the inspector polls it so that
// its title and its fault form follow a hot reload.
type infoOut struct {
	Title      string   `json:"title"`
	Operations int      `json:"operations"`
	Documents  []docOut `json:"documents"`
	// NetworkFaults are the names POST /faults takes as "network".
	NetworkFaults []string `json:"network_faults"`
}

type docOut struct {
	Name       string  `json:"name,omitempty"`
	Title      string  `json:"title"`
	Version    string  `json:"version,omitempty"`
	Operations []opOut `json:"operations"`
}

type opOut struct {
	ID     string `json:"id"`
	Method string `json:"method"`
	Path   string `json:"path"`
	// Statuses are the declared response keys ("200", "4XX", "default").
	Statuses []string `json:"statuses"`
}

func (a *api) info(c echo.Context) error {
	var out infoOut
	titles := []string{}
	for _, d := range a.docs() {
		doc := d.Engine.Doc()
		do := docOut{Name: d.Name, Title: doc.Title, Version: doc.Version, Operations: make([]opOut, 0, len(doc.Operations))}
		for _, op := range doc.Operations {
			do.Operations = append(do.Operations, opOut{ID: op.ID, Method: op.Method, Path: op.Path, Statuses: op.Statuses})
		}
		out.Operations += len(doc.Operations)
		out.Documents = append(out.Documents, do)
		if d.Name != "" {
			titles = append(titles, doc.Title+" (/"+d.Name+")") // as the page's first title says it
		} else {
			titles = append(titles, doc.Title)
		}
	}
	out.Title = strings.Join(titles, " + ")
	out.NetworkFaults = exchange.NetworkFaults()
	return c.JSON(http.StatusOK, out)
}
