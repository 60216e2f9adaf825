package githubsrc

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// afterFirstPass is a fake GitHub with n repos and a collector for it, after a
// first pass into store.
func afterFirstPass(t *testing.T, n int, store model.Store) (*fakeGitHub, *Collector) {
	t.Helper()
	f := newFakeGitHub(t)
	smallOrg(f, n)
	c := newTestCollector(t, f, "acme")
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	return f, c
}

func collect(t *testing.T, c *Collector, s model.Store, opts collectors.RunOptions) (collectors.Summary, error) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.Collect(ctx, s, opts)
}

func TestAFirstPassStoresEveryResource(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 3)
	store := newMemStore()
	var mu sync.Mutex
	var progress []collectors.Progress
	sum, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{Progress: func(p collectors.Progress) {
		mu.Lock()
		defer mu.Unlock()
		progress = append(progress, p)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.OK() || sum.Repos != 3 {
		t.Fatalf("summary = %+v", sum)
	}
	var perRepo int64
	for _, p := range progress {
		perRepo += p.Records
		if p.Total != 3 || p.Err != nil || p.Source != "gh" {
			t.Errorf("progress = %+v", p)
		}
	}
	// Per repo: 2 runs, 2 jobs, 3 findings, 1 analysis, 1 PR, 1 review,
	// 1 deployment, 1 status and 3 observations.
	if len(progress) != 3 || perRepo != 3*15 {
		t.Errorf("%d progress reports adding up to %d records, want 3 and 45", len(progress), perRepo)
	}
	got := store.all()
	want := map[string]int{
		"repos": 3, "teams": 1, "runs": 6, "jobs": 6, "findings": 9, "analyses": 3, "pulls": 3,
		"reviews": 3, "deployments": 3, "statuses": 3,
	}
	have := map[string]int{
		"repos": len(got.Repos), "teams": len(got.Teams), "runs": len(got.Runs), "jobs": len(got.Jobs),
		"findings": len(got.Findings), "analyses": len(got.Analyses), "pulls": len(got.PullRequests),
		"reviews": len(got.Reviews), "deployments": len(got.Deployments), "statuses": len(got.DeploymentStatuses),
	}
	for k, n := range want {
		if have[k] != n {
			t.Errorf("%s: stored %d, want %d", k, have[k], n)
		}
	}
	if int64(got.Len()) != sum.Records {
		t.Errorf("summary says %d records, the store got %d", sum.Records, got.Len())
	}
	if !slices.Equal(got.Teams[0].RepoForgeIDs, []int64{101}) {
		t.Errorf("team repos = %v", got.Teams[0].RepoForgeIDs)
	}
	// The newest completed CI run is sampled; the other inherits its categories.
	for _, r := range got.Runs {
		sampled := r.ForgeID%1000 == 2
		if r.JobsFetched != sampled || !slices.Equal(r.ScanCategories, []string{"sast"}) {
			t.Errorf("run %d: jobs fetched %v, categories %q", r.ForgeID, r.JobsFetched, r.ScanCategories)
		}
	}
	// Every feature answered, so each is observed enabled once per repo.
	if len(got.Observations) != 9 {
		t.Errorf("observations = %d, want 9 (3 features × 3 repos)", len(got.Observations))
	}
	for _, d := range got.Deployments {
		if d.Status != "success" || d.StatusAt.IsZero() {
			t.Errorf("deployment %d: status %q at %v", d.ForgeID, d.Status, d.StatusAt)
		}
	}
	c := store.cursor("acme/repo-1", model.ResourceRuns)
	if !c.Watermark.Equal(testNow.Add(-2*time.Hour)) || c.ETag == "" || c.LastSuccess.IsZero() {
		t.Errorf("runs cursor = %+v", c)
	}
	if st := decodeState(c.Position); st.Next != "" {
		t.Errorf("runs cursor position = %q", c.Position)
	}
	for _, r := range got.Repos {
		if smp, _ := store.RunSamples(context.Background(), "gh", r.ForgeID); len(smp) != 1 {
			t.Errorf("samples of %s = %+v, want one", r.FullName, smp)
		}
	}
}

func TestASecondPassWithNothingChangedIsOneConditionalRequestPerResource(t *testing.T) {
	store := newMemStore()
	f, c := afterFirstPass(t, 3, store)
	before := len(store.batches)
	f.mu.Lock()
	f.hits, f.statuses = map[string]int{}, map[int]int{}
	f.mu.Unlock()

	sum, err := collect(t, c, store, collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	perRepo := []string{"actions/runs", "code-scanning/alerts", "code-scanning/analyses", "dependabot/alerts",
		"secret-scanning/alerts", "pulls", "deployments"}
	for i := 1; i <= 3; i++ {
		for _, res := range perRepo {
			path := repoPath(int64(100+i)) + "/" + res
			if n := f.count(path); n != 1 {
				t.Errorf("%s: %d requests, want 1", path, n)
			}
		}
	}
	// The teams list and the team's repos answer 304 too; the repos list is
	// read whole, since this store cannot list the repos it holds.
	if sum.NotModified != int64(3*len(perRepo)+2) {
		t.Errorf("304 answers = %d, want %d", sum.NotModified, 3*len(perRepo)+2)
	}
	if sum.Requests != sum.NotModified+1 || f.count("/orgs/acme/repos") != 1 {
		t.Errorf("requests = %d (%d of the repos list), want the 304s plus the repos list once",
			sum.Requests, f.count("/orgs/acme/repos"))
	}
	// Nothing new is stored beyond the org lists and the cursors' success times.
	var added model.Batch
	for _, b := range store.batches[before:] {
		added.Runs = append(added.Runs, b.Runs...)
		added.Findings = append(added.Findings, b.Findings...)
		added.Observations = append(added.Observations, b.Observations...)
		added.Reviews = append(added.Reviews, b.Reviews...)
		added.Jobs = append(added.Jobs, b.Jobs...)
	}
	if added.Len() != 0 {
		t.Errorf("a no-change pass stored %d per-repo records", added.Len())
	}
	if cur := store.cursor("acme/repo-2", model.ResourcePulls); !cur.LastSuccess.Equal(testNow) {
		t.Errorf("a 304 must still refresh the cursor's success time: %+v", cur)
	}
}

func TestAFullPassIgnoresETagsAndWatermarks(t *testing.T) {
	store := newMemStore()
	_, c := afterFirstPass(t, 1, store)
	sum, err := collect(t, c, store, collectors.RunOptions{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.NotModified != 0 {
		t.Errorf("a full pass got %d 304s: it must not send validators", sum.NotModified)
	}
	runs := 0
	for _, b := range store.batches {
		runs += len(b.Runs)
	}
	if runs != 4 {
		t.Errorf("a full pass re-stores every run: %d run writes in two passes, want 4", runs)
	}
}

func TestNewValidatesTheConfig(t *testing.T) {
	ok := collectors.SourceConfig{Name: "gh", Token: testToken, Org: "acme", BaseURL: "http://127.0.0.1:1/"}
	tests := []struct {
		name   string
		mutate func(*collectors.SourceConfig)
		want   string
	}{
		{"an empty token is refused", func(c *collectors.SourceConfig) { c.Token = " " }, "token is empty"},
		{"an empty org is refused", func(c *collectors.SourceConfig) { c.Org = "" }, "org is empty"},
		{"a relative base URL is refused", func(c *collectors.SourceConfig) { c.BaseURL = "api.github.com" }, "base_url"},
		{"an unparseable base URL is refused", func(c *collectors.SourceConfig) { c.BaseURL = "http://[::1" }, "base_url"},
		{"a gitlab kind is refused", func(c *collectors.SourceConfig) { c.Kind = "gitlab" }, "kind"},
		{"a valid config is accepted", func(*collectors.SourceConfig) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.mutate(&cfg)
			_, err := New(cfg)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("the error leaks the token: %v", err)
			}
		})
	}
}

func TestForgeStringsAreCleanedAtIngestion(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	long := strings.Repeat("An overlong title ", 400)
	f.set("/repositories/101/pulls", []obj{
		{"id": 1, "number": 5, "state": "open", "title": "Fix \x1b[31mred\x1b[0m\x00 output\u202e",
			"user": obj{"login": "mallory\nadmin", "type": "User"}, "base": obj{"ref": "main"}, "head": obj{"sha": "abc"},
			"created_at": ts(testNow), "updated_at": ts(testNow)},
		{"id": 2, "number": 6, "state": "open", "title": long, "user": obj{"login": "eve", "type": "User"},
			"base": obj{"ref": "main"}, "head": obj{"sha": "abc"}, "created_at": ts(testNow), "updated_at": ts(testNow)},
	})
	f.set("/repositories/101/pulls/6/reviews", []obj{})
	store := newMemStore()
	if _, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	titles := map[int]model.PullRequest{}
	for _, p := range store.all().PullRequests {
		titles[p.Number] = p
	}
	if got := titles[5].Title; got != "Fix [31mred[0m output" {
		t.Errorf("control characters kept: %q", got)
	}
	if got := titles[5].Author; got != "mallory admin" {
		t.Errorf("author = %q", got)
	}
	if got := titles[6].Title; len(got) > sanitize.MaxLine || !strings.HasSuffix(got, "…") {
		t.Errorf("a %d-byte title was stored as %d bytes", len(long), len(got))
	}
}
