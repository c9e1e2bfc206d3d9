package posthog

import "github.com/mockserver-go/mockserver/plugin"

// The catalogue below is read-only data: callers get deep copies.

const webhookHog = `let res := fetch(inputs.url, {
  'headers': inputs.headers,
  'body': inputs.body,
  'method': inputs.method
});

if (inputs.debug) {
  print('Response', res.status, res.body);
}`

const slackHog = `let res := fetch(inputs.url, {
  'method': 'POST',
  'headers': {'Content-Type': 'application/json'},
  'body': {'text': inputs.text, 'channel': inputs.channel}
});

if (res.status >= 400) {
  throw Error(f'Slack webhook failed: {res.status}');
}`

const geoipHog = `// Adds GeoIP properties to events that carry an IP address
let ip := event.properties.$ip
if (not ip or ip == '127.0.0.1') {
  return event
}
let location := geoipLookup(ip)
if (not location) {
  return event
}
let returnEvent := event
returnEvent.properties.$geoip_city_name := location.city.names.en
returnEvent.properties.$geoip_country_code := location.country.isoCode
return returnEvent`

func schemaItem(key, typ, label string, required, secret bool) map[string]any {
	return map[string]any{"key": key, "type": typ, "label": label, "required": required, "secret": secret, "hidden": false}
}

// templates are the database templates a template_id can name (§5.1).
var templates = map[string]map[string]any{
	"template-webhook": {
		"id": "template-webhook", "name": "HTTP Webhook", "description": "Sends a webhook templated by the incoming event data",
		"code": webhookHog, "code_language": "hog", "type": "destination", "status": "stable", "category": []any{"Custom"}, "free": false,
		"icon_url": "/static/services/webhook.png", "filters": nil, "masking": nil, "mapping_templates": nil,
		"inputs_schema": []any{
			schemaItem("url", "string", "Webhook URL", true, false),
			map[string]any{"key": "method", "type": "choice", "label": "Method", "required": false, "secret": false, "hidden": false, "default": "POST",
				"choices": []any{map[string]any{"label": "POST", "value": "POST"}, map[string]any{"label": "PUT", "value": "PUT"}, map[string]any{"label": "GET", "value": "GET"}}},
			map[string]any{"key": "body", "type": "json", "label": "JSON Body", "required": false, "secret": false, "hidden": false,
				"default": map[string]any{"event": "{event}", "person": "{person}"}},
			map[string]any{"key": "headers", "type": "dictionary", "label": "Headers", "required": false, "secret": false, "hidden": false,
				"default": map[string]any{"Content-Type": "application/json"}},
			map[string]any{"key": "debug", "type": "boolean", "label": "Log responses", "required": false, "secret": false, "hidden": false, "default": false},
		},
	},
	"template-slack": {
		"id": "template-slack", "name": "Slack", "description": "Sends a message to a Slack channel",
		"code": slackHog, "code_language": "hog", "type": "destination", "status": "stable", "category": []any{"Customer Success"}, "free": true,
		"icon_url": "/static/services/slack.png", "filters": nil, "masking": nil, "mapping_templates": nil,
		"inputs_schema": []any{
			schemaItem("url", "string", "Slack webhook URL", true, true),
			schemaItem("channel", "string", "Channel", false, false),
			schemaItem("text", "string", "Message", true, false),
		},
	},
	"template-geoip": {
		"id": "template-geoip", "name": "GeoIP", "description": "Adds geoip data to the event",
		"code": geoipHog, "code_language": "hog", "type": "transformation", "status": "stable", "category": []any{"Custom"}, "free": true,
		"icon_url": "/static/transformations/geoip.png", "filters": nil, "masking": nil, "mapping_templates": nil,
		"inputs_schema": []any{},
	},
}

func template(id string) (map[string]any, bool) {
	t, ok := templates[id]
	if !ok {
		return nil, false
	}
	return plugin.CloneObject(t), true
}

// seedHogFunctions are the bodies seeded hog functions are created from
// (through the create hook, like a client's).
var seedHogFunctions = []map[string]any{
	{
		"type": "destination", "name": "Webhook to Slack", "description": "Posts signups to #growth", "enabled": true, "hog": slackHog,
		"inputs_schema": []any{schemaItem("url", "string", "Slack webhook URL", true, false), schemaItem("channel", "string", "Channel", false, false),
			schemaItem("text", "string", "Message", true, false)},
		"inputs": map[string]any{
			"url":     map[string]any{"value": "https://hooks.slack.com/services/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"},
			"channel": map[string]any{"value": "#growth"},
			"text":    map[string]any{"value": "*{person.properties.email}* just signed up"},
		},
		"filters":  map[string]any{"events": []any{map[string]any{"id": "user signed up", "name": "user signed up", "type": "events", "order": float64(0)}}, "filter_test_accounts": true},
		"icon_url": "https://us.posthog.com/static/services/slack.png",
	},
	{
		"type": "transformation", "name": "GeoIP", "description": "Adds geoip data to the event", "enabled": true, "hog": geoipHog,
		"template_id": "template-geoip",
	},
}

// seedHogFunction is the body of the i-th seeded hog function: the
// catalogue above, then the destination that notifies the first seeded
// alert.
func seedHogFunction(c plugin.Call, i int) map[string]any {
	if i%3 == 2 {
		return seedAlertDestination(c)
	}
	return plugin.CloneObject(seedHogFunctions[i%3])
}

// brands is the logo search catalogue of the icons endpoint.
var brands = [][2]string{
	{"slack.com", "Slack"}, {"stripe.com", "Stripe"}, {"hubspot.com", "HubSpot"}, {"salesforce.com", "Salesforce"},
	{"github.com", "GitHub"}, {"google.com", "Google"}, {"discord.com", "Discord"}, {"intercom.com", "Intercom"},
	{"mailchimp.com", "Mailchimp"}, {"segment.com", "Segment"}, {"zapier.com", "Zapier"}, {"linear.app", "Linear"},
	{"notion.so", "Notion"}, {"customer.io", "Customer.io"}, {"braze.com", "Braze"}, {"sendgrid.com", "SendGrid"},
	{"stripe.network", "Stripe Network"}, {"microsoft.com", "Microsoft Teams"}, {"amplitude.com", "Amplitude"}, {"mixpanel.com", "Mixpanel"},
}
