package githubsrc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// defsQueryLog is an http.Handler in front of the simulator that records
// every workflow definitions query: the repos it names and the page of
// history it asks for.
type defsQueryLog struct {
	next    http.Handler
	queries testkit.Collected[defsRead]
}

// defsRead is one definitions query: repo full names, and the history
// cursor it goes on from ("" for the first page).
type defsRead struct {
	repos []string
	after string
}

func (l *defsQueryLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/graphql") {
		body, err := io.ReadAll(r.Body)
		if err == nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			l.record(body)
		}
	}
	l.next.ServeHTTP(w, r)
}

func (l *defsQueryLog) record(body []byte) {
	var in struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if json.Unmarshal(body, &in) != nil || !strings.Contains(in.Query, "fragment defs on Repository") {
		return
	}
	q := defsRead{}
	q.after, _ = in.Variables["after"].(string)
	for i := 0; ; i++ {
		owner, ok := in.Variables[fmt.Sprintf("o%d", i)].(string)
		if !ok {
			break
		}
		name, _ := in.Variables[fmt.Sprintf("n%d", i)].(string)
		q.repos = append(q.repos, owner+"/"+name)
	}
	l.queries.Add(q)
}

// behind puts log in front of the simulator: the collector's requests go
// through it.
func (e *simEnv) behind(t *testing.T, log *defsQueryLog) {
	t.Helper()
	log.next = e.sim
	hs := httptest.NewServer(log)
	t.Cleanup(hs.Close)
	cfg := e.c.cfg
	cfg.BaseURL = hs.URL + "/"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Logger, e.c = e.c.Logger, c
}

// TestAPassReadsEachReposDefinitionsOnce: on the small simulated org, a
// first pass (its latest window, then history deepened round by round) reads
// every repo's workflow definitions once. With one repo at a time, the
// batching rule (workflow_batch.go) gives the queries: in the pass's order,
// each repo with runs in its first window that no batch holds yet starts one
// with itself and the next defsBatch-1 repos no batch holds; a repo whose
// runs are all older is read alone in deepening unless a batch holds it.
// Every repo's history of .github/workflows fits one page (20 commits), so no
// query goes on from a cursor. A second pass with nothing new sends none.
func TestAPassReadsEachReposDefinitionsOnce(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	e.c.cfg.Concurrency = 1
	log := &defsQueryLog{}
	e.behind(t, log)
	sum := e.collect(t, false)
	if sum.HistoryPending != 0 {
		t.Fatalf("the first pass left history of %d repos: the test needs every round in one pass", sum.HistoryPending)
	}
	horizon := collectors.History{Now: e.org.Now, Weeks: collectors.DefaultHistoryWeeks}.Horizon(model.ResourceRuns)
	held := map[string]bool{}
	want, withRuns := 0, map[string]bool{}
	var late []string // repos whose runs are all older than the first window
	order := e.c.defs.order
	for i, ref := range order {
		r, _ := e.org.RepoByID(ref.ID)
		if n := len(e.org.WorkflowHistory(r)); n > 20 {
			t.Fatalf("%s has %d workflow commits: more than a page", r.FullName, n)
		}
		runs := e.org.Data(r).Runs
		recent := slices.ContainsFunc(runs, func(run simorg.Run) bool { return !run.CreatedAt.Before(horizon) })
		withRuns[r.FullName] = len(runs) > 0
		switch {
		case recent && !held[r.FullName]:
			want++
			for j, n := i, 0; j < len(order) && n < defsBatch; j++ {
				if !held[order[j].FullName] {
					held[order[j].FullName], n = true, n+1
				}
			}
		case len(runs) > 0 && !recent:
			late = append(late, r.FullName)
		}
	}
	for _, name := range late {
		if !held[name] {
			want++
		}
	}
	reads := map[string]int{}
	queries := log.queries.Take()
	for _, q := range queries {
		if q.after != "" {
			t.Errorf("a query went on from cursor %q for %v", q.after, q.repos)
		}
		for _, name := range q.repos {
			reads[name]++
		}
	}
	if len(queries) != want {
		t.Errorf("%d definitions queries, want %d", len(queries), want)
	}
	for name, runs := range withRuns {
		if runs && reads[name] != 1 {
			t.Errorf("%s: its definitions were read %d times, want once", name, reads[name])
		}
	}

	e.collect(t, false)
	if queries := log.queries.Take(); len(queries) != 0 {
		t.Errorf("a pass with nothing new sent %d definitions queries, want none", len(queries))
	}
}
