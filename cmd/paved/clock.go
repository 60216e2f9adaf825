package main

import (
	"time"
)

// testClockEnv is empty in every release build. An end-to-end test that builds the
// binary sets it (go build -ldflags "-X main.testClockEnv=NAME") to the name of an
// environment variable holding an RFC 3339 instant, and that build's clock stands
// still there: separate processes then collect a simulated organisation generated
// for that instant exactly alike, as the in-process tests' injected clock does.
var testClockEnv string

// clock is the process's clock: the wall clock, or a test build's fixed instant.
func clock(environ map[string]string) (func() time.Time, error) {
	v, ok := environ[testClockEnv]
	if testClockEnv == "" || !ok {
		return time.Now, nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, usageErrorf("%s: %w", testClockEnv, err)
	}
	return func() time.Time { return at }, nil
}
