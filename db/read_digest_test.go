package db

import (
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

func TestOverdueByScope(t *testing.T) {
	ctx, d := setUp(t)
	const src = "gh"
	// testNow is the instant asked about; at(n) is n days before it.
	f := func(repo int64, id, sev, outcome string, created, due, resolved time.Time) model.Finding {
		return model.Finding{Source: src, RepoForgeID: repo, Kind: "code_scanning", ForgeID: id, Category: "sast",
			Severity: sev, Outcome: outcome, Rule: "rule-" + id, CreatedAt: created, DueAt: due.AddDate(1, 0, 0), ResolvedAt: resolved}
	}
	apply(t, d, model.Batch{
		Source: src,
		Repos: []model.Repo{
			{Source: src, ForgeID: 1, FullName: "acme/pay"},
			{Source: src, ForgeID: 2, FullName: "acme/shared"},
			{Source: src, ForgeID: 3, FullName: "acme/infra"},
		},
		Findings: []model.Finding{
			f(1, "1", "high", "open", at(60), at(30), time.Time{}),     // overdue 30 days
			f(1, "2", "critical", "open", at(20), at(5), time.Time{}),  // overdue 5 days, critical first
			f(1, "3", "high", "fixed", at(60), at(30), at(-1)),         // fixed after the instant: still open then
			f(1, "4", "high", "fixed", at(60), at(30), at(1)),          // fixed before the instant
			f(1, "5", "high", "open", at(10), at(-20), time.Time{}),    // not yet due
			f(1, "6", "medium", "open", at(200), at(110), time.Time{}), // not critical/high
			f(1, "7", "high", "open", at(-2), at(-32), time.Time{}),    // created after the instant
			f(1, "8", "high", "excluded", at(60), at(30), at(2)),       // excluded
			f(1, "9", "high", "fixed", at(60), at(30), time.Time{}),    // fixed at an unknown time
			f(2, "1", "critical", "open", at(40), at(25), time.Time{}), // in a repo two teams share
			f(3, "1", "high", "risk_accepted", at(90), at(60), at(-3)), // accepted after the instant
		},
	})
	if err := d.ReplaceTeams(ctx, []Team{
		{Slug: "payments", Name: "Payments", Repos: []RepoRef{{src, 1}, {src, 2}}},
		{Slug: "platform", Name: "Platform", Repos: []RepoRef{{src, 2}, {src, 3}}},
		{Slug: "quiet", Name: "Quiet"},
	}); err != nil {
		t.Fatal(err)
	}

	got, err := d.OverdueByScope(ctx, scoring.DefaultConfig(), testNow, 2)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		critical, high int
		worst          []string // repo#id
	}
	wants := map[string]want{
		OrgScope:   {2, 3, []string{"acme/shared#1", "acme/pay#2"}},
		"payments": {2, 2, []string{"acme/shared#1", "acme/pay#2"}},
		"platform": {1, 1, []string{"acme/shared#1", "acme/infra#1"}},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d scopes (%+v), want org, payments and platform only", len(got), got)
	}
	for i, s := range got {
		if i > 0 && got[i-1].Scope >= s.Scope {
			t.Errorf("scopes not ordered by slug: %q before %q", got[i-1].Scope, s.Scope)
		}
		w, ok := wants[s.Scope]
		if !ok {
			t.Errorf("unexpected scope %q", s.Scope)
			continue
		}
		if s.Critical != w.critical || s.High != w.high {
			t.Errorf("%s: %d critical, %d high; want %d, %d", s.Scope, s.Critical, s.High, w.critical, w.high)
		}
		var worst []string
		for _, f := range s.Worst {
			worst = append(worst, f.FullName+"#"+f.ForgeID)
		}
		if len(worst) != len(w.worst) {
			t.Errorf("%s: worst = %v, want %v", s.Scope, worst, w.worst)
			continue
		}
		for j := range worst {
			if worst[j] != w.worst[j] {
				t.Errorf("%s: worst = %v, want %v", s.Scope, worst, w.worst)
				break
			}
		}
	}
	if w := got[0].Worst; len(w) > 0 && (w[0].Rule != "rule-1" || !w[0].DueAt.Equal(at(25)) || w[0].DaysOverdue != 25) {
		t.Errorf("worst finding fields not read back: %+v", w[0])
	}
	if got[0].OldestDays != 60 {
		t.Errorf("org's oldest overdue = %d days, want 60 (acme/infra#1, due 60 days before and accepted only after)", got[0].OldestDays)
	}

	// A longer SLA in force moves every due date, stored findings included.
	cfg := scoring.DefaultConfig()
	cfg.SLADays.High = 70
	later, err := d.OverdueByScope(ctx, cfg, testNow, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(later) != 3 || later[0].Scope != OrgScope || later[0].Critical != 2 || later[0].High != 1 {
		t.Errorf("with high SLA 70 days: %+v, want the org's 2 critical and only the high accepted 3 days after it (created 90 days before)", later)
	}
}
