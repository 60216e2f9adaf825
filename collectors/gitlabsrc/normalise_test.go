package gitlabsrc

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestCIStatusesMapToRunStatusAndConclusion(t *testing.T) {
	tests := []struct{ in, status, conclusion string }{
		{"success", "completed", "success"},
		{"failed", "completed", "failure"},
		{"canceled", "completed", "cancelled"},
		{"skipped", "completed", "skipped"},
		{"manual", "completed", "action_required"},
		{"running", "in_progress", ""},
		{"canceling", "in_progress", ""},
		{"created", "queued", ""},
		{"pending", "queued", ""},
		{"preparing", "queued", ""},
		{"waiting_for_resource", "queued", ""},
		{"waiting_for_callback", "queued", ""},
		{"scheduled", "queued", ""},
		{"SUCCESS", "completed", "success"},
		{"something_new", "something_new", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in+" is "+tt.status+" "+tt.conclusion, func(t *testing.T) {
			s, c := ciStatus(tt.in)
			if s != tt.status || c != tt.conclusion {
				t.Fatalf("ciStatus(%q) = %q, %q", tt.in, s, c)
			}
		})
	}
}

func TestDeploymentStatusesMapToDeploymentStates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"success", "success"},
		{"failed", "failure"},
		{"canceled", "cancelled"},
		{"running", "in_progress"},
		{"created", "queued"},
		{"blocked", "pending"},
		{"skipped", "skipped"},
		{"Something", "something"},
	}
	seen := map[int64]string{}
	for _, tt := range tests {
		t.Run(tt.in+" is "+tt.want, func(t *testing.T) {
			if got := deploymentState(tt.in); got != tt.want {
				t.Fatalf("deploymentState(%q) = %q", tt.in, got)
			}
		})
		id := statusForgeID(41, deploymentState(tt.in))
		if other, dup := seen[id]; dup && other != deploymentState(tt.in) {
			t.Errorf("states %s and %s share status id %d", other, deploymentState(tt.in), id)
		}
		seen[id] = deploymentState(tt.in)
	}
	if statusForgeID(41, "success") == statusForgeID(42, "success") {
		t.Error("two deployments share a status id")
	}
}

// documented reads an enum's values from GitLab's GraphQL reference excerpt.
func documented(t *testing.T, enum string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "gitlab", "official", "graphql-vulnerability.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| <a id=\"[^\"]*\"></a>`([A-Za-z_]+)` \\|")
	var out []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "### ") {
			in = line == "### `"+enum+"`"
			continue
		}
		if m := row.FindStringSubmatch(line); in && m != nil {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		t.Fatalf("the reference lists no %s values", enum)
	}
	return out
}

func TestEveryDocumentedReportTypeHasACategory(t *testing.T) {
	want := map[string]string{
		"SAST":                            "sast",
		"DEPENDENCY_SCANNING":             "sca",
		"CONTAINER_SCANNING":              "sca",
		"CONTAINER_SCANNING_FOR_REGISTRY": "sca",
		"CLUSTER_IMAGE_SCANNING":          "sca",
		"SECRET_DETECTION":                "secret",
		"DAST":                            "dast",
		"API_FUZZING":                     "dast",
		"COVERAGE_FUZZING":                "dast",
		"GENERIC":                         "",
	}
	for _, rt := range documented(t, "VulnerabilityReportType") {
		t.Run(rt+" is "+want[rt], func(t *testing.T) {
			exp, ok := want[rt]
			if !ok {
				t.Fatalf("report type %s is documented but has no expected category here", rt)
			}
			if got := vulnCategory(rt); got != exp {
				t.Fatalf("vulnCategory(%s) = %q, want %q", rt, got, exp)
			}
		})
	}
}

func TestEveryDocumentedSeverityMapsToTheModelsFour(t *testing.T) {
	want := map[string]string{"CRITICAL": "critical", "HIGH": "high", "MEDIUM": "medium", "LOW": "low", "INFO": "low", "UNKNOWN": "low"}
	for _, s := range documented(t, "VulnerabilitySeverity") {
		t.Run(s+" is "+want[s], func(t *testing.T) {
			if got := vulnSeverity(s); got != want[s] || got == "" {
				t.Fatalf("vulnSeverity(%s) = %q, want %q", s, got, want[s])
			}
		})
	}
}

func TestEveryDocumentedStateAndDismissalReasonHasAnOutcome(t *testing.T) {
	reasons := map[string]string{
		"ACCEPTABLE_RISK": "risk_accepted", "MITIGATING_CONTROL": "risk_accepted",
		"FALSE_POSITIVE": "excluded", "USED_IN_TESTS": "excluded", "NOT_APPLICABLE": "excluded",
	}
	states := map[string]string{"DETECTED": "open", "CONFIRMED": "open", "RESOLVED": "fixed", "DISMISSED": ""}
	for _, st := range documented(t, "VulnerabilityState") {
		want, ok := states[st]
		if !ok {
			t.Fatalf("state %s is documented but not expected here", st)
		}
		if st != "DISMISSED" {
			t.Run(st+" is "+want, func(t *testing.T) {
				if got := vulnOutcome(st, ""); got != want {
					t.Fatalf("vulnOutcome(%s) = %q, want %q", st, got, want)
				}
			})
			continue
		}
		for _, reason := range documented(t, "VulnerabilityDismissalReason") {
			want, ok := reasons[reason]
			if !ok {
				t.Fatalf("dismissal reason %s is documented but not expected here", reason)
			}
			t.Run("dismissed as "+reason+" is "+want, func(t *testing.T) {
				if got := vulnOutcome(st, reason); got != want {
					t.Fatalf("vulnOutcome(%s, %s) = %q, want %q", st, reason, got, want)
				}
			})
		}
		t.Run("dismissed without a reason is a decision: risk_accepted", func(t *testing.T) {
			if got := vulnOutcome(st, ""); got != model.OutcomeRiskAccepted {
				t.Fatalf("vulnOutcome(DISMISSED, \"\") = %q", got)
			}
		})
	}
}

func TestBotsAreRecognisedByFlagSuffixOrGitLabsMachineAccounts(t *testing.T) {
	tests := []struct {
		name string
		user string
		flag bool
		want bool
	}{
		{"a flagged user is a bot", "ci-helper", true, true},
		{"a [bot] suffix is a bot", "renovate[bot]", false, true},
		{"a project access token bot is a bot", "project_278964_bot_3f9c2a1b", false, true},
		{"an older project bot name is a bot", "project_6_bot", false, true},
		{"a group access token bot is a bot", "group_12_bot_0a1b", false, true},
		{"a service account is a bot", "service_account_group_9_1a2b", false, true},
		{"GitLab's alert bot is a bot", "alert-bot", false, true},
		{"a person is not a bot", "alice-payments", false, false},
		{"a person named like a bot is not one", "bot-lover", false, false},
		{"self-hosted Renovate without a flag is left to config", "renovate-bot", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isBot(tt.user, tt.flag); got != tt.want {
				t.Fatalf("isBot(%q, %v) = %v", tt.user, tt.flag, got)
			}
		})
	}
}

func TestMergeRequestPipelinesAreLinkedByTheirRef(t *testing.T) {
	tests := []struct {
		ref  string
		want int
	}{
		{"refs/merge-requests/24/head", 24},
		{"refs/merge-requests/7/merge", 7},
		{"refs/merge-requests/3/train", 3},
		{"main", 0},
		{"refs/merge-requests/x/head", 0},
		{"refs/merge-requests/24/head/extra", 0},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			if got := mergeRequestOf(tt.ref); got != tt.want {
				t.Fatalf("mergeRequestOf(%q) = %d, want %d", tt.ref, got, tt.want)
			}
		})
	}
}

func TestMergeRequestStatesMapToPullRequestStates(t *testing.T) {
	for in, want := range map[string]string{"opened": "open", "locked": "open", "merged": "merged", "closed": "closed"} {
		t.Run(in+" is "+want, func(t *testing.T) {
			if got := mrState(in); got != want {
				t.Fatalf("mrState(%q) = %q", in, got)
			}
		})
	}
}

func TestTheVulnerabilityQueryUsesOnlyDocumentedFields(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "gitlab", "official", "graphql-vulnerability.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	// Query structure and Relay pagination, not part of the excerpt.
	structural := map[string]bool{"query": true, "pavedVulnerabilities": true, "project": true, "fullPath": true,
		"first": true, "after": true, "nodes": true, "pageInfo": true, "hasNextPage": true, "endCursor": true,
		"on": true, "__typename": true, "ID": true, "Int": true, "String": true, "detected_desc": true}
	words := regexp.MustCompile(`[A-Za-z_]+`).FindAllString(vulnerabilitiesQuery, -1)
	for _, w := range words {
		if structural[w] || strings.HasPrefix(w, "VulnerabilityLocation") && strings.Contains(doc, "### `"+w+"`") {
			continue
		}
		if !strings.Contains(doc, "`"+w+"`") && !strings.Contains(doc, "`Project."+w+"`") {
			t.Errorf("the query reads %q, which GitLab's reference excerpt does not document", w)
		}
	}
}
