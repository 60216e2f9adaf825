package githubsrc

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/testkit"
)

// limitOnce answers the first request to path with limit, then lets requests through.
func limitOnce(f *fakeGitHub, path string, limit func(w http.ResponseWriter)) {
	var once sync.Once
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		hit := false
		if r.URL.Path == path {
			once.Do(func() { hit = true })
		}
		if hit {
			limit(w)
		}
		return hit
	}
}

func TestRateLimitsAreWaitedOut(t *testing.T) {
	const path = "/repositories/101/pulls"
	tests := []struct {
		name    string
		limit   func(w http.ResponseWriter)
		minWait time.Duration
	}{
		{"a secondary limit (429, Retry-After 1) is slept through", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",`+
				`"documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
		}, time.Second},
		{"a bare 429 with Retry-After 1 is retried after a second", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"Too many requests"}`)
		}, time.Second},
		{"a spent primary quota (403, remaining 0) waits for the reset", func(w http.ResponseWriter) {
			w.Header().Set("X-RateLimit-Limit", "5000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGitHub(t)
			smallOrg(f, 1)
			limitOnce(f, path, tt.limit)
			var logs testkit.LogBuffer
			c := newTestCollector(t, f, "acme")
			c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			store := newMemStore()
			start := time.Now()
			sum, err := collect(t, c, store, collectors.RunOptions{})
			if err != nil || !sum.OK() {
				t.Fatalf("err = %v, summary = %+v", err, sum)
			}
			if took := time.Since(start); took < tt.minWait {
				t.Errorf("the pass took %s: the limit was not waited out", took)
			}
			if n := f.count(path); n != 2 {
				t.Errorf("%s requested %d times, want the limited try and one retry", path, n)
			}
			if len(store.all().PullRequests) != 1 {
				t.Errorf("the retried page was not stored")
			}
			out := logs.String()
			if !strings.Contains(out, "rate limit") {
				t.Errorf("the wait was not logged: %q", out)
			}
			if strings.Contains(out, testToken) || strings.Contains(out, "Bearer") {
				t.Errorf("the log carries credentials: %q", out)
			}
		})
	}
}

func TestAWaitLongerThanTheCapFailsTheRequest(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	limitOnce(f, "/repositories/101/pulls", func(w http.ResponseWriter) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"API rate limit exceeded"}`)
	})
	c := newTestCollector(t, f, "acme")
	c.MaxWait = time.Second
	sum, err := collect(t, c, newMemStore(), collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// go-github then refuses further requests itself until the reset, so the
	// resources after pulls fail fast the same way.
	if len(sum.Errors) == 0 || !strings.Contains(sum.Errors[0].Err, "longer than the 1s this collector waits") {
		t.Fatalf("errors = %+v", sum.Errors)
	}
}
