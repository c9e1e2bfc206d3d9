package mockserver

import (
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// latency returns the handler's delay function: x-mock-delay of the
// operation, else Options.Latency (a range with LatencyMax). A range is
// drawn deterministically from the seed and the request.
func latency(opts Options) func(opID, ext string, r *http.Request) time.Duration {
	if opts.Latency <= 0 && opts.LatencyMax <= 0 {
		return func(opID, ext string, r *http.Request) time.Duration {
			if ext == "" {
				return 0
			}
			lo, hi, err := ParseLatency(ext)
			if err != nil {
				return 0
			}
			return pick(opts.Seed, opID, r, lo, hi)
		}
	}
	return func(opID, ext string, r *http.Request) time.Duration {
		lo, hi := opts.Latency, opts.LatencyMax
		if ext != "" {
			if l, h, err := ParseLatency(ext); err == nil {
				lo, hi = l, h
			}
		}
		return pick(opts.Seed, opID, r, lo, hi)
	}
}

func pick(seed uint64, opID string, r *http.Request, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(strconv.FormatUint(seed, 10) + "|" + opID + "|" + r.URL.RequestURI()))
	return lo + time.Duration(h.Sum64()%uint64(hi-lo+1))
}

// ParseLatency reads "150ms" or a range "20ms-200ms".
func ParseLatency(s string) (lo, hi time.Duration, err error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "-")
	if lo, err = time.ParseDuration(strings.TrimSpace(a)); err != nil || lo < 0 {
		return 0, 0, errLatency(s)
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = time.ParseDuration(strings.TrimSpace(b)); err != nil || hi < lo {
		return 0, 0, errLatency(s)
	}
	return lo, hi, nil
}

func errLatency(s string) error {
	return &OptionError{Option: "latency", Value: s, Reason: "want a duration such as 150ms, or a range such as 20ms-200ms"}
}

// OptionError is a bad option value.
type OptionError struct {
	Option, Value, Reason string
}

func (e *OptionError) Error() string {
	return "mockserver: option " + e.Option + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

var _ error = (*OptionError)(nil)
