package main

import (
	"encoding/json"
	"github.com/paved-dev/paved/internal/testkit"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
)

// TestALowQuotaReadsHistoryOverSeveralPassesAndEndsWithTheOnePassRows: on a
// quota of 600 requests an hour, a first collection of the small org (some
// 900 requests in one pass since scanners come from workflow definitions) stores every repo's latest window, scores, and
// deepens history with what its quota_share (0.8 by default) leaves; /api/v1/sync
// says history is incomplete until a later pass, an hour on, completes it. No
// pass runs into the limit, and the rows in the end are those of one pass
// without a quota, in every table.
func TestALowQuotaReadsHistoryOverSeveralPassesAndEndsWithTheOnePassRows(t *testing.T) {
	org := sharedSmallOrg()
	var quotaClock atomic.Int64
	quotaClock.Store(e2eNow.UnixNano())
	limited := githubsim.New(org, githubsim.Options{Token: e2eToken, Quota: 600,
		Now: func() time.Time { return time.Unix(0, quotaClock.Load()) }})
	unlimited := githubsim.New(org, githubsim.Options{Token: e2eToken})
	// Both simulators answer on one address: stored links name the host.
	var serving atomic.Pointer[githubsim.Server]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serving.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	clocks := clockRange{from: e2eNow, to: e2eNow}
	environ := map[string]string{"GH_TOKEN": e2eToken}

	serving.Store(unlimited)
	ref := &simFixture{org: org, sim: unlimited, url: srv.URL + "/", dir: t.TempDir(), database: testkit.Database(t)}
	if stdout, stderr, code := runCLI(t, environ, "collect", "--config", ref.writeConfig(t, "acme", "")); code != 0 {
		t.Fatalf("the pass without quota exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	want := dumpTables(t, ref.dbPath(), clocks)

	serving.Store(limited)
	f := &simFixture{org: org, sim: limited, url: srv.URL + "/", dir: t.TempDir(), database: testkit.Database(t)}
	cfg := f.writeConfig(t, "acme", "")
	passes := 0
	for ; passes < 6; passes++ {
		stdout, stderr, code := runCLI(t, environ, "collect", "--config", cfg)
		if code != 0 {
			t.Fatalf("pass %d exited %d\nstdout: %s\nstderr: %s", passes+1, code, stdout, stderr)
		}
		st := limited.Stats()
		t.Logf("pass %d: %s", passes+1, strings.TrimSpace(stdout))
		if st.RateLimited != 0 {
			t.Fatalf("pass %d ran into the rate limit %d times: the budget did not stop deepening", passes+1, st.RateLimited)
		}
		h := syncHistory(t, cfg)
		if passes == 0 && (h == nil || h.Complete || h.ReposPending == 0 || h.ScoredFrom == nil) {
			t.Fatalf("after the first pass /api/v1/sync says history %+v, want incomplete with repos pending and a scored_from", h)
		}
		if passes == 0 && !strings.Contains(stdout, "gh: every repo's latest window stored, history to read next; first scorecards:") {
			t.Errorf("the first pass did not score before deepening history:\n%s", stdout)
		}
		if passes == 0 {
			digestSaysTrendsStart(t, environ, cfg, h.ScoredFrom)
		}
		if h != nil && h.Complete {
			if h.ReposPending != 0 || strings.Contains(stdout, "history still to read") {
				t.Errorf("complete history with %d repos pending; the summary: %s", h.ReposPending, stdout)
			}
			passes++
			break
		}
		if !strings.Contains(stdout, "history still to read for") {
			t.Errorf("pass %d leaves history to read and its summary does not say so:\n%s", passes+1, stdout)
		}
		quotaClock.Add(int64(time.Hour)) // the quota's window resets
	}
	digestSaysTrendsStart(t, environ, cfg, nil)
	if passes < 2 {
		t.Errorf("history took %d pass, want at least 2 on this quota: the quota bound nothing", passes)
	}
	compareDumps(t, "after the passes on a low quota", want, dumpTables(t, f.dbPath(), clocks))
}

// digestSaysTrendsStart checks this week's digest, as `paved digest` prints
// it, says trends start on scoredFrom, where /api/v1/sync says scorecards
// have their whole window (its twelve weeks reach back further on the first
// pass); nil: it says nothing of history.
func digestSaysTrendsStart(t *testing.T, environ map[string]string, cfg string, scoredFrom *time.Time) {
	t.Helper()
	stdout, stderr, code := runCLI(t, environ, "digest", "--config", cfg)
	if code != 0 {
		t.Fatalf("paved digest exited %d: %s", code, stderr)
	}
	says := strings.Contains(stdout, "History is still being read")
	if scoredFrom == nil {
		if says {
			t.Errorf("with history complete the digest says it is still being read:\n%s", stdout)
		}
		return
	}
	want := "History is still being read: trends start on " + scoredFrom.UTC().Format("Monday 2 January 2006, 15:04 UTC") + ","
	if !strings.Contains(stdout, want) {
		t.Errorf("the digest does not say %q:\n%s", want, stdout)
	}
}

// syncHistoryJSON is a source's "history" in /api/v1/sync.
type syncHistoryJSON struct {
	Complete      bool       `json:"complete"`
	ReachesBackTo *time.Time `json:"reaches_back_to"`
	ScoredFrom    *time.Time `json:"scored_from"`
	ReposPending  int        `json:"repos_pending"`
}

// syncHistory is the gh source's history as /api/v1/sync says it.
func syncHistory(t *testing.T, cfg string) *syncHistoryJSON {
	t.Helper()
	var sync struct {
		Sources []struct {
			Name    string
			History *syncHistoryJSON
		}
	}
	if err := json.Unmarshal([]byte(openSurfacesAt(t, cfg, e2eNow).get(t, "/api/v1/sync")), &sync); err != nil {
		t.Fatal(err)
	}
	for _, s := range sync.Sources {
		if s.Name == "gh" {
			t.Logf("history: %+v", s.History)
			return s.History
		}
	}
	t.Fatal("/api/v1/sync has no source gh")
	return nil
}
