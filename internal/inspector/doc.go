// Package inspector serves the request inspector: one HTML page with its
// CSS and JavaScript, embedded in the binary (no build step, no CDN),
// mounted under the admin prefix (/__mock/). The page polls the admin API:
// GET /__mock/requests?after=ID every second for new requests (newest
// first), GET /__mock/requests/:id for one exchange, GET /__mock/state for
// the state per resource, and POST /__mock/reset for its reset button.
package inspector
