package db

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

func repoFacts(t *testing.T, d *DB, name string) *model.RepoFacts {
	t.Helper()
	f, err := d.LoadFacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Repos {
		if f.Repos[i].FullName == name {
			return &f.Repos[i]
		}
	}
	t.Fatalf("%s not loaded", name)
	return nil
}

// The v2 facts: run name, start and forge duration, PR ready times and every
// deployment status, all to the millisecond.
func TestLoadFactsV2FieldsToTheMillisecond(t *testing.T) {
	d := openTest(t)
	ms := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	repo := model.Repo{Source: "gl", ForgeID: 7, FullName: "acme/api", DefaultBranch: "main"}
	b := model.Batch{
		Repos: []model.Repo{repo},
		Runs: []model.PipelineRun{{
			Source: "gl", RepoForgeID: 7, ForgeID: 11, Name: "CodeQL", HeadBranch: "main", Status: "completed",
			Conclusion: "success", Attempt: 2,
			CreatedAt: ms("2026-02-01T10:00:00.125Z"), StartedAt: ms("2026-02-01T10:00:30.5Z"),
			UpdatedAt: ms("2026-02-01T10:06:00.001Z"), CompletedAt: ms("2026-02-01T10:06:00.001Z"),
			Duration: 312 * time.Second,
		}},
		PullRequests: []model.PullRequest{{
			Source: "gl", RepoForgeID: 7, ForgeID: 21, Number: 3, State: "merged",
			CreatedAt:  ms("2026-02-01T09:00:00.999Z"),
			ReadyAt:    ms("2026-02-04T09:00:00.010Z"),
			ReadyTimes: []time.Time{ms("2026-02-02T09:00:00.020Z"), ms("2026-02-04T09:00:00.010Z")},
			MergedAt:   ms("2026-02-05T09:00:00Z"),
		}},
		Deployments: []model.Deployment{{
			Source: "gl", RepoForgeID: 7, ForgeID: 31, Environment: "production",
			CreatedAt: ms("2026-02-03T09:00:00Z"), Status: "inactive", StatusAt: ms("2026-02-06T09:00:00Z"),
		}},
		DeploymentStatuses: []model.DeploymentStatus{
			{Source: "gl", RepoForgeID: 7, DeploymentForgeID: 31, ForgeID: 43, State: "inactive", CreatedAt: ms("2026-02-06T09:00:00Z")},
			{Source: "gl", RepoForgeID: 7, DeploymentForgeID: 31, ForgeID: 41, State: "in_progress", CreatedAt: ms("2026-02-03T09:00:01.5Z")},
			{Source: "gl", RepoForgeID: 7, DeploymentForgeID: 31, ForgeID: 42, State: "success", CreatedAt: ms("2026-02-03T09:04:00.25Z")},
		},
	}
	apply(t, d, b)
	r := repoFacts(t, d, "acme/api")
	run := r.Runs[0]
	if run.Name != "CodeQL" || !run.CreatedAt.Equal(ms("2026-02-01T10:00:00.125Z")) ||
		!run.StartedAt.Equal(ms("2026-02-01T10:00:30.5Z")) || !run.CompletedAt.Equal(ms("2026-02-01T10:06:00.001Z")) ||
		run.Duration != 312*time.Second || run.Attempt != 2 {
		t.Errorf("run: %+v", run)
	}
	pr := r.PRs[0]
	want := []time.Time{ms("2026-02-02T09:00:00.020Z"), ms("2026-02-04T09:00:00.010Z")}
	if !reflect.DeepEqual(pr.ReadyTimes, want) || !pr.CreatedAt.Equal(ms("2026-02-01T09:00:00.999Z")) ||
		!pr.ReadyAt.Equal(want[1]) {
		t.Errorf("pr: %+v", pr)
	}
	dep := r.Deployments[0]
	wantSt := []model.DeploymentStatusFact{
		{State: "in_progress", CreatedAt: ms("2026-02-03T09:00:01.5Z")},
		{State: "success", CreatedAt: ms("2026-02-03T09:04:00.25Z")},
		{State: "inactive", CreatedAt: ms("2026-02-06T09:00:00Z")},
	}
	if !reflect.DeepEqual(dep.Statuses, wantSt) || dep.Status != "inactive" {
		t.Errorf("deployment statuses: %+v", dep)
	}
	// A time stored with milliseconds still compares with a whole unix second in SQL.
	var n int
	if err := d.reader.QueryRow(`SELECT count(*) FROM runs WHERE created_at > ? AND created_at < ?`,
		ms("2026-02-01T10:00:00Z").Unix(), ms("2026-02-01T10:00:01Z").Unix()).Scan(&n); err != nil || n != 1 {
		t.Errorf("ms time between whole seconds: n=%d err=%v", n, err)
	}
}

// A closed finding whose forge gives no close time is closed from when Paved first
// saw it closed; later passes keep that time; a reopening clears it.
func TestFindingClosedWithoutTimeKeepsFirstSeen(t *testing.T) {
	d := openTest(t)
	repo := model.Repo{Source: "gl", ForgeID: 7, FullName: "acme/api"}
	created := at(40)
	f := model.Finding{Source: "gl", RepoForgeID: 7, Kind: "gitlab_vulnerability", ForgeID: "9", Category: "sast",
		Severity: "high", Outcome: model.OutcomeOpen, State: "detected", CreatedAt: created, SeenAt: at(30)}
	apply(t, d, model.Batch{Repos: []model.Repo{repo}, Findings: []model.Finding{f}})
	resolved := func() time.Time {
		t.Helper()
		return repoFacts(t, d, "acme/api").Findings[0].ResolvedAt
	}
	if got := resolved(); !got.IsZero() {
		t.Fatalf("open finding resolved at %v", got)
	}
	first := at(20).Add(1500 * time.Millisecond)
	f.Outcome, f.State, f.SeenAt = model.OutcomeFixed, "resolved", first
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	if got := resolved(); !got.Equal(first) {
		t.Fatalf("first seen closed: got %v want %v", got, first)
	}
	f.SeenAt = at(10)
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	if got := resolved(); !got.Equal(first) {
		t.Fatalf("a later pass moved the close time: got %v want %v", got, first)
	}
	// The forge's own time wins when it gives one.
	forge := at(25)
	f.ResolvedAt = forge
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	if got := resolved(); !got.Equal(forge) {
		t.Fatalf("forge time: got %v want %v", got, forge)
	}
	// Reopened, then closed again without a time: the new first-seen time.
	f.ResolvedAt, f.Outcome, f.SeenAt = time.Time{}, model.OutcomeOpen, at(5)
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	if got := resolved(); !got.IsZero() {
		t.Fatalf("reopened finding resolved at %v", got)
	}
	f.Outcome, f.SeenAt = model.OutcomeFixed, at(3)
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	f.SeenAt = at(1)
	apply(t, d, model.Batch{Findings: []model.Finding{f}})
	if got := resolved(); !got.Equal(at(3)) {
		t.Fatalf("closed again: got %v want %v", got, at(3))
	}
}
