package model

import (
	"slices"
	"strings"
)

// Catalogue maps a scan category (sast, sca, secret) to the case-insensitive
// substrings that mark a job or step name as a scan of that category. It is
// configurable; DefaultCatalogue is the maturity model's table.
type Catalogue map[string][]string

// DefaultCatalogue returns the maturity model's "Security tool catalogue".
// A fresh map is returned each time so callers may extend it safely.
func DefaultCatalogue() Catalogue {
	return Catalogue{
		CategorySAST: {"codeql", "semgrep", "sonar", "gosec", "bandit", "brakeman", "njsscan", "sast"},
		CategorySCA: {"dependabot", "dependency-review", "snyk", "trivy", "grype", "osv-scanner",
			"govulncheck", "npm audit", "dependency-check", "dependency_scanning"},
		CategorySecret: {"gitleaks", "trufflehog", "detect-secrets", "secret"},
	}
}

// reportTypeCategories maps GitLab artifacts:reports types to scan categories.
// dast is deliberately absent: it counts in remediation, not in scan coverage.
var reportTypeCategories = map[string]string{
	"sast":                CategorySAST,
	"dependency_scanning": CategorySCA,
	"container_scanning":  CategorySCA,
	"secret_detection":    CategorySecret,
}

// ReportTypeCategory returns the scan category of a GitLab report artifact type.
func ReportTypeCategory(reportType string) (string, bool) {
	c, ok := reportTypeCategories[strings.ToLower(strings.TrimSpace(reportType))]
	return c, ok
}

// Detect returns the sorted, unique scan categories of a job: a category counts
// when the job name or a step name contains one of its patterns
// (case-insensitive), or when the job publishes a report artifact of it.
// It returns nil for a job that is not a scan.
func (c Catalogue) Detect(jobName string, steps []string, reportTypes []string) []string {
	var found []string
	add := func(cat string) {
		if !slices.Contains(found, cat) {
			found = append(found, cat)
		}
	}
	names := make([]string, 0, 1+len(steps))
	names = append(names, strings.ToLower(jobName))
	for _, s := range steps {
		names = append(names, strings.ToLower(s))
	}
	for cat, patterns := range c {
		if matchesAny(names, patterns) {
			add(cat)
		}
	}
	for _, rt := range reportTypes {
		if cat, ok := ReportTypeCategory(rt); ok {
			add(cat)
		}
	}
	slices.Sort(found)
	return found
}

func matchesAny(names, patterns []string) bool {
	for _, p := range patterns {
		p = strings.ToLower(p)
		if p == "" {
			continue
		}
		for _, n := range names {
			if strings.Contains(n, p) {
				return true
			}
		}
	}
	return false
}

// MergeCategories returns the sorted union of category sets.
func MergeCategories(sets ...[]string) []string {
	var out []string
	for _, s := range sets {
		for _, c := range s {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}
