package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/internal/testkit"
)

// TestBothStoresHoldTheSameRowsAndScorecards: the small simulated organisation,
// GitHub and GitLab, collected and scored into a SQLite file and into a Postgres
// database, leaves the same rows in every table of both, every scorecard
// (each scope, each instant, its whole body) included.
func TestBothStoresHoldTheSameRowsAndScorecards(t *testing.T) {
	if !testkit.OnPostgres() {
		t.Skip("compares with Postgres: set PAVED_TEST_POSTGRES")
	}
	f := startSim(t)
	glURL := testkit.StartSim(t, gitlabsim.Start, gitlabsim.New(f.org, gitlabsim.Options{Token: e2eToken}))
	config := func(name, database string) string {
		path := filepath.Join(f.dir, name+".yaml")
		body := fmt.Sprintf(`database: %s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: %s}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: %s}
teams:
  - {name: Payments, github_team: payments, gitlab_group: %s/payments}
  - {name: Platform, slug: platform, repos: ["gh:%s/*"]}
`, database, f.url, f.org.GitHubOrg, glURL, f.org.GitLabRoot, f.org.GitLabRoot, f.org.GitHubOrg)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	sqlite := filepath.Join(f.dir, "paved.db")
	stores := map[string]string{"sqlite": sqlite, "postgres": f.dbPath()}
	scored := map[string]string{}
	for name, database := range stores {
		cfg := config(name, database)
		environ := map[string]string{"TOKEN": e2eToken}
		if _, stderr, code := runCLI(t, environ, "collect", "--config", cfg); code != 0 {
			t.Fatalf("%s: collect exited %d: %s", name, code, stderr)
		}
		stdout, stderr, code := runCLI(t, environ, "score", "--config", cfg)
		if code != 0 {
			t.Fatalf("%s: score exited %d: %s", name, code, stderr)
		}
		scored[name], _, _ = strings.Cut(stdout, " in ") // less the time it took
	}

	clocks := clockRange{from: e2eNow, to: e2eNow}
	want, got := dumpTables(t, sqlite, clocks), dumpTables(t, f.dbPath(), clocks)
	if len(want["scorecards"]) == 0 || len(want["runs"]) == 0 {
		t.Fatalf("SQLite holds %d scorecards and %d runs: the comparison would compare nothing",
			len(want["scorecards"]), len(want["runs"]))
	}
	compareDumps(t, "Postgres", want, got)
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("Postgres has a table %s that SQLite has not", table)
		}
	}
	if scored["sqlite"] != scored["postgres"] {
		t.Errorf("paved score printed\n%q on SQLite,\n%q on Postgres", scored["sqlite"], scored["postgres"])
	}
}
