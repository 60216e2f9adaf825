package rescore_test

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/internal/testkit/sample"
)

// testNow and fullBatch are the sample the store's own tests store too.
var (
	testNow   = sample.Now
	fullBatch = sample.FullBatch
)

// openTest opens a fresh database in the test's temp dir, with fullBatch stored.
func openTest(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := testkit.OpenDB(t, db.WithNow(func() time.Time { return testNow }))
	if err := d.Apply(ctx, fullBatch()); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return d
}
