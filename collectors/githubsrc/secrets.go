package githubsrc

import (
	"context"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
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
	return collectors.Latest(timeOf(a.UpdatedAt), timeOf(a.CreatedAt), timeOf(a.ResolvedAt))
}

// collectSecrets walks secret-scanning alerts, most recently updated first,
// down to the watermark.
func (r *repoRun) collectSecrets(ctx context.Context) error {
	return walkAlerts(ctx, r, alertList[*secretAlert]{
		resource:  model.ResourceSecrets,
		feature:   model.FeatureSecretScanning,
		fetch:     listJSON[*secretAlert](r, "secret-scanning/alerts", "updated"),
		updated:   (*secretAlert).updated,
		convert:   r.convertSecretAlert,
		hasReport: true,
		listed:    r.repo.SecretScanning,
	})
}

func (r *repoRun) convertSecretAlert(a *secretAlert) model.Finding {
	var loc string
	if l := a.FirstLocation; l != nil {
		loc = pathLine(l.Path, l.StartLine)
	}
	resolved := []time.Time{timeOf(a.ResolvedAt), timeOf(a.UpdatedAt)}
	return r.finding(alertFinding{
		kind:     model.FeatureSecretScanning,
		number:   a.Number,
		category: model.CategorySecret,
		severity: secretSeverity(),
		state:    a.State,
		reason:   a.Resolution,
		tool:     a.SecretType,
		rule:     a.SecretType,
		ruleText: a.SecretTypeDisplayName,
		location: loc,
		created:  timeOf(a.CreatedAt),
		updated:  a.updated(),
		htmlURL:  a.HTMLURL,
		outcome:  secretOutcome,
		fixed:    resolved,
		closed:   resolved,
	})
}
