package testkit

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// PathLog is an http.Handler in front of a simulator that records every
// request as it came on the wire: what a forge is asked.
type PathLog struct {
	Next http.Handler

	mu    sync.Mutex
	paths []string
	reqs  []string
}

func (l *PathLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	l.mu.Lock()
	l.paths = append(l.paths, r.URL.EscapedPath())
	l.reqs = append(l.reqs, r.Method+" "+r.URL.RequestURI()+" "+string(body))
	l.mu.Unlock()
	l.Next.ServeHTTP(w, r)
}

// Paths returns the paths requested so far, escaped, in arrival order.
func (l *PathLog) Paths() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths...)
}

// Requests returns the requests so far, in arrival order, each as its
// method, request URI (escaped path and query) and body, space-separated:
// equal strings are the same question to the forge.
func (l *PathLog) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.reqs...)
}
