package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// forwardBound bounds the proxy's forwarding of one request to a simulator.
const forwardBound = time.Minute

// victimHold bounds how long a request of the killed replica is held
// unanswered; its process is gone, and its connections closed, long before.
const victimHold = 30 * time.Second

// passLog records, through every replica's proxies, each request a replica sends
// to a forge, and SIGKILLs the first replica to send its killAt-th GitHub
// request, before answering it: that replica dies in the middle of a pass.
type passLog struct {
	killAt int
	ctx    context.Context // the test's: every forward and hold ends with it

	mu       sync.Mutex
	replicas []*replica
	requests []forgeRequest
	ghSent   map[string]int
	victim   *replica
	killedAt time.Time
	killed   chan struct{}
}

// forgeRequest is one request of a replica for a source, from its arrival at the
// proxy to its answer (the kill, for the killed replica's).
type forgeRequest struct {
	source, replica string
	start, end      time.Time
}

func newPassLog(t *testing.T, killAt int) *passLog {
	return &passLog{killAt: killAt, ctx: t.Context(), ghSent: map[string]int{}, killed: make(chan struct{})}
}

// proxy serves a recording reverse proxy of upstream (a simulator's base URL) for
// replica r's source, and returns the base URL to configure instead.
func (l *passLog) proxy(t *testing.T, r *replica, source, upstream string) string {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	// Its own connections, as many as a pass opens, kept while idle.
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(transport.CloseIdleConnections)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		if !l.admit(source, r) {
			l.hold(req)
			l.record(source, r, start, time.Time{})
			return
		}
		l.forward(w, req, transport, target)
		l.record(source, r, start, time.Now())
	}))
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}

// hold keeps a request of the killed replica unanswered until its connection
// closes with its process, within bounds: nothing more reaches the replica, not
// even an error its other goroutines could store in the instant before it dies.
// The body is read first: only then does the server watch the connection.
func (l *passLog) hold(req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	select {
	case <-req.Context().Done():
	case <-l.ctx.Done():
	case <-time.After(victimHold):
	}
}

// forward asks target what req asks and answers with the whole answer. The
// simulator builds links from the Host asked for: the proxy's, the host of the
// source's base_url, so the links are kept as the forge's own. An answer cut on
// the way (the test's own connections, not the replica's) is asked again, so the
// replica sees only what the simulator answers; all within forwardBound.
func (l *passLog) forward(w http.ResponseWriter, req *http.Request, transport http.RoundTripper, target *url.URL) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	ctx, cancel := context.WithTimeout(l.ctx, forwardBound)
	defer cancel()
	for attempt := 0; ; attempt++ {
		out := req.Clone(ctx)
		out.RequestURI, out.URL.Scheme, out.URL.Host = "", target.Scheme, target.Host
		out.Body = io.NopCloser(bytes.NewReader(body))
		resp, err := transport.RoundTrip(out)
		var answer []byte
		if err == nil {
			answer, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err != nil {
			if attempt < 3 && ctx.Err() == nil {
				continue
			}
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		maps.Copy(w.Header(), resp.Header)
		w.Header().Del("Content-Length")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
		return
	}
}

// admit counts a request of source from r; false when r is killed and must get
// no answer.
func (l *passLog) admit(source string, r *replica) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r == l.victim {
		return false
	}
	if source == "gh" && l.victim == nil && l.replicas != nil {
		l.ghSent[r.name]++
		if l.ghSent[r.name] == l.killAt {
			_ = r.cmd.Process.Signal(syscall.SIGKILL)
			for _, o := range l.replicas {
				o.mu.Lock()
				o.linesAtKill = len(o.lines)
				o.mu.Unlock()
			}
			l.victim, l.killedAt = r, time.Now()
			close(l.killed)
			return false
		}
	}
	return true
}

// record notes a request answered at end; a zero end is the killed replica's,
// which ended with its process.
func (l *passLog) record(source string, r *replica, start, end time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if end.IsZero() {
		end = maxTime(start, l.killedAt)
	}
	l.requests = append(l.requests, forgeRequest{source: source, replica: r.name, start: start, end: end})
}

// waitKill waits for the kill and returns the killed replica.
func (l *passLog) waitKill(t *testing.T) *replica {
	t.Helper()
	select {
	case <-l.killed:
	case <-time.After(replicaWait):
		t.Fatalf("no replica sent %d GitHub requests within %s", l.killAt, replicaWait)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.victim
}

// passSpan is when one pass of a source on one replica talked to the forge:
// from its first request's arrival to its last one's answer.
type passSpan struct {
	source, replica string
	pass            int // the replica's passes of the source that ended before it
	from, to        time.Time
}

// overlaps are the pairs of passes of one source, on two replicas, whose spans
// intersect. A request belongs to the pass of its replica and source that the
// next summary line of theirs ends (passEnds: replica → source → ends).
func (l *passLog) overlaps(passEnds map[string]map[string][]time.Time) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	spans := passSpans(l.requests, passEnds)
	var out []string
	for i, a := range spans {
		for _, b := range spans[i+1:] {
			if a.source == b.source && a.replica != b.replica && b.from.Before(a.to) {
				out = append(out, fmt.Sprintf("%s: pass %d of replica %s (%s to %s) and pass %d of replica %s (%s to %s)",
					a.source, a.pass, a.replica, a.from.Format(time.StampMilli), a.to.Format(time.StampMilli),
					b.pass, b.replica, b.from.Format(time.StampMilli), b.to.Format(time.StampMilli)))
			}
		}
	}
	return out
}

// passSpans groups requests into passes, sorted by start.
func passSpans(requests []forgeRequest, passEnds map[string]map[string][]time.Time) []passSpan {
	byPass := map[passSpan]*passSpan{}
	for _, q := range requests {
		ends := passEnds[q.replica][q.source]
		n := 0
		for n < len(ends) && !ends[n].After(q.start) {
			n++
		}
		key := passSpan{source: q.source, replica: q.replica, pass: n}
		s, ok := byPass[key]
		if !ok {
			s = &passSpan{source: q.source, replica: q.replica, pass: n, from: q.start, to: q.end}
			byPass[key] = s
		}
		s.from, s.to = minTime(s.from, q.start), maxTime(s.to, q.end)
	}
	out := make([]passSpan, 0, len(byPass))
	for _, s := range byPass {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b passSpan) int { return a.from.Compare(b.from) })
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
