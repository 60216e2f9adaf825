package main

import (
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/jobs"
)

func TestPavedJobsShowsEachJobsReplicaStateStartDurationAndCleanError(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	list := []jobs.Job{
		{ID: 4, Kind: "collect", Source: "gh", Replica: "web-1-42", State: "running", Attempt: 1, Start: now.Add(-90 * time.Second)},
		{ID: 3, Kind: "collect", Source: "gl", Replica: "web-2-7", State: "retryable", Attempt: 2,
			Start: now.Add(-time.Hour), End: now.Add(-time.Hour + 2500*time.Millisecond),
			Err: "source \"gl\": forge said \x1b[31mno\x1b[0m\u202e\nbye"},
		{ID: 2, Kind: "digest", Replica: "web-1-42", State: "completed", Attempt: 1, Start: now.Add(-2 * time.Hour), End: now.Add(-2*time.Hour + 40*time.Millisecond)},
		{ID: 1, Kind: "collect", Source: "gh", State: "available"},
	}
	var out strings.Builder
	if err := writeJobTable(&out, jobRows(list, now)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"KIND     SOURCE  REPLICA   STATE      START                 DURATION      ERROR",
		"collect  gh      web-1-42  running    2026-11-23T08:58:30Z  1m30s so far  -",
		`collect  gl      web-2-7   retryable  2026-11-23T08:00:00Z  2.5s          source "gl": forge said [31mno[0m bye`,
		"digest   -       web-1-42  completed  2026-11-23T07:00:00Z  0s            -",
		"collect  gh      -         available  -                     -             -",
	}
	got := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i := range want {
		if strings.TrimRight(got[i], " ") != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

func TestPavedJobsSaysSoWhenTheQueueIsEmpty(t *testing.T) {
	var out strings.Builder
	if err := writeJobTable(&out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "no jobs yet") {
		t.Errorf("an empty queue prints %q", out.String())
	}
}

func TestPavedJobsRefusesALimitBelowOne(t *testing.T) {
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	_, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "jobs", "--config", cfg, "--limit", "0")
	if code != 2 || !strings.Contains(stderr, "--limit") {
		t.Errorf("--limit 0: exit %d, %q; want 2 naming --limit", code, stderr)
	}
}
