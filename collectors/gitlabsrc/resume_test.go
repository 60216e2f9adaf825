package gitlabsrc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/model"
)

// failingStore refuses one batch, as a crash between two pages would lose it.
type failingStore struct {
	model.Store
	mu   sync.Mutex
	fail func(b model.Batch) bool
}

func (s *failingStore) Apply(ctx context.Context, b model.Batch) error {
	s.mu.Lock()
	refuse := s.fail(b)
	s.mu.Unlock()
	if refuse {
		return errors.New("simulated crash")
	}
	return s.Store.Apply(ctx, b)
}

func TestAnInterruptedWalkResumesFromThePageItReached(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	var busiest *simorg.Repo
	for _, r := range e.org.Repos(simorg.ForgeGitLab) {
		if busiest == nil || len(e.org.Data(r).Runs) > len(e.org.Data(busiest).Runs) {
			busiest = r
		}
	}
	if n := len(e.org.Data(busiest).Runs); n <= 25 {
		t.Fatalf("the busiest project has %d pipelines: too few for three pages of 10", n)
	}
	c := e.collector(t, busiest.Owner, testToken)
	c.pageSize = 10
	pages := 0
	store := &failingStore{Store: e.db, fail: func(b model.Batch) bool {
		if len(b.Runs) == 0 || b.Runs[0].RepoForgeID != busiest.ID {
			return false
		}
		pages++
		return pages == 3
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := c.Collect(ctx, store, collectors.RunOptions{Now: func() time.Time { return testNow }})
	if err != nil || sum.ReposFailed != 1 {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	cur, err := e.db.Cursor(ctx, "gl", busiest.FullName, model.ResourceRuns)
	if err != nil {
		t.Fatal(err)
	}
	if st := decodeState(cur.Position); st.Next != "3" || st.Since == 0 || !cur.Watermark.IsZero() {
		t.Fatalf("after two stored pages the cursor is %+v with state %+v", cur, st)
	}
	// Resuming must not start over: the first page now fails if asked for.
	e.sim.InjectFault(gitlabsim.Fault{Status: http.StatusInternalServerError, Times: -1,
		PathContains: fmt.Sprintf("/projects/%d/pipelines?order_by=updated_at&page=1&", busiest.ID)})
	sum, err = e.collect(t, c, collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("the resumed pass: summary %+v, err %v", sum, err)
	}
	e.sim.ClearFaults()
	e.checkGroundTruth(t, busiest.Owner)
	if cur, _ := e.db.Cursor(ctx, "gl", busiest.FullName, model.ResourceRuns); cur.Watermark.IsZero() || cur.Position != decodeState(cur.Position).encode() || decodeState(cur.Position).Next != "" {
		t.Fatalf("the finished walk left cursor %+v", cur)
	}
}
