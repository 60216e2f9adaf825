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

// firstSeenClosed is when Paved first saw the finding closed, as stored or, for a
// finding first stored closed now, the collection's clock.
const firstSeenClosed = `COALESCE(findings.closed_seen_at, ` + storedClose + `, excluded.closed_seen_at)`

// A closed finding whose forge gives no close time (?19 = 0) is resolved from the
// time Paved first saw it closed: closed_seen_at, set from the collection's clock
// the first time the finding is stored closed and kept on later passes, cleared
// when it is seen open again. (In DO UPDATE, findings.* is the stored row.)
var (
	findingsMany = manyRows{table: "findings", key: "repo_id, kind, forge_id",
		cols: `category, severity, state, reason, outcome, tool, rule, rule_text, location, created_at, updated_at,
    resolved_at, due_at, html_url, closed_seen_at`,
		set: map[string]string{
			"closed_seen_at": `CASE WHEN excluded.outcome = 'open' THEN NULL ELSE ` + firstSeenClosed + ` END`,
			"resolved_at":    `CASE WHEN excluded.outcome = 'open' OR ?19 = 1 THEN excluded.resolved_at ELSE ` + firstSeenClosed + ` END`,
		},
		flag: true}
	upsertFindingSQL = changedUpsertSQL(findingsMany.table, findingsMany.key, findingsMany.cols, findingsMany.set)
)

var findingRows = repoRows[model.Finding]{
	upsert: func(s *statements) *statement { return s.upsertFinding },
	rows:   func(s *statements) *statement { return s.upsertFindingRows },
	repo:   func(f *model.Finding) (string, int64) { return f.Source, f.RepoForgeID },
	name: func(f *model.Finding) string {
		return fmt.Sprintf("%s finding %s", sanitize.Flat(f.Kind, maxName), sanitize.Flat(f.ForgeID, maxName))
	},
	row: findingRow,
}

func findingRow(dst []any, f *model.Finding, repoID int64) []any {
	open := f.Outcome == model.OutcomeOpen || f.Outcome == ""
	var seen time.Time
	if !open {
		seen = f.SeenAt
	}
	resolved := f.ResolvedAt
	if resolved.IsZero() && !open {
		resolved = seen
	}
	return append(dst,
		repoID, sanitize.Flat(f.Kind, maxName), sanitize.Flat(f.ForgeID, maxName), sanitize.Flat(f.Category, maxName), sanitize.Flat(f.Severity, maxName),
		sanitize.Flat(f.State, maxName), sanitize.Flat(f.Reason, maxName), sanitize.Flat(f.Outcome, maxName),
		sanitize.Flat(f.Tool, maxName), sanitize.Flat(f.Rule, maxName),
		sanitize.Text(f.RuleText, maxText), sanitize.Flat(f.Location, maxText),
		unixOrNil(f.CreatedAt), unixOrNil(f.UpdatedAt), unixOrNil(resolved), unixOrNil(f.DueAt),
		sanitize.Flat(f.HTMLURL, maxText), unixOrNil(seen), boolInt(!f.ResolvedAt.IsZero()),
	)
}
