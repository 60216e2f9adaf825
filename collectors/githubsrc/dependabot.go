package githubsrc

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
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
		resource: model.ResourceDependabot,
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
			var alerts []*github.DependabotAlert
			resp, err := r.getJSON(ctx, "dependabot/alerts", opt, &alerts)
			return alerts, resp, err
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
	return collectors.Latest(a.GetUpdatedAt().Time, a.GetCreatedAt().Time, a.GetFixedAt().Time, a.GetDismissedAt().Time, a.GetAutoDismissedAt().Time)
}

func (r *repoRun) convertDependabotAlert(a *github.DependabotAlert) model.Finding {
	adv := a.GetSecurityAdvisory()
	return r.finding(alertFinding{
		kind:     "dependabot",
		number:   a.GetNumber(),
		category: model.CategorySCA,
		severity: dependabotSeverity(firstString(adv.GetSeverity(), a.GetSecurityVulnerability().GetSeverity())),
		state:    a.GetState(),
		reason:   a.GetDismissedReason(),
		tool:     "Dependabot",
		rule:     firstString(adv.GetGHSAID(), adv.GetCVEID()),
		ruleText: adv.GetSummary(),
		location: dependencyLocation(a.GetDependency()),
		created:  a.GetCreatedAt().Time,
		updated:  dependabotUpdated(a),
		htmlURL:  a.GetHTMLURL(),
		outcome:  dependabotOutcome,
		fixed:    []time.Time{a.GetFixedAt().Time, a.GetUpdatedAt().Time},
		closed:   []time.Time{a.GetDismissedAt().Time, a.GetAutoDismissedAt().Time, a.GetUpdatedAt().Time},
	})
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
