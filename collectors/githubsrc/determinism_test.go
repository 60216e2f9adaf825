package githubsrc

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

// firstPass is what one first pass of the small simulated org asked.
type firstPass struct {
	env *simEnv
	// requests in arrival order, as testkit.PathLog writes them.
	requests []string
	byKind   map[string]int64
}

// collectFirstPass collects the small simulated org into a fresh store, with
// hold (when set) injecting faults before the pass starts.
func collectFirstPass(t *testing.T, hold func(e *simEnv)) firstPass {
	t.Helper()
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{})
	log := &testkit.PathLog{Next: e.sim}
	e.behind(t, log)
	if hold != nil {
		hold(e)
	}
	if sum := e.collect(t, false); sum.HistoryPending != 0 {
		t.Fatalf("the first pass left history of %d repos: the test compares whole first syncs", sum.HistoryPending)
	}
	return firstPass{env: e, requests: log.Requests(), byKind: e.sim.Stats().ByKind}
}

// sameRequests reports how got's requests differ from want's as a multiset
// (arrival order aside); "" when they do not.
func sameRequests(got, want []string) string {
	count := map[string]int{}
	for _, r := range want {
		count[r]++
	}
	for _, r := range got {
		count[r]--
	}
	var diff []string
	for _, r := range slices.Sorted(maps.Keys(count)) {
		if n := count[r]; n != 0 {
			diff = append(diff, strconv.Itoa(-n)+"× "+r)
		}
	}
	return strings.Join(diff, "\n")
}

// TestAFirstPassSendsTheSameRequestsEveryTime: the first pass of the small
// simulated org (its latest window, then every deepening round), run into
// fresh stores, asks the forge exactly the same requests every time, GraphQL
// queries and their variables included, whatever order its four concurrent
// walks send them in. A second pass undisturbed sends what the first sent.
// A third has the first repo that reads workflow definitions (the first in
// the pass's order with runs in its first window) held up by a secondary rate
// limit on its first page of runs (429, Retry-After 1 s), so the repos after
// it ask for their definitions before it: it sends the refused request once
// more, and nothing else differs (the batching of definitions queries does
// not depend on which repo asks first, workflow_batch.go).
func TestAFirstPassSendsTheSameRequestsEveryTime(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	first := collectFirstPass(t, nil)

	second := collectFirstPass(t, nil)
	if !maps.Equal(second.byKind, first.byKind) {
		t.Errorf("requests by kind: %v, then %v", first.byKind, second.byKind)
	}
	if diff := sameRequests(second.requests, first.requests); diff != "" {
		t.Errorf("the second pass asked differently (a count is how many more than the first pass sent):\n%s", diff)
	}

	var held repoRef
	for _, ref := range first.env.c.defs.order {
		if _, recent := first.env.runsOf(ref); recent {
			held = ref
			break
		}
	}
	runsPage := "/repositories/" + strconv.FormatInt(held.ID, 10) + "/actions/runs?"
	third := collectFirstPass(t, func(e *simEnv) {
		e.sim.InjectFault(githubsim.Fault{PathContains: runsPage, Status: http.StatusTooManyRequests, RetryAfter: 1})
	})
	i := slices.IndexFunc(third.requests, func(r string) bool { return strings.Contains(r, runsPage) })
	if i < 0 {
		t.Fatalf("%s's runs were never asked for", held.FullName)
	}
	want := append(slices.Clone(first.requests), third.requests[i])
	if diff := sameRequests(third.requests, want); diff != "" {
		t.Errorf("with %s held up, the pass asked differently (a count is how many more than the first pass and the retry sent):\n%s", held.FullName, diff)
	}
	wantKind := maps.Clone(first.byKind)
	wantKind[githubsim.KindRuns]++
	if !maps.Equal(third.byKind, wantKind) {
		t.Errorf("requests by kind with %s held up: %v, want %v", held.FullName, third.byKind, wantKind)
	}
}
