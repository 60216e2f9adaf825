package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ScopeOverdue is one scope's critical and high findings that were open and past
// their due date at an instant.
type ScopeOverdue struct {
	Scope    string // team slug, or OrgScope
	Critical int
	High     int
	// Worst are the most serious of them: critical before high, then the longest
	// overdue first.
	Worst []OverdueFinding
}

// openOverdueCTE selects the critical and high findings open at ?1 (created by then,
// and still open or resolved only later) whose due date is before ?1, once for every
// team that owns their repo and once for the organisation. A fixed finding with no
// resolution time is left out: when it was fixed is unknown.
const openOverdueCTE = `
WITH due AS (
    SELECT f.id, f.repo_id, f.severity, f.due_at FROM findings f
    WHERE f.severity IN ('critical', 'high') AND f.due_at < ?1
      AND (f.created_at IS NULL OR f.created_at <= ?1)
      AND (f.outcome = 'open' OR (f.outcome IN ('fixed', 'risk_accepted') AND f.resolved_at > ?1))
),
scoped AS (
    SELECT m.team_slug AS scope, due.* FROM due JOIN team_repos m ON m.repo_id = due.repo_id
    UNION ALL
    SELECT '` + OrgScope + `' AS scope, due.* FROM due
)`

// OverdueByScope returns, for the organisation and every team with any, the
// critical and high findings open and overdue at at, with up to worst of them per
// scope. Scopes are ordered by slug.
func (d *DB) OverdueByScope(ctx context.Context, at time.Time, worst int) ([]ScopeOverdue, error) {
	var out []ScopeOverdue
	err := d.read(ctx, func(tx *sql.Tx) error {
		index := map[string]int{}
		rows, err := tx.QueryContext(ctx, openOverdueCTE+`
SELECT scope, sum(severity = 'critical'), sum(severity = 'high')
FROM scoped GROUP BY scope ORDER BY scope`, at.Unix())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s ScopeOverdue
			if err := rows.Scan(&s.Scope, &s.Critical, &s.High); err != nil {
				return err
			}
			index[s.Scope] = len(out)
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if worst <= 0 {
			return nil
		}
		return worstOverdue(ctx, tx, at, worst, out, index)
	})
	if err != nil {
		return nil, fmt.Errorf("overdue by scope: %w", err)
	}
	return out, nil
}

func worstOverdue(ctx context.Context, tx *sql.Tx, at time.Time, worst int, out []ScopeOverdue, index map[string]int) error {
	rows, err := tx.QueryContext(ctx, openOverdueCTE+`
SELECT s.scope, r.source, r.full_name, f.kind, f.forge_id, f.category, f.severity, f.tool, f.rule,
       f.rule_text, f.location, f.html_url, f.created_at, f.due_at
FROM (
    SELECT scope, id, row_number() OVER (
        PARTITION BY scope ORDER BY severity = 'critical' DESC, due_at, id) AS rank
    FROM scoped
) s
JOIN findings f ON f.id = s.id
JOIN repos r ON r.id = f.repo_id
WHERE s.rank <= ?2
ORDER BY s.scope, s.rank`, at.Unix(), worst)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var scope string
		var f OverdueFinding
		var created, due nullUnix
		if err := rows.Scan(&scope, &f.Source, &f.FullName, &f.Kind, &f.ForgeID, &f.Category, &f.Severity,
			&f.Tool, &f.Rule, &f.RuleText, &f.Location, &f.HTMLURL, &created, &due); err != nil {
			return err
		}
		f.CreatedAt, f.DueAt = created.Time(), due.Time()
		if i, ok := index[scope]; ok {
			out[i].Worst = append(out[i].Worst, f)
		}
	}
	return rows.Err()
}
