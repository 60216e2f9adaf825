package main

import (
	"bufio"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// outputLines follows a process's stdout and keeps every line, so a test can
// wait for the n-th line of a kind without racing the process.
type outputLines struct {
	stderr  *testkit.LogBuffer
	mu      sync.Mutex
	lines   []string
	changed chan struct{} // closed and replaced at every line and at the end
	ended   bool
}

func followLines(out io.Reader, stderr *testkit.LogBuffer) *outputLines {
	o := &outputLines{stderr: stderr, changed: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			o.mu.Lock()
			o.lines = append(o.lines, sc.Text())
			close(o.changed)
			o.changed = make(chan struct{})
			o.mu.Unlock()
		}
		o.mu.Lock()
		o.ended = true
		close(o.changed)
		o.mu.Unlock()
	}()
	return o
}

// wait returns once n lines starting with prefix were printed, failing the
// test when the process ends first or within passes.
func (o *outputLines) wait(tb testing.TB, prefix string, n int, within time.Duration) {
	tb.Helper()
	deadline := time.After(within)
	for {
		o.mu.Lock()
		seen := 0
		for _, l := range o.lines {
			if strings.HasPrefix(l, prefix) {
				seen++
			}
		}
		changed, ended, all := o.changed, o.ended, strings.Join(o.lines, "\n")
		o.mu.Unlock()
		if seen >= n {
			return
		}
		if ended {
			tb.Fatalf("the process ended after %d of %d %q lines\nstdout: %s\nstderr: %s", seen, n, prefix, all, o.stderr.String())
		}
		select {
		case <-changed:
		case <-deadline:
			tb.Fatalf("%d of %d %q lines within %s\nstdout: %s\nstderr: %s", seen, n, prefix, within, all, o.stderr.String())
		}
	}
}

// text is everything printed so far.
func (o *outputLines) text() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.Join(o.lines, "\n")
}
