package model

import (
	"slices"
	"testing"
)

func TestDetect(t *testing.T) {
	cat := DefaultCatalogue()
	tests := []struct {
		name    string
		job     string
		steps   []string
		reports []string
		want    []string
	}{
		{"a plain build job is not a scan", "build", []string{"Checkout", "go test ./..."}, nil, nil},
		{"a job named CodeQL is sast whatever its case", "Analyze (CODEQL)", nil, nil, []string{"sast"}},
		{"a semgrep step makes the job sast", "lint", []string{"Run semgrep ci"}, nil, []string{"sast"}},
		{"sonar, gosec, bandit, brakeman and njsscan are sast", "x", []string{"SonarCloud Scan"}, nil, []string{"sast"}},
		{"gosec is sast", "gosec", nil, nil, []string{"sast"}},
		{"bandit is sast", "Bandit", nil, nil, []string{"sast"}},
		{"brakeman is sast", "brakeman", nil, nil, []string{"sast"}},
		{"njsscan is sast", "njsscan", nil, nil, []string{"sast"}},
		{"a job called sast is sast", "gitlab-sast", nil, nil, []string{"sast"}},
		{"dependency-review is sca", "dependency-review", nil, nil, []string{"sca"}},
		{"dependabot is sca", "Dependabot Updates", nil, nil, []string{"sca"}},
		{"snyk is sca", "x", []string{"snyk test"}, nil, []string{"sca"}},
		{"trivy is sca", "Trivy image scan", nil, nil, []string{"sca"}},
		{"grype is sca", "grype", nil, nil, []string{"sca"}},
		{"osv-scanner is sca", "osv-scanner", nil, nil, []string{"sca"}},
		{"govulncheck is sca", "govulncheck", nil, nil, []string{"sca"}},
		{"npm audit with a space is sca", "x", []string{"Run NPM Audit"}, nil, []string{"sca"}},
		{"dependency-check is sca", "OWASP dependency-check", nil, nil, []string{"sca"}},
		{"a dependency_scanning job is sca", "gemnasium-dependency_scanning", nil, nil, []string{"sca"}},
		{"gitleaks is secret", "gitleaks", nil, nil, []string{"secret"}},
		{"trufflehog is secret", "x", []string{"TruffleHog OSS"}, nil, []string{"secret"}},
		{"detect-secrets is secret", "detect-secrets", nil, nil, []string{"secret"}},
		{"a job named secret_detection is secret", "secret_detection", nil, nil, []string{"secret"}},
		{"a job with several tools has every category, sorted", "security",
			[]string{"gitleaks", "codeql init", "trivy fs"}, nil, []string{"sast", "sca", "secret"}},
		{"a sast report artifact is sast", "custom", nil, []string{"sast"}, []string{"sast"}},
		{"a dependency_scanning report is sca", "custom", nil, []string{"dependency_scanning"}, []string{"sca"}},
		{"a container_scanning report is sca", "custom", nil, []string{"container_scanning"}, []string{"sca"}},
		{"a secret_detection report is secret", "custom", nil, []string{"secret_detection"}, []string{"secret"}},
		{"a dast report is not a scan category of coverage", "custom", nil, []string{"dast"}, nil},
		{"a junit report is not a scan", "custom", nil, []string{"junit"}, nil},
		{"a name and a report of the same category count once", "sast", nil, []string{"sast"}, []string{"sast"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cat.Detect(tt.job, tt.steps, tt.reports)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Detect(%q, %q, %q) = %q, want %q", tt.job, tt.steps, tt.reports, got, tt.want)
			}
		})
	}
}

func TestDefaultCatalogueIsTheModelTable(t *testing.T) {
	// Counted from the maturity model's table so a silent edit shows up here.
	want := map[string]int{"sast": 8, "sca": 10, "secret": 4}
	got := DefaultCatalogue()
	for cat, n := range want {
		if len(got[cat]) != n {
			t.Errorf("category %s has %d patterns, want %d", cat, len(got[cat]), n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("catalogue has %d categories, want %d", len(got), len(want))
	}
}

func TestACustomCatalogueIsHonoured(t *testing.T) {
	c := Catalogue{CategorySAST: {"MyScanner"}}
	if got := c.Detect("run myscanner", nil, nil); !slices.Equal(got, []string{"sast"}) {
		t.Fatalf("custom pattern not matched case-insensitively: %q", got)
	}
	if got := c.Detect("codeql", nil, nil); got != nil {
		t.Fatalf("a custom catalogue must not fall back to the default patterns: %q", got)
	}
}

func TestMergeCategories(t *testing.T) {
	got := MergeCategories([]string{"sca", "sast"}, nil, []string{"secret", "sast"})
	if !slices.Equal(got, []string{"sast", "sca", "secret"}) {
		t.Fatalf("MergeCategories = %q", got)
	}
}
