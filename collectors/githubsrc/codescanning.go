package githubsrc

import (
	"context"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// collectCodeScanning walks code-scanning alerts, most recently updated first,
// down to the watermark.
func (r *repoRun) collectCodeScanning(ctx context.Context) error {
	return walkAlerts(ctx, r, alertList[*github.Alert]{
		resource: model.ResourceCodeScanning,
		feature:  model.FeatureCodeScanning,
		fetch:    listJSON[*github.Alert](r, "code-scanning/alerts", "updated"),
		updated:  alertUpdated,
		convert:  r.convertCodeScanningAlert,
	})
}

// alertUpdated is updated_at, or the latest state change when it is missing.
func alertUpdated(a *github.Alert) time.Time {
	return collectors.Latest(a.GetUpdatedAt().Time, a.GetCreatedAt().Time, a.GetFixedAt().Time, a.GetDismissedAt().Time, a.GetClosedAt().Time)
}

func (r *repoRun) convertCodeScanningAlert(a *github.Alert) model.Finding {
	rule := a.GetRule()
	l := a.GetMostRecentInstance().GetLocation()
	return r.finding(alertFinding{
		kind:     model.FeatureCodeScanning,
		number:   a.GetNumber(),
		category: model.CategorySAST,
		severity: codeScanningSeverity(rule.GetSecuritySeverityLevel(), firstString(rule.GetSeverity(), a.GetRuleSeverity())),
		state:    a.GetState(),
		reason:   a.GetDismissedReason(),
		tool:     a.GetTool().GetName(),
		rule:     firstString(rule.GetID(), a.GetRuleID()),
		ruleText: firstString(rule.GetDescription(), a.GetRuleDescription()),
		location: pathLine(l.GetPath(), l.GetStartLine()),
		created:  a.GetCreatedAt().Time,
		updated:  alertUpdated(a),
		htmlURL:  a.GetHTMLURL(),
		outcome:  codeScanningOutcome,
		fixed:    []time.Time{a.GetFixedAt().Time, a.GetClosedAt().Time, a.GetUpdatedAt().Time},
		closed:   []time.Time{a.GetDismissedAt().Time, a.GetClosedAt().Time, a.GetUpdatedAt().Time},
	})
}

func firstSet(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// collectAnalyses walks code-scanning analyses, newest first, down to the
// watermark (first pass: the latest window, then history; walk.go).
func (r *repoRun) collectAnalyses(ctx context.Context) error {
	_, err := walk(ctx, r, spec[*github.ScanningAnalysis]{
		resource:   model.ResourceAnalyses,
		fetch:      listJSON[*github.ScanningAnalysis](r, "code-scanning/analyses", ""),
		order:      func(a *github.ScanningAnalysis) time.Time { return a.GetCreatedAt().Time },
		cheapPage:  true,
		stopBefore: func(watermark time.Time) time.Time { return watermark },
		convert: func(_ context.Context, analyses []*github.ScanningAnalysis, _ *state) (model.Batch, error) {
			var b model.Batch
			for _, a := range analyses {
				b.Analyses = append(b.Analyses, model.Analysis{
					Source:      r.c.cfg.Name,
					RepoForgeID: r.repo.ID,
					ForgeID:     a.GetID(),
					Tool:        sanitize.Line(a.GetTool().GetName(), sanitize.MaxName),
					Category:    model.CategorySAST,
					Ref:         sanitize.Line(a.GetRef(), sanitize.MaxName),
					CreatedAt:   a.GetCreatedAt().Time,
				})
			}
			return b, nil
		},
	})
	return err
}
