package rescore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/benchdb"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

var simNow = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)

// storedRows is every stored scorecard, in key order, as one string per row.
func storedRows(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Reader().Query(`SELECT scope, as_of, COALESCE(level, -1), COALESCE(score, -1), body FROM scorecards ORDER BY scope, as_of`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var scope, body string
		var at, level, score int64
		if err := rows.Scan(&scope, &at, &level, &score, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s@%d level %d score %d %s", scope, at, level, score, body))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// After an incremental collection, an incremental rescore stores exactly what a
// full rescore of the same facts stores, every scorecard byte for byte, while
// computing fewer. The pass brings a new run, a fix, and a later status that turns
// a production deployment of weeks ago into a failure (the model reaches back: a
// deployment's outcome is its latest status, in every week that holds it).
func TestIncrementalRescoreStoresWhatAFullRescoreStores(t *testing.T) {
	ctx := context.Background()
	org := simorg.Generate(7, simorg.ScaleSmall, simNow)
	d := testkit.OpenDB(t, db.WithNow(func() time.Time { return simNow }))
	collect, stop, err := benchdb.StartGitHub(ctx, d, org)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := collect(ctx, simNow); err != nil {
		t.Fatal(err)
	}
	opts := rescore.Options{Teams: benchdb.Teams(org), Config: scoring.DefaultConfig(), AsOf: simNow, Weeks: 12}
	if _, err := rescore.Run(ctx, d, opts); err != nil {
		t.Fatal(err)
	}

	before := storedRows(t, d)
	later := simNow.Add(26 * time.Hour)
	repos := org.Repos(simorg.ForgeGitHub)
	if _, err := org.AddRun(repos[0].FullName, later.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	flipped := false
	for _, r := range repos[1:] {
		for _, dep := range org.Data(r).Deployments {
			if age := simNow.Sub(dep.CreatedAt); !flipped && age > 30*24*time.Hour && age < 60*24*time.Hour && dep.LatestState() == "success" && dep.Environment == "production" {
				if err := org.AddDeploymentStatus(r.FullName, dep.ID, "failure", later.Add(-time.Hour)); err != nil {
					t.Fatal(err)
				}
				flipped = true
			}
		}
	}
	if !flipped {
		t.Fatal("no production deployment 30 to 60 days old to flip")
	}
	if err := collect(ctx, later); err != nil {
		t.Fatal(err)
	}

	opts.AsOf = later
	inc, err := rescore.Run(ctx, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	incremental := storedRows(t, d)
	opts.Full = true
	full, err := rescore.Run(ctx, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := storedRows(t, d)
	if len(incremental) != len(want) {
		t.Fatalf("incremental stored %d scorecards, full %d", len(incremental), len(want))
	}
	for i := range want {
		if incremental[i] != want[i] {
			t.Fatalf("scorecard %d differs:\nincremental %.400s\nfull        %.400s", i, incremental[i], want[i])
		}
	}
	// 12 weeks + as_of + its baseline for every scope; the incremental rescore
	// kept those of the weeks and scopes the changes cannot reach.
	if all := full.Scopes * 14; full.Scorecards != all || full.Kept != 0 {
		t.Errorf("full rescore computed %d and kept %d scorecards, want %d and 0", full.Scorecards, full.Kept, all)
	}
	if inc.Scorecards+inc.Kept != full.Scorecards || inc.Kept == 0 || inc.Scorecards < 2*inc.Scopes {
		t.Errorf("incremental computed %d and kept %d of %d (every scope at as_of and its baseline at least)", inc.Scorecards, inc.Kept, full.Scorecards)
	}
	// The flipped deployment reaches back: weekly snapshots stored before the pass
	// changed, and the incremental rescore recomputed each of them.
	byKey := map[string]string{}
	for _, r := range before {
		byKey[strings.SplitN(r, " ", 2)[0]] = r
	}
	changedWeeks := 0
	for _, r := range want {
		if old, ok := byKey[strings.SplitN(r, " ", 2)[0]]; ok && old != r {
			changedWeeks++
		}
	}
	if changedWeeks == 0 || inc.Scorecards < 2*inc.Scopes+changedWeeks {
		t.Errorf("%d weekly snapshots changed, the incremental rescore computed %d scorecards for %d scopes", changedWeeks, inc.Scorecards, inc.Scopes)
	}
	t.Logf("incremental: %d computed, %d kept of %d", inc.Scorecards, inc.Kept, full.Scorecards)
}
