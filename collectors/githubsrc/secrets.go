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

// secretAlert is the part of a secret-scanning alert we keep. It deliberately
// has no field for "secret": the value is never decoded, so it cannot reach a
// record, a log line or an error.
type secretAlert struct {
	Number                int               `json:"number"`
	State                 string            `json:"state"`
	Resolution            string            `json:"resolution"`
	SecretType            string            `json:"secret_type"`
	SecretTypeDisplayName string            `json:"secret_type_display_name"`
	HTMLURL               string            `json:"html_url"`
	CreatedAt             *github.Timestamp `json:"created_at"`
	UpdatedAt             *github.Timestamp `json:"updated_at"`
	ResolvedAt            *github.Timestamp `json:"resolved_at"`
	FirstLocation         *secretLocation   `json:"first_location_detected"`
}

type secretLocation struct {
	Path      string `json:"path"`
	StartLine int    `json:"start_line"`
}

// timeOf reads an optional timestamp: GitHub sends null for unset ones.
func timeOf(t *github.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.Time
}

func (a *secretAlert) updated() time.Time {
	return collectors.LaterOf(collectors.LaterOf(timeOf(a.UpdatedAt), timeOf(a.CreatedAt)), timeOf(a.ResolvedAt))
}

// collectSecrets walks secret-scanning alerts, most recently updated first,
// down to the watermark.
func (r *repoRun) collectSecrets(ctx context.Context) error {
	return walkAlerts(ctx, r, alertList[*secretAlert]{
		resource:  resSecrets,
		feature:   model.FeatureSecretScanning,
		fetch:     listJSON[*secretAlert](r, "secret-scanning/alerts", "updated"),
		updated:   (*secretAlert).updated,
		convert:   r.convertSecretAlert,
		hasReport: true,
		listed:    r.repo.SecretScanning,
	})
}

func (r *repoRun) convertSecretAlert(a *secretAlert) model.Finding {
	f := model.Finding{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.repo.ID,
		Kind:        model.FeatureSecretScanning,
		ForgeID:     strconv.Itoa(a.Number),
		Category:    model.CategorySecret,
		Severity:    secretSeverity(),
		State:       sanitize.Line(a.State, sanitize.MaxName),
		Reason:      sanitize.Line(a.Resolution, sanitize.MaxName),
		Tool:        sanitize.Line(a.SecretType, sanitize.MaxName),
		Rule:        sanitize.Line(a.SecretType, sanitize.MaxName),
		RuleText:    sanitize.Line(a.SecretTypeDisplayName, sanitize.MaxText),
		CreatedAt:   timeOf(a.CreatedAt),
		UpdatedAt:   a.updated(),
		HTMLURL:     sanitize.Line(a.HTMLURL, sanitize.MaxLine),
	}
	if l := a.FirstLocation; l != nil && l.Path != "" {
		loc := l.Path
		if l.StartLine > 0 {
			loc = fmt.Sprintf("%s:%d", l.Path, l.StartLine)
		}
		f.Location = sanitize.Line(loc, sanitize.MaxLine)
	}
	f.Outcome = secretOutcome(f.State, f.Reason)
	if f.Outcome != model.OutcomeOpen {
		f.ResolvedAt = firstSet(timeOf(a.ResolvedAt), timeOf(a.UpdatedAt))
	}
	r.dueAt(&f)
	return f
}
