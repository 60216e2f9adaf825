package db

import (
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
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
		kind, forgeID := sanitize.Flat(f.Kind, maxName), sanitize.Flat(f.ForgeID, maxName)
		repoID, err := a.repoID(f.Source, f.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store %s finding %s: %w", kind, forgeID, err)
		}
		if err := a.exec(stmt,
			repoID, kind, forgeID, sanitize.Flat(f.Category, maxName), sanitize.Flat(f.Severity, maxName),
			sanitize.Flat(f.State, maxName), sanitize.Flat(f.Reason, maxName), sanitize.Flat(f.Outcome, maxName),
			sanitize.Flat(f.Tool, maxName), sanitize.Flat(f.Rule, maxName),
			sanitize.Text(f.RuleText, maxText), sanitize.Flat(f.Location, maxText),
			unixOrNil(f.CreatedAt), unixOrNil(f.UpdatedAt), unixOrNil(f.ResolvedAt), unixOrNil(f.DueAt),
			sanitize.Flat(f.HTMLURL, maxText),
		); err != nil {
			return fmt.Errorf("store %s finding %s of repo %d: %w", kind, forgeID, f.RepoForgeID, err)
		}
	}
	return nil
}
