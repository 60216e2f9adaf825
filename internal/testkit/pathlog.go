package testkit

import (
	"net/http"
	"sync"
)

// PathLog is an http.Handler in front of a simulator that records the path
// of every request, escaped as it came on the wire: what a forge is asked.
type PathLog struct {
	Next http.Handler

	mu    sync.Mutex
	paths []string
}

func (l *PathLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.paths = append(l.paths, r.URL.EscapedPath())
	l.mu.Unlock()
	l.Next.ServeHTTP(w, r)
}

// Paths returns the paths requested so far, in arrival order.
func (l *PathLog) Paths() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths...)
}
