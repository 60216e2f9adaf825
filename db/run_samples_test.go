package db

import (
	"strings"
	"testing"
)

// The statements each page runs to find a sampling group's sample and runs seek
// the group index, which holds grouped runs only (migration 00009): SQLite uses a
// partial index only for a statement whose WHERE itself requires a non-empty group,
// and without the index each would walk every run of the repo on every page.
func TestGroupStatementsSeekThePartialGroupIndex(t *testing.T) {
	d := openTest(t)
	sqliteOnly(t, d, "EXPLAIN QUERY PLAN is SQLite's; Postgres plans partial indexes from the statement's own WHERE alike")
	tests := []struct {
		name, query string
		args        []any
	}{
		{"a group's sample", groupSampleSQL, []any{1, "g"}},
		{"a group's runs", setGroupCategoriesSQL, []any{1, "g", "sast"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := d.Reader().Query("EXPLAIN QUERY PLAN "+tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(plan, "; "); !strings.Contains(got, "INDEX runs_repo_grouped (repo_id=? AND sample_group=?") {
				t.Errorf("plan %q does not seek runs_repo_grouped", got)
			}
		})
	}
}
