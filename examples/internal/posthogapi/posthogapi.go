// Package posthogapi is what the example clients share: one call to
// PostHog's API (a bearer key, JSON in and out, 429 answers retried after
// their Retry-After, PostHog's error envelope as *APIError), and a list
// read page by page.
package posthogapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// APIError is a non-2xx answer in PostHog's error envelope.
type APIError struct {
	Status int
	Type   string `json:"type"`
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

// Conn is how a client calls the API.
type Conn struct {
	HTTP  *http.Client // nil: http.DefaultClient
	Token string       // a personal API key
	// Retries is how many times a 429 is retried (0: none), after its
	// Retry-After but never longer than MaxRetryWait.
	Retries      int
	MaxRetryWait time.Duration
}

// Do sends in (nil: no body) as JSON to u and decodes the answer into out
// (nil: the answer is not read).
func (c Conn) Do(ctx context.Context, method, u string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+c.Token)
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := hc.Do(req)
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
			select {
			case <-time.After(min(time.Duration(wait)*time.Second, c.MaxRetryWait)):
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

// All reads every object of a list from its first page's URL, following
// the pages' next links.
func All[T any](ctx context.Context, c Conn, first string) ([]T, error) {
	var all []T
	for next := first; next != ""; {
		var page struct {
			Next    *string `json:"next"`
			Results []T     `json:"results"`
		}
		if err := c.Do(ctx, http.MethodGet, next, nil, &page); err != nil {
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
