package plugin

import "testing"

func TestViolationString(t *testing.T) {
	tests := []struct {
		v    Violation
		want string
	}{
		{Violation{In: "body", Field: "name", Message: "Required.", Expected: "a string"}, "body name: Required. (expected a string, got -)"},
		{Violation{In: "response", Field: "description", Message: "Value is not nullable.", Got: "null"}, "response description: Value is not nullable. (expected -, got null)"},
		{Violation{In: "route", Message: "No such path.", Expected: "a declared path", Got: "/x"}, "route: No such path. (expected a declared path, got /x)"},
		{Violation{In: "security", Message: "No credentials."}, "security: No credentials."},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
