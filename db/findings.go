package db

import (
	"fmt"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// storedClose is the stored close time of a row stored closed before closed_seen_at
// existed (migration 00003), which a later pass must not move either.
const storedClose = `CASE WHEN findings.outcome NOT IN ('open', '') THEN findings.resolved_at END`

// A closed finding whose forge gives no close time (?18 = 0) is resolved from the
// time Paved first saw it closed: closed_seen_at, set from the collection's clock
// the first time the finding is stored closed and kept on later passes, cleared
// when it is seen open again. (In DO UPDATE, findings.* is the stored row.)
const upsertFindingSQL = `
INSERT INTO findings (repo_id, kind, forge_id, category, severity, state, reason, outcome, tool, rule,
    rule_text, location, created_at, updated_at, resolved_at, due_at, html_url, closed_seen_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?19)
ON CONFLICT (repo_id, kind, forge_id) DO UPDATE SET
    category       = excluded.category,
    severity       = excluded.severity,
    state          = excluded.state,
    reason         = excluded.reason,
    outcome        = excluded.outcome,
    tool           = excluded.tool,
    rule           = excluded.rule,
    rule_text      = excluded.rule_text,
    location       = excluded.location,
    created_at     = excluded.created_at,
    updated_at     = excluded.updated_at,
    closed_seen_at = CASE WHEN excluded.outcome = 'open' THEN NULL
                          ELSE COALESCE(findings.closed_seen_at, ` + storedClose + `, excluded.closed_seen_at) END,
    resolved_at    = CASE WHEN excluded.outcome = 'open' OR ?18 THEN excluded.resolved_at
                          ELSE COALESCE(findings.closed_seen_at, ` + storedClose + `, excluded.closed_seen_at) END,
    due_at         = excluded.due_at,
    html_url       = excluded.html_url`

func (a *applier) findings(findings []model.Finding) error {
	stmt := a.stmt(a.st.upsertFinding)
	for _, f := range findings {
		kind, forgeID := sanitize.Flat(f.Kind, maxName), sanitize.Flat(f.ForgeID, maxName)
		repoID, err := a.repoID(f.Source, f.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store %s finding %s: %w", kind, forgeID, err)
		}
		open := f.Outcome == model.OutcomeOpen || f.Outcome == ""
		var seen time.Time
		if !open {
			seen = f.SeenAt
		}
		resolved := f.ResolvedAt
		if resolved.IsZero() && !open {
			resolved = seen
		}
		if err := a.exec(stmt,
			repoID, kind, forgeID, sanitize.Flat(f.Category, maxName), sanitize.Flat(f.Severity, maxName),
			sanitize.Flat(f.State, maxName), sanitize.Flat(f.Reason, maxName), sanitize.Flat(f.Outcome, maxName),
			sanitize.Flat(f.Tool, maxName), sanitize.Flat(f.Rule, maxName),
			sanitize.Text(f.RuleText, maxText), sanitize.Flat(f.Location, maxText),
			unixOrNil(f.CreatedAt), unixOrNil(f.UpdatedAt), unixOrNil(resolved), unixOrNil(f.DueAt),
			sanitize.Flat(f.HTMLURL, maxText), boolInt(!f.ResolvedAt.IsZero()), unixOrNil(seen),
		); err != nil {
			return fmt.Errorf("store %s finding %s of repo %d: %w", kind, forgeID, f.RepoForgeID, err)
		}
	}
	return nil
}
