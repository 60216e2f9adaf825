package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

// e2eNow is the simulated organisation's "now": fixed, so every run sees the same org.
var e2eNow = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

const e2eToken = "ghp_E2ETOKENdoNotLeak0123456789abcdef"

type simFixture struct {
	org      *simorg.Org
	sim      *githubsim.Server
	url      string
	dir      string
	database string // the config's database: a file in dir, or a Postgres database (testkit.Database)
}

var (
	smallOrgOnce sync.Once
	smallOrg     *simorg.Org
)

// startSim serves the small simulated org (as of e2eNow) on loopback for one test.
func startSim(t *testing.T) *simFixture {
	t.Helper()
	return serveOrg(t, sharedSmallOrg())
}

// sharedSmallOrg is the small org every e2e test reads, generated once.
func sharedSmallOrg() *simorg.Org {
	smallOrgOnce.Do(func() { smallOrg = simorg.Generate(1, simorg.ScaleSmall, e2eNow) })
	return smallOrg
}

// serveOrg serves org on loopback for one test.
func serveOrg(t *testing.T, org *simorg.Org) *simFixture {
	t.Helper()
	return serveOrgWith(t, org, githubsim.Options{Token: e2eToken})
}

// serveOrgWith is serveOrg with the simulator's options.
func serveOrgWith(t *testing.T, org *simorg.Org, opts githubsim.Options) *simFixture {
	t.Helper()
	sim := githubsim.New(org, opts)
	url := testkit.StartSim(t, githubsim.Start, sim)
	return &simFixture{org: org, sim: sim, url: url, dir: t.TempDir(), database: testkit.Database(t)}
}

// writeConfig writes a config for the simulator; extra is appended verbatim.
func (f *simFixture) writeConfig(t *testing.T, org, extra string) string {
	t.Helper()
	cfg := fmt.Sprintf(`database: %s
sources:
  - name: gh
    kind: github
    base_url: %s
    token_env: GH_TOKEN
    org: %s
teams:
  - name: Payments
    github_team: payments
%s`, f.database, f.url, org, extra)
	path := filepath.Join(f.dir, "paved.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (f *simFixture) dbPath() string { return f.database }

// runCLI runs paved with args as main would, at e2eNow, returning output and exit status.
func runCLI(t *testing.T, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLIAt(t, func() time.Time { return e2eNow }, environ, args...)
}

// runCLIAt is runCLI on the given clock.
func runCLIAt(t *testing.T, now func() time.Time, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLIContext(t, context.Background(), now, environ, args...)
}

// runCLIContext is runCLIAt until ctx ends: a command that should have
// stopped by itself (serve) cannot hang the test.
func runCLIContext(t *testing.T, ctx context.Context, now func() time.Time, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(ctx, &env{environ: environ, now: now}, args...)
}

// runEnv runs paved in-process in e, its output captured.
func runEnv(ctx context.Context, e *env, args ...string) (stdout, stderr string, code int) {
	var out, errOut testkit.LogBuffer
	e.stdout, e.stderr = &out, &errOut
	root := newRootCmd(e)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(&errOut, "paved:", err)
	}
	return out.String(), errOut.String(), exitCode(err)
}

// factCounts opens the database read-only-ish and returns its fact counts.
func factCounts(t *testing.T, path string) map[string]int64 {
	t.Helper()
	d := testkit.OpenDBAt(t, path)
	defer d.Close()
	return testkit.Counts(t, d)
}

func totalFacts(c map[string]int64) int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// fileContains reports whether the database holds s anywhere (testkit.StoredBytes).
func fileContains(t *testing.T, dbPath, s string) bool {
	t.Helper()
	return bytes.Contains(testkit.StoredBytes(t, dbPath), []byte(s))
}

func oneLine(t *testing.T, stderr string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	return lines[len(lines)-1]
}

// factCountsIfAny is factCounts, or nothing when the database file was never
// created (a Postgres database always exists: its counts are read).
func factCountsIfAny(t *testing.T, path string) map[string]int64 {
	t.Helper()
	if _, err := os.Stat(path); err != nil && !testkit.OnPostgres() {
		return nil
	}
	return factCounts(t, path)
}

// startCmd starts cmd with its stdout piped and its stderr kept; the process is
// killed when the test ends.
func startCmd(t testing.TB, cmd *exec.Cmd) (io.ReadCloser, *testkit.LogBuffer) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &testkit.LogBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return out, stderr
}

// buildPaved builds the binary once for the test, with the test clock hook.
func buildPaved(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "paved")
	cmd := exec.Command("go", "build", "-ldflags", "-X main.testClockEnv="+crashClockEnv, "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// forgeSim is a `paved forge-sim` process: the simulated GitHub and GitLab APIs.
type forgeSim struct {
	github, gitlab string
}

// startForgeSim runs `paved forge-sim` of bin at scale, its clock standing at at,
// accepting e2eToken, until the test ends.
func startForgeSim(t testing.TB, bin, scale string, at time.Time) forgeSim {
	t.Helper()
	cmd := exec.Command(bin, "forge-sim", "--token", e2eToken, "--scale", scale)
	cmd.Env = append(os.Environ(), crashClockEnv+"="+at.Format(time.RFC3339))
	out, stderr := startCmd(t, cmd)
	var f forgeSim
	sc := bufio.NewScanner(out)
	for (f.github == "" || f.gitlab == "") && sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "simulated GitHub API at "); ok {
			f.github, _, _ = strings.Cut(u, " ")
		}
		if u, ok := strings.CutPrefix(sc.Text(), "simulated GitLab API at "); ok {
			f.gitlab, _, _ = strings.Cut(u, " ")
		}
	}
	if f.github == "" || f.gitlab == "" {
		t.Fatalf("forge-sim printed no URLs; stderr: %s", stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return f
}
