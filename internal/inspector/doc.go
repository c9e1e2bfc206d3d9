// Package inspector serves the request inspector: one HTML page with its
// CSS and JavaScript, embedded in the binary (no build step, no CDN),
// mounted under the admin prefix (/__mock/). The page reads the admin API
// with plain same-origin requests:
//
//   - Requests: GET /__mock/requests?after=ID&limit=N every second (the
//     page keeps the newest 500, ?keep=N on the page's URL), GET
//     /__mock/requests/:id for the selected one (headers, bodies),
//     DELETE /__mock/requests to clear the log;
//   - Violations and Coverage: GET /__mock/report;
//   - Faults: GET, POST and DELETE /__mock/faults;
//   - State: GET /__mock/state, POST /__mock/reset;
//   - the title and the operations: GET /__mock/info every few seconds,
//     so that they follow a hot reload.
package inspector
