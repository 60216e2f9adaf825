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

// behind puts front (which passes requests on to the simulator) before
// the simulator: the collector's requests go through it.
func (e *simEnv) behind(t testing.TB, front http.Handler) {
	t.Helper()
	hs := httptest.NewServer(front)
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
// every repo's workflow definitions once. The batching rule
// (workflow_batch.go) gives the queries whichever of the four concurrent
// walks asks first: the pass's order is cut into groups of defsBatch repos,
// and a group with a repo that has runs in its first window is read in one
// query naming the group in order; a repo whose runs are all older is read
// alone in deepening unless its group was read. Every repo's history of
// .github/workflows fits one page (20 commits), so no query goes on from a
// cursor. A second pass with nothing new sends none.
func TestAPassReadsEachReposDefinitionsOnce(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	log := &defsQueryLog{next: e.sim}
	e.behind(t, log)
	sum := e.collect(t, false)
	if sum.HistoryPending != 0 {
		t.Fatalf("the first pass left history of %d repos: the test needs every round in one pass", sum.HistoryPending)
	}
	groupRead := map[int]bool{}
	var want []string
	withRuns := map[string]bool{}
	var late []int // places of repos whose runs are all older than the first window
	order := e.c.defs.order
	for i, ref := range order {
		r, _ := e.org.RepoByID(ref.ID)
		if n := len(e.org.WorkflowHistory(r)); n > 20 {
			t.Fatalf("%s has %d workflow commits: more than a page", r.FullName, n)
		}
		runs, recent := e.runsOf(ref)
		withRuns[r.FullName] = runs
		switch g := i / defsBatch; {
		case recent && !groupRead[g]:
			groupRead[g] = true
			var names []string
			for _, m := range order[g*defsBatch : min((g+1)*defsBatch, len(order))] {
				names = append(names, m.FullName)
			}
			want = append(want, strings.Join(names, " "))
		case runs && !recent:
			late = append(late, i)
		}
	}
	for _, i := range late {
		if !groupRead[i/defsBatch] {
			want = append(want, order[i].FullName)
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
	var got []string
	for _, q := range queries {
		got = append(got, strings.Join(q.repos, " "))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("definitions queries for\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
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

// runsOf says whether the simulated repo has runs, and runs in the first
// window of a first pass (whose walk asks for its definitions then).
func (e *simEnv) runsOf(ref repoRef) (some, recent bool) {
	r, _ := e.org.RepoByID(ref.ID)
	horizon := collectors.History{Now: e.org.Now, Weeks: collectors.DefaultHistoryWeeks}.Horizon(model.ResourceRuns)
	runs := e.org.Data(r).Runs
	return len(runs) > 0, slices.ContainsFunc(runs, func(run simorg.Run) bool { return !run.CreatedAt.Before(horizon) })
}
