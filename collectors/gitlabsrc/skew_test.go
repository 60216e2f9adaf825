package gitlabsrc

import (
	"context"
	"github.com/paved-dev/paved/model"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
)

// A pipeline stamped a day ahead (a forge clock that jumped) must not carry
// the watermark past the pass's own clock: a pipeline of the next hour is
// still read by the next pass.
func TestASkewedPipelineCannotPushTheWatermarkPastNow(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	const project = "acme-gl/payments/ledger"
	if _, err := e.org.AddRun(project, testNow.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c := e.collector(t, "acme-gl/payments", testToken)
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if w := e.watermark(t, project, model.ResourceRuns); w.After(testNow) {
		t.Fatalf("runs watermark %v is past the pass's clock %v", w, testNow)
	}
	run, err := e.org.AddRun(project, testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	later := testNow.Add(2 * time.Hour)
	if _, err := e.collect(t, c, collectors.RunOptions{Now: func() time.Time { return later }}); err != nil {
		t.Fatal(err)
	}
	if n := e.queryInt(t, `SELECT count(*) FROM runs WHERE forge_id = ?`, run.ID); n != 1 {
		t.Fatalf("the pipeline of the next hour was skipped (%d rows)", n)
	}
}

func (e *env) watermark(t *testing.T, repo, resource string) time.Time {
	t.Helper()
	cur, err := e.db.Cursor(context.Background(), "gl", repo, resource)
	if err != nil {
		t.Fatal(err)
	}
	return cur.Watermark
}
