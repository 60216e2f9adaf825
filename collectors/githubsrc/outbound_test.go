package githubsrc

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

// toServer sends every request to srv whatever host it names: a collector
// configured for https://api.github.com/ talks to a local fake.
type toServer struct{ srv *httptest.Server }

func (t toServer) RoundTrip(req *http.Request) (*http.Response, error) {
	u, _ := url.Parse(t.srv.URL)
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = u.Scheme, u.Host
	return t.srv.Client().Transport.RoundTrip(req)
}

// newDotComCollector is a collector for https://api.github.com/ whose requests
// reach f: links in GitHub's own samples (https://github.com/...) are on its
// web host.
func newDotComCollector(t *testing.T, f *fakeGitHub, org string) *Collector {
	t.Helper()
	c, err := New(collectors.SourceConfig{Name: "gh", Kind: "github", BaseURL: "https://api.github.com/", Token: testToken,
		Org: org, Concurrency: 2, HTTPClient: &http.Client{Transport: toServer{f.srv}}})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = discardLogger()
	return c
}

// TestRedirectToAnotherHostIsNotFollowed: the simulated GitHub answers one
// repo's pull list with a 302 to a listener on another loopback address. The
// listener gets no request (so no token), that repo's pulls fail with an error
// naming the source and the host, nothing of them is stored, and every other
// repo is collected.
func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	org := simorg.Generate(1, simorg.ScaleSmall, simNow)
	sim := githubsim.New(org, githubsim.Options{Token: simToken})
	var victim *simorg.Repo
	for _, r := range org.Repos("github") {
		if len(org.Data(r).Pulls) > 0 && !r.Archived {
			victim = r
			break
		}
	}
	if victim == nil {
		t.Fatal("no repo with pulls")
	}
	other := testkit.StartElsewhere(t)
	// What the other host would answer: a pull request, valid JSON.
	other.Body = `[{"id":999999,"number":1,"title":"from elsewhere","state":"open","user":{"login":"mallory"},` +
		`"created_at":"2024-12-30T00:00:00Z","updated_at":"2024-12-30T00:00:00Z","base":{"ref":"main"},"head":{"sha":"abc"}}]`
	pulls := fmt.Sprintf("/repositories/%d/pulls", victim.ID)
	front := httptest.NewServer(testkit.RedirectTo(sim, other.URL, func(r *http.Request) bool {
		return r.URL.Path == pulls
	}))
	t.Cleanup(front.Close)

	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: front.URL + "/", Token: simToken, Org: org.GitHubOrg, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	logs := &testkit.LogBuffer{}
	c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	d := testkit.OpenDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sum, err := c.Collect(ctx, d, collectors.RunOptions{Now: func() time.Time { return org.Now }})
	if err != nil {
		t.Fatalf("the pass stopped: %v", err)
	}

	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host got %d requests (credential headers %v)", n, other.CredentialHeaders())
	}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 {
		t.Fatalf("want exactly the victim's pulls failed: %d repos failed, errors %+v", sum.ReposFailed, sum.Errors)
	}
	e := sum.Errors[0]
	if e.Repo != victim.FullName || !strings.Contains(e.Err, `source "gh"`) || !strings.Contains(e.Err, other.Host) ||
		!strings.Contains(e.Err, "another host") {
		t.Errorf("error %+v does not name the repo, the source and the host %s", e, other.Host)
	}
	if strings.Contains(e.Err, simToken) || strings.Contains(logs.String(), simToken) {
		t.Error("the token leaked into the error")
	}

	var victimPulls, otherPulls int
	q := `SELECT count(*) FROM pull_requests p JOIN repos r ON r.id = p.repo_id WHERE r.source = 'gh' AND r.full_name %s ?`
	if err := d.Reader().QueryRow(strings.Replace(q, "%s", "=", 1), victim.FullName).Scan(&victimPulls); err != nil {
		t.Fatal(err)
	}
	if err := d.Reader().QueryRow(strings.Replace(q, "%s", "<>", 1), victim.FullName).Scan(&otherPulls); err != nil {
		t.Fatal(err)
	}
	if victimPulls != 0 {
		t.Errorf("%d pulls stored for the redirected repo", victimPulls)
	}
	if otherPulls == 0 {
		t.Error("the other repos' pulls were not collected")
	}
	var mallory int
	if err := d.Reader().QueryRow(`SELECT count(*) FROM pull_requests WHERE title = 'from elsewhere' OR forge_id = 999999`).Scan(&mallory); err != nil {
		t.Fatal(err)
	}
	if mallory != 0 {
		t.Error("the other host's answer was stored")
	}
}

// TestSameHostRedirectIsFollowed: a redirect to another path of the same host
// is followed with the token, as GitHub does for renamed repositories.
func TestSameHostRedirectIsFollowed(t *testing.T) {
	org := simorg.Generate(1, simorg.ScaleSmall, simNow)
	sim := githubsim.New(org, githubsim.Options{Token: simToken})
	repos := "/orgs/" + org.GitHubOrg + "/repos"
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == repos:
			http.Redirect(w, r, "/moved"+r.URL.RequestURI(), http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			r2 := r.Clone(r.Context())
			r2.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
			sim.ServeHTTP(w, r2)
		default:
			sim.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: front.URL + "/", Token: simToken, Org: org.GitHubOrg, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = discardLogger()
	d := testkit.OpenDB(t)
	sum, err := c.Collect(context.Background(), d, collectors.RunOptions{Now: func() time.Time { return org.Now }})
	if err != nil || !sum.OK() {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	if got, want := testkit.Counts(t, d)["repos"], int64(len(org.Repos("github"))); got != want {
		t.Errorf("%d repos stored through the same-host redirect, want %d", got, want)
	}
}

// TestLinksPointOnlyAtTheSourcesWebHost: html_url of repos and findings is
// kept on the source's web host (github.com for api.github.com) and dropped
// when it names another host or scheme.
func TestLinksPointOnlyAtTheSourcesWebHost(t *testing.T) {
	f := officialServer(t)
	f.setRaw("/orgs/octocat/repos", `[
	 {"id":1,"name":"good","full_name":"octocat/good","owner":{"login":"octocat"},"html_url":"https://github.com/octocat/good"},
	 {"id":2,"name":"evil","full_name":"octocat/evil","owner":{"login":"octocat"},"html_url":"https://evil.example/octocat/evil"},
	 {"id":3,"name":"js","full_name":"octocat/js","owner":{"login":"octocat"},"html_url":"javascript:alert(1)"},
	 {"id":4,"name":"api","full_name":"octocat/api","owner":{"login":"octocat"},"html_url":"https://api.github.com.evil.example/x"},
	 {"id":5,"name":"user","full_name":"octocat/user","owner":{"login":"octocat"},"html_url":"https://github.com@evil.example/x"},
	 {"id":6,"name":"plain","full_name":"octocat/plain","owner":{"login":"octocat"},"html_url":"http://github.com/octocat/plain"}]`)
	store := newMemStore()
	_, err := collect(t, newDotComCollector(t, f, "octocat"), store, collectors.RunOptions{Now: func() time.Time { return at("2020-03-01T00:00:00Z") }})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"octocat/good": "https://github.com/octocat/good"}
	got := store.all()
	if len(got.Repos) != 6 {
		t.Fatalf("%d repos stored, want 6", len(got.Repos))
	}
	for _, r := range got.Repos {
		if r.HTMLURL != want[r.FullName] {
			t.Errorf("%s: html_url stored as %q, want %q", r.FullName, r.HTMLURL, want[r.FullName])
		}
	}
}

func TestWebOriginOfGitHubAPIs(t *testing.T) {
	for base, want := range map[string]string{
		"https://api.github.com/":          "https://github.com",
		"https://ghe.example.com/api/v3/":  "https://ghe.example.com",
		"https://api.acme.ghe.com/":        "https://acme.ghe.com",
		"http://127.0.0.1:8080/api/v3/":    "http://127.0.0.1:8080",
		"https://API.GitHub.com/":          "https://github.com",
		"https://api.github.com.evil.com/": "https://api.github.com.evil.com",
	} {
		if got := collectors.WebOrigin(mustParseBase(base)).String(); got != want {
			t.Errorf("WebOrigin(%s) = %s, want %s", base, got, want)
		}
	}
}
