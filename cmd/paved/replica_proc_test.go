package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// replicaWait bounds every wait of the replicas test for something a replica
// prints: generous, for a loaded machine and the race detector.
const replicaWait = 8 * time.Minute

// replica is one `paved serve` process with its own proxies to the simulators.
type replica struct {
	name      string
	cfg, addr string
	proxies   forgeSim // the simulators' base URLs through this replica's proxies
	cmd       *exec.Cmd
	stderr    *testkit.LogBuffer

	mu          sync.Mutex
	lines       []string
	linesAtKill int
	// passEnds are when the replica printed each source's summary line, the end
	// of a pass of that source, as the test read them.
	passEnds map[string][]time.Time
	exited   chan struct{} // closed when its stdout closes: the process is gone
}

// start runs the replica on database, on the test clock at, collecting each
// source every 2 s through its proxies, and waits for its dashboard.
func (r *replica) start(t *testing.T, bin string, rig *crashRig, log *passLog, database string, at time.Time) {
	t.Helper()
	r.proxies = forgeSim{github: log.proxy(t, r, "gh", rig.github), gitlab: log.proxy(t, r, "gl", rig.gitlab)}
	r.addr = freeAddr(t)
	r.cfg = filepath.Join(t.TempDir(), "paved.yaml")
	writeRigConfig(t, r.cfg, database, r.proxies, "listen: "+r.addr, `, schedule: "@every 2s"`)
	r.cmd = exec.Command(bin, "serve", "--config", r.cfg)
	r.cmd.Env = append(os.Environ(), "TOKEN="+e2eToken, crashClockEnv+"="+at.Format(time.RFC3339))
	r.passEnds, r.exited = map[string][]time.Time{}, make(chan struct{})
	stdout, stderr := startCmd(t, r.cmd)
	r.stderr = stderr
	go func() {
		defer close(r.exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			r.mu.Lock()
			r.lines = append(r.lines, sc.Text())
			if src, ok := summarySource(sc.Text()); ok {
				r.passEnds[src] = append(r.passEnds[src], time.Now())
			}
			r.mu.Unlock()
		}
	}()
	r.waitLines(t, "its dashboard", func(lines []string) bool { return slicesIndex(lines, "Paved is serving on") >= 0 })
}

// summarySource is the source of a pass's summary line ("gh: 45 repos synced, …",
// or "gh: source failed: …; before it stopped: 3 repos synced, …").
func summarySource(line string) (string, bool) {
	src, rest, ok := strings.Cut(line, ": ")
	return src, ok && strings.Contains(rest, " repos synced, ")
}

// waitLines waits, under replicaWait, until the replica's stdout lines satisfy
// cond, and fails saying what it waited for.
func (r *replica) waitLines(t *testing.T, what string, cond func([]string) bool) {
	t.Helper()
	deadline := time.Now().Add(replicaWait)
	for {
		r.mu.Lock()
		ok := cond(r.lines)
		r.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica %s printed no %s within %s", r.name, what, replicaWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// output is what the replica printed, for a failure's report.
func (r *replica) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return fmt.Sprintf("replica %s stdout:\n%s\nreplica %s stderr:\n%s", r.name, strings.Join(r.lines, "\n"), r.name, r.stderr.String())
}

// stop sends SIGTERM and waits, under a bound, for a clean exit.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("replica %s: SIGTERM: %v", r.name, err)
	}
	done := make(chan error, 1)
	go func() { <-r.exited; done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("replica %s did not stop cleanly on SIGTERM: %v", r.name, err)
		}
	case <-time.After(2 * shutdownTimeout):
		t.Fatalf("replica %s had not stopped %s after SIGTERM", r.name, 2*shutdownTimeout)
	}
}

// getSync reads the replica's /api/v1/sync.
func (r *replica) getSync(t *testing.T) syncAnswer {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+r.addr+"/api/v1/sync", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("replica %s: /api/v1/sync: %v", r.name, err)
	}
	defer resp.Body.Close()
	var s syncAnswer
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("replica %s: /api/v1/sync: %v", r.name, err)
	}
	return s
}

// syncAnswer is what the test reads of /api/v1/sync.
type syncAnswer struct {
	Sources []struct {
		Name        string     `json:"name"`
		LastSuccess *time.Time `json:"last_success"`
		LastError   string     `json:"last_error"`
		Failing     int        `json:"failing"`
		History     *struct {
			Complete bool `json:"complete"`
		} `json:"history"`
	} `json:"sources"`
}
