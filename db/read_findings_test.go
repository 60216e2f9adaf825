package db

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// overdueBatch holds two repos with findings on each side of the overdue line.
func overdueBatch() model.Batch {
	// The due date is created_at plus the SLA in force (scoring.DefaultConfig here);
	// the due_at a collection stored is deliberately wrong, and must not count.
	f := func(repo int64, id, sev, outcome string, dueDays int) model.Finding {
		return model.Finding{Source: "gh", RepoForgeID: repo, Kind: "code_scanning", ForgeID: id, Category: "sast",
			Severity: sev, Outcome: outcome, Rule: "rule-" + id, RuleText: "text " + id,
			CreatedAt: at(dueDays + model.DefaultSLADays.Days(sev)), DueAt: testNow.AddDate(1, 0, 0)}
	}
	return model.Batch{
		Source: "gh",
		Repos: []model.Repo{
			{Source: "gh", ForgeID: 1, FullName: "acme/api"},
			{Source: "gh", ForgeID: 2, FullName: "acme/web"},
		},
		Findings: []model.Finding{
			f(1, "1", "critical", "open", 10), // overdue 10 days
			f(1, "2", "high", "open", 2),      // overdue 2 days
			f(1, "3", "high", "open", -5),     // due in 5 days
			f(1, "4", "medium", "open", 30),   // overdue but medium
			f(1, "5", "critical", "fixed", 30),
			f(2, "6", "high", "open", 20), // overdue 20 days
		},
	}
}

func TestOverdueFindings(t *testing.T) {
	ctx, d := setUp(t, overdueBatch())
	for _, tc := range []struct {
		name      string
		repos     []string
		limit     int
		wantRules []string
		wantTotal int
	}{
		{"every repo lists open critical and high findings past due, most overdue first", nil, 10, []string{"rule-6", "rule-1", "rule-2"}, 3},
		{"a repo filter keeps only those repos", []string{"gh:acme/api"}, 10, []string{"rule-1", "rule-2"}, 2},
		{"the limit cuts the list but not the total", nil, 1, []string{"rule-6"}, 3},
		{"an empty filter matches nothing", []string{}, 10, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := d.OverdueFindings(ctx, scoring.DefaultConfig(), tc.repos, testNow, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var rules []string
			for _, f := range got {
				rules = append(rules, f.Rule)
			}
			if total != tc.wantTotal || len(rules) != len(tc.wantRules) {
				t.Fatalf("rules %v total %d, want %v total %d", rules, total, tc.wantRules, tc.wantTotal)
			}
			for i := range rules {
				if rules[i] != tc.wantRules[i] {
					t.Errorf("rules = %v, want %v", rules, tc.wantRules)
				}
			}
		})
	}
	got, _, err := d.OverdueFindings(ctx, scoring.DefaultConfig(), nil, testNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	if f := got[0]; f.Source != "gh" || f.FullName != "acme/web" || f.RuleText != "text 6" || !f.DueAt.Equal(at(20)) || !f.CreatedAt.Equal(at(50)) || f.DaysOverdue != 20 {
		t.Errorf("first finding = %+v", f)
	}
}

func TestOverdueByRepo(t *testing.T) {
	d := openTest(t)
	apply(t, d, overdueBatch())
	got, err := d.OverdueByRepo(context.Background(), scoring.DefaultConfig(), nil, testNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if r := got[0]; r.FullName != "acme/api" || r.Critical != 1 || r.High != 1 || !r.OldestDue.Equal(at(10)) {
		t.Errorf("first = %+v, want acme/api with 1 critical and 1 high", r)
	}
	if r := got[1]; r.FullName != "acme/web" || r.Critical != 0 || r.High != 1 {
		t.Errorf("second = %+v", r)
	}
	later, err := d.OverdueByRepo(context.Background(), scoring.DefaultConfig(), []string{"gh:acme/web"}, testNow.Add(-15*24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(later) != 1 || later[0].High != 1 {
		t.Errorf("at an earlier instant with a filter: %+v", later)
	}
}

// The overdue lists judge the very facts the scorecards are computed from: over
// every finding LoadFacts gives scoring, the ones scoring calls overdue are the ones
// OverdueFindings lists, under any SLA.
func TestOverdueFindingsAgreeWithLoadedFacts(t *testing.T) {
	d := openTest(t)
	b := overdueBatch()
	b.Findings = append(b.Findings,
		model.Finding{Source: "gh", RepoForgeID: 2, Kind: "dependabot", ForgeID: "7", Category: "sca", Severity: "high",
			Outcome: "risk_accepted", CreatedAt: at(80), ResolvedAt: at(-1)},
		model.Finding{Source: "gh", RepoForgeID: 2, Kind: "dependabot", ForgeID: "8", Category: "sca", Severity: "critical",
			Outcome: "excluded", CreatedAt: at(80), ResolvedAt: at(-1)},
		model.Finding{Source: "gh", RepoForgeID: 2, Kind: "dependabot", ForgeID: "9", Category: "sca", Severity: "critical",
			Outcome: "fixed", CreatedAt: at(80)},
	)
	apply(t, d, b)
	ctx := context.Background()
	facts, err := d.LoadFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sla := range []int{1, 15, 30, 45, 75} {
		cfg := scoring.DefaultConfig()
		cfg.SLADays.Critical, cfg.SLADays.High = sla, 2*sla
		for _, instant := range []time.Time{testNow, at(10), at(-20)} {
			want := map[string]bool{}
			for _, r := range facts.Repos {
				for _, f := range r.Findings {
					if (f.Severity == "critical" || f.Severity == "high") && cfg.OverdueAt(f, instant) {
						want[r.FullName+"#"+f.ID] = true
					}
				}
			}
			got, total, err := d.OverdueFindings(ctx, cfg, nil, instant, 100)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(want) || len(got) != total {
				t.Errorf("SLA %d/%d at %s: listed %d (total %d), scoring over the loaded facts says %d",
					sla, 2*sla, instant.Format(time.DateOnly), len(got), total, len(want))
			}
			for _, f := range got {
				if !want[f.FullName+"#"+f.Kind+"/"+f.ForgeID] {
					t.Errorf("SLA %d at %s: %s/%s listed but not overdue in the facts", sla, instant.Format(time.DateOnly), f.Kind, f.ForgeID)
				}
			}
		}
	}
}
