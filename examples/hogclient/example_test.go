package hogclient_test

import (
	"context"
	"fmt"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/examples/hogclient"
)

// The client against an in-process mock: create, patch, list, soft delete.
func Example() {
	s, err := mockserver.New(mockserver.Options{EmptyState: true})
	if err != nil {
		panic(err)
	}
	c := hogclient.New("https://eu.posthog.com", "phx_anything", "1", s.Client())
	ctx := context.Background()

	f, _ := c.Create(ctx, hogclient.HogFunction{Name: "Slack alert", Hog: "return event"})
	fmt.Println("created:", f.Name, f.Enabled)

	f, _ = c.Update(ctx, f.ID, map[string]any{"enabled": true})
	fmt.Println("patched:", f.Name, f.Enabled)

	_, err = c.Update(ctx, f.ID, map[string]any{"enabled": "yes"}) // a contract violation
	fmt.Println(err)

	list, _ := c.List(ctx)
	fmt.Println("listed:", len(list))

	_ = c.Delete(ctx, f.ID)
	list, _ = c.List(ctx)
	fmt.Println("after delete:", len(list))
	fmt.Println("requests:", len(s.Requests()))
	for _, v := range s.Violations() {
		if v.In == "body" {
			fmt.Println("violation:", v.Field, v.Expected, v.Got)
		}
	}
	// Output:
	// created: Slack alert false
	// patched: Slack alert true
	// posthog: 400 Must be a valid boolean. (enabled)
	// listed: 1
	// after delete: 0
	// requests: 6
	// violation: enabled boolean "yes"
}
