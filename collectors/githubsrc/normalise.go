package githubsrc

import (
	"strings"

	"github.com/paved-dev/paved/model"
)

// This file is the maturity model's "Finding normalisation" for GitHub, row by
// row. Reasons arrive in GitHub's spellings: code scanning uses words
// ("won't fix", "false positive", "used in tests"), Dependabot and secret
// scanning use snake_case.

// codeScanningSeverity: rule.security_severity_level when set, else
// rule.severity error→high, warning→medium, note→low.
func codeScanningSeverity(securityLevel, ruleSeverity string) string {
	switch s := strings.ToLower(securityLevel); s {
	case model.SeverityCritical, model.SeverityHigh, model.SeverityMedium, model.SeverityLow:
		return s
	}
	switch strings.ToLower(ruleSeverity) {
	case "error":
		return model.SeverityHigh
	case "warning":
		return model.SeverityMedium
	default: // note, none, or unknown
		return model.SeverityLow
	}
}

// dependabotSeverity: security_advisory.severity, moderate→medium.
func dependabotSeverity(s string) string {
	switch s = strings.ToLower(s); s {
	case model.SeverityCritical, model.SeverityHigh, model.SeverityMedium, model.SeverityLow:
		return s
	case "moderate":
		return model.SeverityMedium
	default:
		return model.SeverityLow
	}
}

// secretSeverity: every secret-scanning alert is critical.
func secretSeverity() string { return model.SeverityCritical }

// codeScanningOutcome maps state and dismissed_reason. A dismissal with a
// reason outside the model (or none) is a decision, counted as risk accepted;
// "closed" (the tool or rule stopped reporting) is not a real exposure any more.
func codeScanningOutcome(state, reason string) string {
	switch strings.ToLower(state) {
	case "fixed":
		return model.OutcomeFixed
	case "dismissed":
		switch strings.ToLower(reason) {
		case "false positive", "false_positive", "used in tests", "used_in_tests":
			return model.OutcomeExcluded
		default: // "won't fix"
			return model.OutcomeRiskAccepted
		}
	case "closed":
		return model.OutcomeExcluded
	default:
		return model.OutcomeOpen
	}
}

// dependabotOutcome maps state and dismissed_reason; auto-dismissed alerts are
// excluded.
func dependabotOutcome(state, reason string) string {
	switch strings.ToLower(state) {
	case "fixed":
		return model.OutcomeFixed
	case "auto_dismissed":
		return model.OutcomeExcluded
	case "dismissed":
		switch strings.ToLower(reason) {
		case "inaccurate", "not_used":
			return model.OutcomeExcluded
		default: // tolerable_risk, no_bandwidth, fix_started
			return model.OutcomeRiskAccepted
		}
	default:
		return model.OutcomeOpen
	}
}

// secretOutcome maps state and resolution.
func secretOutcome(state, resolution string) string {
	if strings.ToLower(state) != "resolved" {
		return model.OutcomeOpen
	}
	switch strings.ToLower(resolution) {
	case "revoked":
		return model.OutcomeFixed
	case "false_positive", "used_in_tests", "pattern_deleted", "pattern_edited":
		return model.OutcomeExcluded
	default: // wont_fix
		return model.OutcomeRiskAccepted
	}
}
