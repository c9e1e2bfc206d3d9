package admin

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/problem"
)

func (a *api) mountReport(g *echo.Group) {
	if a.cfg.Report != nil {
		g.GET("/report", a.report)
	}
	g.POST("/stop", a.stop)
}

// report answers the contract-testing report: JSON, or JUnit XML with
// ?format=junit.
func (a *api) report(c echo.Context) error {
	r := a.cfg.Report()
	var buf bytes.Buffer
	switch c.QueryParam("format") {
	case "", "json":
		if err := r.WriteJSON(&buf); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, buf.Bytes())
	case "junit", "xml":
		if err := r.WriteJUnit(&buf); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationXMLCharsetUTF8, buf.Bytes())
	}
	return problem.Field("format", "invalid", "format must be json or junit")
}

// stop asks the command to stop: it writes its reports and exits (with
// the --fail-on-violation/--coverage-min verdict).
func (a *api) stop(c echo.Context) error {
	if a.cfg.Stop == nil {
		return &problem.Error{Kind: problem.KindNotFound, Detail: "Stopping is only available when running the mockserver command."}
	}
	if err := c.JSON(http.StatusAccepted, map[string]any{"stopping": true}); err != nil {
		return err
	}
	a.cfg.Stop()
	return nil
}
