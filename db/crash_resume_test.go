package db

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// The keyed writes of a pass: stored again, by a rerun after a crash, they replace
// what is there instead of adding to it.

var crashRepo = model.Repo{Source: "gh", ForgeID: 7, FullName: "acme/api"}

func crashBatch(b model.Batch) model.Batch {
	b.Source, b.Repos = "gh", []model.Repo{crashRepo}
	return b
}

func observation(enabled bool, seen time.Time) model.ScannerObservation {
	return model.ScannerObservation{Source: "gh", RepoForgeID: 7, Feature: "secret_scanning", Enabled: enabled, ObservedAt: seen}
}

func TestAnObservationIsStoredOncePerChange(t *testing.T) {
	d := openTest(t)
	for _, o := range []model.ScannerObservation{
		observation(true, at(30)),
		observation(true, at(20)), // a rerun seeing it on again: no change
		observation(false, at(10)),
		observation(false, at(9)),
		observation(true, at(5)),
		observation(true, at(5)), // the same row again
	} {
		apply(t, d, crashBatch(model.Batch{Observations: []model.ScannerObservation{o}}))
	}
	rows, err := d.reader.Query(`SELECT enabled, CAST(observed_at AS BIGINT) FROM observations ORDER BY observed_at`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []int64
	for rows.Next() {
		var enabled, seen int64
		if err := rows.Scan(&enabled, &seen); err != nil {
			t.Fatal(err)
		}
		got = append(got, enabled, seen)
	}
	want := []int64{1, at(30).Unix(), 0, at(10).Unix(), 1, at(5).Unix()}
	if !slices.Equal(got, want) {
		t.Errorf("observations (enabled, observed_at) = %v, want %v", got, want)
	}
}

func TestAJobIsKeyedByItsForgeID(t *testing.T) {
	d := openTest(t)
	job := model.Job{Source: "gh", RepoForgeID: 7, RunForgeID: 100, ForgeID: 5, Name: "build", Status: "in_progress"}
	apply(t, d, crashBatch(model.Batch{Jobs: []model.Job{job}}))
	job.Status, job.Conclusion = "completed", "success"
	apply(t, d, crashBatch(model.Batch{Jobs: []model.Job{job}}))
	var n int
	var status string
	queryRow(t, d, `SELECT count(*), max(status) FROM jobs`, &n, &status)
	if n != 1 || status != "completed" {
		t.Errorf("%d job rows, status %q; want 1 row, completed", n, status)
	}
}

func groupRun(id int64, fetched bool, cats ...string) model.PipelineRun {
	return model.PipelineRun{Source: "gh", RepoForgeID: 7, ForgeID: id, Status: "completed", Attempt: 1,
		JobsFetched: fetched, ScanCategories: cats, SampleGroup: "9.o.600"}
}

func sampleJob(id int64, cats ...string) model.Job {
	return model.Job{Source: "gh", RepoForgeID: 7, RunForgeID: 1, ForgeID: id, ScanCategories: cats}
}

func runCategories(t *testing.T, d *DB) map[int64]string {
	t.Helper()
	rows, err := d.reader.Query(`SELECT forge_id, scan_categories FROM runs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var cats string
		if err := rows.Scan(&id, &cats); err != nil {
			t.Fatal(err)
		}
		out[id] = cats
	}
	return out
}

func TestARunsCategoriesComeFromItsGroupsStoredSample(t *testing.T) {
	d := openTest(t)
	// Page one: run 1 is the sample, its jobs show sca and secret; run 2 inherits.
	apply(t, d, crashBatch(model.Batch{
		Runs: []model.PipelineRun{groupRun(1, true, "sca", "secret"), groupRun(2, false, "sca", "secret")},
		Jobs: []model.Job{sampleJob(11, "sca"), sampleJob(12, "secret")},
	}))
	// Page two, after a crash lost what the collector had in memory: run 3 comes
	// with no categories, and takes the sample's.
	apply(t, d, crashBatch(model.Batch{Runs: []model.PipelineRun{groupRun(3, false)}}))
	want := map[int64]string{1: "sca,secret", 2: "sca,secret", 3: "sca,secret"}
	if got := runCategories(t, d); !maps.Equal(got, want) {
		t.Errorf("after a resumed page: %v, want %v", got, want)
	}
	// The sample stored again with a job that shows sast: every run of the group follows.
	apply(t, d, crashBatch(model.Batch{
		Runs: []model.PipelineRun{groupRun(1, true, "sast", "sca", "secret")},
		Jobs: []model.Job{sampleJob(13, "sast")},
	}))
	want = map[int64]string{1: "sast,sca,secret", 2: "sast,sca,secret", 3: "sast,sca,secret"}
	if got := runCategories(t, d); !maps.Equal(got, want) {
		t.Errorf("after the sample's jobs changed: %v, want %v", got, want)
	}
	samples, err := d.RunSamples(context.Background(), "gh", 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 1 || samples[0].Group != "9.o.600" || samples[0].RunForgeID != 1 || !samples[0].Complete ||
		!slices.Equal(samples[0].Categories, []string{"sast", "sca", "secret"}) {
		t.Errorf("samples = %+v, want run 1 of group 9.o.600 with sast, sca, secret", samples)
	}
}

// Migration 00005 drops the copies a crash-resumed pass left before it.
func TestMigration5DropsCrashCopies(t *testing.T) {
	ctx, d := setUp(t)
	sqliteOnly(t, d, "Postgres databases start at the crash-resume schema: its 00005 has no copies to drop")
	p := downTo(t, d, 4)
	for _, q := range []string{
		`INSERT INTO repos (id, source, forge_id, full_name) VALUES (1, 'gh', 7, 'acme/api')`,
		`INSERT INTO observations (repo_id, feature, enabled, observed_at) VALUES
			(1, 'secret_scanning', 1, 100), (1, 'secret_scanning', 1, 200), (1, 'secret_scanning', 0, 300),
			(1, 'secret_scanning', 0, 400), (1, 'secret_scanning', 1, 500), (1, 'dependabot', 1, 200)`,
		`INSERT INTO jobs (id, repo_id, forge_id, run_forge_id, name) VALUES (1, 1, 5, 100, 'old'), (2, 1, 5, 101, 'new'), (3, 1, 6, 100, 'other')`,
	} {
		if _, err := d.writer.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	var obs, jobs string
	queryRow(t, d, `SELECT group_concat(feature || ':' || enabled || '@' || observed_at, ' ') FROM
		(SELECT * FROM observations ORDER BY feature, observed_at)`, &obs)
	queryRow(t, d, `SELECT group_concat(forge_id || ':' || name, ' ') FROM (SELECT * FROM jobs ORDER BY forge_id)`, &jobs)
	if want := "dependabot:1@200 secret_scanning:1@100 secret_scanning:0@300 secret_scanning:1@500"; obs != want {
		t.Errorf("observations = %q, want %q", obs, want)
	}
	if want := "5:new 6:other"; jobs != want {
		t.Errorf("jobs = %q, want %q", jobs, want)
	}
}
