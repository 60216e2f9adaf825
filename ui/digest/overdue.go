package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/scoring"
)

// addOverdue fills in every scope's findings overdue at the digest's as_of (the
// week's start when there is no scorecard) under cfg.
func addOverdue(ctx context.Context, src Source, d *Digest, cfg scoring.Config, start time.Time) error {
	at := d.AsOf
	if at.IsZero() {
		at = start
	}
	scopes, err := src.OverdueByScope(ctx, cfg, at, worstPerTeam)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	byScope := make(map[string]Overdue, len(scopes))
	for _, s := range scopes {
		o := Overdue{Critical: s.Critical, High: s.High}
		for _, f := range s.Worst {
			o.Worst = append(o.Worst, overdueFinding(f))
		}
		byScope[s.Scope] = o
	}
	d.Org.Overdue = byScope[db.OrgScope]
	for i := range d.Teams {
		d.Teams[i].Overdue = byScope[d.Teams[i].Slug]
	}
	return nil
}

func overdueFinding(f db.OverdueFinding) OverdueFinding {
	return OverdueFinding{
		Repo:        sanitize.Display(f.FullName, sanitize.MaxLine),
		Source:      sanitize.Display(f.Source, sanitize.MaxLine),
		Severity:    sanitize.Display(f.Severity, sanitize.MaxLine),
		Category:    sanitize.Display(f.Category, sanitize.MaxLine),
		Tool:        sanitize.Display(f.Tool, sanitize.MaxLine),
		Rule:        sanitize.Display(f.Rule, sanitize.MaxLine),
		RuleText:    sanitize.Display(f.RuleText, sanitize.MaxText),
		Location:    sanitize.Display(f.Location, sanitize.MaxLine),
		URL:         httpURL(f.HTMLURL),
		DueAt:       f.DueAt,
		DaysOverdue: f.DaysOverdue,
	}
}
