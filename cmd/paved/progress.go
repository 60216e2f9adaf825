package main

import (
	"fmt"
	"sync"

	"github.com/paved-dev/paved/collectors"
)

// progress shows collection progress: one line redrawn in place on a terminal, plain
// lines otherwise (logs, CI).
type progress struct {
	mu   sync.Mutex
	env  *env
	last string
}

func newProgress(e *env) *progress { return &progress{env: e} }

func (p *progress) update(ev collectors.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "ok"
	if ev.Err != nil {
		status = "error: " + ev.Err.Error()
	}
	if p.env.isTerminal {
		line := fmt.Sprintf("\r\033[K%s: %d/%d repos, %d records", ev.Source, ev.Done, ev.Total, ev.Records)
		fmt.Fprint(p.env.stderr, line)
		p.last = line
		return
	}
	fmt.Fprintf(p.env.stderr, "%s: [%d/%d] %s %s (%d records)\n", ev.Source, ev.Done, ev.Total, ev.Repo, status, ev.Records)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.env.isTerminal && p.last != "" {
		fmt.Fprint(p.env.stderr, "\r\033[K")
	}
}
