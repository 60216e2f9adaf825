package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// crashClockEnv carries the clock of a test build of paved (clock.go).
const crashClockEnv = "PAVED_TEST_CLOCK_AT"

// crashTrials is how many collections are killed twice each (once in each pass)
// and then run to the end.
const crashTrials = 3

// TestKilledCollectionRerunLeavesTheUninterruptedRows is the contract's crash-resume
// rule: `paved collect` of the GitHub and the GitLab simulator, SIGKILLed at random
// moments and run again, leaves exactly the rows of an uninterrupted collection, in
// every table. The kills fall in the GitHub and in the GitLab pass, timed from
// paved's progress lines; PAVED_CRASH_SEED replays a failure's kill moments.
func TestKilledCollectionRerunLeavesTheUninterruptedRows(t *testing.T) {
	bin := buildPaved(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("PAVED_CRASH_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PAVED_CRASH_SEED: %v", err)
		}
		seed = n
	}
	t.Logf("kill moments from seed %d (PAVED_CRASH_SEED=%d replays them)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	// Killed runs stand at e2eNow plus a second per run; every run to the end at
	// last, so both databases' scorecards are computed at the same instant.
	last := e2eNow.Add(time.Minute)
	clocks := clockRange{from: e2eNow, to: last}

	rig := newCrashRig(t, bin)
	ref := rig.newDB(t)
	refRun := ref.collect(t, last, noKill)
	lines := refRun.lines
	// Sources are collected at once, so GitHub's and GitLab's progress lines (one per
	// repo) interleave; a kill stops whichever passes are still running.
	total := progressBySource(lines)
	if total["gh"] == 0 || total["gl"] == 0 {
		t.Fatalf("the uninterrupted collection printed %d GitHub and %d GitLab progress lines; the test needs both",
			total["gh"], total["gl"])
	}
	lastGitLab := 0 // the GitLab pass, the shorter, ends at this progress line
	for i, l := range lines {
		if strings.HasPrefix(l, "gl: ") {
			lastGitLab = i + 1
		}
	}
	want := dumpTables(t, ref.dbPath(), clocks)

	var kills, inGitHub, inGitLab, inDeepening int // kills that found paved running, and which passes they cut
	enough := func() bool { return inGitHub >= 2 && inGitLab >= 2 && inDeepening >= 1 && kills >= 5 }
	// Should a kill come after paved finished, another trial makes up for it.
	for trial := 0; trial < crashTrials || !enough() && trial < 2*crashTrials; trial++ {
		db := rig.newDB(t)
		// A kill comes a random moment (under 200 ms) after a random progress line, or
		// after the start; three kills a trial, each followed by a rerun. The first falls
		// while GitLab's pass runs (on a fresh database it runs as in the reference), the
		// second anywhere, the third after the last progress line, within the time the
		// reference ran on after it: while GitHub's history deepens, if any is left.
		for n := range 3 {
			k := kill{line: rng.IntN(len(lines) + 1), delay: time.Duration(rng.IntN(200)) * time.Millisecond}
			switch n {
			case 0:
				k.line = rng.IntN(lastGitLab)
			case 2:
				k = kill{line: len(lines), delay: time.Duration(rng.Int64N(int64(max(refRun.tail, time.Millisecond))))}
			}
			got := db.collect(t, e2eNow.Add(time.Duration(trial*3+n)*time.Second), k)
			if got.killed {
				kills++
				seen := progressBySource(got.lines)
				if seen["gh"] < total["gh"] {
					inGitHub++
				}
				if seen["gl"] < total["gl"] {
					inGitLab++
				}
				if got.deepening {
					inDeepening++
				}
			}
			t.Logf("trial %d: kill %s after progress line %d %s", trial, k.delay.Round(time.Millisecond), k.line, describeKill(got))
		}
		db.collect(t, last, noKill)
		compareDumps(t, fmt.Sprintf("trial %d", trial), want, dumpTables(t, db.dbPath(), clocks))
		if t.Failed() {
			return
		}
	}
	if !enough() {
		t.Errorf("%d kills found paved running, %d of them cut the GitHub pass, %d the GitLab pass and %d GitHub's "+
			"deepening history; the test needs at least 5, 2 in each pass and 1 deepening", kills, inGitHub, inGitLab, inDeepening)
	}
}

// progressBySource counts progress lines ("gh: [3/45] …") per source.
func progressBySource(lines []string) map[string]int {
	n := map[string]int{}
	for _, l := range lines {
		if src, _, ok := strings.Cut(l, ": "); ok {
			n[src]++
		}
	}
	return n
}

// kill is when to SIGKILL paved: delay after its line-th progress line (after the
// start for 0).
type kill struct {
	line  int
	delay time.Duration
}

// noKill lets a collection finish.
var noKill = kill{line: -1}

// crashRig runs paved against one pair of simulators, GitHub's and GitLab's, which
// every database of the test collects from: the URLs and ETags they hand out are
// then the same in each. They are served by `paved forge-sim` of the same build,
// on the same clock, so the simulated organisation is the one startSim serves
// and the race detector of this test does not slow them.
type crashRig struct {
	bin string
	forgeSim
}

func newCrashRig(t *testing.T, bin string) *crashRig {
	t.Helper()
	return &crashRig{bin: bin, forgeSim: startForgeSim(t, bin, "small", e2eNow)}
}

// crashDB is one database the rig collects into.
type crashDB struct {
	rig                *crashRig
	cfg, dir, database string
}

// newDB writes the config of a fresh database.
func (r *crashRig) newDB(t *testing.T) *crashDB {
	t.Helper()
	dir, database := t.TempDir(), testkit.Database(t)
	cfg := filepath.Join(dir, "paved.yaml")
	writeRigConfig(t, cfg, database, r.forgeSim, "", "")
	return &crashDB{rig: r, cfg: cfg, dir: dir, database: database}
}

// writeRigConfig writes to path the config of a paved that collects the rig's
// two sources, reached at forges' base URLs, into database; top is added to the
// config's top level (`listen: …`), perSource to each source (`, schedule: …`).
func writeRigConfig(t *testing.T, path, database string, forges forgeSim, top, perSource string) {
	t.Helper()
	body := fmt.Sprintf(`database: %s
%s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: acme%s}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: acme-gl%s}
teams:
  - {name: Payments, github_team: payments, gitlab_group: acme-gl/payments}
`, database, top, forges.github, perSource, forges.gitlab, perSource)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (d *crashDB) dbPath() string { return d.database }

// crashRun is what one `paved collect` of the test did.
type crashRun struct {
	lines  []string // progress lines
	killed bool     // the kill found paved running
	// deepening: it was killed after GitHub's latest windows were stored
	// (the line of their first scorecards), while history deepened.
	deepening bool
	// tail is how long it ran after its last progress line.
	tail time.Duration
}

// windowLine is what collect prints once every GitHub repo's latest window
// is stored, before history deepens.
const windowLine = "gh: every repo's latest window stored"

// collect runs `paved collect` on the clock at, SIGKILLing it as k says unless k
// is noKill, when it must succeed.
func (d *crashDB) collect(t *testing.T, at time.Time, k kill) crashRun {
	var lines []string
	var last time.Time
	t.Helper()
	cmd := exec.Command(d.rig.bin, "collect", "--config", d.cfg)
	cmd.Env = append(os.Environ(), "TOKEN="+e2eToken, crashClockEnv+"="+at.Format(time.RFC3339))
	var stdout testkit.LogBuffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	arm := func() {
		timer := time.AfterFunc(k.delay, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
		t.Cleanup(func() { timer.Stop() })
	}
	if k.line == 0 {
		arm()
	}
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		last = time.Now()
		if len(lines) == k.line {
			arm()
		}
	}
	err = cmd.Wait()
	run := crashRun{lines: lines, tail: time.Since(last)}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() && k != noKill {
		run.killed = true
		run.deepening = strings.Contains(stdout.String(), windowLine)
		return run
	}
	if err != nil {
		t.Fatalf("collect at %s: %v\nstdout: %s\nstderr: %s", at.Format(time.RFC3339), err, stdout.String(), strings.Join(lines, "\n"))
	}
	return run
}

// describeKill says where a killed run had got to, from its last progress line.
func describeKill(run crashRun) string {
	switch {
	case !run.killed:
		return "found the run finished"
	case run.deepening:
		return "after GitHub's latest windows were stored, as its history deepened"
	case len(run.lines) == 0:
		return "before any repo was done"
	}
	return "after " + run.lines[len(run.lines)-1]
}

// compareDumps reports, table by table, the rows only one database has.
func compareDumps(t *testing.T, what string, want, got map[string][]string) {
	t.Helper()
	for table, rows := range want {
		missing, extra := diffLines(rows, got[table])
		if len(missing)+len(extra) == 0 {
			continue
		}
		t.Errorf("%s: %s has %d rows, the uninterrupted collection %d; %d missing, %d extra%s%s",
			what, table, len(got[table]), len(rows), len(missing), len(extra), sample("missing", missing), sample("extra", extra))
	}
}

// sample shows a few of rows.
func sample(what string, rows []string) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 12 {
			fmt.Fprintf(&b, "\n  … %d more %s", len(rows)-12, what)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", what, r)
	}
	return b.String()
}
