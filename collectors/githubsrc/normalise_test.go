package githubsrc

import "testing"

// Every row of the maturity model's "Finding normalisation" for GitHub.
func TestSeverityNormalisation(t *testing.T) {
	checkNormalised(t, []normalised{
		{"code scanning uses security_severity_level critical", codeScanningSeverity("critical", "note"), "critical"},
		{"code scanning uses security_severity_level high", codeScanningSeverity("high", "note"), "high"},
		{"code scanning uses security_severity_level medium", codeScanningSeverity("medium", "error"), "medium"},
		{"code scanning uses security_severity_level low", codeScanningSeverity("low", "error"), "low"},
		{"code scanning falls back to rule severity error as high", codeScanningSeverity("", "error"), "high"},
		{"code scanning falls back to rule severity warning as medium", codeScanningSeverity("", "warning"), "medium"},
		{"code scanning falls back to rule severity note as low", codeScanningSeverity("", "note"), "low"},
		{"code scanning with no severity at all is low", codeScanningSeverity("", ""), "low"},
		{"Dependabot critical stays critical", dependabotSeverity("critical"), "critical"},
		{"Dependabot high stays high", dependabotSeverity("high"), "high"},
		{"Dependabot moderate becomes medium", dependabotSeverity("moderate"), "medium"},
		{"Dependabot medium stays medium", dependabotSeverity("medium"), "medium"},
		{"Dependabot low stays low", dependabotSeverity("low"), "low"},
		{"secret-scanning alerts are critical", secretSeverity(), "critical"},
	})
}

func TestOutcomeNormalisation(t *testing.T) {
	checkNormalised(t, []normalised{
		{"an open code-scanning alert is open", codeScanningOutcome("open", ""), "open"},
		{"a fixed code-scanning alert is fixed", codeScanningOutcome("fixed", ""), "fixed"},
		{"code scanning dismissed won't fix is risk accepted", codeScanningOutcome("dismissed", "won't fix"), "risk_accepted"},
		{"code scanning dismissed false positive is excluded", codeScanningOutcome("dismissed", "false positive"), "excluded"},
		{"code scanning dismissed used in tests is excluded", codeScanningOutcome("dismissed", "used in tests"), "excluded"},
		{"an open Dependabot alert is open", dependabotOutcome("open", ""), "open"},
		{"a fixed Dependabot alert is fixed", dependabotOutcome("fixed", ""), "fixed"},
		{"Dependabot dismissed tolerable_risk is risk accepted", dependabotOutcome("dismissed", "tolerable_risk"), "risk_accepted"},
		{"Dependabot dismissed no_bandwidth is risk accepted", dependabotOutcome("dismissed", "no_bandwidth"), "risk_accepted"},
		{"Dependabot dismissed fix_started is risk accepted", dependabotOutcome("dismissed", "fix_started"), "risk_accepted"},
		{"Dependabot dismissed inaccurate is excluded", dependabotOutcome("dismissed", "inaccurate"), "excluded"},
		{"Dependabot dismissed not_used is excluded", dependabotOutcome("dismissed", "not_used"), "excluded"},
		{"an auto-dismissed Dependabot alert is excluded", dependabotOutcome("auto_dismissed", ""), "excluded"},
		{"an open secret alert is open", secretOutcome("open", ""), "open"},
		{"a revoked secret is fixed", secretOutcome("resolved", "revoked"), "fixed"},
		{"a secret resolved wont_fix is risk accepted", secretOutcome("resolved", "wont_fix"), "risk_accepted"},
		{"a secret resolved false_positive is excluded", secretOutcome("resolved", "false_positive"), "excluded"},
		{"a secret resolved used_in_tests is excluded", secretOutcome("resolved", "used_in_tests"), "excluded"},
		{"a secret resolved pattern_deleted is excluded", secretOutcome("resolved", "pattern_deleted"), "excluded"},
		{"a secret resolved pattern_edited is excluded", secretOutcome("resolved", "pattern_edited"), "excluded"},
	})
}

// normalised is a forge value as normalised (got) and what it must be (want).
type normalised struct{ name, got, want string }

func checkNormalised(t *testing.T, tests []normalised) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
