package posthog

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// runnableTypes are the types the CDP worker can test-run (§5.9).
var runnableTypes = map[string]bool{"destination": true, "internal_destination": true, "transformation": true}

// invocations test-runs a configuration (§5.9). Nothing is executed:
// fetch() is always mocked, and the answer is what the CDP worker would
// say. Runs of a stored function are remembered for logs and metrics.
func invocations(c plugin.Call) (*plugin.Response, error) {
	body := obj(c.Body())
	config := plugin.CloneObject(obj(body["configuration"]))
	if config["type"] == nil {
		config["type"] = "destination"
	}
	if err := validateConfiguration(c, config); err != nil {
		return nil, err
	}
	event := obj(obj(body["globals"])["event"])
	if event == nil {
		event = fromClickhouse(obj(body["clickhouse_event"]))
	}
	if event == nil || !runnableTypes[str(config["type"])] {
		why := "Missing event"
		if event != nil {
			why = "Invalid function type"
		}
		c.Record(plugin.Violation{In: "body", Field: "globals", Code: "worker_error", Expected: "an event and a runnable type",
			Got: why, Message: "The CDP worker refuses the run: " + why + "."})
		return nil, &plugin.Error{Status: http.StatusBadRequest, Raw: map[string]any{"status": "error"}}
	}
	at := now(c)
	res := map[string]any{"result": nil, "status": "success", "errors": []any{}, "logs": []any{}}
	if !filtersMatch(obj(config["filters"]), str(event["event"])) {
		res["status"] = "skipped"
	} else {
		res["logs"] = runLogs(config, at)
		if config["type"] == "transformation" {
			res["result"] = plugin.Clone(event)
		}
	}
	id := c.PathParam("id")
	if _, ok := c.Collection().Get(strings.ToLower(id)); ok {
		instance := str(body["invocation_id"])
		if instance == "" {
			instance = c.Fake("invocation/" + id + "/" + strconv.FormatInt(at.UnixNano(), 10)).UUID()
		}
		remember(c, strings.ToLower(id), instance, str(res["status"]), list(res["logs"]), at)
	}
	return plugin.JSON(http.StatusOK, res), nil
}

// validateConfiguration checks the configuration like create does; errors
// are answered as the serializer's raw dict, nested under configuration.
func validateConfiguration(c plugin.Call, config map[string]any) error {
	if tid := str(config["template_id"]); tid != "" {
		tpl, ok := template(tid)
		if !ok {
			return configError("template_id", "No template found for id '"+tid+"'")
		}
		if _, ok := config["hog"]; !ok {
			config["hog"] = tpl["code"]
		}
	}
	if _, ok := config["hog"].(string); !ok {
		return configError("hog", "Required.")
	}
	if err := compile(config, true); err != nil {
		var pe *plugin.Error
		errors.As(err, &pe)
		return configError(pe.Attr, pe.Detail)
	}
	return nil
}

func configError(attr, detail string) error {
	c := plugin.Violation{In: "body", Field: "configuration__" + attr, Code: "invalid", Message: detail}
	return &plugin.Error{Status: http.StatusBadRequest, Violations: []plugin.Violation{c},
		Raw: map[string]any{"configuration": map[string]any{attr: []any{detail}}}}
}

func fromClickhouse(ev map[string]any) map[string]any {
	if ev == nil {
		return nil
	}
	out := map[string]any{"uuid": ev["uuid"], "event": ev["event"], "distinct_id": ev["distinct_id"], "timestamp": ev["timestamp"]}
	switch p := ev["properties"].(type) {
	case string:
		var m map[string]any
		_ = json.Unmarshal([]byte(p), &m)
		out["properties"] = m
	default:
		out["properties"] = p
	}
	return out
}

// filtersMatch is the part of a function's filters a mock can evaluate:
// the event names.
func filtersMatch(f map[string]any, event string) bool {
	events := list(f["events"])
	if len(events) == 0 {
		return true
	}
	for _, e := range events {
		if str(obj(e)["id"]) == event {
			return true
		}
	}
	return false
}

// runLogs are the executor's log lines for a run: a mocked fetch per call
// of fetch() in the program, then the completion line.
func runLogs(config map[string]any, at time.Time) []any {
	var out []any
	line := func(level, msg string) {
		out = append(out, map[string]any{"level": level, "timestamp": ts(at.Add(time.Duration(len(out)) * time.Millisecond)), "message": msg})
	}
	hog := str(config["hog"])
	inputs := obj(config["inputs"])
	for range strings.Count(hog, "fetch(") {
		opts := map[string]any{}
		for _, k := range []string{"method", "headers", "body"} {
			if v, ok := obj(inputs[k])["value"]; ok && v != nil {
				opts[k] = v
			}
		}
		if _, ok := opts["method"]; !ok {
			opts["method"] = "POST"
		}
		pretty, _ := json.MarshalIndent(opts, "", "  ")
		url := str(obj(inputs["url"])["value"])
		line("info", "Async function 'fetch' was mocked with arguments:")
		line("info", fmt.Sprintf("fetch('%s', %s)", url, pretty))
	}
	line("debug", fmt.Sprintf("Function completed in %.1fms. Sync: 0ms. Mem: %.3fkb. Ops: %d.", 0.3+float64(len(hog)%17)/10,
		float64(len(hog))/1000, 3+len(hogBytecode(hog))/2))
	return out
}

// remember stores an invocation and its log lines in the server's state,
// where logs, metrics and totals read them.
func remember(c plugin.Call, fnID, instance, status string, lines []any, at time.Time) {
	inv := c.Private("posthog.invocations")
	n := strconv.Itoa(inv.Len())
	_ = inv.Create(n, map[string]any{"function": fnID, "instance_id": instance, "timestamp": ts(at), "status": status})
	logsColl := c.Private("posthog.logs")
	for i, l := range lines {
		m := obj(l)
		_ = logsColl.Create(n+"/"+strconv.Itoa(i), map[string]any{"log_source_id": fnID, "instance_id": instance,
			"timestamp": m["timestamp"], "level": strings.ToUpper(str(m["level"])), "message": m["message"]})
	}
}
