package githubsrc

import (
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestWorkflowDefinitionsGiveTheCategoriesTheirJobListsWouldShow(t *testing.T) {
	const checkout = "      - uses: actions/checkout@v4\n"
	cases := []struct {
		name  string
		yaml  string
		event string
		want  []string
		ok    bool
	}{
		{"an unnamed run step is named after its command's first line", `
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
` + checkout + `      - run: |
          gosec ./...
          echo done
`, "push", []string{"sast"}, true},
		{"an unnamed action step is named after the action", `
jobs:
  build:
    steps:
      - uses: gitleaks/gitleaks-action@v2
`, "push", []string{"secret"}, true},
		{"a step's name hides its command", `
jobs:
  build:
    steps:
      - name: Build
        run: trivy fs .
`, "push", nil, true},
		{"a job is shown under its key without a name", `
jobs:
  semgrep:
    steps:
      - run: make check
`, "push", []string{"sast"}, true},
		{"a job's name replaces its key", `
jobs:
  semgrep:
    name: Static checks
    steps:
      - run: make check
`, "push", nil, true},
		{"a job for pull requests only is left out of a push run", `
jobs:
  dependency-review:
    if: ${{ github.event_name == 'pull_request' }}
    steps:
      - uses: actions/dependency-review-action@v4
  build:
    steps:
      - run: make
`, "push", nil, true},
		{"a job for pull requests only counts in a pull request run", `
jobs:
  dependency-review:
    if: github.event_name == 'PULL_REQUEST' || github.event_name == 'merge_group'
    steps:
      - uses: actions/dependency-review-action@v4
`, "pull_request", []string{"sca"}, true},
		{"a negated event condition", `
jobs:
  trufflehog:
    if: "!(github.event_name != 'schedule')"
    steps:
      - run: echo
`, "push", nil, true},
		{"matrix values are part of a job's shown name", `
jobs:
  scan:
    strategy:
      matrix:
        tool: [govulncheck, osv-scanner]
    steps:
      - run: make scan
`, "push", []string{"sca"}, true},
		{"a reusable workflow call cannot tell", `
jobs:
  build:
    uses: ./.github/workflows/build.yml
`, "push", nil, false},
		{"a matrix expression in a job name cannot tell", `
jobs:
  test:
    name: ${{ matrix.task }}
    strategy:
      matrix:
        task: [test]
    steps:
      - run: make test
`, "push", nil, false},
		{"an expression in a step name cannot tell", `
jobs:
  build:
    steps:
      - name: Scan with ${{ inputs.tool }}
        run: make scan
`, "push", nil, false},
		{"a local composite action cannot tell", `
jobs:
  build:
    steps:
      - name: Scan
        uses: ./.github/actions/scan
`, "push", nil, false},
		{"a condition on anything but the event cannot tell", `
jobs:
  build:
    if: github.ref == 'refs/heads/main'
    steps:
      - run: gosec ./...
`, "push", nil, false},
		{"a status function cannot tell", `
jobs:
  build:
    if: always()
    steps:
      - run: gosec ./...
`, "push", nil, false},
		{"anchors cannot tell", `
x: &steps
  - run: gosec ./...
jobs:
  build:
    steps: *steps
`, "push", nil, false},
		{"unparsable YAML cannot tell", "jobs: [\n", "push", nil, false},
		{"a file without jobs cannot tell", "name: x\n", "push", nil, false},
		{"an oversized file cannot tell", "jobs:\n  a:\n    steps:\n      - run: gosec\n#" + strings.Repeat("x", maxWorkflowBytes), "push", nil, false},
	}
	cat := model.DefaultCatalogue()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			def := parseWorkflow(tc.yaml)
			got, ok := def.categories(cat, tc.event)
			if ok != tc.ok || !slices.Equal(got, tc.want) {
				t.Errorf("categories %q ok %v, want %q ok %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestEventConditionsAreEvaluatedOnlyWhenTheEventDecidesThem(t *testing.T) {
	cases := []struct {
		expr, event string
		result, ok  bool
	}{
		{"github.event_name == 'push'", "push", true, true},
		{"github.event_name == 'push'", "pull_request", false, true},
		{"github.event_name != 'pull_request' && github.event_name != 'pull_request_target'", "push", true, true},
		{"(github.event_name == 'schedule') || false", "schedule", true, true},
		{"!github.event_name", "push", false, true},
		{"'it''s' == 'IT''S'", "push", true, true},
		{"github.event_name", "", false, true},
		{"github.actor == 'bot'", "push", false, false},
		{"success()", "push", false, false},
		{"github.event_name == 'push", "push", false, false},
		{"github.event_name == 1", "push", false, false},
		{"(github.event_name == 'push'", "push", false, false},
		{"", "push", false, false},
	}
	for _, tc := range cases {
		if got, ok := eventCondition(tc.expr, tc.event); got != tc.result || ok != tc.ok {
			t.Errorf("%q on %s: %v ok %v, want %v ok %v", tc.expr, tc.event, got, ok, tc.result, tc.ok)
		}
	}
}

func TestARunsWorkflowFileIsItsPathUnderTheWorkflowsDirectory(t *testing.T) {
	for path, want := range map[string]string{
		".github/workflows/ci.yml":            "ci.yml",
		".github/workflows/build.yml@main":    "build.yml",
		"dynamic/github-code-scanning/codeql": "",
		".github/workflows/nested/x.yml":      "",
		"":                                    "",
	} {
		got, ok := workflowFile(path)
		if got != want && ok || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", path, got, ok, want)
		}
	}
}
