package spec

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Secrets is what the document says is a credential or a secret, to be
// hidden wherever the mock keeps or writes what it saw (x-mock-secrets,
// plus the names its security schemes read credentials from).
type Secrets struct {
	// Prefixes start credential-shaped tokens (e.g. "phx_"), hidden in any
	// text: the prefix and at least 8 more letters, digits, - or _.
	Prefixes []string
	// Patterns are regular expressions whose matches are hidden in any text.
	Patterns []*regexp.Regexp
	// Headers are request headers whose values are hidden (canonical or
	// not: compared without regard to case).
	Headers []string
	// Fields are body properties (at any depth) and query parameters whose
	// value is hidden whatever its shape: string, number, array or object.
	Fields []string
	// Flagged are values a list in the same object flags as secret.
	Flagged []FlaggedSecret
}

// FlaggedSecret declares secrets that an object flags itself: the object's
// List property holds entries {Key: K, Flag: true}, and the entry K of its
// Values property is secret (its "value" member when it is an object, else
// the whole entry). Where an object holds Values but not List (a PATCH
// sends only what changes), every entry of Values is hidden unless the
// answer to the same request lists which are secret.
type FlaggedSecret struct {
	List   string `json:"list"`
	Values string `json:"values"`
	Key    string `json:"key"`
	Flag   string `json:"flag"`
}

type secretsExt struct {
	Prefixes []string        `json:"prefixes"`
	Patterns []string        `json:"patterns"`
	Headers  []string        `json:"headers"`
	Fields   []string        `json:"fields"`
	Flagged  []FlaggedSecret `json:"flagged"`
}

// parseSecrets reads x-mock-secrets and adds the credential places the
// security schemes declare (apiKey schemes and x-mock-credential-sources).
func (d *Doc) parseSecrets() error {
	var x secretsExt
	if raw, ok := d.T.Extensions["x-mock-secrets"]; ok {
		if err := decodeExt(raw, &x); err != nil {
			return err
		}
	}
	s := Secrets{Headers: x.Headers, Fields: x.Fields}
	for i, p := range x.Prefixes {
		if strings.TrimSpace(p) == "" {
			return fmt.Errorf("prefixes[%d]: empty prefix", i)
		}
		s.Prefixes = append(s.Prefixes, p)
	}
	for i, p := range x.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("patterns[%d]: %w", i, err)
		}
		if re.MatchString("") {
			return fmt.Errorf("patterns[%d]: %q matches the empty string", i, p)
		}
		s.Patterns = append(s.Patterns, re)
	}
	for i, f := range x.Flagged {
		if f.List == "" || f.Values == "" {
			return fmt.Errorf("flagged[%d]: list and values are required", i)
		}
		if f.Key == "" {
			f.Key = "key"
		}
		if f.Flag == "" {
			f.Flag = "secret"
		}
		s.Flagged = append(s.Flagged, f)
	}
	if d.T.Components != nil {
		names := make([]string, 0, len(d.T.Components.SecuritySchemes))
		for name := range d.T.Components.SecuritySchemes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			ref := d.T.Components.SecuritySchemes[name]
			if ref == nil || ref.Value == nil {
				continue
			}
			if ref.Value.Type == "apiKey" {
				s.add(ref.Value.In, ref.Value.Name)
			}
			var sources []struct{ In, Name string }
			if raw, ok := ref.Value.Extensions["x-mock-credential-sources"]; ok {
				if b, err := json.Marshal(raw); err == nil {
					_ = json.Unmarshal(b, &sources)
				}
			}
			for _, src := range sources {
				s.add(src.In, src.Name)
			}
		}
	}
	d.Secrets = s
	return nil
}

// add records a credential's place: a header, or a field of the body or
// the query string (a cookie is hidden with the whole Cookie header).
func (s *Secrets) add(in, name string) {
	if name == "" {
		return
	}
	switch in {
	case "header":
		s.Headers = appendNew(s.Headers, name)
	case "query", "body":
		s.Fields = appendNew(s.Fields, name)
	}
}

func appendNew(list []string, v string) []string {
	for _, have := range list {
		if strings.EqualFold(have, v) {
			return list
		}
	}
	return append(list, v)
}
