package db

import (
	"context"
	"slices"
	"testing"

	"github.com/paved-dev/paved/scoring"
)

func TestRepoOpenFindings(t *testing.T) {
	d := openTest(t)
	apply(t, d, overdueBatch())
	ctx := context.Background()
	rules := func(fs []OpenFinding) (out []string) {
		for _, f := range fs {
			out = append(out, f.Rule)
		}
		return out
	}
	t.Run("every open finding of the repo, any severity, the overdue first and most overdue first", func(t *testing.T) {
		got, total, err := d.RepoOpenFindings(ctx, scoring.DefaultConfig(), "gh", "acme/api", testNow, 10)
		if err != nil {
			t.Fatal(err)
		}
		// rule-5 is fixed; rule-6 is another repo's.
		if want := []string{"rule-4", "rule-1", "rule-2", "rule-3"}; !slices.Equal(rules(got), want) || total != 4 {
			t.Fatalf("rules %v total %d, want %v total 4", rules(got), total, want)
		}
		if f := got[0]; !f.Overdue || f.DaysOverdue != 30 || f.Severity != "medium" {
			t.Errorf("most overdue = %+v", f)
		}
		if f := got[3]; f.Overdue || f.DaysOverdue != 0 || !f.DueAt.Equal(at(-5)) {
			t.Errorf("not yet due = %+v", f)
		}
	})
	t.Run("the limit cuts the list but not the total", func(t *testing.T) {
		got, total, err := d.RepoOpenFindings(ctx, scoring.DefaultConfig(), "gh", "acme/api", testNow, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rules(got), []string{"rule-4"}) || total != 4 {
			t.Errorf("rules %v total %d", rules(got), total)
		}
	})
	t.Run("a repo of another source has none", func(t *testing.T) {
		got, total, err := d.RepoOpenFindings(ctx, scoring.DefaultConfig(), "gl", "acme/api", testNow, 10)
		if err != nil || len(got) != 0 || total != 0 {
			t.Errorf("got %v total %d err %v", got, total, err)
		}
	})
}
