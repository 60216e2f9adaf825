package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// ScopeOverdue is one scope's critical and high findings that were open and past
// their due date at an instant, as scoring decides it (see read_findings.go).
type ScopeOverdue struct {
	Scope    string // team slug, or OrgScope
	Critical int
	High     int
	// OldestDays is how many whole days the longest overdue of them is past due.
	OldestDays int
	// Worst are the most serious of them: critical before high, then the longest
	// overdue first.
	Worst []OverdueFinding
}

// OverdueByScope returns, for the organisation and every team with any, the
// critical and high findings overdue at `at` under cfg, with up to worst of them per
// scope. A team's repos are its stored membership. Scopes are ordered by slug.
func (d *DB) OverdueByScope(ctx context.Context, cfg scoring.Config, at time.Time, worst int) ([]ScopeOverdue, error) {
	var found []OverdueFinding
	teams := map[int64][]string{}
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if found, err = overdueAt(ctx, tx, d.dialect, cfg, nil, at); err != nil {
			return err
		}
		return eachRow(ctx, tx, `SELECT repo_id, team_slug FROM team_repos ORDER BY team_slug`, nil, func(rows *sql.Rows) error {
			var repo int64
			var slug string
			err := rows.Scan(&repo, &slug)
			teams[repo] = append(teams[repo], slug)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("overdue by scope: %w", err)
	}
	slices.SortFunc(found, func(a, b OverdueFinding) int {
		return cmp.Or(cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)), mostOverdueFirst(a, b))
	})
	byScope := map[string]*ScopeOverdue{}
	add := func(scope string, f OverdueFinding) {
		s := byScope[scope]
		if s == nil {
			s = &ScopeOverdue{Scope: scope}
			byScope[scope] = s
		}
		if f.Severity == model.SeverityCritical {
			s.Critical++
		} else {
			s.High++
		}
		s.OldestDays = max(s.OldestDays, f.DaysOverdue)
		if len(s.Worst) < worst {
			s.Worst = append(s.Worst, f)
		}
	}
	for _, f := range found {
		add(OrgScope, f)
		for _, slug := range teams[f.repoID] {
			add(slug, f)
		}
	}
	out := make([]ScopeOverdue, 0, len(byScope))
	for _, s := range byScope {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ScopeOverdue) int { return cmp.Compare(a.Scope, b.Scope) })
	return out, nil
}

// severityRank puts critical before high.
func severityRank(sev string) int {
	if sev == model.SeverityCritical {
		return 0
	}
	return 1
}
