package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// OverdueFinding is an open critical or high finding past its due date.
type OverdueFinding struct {
	Source    string
	FullName  string
	Kind      string
	ForgeID   string
	Category  string
	Severity  string
	Tool      string
	Rule      string
	RuleText  string
	Location  string
	HTMLURL   string
	CreatedAt time.Time
	DueAt     time.Time
}

// RepoOverdue counts one repo's open critical and high findings past due.
type RepoOverdue struct {
	Source    string
	FullName  string
	Critical  int
	High      int
	OldestDue time.Time
}

// overdueWhere selects open critical/high findings due before the first parameter,
// in the repos named by the second (a JSON array of "source:full_name"), or in every
// repo when it is NULL.
const overdueWhere = `
FROM findings f JOIN repos r ON r.id = f.repo_id
WHERE f.outcome = 'open' AND f.severity IN ('critical', 'high') AND f.due_at < ?1
  AND (?2 IS NULL OR r.source || ':' || r.full_name IN (SELECT value FROM json_each(?2)))`

// repoFilter turns repo keys ("source:full_name") into the JSON array overdueWhere
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

// OverdueFindings returns up to limit open critical and high findings whose due
// date is before at, most overdue first, and how many there are in all. repos
// restricts them to those repos ("source:full_name"); nil means every repo.
func (d *DB) OverdueFindings(ctx context.Context, repos []string, at time.Time, limit int) ([]OverdueFinding, int, error) {
	filter, err := repoFilter(repos)
	if err != nil {
		return nil, 0, fmt.Errorf("overdue findings: %w", err)
	}
	var out []OverdueFinding
	var total int
	err = d.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) `+overdueWhere, at.Unix(), filter).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
SELECT r.source, r.full_name, f.kind, f.forge_id, f.category, f.severity, f.tool, f.rule, f.rule_text,
       f.location, f.html_url, f.created_at, f.due_at `+overdueWhere+`
ORDER BY f.due_at, r.source, r.full_name, f.kind, f.forge_id
LIMIT ?3`, at.Unix(), filter, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f OverdueFinding
			var created, due nullUnix
			if err := rows.Scan(&f.Source, &f.FullName, &f.Kind, &f.ForgeID, &f.Category, &f.Severity,
				&f.Tool, &f.Rule, &f.RuleText, &f.Location, &f.HTMLURL, &created, &due); err != nil {
				return err
			}
			f.CreatedAt, f.DueAt = created.Time(), due.Time()
			out = append(out, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("overdue findings: %w", err)
	}
	return out, total, nil
}

// OverdueByRepo counts open critical and high findings due before at per repo,
// the repos with the most first, up to limit repos. repos restricts the count as
// in OverdueFindings.
func (d *DB) OverdueByRepo(ctx context.Context, repos []string, at time.Time, limit int) ([]RepoOverdue, error) {
	filter, err := repoFilter(repos)
	if err != nil {
		return nil, fmt.Errorf("overdue by repo: %w", err)
	}
	rows, err := d.reader.QueryContext(ctx, `
SELECT r.source, r.full_name,
       sum(f.severity = 'critical'), sum(f.severity = 'high'), min(f.due_at) `+overdueWhere+`
GROUP BY r.id
ORDER BY count(*) DESC, min(f.due_at), r.source, r.full_name
LIMIT ?3`, at.Unix(), filter, limit)
	if err != nil {
		return nil, fmt.Errorf("overdue by repo: %w", err)
	}
	defer rows.Close()
	var out []RepoOverdue
	for rows.Next() {
		var r RepoOverdue
		var oldest nullUnix
		if err := rows.Scan(&r.Source, &r.FullName, &r.Critical, &r.High, &oldest); err != nil {
			return nil, fmt.Errorf("overdue by repo: %w", err)
		}
		r.OldestDue = oldest.Time()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("overdue by repo: %w", err)
	}
	return out, nil
}
