package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startProcess runs the paved binary (this test binary re-executed) and returns a
// function that waits for a line starting with prefix.
func startProcess(t *testing.T, args ...string) (*exec.Cmd, func(prefix string) string) {
	t.Helper()
	return startProcessEnv(t, nil, args...)
}

// startProcessEnv is startProcess with env added to the environment.
func startProcessEnv(t *testing.T, env []string, args ...string) (*exec.Cmd, func(prefix string) string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "PAVED_RUN_MAIN=1"), env...)
	out, stderr := startCmd(t, cmd)
	lines := make(chan string, 4096)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return cmd, func(prefix string) string {
		t.Helper()
		deadline := time.After(90 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("paved %v exited before printing %q; stderr: %s", args, prefix, stderr.String())
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-deadline:
				t.Fatalf("paved %v printed no %q line in 90 s; stderr: %s", args, prefix, stderr.String())
			}
		}
	}
}

// TestDemoCollectsBothForgesAndServesTheDashboard is `make run`: the demo collects
// the simulated org from both simulated forges, prints counts per source, serves
// the dashboard, and stops on SIGINT.
func TestDemoCollectsBothForgesAndServesTheDashboard(t *testing.T) {
	addr := freeAddr(t)
	cache := t.TempDir()
	cmd, wait := startProcessEnv(t, []string{"XDG_CACHE_HOME=" + cache}, "demo", "--addr", addr)
	dbPath := strings.TrimPrefix(wait("demo database: "), "demo database: ")
	cfgPath := strings.Fields(strings.TrimPrefix(wait("demo config: "), "demo config: "))[0]
	if want := filepath.Join(cache, "paved", "demo"); dbPath != filepath.Join(want, "paved.db") || cfgPath != filepath.Join(want, "paved.yaml") {
		t.Errorf("demo files %s and %s, want them in %s", dbPath, cfgPath, want)
	}
	// Summary lines come after the pass; GitHub's first scorecards line comes
	// before them, once every repo's latest window is stored.
	gh := wait("gh: ")
	for !strings.Contains(gh, "repos synced") {
		gh = wait("gh: ")
	}
	gl := wait("gl: ")
	for _, l := range []string{gh, gl} {
		if !strings.Contains(l, " 0 failed") || strings.Contains(l, " 0 records") {
			t.Errorf("summary line %q: want every repo synced and records stored", l)
		}
	}
	wait("Paved demo: open http://" + addr + "/")
	for _, path := range []string{"/", "/teams/payments", "/api/v1/teams"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		if path == "/teams/payments" && !strings.Contains(string(body), "acme-gl/") {
			t.Errorf("the payments team page lists no GitLab project: the cross-forge team is not pooled")
		}
	}
	// The printed config works for the other commands, on the demo's database.
	if code, out, stderr := runPaved(t, nil, "score", "--config", cfgPath); code != 0 || !strings.Contains(out, " scopes over 55 repos") {
		t.Errorf("paved score on the demo config: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	digestOut := filepath.Join(t.TempDir(), "digest.html")
	if code, _, stderr := runPaved(t, nil, "digest", "--config", cfgPath, "--out", digestOut); code != 0 {
		t.Errorf("paved digest on the demo config: exit %d, stderr %q", code, stderr)
	} else if b, err := os.ReadFile(digestOut); err != nil || !strings.Contains(string(b), "Payments") {
		t.Errorf("the demo's digest names no Payments team (%v)", err)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("demo did not exit cleanly on SIGINT: %v", err)
	}
}

// A port already taken is told at once, before anything is collected.
func TestDemoRefusesABusyPortBeforeCollecting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, out, stderr := runPaved(t, []string{"XDG_CACHE_HOME=" + t.TempDir()}, "demo", "--addr", ln.Addr().String())
	if code != 2 || !strings.Contains(stderr, "listen") || !strings.Contains(stderr, ln.Addr().String()) {
		t.Errorf("demo on a busy port: exit %d, stderr %q; want exit 2 naming the address", code, stderr)
	}
	if strings.Contains(out, "gh: ") || strings.Contains(out, "simulated GitHub") {
		t.Errorf("the demo started collecting before finding its port taken: %q", out)
	}
}

func TestForgeSimServesBothSimulatedAPIs(t *testing.T) {
	cmd, wait := startProcess(t, "forge-sim", "--token", "tok")
	gh := strings.Fields(strings.TrimPrefix(wait("simulated GitHub API at "), "simulated GitHub API at "))[0]
	gl := strings.Fields(strings.TrimPrefix(wait("simulated GitLab API at "), "simulated GitLab API at "))[0]
	for _, url := range []string{gh + "orgs/acme/repos", gl + "groups/acme-gl/projects"} {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", url, resp.StatusCode)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("forge-sim did not exit cleanly: %v", err)
	}
}

func TestScoreMigrateAndVersion(t *testing.T) {
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	environ := map[string]string{"GH_TOKEN": e2eToken}

	out, stderr, code := runCLI(t, environ, "migrate", "--config", cfg)
	if code != 0 || !strings.Contains(out, "schema version 9") {
		t.Fatalf("migrate: exit %d, %q %q", code, out, stderr)
	}
	if _, stderr, code := runCLI(t, environ, "collect", "--config", cfg); code != 0 {
		t.Fatalf("collect: %s", stderr)
	}
	out, stderr, code = runCLI(t, environ, "score", "--config", cfg, "--as-of", "2026-06-01T00:00:00Z")
	if code != 0 || !strings.Contains(out, "as of 2026-06-01T00:00:00Z") {
		t.Fatalf("score --as-of: exit %d, %q %q", code, out, stderr)
	}
	if _, stderr, code := runCLI(t, environ, "score", "--config", cfg, "--as-of", "June"); code != 2 || !strings.Contains(stderr, "--as-of") {
		t.Errorf("a bad --as-of: exit %d, %q", code, stderr)
	}
	if _, _, code := runCLI(t, environ, "score"); code != 2 {
		t.Errorf("score without --config: exit %d, want 2", code)
	}
	if _, stderr, code := runCLI(t, environ, "score", "--config", filepath.Join(f.dir, "missing.yaml")); code != 2 || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("a missing config: exit %d, %q", code, stderr)
	}
	out, _, code = runCLI(t, environ, "version")
	if code != 0 || !strings.HasPrefix(out, "paved ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if _, _, code := runCLI(t, environ, "no-such-command"); code != 2 {
		t.Errorf("an unknown command: exit %d, want 2", code)
	}
}
