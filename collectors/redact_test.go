package collectors

import (
	"errors"
	"fmt"
	"testing"
)

func TestRedactHidesEveryEchoOfTheToken(t *testing.T) {
	tests := []struct {
		name, s, token, want string
	}{
		{"a token echoed twice is hidden twice", "bad tok123 (tok123)", "tok123", "bad [redacted] ([redacted])"},
		{"text without the token is kept", "404 Not Found", "tok123", "404 Not Found"},
		{"an empty token hides nothing", "404 Not Found", "", "404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.s, tt.token); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestRootCauseIsTheInnermostError(t *testing.T) {
	err := fmt.Errorf("get repos: %w", fmt.Errorf("dial: %w", errors.New("connection refused")))
	if got := RootCause(err); got != "connection refused" {
		t.Errorf("RootCause = %q", got)
	}
}
