package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/paved-dev/paved/collectors"
)

// progress shows collection progress: one line redrawn in place on a terminal, with
// one part per source being collected, or plain lines otherwise (logs, CI), one per
// repo done, each starting with its source.
type progress struct {
	mu   sync.Mutex
	env  *env
	last string
	// parts is each source's part of the terminal line.
	parts map[string]string
}

func newProgress(e *env) *progress { return &progress{env: e, parts: map[string]string{}} }

// update shows one repo done. Source, repo and error are cleaned (termLine):
// they can carry forge text, and the only control sequence written is the
// redraw's own.
func (p *progress) update(ev collectors.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "ok"
	if ev.Err != nil {
		status = "error: " + termLine(ev.Err.Error())
	}
	source := termLine(ev.Source)
	if p.env.isTerminal {
		p.parts[source] = fmt.Sprintf("%s: %d/%d repos, %d records", source, ev.Done, ev.Total, ev.Records)
		line := "\r\033[K" + strings.Join(slices.Sorted(maps.Values(p.parts)), " · ")
		fmt.Fprint(p.env.stderr, line)
		p.last = line
		return
	}
	fmt.Fprintf(p.env.stderr, "%s: [%d/%d] %s %s (%d records)\n", source, ev.Done, ev.Total, termLine(ev.Repo), status, ev.Records)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.env.isTerminal && p.last != "" {
		fmt.Fprint(p.env.stderr, "\r\033[K")
	}
}
