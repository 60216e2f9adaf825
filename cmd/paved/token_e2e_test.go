package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
)

// runBinary runs the real paved binary (this test binary re-executed) and returns
// its stdout, stderr and exit status.
func runBinary(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PAVED_RUN_MAIN=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run paved %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

// tokenConfig writes a config holding only a database, which is all the token
// commands need.
func tokenConfig(t *testing.T) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = testkit.Database(t)
	cfgPath = filepath.Join(dir, "paved.yaml")
	if err := os.WriteFile(cfgPath, []byte("database: "+dbPath+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

var tokenLineRe = regexp.MustCompile(`^paved_[A-Za-z0-9_-]{43}\n$`)

func TestTokenCommandsEndToEnd(t *testing.T) {
	cfg, dbPath := tokenConfig(t)

	out, stderr, code := runBinary(t, "token", "create", "--config", cfg, "--name", "ci", "--role", "admin", "--expires", "30d")
	if code != 0 {
		t.Fatalf("create: exit %d, %s", code, stderr)
	}
	if !tokenLineRe.MatchString(out) {
		t.Fatalf("create printed %q on stdout, want the token alone on one line", out)
	}
	tok := strings.TrimSpace(out)
	if !strings.Contains(stderr, `"ci"`) || !strings.Contains(stderr, "only this once") || strings.Contains(stderr, tok) {
		t.Errorf("create note on stderr = %q: want it to name the token, say it is shown once, and not repeat it", stderr)
	}

	out, stderr, code = runBinary(t, "token", "list", "--config", cfg)
	if code != 0 {
		t.Fatalf("list: exit %d, %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME") || !regexp.MustCompile(`^ci +admin +\S+Z +\S+Z +never +active$`).MatchString(lines[1]) {
		t.Errorf("list = %q, want a header and `ci admin CREATED EXPIRES never active`", out)
	}
	// The columns line up: each header starts where its values start.
	if strings.Index(lines[0], "ROLE") != strings.Index(lines[1], "admin") || strings.Index(lines[0], "STATE") != strings.Index(lines[1], "active") {
		t.Errorf("list columns are not aligned:\n%s", out)
	}
	if strings.Contains(out+stderr, tok) || strings.Contains(out, strings.TrimPrefix(tok, "paved_")) {
		t.Errorf("list shows the token:\n%s", out)
	}

	// The token works, and is nowhere in the database files.
	d := testkit.OpenDBAt(t, dbPath)
	if got, err := d.CheckAPIToken(context.Background(), tok); err != nil || got.Name != "ci" || got.Role != "admin" {
		t.Fatalf("check the created token: %+v, %v", got, err)
	}
	if want := time.Now().Add(30 * 24 * time.Hour); tokenExpiry(t, d, "ci").Sub(want).Abs() > time.Minute {
		t.Errorf("expires at %s, want about %s", tokenExpiry(t, d, "ci"), want)
	}
	if fileContains(t, dbPath, tok) || fileContains(t, dbPath, strings.TrimPrefix(tok, "paved_")) {
		t.Error("the database files hold the token")
	}

	out, stderr, code = runBinary(t, "token", "revoke", "--config", cfg, "ci")
	if code != 0 || !strings.Contains(out, `Revoked API token "ci"`) {
		t.Fatalf("revoke: exit %d, %q %q", code, out, stderr)
	}
	if _, err := d.CheckAPIToken(context.Background(), tok); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("check after revoke: %v, want ErrNotFound", err)
	}
	out, _, _ = runBinary(t, "token", "list", "--config", cfg)
	if !regexp.MustCompile(`(?m)^ci +admin .* revoked$`).MatchString(out) {
		t.Errorf("list after revoke = %q, want ci revoked", out)
	}
	_, stderr, code = runBinary(t, "token", "revoke", "--config", cfg, "ci")
	if code != 1 || !strings.Contains(stderr, `"ci"`) {
		t.Errorf("revoke again: exit %d, %q; want 1 naming the token", code, stderr)
	}

	events, err := d.RecentAudit(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Action != db.ActionTokenRevoke || events[1].Action != db.ActionTokenCreate ||
		!strings.HasPrefix(events[0].Actor, "cli") || events[0].Target != "ci" {
		t.Errorf("audit log = %+v, want the revocation then the creation, by cli", events)
	}
}

func TestTokenCommandsRefuseBadUsage(t *testing.T) {
	cfg, dbPath := tokenConfig(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "create", "--config", cfg, "--name", "x", "--role", "root"}, 2, "--role"},
		{[]string{"token", "create", "--config", cfg, "--name", "x", "--expires", "soon"}, 2, "--expires"},
		{[]string{"token", "create", "--config", cfg, "--name", "x", "--expires", "-3d"}, 2, "--expires"},
		{[]string{"token", "create", "--config", cfg, "--name", "x", "--expires", "0s"}, 2, "--expires"},
		{[]string{"token", "create", "--config", cfg}, 2, "--name"},
		{[]string{"token", "create", "--config", cfg, "--name", "no spaces"}, 2, "--name"},
		{[]string{"token", "create", "--name", "x"}, 2, "--config"},
		{[]string{"token", "create", "--config", cfg, "--name", "x", "--colour", "red"}, 2, "--colour"},
		{[]string{"token", "revoke", "--config", cfg}, 2, "one token NAME"},
		{[]string{"token", "revoke", "--config", cfg, "a", "b"}, 2, "one token NAME"},
		{[]string{"token", "list", "--config", cfg, "extra"}, 2, "extra"},
		{[]string{"token", "frobnicate"}, 2, "frobnicate"},
		{[]string{"token", "revoke", "--config", cfg, "nobody"}, 1, `"nobody"`},
	} {
		out, stderr, code := runBinary(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || out != "" {
			t.Errorf("paved %s: exit %d, stdout %q, stderr %q; want exit %d naming %s", strings.Join(c.args[1:], " "), code, out, stderr, c.code, c.want)
		}
		if n := len(strings.Split(strings.TrimSpace(stderr), "\n")); n != 1 {
			t.Errorf("paved %s: %d lines on stderr, want one sentence: %s", strings.Join(c.args[1:], " "), n, stderr)
		}
	}
	if _, err := os.Stat(dbPath); err == nil {
		d := testkit.OpenDBAt(t, dbPath)
		if toks, err := d.APITokens(context.Background()); err != nil || len(toks) != 0 {
			t.Errorf("refused commands stored tokens: %+v, %v", toks, err)
		}
	}

	// A duplicate name is a runtime failure naming the name.
	if _, stderr, code := runBinary(t, "token", "create", "--config", cfg, "--name", "dup"); code != 0 {
		t.Fatalf("create dup: %s", stderr)
	}
	out, stderr, code := runBinary(t, "token", "create", "--config", cfg, "--name", "dup")
	if code != 1 || out != "" || !strings.Contains(stderr, `"dup"`) {
		t.Errorf("create a duplicate: exit %d, %q %q; want 1 naming \"dup\" and no token", code, out, stderr)
	}
}

// TestTokenListShowsExpiry runs in process on a moving clock: a token created for an
// hour is listed expired an hour later, and never-expiring ones say so.
func TestTokenListShowsExpiry(t *testing.T) {
	cfg, _ := tokenConfig(t)
	now := e2eNow
	clock := func() time.Time { return now }
	out, stderr, code := runCLIAt(t, clock, nil, "token", "create", "--config", cfg, "--name", "hourly", "--expires", "1h")
	if code != 0 || !tokenLineRe.MatchString(out) {
		t.Fatalf("create: exit %d, %q %q", code, out, stderr)
	}
	if !strings.Contains(stderr, "expires 2026-11-18T13:00:00Z") {
		t.Errorf("create note %q: want the expiry", stderr)
	}
	if _, stderr, code := runCLIAt(t, clock, nil, "token", "create", "--config", cfg, "--name", "forever", "--role", "security", "--expires", "never"); code != 0 {
		t.Fatalf("create forever: %s", stderr)
	}
	now = now.Add(time.Hour)
	out, _, _ = runCLIAt(t, clock, nil, "token", "list", "--config", cfg)
	for _, re := range []string{
		`(?m)^hourly +viewer +2026-11-18T12:00:00Z +2026-11-18T13:00:00Z +never +expired$`,
		`(?m)^forever +security +2026-11-18T12:00:00Z +never +never +active$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("list = %q, want a line matching %s", out, re)
		}
	}
}

func TestTokenListWithNoTokens(t *testing.T) {
	cfg, _ := tokenConfig(t)
	out, stderr, code := runCLI(t, nil, "token", "list", "--config", cfg)
	if code != 0 || out != "" || !strings.Contains(stderr, "No API tokens") {
		t.Errorf("list of none: exit %d, %q %q", code, out, stderr)
	}
}

func tokenExpiry(t *testing.T, d *db.DB, name string) time.Time {
	t.Helper()
	toks, err := d.APITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range toks {
		if tk.Name == name {
			return tk.ExpiresAt
		}
	}
	t.Fatalf("no token %q", name)
	return time.Time{}
}
