package githubsrc

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/internal/testkit"
)

// TestHostileRepoNamesAreRequestedByID: six repos of the simulated org carry
// hostile names. A first pass and an incremental one (the repos list answers
// 304, so the repos come from the store, under their stored names) collect
// every repo, store what the simulator holds, and ask for every repo's
// resources under /repositories/{id}/ only.
func TestHostileRepoNamesAreRequestedByID(t *testing.T) {
	org := simorg.Generate(1, simorg.ScaleSmall, simNow)
	for i, name := range simorg.HostileRepoNames {
		if err := org.Rename(org.Repos("github")[i].FullName, name); err != nil {
			t.Fatal(err)
		}
	}
	sim := githubsim.New(org, githubsim.Options{Token: simToken})
	paths := &testkit.PathLog{Next: sim}
	srv := httptest.NewServer(paths)
	t.Cleanup(srv.Close)
	c, err := New(collectors.SourceConfig{Name: "gh", Kind: "github", BaseURL: srv.URL + "/", Token: simToken,
		Org: org.GitHubOrg, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	e := &simEnv{org: org, sim: sim, db: testkit.OpenDB(t), c: c, logs: &testkit.LogBuffer{}}
	c.Logger = slog.New(slog.NewTextHandler(e.logs, nil))

	repos := len(org.Repos("github"))
	if sum := e.collect(t, false); sum.Repos != repos {
		t.Fatalf("first pass: %d repos, want %d", sum.Repos, repos)
	}
	if sum := e.collect(t, false); sum.Repos != repos || sum.NotModified == 0 {
		t.Fatalf("incremental pass: %d repos, %d answered 304; want %d repos from the stored list", sum.Repos, sum.NotModified, repos)
	}
	e.checkGroundTruth(t)

	stored, err := e.db.SourceRepos(context.Background(), "gh")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range stored {
		names[r.FullName] = true
	}
	for _, name := range simorg.HostileRepoNames {
		if want := sanitize.Line("acme/"+name, sanitize.MaxName); !names[want] {
			t.Errorf("repo %.40q… is not stored", want)
		}
	}

	perRepo := regexp.MustCompile(`^/repositories/[0-9]+/[a-z/0-9-]+$`)
	for _, p := range paths.Paths() {
		if p == "/graphql" || strings.HasPrefix(p, "/orgs/acme/") {
			continue
		}
		if !perRepo.MatchString(p) {
			t.Errorf("request for %q: a repo's resource not addressed by the repo's id", p)
		}
	}
}
