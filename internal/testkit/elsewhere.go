package testkit

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Elsewhere is a listener on another loopback host (127.0.0.2 where the
// system routes it, else another port of 127.0.0.1: another host:port either
// way) that records every request it gets and answers each with Body: what a
// forge redirecting there would have its client fetch.
type Elsewhere struct {
	URL  string // e.g. http://127.0.0.2:PORT
	Host string // host:port
	Body string // the answer to every request (200, application/json)

	mu       sync.Mutex
	requests []*http.Request
}

// StartElsewhere starts an Elsewhere, stopped when the test ends.
func StartElsewhere(tb testing.TB) *Elsewhere {
	tb.Helper()
	e := &Elsewhere{Body: "[]"}
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.requests = append(e.requests, r.Clone(r.Context()))
		body := e.Body
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	tb.Cleanup(srv.Close)
	e.URL = srv.URL
	e.Host = ln.Addr().String()
	return e
}

// Requests returns the requests received so far.
func (e *Elsewhere) Requests() []*http.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*http.Request(nil), e.requests...)
}

// CredentialHeaders lists the credential headers any request received carried
// (Authorization, Private-Token, Job-Token, Cookie), by name.
func (e *Elsewhere) CredentialHeaders() []string {
	var out []string
	for _, r := range e.Requests() {
		for _, h := range []string{"Authorization", "Private-Token", "Job-Token", "Cookie"} {
			if r.Header.Get(h) != "" {
				out = append(out, h)
			}
		}
	}
	return out
}

// RedirectTo wraps next: a request whose path matches is answered 302 to the
// same path and query at target; any other goes to next.
func RedirectTo(next http.Handler, target string, match func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if match(r) {
			http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}
