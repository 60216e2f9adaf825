package db

import (
	"fmt"

	"github.com/paved-dev/paved/model"
)

const upsertFindingSQL = `
INSERT INTO findings (repo_id, kind, forge_id, category, severity, state, reason, outcome, tool, rule,
    rule_text, location, created_at, updated_at, resolved_at, due_at, html_url)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repo_id, kind, forge_id) DO UPDATE SET
    category    = excluded.category,
    severity    = excluded.severity,
    state       = excluded.state,
    reason      = excluded.reason,
    outcome     = excluded.outcome,
    tool        = excluded.tool,
    rule        = excluded.rule,
    rule_text   = excluded.rule_text,
    location    = excluded.location,
    created_at  = excluded.created_at,
    updated_at  = excluded.updated_at,
    resolved_at = excluded.resolved_at,
    due_at      = excluded.due_at,
    html_url    = excluded.html_url`

func (a *applier) findings(findings []model.Finding) error {
	stmt := a.stmt(a.st.upsertFinding)
	for _, f := range findings {
		repoID, err := a.repoID(f.Source, f.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store %s finding %s: %w", clean(f.Kind), clean(f.ForgeID), err)
		}
		if err := a.exec(stmt,
			repoID, clean(f.Kind), clean(f.ForgeID), clean(f.Category), clean(f.Severity),
			clean(f.State), clean(f.Reason), clean(f.Outcome), clean(f.Tool), clean(f.Rule),
			cleanText(f.RuleText), cleanLong(f.Location),
			unixOrNil(f.CreatedAt), unixOrNil(f.UpdatedAt), unixOrNil(f.ResolvedAt), unixOrNil(f.DueAt),
			cleanLong(f.HTMLURL),
		); err != nil {
			return fmt.Errorf("store %s finding %s of repo %d: %w", clean(f.Kind), clean(f.ForgeID), f.RepoForgeID, err)
		}
	}
	return nil
}
