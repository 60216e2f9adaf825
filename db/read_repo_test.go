package db

import (
	"context"
	"errors"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestRepoByName(t *testing.T) {
	ctx, d := setUp(t, fullBatch())
	r, err := d.RepoByName(ctx, "gh", "acme/payments")
	if err != nil || r.ForgeID != 101 || r.DefaultBranch != "main" || r.HTMLURL == "" {
		t.Errorf("got %+v, %v", r, err)
	}
	if _, err := d.RepoByName(ctx, "gh", "acme/nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repo: %v, want ErrNotFound", err)
	}
	if _, err := d.RepoByName(ctx, "gl", "acme/payments"); !errors.Is(err, ErrNotFound) {
		t.Errorf("repo of another source: %v, want ErrNotFound", err)
	}
}

func TestRepoActivity(t *testing.T) {
	d := openTest(t)
	b := fullBatch()
	apply(t, d, b)
	if err := d.ReplaceTeams(context.Background(), []Team{{Slug: "pay", Name: "Pay", Repos: []RepoRef{{"gh", 101}}}}); err != nil {
		t.Fatal(err)
	}
	a, err := d.RepoActivity(context.Background(), "gh", 101)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.RunsByConclusion) != 1 || a.RunsByConclusion[0] != (Tally{"success", 1}) {
		t.Errorf("runs = %+v", a.RunsByConclusion)
	}
	if len(a.Workflows) != 1 || a.Workflows[0].Name != "CI" || a.Workflows[0].Runs != 1 || a.Workflows[0].Succeeded != 1 {
		t.Errorf("workflows = %+v", a.Workflows)
	}
	if len(a.PRsByState) != 2 {
		t.Errorf("PRs = %+v", a.PRsByState)
	}
	want := map[PairTally]bool{{"fixed", "medium", 1}: true, {"open", "high", 1}: true}
	for _, f := range a.FindingsByOutcome {
		if !want[f] {
			t.Errorf("unexpected finding tally %+v", f)
		}
	}
	if len(a.DeploymentsByState) != 1 || a.DeploymentsByState[0] != (PairTally{"production", "success", 1}) {
		t.Errorf("deployments = %+v", a.DeploymentsByState)
	}
	if len(a.RecentPRs) != 2 || a.RecentPRs[0].Number != 13 || !a.RecentPRs[0].IsBot || a.RecentPRs[1].Title != "Add ledger" {
		t.Errorf("recent PRs = %+v, want newest first", a.RecentPRs)
	}
	if len(a.Cursors) != 1 || a.Cursors[0].Resource != model.ResourceRuns {
		t.Errorf("cursors = %+v", a.Cursors)
	}
	teams, err := d.RepoTeams(context.Background(), "gh", 101)
	if err != nil || len(teams) != 1 || teams[0] != "pay" {
		t.Errorf("teams = %v, %v", teams, err)
	}
	if _, err := d.RepoActivity(context.Background(), "gh", 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repo: %v", err)
	}
}
