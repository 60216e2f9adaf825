package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/paved-dev/paved/scoring"
)

// OpenFinding is a finding open at an instant, with its due date under the SLA in
// force and whether it is past it.
type OpenFinding struct {
	OverdueFinding
	Overdue bool
}

// openSQL selects the findings of repo ?2:?3 (source, full name) that may be open at ?1: created by then,
// not excluded, and not closed with a known close time by then. scoring.OpenAt
// decides the rest.
const openSQL = `
SELECT f.kind, f.forge_id, f.category, f.severity, f.outcome,
       f.created_at, f.resolved_at, f.tool, f.rule, f.rule_text, f.location, f.html_url
FROM findings f JOIN repos r ON r.id = f.repo_id
WHERE r.source = ?2 AND r.full_name = ?3 AND f.outcome != 'excluded' AND f.created_at <= ?1
  AND (f.resolved_at IS NULL OR f.resolved_at > ?1 OR f.outcome NOT IN ('fixed', 'risk_accepted'))`

// RepoOpenFindings returns a repo's findings open at `at`, the overdue first (most
// overdue first), then by due date.
func (d *DB) RepoOpenFindings(ctx context.Context, cfg scoring.Config, source, fullName string, at time.Time) ([]OpenFinding, error) {
	var out []OpenFinding
	err := d.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, openSQL, []any{unixOrNil(at), source, fullName}, func(rows *sql.Rows) error {
			var f OpenFinding
			var outcome string
			var created, resolved nullUnix
			if err := rows.Scan(&f.Kind, &f.ForgeID, &f.Category, &f.Severity, &outcome,
				&created, &resolved, &f.Tool, &f.Rule, &f.RuleText, &f.Location, &f.HTMLURL); err != nil {
				return err
			}
			fact := FindingFact(f.Kind, f.ForgeID, f.Category, f.Severity, outcome, created.Time(), resolved.Time())
			if scoring.OpenAt(fact, at) {
				f.CreatedAt, f.DueAt, f.DaysOverdue, f.Overdue = fact.CreatedAt, cfg.DueAt(fact), cfg.DaysOverdue(fact, at), cfg.OverdueAt(fact, at)
				out = append(out, f)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("open findings: %w", err)
	}
	slices.SortFunc(out, func(a, b OpenFinding) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ForgeID, b.ForgeID))
	})
	return out, nil
}
