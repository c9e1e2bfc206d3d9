// Package resource is the resource stage: what a resource's state answers,
// apart from how it is rendered. A list (List: the query's filters, the
// declared order, the List hook, the page window and its links) returns the
// page of records it picked, or a *problem.Error; the engine renders it.
package resource
