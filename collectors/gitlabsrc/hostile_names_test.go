package gitlabsrc

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/internal/testkit"
)

// TestHostileProjectNamesAreRequestedByID: six projects of the simulated
// group carry hostile names (a path climbing out of the API, one longer than
// the stored bound, escapes). A first pass and a second one collect every
// project, store what the simulator holds, and ask for every project's
// resources under /api/v4/projects/{id}/ only.
func TestHostileProjectNamesAreRequestedByID(t *testing.T) {
	org := simorg.Generate(11, simorg.ScaleSmall, testNow)
	projects := org.Repos(simorg.ForgeGitLab)
	want := map[string]bool{}
	for i, name := range simorg.HostileRepoNames {
		p := projects[i]
		if err := org.Rename(p.FullName, name); err != nil {
			t.Fatal(err)
		}
		want[sanitize.Line(p.FullName, sanitize.MaxName)] = true
	}
	sim := gitlabsim.New(org, gitlabsim.Options{Token: testToken})
	paths := &testkit.PathLog{Next: sim}
	srv := httptest.NewServer(paths)
	t.Cleanup(srv.Close)
	e := &env{org: org, sim: sim, base: srv.URL + "/api/v4/", db: testkit.OpenDB(t), logs: &testkit.LogBuffer{}}
	c := e.collector(t, org.GitLabRoot, testToken)
	for pass := 1; pass <= 2; pass++ {
		sum, err := e.collect(t, c, collectors.RunOptions{})
		if err != nil || !sum.OK() || sum.Repos != len(projects) {
			t.Fatalf("pass %d: err %v, %d projects, %d failed %+v; want %d, none failed", pass, err, sum.Repos, sum.ReposFailed, sum.Errors, len(projects))
		}
	}
	e.checkGroundTruth(t, org.GitLabRoot)

	stored, err := e.db.SourceRepos(context.Background(), "gl")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range stored {
		delete(want, r.FullName)
	}
	for name := range want {
		t.Errorf("project %.40q… is not stored", name)
	}

	perProject := regexp.MustCompile(`^/api/v4/projects/[0-9]+/[a-z_/0-9]+$`)
	for _, p := range paths.Paths() {
		if p == "/api/graphql" || strings.HasPrefix(p, "/api/v4/groups/") {
			continue
		}
		if !perProject.MatchString(p) {
			t.Errorf("request for %q: a project's resource not addressed by the project's id", p)
		}
	}
}
