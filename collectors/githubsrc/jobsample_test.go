package githubsrc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
)

// bucketSpan is the width of a sampling group's time bucket.
const bucketSpan = collectors.SampleBucketSpan

// sampledOrg serves one repo whose "CI" workflow (id 7) has push and
// pull_request runs in two 30-day buckets, plus "CodeQL" runs (id 8).
// Push runs of the old bucket carry no scanner; newer push runs carry gitleaks;
// pull_request runs carry dependency-review.
func sampledOrg(f *fakeGitHub, runs []obj) {
	f.set("/orgs/acme/repos", []obj{repoObj(101, "acme", "svc")})
	f.set("/orgs/acme/teams", []obj{})
	base := "/repositories/101"
	f.set(base+"/actions/runs", runsPage(runs...))
	for _, r := range runs {
		id := r["id"].(int64)
		var job obj
		switch {
		case r["event"] == "pull_request":
			job = jobObj(id*10, id, "dependency-review", "Dependency Review")
		case strings.HasPrefix(r["created_at"].(string), "2024-05"):
			job = jobObj(id*10, id, "build", "Run gitleaks")
		default:
			job = jobObj(id*10, id, "build", "go build")
		}
		f.set(fmt.Sprintf("%s/actions/runs/%d/jobs", base, id), jobsPage(job))
	}
	for _, p := range []string{"/code-scanning/alerts", "/code-scanning/analyses", "/dependabot/alerts", "/secret-scanning/alerts", "/pulls", "/deployments"} {
		f.set(base+p, []obj{})
	}
}

func bucketStart(t time.Time) time.Time {
	span := int64(bucketSpan / time.Second)
	return time.Unix(t.Unix()/span*span, 0).UTC()
}

func TestJobsAreFetchedForOneRunPerWorkflowEventClassAndBucket(t *testing.T) {
	cur := bucketStart(testNow) // testNow's bucket starts 2024-05-xx
	old := cur.Add(-bucketSpan)
	if !strings.HasPrefix(ts(cur.Add(time.Hour)), "2024-05") {
		t.Fatalf("fixture assumes the current bucket starts in May 2024, got %s", cur)
	}
	runs := []obj{
		runObj(10, 7, "CI", "push", cur.Add(50*time.Hour), "in_progress"),
		runObj(9, 7, "CI", "push", cur.Add(40*time.Hour), "completed"),
		runObj(8, 7, "CI", "pull_request", cur.Add(30*time.Hour), "completed"),
		runObj(7, 8, "CodeQL", "push", cur.Add(20*time.Hour), "completed"),
		runObj(6, 7, "CI", "push", cur.Add(10*time.Hour), "completed"),
		runObj(5, 7, "CI", "push", old.Add(50*time.Hour), "completed"),
		runObj(4, 7, "CI", "pull_request", old.Add(40*time.Hour), "completed"),
		runObj(3, 7, "CI", "push", old.Add(30*time.Hour), "completed"),
		runObj(2, 8, "CodeQL", "push", old.Add(20*time.Hour), "completed"),
	}
	f := newFakeGitHub(t)
	sampledOrg(f, runs)
	store := newMemStore()
	c := newTestCollector(t, f, "acme")
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	fetched := []int64{}
	for id := int64(1); id <= 10; id++ {
		if f.count(fmt.Sprintf("/repositories/101/actions/runs/%d/jobs", id)) > 0 {
			fetched = append(fetched, id)
		}
	}
	// Groups: (CI, push, current) → 9, the newest completed run, not the running 10;
	// (CI, pr, current) → 8; (CI, push, old) → 5; (CI, pr, old) → 4. CodeQL is
	// recognised by its name.
	if !slices.Equal(fetched, []int64{4, 5, 8, 9}) {
		t.Fatalf("jobs fetched for runs %v, want [4 5 8 9]", fetched)
	}
	want := map[int64]struct {
		cats    []string
		fetched bool
	}{
		10: {[]string{"secret"}, false}, 9: {[]string{"secret"}, true}, 8: {[]string{"sca"}, true},
		7: {[]string{"sast"}, false}, 6: {[]string{"secret"}, false}, 5: {nil, true}, 4: {[]string{"sca"}, true},
		3: {nil, false}, 2: {[]string{"sast"}, false},
	}
	got := store.all()
	for _, r := range got.Runs {
		w := want[r.ForgeID]
		if r.JobsFetched != w.fetched || !slices.Equal(r.ScanCategories, w.cats) {
			t.Errorf("run %d: fetched %v categories %q, want %v %q", r.ForgeID, r.JobsFetched, r.ScanCategories, w.fetched, w.cats)
		}
	}
	if len(got.Jobs) != 4 {
		t.Errorf("stored %d jobs, want the 4 samples' jobs", len(got.Jobs))
	}

	// Next pass: run 10 has finished and run 11 is new. Both inherit from the
	// remembered sample 9; no jobs are fetched and 9 stays the sample.
	done := runObj(10, 7, "CI", "push", cur.Add(50*time.Hour), "completed")
	done["updated_at"] = ts(cur.Add(51 * time.Hour))
	runs = append([]obj{runObj(11, 7, "CI", "push", cur.Add(60*time.Hour), "completed"), done}, runs[1:]...)
	sampledOrg(f, runs)
	f.mu.Lock()
	f.hits = map[string]int{}
	f.mu.Unlock()
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= 11; id++ {
		if n := f.count(fmt.Sprintf("/repositories/101/actions/runs/%d/jobs", id)); n > 0 {
			t.Errorf("second pass fetched the jobs of run %d", id)
		}
	}
	for _, r := range store.all().Runs {
		if (r.ForgeID == 11 || r.ForgeID == 10) && (r.JobsFetched || !slices.Equal(r.ScanCategories, []string{"secret"})) {
			t.Errorf("run %d: fetched %v categories %q", r.ForgeID, r.JobsFetched, r.ScanCategories)
		}
		if r.ForgeID == 9 && !r.JobsFetched {
			t.Error("the remembered sample lost its JobsFetched mark")
		}
	}
}

func TestSampleGroupsRoundTrip(t *testing.T) {
	for _, k := range []sampleKey{{workflow: 159038, pr: true, bucket: 619}, {workflow: 7, bucket: 620, defAt: 1706000000}} {
		if got, ok := decodeGroup(encodeGroup(k)); !ok || got != k {
			t.Fatalf("round trip of %+v: %+v %v", k, got, ok)
		}
	}
	if got := encodeGroup(sampleKey{workflow: 7, bucket: 620, defAt: 1706000000}); got != "7.o.620.1706000000" {
		t.Errorf("group with its definitions' commit: %q", got)
	}
	for _, bad := range []string{"garbage", "1.x.2", "a.o.2", "1.o", "1.o.2.x", "1.o.2.0", "1.o.2.3.4"} {
		if _, ok := decodeGroup(bad); ok {
			t.Errorf("%q decoded", bad)
		}
	}
}
