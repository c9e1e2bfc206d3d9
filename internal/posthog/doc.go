// Package posthog holds the behaviour of PostHog's API that the contract
// cannot express as data: hog-function creation rules, invocations feeding
// logs and metrics, rearrange, icons, and insight rendering (basic, refresh,
// CSV). openapi.yaml refers to these by name (x-mock-behaviour: posthog.X,
// x-mock-resource.hooks: posthog.Y); the engine knows nothing of PostHog.
package posthog
