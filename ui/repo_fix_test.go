package ui

import (
	"slices"
	"testing"

	"github.com/paved-dev/paved/db"
)

func TestOtherOpenCountsWhatTheOverdueListDoesNotName(t *testing.T) {
	f := func(sev string, overdue bool) db.OpenFinding {
		return db.OpenFinding{OverdueFinding: db.OverdueFinding{Severity: sev}, Overdue: overdue}
	}
	got := otherOpen([]db.OpenFinding{
		f("critical", true), f("critical", false), // the overdue one is listed, not counted
		f("high", true),
		f("medium", true), f("medium", true), f("medium", false),
		f("unknown", false),
	})
	want := []openCount{{"critical", 1, 0}, {"medium", 1, 2}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
