package gitlabsrc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

func TestNewValidatesTheConfig(t *testing.T) {
	ok := collectors.SourceConfig{Name: "gl", Token: testToken, Org: "acme", BaseURL: "http://127.0.0.1:1/"}
	tests := []struct {
		name   string
		mutate func(*collectors.SourceConfig)
		want   string
	}{
		{"an empty token is refused", func(c *collectors.SourceConfig) { c.Token = " " }, "token is empty"},
		{"an empty group is refused", func(c *collectors.SourceConfig) { c.Org = "/" }, "org (the GitLab group path) is empty"},
		{"a relative base URL is refused", func(c *collectors.SourceConfig) { c.BaseURL = "gitlab.com" }, "base_url"},
		{"a base URL with credentials is refused", func(c *collectors.SourceConfig) { c.BaseURL = "https://u:" + testToken + "@gitlab.com" }, "must not carry credentials"},
		{"a github kind is refused", func(c *collectors.SourceConfig) { c.Kind = "github" }, "kind"},
		{"a valid config is accepted", func(*collectors.SourceConfig) {}, ""},
		{"the default server is gitlab.com", func(c *collectors.SourceConfig) { c.BaseURL = "" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.mutate(&cfg)
			c, err := New(cfg)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.BaseURL == "" && c.baseURL() != defaultBaseURL {
					t.Fatalf("base URL = %s", c.baseURL())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("the error leaks the token: %v", err)
			}
		})
	}
}

func TestRetriedJobsKeepTheirLatestTryAndCountAttempts(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)
	mk := func(id int64, name string, created time.Time) *job {
		return &job{ID: id, Name: name, CreatedAt: &created}
	}
	// GitLab lists newest id first; a retry is a newer job of the same name.
	jobs := []*job{
		mk(14, "test", t0.Add(20*time.Minute)),
		mk(13, "test", t0.Add(10*time.Minute)),
		mk(12, "build", t0),
		mk(11, "test", t0),
	}
	latest, attempt := latestTries(jobs)
	if attempt != 3 || len(latest) != 2 || latest[0].ID != 14 || latest[1].ID != 12 {
		t.Fatalf("latest %v attempt %d, want jobs 14 and 12 at attempt 3", ids(latest), attempt)
	}
}

func ids(js []*job) []int64 {
	var out []int64
	for _, j := range js {
		out = append(out, j.ID)
	}
	return out
}

func TestVulnerabilitiesBecomeFindings(t *testing.T) {
	r := offlineRun(t)
	// Nodes in the shapes GitLab's GraphQL reference documents (startLine is a String).
	const page = `[
	 {"id":"gid://gitlab/Vulnerability/42","title":"SQL injection","severity":"CRITICAL","reportType":"SAST",
	  "state":"RESOLVED","dismissalReason":null,"detectedAt":"2025-01-01T10:00:00Z","resolvedAt":"2025-01-05T10:00:00Z",
	  "dismissedAt":null,"updatedAt":"2025-01-05T10:00:00Z","webUrl":"http://gitlab.example.com/x/-/security/vulnerabilities/42",
	  "scanner":{"name":"Semgrep"},"primaryIdentifier":{"name":"CWE-89"},
	  "location":{"__typename":"VulnerabilityLocationSast","file":"app/db.go","startLine":"17"}},
	 {"id":"gid://gitlab/Vulnerability/43","title":"Prototype pollution in lodash","severity":"INFO","reportType":"DEPENDENCY_SCANNING",
	  "state":"DISMISSED","dismissalReason":"USED_IN_TESTS","detectedAt":"2025-01-02T10:00:00Z","resolvedAt":null,
	  "dismissedAt":"2025-01-03T10:00:00Z","updatedAt":"2025-01-03T10:00:00Z","webUrl":"",
	  "scanner":{"name":"Gemnasium"},"primaryIdentifier":{"name":"CVE-2024-1"},
	  "location":{"__typename":"VulnerabilityLocationDependencyScanning","file":"package-lock.json","dependency":{"package":{"name":"lodash"},"version":"4.17.20"}}},
	 {"id":"gid://gitlab/Vulnerability/44","title":"CSP header not set","severity":"MEDIUM","reportType":"DAST",
	  "state":"DETECTED","dismissalReason":null,"detectedAt":"2025-01-02T10:00:00Z","resolvedAt":"2024-12-01T00:00:00Z",
	  "dismissedAt":null,"updatedAt":"2025-01-02T10:00:00Z","webUrl":"","scanner":null,"primaryIdentifier":null,
	  "location":{"__typename":"VulnerabilityLocationDast","hostname":"https://staging.example.com","path":"/login"}}
	]`
	var nodes []vulnNode
	if err := json.Unmarshal([]byte(page), &nodes); err != nil {
		t.Fatal(err)
	}
	tm := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	tests := []struct {
		name string
		want model.Finding
	}{
		{"a resolved SAST finding is fixed at its resolution", model.Finding{ForgeID: "42", Category: "sast",
			Severity: "critical", State: "resolved", Outcome: "fixed", Tool: "Semgrep", Rule: "CWE-89",
			RuleText: "SQL injection", Location: "app/db.go:17", CreatedAt: tm("2025-01-01T10:00:00Z"),
			ResolvedAt: tm("2025-01-05T10:00:00Z"), DueAt: tm("2025-01-16T10:00:00Z"),
			HTMLURL: "http://gitlab.example.com/x/-/security/vulnerabilities/42"}},
		{"a dependency dismissed as used in tests is excluded at its dismissal", model.Finding{ForgeID: "43",
			Category: "sca", Severity: "low", State: "dismissed", Reason: "used_in_tests", Outcome: "excluded",
			Tool: "Gemnasium", Rule: "CVE-2024-1", RuleText: "Prototype pollution in lodash",
			Location: "lodash@4.17.20 (package-lock.json)", CreatedAt: tm("2025-01-02T10:00:00Z"),
			ResolvedAt: tm("2025-01-03T10:00:00Z"), DueAt: tm("2025-07-01T10:00:00Z")}},
		{"a reopened DAST finding is open without its old resolution", model.Finding{ForgeID: "44",
			Category: "dast", Severity: "medium", State: "detected", Outcome: "open", RuleText: "CSP header not set",
			Location: "https://staging.example.com/login", CreatedAt: tm("2025-01-02T10:00:00Z"),
			DueAt: tm("2025-04-02T10:00:00Z")}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.convertVulnerability(nodes[i])
			w := tt.want
			if got.Kind != KindVulnerability || got.Source != "gl" || got.RepoForgeID != 1 || got.ForgeID != w.ForgeID ||
				got.Category != w.Category || got.Severity != w.Severity || got.State != w.State || got.Reason != w.Reason ||
				got.Outcome != w.Outcome || got.Tool != w.Tool || got.Rule != w.Rule || got.RuleText != w.RuleText ||
				got.Location != w.Location || !got.CreatedAt.Equal(w.CreatedAt) || !got.ResolvedAt.Equal(w.ResolvedAt) ||
				!got.DueAt.Equal(w.DueAt) || got.HTMLURL != w.HTMLURL {
				t.Fatalf("\n got %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestHostileStringsAreCleanedAndBounded(t *testing.T) {
	r := offlineRun(t)
	created := time.Now()
	mr := mergeRequest{ID: 1, IID: 1, Title: "Fix \x1b[31mred\x1b[0m\u202e" + strings.Repeat("x", 5000), State: "opened",
		Author: user{Username: "eve\nmallory"}, CreatedAt: &created, UpdatedAt: &created}
	pr := r.convertMergeRequest(mr)
	if strings.ContainsAny(pr.Title, "\x1b\u202e") || len(pr.Title) > sanitize.MaxLine || strings.Contains(pr.Author, "\n") {
		t.Fatalf("pull request = %q by %q", pr.Title[:40], pr.Author)
	}
}
