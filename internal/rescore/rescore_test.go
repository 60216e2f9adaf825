package rescore_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

func run(t *testing.T, d *db.DB, asOf time.Time, teams []scoring.TeamSpec) rescore.Result {
	t.Helper()
	res, err := rescore.Run(context.Background(), d, rescore.Options{Teams: teams, Config: scoring.DefaultConfig(), AsOf: asOf, Weeks: 4})
	if err != nil {
		t.Fatalf("rescore: %v", err)
	}
	return res
}

func allScorecards(t *testing.T, d *db.DB, scope string) []db.StoredScorecard {
	t.Helper()
	return testkit.Scorecards(t, d, scope, time.Unix(0, 0), testNow.AddDate(1, 0, 0))
}

func TestRescoreStoresWeeklySnapshotsAndTheLatestForEveryScope(t *testing.T) {
	d := openTest(t)
	teams := []scoring.TeamSpec{{Name: "Payments Team", GitHubTeam: "payments"}, {Name: "Ledger", Repos: []string{"gh:acme/ledger"}}}
	asOf := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday

	res := run(t, d, asOf, teams)
	// scopes: org, payments-team (both repos via the GitHub team), ledger; nobody is unassigned.
	if res.Scopes != 3 || res.Repos != 2 {
		t.Fatalf("result %+v, want 3 scopes over 2 repos", res)
	}
	cards := allScorecards(t, d, "payments-team")
	if len(cards) != 6 { // 4 Mondays, the Wednesday and its baseline 7 days before
		t.Fatalf("payments-team has %d scorecards, want 6", len(cards))
	}
	if !cards[5].AsOf.Equal(asOf) || cards[4].AsOf.Weekday() != time.Monday {
		t.Errorf("as_of order: %v … %v", cards[4].AsOf, cards[5].AsOf)
	}
	if !cards[3].AsOf.Equal(asOf.AddDate(0, 0, -7)) || !rescore.BaselineOf(asOf).Equal(cards[3].AsOf) {
		t.Errorf("no change baseline 7 days before as_of: %v", cards[3].AsOf)
	}
	if !bytes.Contains(cards[5].Body, []byte(`"name":"Payments Team"`)) {
		t.Errorf("scorecard body lacks the team name: %.200s", cards[5].Body)
	}
	stored, err := d.Teams(context.Background())
	if err != nil || len(stored) != 2 {
		t.Fatalf("teams %v, %v; want the 2 config teams", stored, err)
	}
}

func TestRescoreIsIdempotentAndDropsTheSupersededLatest(t *testing.T) {
	d := openTest(t)
	wed := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	run(t, d, wed, nil)
	first := allScorecards(t, d, db.OrgScope)
	run(t, d, wed, nil)
	second := allScorecards(t, d, db.OrgScope)
	if len(first) != len(second) {
		t.Fatalf("rescoring again changed the row count: %d → %d", len(first), len(second))
	}
	for i := range first {
		if !bytes.Equal(first[i].Body, second[i].Body) {
			t.Fatalf("rescoring again changed scorecard %d", i)
		}
	}

	thu := wed.AddDate(0, 0, 1)
	run(t, d, thu, nil)
	cards := allScorecards(t, d, db.OrgScope)
	for _, c := range cards {
		if c.AsOf.Equal(wed) {
			t.Fatalf("the Wednesday scorecard survived a later rescore")
		}
	}
	if last := cards[len(cards)-1]; !last.AsOf.Equal(thu) {
		t.Errorf("latest scorecard at %v, want %v", last.AsOf, thu)
	}
}

func TestRescoreKeysAndLabelsTheLatestScorecardByTheSameSecond(t *testing.T) {
	d := openTest(t)
	asOf := time.Date(2026, 3, 4, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))
	run(t, d, asOf, nil)
	latest, err := d.LatestScorecard(context.Background(), db.OrgScope)
	if err != nil {
		t.Fatal(err)
	}
	want := asOf.UTC().Truncate(time.Second)
	if !latest.AsOf.Equal(want) || !bytes.Contains(latest.Body, []byte(`"as_of":"2026-03-04T11:00:00Z"`)) {
		t.Errorf("stored at %v with body %.120s; want %v in both", latest.AsOf, latest.Body, want)
	}
}

// The change baseline is the scorecard a rescore at as_of − 7 days computes from the
// same facts, whatever snapshot happens to come before as_of.
func TestRescoreStoresTheChangeBaselineAsAScorecardAtAsOfMinus7Days(t *testing.T) {
	d := openTest(t)
	asOf := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	run(t, d, asOf, nil)
	var baseline []byte
	for _, c := range allScorecards(t, d, db.OrgScope) {
		if c.AsOf.Equal(rescore.BaselineOf(asOf)) {
			baseline = c.Body
		}
	}
	if baseline == nil {
		t.Fatal("no scorecard at as_of − 7 days")
	}
	fresh := openTest(t)
	run(t, fresh, rescore.BaselineOf(asOf), nil)
	var direct []byte
	for _, c := range allScorecards(t, fresh, db.OrgScope) {
		if c.AsOf.Equal(rescore.BaselineOf(asOf)) {
			direct = c.Body
		}
	}
	if !bytes.Equal(direct, baseline) {
		t.Errorf("baseline differs from a rescore at its instant:\n%.300s\n%.300s", baseline, direct)
	}
}
