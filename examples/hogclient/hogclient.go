// Package hogclient is a small PostHog hog-functions client, written as an
// example of testing an API client against mockserver: see its tests.
package hogclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
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

// APIError is a non-2xx answer.
type APIError struct {
	Status int
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Attr   string `json:"attr"`
}

func (e *APIError) Error() string {
	s := "posthog: " + strconv.Itoa(e.Status) + " " + e.Detail
	if e.Attr != "" {
		s += " (" + e.Attr + ")"
	}
	return s
}

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
	var all []HogFunction
	next := c.collection()
	for next != "" {
		var page struct {
			Next    *string       `json:"next"`
			Results []HogFunction `json:"results"`
		}
		if err := c.do(ctx, http.MethodGet, next, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Results...)
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
	}
	return all, nil
}

func (c *Client) collection() string {
	return c.base + "/api/environments/" + url.PathEscape(c.projectID) + "/hog_functions/"
}

func (c *Client) item(id string) string { return c.collection() + url.PathEscape(id) + "/" }

// do sends a request, retrying 429 answers after their Retry-After.
func (c *Client) do(ctx context.Context, method, u string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+c.token)
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusTooManyRequests && attempt < c.Retries {
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			d := min(time.Duration(wait)*time.Second, c.MaxRetryWait)
			select {
			case <-time.After(d):
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if resp.StatusCode >= 300 {
			e := &APIError{Status: resp.StatusCode}
			_ = json.Unmarshal(data, e)
			return e
		}
		if out == nil || len(data) == 0 {
			return nil
		}
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("posthog: decoding %s %s: %w", method, u, err)
		}
		return nil
	}
}
