package db

import (
	"slices"
	"testing"

	"github.com/paved-dev/paved/scoring"
)

func TestRepoOpenFindings(t *testing.T) {
	ctx, d := setUp(t, overdueBatch())
	rules := func(fs []OpenFinding) (out []string) {
		for _, f := range fs {
			out = append(out, f.Rule)
		}
		return out
	}
	t.Run("every open finding of the repo, any severity, the overdue first and most overdue first", func(t *testing.T) {
		got, err := d.RepoOpenFindings(ctx, scoring.DefaultConfig(), "gh", "acme/api", testNow)
		if err != nil {
			t.Fatal(err)
		}
		// rule-5 is fixed; rule-6 is another repo's.
		if want := []string{"rule-4", "rule-1", "rule-2", "rule-3"}; !slices.Equal(rules(got), want) {
			t.Fatalf("rules %v, want %v", rules(got), want)
		}
		if f := got[0]; !f.Overdue || f.DaysOverdue != 30 || f.Severity != "medium" {
			t.Errorf("most overdue = %+v", f)
		}
		if f := got[3]; f.Overdue || f.DaysOverdue != 0 || !f.DueAt.Equal(at(-5)) {
			t.Errorf("not yet due = %+v", f)
		}
	})
	t.Run("a repo of another source has none", func(t *testing.T) {
		got, err := d.RepoOpenFindings(ctx, scoring.DefaultConfig(), "gl", "acme/api", testNow)
		if err != nil || len(got) != 0 {
			t.Errorf("got %v err %v", got, err)
		}
	})
}
