package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// pageLoad is clients looping over a dashboard's pages until stopped, each
// request timed: what users opening pages see while the server is busy.
type pageLoad struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	hits   []pageHit
}

// pageHit is one request's outcome.
type pageHit struct {
	path    string
	status  int // 0 when the request failed without an answer
	latency time.Duration
	at      time.Time // when it was sent
}

// startPageLoad starts clients goroutines, client i opening paths from the i-th on,
// round and round, against base until stop.
func startPageLoad(base string, paths []string, clients int) *pageLoad {
	ctx, cancel := context.WithCancel(context.Background())
	l := &pageLoad{cancel: cancel}
	transport := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	for w := range clients {
		l.wg.Go(func() {
			var mine []pageHit
			for i := w; ctx.Err() == nil; i++ {
				p := paths[i%len(paths)]
				h := pageHit{path: p, at: time.Now()}
				h.status = get(ctx, client, base+p)
				h.latency = time.Since(h.at)
				if ctx.Err() == nil {
					mine = append(mine, h)
				}
			}
			l.mu.Lock()
			l.hits = append(l.hits, mine...)
			l.mu.Unlock()
		})
	}
	return l
}

// get fetches url whole and returns its status, 0 when there was no answer.
func get(ctx context.Context, client *http.Client, url string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0
	}
	return resp.StatusCode
}

// stop ends the clients (a request in flight is dropped) and returns every hit.
func (l *pageLoad) stop() []pageHit {
	l.cancel()
	l.wg.Wait()
	return l.hits
}

// loadFigures summarises hits: latency percentiles in ms, and the answers that
// were not 2xx, apart from 404s that expected404 allows.
type loadFigures struct {
	requests, unexpected, expected404 int
	p50, p99                          float64
	firstUnexpected                   string
	slowest                           []pageHit // the 5 slowest, slowest first
}

func summarise(hits []pageHit, expected404 func(pageHit) bool) loadFigures {
	f := loadFigures{requests: len(hits)}
	lat := make([]time.Duration, 0, len(hits))
	for _, h := range hits {
		lat = append(lat, h.latency)
		switch {
		case h.status >= 200 && h.status < 300:
		case h.status == http.StatusNotFound && expected404(h):
			f.expected404++
		default:
			if f.unexpected == 0 {
				f.firstUnexpected = fmt.Sprintf("GET %s: status %d after %s", h.path, h.status, h.latency.Round(time.Millisecond))
			}
			f.unexpected++
		}
	}
	if len(lat) == 0 {
		return f
	}
	slices.Sort(lat)
	byLatency := slices.Clone(hits)
	slices.SortFunc(byLatency, func(a, b pageHit) int { return cmp.Compare(b.latency, a.latency) })
	f.slowest = byLatency[:min(5, len(byLatency))]
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	f.p50, f.p99 = ms(lat[len(lat)/2]), ms(lat[min(len(lat)-1, len(lat)*99/100)])
	return f
}

// report puts the figures on b under prefix, and logs the slowest requests'
// paths and when they were sent, after start.
func (f loadFigures) report(b *testing.B, prefix string, start time.Time) {
	for _, h := range f.slowest {
		b.Logf("slow: GET %s sent at +%s took %s", h.path, h.at.Sub(start).Round(time.Millisecond), h.latency.Round(time.Millisecond))
	}
	b.ReportMetric(f.p50, prefix+"p50_ms")
	b.ReportMetric(f.p99, prefix+"p99_ms")
	b.ReportMetric(float64(f.requests), prefix+"requests")
	b.ReportMetric(float64(f.unexpected), prefix+"non2xx")
	if f.unexpected > 0 {
		b.Errorf("%d of %d answers were not 2xx (nor an expected 404), p50 %.1f ms, p99 %.1f ms; the first: %s",
			f.unexpected, f.requests, f.p50, f.p99, f.firstUnexpected)
	}
}

// peakRSSMiB is the process's peak resident memory (VmHWM) in MiB.
func peakRSSMiB(tb testing.TB, pid int) float64 {
	tb.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatalf("peak memory: %v", err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				tb.Fatalf("peak memory: %q: %v", line, err)
			}
			return kb / 1024
		}
	}
	tb.Fatalf("peak memory: no VmHWM in /proc/%d/status", pid)
	return 0
}
