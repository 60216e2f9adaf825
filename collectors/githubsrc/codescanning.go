package githubsrc

import (
	"context"
	"fmt"
	"strconv"
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
		resource: resCodeScanning,
		feature:  model.FeatureCodeScanning,
		fetch:    listJSON[*github.Alert](r, "code-scanning/alerts", "updated"),
		updated:  alertUpdated,
		convert:  r.convertCodeScanningAlert,
	})
}

// alertUpdated is updated_at, or the latest state change when it is missing.
func alertUpdated(a *github.Alert) time.Time {
	t := a.GetUpdatedAt().Time
	for _, u := range []time.Time{a.GetCreatedAt().Time, a.GetFixedAt().Time, a.GetDismissedAt().Time, a.GetClosedAt().Time} {
		t = collectors.LaterOf(t, u)
	}
	return t
}

func (r *repoRun) convertCodeScanningAlert(a *github.Alert) model.Finding {
	rule := a.GetRule()
	ruleSeverity := rule.GetSeverity()
	if ruleSeverity == "" {
		ruleSeverity = a.GetRuleSeverity()
	}
	ruleText := rule.GetDescription()
	if ruleText == "" {
		ruleText = a.GetRuleDescription()
	}
	ruleID := rule.GetID()
	if ruleID == "" {
		ruleID = a.GetRuleID()
	}
	f := model.Finding{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		Kind:        model.FeatureCodeScanning,
		ForgeID:     strconv.Itoa(a.GetNumber()),
		Category:    model.CategorySAST,
		Severity:    codeScanningSeverity(rule.GetSecuritySeverityLevel(), ruleSeverity),
		State:       sanitize.Line(a.GetState(), sanitize.MaxName),
		Reason:      sanitize.Line(a.GetDismissedReason(), sanitize.MaxName),
		Tool:        sanitize.Line(a.GetTool().GetName(), sanitize.MaxName),
		Rule:        sanitize.Line(ruleID, sanitize.MaxName),
		RuleText:    sanitize.Line(ruleText, sanitize.MaxText),
		Location:    sanitize.Line(location(a.GetMostRecentInstance().GetLocation()), sanitize.MaxLine),
		CreatedAt:   a.GetCreatedAt().Time,
		UpdatedAt:   alertUpdated(a),
		HTMLURL:     sanitize.Line(a.GetHTMLURL(), sanitize.MaxLine),
	}
	f.Outcome = codeScanningOutcome(f.State, f.Reason)
	switch f.Outcome {
	case model.OutcomeOpen:
	case model.OutcomeFixed:
		f.ResolvedAt = firstSet(a.GetFixedAt().Time, a.GetClosedAt().Time, a.GetUpdatedAt().Time)
	default:
		f.ResolvedAt = firstSet(a.GetDismissedAt().Time, a.GetClosedAt().Time, a.GetUpdatedAt().Time)
	}
	r.dueAt(&f)
	return f
}

func location(l *github.Location) string {
	if l.GetPath() == "" {
		return ""
	}
	if l.GetStartLine() > 0 {
		return fmt.Sprintf("%s:%d", l.GetPath(), l.GetStartLine())
	}
	return l.GetPath()
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
// watermark (first pass: the lookback).
func (r *repoRun) collectAnalyses(ctx context.Context) error {
	_, err := walk(ctx, r, spec[*github.ScanningAnalysis]{
		resource: resAnalyses,
		fetch:    listJSON[*github.ScanningAnalysis](r, "code-scanning/analyses", ""),
		next:     nextPage,
		order:    func(a *github.ScanningAnalysis) time.Time { return a.GetCreatedAt().Time },
		mark:     func(a *github.ScanningAnalysis) time.Time { return a.GetCreatedAt().Time },
		stopBefore: func(watermark, now time.Time) time.Time {
			return collectors.LaterOf(watermark, now.Add(-lookback))
		},
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
