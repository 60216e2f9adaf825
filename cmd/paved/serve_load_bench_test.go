package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/benchdb"
	"github.com/paved-dev/paved/fixtures/simorg"
)

// pageClients is how many users open pages at once in the serve benchmarks.
const pageClients = 16

// BenchmarkServeFirstCollection runs the real binary as a user would on the large
// simulated organisation: `paved serve` on a fresh database with a GitHub and a
// GitLab source (`paved forge-sim --scale large`, its own process), collecting at
// start. From the moment serve listens until both sources are collected and
// rescored, 16 clients loop over the pages a user opens. It reports the pages'
// p50 and p99, how many answers were not 2xx (a team's or repo's page may be 404
// only until that first rescore is done: before it the team has no scorecard and
// the repo may not be stored yet), and serve's peak resident memory (VmHWM).
// Goals (issue 12): p99 < 100 ms, peak ≤ 512 MiB.
func BenchmarkServeFirstCollection(b *testing.B) {
	bin, org, sim := largeServeRig(b)
	b.ResetTimer()
	for range b.N {
		dir := b.TempDir()
		s := startServe(b, bin, writeServeConfig(b, dir, filepath.Join(dir, "paved.db"), sim, org, true))
		start := time.Now()
		load := startPageLoad(s.base, userPaths(org, true), pageClients)
		s.out.wait(b, "scored ", 1, 2*time.Hour) // one rescore per source
		b.Logf("first source scored at +%s", time.Since(start).Round(time.Second))
		s.out.wait(b, "scored ", 2, 2*time.Hour)
		dataAt := time.Now()
		hits := load.stop()
		b.ReportMetric(peakRSSMiB(b, s.cmd.Process.Pid), "serve_peak_MiB")
		b.ReportMetric(dataAt.Sub(start).Seconds(), "collection_s")
		// Before the first rescores end, a page that shows a scorecard or a
		// repo is 404: nothing is scored (the organisation's API says so too)
		// or the repo is not stored yet. Expected; after them, nothing is.
		figures := summarise(hits, func(h pageHit) bool {
			return h.at.Before(dataAt) && (strings.HasPrefix(h.path, "/teams/") || strings.HasPrefix(h.path, "/repos/") || h.path == "/api/v1/org")
		})
		figures.report(b, "", start)
		b.ReportMetric(float64(figures.expected404), "early404")
		if strings.Contains(s.out.stderr.String(), "collection failed") {
			b.Errorf("a collection failed:\n%s", s.out.stderr.String())
		}
	}
	b.ReportMetric(0, "ns/op") // one op is a whole collection; its time is collection_s
}

// BenchmarkServeDuringCollectFull serves a copy of the large database, collected
// and scored, while a second process runs `paved collect --full` on the same file,
// and reports the pages' latencies over that collection and its rescore (16
// clients), and serve's peak memory. Every answer must be 2xx: the data is there.
func BenchmarkServeDuringCollectFull(b *testing.B) {
	bin, org, sim := largeServeRig(b)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dbPath := benchdb.Copy(b)
		cfg := writeServeConfig(b, filepath.Dir(dbPath), dbPath, sim, org, false)
		s := startServe(b, bin, cfg)
		s.out.wait(b, "scored ", 1, 2*time.Hour) // serve's own pass at start
		b.StartTimer()
		load := startPageLoad(s.base, userPaths(org, false), pageClients)
		start := time.Now()
		collect := exec.Command(bin, "collect", "--config", cfg, "--full")
		collect.Env = benchEnv()
		out, err := collect.CombinedOutput()
		took := time.Since(start)
		hits := load.stop()
		if err != nil {
			b.Fatalf("collect --full: %v\n%s", err, out)
		}
		b.ReportMetric(peakRSSMiB(b, s.cmd.Process.Pid), "serve_peak_MiB")
		b.ReportMetric(took.Seconds(), "collection_s")
		summarise(hits, func(pageHit) bool { return false }).report(b, "", start)
	}
	b.ReportMetric(0, "ns/op")
}

// largeServeRig skips unless PAVED_BENCH_LARGE is set, and otherwise returns the
// binary under test, the large organisation and `paved forge-sim` serving it. The
// binary is PAVED_BENCH_BIN when set (to compare builds of other commits in one
// session), else this tree's, built now.
func largeServeRig(b *testing.B) (bin string, org *simorg.Org, sim forgeSim) {
	if os.Getenv("PAVED_BENCH_LARGE") == "" {
		b.Skip("set PAVED_BENCH_LARGE=1 (make bench) to run on the large simulated organisation")
	}
	if bin = os.Getenv("PAVED_BENCH_BIN"); bin == "" {
		bin = buildPaved(b)
	}
	return bin, benchdb.Org(), startForgeSim(b, bin, "large", benchdb.Now)
}

// benchEnv is the environment of the processes the serve benchmarks start: the
// simulator's token, and the clock standing at the large organisation's now.
func benchEnv() []string {
	return append(os.Environ(), "TOKEN="+e2eToken, crashClockEnv+"="+benchdb.Now.Format(time.RFC3339))
}

// servedPaved is a running `paved serve`.
type servedPaved struct {
	cmd  *exec.Cmd
	base string
	out  *outputLines
}

// startServe runs `paved serve` on cfg until the test ends and waits until it listens.
func startServe(tb testing.TB, bin, cfg string) *servedPaved {
	tb.Helper()
	cmd := exec.Command(bin, "serve", "--config", cfg)
	cmd.Env = benchEnv()
	stdout, stderr := startCmd(tb, cmd)
	s := &servedPaved{cmd: cmd, out: followLines(stdout, stderr)}
	s.out.wait(tb, "Paved is serving on ", 1, 5*time.Minute)
	for _, l := range strings.Split(s.out.text(), "\n") {
		if u, ok := strings.CutPrefix(l, "Paved is serving on "); ok {
			s.base = strings.TrimSuffix(u, "/")
		}
	}
	return s
}

// writeServeConfig writes the config of serve over dbPath: the GitHub source
// (and the GitLab one when withGitLab), collected once a day, so once at start,
// and the organisation's teams as benchdb scores them, with their GitLab groups
// when withGitLab.
func writeServeConfig(tb testing.TB, dir, dbPath string, sim forgeSim, org *simorg.Org, withGitLab bool) string {
	tb.Helper()
	var c strings.Builder
	fmt.Fprintf(&c, "database: %s\nlisten: %s\nsources:\n", dbPath, freeAddr(tb))
	fmt.Fprintf(&c, "  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: %s, schedule: '@every 24h'}\n", sim.github, org.GitHubOrg)
	if withGitLab {
		fmt.Fprintf(&c, "  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: %s, schedule: '@every 24h'}\n", sim.gitlab, org.GitLabRoot)
	}
	c.WriteString("teams:\n")
	for _, t := range org.Teams() {
		gh, gl := "", ""
		if t.GitHub {
			gh = t.Slug
		}
		if withGitLab {
			gl = t.GitLabGroup
		}
		if gh == "" && gl == "" {
			continue
		}
		fmt.Fprintf(&c, "  - {name: %q, github_team: %q, gitlab_group: %q}\n", t.Name, gh, gl)
	}
	path := filepath.Join(dir, "paved.yaml")
	if err := os.WriteFile(path, []byte(c.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// userPaths are the pages a user opens: the overview, the teams, two teams'
// pages, a repo of each forge, the sync page, and the API and health check.
func userPaths(org *simorg.Org, withGitLab bool) []string {
	teams := org.Teams()
	paths := []string{"/", "/teams", "/teams/" + teams[0].Slug, "/teams/" + teams[len(teams)/2].Slug, "/sync",
		"/api/v1/teams", "/api/v1/org", "/healthz"}
	if r := org.TeamRepos(teams[0], simorg.ForgeGitHub); len(r) > 0 {
		paths = append(paths, "/repos/gh/"+r[0].FullName)
	}
	if withGitLab {
		for _, t := range teams {
			if r := org.TeamRepos(t, simorg.ForgeGitLab); len(r) > 0 {
				paths = append(paths, "/repos/gl/"+r[0].FullName)
				break
			}
		}
	}
	return paths
}
