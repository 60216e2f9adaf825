package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// TestTwoReplicasShareTheJobsAndOneTakesOverFromAKilledOne is the contract's
// replicas rule on one SQLite file: two `paved serve` processes share one database
// and its job queue. Each reaches the simulated forges through a recording proxy
// of its own, so the test sees which replica asks what. The replica that runs the
// first GitHub pass is SIGKILLed in the middle of it; the other rescues that pass
// and completes it, and no two passes of a source ever run at once. In the end the
// database holds exactly the rows an uninterrupted collection leaves, `paved jobs`
// shows no job stuck running and /api/v1/sync no source failing.
func TestTwoReplicasShareTheJobsAndOneTakesOverFromAKilledOne(t *testing.T) {
	// Not yet stable: on a fresh clone it once waited 13 minutes in its proxy for
	// the killed replica's requests to end. It runs when asked for until then.
	if os.Getenv("PAVED_TEST_REPLICAS") != "1" {
		t.Skip("set PAVED_TEST_REPLICAS=1: the two-replica test is not yet stable (issue 15)")
	}
	bin := buildPaved(t)
	// Every process stands at one instant, so both databases' rows and scorecards
	// are stamped alike.
	at := e2eNow.Add(time.Minute)
	clocks := clockRange{from: at, to: at}
	rig := newCrashRig(t, bin)
	ref := rig.newDB(t)
	ref.collect(t, at, noKill)
	want := dumpTables(t, ref.dbPath(), clocks)

	dir := t.TempDir()
	dbPath := filepath.Join(dir, "paved.db")
	rec := newPassLog(40)
	replicas := []*replica{{name: "a"}, {name: "b"}}
	for _, r := range replicas {
		r.start(t, bin, rig, rec, dbPath, at)
	}
	rec.mu.Lock()
	rec.replicas = replicas
	rec.mu.Unlock()

	victim := rec.waitKill(t)
	survivor := replicas[0]
	if survivor == victim {
		survivor = replicas[1]
	}
	t.Logf("replica %s was killed in its GitHub pass; replica %s carries on", victim.name, survivor.name)
	// The survivor completes a pass of each source after the kill, and rescores.
	survivor.waitLines(t, "a complete pass of each source after the kill", func(lines []string) bool {
		after := lines[survivor.linesAtKill:]
		return hasLine(after, "gh: ", " 0 failed") && hasLine(after, "gl: ", " 0 failed") &&
			lastIndex(after, "scored ") > max(lastIndex(after, "gh: "), lastIndex(after, "gl: "))
	})
	sync := survivor.getSync(t)
	survivor.mu.Lock()
	t.Logf("replica %s printed:\n%s\nstderr:\n%s", survivor.name, strings.Join(survivor.lines, "\n"), survivor.stderr.String())
	survivor.mu.Unlock()

	if err := survivor.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := survivor.cmd.Wait(); err != nil {
		t.Fatalf("the survivor did not stop cleanly on SIGTERM: %v\nstderr: %s", err, survivor.stderr.String())
	}

	if o := rec.overlaps(); len(o) > 0 {
		t.Errorf("passes of one source ran on both replicas at once:\n%s", strings.Join(o, "\n"))
	}
	for _, s := range sync.Sources {
		if s.Failing != 0 || s.LastSuccess == nil {
			t.Errorf("/api/v1/sync: source %s has %d failing resources, last success %v", s.Name, s.Failing, s.LastSuccess)
		}
	}
	checkJobsAfterTakeover(t, bin, survivor)

	// A replica reaches each forge through its own proxy, so what the forge names
	// by its host (links, a source's base_url) names the proxy's: it reads as the
	// simulator's.
	var hosts []string
	for _, r := range replicas {
		hosts = append(hosts, hostOf(t, r.proxies["gh"]), hostOf(t, rig.github), hostOf(t, r.proxies["gl"]), hostOf(t, rig.gitlab))
	}
	asSimulators := strings.NewReplacer(hosts...)
	got := dumpTables(t, dbPath, clocks)
	for _, rows := range got {
		for i, row := range rows {
			rows[i] = asSimulators.Replace(row)
		}
		slices.Sort(rows)
	}
	compareDumps(t, "after the takeover", want, got)
}

func hostOf(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Host
}

// checkJobsAfterTakeover: `paved jobs --json` lists no job running, and the
// killed GitHub pass completed on the survivor at its second attempt or later.
func checkJobsAfterTakeover(t *testing.T, bin string, survivor *replica) {
	t.Helper()
	out, err := exec.Command(bin, "jobs", "--config", survivor.cfg, "--json", "--limit", "500").Output()
	if err != nil {
		t.Fatalf("paved jobs: %v", err)
	}
	var rows []jobRow
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("paved jobs --json: %v\n%s", err, out)
	}
	rescued := false
	for _, j := range rows {
		if j.State == "running" {
			t.Errorf("paved jobs: %+v is still running after both replicas stopped", j)
		}
		if j.Kind == "collect" && j.Source == "gh" && j.Attempt >= 2 && j.State == "completed" && j.Replica != "" {
			rescued = true
		}
	}
	if !rescued {
		t.Errorf("paved jobs shows no GitHub pass completed after a first attempt was lost:\n%s", out)
	}
}

// replica is one `paved serve` process with its own proxies to the simulators.
type replica struct {
	name        string
	cfg, addr   string
	proxies     map[string]string // source → base_url through the proxy
	cmd         *exec.Cmd
	stderr      *testkit.LogBuffer
	mu          sync.Mutex
	lines       []string
	linesAtKill int
}

func (r *replica) start(t *testing.T, bin string, rig *crashRig, rec *passLog, dbPath string, at time.Time) {
	t.Helper()
	r.proxies = map[string]string{"gh": rec.proxy(t, r, "gh", rig.github), "gl": rec.proxy(t, r, "gl", rig.gitlab)}
	r.addr = freeAddr(t)
	r.cfg = filepath.Join(t.TempDir(), "paved.yaml")
	body := fmt.Sprintf(`database: %s
listen: %s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: acme, schedule: "@every 2s", pass_timeout: 20s}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: acme-gl, schedule: "@every 2s", pass_timeout: 20s}
teams:
  - {name: Payments, github_team: payments, gitlab_group: acme-gl/payments}
`, dbPath, r.addr, r.proxies["gh"], r.proxies["gl"])
	if err := os.WriteFile(r.cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command(bin, "serve", "--config", r.cfg)
	r.cmd.Env = append(os.Environ(), "TOKEN="+e2eToken, crashClockEnv+"="+at.Format(time.RFC3339))
	var stdout io.ReadCloser
	stdout, r.stderr = startCmd(t, r.cmd)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			r.mu.Lock()
			r.lines = append(r.lines, sc.Text())
			r.mu.Unlock()
		}
	}()
	r.waitLines(t, "the dashboard", func(lines []string) bool { return slicesIndex(lines, "Paved is serving on") >= 0 })
}

// waitLines waits, under a generous bound, until the replica's stdout lines
// satisfy cond.
func (r *replica) waitLines(t *testing.T, what string, cond func([]string) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		r.mu.Lock()
		ok := cond(r.lines)
		r.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Fatalf("replica %s: no %s within 5 minutes\nstdout:\n%s\nstderr:\n%s", r.name, what, strings.Join(r.lines, "\n"), r.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// getSync reads the replica's /api/v1/sync.
func (r *replica) getSync(t *testing.T) syncAnswer {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + "/api/v1/sync")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s syncAnswer
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("/api/v1/sync: %v", err)
	}
	return s
}

// syncAnswer is what the test reads of /api/v1/sync.
type syncAnswer struct {
	Sources []struct {
		Name        string     `json:"name"`
		LastSuccess *time.Time `json:"last_success"`
		Failing     int        `json:"failing"`
	} `json:"sources"`
}

// passLog records, through every replica's proxies, which replica has requests of
// which source in flight, and SIGKILLs the first replica to send its killAt-th
// GitHub request, before answering it: that replica dies in the middle of a pass.
type passLog struct {
	killAt int

	mu       sync.Mutex
	replicas []*replica
	inFlight map[[2]string]int // (source, replica) → requests in flight
	ghSent   map[string]int
	overlap  []string
	victim   *replica
	killed   chan struct{}
}

func newPassLog(killAt int) *passLog {
	return &passLog{killAt: killAt, inFlight: map[[2]string]int{}, ghSent: map[string]int{}, killed: make(chan struct{})}
}

// proxy serves a recording reverse proxy of upstream (a simulator's base URL) for
// replica r's source, and returns the base URL to configure instead.
func (l *passLog) proxy(t *testing.T, r *replica, source, upstream string) string {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	// The simulator builds links from the Host asked for: the proxy's, which is
	// the host of the source's base_url, so the links are kept as the forge's own.
	// Its own connections, as many as a pass opens, kept while idle.
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(transport.CloseIdleConnections)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !l.begin(source, r) {
			// Nothing more reaches the killed replica, not even an error its
			// other goroutines could store in the instant before it dies.
			<-req.Context().Done()
			return
		}
		defer l.end(source, r)
		forward(w, req, transport, target)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}

// forward asks target what req asks and answers with the whole answer. The
// simulator builds links from the Host asked for: the proxy's, the host of the
// source's base_url, so the links are kept as the forge's own. An answer cut on
// the way (the test's own connections, not the replica's) is asked again, so the
// replica sees only what the simulator answers.
func forward(w http.ResponseWriter, req *http.Request, transport http.RoundTripper, target *url.URL) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	for attempt := 0; ; attempt++ {
		out := req.Clone(context.WithoutCancel(req.Context()))
		out.RequestURI, out.URL.Scheme, out.URL.Host = "", target.Scheme, target.Host
		out.Body = io.NopCloser(bytes.NewReader(body))
		resp, err := transport.RoundTrip(out)
		var answer []byte
		if err == nil {
			answer, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err != nil {
			if attempt < 3 {
				continue
			}
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		maps.Copy(w.Header(), resp.Header)
		w.Header().Del("Content-Length")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
		return
	}
}

// begin notes a request of source from r; false when r is killed and must get
// no answer.
func (l *passLog) begin(source string, r *replica) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r == l.victim {
		return false
	}
	for k, n := range l.inFlight {
		if k[0] == source && k[1] != r.name && n > 0 {
			l.overlap = append(l.overlap, fmt.Sprintf("%s: replica %s asked while %d requests of replica %s were in flight", source, r.name, n, k[1]))
		}
	}
	if source == "gh" && l.victim == nil && l.replicas != nil {
		l.ghSent[r.name]++
		if l.ghSent[r.name] == l.killAt {
			_ = r.cmd.Process.Signal(syscall.SIGKILL)
			for _, o := range l.replicas {
				o.mu.Lock()
				o.linesAtKill = len(o.lines)
				o.mu.Unlock()
			}
			l.victim = r
			close(l.killed)
			return false
		}
	}
	l.inFlight[[2]string{source, r.name}]++
	return true
}

func (l *passLog) end(source string, r *replica) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight[[2]string{source, r.name}]--
}

func (l *passLog) waitKill(t *testing.T) *replica {
	t.Helper()
	select {
	case <-l.killed:
	case <-time.After(5 * time.Minute):
		t.Fatal("no replica sent GitHub requests within 5 minutes")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.victim
}

func (l *passLog) overlaps() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.overlap
}

func hasLine(lines []string, prefix, contains string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) && strings.Contains(l, contains) {
			return true
		}
	}
	return false
}

// slicesIndex is the index of the first line with prefix, -1 if none.
func slicesIndex(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	return -1
}

// lastIndex is the index of the last line with prefix, -1 if none.
func lastIndex(lines []string, prefix string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], prefix) {
			return i
		}
	}
	return -1
}
