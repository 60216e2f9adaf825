package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeAnswersPagesDuringCollectionAndStopsCleanlyOnSIGTERM runs `paved serve` as
// a real process: while it collects from the simulator (at start, then every 2 s), a
// burst of concurrent page requests gets no 5xx; SIGTERM then stops it with exit 0,
// and the database is whole: a further pass completes it to the ground truth exactly.
func TestServeAnswersPagesDuringCollectionAndStopsCleanlyOnSIGTERM(t *testing.T) {
	// The subprocess runs on the real clock, so the org is generated as of now.
	f := serveOrg(t, simorg.Generate(1, simorg.ScaleSmall, time.Now().UTC().Truncate(time.Hour)))
	addr := freeAddr(t)
	cfgPath := filepath.Join(f.dir, "serve.yaml")
	cfg := fmt.Sprintf(`database: %s
listen: %s
sources:
  - name: gh
    kind: github
    base_url: %s
    token_env: GH_TOKEN
    org: acme
    schedule: "@every 2s"
teams:
  - name: Payments
    github_team: payments
`, f.dbPath(), addr, f.url)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "PAVED_RUN_MAIN=1", "GH_TOKEN="+e2eToken)
	stdout, stderr := startCmd(t, cmd)

	lines := make(chan string, 1024)
	var output testkit.LogBuffer
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(&output, sc.Text())
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	waitLine := func(prefix string) {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("paved exited before printing %q\nstdout: %s\nstderr: %s", prefix, output.String(), stderr.String())
				}
				if strings.HasPrefix(l, prefix) {
					return
				}
			case <-deadline:
				t.Fatalf("no %q line within 60 s\nstdout: %s\nstderr: %s", prefix, output.String(), stderr.String())
			}
		}
	}
	waitLine("Paved is serving on")

	// The burst: 8 clients, at most 600 requests, while collections run.
	paths := []string{"/", "/teams", "/teams/payments", "/sync", "/api/v1/teams", "/api/v1/org", "/api/v1/sync", "/healthz"}
	var served, fiveXX, failed atomic.Int32
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 75 {
				resp, err := client.Get("http://" + addr + paths[(w+i)%len(paths)])
				if err != nil {
					failed.Add(1)
					continue
				}
				resp.Body.Close()
				served.Add(1)
				if resp.StatusCode >= 500 {
					fiveXX.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	waitLine("scored ") // at least one collection and rescore finished under load
	if fiveXX.Load() != 0 || failed.Load() != 0 {
		t.Fatalf("%d answers were 5xx and %d requests failed out of %d", fiveXX.Load(), failed.Load(), served.Load()+failed.Load())
	}

	resp, err := client.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, series := range []string{`paved_collector_requests_total{source="gh"}`, `paved_team_score{team="payments"}`} {
		if !strings.Contains(string(metrics), series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
	resp, err = client.Get("http://" + addr + "/sync")
	if err != nil {
		t.Fatal(err)
	}
	syncPage, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(syncPage), "API quota left") || strings.Contains(string(syncPage), e2eToken) {
		t.Errorf("/sync does not show the forge's quota (or shows the token)")
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("paved serve did not exit cleanly on SIGTERM: %v\nstderr: %s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("paved serve did not stop within 60 s of SIGTERM")
	}
	if !strings.Contains(output.String(), "Paved stopped cleanly") {
		t.Errorf("no clean-stop line:\n%s", output.String())
	}

	d := testkit.OpenDBAt(t, f.dbPath())
	if !d.Postgres() { // the server keeps its own files whole
		var integrity string
		if err := d.Reader().QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("integrity_check = %q, %v", integrity, err)
		}
	}
	d.Close()
	if _, stderr, code := runCLIAt(t, time.Now, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfgPath); code != 0 {
		t.Fatalf("collect after the stop: %s", stderr)
	}
	got, want := factCounts(t, f.dbPath()), f.org.GroundTruth("github")
	for _, k := range []string{"repos", "runs", "pull_requests", "reviews", "findings", "deployments"} {
		if got[k] != want[k] {
			t.Errorf("%s: %d stored, simulator has %d", k, got[k], want[k])
		}
	}
}

// TestServeRefusesACorruptDatabase: a database file with a page overwritten
// makes serve stop at start with exit 1, naming the file, and without having
// listened.
func TestServeRefusesACorruptDatabase(t *testing.T) {
	testkit.SQLiteOnly(t, "quick_check of a file with a page overwritten")
	f := startSim(t)
	addr := freeAddr(t)
	cfg := f.writeConfig(t, "acme", "listen: "+addr+"\n")
	environ := map[string]string{"GH_TOKEN": e2eToken}
	if _, stderr, code := runCLI(t, environ, "migrate", "--config", cfg); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}
	testkit.CorruptTable(t, f.dbPath(), "runs")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, stderr, code := runCLIContext(t, ctx, func() time.Time { return e2eNow }, environ, "serve", "--config", cfg)
	if ctx.Err() != nil {
		t.Fatal("serve ran on a corrupt database")
	}
	if code != 1 || !strings.Contains(stderr, f.dbPath()) || !strings.Contains(stderr, "corrupt") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q; want 1 and one line naming %s as corrupt", code, stderr, f.dbPath())
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Error("something listens on the dashboard's address")
	}
}
