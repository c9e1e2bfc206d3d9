package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// TestPaginationBounded asks, over a socket, for a page of a million items
// of a collection holding more than the contract's cap (x-mock-max-limit:
// 1000): the page holds 1000 items, next pages on with limit=1000 as
// Django REST framework's max_limit would, and the request is recorded
// with a tolerated max_limit violation. Before, the page held every item.
func TestPaginationBounded(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scope := map[string]string{"project_id": "1"}
	const stored = 1100
	for i := range stored {
		if _, err := srv.Put("hog_functions", scope, map[string]any{"name": "f" + strconv.Itoa(i), "type": "destination", "hog": "return event"}); err != nil {
			t.Fatalf("Put %d: %v", i, err)
		}
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	req, err := http.NewRequest("GET", ts.URL+"/api/environments/1/hog_functions/?limit=1000000", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer phx_test")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	var page struct {
		Count   int               `json:"count"`
		Next    *string           `json:"next"`
		Results []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Results) != 1000 || page.Count < stored {
		t.Errorf("%d results of %d, want 1000 of at least %d", len(page.Results), page.Count, stored)
	}
	if page.Next == nil || !strings.Contains(*page.Next, "limit=1000&offset=1000") {
		t.Errorf("next = %v, want the page after, limit=1000&offset=1000", page.Next)
	}
	if h := resp.Header.Get("X-Mock-Violations"); !strings.Contains(h, "limit") {
		t.Errorf("X-Mock-Violations = %q, want the limit's", h)
	}
	var found bool
	for _, v := range srv.Violations() {
		if v.Code == "max_limit" {
			found = true
			if !v.Tolerated || v.Field != "limit" || v.Got != "1000000" {
				t.Errorf("violation %+v, want a tolerated one on limit, got 1000000", v)
			}
		}
	}
	if !found {
		t.Errorf("no max_limit violation recorded: %+v", srv.Violations())
	}
}
