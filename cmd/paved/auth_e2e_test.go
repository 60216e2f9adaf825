package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/internal/testkit"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runPaved runs the real CLI (this test binary re-executed) to its end.
func runPaved(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "PAVED_RUN_MAIN=1"), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), out.String(), errb.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, out.String(), errb.String()
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("paved %v did not exit in 60 s; stderr: %s", args, errb.String())
	}
	return -1, "", ""
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAuthServeRefusesAnOpenListenWithoutAuth: `paved serve` on a non-loopback
// address with no auth exits 2 with one sentence naming listen and auth; the same
// with auth.none: true is accepted at load; `paved demo` off loopback is refused too.
func TestAuthServeRefusesAnOpenListenWithoutAuth(t *testing.T) {
	dir := t.TempDir()
	for _, listen := range []string{"0.0.0.0:0", ":0", "[::]:0"} {
		cfg := writeFile(t, dir, "open.yaml", fmt.Sprintf("database: %s\nlisten: %q\n", filepath.Join(dir, "p.db"), listen))
		code, _, stderr := runPaved(t, nil, "serve", "--config", cfg)
		if code != 2 {
			t.Errorf("listen %s without auth: exit %d, want 2; stderr %q", listen, code, stderr)
		}
		msg := strings.TrimSpace(stderr)
		if strings.Count(msg, "\n") != 0 || !strings.Contains(msg, "listen") || !strings.Contains(msg, "auth") {
			t.Errorf("listen %s without auth: want one line naming listen and auth, got %q", listen, msg)
		}
	}
	// auth present but neither oidc nor trusted_header nor none: still refused.
	cfg := writeFile(t, dir, "empty-auth.yaml", fmt.Sprintf("database: %s\nlisten: 0.0.0.0:0\nauth:\n  roles:\n    admin: [\"user:a@example.com\"]\n", filepath.Join(dir, "p.db")))
	if code, _, stderr := runPaved(t, nil, "serve", "--config", cfg); code != 2 || !strings.Contains(stderr, "listen") || !strings.Contains(stderr, "auth") {
		t.Errorf("auth without a sign-in method: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr := runPaved(t, nil, "demo", "--addr", "0.0.0.0:0")
	if code != 2 || !strings.Contains(stderr, "listen") || !strings.Contains(stderr, "auth") {
		t.Errorf("demo off loopback: exit %d, want 2 naming listen and auth; stderr %q", code, stderr)
	}
}

func TestAuthConfigRules(t *testing.T) {
	key := strings.Repeat("k", 32)
	base := "listen: 0.0.0.0:8080\nurl: https://paved.example.com/\n"
	cases := []struct {
		name, yaml string
		env        map[string]string
		wantErr    string // "" for none
	}{
		{"none on purpose", base + "auth:\n  none: true\n", nil, ""},
		{"oidc", base + "auth:\n  oidc: {issuer: https://idp.example.com, client_id: paved}\n  session_key_env: K\n", map[string]string{"K": key}, ""},
		{"short session key", base + "auth:\n  oidc: {issuer: https://idp.example.com, client_id: paved}\n  session_key_env: K\n", map[string]string{"K": "short"}, "auth.session_key_env"},
		{"no session key", base + "auth:\n  oidc: {issuer: https://idp.example.com, client_id: paved}\n", nil, "auth.session_key_env"},
		{"http issuer off loopback", base + "auth:\n  oidc: {issuer: http://idp.example.com, client_id: paved}\n  session_key_env: K\n", map[string]string{"K": key}, "auth.oidc.issuer"},
		{"bad principal", base + "auth:\n  oidc: {issuer: https://idp.example.com, client_id: paved}\n  session_key_env: K\n  roles: {admin: [platform]}\n", map[string]string{"K": key}, "auth.roles.admin"},
		{"bad member", base + "auth:\n  none: true\nteams:\n  - name: Pay\n    members: [\"team:x\"]\n", nil, "teams[0].members"},
		{"header without proxies", base + "auth:\n  trusted_header: {user: X-Forwarded-Email}\n  session_key_env: K\n", map[string]string{"K": key}, "trusted_proxies"},
		{"header with a bad CIDR", base + "auth:\n  trusted_header: {user: X-Forwarded-Email, trusted_proxies: [10.0.0.0/33]}\n  session_key_env: K\n", map[string]string{"K": key}, "trusted_proxies"},
		{"half a TLS pair", "tls: {cert_file: a.pem}\n", nil, "tls"},
		{"missing client secret", base + "auth:\n  oidc: {issuer: https://idp.example.com, client_id: paved, client_secret_env: S}\n  session_key_env: K\n", map[string]string{"K": key}, "client_secret_env"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := tc.env
			if env == nil {
				env = map[string]string{}
			}
			_, err := parseConfig("test.yaml", []byte(tc.yaml), env)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("want an error naming %q, got %v", tc.wantErr, err)
			}
			if err != nil && strings.Contains(err.Error(), "short") && tc.name == "short session key" {
				t.Fatalf("the error echoes the key: %v", err)
			}
		})
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	c := testkit.SelfSigned(t)
	return writeFile(t, dir, "cert.pem", string(c.CertPEM)), writeFile(t, dir, "key.pem", string(c.KeyPEM))
}

// TestAuthServeRefusesForeignHostsAndServesTLS runs `paved serve` with native TLS
// and an https url: a foreign Host header gets 421 (DNS rebinding), the listen
// host is served with HSTS, and the API without a token or session is 401 JSON.
func TestAuthServeRefusesForeignHostsAndServesTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := selfSigned(t, dir)
	addr := freeAddr(t)
	cfg := writeFile(t, dir, "tls.yaml", fmt.Sprintf(`database: %s
listen: %s
url: https://%s/
tls: {cert_file: %s, key_file: %s}
auth:
  oidc: {issuer: "http://127.0.0.1:1/", client_id: paved}
  session_key_env: PAVED_TEST_SESSION_KEY
`, filepath.Join(dir, "p.db"), addr, addr, certFile, keyFile))
	cmd := exec.Command(os.Args[0], "serve", "--config", cfg)
	cmd.Env = append(os.Environ(), "PAVED_RUN_MAIN=1", "PAVED_TEST_SESSION_KEY="+strings.Repeat("s", 40))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // the test's own self-signed certificate
	}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(host, path string) (status int, header http.Header) {
		t.Helper()
		req, err := http.NewRequest("GET", "https://"+addr+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s (Host %s): %v", path, host, err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest("GET", "https://"+addr+"/healthz", nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("paved serve did not answer over TLS in 30 s: %v; stderr %s", err, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if st, _ := get("rebind.attacker.example", "/"); st != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: status %d, want 421", st)
	}
	if st, _ := get("rebind.attacker.example:"+strings.Split(addr, ":")[1], "/api/v1/org"); st != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host with the right port: status %d, want 421", st)
	}
	st, hdr := get(addr, "/api/v1/org")
	if st != http.StatusUnauthorized || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Errorf("API without token: status %d (%s), want 401 JSON", st, hdr.Get("Content-Type"))
	}
	if hsts := hdr.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Errorf("no HSTS over https: %q", hsts)
	}
	if st, hdr := get("localhost", "/"); st != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/login") {
		t.Errorf("page without session on a loopback name: status %d, Location %q; want a redirect to /login", st, hdr.Get("Location"))
	}

	// An API token made with `paved token create` opens the API of the running server;
	// revoked, it is refused at once.
	env := []string{"PAVED_TEST_SESSION_KEY=" + strings.Repeat("s", 40)}
	code, token, errOut := runPaved(t, env, "token", "create", "--config", cfg, "--name", "ci", "--role", "viewer")
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "paved_") {
		t.Fatalf("token create: exit %d, %q, %s", code, token, errOut)
	}
	withToken := func(path string) int {
		t.Helper()
		req, err := http.NewRequest("GET", "https://"+addr+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s with a token: %v", path, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{"/api/v1/teams", "/export/teams.csv", "/metrics"} {
		if st := withToken(path); st != http.StatusOK {
			t.Errorf("GET %s with a fresh token: status %d, want 200", path, st)
		}
	}
	if code, _, errOut := runPaved(t, env, "token", "revoke", "--config", cfg, "ci"); code != 0 {
		t.Fatalf("token revoke: exit %d, %s", code, errOut)
	}
	if st := withToken("/api/v1/teams"); st != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/teams with a revoked token: status %d, want 401", st)
	}
}
