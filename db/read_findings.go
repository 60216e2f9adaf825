package db

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// Due and overdue are decided by scoring (Config.DueAt, Config.OverdueAt) from the SLA
// days in force, never from the due_at a collection stored: the reads here only fetch
// the candidates, the critical and high findings that may be open at the instant, and
// hand each to scoring as the same FindingFact the facts loader gives the scorecards.

// OverdueFinding is an open critical or high finding past its due date.
type OverdueFinding struct {
	Source      string
	FullName    string
	Kind        string
	ForgeID     string
	Category    string
	Severity    string
	Tool        string
	Rule        string
	RuleText    string
	Location    string
	HTMLURL     string
	CreatedAt   time.Time
	DueAt       time.Time // scoring.Config.DueAt under the SLA in force
	DaysOverdue int       // scoring.Config.DaysOverdue at the instant asked about

	repoID int64
}

// RepoOverdue counts one repo's open critical and high findings past due.
type RepoOverdue struct {
	Source    string
	FullName  string
	Critical  int
	High      int
	OldestDue time.Time
}

// candidateSQL is the query that selects the critical and high findings of eligible repos (neither
// archived nor a fork) that may be open and overdue at ?1: created by ?2 (the latest
// creation that can be past due at ?1 under the shortest critical/high SLA) and not
// closed, with a known close time, by ?1. ?3 is a JSON array of "source:full_name"
// to keep, or NULL for every repo. Go decides the rest with scoring.
func candidateSQL(x dialect) string {
	return `
SELECT r.id, r.source, r.full_name, f.kind, f.forge_id, f.category, f.severity, f.outcome,
       f.created_at, f.resolved_at, f.tool, f.rule, f.rule_text, f.location, f.html_url
FROM findings f JOIN repos r ON r.id = f.repo_id
WHERE f.severity IN ('critical', 'high') AND f.outcome != 'excluded'
  AND f.created_at <= ?1 AND f.created_at <= ?2
  AND (f.resolved_at IS NULL OR f.resolved_at > ?1 OR f.outcome NOT IN ('fixed', 'risk_accepted'))
  AND r.archived = 0 AND r.fork = 0
  AND (CAST(?3 AS TEXT) IS NULL OR r.source || ':' || r.full_name IN ` + x.jsonTexts("?3") + `)`
}

// repoFilter turns repo keys ("source:full_name") into the JSON array candidateSQL
// expects; nil means every repo.
func repoFilter(repos []string) (any, error) {
	if repos == nil {
		return nil, nil
	}
	b, err := json.Marshal(repos)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// latestOverdueCreation is the latest creation time a critical or high finding can
// have and still be past due at `at` under cfg.
func latestOverdueCreation(cfg scoring.Config, at time.Time) time.Time {
	probe := func(sev string) time.Duration {
		return cfg.DueAt(scoring.Finding{Severity: sev, CreatedAt: at}).Sub(at)
	}
	return at.Add(-min(probe(model.SeverityCritical), probe(model.SeverityHigh)))
}

// overdueAt reads the candidates on q (the reader, or a read transaction) and
// keeps those scoring says are overdue at `at`.
func overdueAt(ctx context.Context, q querier, x dialect, cfg scoring.Config, repos []string, at time.Time) ([]OverdueFinding, error) {
	filter, err := repoFilter(repos)
	if err != nil {
		return nil, err
	}
	var out []OverdueFinding
	err = eachRow(ctx, q, candidateSQL(x), []any{unixOrNil(at), unixOrNil(latestOverdueCreation(cfg, at)), filter}, func(rows *sql.Rows) error {
		var f OverdueFinding
		var outcome string
		var created, resolved nullUnix
		if err := rows.Scan(&f.repoID, &f.Source, &f.FullName, &f.Kind, &f.ForgeID, &f.Category, &f.Severity, &outcome,
			&created, &resolved, &f.Tool, &f.Rule, &f.RuleText, &f.Location, &f.HTMLURL); err != nil {
			return err
		}
		fact := FindingFact(f.Kind, f.ForgeID, f.Category, f.Severity, outcome, created.Time(), resolved.Time())
		if cfg.OverdueAt(fact, at) {
			f.CreatedAt, f.DueAt, f.DaysOverdue = fact.CreatedAt, cfg.DueAt(fact), cfg.DaysOverdue(fact, at)
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// FindingFact is a stored finding as scoring reads it, built the way the facts loader
// builds it, so the overdue lists and the scorecards judge the same finding.
func FindingFact(kind, forgeID, category, severity, outcome string, created, resolved time.Time) model.FindingFact {
	return model.FindingFact{ID: kind + "/" + forgeID, Category: category, Severity: severity, Outcome: outcome,
		CreatedAt: created, ResolvedAt: resolved}
}

// mostOverdueFirst orders by due date, then by repo and finding for a stable list.
func mostOverdueFirst(a, b OverdueFinding) int {
	return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.Source, b.Source), cmp.Compare(a.FullName, b.FullName),
		cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ForgeID, b.ForgeID))
}

// OverdueFindings returns up to limit critical and high findings overdue at `at`
// under cfg, most overdue first, and how many there are in all. repos restricts them
// to those repos ("source:full_name"); nil means every repo.
func (d *DB) OverdueFindings(ctx context.Context, cfg scoring.Config, repos []string, at time.Time, limit int) ([]OverdueFinding, int, error) {
	out, err := overdueAt(ctx, d.reader, d.dialect, cfg, repos, at)
	if err != nil {
		return nil, 0, fmt.Errorf("overdue findings: %w", err)
	}
	slices.SortFunc(out, mostOverdueFirst)
	total := len(out)
	return out[:min(total, max(limit, 0))], total, nil
}

// OverdueByRepo counts the critical and high findings overdue at `at` under cfg per
// repo, the repos with the most first, up to limit repos. repos restricts the count
// as in OverdueFindings.
func (d *DB) OverdueByRepo(ctx context.Context, cfg scoring.Config, repos []string, at time.Time, limit int) ([]RepoOverdue, error) {
	found, err := overdueAt(ctx, d.reader, d.dialect, cfg, repos, at)
	if err != nil {
		return nil, fmt.Errorf("overdue by repo: %w", err)
	}
	index := map[int64]int{}
	var out []RepoOverdue
	for _, f := range found {
		i, ok := index[f.repoID]
		if !ok {
			i = len(out)
			index[f.repoID] = i
			out = append(out, RepoOverdue{Source: f.Source, FullName: f.FullName, OldestDue: f.DueAt})
		}
		r := &out[i]
		if f.Severity == model.SeverityCritical {
			r.Critical++
		} else {
			r.High++
		}
		if f.DueAt.Before(r.OldestDue) {
			r.OldestDue = f.DueAt
		}
	}
	slices.SortFunc(out, func(a, b RepoOverdue) int {
		return cmp.Or(cmp.Compare(b.Critical+b.High, a.Critical+a.High), a.OldestDue.Compare(b.OldestDue),
			cmp.Compare(a.Source, b.Source), cmp.Compare(a.FullName, b.FullName))
	})
	return out[:min(len(out), max(limit, 0))], nil
}
