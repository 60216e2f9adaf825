package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// TestTwoReplicasShareTheJobsAndOneTakesOverFromAKilledOne is the contract's
// replicas rule: two `paved serve` processes share one database (a SQLite file,
// or a Postgres database when the suites run on Postgres) and its job queue.
// Each reaches the simulated forges through a recording proxy of its own, so the
// test sees which replica asks what, when. The replica that runs the first GitHub
// pass is SIGKILLed in the middle of it; the other takes that pass over and
// completes it, and no two passes of a source ever talk to the forge at once. In
// the end the database holds exactly the rows an uninterrupted collection leaves,
// `paved jobs` shows no job stuck running and /api/v1/sync no source failing.
func TestTwoReplicasShareTheJobsAndOneTakesOverFromAKilledOne(t *testing.T) {
	bin := buildPaved(t)
	// Every process stands at one instant, so both databases' rows and scorecards
	// are stamped alike.
	at := e2eNow.Add(time.Minute)
	clocks := clockRange{from: at, to: at}
	rig := newCrashRig(t, bin)
	ref := rig.newDB(t)
	ref.collect(t, at, noKill)
	want := dumpTables(t, ref.dbPath(), clocks)

	database := testkit.Database(t)
	log := newPassLog(t, 40)
	replicas := []*replica{{name: "a"}, {name: "b"}}
	t.Cleanup(func() {
		if t.Failed() {
			for _, r := range replicas {
				t.Log(r.output())
			}
		}
	})
	for _, r := range replicas {
		r.start(t, bin, rig, log, database, at)
	}
	log.mu.Lock()
	log.replicas = replicas
	log.mu.Unlock()

	victim := log.waitKill(t)
	survivor := replicas[0]
	if survivor == victim {
		survivor = replicas[1]
	}
	t.Logf("replica %s was killed in its GitHub pass; replica %s carries on", victim.name, survivor.name)
	// The survivor completes a pass of each source after the kill, and rescores,
	// within replicaWait: it takes the killed pass over when its beats stop. (At
	// the default pass_timeout River's own rescuer would wait over two hours.)
	survivor.waitLines(t, "complete pass of each source after the kill, then its rescoring", func(lines []string) bool {
		after := lines[survivor.linesAtKill:]
		return hasLine(after, "gh: ", " 0 failed") && hasLine(after, "gl: ", " 0 failed") &&
			lastIndex(after, "scored ") > max(lastIndex(after, "gh: "), lastIndex(after, "gl: "))
	})
	t.Logf("replica %s completed a pass of each source %s after the kill", survivor.name, time.Since(log.killedAt).Round(time.Second))
	sync := survivor.getSync(t)
	survivor.stop(t)

	ends := map[string]map[string][]time.Time{}
	for _, r := range replicas {
		r.mu.Lock()
		ends[r.name] = r.passEnds
		r.mu.Unlock()
	}
	if o := log.overlaps(ends); len(o) > 0 {
		t.Errorf("passes of one source talked to the forge from both replicas at once:\n%s", strings.Join(o, "\n"))
	}
	for _, s := range sync.Sources {
		if s.Failing != 0 || s.LastSuccess == nil || s.LastError != "" || s.History != nil && !s.History.Complete {
			t.Errorf("/api/v1/sync: source %s has %d failing resources, last success %v, last error %q, history %+v",
				s.Name, s.Failing, s.LastSuccess, s.LastError, s.History)
		}
	}
	checkJobsAfterTakeover(t, bin, survivor)

	// A replica reaches each forge through its own proxy, so what the forge names
	// by its host (links, a source's base_url) names the proxy's: it reads as the
	// simulator's.
	var hosts []string
	for _, r := range replicas {
		hosts = append(hosts, hostOf(t, r.proxies.github), hostOf(t, rig.github), hostOf(t, r.proxies.gitlab), hostOf(t, rig.gitlab))
	}
	asSimulators := strings.NewReplacer(hosts...)
	got := dumpTables(t, database, clocks)
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
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "jobs", "--config", survivor.cfg, "--json", "--limit", "500").Output()
	if err != nil {
		t.Fatalf("paved jobs: %v", err)
	}
	var rows []jobRow
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("paved jobs --json: %v\n%s", err, out)
	}
	// A replica's id in the queue is hostname-pid.
	pid := fmt.Sprintf("-%d", survivor.cmd.Process.Pid)
	rescued := false
	for _, j := range rows {
		if j.State == "running" {
			t.Errorf("paved jobs: %+v is still running after both replicas stopped", j)
		}
		if j.Kind == "collect" && j.Source == "gh" && j.Attempt >= 2 && j.State == "completed" && strings.HasSuffix(j.Replica, pid) {
			rescued = true
		}
	}
	if !rescued {
		t.Errorf("paved jobs shows no GitHub pass completed by replica %s after a first attempt was lost:\n%s", survivor.name, out)
	}
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
