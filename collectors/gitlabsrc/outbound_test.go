package gitlabsrc

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// TestRedirectToAnotherHostIsNotFollowed: the simulated GitLab answers one
// project's merge requests with a 302 to a listener on another loopback
// address. client-go would send its Private-Token there (net/http copies
// custom headers to any host); the listener must get no request at all, the
// project's merge requests fail with an error naming the source and the host,
// unretried, nothing of them is stored, and every other project is collected.
func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	org := simorg.Generate(11, simorg.ScaleSmall, testNow)
	sim := gitlabsim.New(org, gitlabsim.Options{Token: testToken})
	var victim *simorg.Repo
	for _, r := range org.Repos("gitlab") {
		if len(org.Data(r).Pulls) > 0 && !r.Archived {
			victim = r
			break
		}
	}
	if victim == nil {
		t.Fatal("no project with merge requests")
	}
	other := testkit.StartElsewhere(t)
	other.Body = `[{"id":999999,"iid":1,"title":"from elsewhere","state":"opened","author":{"username":"mallory"},` +
		`"created_at":"2025-06-01T00:00:00Z","updated_at":"2025-06-01T00:00:00Z","target_branch":"main","sha":"abc"}]`
	mrs := fmt.Sprintf("/api/v4/projects/%d/merge_requests", victim.ID)
	front := httptest.NewServer(testkit.RedirectTo(sim, other.URL, func(r *http.Request) bool {
		return r.URL.Path == mrs
	}))
	t.Cleanup(front.Close)

	logs := &testkit.LogBuffer{}
	c, err := New(collectors.SourceConfig{Name: "gl", Kind: model.ForgeGitLab, BaseURL: front.URL + "/api/v4/", Token: testToken, Org: org.GitLabRoot})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	c.RetryWait = 10 * time.Millisecond
	d := testkit.OpenDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sum, err := c.Collect(ctx, d, collectors.RunOptions{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("the pass stopped: %v", err)
	}

	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host got %d requests (credential headers %v)", n, other.CredentialHeaders())
	}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 {
		t.Fatalf("want exactly the victim's merge requests failed: %d failed, errors %+v", sum.ReposFailed, sum.Errors)
	}
	e := sum.Errors[0]
	if e.Repo != victim.FullName || !strings.Contains(e.Err, `source "gl"`) || !strings.Contains(e.Err, other.Host) ||
		!strings.Contains(e.Err, "another host") {
		t.Errorf("error %+v does not name the project, the source and the host %s", e, other.Host)
	}
	if strings.Contains(e.Err, testToken) || strings.Contains(logs.String(), testToken) {
		t.Error("the token leaked")
	}

	var victimMRs, otherMRs, mallory int
	q := `SELECT count(*) FROM pull_requests p JOIN repos r ON r.id = p.repo_id WHERE r.source = 'gl' AND r.forge_id %s ?`
	if err := d.Reader().QueryRow(strings.Replace(q, "%s", "=", 1), victim.ID).Scan(&victimMRs); err != nil {
		t.Fatal(err)
	}
	if err := d.Reader().QueryRow(strings.Replace(q, "%s", "<>", 1), victim.ID).Scan(&otherMRs); err != nil {
		t.Fatal(err)
	}
	if err := d.Reader().QueryRow(`SELECT count(*) FROM pull_requests WHERE title = 'from elsewhere' OR forge_id = 999999`).Scan(&mallory); err != nil {
		t.Fatal(err)
	}
	if victimMRs != 0 || mallory != 0 {
		t.Errorf("%d merge requests stored for the redirected project, %d from the other host", victimMRs, mallory)
	}
	if otherMRs == 0 {
		t.Error("the other projects' merge requests were not collected")
	}
}

// TestProjectLinksPointOnlyAtTheSourcesWebHost: web_url of a project is kept
// on the GitLab host of the base URL and dropped for another host or scheme.
func TestProjectLinksPointOnlyAtTheSourcesWebHost(t *testing.T) {
	c, err := New(collectors.SourceConfig{Name: "gl", Token: "t", Org: "acme", BaseURL: "https://gitlab.example.com/api/v4/"})
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]string{
		"https://gitlab.example.com/acme/app":         "https://gitlab.example.com/acme/app",
		"https://GITLAB.example.com:443/acme/app":     "https://GITLAB.example.com:443/acme/app",
		"https://gitlab.example.com.evil/acme/app":    "",
		"https://evil.example/acme/app":               "",
		"http://gitlab.example.com/acme/app":          "",
		"https://gitlab.example.com:8443/acme/app":    "",
		"javascript:alert(document.cookie)":           "",
		"https://x@gitlab.example.com/acme/app":       "",
		"//evil.example/acme/app":                     "",
		"https://gitlab.example.com/acme/\x1b[31mapp": "",
	} {
		repo, _ := c.convertProject(&gitlab.Project{ID: 1, PathWithNamespace: "acme/app", WebURL: raw})
		if repo.HTMLURL != want {
			t.Errorf("web_url %q stored as %q, want %q", raw, repo.HTMLURL, want)
		}
	}
}
