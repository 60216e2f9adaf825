package db

import (
	"context"
	"testing"
	"time"
)

func TestScorecardVersionsAndSummaries(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	one, two := 1, 2
	monday := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	body := func(level int) []byte {
		return []byte(`{"team":{"slug":"x"},"dimensions":{"automation":{"level":` + readDigit(level) + `,"status":"ok","metrics":{}}},"repos":[{"repo":"gh:a"}]}`)
	}
	cards := []StoredScorecard{
		{Scope: "org", AsOf: monday, Level: &one, Score: &one, Body: body(1)},
		{Scope: "org", AsOf: monday.Add(7 * 24 * time.Hour), Level: &two, Score: &two, Body: body(2)},
		{Scope: "org", AsOf: monday.Add(9 * 24 * time.Hour), Level: &two, Body: body(2)},
		{Scope: "pay", AsOf: monday, Body: body(0)},
	}
	if err := d.SaveScorecards(ctx, cards); err != nil {
		t.Fatal(err)
	}
	vs, err := d.ScorecardVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Three writes to org's scorecards, one to pay's.
	if len(vs) != 2 || vs[0] != (ScopeVersion{"org", monday.Add(9 * 24 * time.Hour), 3, 3}) || vs[1] != (ScopeVersion{"pay", monday, 1, 1}) {
		t.Errorf("versions = %+v", vs)
	}
	// Rewriting the same instant keeps instant and count but bumps the generation.
	if err := d.SaveScorecards(ctx, cards[3:]); err != nil {
		t.Fatal(err)
	}
	if vs, err := d.ScorecardVersions(ctx); err != nil || vs[1] != (ScopeVersion{"pay", monday, 1, 2}) {
		t.Errorf("after rewriting pay's scorecard: versions = %+v, %v", vs, err)
	}
	sums, err := d.ScorecardSummaries(ctx, "org", monday.Add(time.Hour), monday.Add(30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || !sums[0].AsOf.Equal(monday.Add(7*24*time.Hour)) || *sums[0].Level != 2 || sums[1].Score != nil {
		t.Fatalf("summaries = %+v", sums)
	}
	if got := string(sums[0].Dimensions); got != `{"automation":{"level":2,"status":"ok","metrics":{}}}` {
		t.Errorf("dimensions = %s, want the dimensions object alone", got)
	}
}

func TestTeamNamesAndSourceKinds(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if err := d.ReplaceTeams(ctx, []Team{{Slug: "b", Name: "Bee"}, {Slug: "a", Name: `O'Brien "Core"`}}); err != nil {
		t.Fatal(err)
	}
	names, err := d.TeamNames(ctx)
	if err != nil || len(names) != 2 || names[0] != (TeamName{"a", `O'Brien "Core"`}) || names[1].Slug != "b" {
		t.Errorf("names = %+v, %v", names, err)
	}
	if err := d.UpsertSource(ctx, "gl", "gitlab", "https://gitlab.example/", "acme"); err != nil {
		t.Fatal(err)
	}
	kinds, err := d.SourceKinds(ctx)
	if err != nil || len(kinds) != 1 || kinds["gl"] != "gitlab" {
		t.Errorf("kinds = %v, %v", kinds, err)
	}
}

func readDigit(n int) string { return string(rune('0' + n)) }
