// Package hogclient is a small PostHog hog-functions client, written as an
// example of testing an API client against mockserver: see its tests.
package hogclient

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/mockserver-go/mockserver/examples/internal/posthogapi"
)

// HogFunction is the part of a hog function this client uses.
type HogFunction struct {
	ID          string `json:"id,omitempty"`
	Type        string `json:"type,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Hog         string `json:"hog,omitempty"`
	Enabled     bool   `json:"enabled"`
}

// Client calls one project's hog functions.
type Client struct {
	base      string
	token     string
	projectID string
	http      *http.Client
	// MaxRetryWait caps how long a 429's Retry-After is honoured (default
	// 30s); Retries is how many times a 429 is retried (default 2).
	MaxRetryWait time.Duration
	Retries      int
}

// New returns a client for baseURL (e.g. https://eu.posthog.com) with a
// personal API key. hc nil means http.DefaultClient.
func New(baseURL, apiKey, projectID string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: baseURL, token: apiKey, projectID: projectID, http: hc, MaxRetryWait: 30 * time.Second, Retries: 2}
}

// APIError is a non-2xx answer in PostHog's error envelope.
type APIError = posthogapi.APIError

// Create makes a function.
func (c *Client) Create(ctx context.Context, f HogFunction) (HogFunction, error) {
	var out HogFunction
	err := c.do(ctx, http.MethodPost, c.collection(), f, &out)
	return out, err
}

// Get reads a function; a soft-deleted one is a 404 *APIError.
func (c *Client) Get(ctx context.Context, id string) (HogFunction, error) {
	var out HogFunction
	err := c.do(ctx, http.MethodGet, c.item(id), nil, &out)
	return out, err
}

// Update changes the given fields (a partial update).
func (c *Client) Update(ctx context.Context, id string, fields map[string]any) (HogFunction, error) {
	var out HogFunction
	err := c.do(ctx, http.MethodPatch, c.item(id), fields, &out)
	return out, err
}

// Delete soft-deletes a function (PostHog refuses hard deletes).
func (c *Client) Delete(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPatch, c.item(id), map[string]any{"deleted": true}, nil)
}

// List returns every function, following pages.
func (c *Client) List(ctx context.Context) ([]HogFunction, error) {
	return posthogapi.All[HogFunction](ctx, c.conn(), c.collection())
}

func (c *Client) collection() string {
	return c.base + "/api/environments/" + url.PathEscape(c.projectID) + "/hog_functions/"
}

func (c *Client) item(id string) string { return c.collection() + url.PathEscape(id) + "/" }

// do sends a request, retrying 429 answers after their Retry-After.
func (c *Client) do(ctx context.Context, method, u string, in, out any) error {
	return c.conn().Do(ctx, method, u, in, out)
}

func (c *Client) conn() posthogapi.Conn {
	return posthogapi.Conn{HTTP: c.http, Token: c.token, Retries: c.Retries, MaxRetryWait: c.MaxRetryWait}
}
