package gitlabsrc

import (
	"sync"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
)

func TestEachProjectsProgressCountsOnlyItsOwnRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	c := e.collector(t, "acme-gl", testToken)
	c.cfg.Concurrency = 4
	var mu sync.Mutex
	var total int64
	seen := map[string]bool{}
	sum, err := e.collect(t, c, collectors.RunOptions{Progress: func(p collectors.Progress) {
		mu.Lock()
		defer mu.Unlock()
		total += p.Records
		seen[p.Repo] = true
	}})
	if err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	// The group-level batch (the projects and subgroups themselves) belongs to
	// no project. With projects collected concurrently, counting the pass's
	// growth would credit a project with its neighbours' records and overshoot.
	n := e.counts(t)
	perProject := sum.Records - n["repos"] - n["forge_teams"]
	if total != perProject || len(seen) != sum.Repos {
		t.Fatalf("progress adds up to %d records over %d projects; the projects stored %d over %d", total, len(seen), perProject, sum.Repos)
	}
}
