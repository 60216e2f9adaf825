package gitlabsrc

import (
	"regexp"
	"strings"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// This file maps GitLab's vocabularies to Paved's forge-neutral ones, row by
// row: CI statuses (pipelines and jobs), deployment statuses, and the
// maturity model's "Finding normalisation" for GitLab vulnerabilities.

// Run statuses, in GitHub Actions' vocabulary as records use it.
const (
	statusQueued     = "queued"
	statusInProgress = "in_progress"
	statusCompleted  = "completed"
)

// ciStatus maps a GitLab pipeline or job status to a status and conclusion.
// "manual" means the pipeline stopped at a job waiting for someone to start
// it: it is over until then, with GitHub's conclusion for that case.
func ciStatus(s string) (status, conclusion string) {
	switch strings.ToLower(s) {
	case "success":
		return statusCompleted, "success"
	case "failed":
		return statusCompleted, "failure"
	case "canceled", "cancelled":
		return statusCompleted, "cancelled"
	case "skipped":
		return statusCompleted, "skipped"
	case "manual":
		return statusCompleted, "action_required"
	case "running", "canceling":
		return statusInProgress, ""
	case "created", "pending", "preparing", "waiting_for_resource", "waiting_for_callback", "scheduled":
		return statusQueued, ""
	}
	return sanitize.Line(strings.ToLower(s), sanitize.MaxName), ""
}

// deploymentState maps a GitLab deployment status to the deployment-status
// vocabulary records use (GitHub's): success, failure, cancelled, ...
// "blocked" waits for an approval.
func deploymentState(s string) string {
	switch strings.ToLower(s) {
	case "success":
		return "success"
	case "failed":
		return "failure"
	case "canceled", "cancelled":
		return "cancelled"
	case "running":
		return "in_progress"
	case "created":
		return "queued"
	case "blocked":
		return "pending"
	case "skipped":
		return "skipped"
	}
	return sanitize.Line(strings.ToLower(s), sanitize.MaxName)
}

// stateCodes number the deployment states, so that each state a deployment
// is seen in gets its own status id (GitLab has no status ids).
var stateCodes = map[string]int64{
	"queued": 1, "pending": 2, "in_progress": 3, "success": 4, "failure": 5, "cancelled": 6, "skipped": 7,
}

// statusForgeID is the id of "deployment d was seen in state s": unique per
// deployment and state, stable across passes.
func statusForgeID(deployment int64, state string) int64 {
	code, ok := stateCodes[state]
	if !ok {
		code = 15
	}
	return deployment*16 + code
}

// vulnCategory maps a GraphQL reportType to a finding category: the model
// names sast, dependency/container scanning (sca), secret detection and
// dast; the other scanners GitLab lists are placed by what they test (image
// scans are sca, fuzzing is dynamic). GENERIC (manually created) has none.
func vulnCategory(reportType string) string {
	switch strings.ToUpper(reportType) {
	case "SAST":
		return model.CategorySAST
	case "DEPENDENCY_SCANNING", "CONTAINER_SCANNING", "CONTAINER_SCANNING_FOR_REGISTRY", "CLUSTER_IMAGE_SCANNING":
		return model.CategorySCA
	case "SECRET_DETECTION":
		return model.CategorySecret
	case "DAST", "API_FUZZING", "COVERAGE_FUZZING":
		return model.CategoryDAST
	}
	return ""
}

// vulnSeverity: GitLab info/unknown → low.
func vulnSeverity(s string) string {
	switch s = strings.ToLower(s); s {
	case model.SeverityCritical, model.SeverityHigh, model.SeverityMedium, model.SeverityLow:
		return s
	}
	return model.SeverityLow
}

// vulnOutcome maps state and dismissalReason. A dismissal without a reason
// (older GitLab) is a decision, counted as risk accepted.
func vulnOutcome(state, reason string) string {
	switch strings.ToUpper(state) {
	case "RESOLVED":
		return model.OutcomeFixed
	case "DISMISSED":
		switch strings.ToUpper(reason) {
		case "FALSE_POSITIVE", "USED_IN_TESTS", "NOT_APPLICABLE":
			return model.OutcomeExcluded
		default: // ACCEPTABLE_RISK, MITIGATING_CONTROL
			return model.OutcomeRiskAccepted
		}
	}
	return model.OutcomeOpen
}

// botUser matches GitLab's machine accounts: project and group access-token
// bots ("project_278964_bot_a1b2…", older "project_6_bot"), service accounts,
// and GitLab's own internal bots.
var botUser = regexp.MustCompile(`^((project|group)_\d+_bot(_[0-9a-f]+|\d*)|service_account_.+|alert-bot|support-bot|gitlab-security-bot|gitlab-migration-bot|security-policy-bot)$`)

// isBot: the user's bot flag when GitLab sends one, a login ending in
// "[bot]", or one of GitLab's machine account names.
func isBot(username string, bot bool) bool {
	return bot || strings.HasSuffix(username, "[bot]") || botUser.MatchString(strings.ToLower(username))
}
