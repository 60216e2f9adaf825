package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// clockAt sets d's clock to t and returns a function that moves it.
func clockAt(d *DB, t time.Time) func(time.Duration) {
	now := t
	d.Now = func() time.Time { return now }
	return func(by time.Duration) { now = now.Add(by) }
}

func tokenByName(t *testing.T, d *DB, name string) APIToken {
	t.Helper()
	toks, err := d.APITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var found []APIToken
	for _, tok := range toks {
		if tok.Name == name {
			found = append(found, tok)
		}
	}
	if len(found) == 0 {
		t.Fatalf("no token %q in %+v", name, toks)
	}
	return found[len(found)-1]
}

func TestAPITokenCreateCheckRevoke(t *testing.T) {
	ctx, d := setUp(t)
	advance := clockAt(d, testNow)

	tok, err := d.CreateAPIToken(ctx, "ci", "admin", testNow.AddDate(0, 0, 90))
	if err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(tok, TokenPrefix)
	if !ok {
		t.Fatalf("token %q does not start with %q", tok, TokenPrefix)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(body); err != nil || len(raw) < 32 {
		t.Fatalf("token body %q: %d bytes, %v; want ≥ 32 random bytes, base64url", body, len(raw), err)
	}
	if other, err := d.CreateAPIToken(ctx, "other", "viewer", time.Time{}); err != nil || other == tok {
		t.Fatalf("second token %q, %v: want a different token", other, err)
	}

	got, err := d.CheckAPIToken(ctx, tok)
	if err != nil {
		t.Fatalf("check fresh token: %v", err)
	}
	if got.Name != "ci" || got.Role != "admin" || !got.LastUsedAt.Equal(testNow) || !got.CreatedAt.Equal(testNow) {
		t.Errorf("check = %+v, want ci/admin created and last used %s", got, testNow)
	}
	if lu := tokenByName(t, d, "ci").LastUsedAt; !lu.Equal(testNow) {
		t.Errorf("stored last_used_at = %s, want %s", lu, testNow)
	}

	// Within the minute: accepted, but last_used_at is not rewritten.
	advance(30 * time.Second)
	if _, err := d.CheckAPIToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if lu := tokenByName(t, d, "ci").LastUsedAt; !lu.Equal(testNow) {
		t.Errorf("last_used_at after 30 s = %s, want it left at %s", lu, testNow)
	}
	// A minute after the recorded use it is.
	advance(31 * time.Second)
	if _, err := d.CheckAPIToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if lu, want := tokenByName(t, d, "ci").LastUsedAt, testNow.Add(61*time.Second); !lu.Equal(want) {
		t.Errorf("last_used_at after 61 s = %s, want %s", lu, want)
	}

	if err := d.RevokeAPIToken(ctx, "ci"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CheckAPIToken(ctx, tok); !errors.Is(err, ErrNotFound) {
		t.Fatalf("check right after revoke: %v, want ErrNotFound", err)
	}
	if err := d.RevokeAPIToken(ctx, "ci"); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoke twice: %v, want ErrNotFound", err)
	}
	if err := d.RevokeAPIToken(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoke unknown: %v, want ErrNotFound", err)
	}
	if s := tokenByName(t, d, "ci").State(d.Now()); s != TokenRevoked {
		t.Errorf("state after revoke = %s", s)
	}

	// The name is free again; the revoked token stays refused and listed.
	tok2, err := d.CreateAPIToken(ctx, "ci", "viewer", time.Time{})
	if err != nil {
		t.Fatalf("reuse a revoked name: %v", err)
	}
	if got, err := d.CheckAPIToken(ctx, tok2); err != nil || got.Role != "viewer" {
		t.Errorf("new ci token: %+v, %v", got, err)
	}
	if _, err := d.CheckAPIToken(ctx, tok); !errors.Is(err, ErrNotFound) {
		t.Errorf("old ci token after the name was reused: %v, want ErrNotFound", err)
	}
	toks, err := d.APITokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, tk := range toks {
		states = append(states, tk.Name+"="+tk.State(d.Now()))
	}
	if got, want := strings.Join(states, " "), "ci=revoked other=active ci=active"; got != want {
		t.Errorf("list = %s, want %s", got, want)
	}
}

func TestAPITokenExpiresAtOnce(t *testing.T) {
	ctx, d := setUp(t)
	advance := clockAt(d, testNow)
	tok, err := d.CreateAPIToken(ctx, "short", "viewer", testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	advance(time.Hour - time.Second)
	if _, err := d.CheckAPIToken(ctx, tok); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	advance(time.Second)
	if _, err := d.CheckAPIToken(ctx, tok); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("at expiry: %v, want ErrNotFound saying expired", err)
	}
	if s := tokenByName(t, d, "short").State(d.Now()); s != TokenExpired {
		t.Errorf("state = %s, want expired", s)
	}
	// An expired token keeps its name until it is revoked.
	if _, err := d.CreateAPIToken(ctx, "short", "viewer", time.Time{}); !errors.Is(err, ErrTokenNameTaken) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("create over an expired name: %v, want ErrTokenNameTaken saying expired", err)
	}
	if err := d.RevokeAPIToken(ctx, "short"); err != nil {
		t.Errorf("revoke an expired token: %v", err)
	}
	if _, err := d.CreateAPIToken(ctx, "short", "viewer", time.Time{}); err != nil {
		t.Errorf("create after revoking the expired one: %v", err)
	}
}

func TestAPITokenRefusals(t *testing.T) {
	ctx, d := setUp(t)
	clockAt(d, testNow)
	tok, err := d.CreateAPIToken(ctx, "deploy", "security", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.CreateAPIToken(ctx, "deploy", "viewer", time.Time{})
	if !errors.Is(err, ErrTokenNameTaken) || !strings.Contains(err.Error(), `"deploy"`) {
		t.Errorf("duplicate name: %v, want ErrTokenNameTaken naming \"deploy\"", err)
	}
	for _, c := range []struct {
		name, role string
		expires    time.Time
		want       string
	}{
		{"x", "root", time.Time{}, `role "root"`},
		{"x", "", time.Time{}, `role ""`},
		{"", "viewer", time.Time{}, "name"},
		{"has space", "viewer", time.Time{}, "name"},
		{"-dash", "viewer", time.Time{}, "name"},
		{"paved_lookalike", "viewer", time.Time{}, "name"},
		{strings.Repeat("n", 65), "viewer", time.Time{}, "name"},
		{"x", "viewer", testNow, "not after now"},
		{"x", "viewer", testNow.Add(-time.Hour), "not after now"},
	} {
		if _, err := d.CreateAPIToken(ctx, c.name, c.role, c.expires); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("create(%q, %q, %s): %v, want an error mentioning %s", c.name, c.role, c.expires, err, c.want)
		}
	}
	flipped := []byte(tok)
	flipped[len(flipped)-1] ^= 1
	for _, bad := range []string{"", "paved_", TokenPrefix + "unknown0000000000000000000000000000000000000", string(flipped),
		strings.TrimPrefix(tok, TokenPrefix), tok + "x", " " + tok, TokenPrefix + strings.Repeat("a", 300)} {
		if got, err := d.CheckAPIToken(ctx, bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("check(%q) = %+v, %v; want ErrNotFound", bad, got, err)
		}
	}
	if n := len(mustTokens(t, d)); n != 1 {
		t.Errorf("%d tokens stored after refusals, want 1", n)
	}
}

func mustTokens(t *testing.T, d *DB) []APIToken {
	t.Helper()
	toks, err := d.APITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return toks
}

// secretForms are the ways a token could sit in a file: as is, its random part, and
// the raw bytes behind it in binary, hex and base64.
func secretForms(t *testing.T, tok string) map[string][]byte {
	t.Helper()
	body := strings.TrimPrefix(tok, TokenPrefix)
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"plaintext":             []byte(tok),
		"random part":           []byte(body),
		"raw bytes":             raw,
		"hex of raw":            []byte(hex.EncodeToString(raw)),
		"HEX of raw":            []byte(strings.ToUpper(hex.EncodeToString(raw))),
		"base64 of raw":         []byte(base64.StdEncoding.EncodeToString(raw)),
		"hex of plaintext":      []byte(hex.EncodeToString([]byte(tok))),
		"base64 of plaintext":   []byte(base64.StdEncoding.EncodeToString([]byte(tok))),
		"base64url, plaintext ": []byte(base64.RawURLEncoding.EncodeToString([]byte(tok))),
	}
}

// scanFiles fails the test when any database file holds any form of the secret, or
// when none holds canary, a string known to be stored (so the scan sees the rows).
func scanFiles(t *testing.T, path string, forms map[string][]byte, canary string) {
	t.Helper()
	scanned, sawCanary := 0, false
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		scanned++
		sawCanary = sawCanary || bytes.Contains(b, []byte(canary))
		for what, form := range forms {
			if bytes.Contains(b, form) {
				t.Errorf("%s holds the token's %s", p, what)
			}
		}
	}
	if scanned == 0 || !sawCanary {
		t.Fatalf("%d database files at %s, none holding %q: the scan does not see the rows", scanned, path, canary)
	}
}

func TestAPITokenSecretIsNowhereInTheDatabase(t *testing.T) {
	ctx, d := setUp(t)
	clockAt(d, testNow)
	tok, err := d.CreateAPIToken(ctx, "scanner", "admin", testNow.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.CheckAPIToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	forms := secretForms(t, tok)

	// What is stored is the SHA-256 of the token, and nothing else of it.
	var stored []byte
	if err := d.Reader().QueryRow(`SELECT hash FROM api_tokens WHERE name = 'scanner'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256([]byte(tok)); !bytes.Equal(stored, sum[:]) {
		t.Fatalf("stored hash %x, want SHA-256 of the token %x", stored, sum)
	}

	// List output holds no secret: neither the token nor its hash.
	listed := fmt.Sprintf("%+v %#v", mustTokens(t, d), mustTokens(t, d))
	for what, form := range forms {
		if strings.Contains(listed, string(form)) {
			t.Errorf("APITokens shows the token's %s", what)
		}
	}
	for _, h := range []string{hex.EncodeToString(stored), fmt.Sprintf("%v", stored), base64.StdEncoding.EncodeToString(stored)} {
		if strings.Contains(listed, h) {
			t.Errorf("APITokens shows the hash as %s", h)
		}
	}
	events, err := d.RecentAudit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprintf("%+v", events); strings.Contains(s, tok) || strings.Contains(s, hex.EncodeToString(stored)) {
		t.Errorf("the audit log holds the token or its hash: %s", s)
	}

	if d.Postgres() {
		return // the files are the server's; the rows were checked above
	}
	const canary = "scanner-canary-name"
	if _, err := d.CreateAPIToken(ctx, canary, "viewer", time.Time{}); err != nil {
		t.Fatal(err)
	}
	scanFiles(t, d.Path(), forms, canary) // open: the rows are in the WAL
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	scanFiles(t, d.Path(), forms, canary) // closed: checkpointed into the main file
}
