package githubsrc

import (
	"strings"

	"github.com/paved-dev/paved/collectors"
)

// This file is the maturity model's "Finding normalisation" for GitHub, row by
// row. Reasons arrive in GitHub's spellings: code scanning uses words
// ("won't fix", "false positive", "used in tests"), Dependabot and secret
// scanning use snake_case.

// codeScanningSeverity: rule.security_severity_level when set, else
// rule.severity error→high, warning→medium, note→low.
func codeScanningSeverity(securityLevel, ruleSeverity string) string {
	switch s := strings.ToLower(securityLevel); s {
	case collectors.SeverityCritical, collectors.SeverityHigh, collectors.SeverityMedium, collectors.SeverityLow:
		return s
	}
	switch strings.ToLower(ruleSeverity) {
	case "error":
		return collectors.SeverityHigh
	case "warning":
		return collectors.SeverityMedium
	default: // note, none, or unknown
		return collectors.SeverityLow
	}
}

// dependabotSeverity: security_advisory.severity, moderate→medium.
func dependabotSeverity(s string) string {
	switch s = strings.ToLower(s); s {
	case collectors.SeverityCritical, collectors.SeverityHigh, collectors.SeverityMedium, collectors.SeverityLow:
		return s
	case "moderate":
		return collectors.SeverityMedium
	default:
		return collectors.SeverityLow
	}
}

// secretSeverity: every secret-scanning alert is critical.
func secretSeverity() string { return collectors.SeverityCritical }

// codeScanningOutcome maps state and dismissed_reason. A dismissal with a
// reason outside the model (or none) is a decision, counted as risk accepted;
// "closed" (the tool or rule stopped reporting) is not a real exposure any more.
func codeScanningOutcome(state, reason string) string {
	switch strings.ToLower(state) {
	case "fixed":
		return collectors.OutcomeFixed
	case "dismissed":
		switch strings.ToLower(reason) {
		case "false positive", "false_positive", "used in tests", "used_in_tests":
			return collectors.OutcomeExcluded
		default: // "won't fix"
			return collectors.OutcomeRiskAccepted
		}
	case "closed":
		return collectors.OutcomeExcluded
	default:
		return collectors.OutcomeOpen
	}
}

// dependabotOutcome maps state and dismissed_reason; auto-dismissed alerts are
// excluded.
func dependabotOutcome(state, reason string) string {
	switch strings.ToLower(state) {
	case "fixed":
		return collectors.OutcomeFixed
	case "auto_dismissed":
		return collectors.OutcomeExcluded
	case "dismissed":
		switch strings.ToLower(reason) {
		case "inaccurate", "not_used":
			return collectors.OutcomeExcluded
		default: // tolerable_risk, no_bandwidth, fix_started
			return collectors.OutcomeRiskAccepted
		}
	default:
		return collectors.OutcomeOpen
	}
}

// secretOutcome maps state and resolution.
func secretOutcome(state, resolution string) string {
	if strings.ToLower(state) != "resolved" {
		return collectors.OutcomeOpen
	}
	switch strings.ToLower(resolution) {
	case "revoked":
		return collectors.OutcomeFixed
	case "false_positive", "used_in_tests", "pattern_deleted", "pattern_edited":
		return collectors.OutcomeExcluded
	default: // wont_fix
		return collectors.OutcomeRiskAccepted
	}
}
