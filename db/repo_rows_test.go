package db

import (
	"testing"

	"github.com/paved-dev/paved/model"
)

// Consecutive records of one repo are stored by one statement (ten on SQLite,
// all of them on Postgres, splitting at a repeated key); what that
// stores is what storing them one by one stores: every record, the later of two
// copies of one key, and a facts mark for a repo only where its rows changed.
func TestManyRowUpsertsStoreWhatOneByOneStores(t *testing.T) {
	ctx, d := setUp(t, model.Batch{Source: "gh", Repos: fullBatch().Repos})
	run := func(repo, id int64, conclusion string) model.PipelineRun {
		return model.PipelineRun{RepoForgeID: repo, ForgeID: id, Name: "CI", Status: "completed", Conclusion: conclusion, CreatedAt: at(1)}
	}
	var first, ledger, second []model.PipelineRun
	for id := int64(1); id <= 9; id++ {
		first = append(first, run(101, id, "success"))
	}
	first = append(first, run(101, 1, "failure")) // a copy of run 1 in the same ten
	for id := int64(21); id <= 25; id++ {
		ledger = append(ledger, run(102, id, "success")) // fewer than ten: one by one
	}
	for id := int64(11); id <= 20; id++ {
		second = append(second, run(101, id, "success"))
	}
	var jobs []model.Job
	for id := int64(50); id < 60; id++ {
		jobs = append(jobs, model.Job{RepoForgeID: 101, RunForgeID: 11, ForgeID: id, Name: "test"})
	}
	apply(t, d, model.Batch{Source: "gh", Runs: append(append(append([]model.PipelineRun{}, first...), ledger...), second...), Jobs: jobs})

	var payments, ledgerRuns, jobRows int64
	var conclusion string
	queryRow(t, d, `SELECT count(*) FROM runs WHERE repo_id = (SELECT id FROM repos WHERE forge_id = 101)`, &payments)
	queryRow(t, d, `SELECT count(*) FROM runs WHERE repo_id = (SELECT id FROM repos WHERE forge_id = 102)`, &ledgerRuns)
	queryRow(t, d, `SELECT count(*) FROM jobs`, &jobRows)
	queryRow(t, d, `SELECT conclusion FROM runs WHERE forge_id = 1`, &conclusion)
	if payments != 19 || ledgerRuns != 5 || jobRows != 10 || conclusion != "failure" {
		t.Errorf("stored %d runs of payments, %d of ledger, %d jobs, run 1 %s; want 19, 5, 10, failure",
			payments, ledgerRuns, jobRows, conclusion)
	}

	if err := d.SettleFactsVersions(ctx); err != nil {
		t.Fatal(err)
	}
	second[4].Conclusion = "cancelled" // run 15
	apply(t, d, model.Batch{Source: "gh", Runs: append(append([]model.PipelineRun{}, ledger...), second...), Jobs: jobs})
	queryRow(t, d, `SELECT conclusion FROM runs WHERE forge_id = 15`, &conclusion)
	if conclusion != "cancelled" {
		t.Errorf("run 15 after the change: %s, want cancelled", conclusion)
	}
	if v := versionsOf(t, d, ""); v["acme/payments"].Version != 3 || v["acme/ledger"].Version != 2 {
		t.Errorf("versions after one of ten payments runs changed: %d and %d, want 3 and 2",
			v["acme/payments"].Version, v["acme/ledger"].Version)
	}
}
