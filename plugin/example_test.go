package plugin_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// fakeCall stands in for the engine in a behaviour's unit test: the
// embedded interface provides the methods the test does not need (calling
// one of them panics).
type fakeCall struct {
	plugin.Call
	query url.Values
	now   time.Time
}

func (c fakeCall) Query() url.Values { return c.query }

func (c fakeCall) Now() time.Time { return c.now }

func Example() {
	// A behaviour answers an operation marked x-mock-behaviour: greet.
	var greet plugin.Behaviour = func(c plugin.Call) (*plugin.Response, error) {
		name := c.Query().Get("name")
		if name == "" {
			return nil, plugin.Invalid("name", "required", "This field is required.")
		}
		return plugin.JSON(200, map[string]any{"hello": name, "at": plugin.FormatTime(c.Now())}), nil
	}
	// Hooks adapt the engine's create of a resource marked
	// x-mock-resource.hooks: tickets, and its view.
	tickets := &plugin.Hooks{
		Create: func(c plugin.Call, obj, body map[string]any) error {
			obj["status"] = "open"
			return nil
		},
		View: func(c plugin.Call, obj map[string]any, list bool) map[string]any {
			if list {
				return map[string]any{"id": obj["id"], "status": obj["status"]}
			}
			return obj
		},
	}

	c := fakeCall{query: url.Values{"name": {"Ada"}}, now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	resp, _ := greet(c)
	fmt.Println(resp.Status, resp.Value)

	_, err := greet(fakeCall{})
	fmt.Println(err)

	ticket := map[string]any{"id": 1.0, "title": "Printer on fire"}
	_ = tickets.Create(c, ticket, nil)
	fmt.Println(tickets.View(c, ticket, true))
	// Output:
	// 200 map[at:2025-06-01T12:00:00Z hello:Ada]
	// validation: This field is required. (name); body name: This field is required.
	// map[id:1 status:open]
}
