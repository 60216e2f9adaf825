package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

// hungAndHealthy serves the small org from a GitHub simulator that accepts
// every request and never answers, and from a healthy GitLab simulator, and
// writes a config with both (ghExtra is added to the gh source). It returns
// the config's path and the GitLab simulator.
func hungAndHealthy(t *testing.T, ghExtra string) (*simFixture, string, *gitlabsim.Server) {
	t.Helper()
	f, path, gl := bothForges(t, ghExtra)
	f.sim.InjectFault(githubsim.Fault{Hang: true, Times: -1})
	return f, path, gl
}

// bothForges serves the small org from the GitHub and GitLab simulators and
// writes a config with both (ghExtra is added to the gh source).
func bothForges(t *testing.T, ghExtra string) (*simFixture, string, *gitlabsim.Server) {
	t.Helper()
	f := startSim(t)
	gl := gitlabsim.New(f.org, gitlabsim.Options{Token: e2eToken})
	glURL := testkit.StartSim(t, gitlabsim.Start, gl)
	path := filepath.Join(f.dir, "two.yaml")
	cfg := fmt.Sprintf(`database: %s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: %s%s}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: %s}
`, f.dbPath(), f.url, f.org.GitHubOrg, ghExtra, glURL, f.org.GitLabRoot)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return f, path, gl
}

// checkOnlyGitLabStored: the database holds the GitLab group in full (jobs
// are sampled, so not compared) and nothing from the hung GitHub.
func checkOnlyGitLabStored(t *testing.T, f *simFixture, gl *gitlabsim.Server) {
	t.Helper()
	got := factCounts(t, f.dbPath())
	for k, want := range gl.GroundTruth(f.org.GitLabRoot) {
		if k != simorg.GTJobs && got[k] != want {
			t.Errorf("%s: stored %d, the GitLab simulator holds %d", k, got[k], want)
		}
	}
}

// TestAHungForgeDelaysOnlyItsOwnSourceUnderTheScheduler: serve's job queue
// starts both sources at once; GitHub never answers, and GitLab's pass
// completes, is stored and rescored while GitHub's is still blocked. Serve
// shutting down then ends the blocked pass.
func TestAHungForgeDelaysOnlyItsOwnSourceUnderTheScheduler(t *testing.T) {
	f, path, gl := hungAndHealthy(t, "")
	r := startQueueReplica(t, path, map[string]string{"TOKEN": e2eToken})
	// GitLab's pass takes seconds; GitHub's would take its pass_timeout, 2h.
	r.waitForOutput(t, "GitLab's pass stored and rescored while GitHub hung", "scored ")
	if out := r.out.String(); !strings.Contains(out, "gl: ") || strings.Contains(out, "gh: ") {
		t.Fatalf("want GitLab's summary alone while GitHub hangs:\n%s", out)
	}
	if f.sim.Stats().Faults == 0 {
		t.Fatal("GitHub was never asked: it was not collected at the same time")
	}
	checkOnlyGitLabStored(t, f, gl)

	r.cancel()
	if err := r.stop(); err != nil {
		t.Fatalf("the hung pass outlived serve's shutdown: %v", err)
	}
}

// TestCollectAllRunsSourcesAtOnceAndThePassDeadlineEndsAHungOne: `paved
// collect` runs both sources at once; GitHub's pass hangs on its first
// request until its pass_timeout (2s) ends it with a sentence naming the
// source and the deadline, and GitLab's pass is stored in full meanwhile.
func TestCollectAllRunsSourcesAtOnceAndThePassDeadlineEndsAHungOne(t *testing.T) {
	f, path, gl := hungAndHealthy(t, ", pass_timeout: 2s")
	start := time.Now()
	out, stderr, code := runCLI(t, map[string]string{"TOKEN": e2eToken}, "collect", "--config", path)
	wall := time.Since(start)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr)
	}
	if want := `source "gh": timed out after 2s listing its repos`; !strings.Contains(stderr, want) || strings.Contains(stderr, "collection stopped") {
		t.Fatalf("stderr does not say %q:\n%s", want, stderr)
	}
	if !strings.Contains(stderr, "gl: [") {
		t.Errorf("GitLab's progress lines do not start with its source:\n%s", stderr)
	}
	t.Logf("collect took %s", wall)
	checkOnlyGitLabStored(t, f, gl)
}

// TestTwoSourcesWrittenAtOnceStoreEverything: `paved collect` writes both
// forges into one database at the same time (SQLite's single writer takes
// their pages in turn); both passes succeed, no write fails busy, and every
// table holds the sum of both forges' ground truths.
func TestTwoSourcesWrittenAtOnceStoreEverything(t *testing.T) {
	f, path, gl := bothForges(t, "")
	out, stderr, code := runCLI(t, map[string]string{"TOKEN": e2eToken}, "collect", "--config", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, busy := range []string{"database is locked", "SQLITE_BUSY"} {
		if strings.Contains(stderr, busy) {
			t.Fatalf("a write failed busy:\n%s", stderr)
		}
	}
	got := factCounts(t, f.dbPath())
	ghTruth, glTruth := f.org.GroundTruth(simorg.ForgeGitHub), gl.GroundTruth(f.org.GitLabRoot)
	for _, k := range []string{simorg.GTRepos, simorg.GTForgeTeams, simorg.GTForgeTeamRepos, simorg.GTRuns, simorg.GTFindings,
		simorg.GTAnalyses, simorg.GTPullRequests, simorg.GTReviews, simorg.GTDeployments} {
		if got[k] != ghTruth[k]+glTruth[k] {
			t.Errorf("%s: stored %d, GitHub holds %d and GitLab %d", k, got[k], ghTruth[k], glTruth[k])
		}
	}
}
