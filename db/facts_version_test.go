package db

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/model"
)

// versionsOf reads every repo's state as a rescore does, with the index stored
// under key where one matches.
func versionsOf(t *testing.T, d *DB, key string) map[string]RepoState {
	t.Helper()
	out := map[string]RepoState{}
	pick := func(states []RepoState) ([]int, error) {
		for _, s := range states {
			out[s.Repo.FullName] = s
		}
		return nil, nil
	}
	err := d.EachFactsIndexed(context.Background(), 8, key, pick, func(*model.Facts) error {
		t.Fatal("facts read though none were asked for")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A batch moves the facts version of each repo it writes facts of, once per
// batch; a batch of repo records alone (a re-listed organisation) moves none.
func TestApplyMovesTheFactsVersionOfReposWhoseFactsItWrites(t *testing.T) {
	d := openTest(t)
	apply(t, d, fullBatch())
	v := versionsOf(t, d, "")
	if v["acme/payments"].Version != 1 || v["acme/ledger"].Version != 1 {
		t.Fatalf("versions after the sample: %d and %d, want 1 and 1", v["acme/payments"].Version, v["acme/ledger"].Version)
	}
	b := fullBatch()
	apply(t, d, model.Batch{Source: "gh", Repos: b.Repos, Teams: b.Teams, Cursors: b.Cursors})
	apply(t, d, model.Batch{Source: "gh", DeploymentStatuses: []model.DeploymentStatus{{RepoForgeID: 101,
		DeploymentForgeID: 600, ForgeID: 6003, State: "failure", CreatedAt: at(1)}}})
	v = versionsOf(t, d, "")
	if v["acme/payments"].Version != 2 || v["acme/ledger"].Version != 1 {
		t.Errorf("versions: %d and %d, want 2 (a later status) and 1 (its repo record only)", v["acme/payments"].Version, v["acme/ledger"].Version)
	}
}

// A stored index is read back only under its key and while the repo's facts
// version is the one it was stored at.
func TestStoredIndexIsReadOnlyAtItsVersionAndKey(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	apply(t, d, fullBatch())
	v := versionsOf(t, d, "")
	pay := v["acme/payments"]
	w := ScorecardWrite{Scopes: []string{OrgScope}, Key: "k", IndexKey: "cfg",
		Indexes: []RepoIndex{{RepoID: pay.ID, Version: pay.Version, Body: []byte("index")}}}
	if err := d.WriteScorecards(ctx, w, func(ScorecardSink) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := versionsOf(t, d, "cfg")["acme/payments"].Index; string(got) != "index" {
		t.Errorf("index under its key = %q, want %q", got, "index")
	}
	if got := versionsOf(t, d, "other")["acme/payments"].Index; got != nil {
		t.Errorf("index under another key = %q, want none", got)
	}
	if got := versionsOf(t, d, "")["acme/payments"].Index; got != nil {
		t.Errorf("index under no key = %q, want none", got)
	}
	apply(t, d, model.Batch{Source: "gh", Runs: fullBatch().Runs[:1]})
	if got := versionsOf(t, d, "cfg")["acme/payments"].Index; got != nil {
		t.Errorf("index after the repo's facts moved = %q, want none", got)
	}
}
