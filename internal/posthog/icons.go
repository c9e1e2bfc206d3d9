package posthog

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// icons searches the brand catalogue (logo.dev in PostHog) (§5.12).
func icons(c plugin.Call) (*plugin.Response, error) {
	q := strings.ToLower(strings.TrimSpace(c.Query().Get("query")))
	out := []any{}
	if q != "" {
		for _, b := range brands {
			if strings.Contains(b[0], q) || strings.Contains(strings.ToLower(b[1]), q) {
				out = append(out, map[string]any{"id": b[0], "name": b[1],
					"url": "/api/projects/@current/hog_functions/icon/?id=" + url.QueryEscape(b[0])})
			}
		}
	}
	return plugin.JSON(http.StatusOK, out), nil
}

// icon answers a real PNG for a brand domain: a 32×32 tile in a colour
// derived from the id (§5.12).
func icon(c plugin.Call) (*plugin.Response, error) {
	id := c.Query().Get("id")
	if id == "" {
		c.Record(plugin.Violation{In: "query", Field: "id", Code: "required", Expected: "a value", Got: "none",
			Message: "The query parameter \"id\" is required."})
		return nil, plugin.Validation("id is required")
	}
	h := hash(id)
	fill := color.NRGBA{R: uint8(h), G: uint8(h >> 8), B: uint8(h >> 16), A: 255}
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			c := fill
			if x < 3 || y < 3 || x > 28 || y > 28 {
				c = color.NRGBA{255, 255, 255, 0}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	hdr := http.Header{}
	hdr.Set("Content-Type", "image/png")
	return &plugin.Response{Status: http.StatusOK, Header: hdr, Body: buf.Bytes()}, nil
}
