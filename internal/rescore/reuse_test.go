package rescore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/internal/testkit/sample"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// incrementalLikeFull rescores incrementally, then fully, and fails unless both
// stored the same scorecards, byte for byte. It returns the incremental result
// and the rows it stored.
func incrementalLikeFull(t *testing.T, d *db.DB, opts rescore.Options) (rescore.Result, []string) {
	t.Helper()
	ctx := context.Background()
	opts.Full = false
	inc, err := rescore.Run(ctx, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := storedRows(t, d)
	opts.Full = true
	if _, err := rescore.Run(ctx, d, opts); err != nil {
		t.Fatal(err)
	}
	if want := storedRows(t, d); !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("scorecard %d differs:\nincremental %.400s\nfull        %.400s", i, got[i], want[i])
			}
		}
		t.Fatalf("incremental stored %d scorecards, full %d", len(got), len(want))
	}
	return inc, got
}

func reuseOptions() rescore.Options {
	return rescore.Options{Teams: []scoring.TeamSpec{{Name: "Payments", GitHubTeam: "payments"}},
		Config: scoring.DefaultConfig(), AsOf: testNow, Weeks: 8}
}

func apply(t *testing.T, d *db.DB, b model.Batch) {
	t.Helper()
	b.Source = "gh"
	if err := d.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// At the same as_of, only a repo's facts version tells a rescore that its facts
// changed: every instant is in the memo. A later failure status turns a
// deployment of 3 days ago into a failure, and a finding fixed 15 days ago (as the
// forge reports it now) leaves the weeks since; the incremental rescore stores
// what a full one stores each time, and the change shows in those weeks.
func TestIncrementalRescoreSeesWhatOnlyTheFactsVersionReveals(t *testing.T) {
	d := openTest(t)
	opts := reuseOptions()
	_, before := incrementalLikeFull(t, d, opts)
	for _, step := range []struct {
		name  string
		batch model.Batch
	}{
		{"a later failure status", model.Batch{DeploymentStatuses: []model.DeploymentStatus{{Source: "gh", RepoForgeID: 101,
			DeploymentForgeID: 600, ForgeID: 6003, State: "failure", CreatedAt: sample.At(1)}}}},
		{"a finding fixed in the past", model.Batch{Findings: []model.Finding{{Source: "gh", RepoForgeID: 101, Kind: "code_scanning",
			ForgeID: "1", Category: "sast", Severity: "high", State: "fixed", Outcome: "fixed", CreatedAt: sample.At(20),
			UpdatedAt: sample.At(1), ResolvedAt: sample.At(15), DueAt: sample.At(-10)}}}},
	} {
		apply(t, d, step.batch)
		inc, after := incrementalLikeFull(t, d, opts)
		changed := 0
		for i := range after {
			if i < len(before) && after[i] != before[i] {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("%s: no stored scorecard changed; the step tests nothing", step.name)
		}
		if inc.Kept == 0 || inc.Scorecards < changed {
			t.Errorf("%s: incremental computed %d and kept %d; %d scorecards changed", step.name, inc.Scorecards, inc.Kept, changed)
		}
		before = after
	}
}

// Another config (here SLA days) makes every stored index and fingerprint stale:
// the rescore after it stores what a full one stores.
func TestIncrementalRescoreAfterAConfigChange(t *testing.T) {
	d := openTest(t)
	opts := reuseOptions()
	_, before := incrementalLikeFull(t, d, opts)
	opts.Config.SLADays.High = 5 // the open high finding of 20 days ago is overdue
	_, after := incrementalLikeFull(t, d, opts)
	if slices.Equal(before, after) {
		t.Error("the SLA change changed no scorecard; the test tests nothing")
	}
}

// A stored index that does not decode, or that is of the repo as it was (another
// default branch), is not used: the rescore reads the repo's facts instead.
func TestIncrementalRescoreDistrustsStoredIndexes(t *testing.T) {
	for name, damage := range map[string]string{
		"corrupt body":          `UPDATE repo_indexes SET body = substr(body, 1, length(body) - 1)`,
		"default branch moved":  `UPDATE repos SET default_branch = 'release' WHERE forge_id = 101`,
		"written by an old key": `UPDATE repo_indexes SET key = 'old'`,
	} {
		t.Run(name, func(t *testing.T) {
			d := openTest(t)
			opts := reuseOptions()
			_, before := incrementalLikeFull(t, d, opts)
			if _, err := testkit.RawWriter(t, d).Exec(damage); err != nil {
				t.Fatal(err)
			}
			_, after := incrementalLikeFull(t, d, opts)
			if name == "default branch moved" && slices.Equal(before, after) {
				t.Error("moving the default branch changed no scorecard; the case tests nothing")
			}
		})
	}
}

// A rescore that finds another one wrote since it read the memo drops the stored
// indexes it did not build, so the next one reads every repo's facts.
func TestARescoreWriteInBetweenDropsStoredIndexes(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	opts := reuseOptions()
	incrementalLikeFull(t, d, opts)
	memo, err := d.RescoreMemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stale := db.ScorecardWrite{Scopes: []string{db.OrgScope, "payments"}, Instants: rescore.Instants(opts.AsOf, opts.Weeks),
		Key: memo.Key, Generation: memo.Generation - 1}
	if err := d.WriteScorecards(ctx, stale, func(db.ScorecardSink) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.Reader().QueryRow(`SELECT count(*) FROM repo_indexes`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d stored indexes (%v) after a write from an older generation, want 0", n, err)
	}
	incrementalLikeFull(t, d, opts)
	if err := d.Reader().QueryRow(`SELECT count(*) FROM repo_indexes`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d stored indexes (%v) after a full rescore, want the 2 repos'", n, err)
	}
}
