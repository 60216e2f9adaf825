package githubsrc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// collectDependabot walks Dependabot alerts, most recently updated first, down
// to the watermark. The list pages with an "after" cursor; a server that pages
// by number instead is followed too.
func (r *repoRun) collectDependabot(ctx context.Context) error {
	listed := ""
	if r.repo.DependabotUpdates == "enabled" {
		// Security updates need alerts; "disabled" updates say nothing about alerts.
		listed = "enabled"
	}
	return walkAlerts(ctx, r, alertList[*github.DependabotAlert]{
		resource: resDependabot,
		feature:  model.FeatureDependabotAlerts,
		fetch: func(ctx context.Context, page string) ([]*github.DependabotAlert, *github.Response, error) {
			sortBy, desc := "updated", "desc"
			opt := &github.ListAlertsOptions{Sort: &sortBy, Direction: &desc,
				ListCursorOptions: github.ListCursorOptions{PerPage: perPage}}
			if after, ok := strings.CutPrefix(page, "a:"); ok {
				opt.After = after
			} else if page != "" {
				opt.ListOptions.Page = pageNumber(page)
			}
			return r.c.gh.Dependabot.ListRepoAlerts(ctx, r.repo.Owner, r.repo.Name, opt)
		},
		next: func(resp *github.Response) string {
			if resp.After != "" {
				return "a:" + resp.After
			}
			return nextPage(resp)
		},
		updated:   dependabotUpdated,
		convert:   r.convertDependabotAlert,
		hasReport: true,
		listed:    listed,
	})
}

func dependabotUpdated(a *github.DependabotAlert) time.Time {
	t := a.GetUpdatedAt().Time
	for _, u := range []time.Time{a.GetCreatedAt().Time, a.GetFixedAt().Time, a.GetDismissedAt().Time, a.GetAutoDismissedAt().Time} {
		t = collectors.LaterOf(t, u)
	}
	return t
}

func (r *repoRun) convertDependabotAlert(a *github.DependabotAlert) model.Finding {
	adv := a.GetSecurityAdvisory()
	severity := adv.GetSeverity()
	if severity == "" {
		severity = a.GetSecurityVulnerability().GetSeverity()
	}
	f := model.Finding{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		Kind:        "dependabot",
		ForgeID:     strconv.Itoa(a.GetNumber()),
		Category:    model.CategorySCA,
		Severity:    dependabotSeverity(severity),
		State:       sanitize.Line(a.GetState(), sanitize.MaxName),
		Reason:      sanitize.Line(a.GetDismissedReason(), sanitize.MaxName),
		Tool:        "Dependabot",
		Rule:        sanitize.Line(firstString(adv.GetGHSAID(), adv.GetCVEID()), sanitize.MaxName),
		RuleText:    sanitize.Line(adv.GetSummary(), sanitize.MaxText),
		Location:    sanitize.Line(dependencyLocation(a.GetDependency()), sanitize.MaxLine),
		CreatedAt:   a.GetCreatedAt().Time,
		UpdatedAt:   dependabotUpdated(a),
		HTMLURL:     sanitize.Line(a.GetHTMLURL(), sanitize.MaxLine),
	}
	f.Outcome = dependabotOutcome(f.State, f.Reason)
	switch f.Outcome {
	case model.OutcomeOpen:
	case model.OutcomeFixed:
		f.ResolvedAt = firstSet(a.GetFixedAt().Time, a.GetUpdatedAt().Time)
	default:
		f.ResolvedAt = firstSet(a.GetDismissedAt().Time, a.GetAutoDismissedAt().Time, a.GetUpdatedAt().Time)
	}
	r.dueAt(&f)
	return f
}

// dependencyLocation is "ecosystem:package (manifest)".
func dependencyLocation(d *github.Dependency) string {
	pkg := d.GetPackage()
	s := pkg.GetName()
	if eco := pkg.GetEcosystem(); eco != "" && s != "" {
		s = eco + ":" + s
	}
	if m := d.GetManifestPath(); m != "" {
		if s == "" {
			return m
		}
		s = fmt.Sprintf("%s (%s)", s, m)
	}
	return s
}

func firstString(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
