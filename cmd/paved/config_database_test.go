package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testkit"
)

func TestDatabaseSettings(t *testing.T) {
	const pgURL = "postgres://paved@db.internal:5432/paved?sslmode=verify-full"
	for _, tc := range []struct {
		name, yaml string
		environ    map[string]string
		wantErr    []string // all in the error; nil for a config that loads
		password   string
	}{
		{name: "a SQLite file takes no password", yaml: "database: paved.db\n"},
		{name: "a Postgres URL loads", yaml: "database: " + pgURL + "\n"},
		{name: "the password comes from the variable database_password_env names",
			yaml:    "database: " + pgURL + "\ndatabase_password_env: PAVED_DB_PASSWORD\n",
			environ: map[string]string{"PAVED_DB_PASSWORD": "s3cret-pw"}, password: "s3cret-pw"},
		{name: "an unset password variable is an error naming both",
			yaml:    "database: " + pgURL + "\ndatabase_password_env: PAVED_DB_PASSWORD\n",
			wantErr: []string{"database_password_env", "PAVED_DB_PASSWORD", "not set"}},
		{name: "a password in the URL is refused without repeating it",
			yaml:    "database: postgres://paved:s3cret-pw@db.internal/paved\n",
			wantErr: []string{"database:", "must not hold a password"}},
		{name: "a password parameter in the URL is refused too",
			yaml:    "database: postgres://paved@db.internal/paved?password=s3cret-pw\n",
			wantErr: []string{"database:", "must not hold a password"}},
		{name: "a password for a SQLite file is an error",
			yaml:    "database: paved.db\ndatabase_password_env: PAVED_DB_PASSWORD\n",
			environ: map[string]string{"PAVED_DB_PASSWORD": "s3cret-pw"}, wantErr: []string{"database_password_env", "postgres://"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig("paved.yaml", []byte(tc.yaml), tc.environ)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if cfg.databasePassword != tc.password {
					t.Errorf("password %q, want %q", cfg.databasePassword, tc.password)
				}
				return
			}
			if err == nil {
				t.Fatal("loaded, want an error")
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cret-pw") {
				t.Errorf("error %q repeats the password", err)
			}
		})
	}
}

// TestAnUnreachablePostgresIsOneSentenceWithoutThePassword: `paved migrate` on a
// Postgres nobody listens for exits 1 naming the database, and neither the
// output nor the error holds the password.
func TestAnUnreachablePostgresIsOneSentenceWithoutThePassword(t *testing.T) {
	database := "postgres://paved@127.0.0.1:1/paved?connect_timeout=5&sslmode=disable"
	cfg := filepath.Join(t.TempDir(), "paved.yaml")
	yaml := "database: " + database + "\ndatabase_password_env: PAVED_DB_PASSWORD\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, map[string]string{"PAVED_DB_PASSWORD": "s3cret-pw"}, "migrate", "--config", cfg)
	if code != 1 || !strings.Contains(oneLine(t, stderr), database) {
		t.Errorf("exit %d, stderr %q; want 1 and a line naming %s", code, stderr, database)
	}
	if strings.Contains(stdout+stderr, "s3cret-pw") {
		t.Errorf("the password reached the output: %q %q", stdout, stderr)
	}
}

// TestJobsLogsInToPostgresWithThePasswordFromItsVariable: `paved jobs` (the
// queue `serve` runs on) on a Postgres that asks for a password sends the
// value of the variable database_password_env names, and when the login is
// refused neither its output nor its error holds it.
func TestJobsLogsInToPostgresWithThePasswordFromItsVariable(t *testing.T) {
	probe := testkit.StartPGPasswordProbe(t)
	cfg := filepath.Join(t.TempDir(), "paved.yaml")
	yaml := "database: " + probe.URL("paved") + "\ndatabase_password_env: PAVED_DB_PASSWORD\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, map[string]string{"PAVED_DB_PASSWORD": "s3cret-pw"}, "jobs", "--config", cfg)
	if code != 1 || !strings.Contains(oneLine(t, stderr), probe.URL("paved")) {
		t.Errorf("exit %d, stderr %q; want 1 and a line naming the database", code, stderr)
	}
	if got := probe.Passwords(); len(got) == 0 || slices.ContainsFunc(got, func(p string) bool { return p != "s3cret-pw" }) {
		t.Errorf("the server received passwords %q, want only %q", got, "s3cret-pw")
	}
	if strings.Contains(stdout+stderr, "s3cret-pw") {
		t.Errorf("the password reached the output: %q %q", stdout, stderr)
	}
}
