package githubsrc

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// listerStore is a memStore that can list the repos it holds, like db.DB.
type listerStore struct{ *memStore }

func (s listerStore) SourceRepos(_ context.Context, source string) ([]model.Repo, error) {
	byID := map[int64]model.Repo{}
	for _, r := range s.all().Repos {
		if r.Source == source {
			byID[r.ForgeID] = r
		}
	}
	out := make([]model.Repo, 0, len(byID))
	for _, r := range byID {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FullName < out[j].FullName })
	return out, nil
}

func (f *fakeGitHub) unset(path string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.pages, path)
}

func (f *fakeGitHub) resetCounts() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits, f.statuses = map[string]int{}, map[int]int{}
}

// walked is how many of the repos the pass walked (one runs request each).
func walked(f *fakeGitHub, ids ...int64) int {
	n := 0
	for _, id := range ids {
		if f.count(repoPath(id)+"/actions/runs") > 0 {
			n++
		}
	}
	return n
}

func storedRepoRecords(s *memStore, from int) int {
	n := 0
	for _, b := range s.batches[from:] {
		n += len(b.Repos)
	}
	return n
}

func TestAnUnchangedRepoListIsTakenFromAStoreThatCanListRepos(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lister      bool
		wantRecords int // repo records stored by the second pass
		want304     int // org-wide 304s: repos list, teams list, team repos
	}{
		{name: "a store that lists repos answers the repos list's 304", lister: true, wantRecords: 0, want304: 3},
		{name: "a store that cannot list repos gets the list whole", lister: false, wantRecords: 3, want304: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeGitHub(t)
			smallOrg(f, 3)
			mem := newMemStore()
			var store model.Store = mem
			if tc.lister {
				store = listerStore{mem}
			}
			c := newTestCollector(t, f, "acme")
			if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
				t.Fatal(err)
			}
			before := len(mem.batches)
			f.resetCounts()
			sum, err := collect(t, c, store, collectors.RunOptions{})
			if err != nil || !sum.OK() {
				t.Fatalf("err = %v, summary %+v", err, sum)
			}
			if sum.Repos != 3 || walked(f, 101, 102, 103) != 3 {
				t.Errorf("%d repos in the summary, %d walked: want all 3", sum.Repos, walked(f, 101, 102, 103))
			}
			if n := storedRepoRecords(mem, before); n != tc.wantRecords {
				t.Errorf("%d repo records stored, want %d", n, tc.wantRecords)
			}
			if n := f.count("/orgs/acme/repos"); n != 1 {
				t.Errorf("%d requests for the repos list, want 1", n)
			}
			if orgWide := int(sum.NotModified) - 3*7; orgWide != tc.want304 {
				t.Errorf("%d org-wide lists answered 304, want %d", orgWide, tc.want304)
			}
		})
	}
}

func TestAFullPassReadsTheOrgListsWhole(t *testing.T) {
	mem := newMemStore()
	store := listerStore{mem}
	f, c := afterFirstPass(t, 2, store)
	f.resetCounts()
	if _, err := collect(t, c, store, collectors.RunOptions{Full: true}); err != nil {
		t.Fatal(err)
	}
	if f.statuses[http.StatusNotModified] != 0 {
		t.Errorf("a full pass got %d 304s", f.statuses[http.StatusNotModified])
	}
}

func TestARepoGoneFromTheListIsNotWalkedOnAPassAnswered304(t *testing.T) {
	mem := newMemStore()
	store := listerStore{mem}
	f, c := afterFirstPass(t, 3, store)
	// repo-3 is deleted: the list changes and is read whole once...
	var repos []obj
	for i, name := range []string{"repo-1", "repo-2"} {
		repos = append(repos, repoObj(int64(101+i), "acme", name))
	}
	f.set("/orgs/acme/repos", repos)
	f.unset("/repositories/103/actions/runs")
	for pass, want304 := range []bool{false, true} {
		f.resetCounts()
		sum, err := collect(t, c, store, collectors.RunOptions{})
		if err != nil || !sum.OK() {
			t.Fatalf("pass %d: err = %v, summary %+v", pass, err, sum)
		}
		// ...and the pass after it, answered 304, leaves the stored repo-3 out.
		if got := f.statuses[http.StatusNotModified] > 0 && f.count("/orgs/acme/repos") == 1 &&
			sum.NotModified == int64(2*7+3); got != want304 {
			t.Errorf("pass %d: all answered 304 = %v, want %v (%d 304s)", pass, got, want304, sum.NotModified)
		}
		if sum.Repos != 2 || walked(f, 103) != 0 {
			t.Errorf("pass %d: %d repos, repo-3 walked %d times", pass, sum.Repos, f.count("/repositories/103/actions/runs"))
		}
	}
}

func TestADeletionBeyondTheFirstPageIsSeenOnTheLastPage(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 3)
	page := func(objs ...obj) string {
		b, err := json.Marshal(objs)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	r1, r2, r3 := repoObj(101, "acme", "repo-1"), repoObj(102, "acme", "repo-2"), repoObj(103, "acme", "repo-3")
	f.setRaw("/orgs/acme/repos", page(r1), page(r2, r3))
	store := listerStore{newMemStore()}
	c := newTestCollector(t, f, "acme")
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	f.resetCounts()
	if sum, err := collect(t, c, store, collectors.RunOptions{}); err != nil || sum.Repos != 3 || f.count("/orgs/acme/repos") != 2 {
		t.Fatalf("unchanged two-page list: err %v, %d repos, %d list requests (want 3 repos, first and last page)",
			err, sum.Repos, f.count("/orgs/acme/repos"))
	}
	// repo-2 goes: page one is as it was, the last page is not.
	f.setRaw("/orgs/acme/repos", page(r1), page(r3))
	f.unset("/repositories/102/actions/runs")
	f.resetCounts()
	sum, err := collect(t, c, store, collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary %+v", err, sum)
	}
	if sum.Repos != 2 || walked(f, 102) != 0 || walked(f, 101, 103) != 2 {
		t.Errorf("%d repos; repo-2 walked %d times: want repo-1 and repo-3 only", sum.Repos, walked(f, 102))
	}
}

func TestAReposListAnswered304KeepsTheSecurityAndAnalysisReport(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 2)
	// Both repos answer that secret scanning is off; only repo-1's listing
	// says security_and_analysis has it enabled.
	r1 := repoObj(101, "acme", "repo-1")
	r1["security_and_analysis"] = obj{"secret_scanning": obj{"status": "enabled"}}
	f.set("/orgs/acme/repos", []obj{r1, repoObj(102, "acme", "repo-2")})
	for _, id := range []int64{101, 102} {
		f.unset(repoPath(id) + "/secret-scanning/alerts")
	}
	store := listerStore{newMemStore()}
	c := newTestCollector(t, f, "acme")
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	f.resetCounts()
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if f.statuses[http.StatusNotModified] == 0 || f.count("/orgs/acme/repos") != 1 || f.statuses[http.StatusOK] != 0 {
		t.Fatalf("the repos list was not answered 304 (statuses %v)", f.statuses)
	}
	// The report "enabled" makes a remembered "disabled" be checked again;
	// without a report it is trusted for a day.
	for id, want := range map[int64]int{101: 1, 102: 0} {
		if n := f.count(repoPath(id) + "/secret-scanning/alerts"); n != want {
			t.Errorf("repo %d: %d secret-scanning requests, want %d", id, n, want)
		}
	}
}
