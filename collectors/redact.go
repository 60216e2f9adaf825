package collectors

import (
	"errors"
	"strings"
)

// Redact is the last guard against a server echoing the token back: every
// occurrence of token in s is replaced.
func Redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[redacted]")
}

// RootCause is the text of the innermost error err wraps: a transport
// failure without the layers of request context around it.
func RootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
