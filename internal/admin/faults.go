package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// faultOut is a scheduled fault in the shape POST /faults takes, Times
// being what remains; Mount names its document when several are served.
type faultOut struct {
	Mount string `json:"mount,omitempty"`
	faultIn
}

// faults lists the faults still scheduled, every document's.
func (a *api) faults(c echo.Context) error {
	out := []faultOut{}
	for _, d := range a.docs() {
		for _, f := range d.Engine.Faults() {
			in := faultIn{Operation: f.Operation, Status: f.Status, Times: f.Times, RetryAfter: f.RetryAfter,
				Undeclared: f.Undeclared, Network: f.Network}
			if f.Delay > 0 {
				in.Delay = f.Delay.String()
			}
			out = append(out, faultOut{Mount: d.Name, faultIn: in})
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"faults": out})
}

// clearFaults drops the scheduled faults: of one operation with
// ?operation=, else all of them. The state is left as it is (POST /reset
// clears both).
func (a *api) clearFaults(c echo.Context) error {
	n := 0
	for _, d := range a.docs() {
		n += d.Engine.ClearFaults(c.QueryParam("operation"))
	}
	return c.JSON(http.StatusOK, map[string]any{"cleared": n})
}
