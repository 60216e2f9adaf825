package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

func TestCollectStoresTheSimulatedOrgAndRescores(t *testing.T) {
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	stdout, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfg)
	if code != 0 {
		t.Fatalf("collect exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	want := f.org.GroundTruth("github")
	got := factCounts(t, f.dbPath())
	for kind, n := range want {
		if kind == simorg.GTJobs {
			continue // jobs are sampled; collectors/githubsrc's e2e test checks them run by run
		}
		if got[kind] != n {
			t.Errorf("%s: %d stored, the simulator has %d", kind, got[kind], n)
		}
	}
	checkObservations(t, f)
	if !strings.Contains(stdout, "gh: ") || !strings.Contains(stdout, " 0 failed") || !strings.Contains(stdout, "scored ") {
		t.Errorf("stdout lacks the per-source summary or the rescore line:\n%s", stdout)
	}
	if strings.Contains(stdout+stderr, e2eToken) || fileContains(t, f.dbPath(), e2eToken) {
		t.Fatal("the token leaked into output or the database")
	}
}

func TestCollectBadInputFailsWithOneSentenceAndStoresNothing(t *testing.T) {
	cases := []struct {
		name     string
		environ  map[string]string
		org      string
		extra    string
		fault    *githubsim.Fault
		wantCode int
		want     []string
	}{
		{name: "a missing token variable", environ: map[string]string{}, org: "acme",
			wantCode: 2, want: []string{`source "gh"`, "GH_TOKEN", "not set"}},
		{name: "a token GitHub rejects", environ: map[string]string{"GH_TOKEN": "wrong-token"}, org: "acme",
			wantCode: 1, want: []string{`"gh"`, "401"}},
		{name: "an organisation that does not exist", environ: map[string]string{"GH_TOKEN": e2eToken}, org: "no-such-org",
			wantCode: 1, want: []string{`"gh"`, "no-such-org", "not found"}},
		{name: "an unknown config key", environ: map[string]string{"GH_TOKEN": e2eToken}, org: "acme", extra: "colour: blue\n",
			wantCode: 2, want: []string{"paved.yaml", "line 11", `unknown key "colour"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := startSim(t)
			cfg := f.writeConfig(t, tc.org, tc.extra)
			_, stderr, code := runCLI(t, tc.environ, "collect", "--config", cfg)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.wantCode, stderr)
			}
			line := oneLine(t, stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("error %q does not mention %q", line, w)
				}
			}
			if n := totalFacts(factCountsIfAny(t, f.dbPath())); n != 0 {
				t.Errorf("%d facts stored after a failed start", n)
			}
			if strings.Contains(stderr, e2eToken) {
				t.Error("the token leaked into stderr")
			}
		})
	}
}

func TestCollectMalformedPageFailsThatRepoOnlyAndExitsNonZero(t *testing.T) {
	f := startSim(t)
	failing := f.org.Repos("github")[3]
	repo := failing.FullName
	f.sim.InjectFault(githubsim.Fault{PathContains: fmt.Sprintf("/repositories/%d/pulls?", failing.ID), Malformed: true})
	cfg := f.writeConfig(t, "acme", "")
	stdout, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, repo) || !strings.Contains(stdout, "1 failed") {
		t.Errorf("summary does not name the failed repo %s:\n%s", repo, stdout)
	}
	got := factCounts(t, f.dbPath())
	want := f.org.GroundTruth("github")
	if got["repos"] != want["repos"] || got["runs"] != want["runs"] {
		t.Errorf("other repos were not collected: repos %d/%d runs %d/%d", got["repos"], want["repos"], got["runs"], want["runs"])
	}
	if got["pull_requests"] >= want["pull_requests"] {
		t.Errorf("the malformed repo's pulls were stored: %d of %d", got["pull_requests"], want["pull_requests"])
	}

	// The next pass, with the forge healthy again, completes the data.
	stdout, stderr, code = runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfg)
	if code != 0 {
		t.Fatalf("second pass exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if got := factCounts(t, f.dbPath()); got["pull_requests"] != want["pull_requests"] {
		t.Errorf("after recovery: %d pulls, want %d", got["pull_requests"], want["pull_requests"])
	}
}

// checkObservations: a first pass records each scanner feature of every repo once,
// enabled exactly where the simulated repo has it: code scanning needs Advanced
// Security and at least one analysis, Dependabot alerts and secret scanning their
// switches.
func checkObservations(t *testing.T, f *simFixture) {
	t.Helper()
	want := map[[2]string]int{}
	repos := f.org.Repos("github")
	for _, r := range repos {
		on := map[string]bool{
			"code_scanning":     r.Features.AdvancedSecurity && len(f.org.Data(r).Analyses) > 0,
			"dependabot_alerts": r.Features.DependabotAlerts,
			"secret_scanning":   r.Features.SecretScanning,
		}
		for feature, enabled := range on {
			state := "off"
			if enabled {
				state = "on"
			}
			want[[2]string{feature, state}]++
		}
	}
	d := testkit.OpenDBAt(t, f.dbPath())
	rows, err := d.Reader().Query(`SELECT feature, CASE enabled WHEN 1 THEN 'on' ELSE 'off' END, COUNT(*) FROM observations GROUP BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[[2]string]int{}
	for rows.Next() {
		var feature, state string
		var n int
		if err := rows.Scan(&feature, &state, &n); err != nil {
			t.Fatal(err)
		}
		got[[2]string{feature, state}] = n
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("observations %s %s: %d stored, %d repos", k[0], k[1], got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("observations %v, want %v", got, want)
	}
}

// TestCollectReportsAStoreThatFailsBeforeAnyRepo: with a page of the repos
// table overwritten, the pass's first write fails. The summary says the
// source failed and why, not "0 repos synced, 0 failed", and collect exits 1
// naming the source.
func TestCollectReportsAStoreThatFailsBeforeAnyRepo(t *testing.T) {
	testkit.SQLiteOnly(t, "a page of the file overwritten")
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	environ := map[string]string{"GH_TOKEN": e2eToken}
	if _, stderr, code := runCLI(t, environ, "migrate", "--config", cfg); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}
	testkit.CorruptTable(t, f.dbPath(), "repos")
	stdout, stderr, code := runCLI(t, environ, "collect", "--config", cfg)
	if code != 1 || !strings.Contains(stderr, `source "gh"`) {
		t.Errorf("exit %d, stderr %q; want 1 naming source \"gh\"", code, stderr)
	}
	const want = "gh: source failed: storing the organisation's repositories: "
	if !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "malformed; before it stopped: 0 repos synced, 0 failed, 0 records") {
		t.Errorf("summary %q, want it to start %q and say what was done before", stdout, want)
	}
}
