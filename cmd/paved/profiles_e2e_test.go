package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

// TestSimulatedProfilesShowInTheTrends checks the whole pipeline end to end: the
// simulated teams' maturity profiles, collected through the real GitHub collector and
// scored over 52 weekly snapshots, trend in the direction each profile was built to.
func TestSimulatedProfilesShowInTheTrends(t *testing.T) {
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	if _, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfg); code != 0 {
		t.Fatalf("collect exited %d: %s", code, stderr)
	}
	// The config above maps only one team; rescore with every GitHub team of the org.
	var teams []scoring.TeamSpec
	for _, tm := range f.org.Teams() {
		if tm.GitHub {
			teams = append(teams, scoring.TeamSpec{Name: tm.Name, Slug: tm.Slug, GitHubTeam: tm.Slug})
		}
	}
	d := testkit.OpenDBAt(t, f.dbPath())
	if _, err := rescore.Run(context.Background(), d, rescore.Options{Teams: teams, Config: scoring.DefaultConfig(), AsOf: e2eNow}); err != nil {
		t.Fatal(err)
	}
	checked := map[string]int{}
	for _, tm := range f.org.Teams() {
		if !tm.GitHub {
			continue
		}
		want := 0
		switch tm.Profile.Name {
		case simorg.ProfileImproving:
			want = 1
		case simorg.ProfileRegressing:
			want = -1
		default:
			continue
		}
		early, late := scoreMeans(t, d, tm.Slug)
		t.Logf("%s (%s): mean score %.1f in the first 8 weeks, %.1f in the last 8", tm.Slug, tm.Profile.Name, early, late)
		if want > 0 && !(late > early) {
			t.Errorf("improving team %s did not trend up: %.1f → %.1f", tm.Slug, early, late)
		}
		if want < 0 && !(late < early) {
			t.Errorf("regressing team %s did not trend down: %.1f → %.1f", tm.Slug, early, late)
		}
		checked[tm.Profile.Name]++
	}
	if checked[simorg.ProfileImproving] == 0 || checked[simorg.ProfileRegressing] == 0 {
		t.Fatalf("the org lacks improving or regressing GitHub teams: %v", checked)
	}
}

// scoreMeans is the mean score of the first and the last 8 weekly snapshots.
func scoreMeans(t *testing.T, d *db.DB, scope string) (early, late float64) {
	t.Helper()
	rows, err := d.Reader().Query(`SELECT as_of, body FROM scorecards WHERE scope = ? AND as_of BETWEEN ? AND ? ORDER BY as_of`,
		scope, e2eNow.AddDate(-1, 0, -7).Unix(), e2eNow.Unix())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var weekly []scoring.Scorecard
	for rows.Next() {
		var asOf int64
		var body string
		if err := rows.Scan(&asOf, &body); err != nil {
			t.Fatal(err)
		}
		if at := time.Unix(asOf, 0).UTC(); at.Weekday() != time.Monday || at.Hour() != 0 {
			continue
		}
		var sc scoring.Scorecard
		if err := json.Unmarshal([]byte(body), &sc); err != nil {
			t.Fatal(err)
		}
		weekly = append(weekly, sc)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(weekly) != 52 {
		t.Fatalf("%s has %d weekly snapshots, want 52", scope, len(weekly))
	}
	mean := func(cs []scoring.Scorecard) float64 {
		var sum float64
		for _, c := range cs {
			if c.Score != nil {
				sum += float64(*c.Score)
			}
		}
		return sum / float64(len(cs))
	}
	return mean(weekly[:8]), mean(weekly[44:])
}
