package db

import (
	"context"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

// versionsOf reads every repo's state as a rescore does, with the index stored
// under key where one matches.
func versionsOf(t *testing.T, d *DB, key string) map[string]RepoState {
	t.Helper()
	out := map[string]RepoState{}
	pick := func(states []RepoState) ([]int, error) {
		for _, s := range states {
			out[s.Repo.FullName] = s
		}
		return nil, nil
	}
	err := d.EachFactsIndexed(context.Background(), 8, key, pick, func(*model.Facts) error {
		t.Fatal("facts read though none were asked for")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A batch marks each repo it writes facts of (an odd facts version); a rescore
// settles them (even) before it reads. Later batches find the mark and write
// nothing; a batch of repo records alone (a re-listed organisation) marks none.
func TestApplyMarksTheFactsVersionOfReposWhoseFactsItWrites(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	apply(t, d, fullBatch())
	check := func(when string, payments, ledger int64) {
		t.Helper()
		v := versionsOf(t, d, "")
		if v["acme/payments"].Version != payments || v["acme/ledger"].Version != ledger {
			t.Errorf("%s: versions %d and %d, want %d and %d", when, v["acme/payments"].Version, v["acme/ledger"].Version, payments, ledger)
		}
	}
	check("after the sample", 1, 1)
	if err := d.SettleFactsVersions(ctx); err != nil {
		t.Fatal(err)
	}
	check("settled", 2, 2)
	b := fullBatch()
	apply(t, d, model.Batch{Source: "gh", Repos: b.Repos, Teams: b.Teams, Cursors: b.Cursors})
	status := func(id int64) model.Batch {
		return model.Batch{Source: "gh", DeploymentStatuses: []model.DeploymentStatus{{RepoForgeID: 101,
			DeploymentForgeID: 600, ForgeID: id, State: "failure", CreatedAt: at(1)}}}
	}
	apply(t, d, status(6003))
	apply(t, d, status(6004))
	check("after two statuses and a repo list", 3, 2)
	if err := d.SettleFactsVersions(ctx); err != nil {
		t.Fatal(err)
	}
	check("settled again", 4, 2)
}

// A stored index is stored only at a settled facts version, and read back only
// under its key and while the repo's facts version is the one it was stored at.
func TestStoredIndexIsReadOnlyAtItsVersionAndKey(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	apply(t, d, fullBatch())
	store := func(pay RepoState) {
		t.Helper()
		w := ScorecardWrite{Scopes: []string{OrgScope}, Key: "k", IndexKey: "cfg",
			Indexes: []RepoIndex{{RepoID: pay.ID, Version: pay.Version, Body: []byte("index")}}}
		if err := d.WriteScorecards(ctx, w, func(ScorecardSink) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	store(versionsOf(t, d, "")["acme/payments"])
	if got := versionsOf(t, d, "cfg")["acme/payments"].Index; got != nil {
		t.Errorf("index stored at an unsettled (odd) version = %q, want none", got)
	}
	if err := d.SettleFactsVersions(ctx); err != nil {
		t.Fatal(err)
	}
	store(versionsOf(t, d, "")["acme/payments"])
	if got := versionsOf(t, d, "cfg")["acme/payments"].Index; string(got) != "index" {
		t.Errorf("index under its key = %q, want %q", got, "index")
	}
	if got := versionsOf(t, d, "other")["acme/payments"].Index; got != nil {
		t.Errorf("index under another key = %q, want none", got)
	}
	if got := versionsOf(t, d, "")["acme/payments"].Index; got != nil {
		t.Errorf("index under no key = %q, want none", got)
	}
	run := fullBatch().Runs[0]
	run.Conclusion = "failure"
	apply(t, d, model.Batch{Source: "gh", Runs: []model.PipelineRun{run}})
	if got := versionsOf(t, d, "cfg")["acme/payments"].Index; got != nil {
		t.Errorf("index after the repo's facts moved = %q, want none", got)
	}
}

// Storing records again as they are stored (a full pass, a page seen twice)
// changes no row and leaves the repo's facts version, so its stored index stays
// in use; one changed field among them marks the repo as any new record does.
func TestApplyOfUnchangedRecordsKeepsTheFactsVersion(t *testing.T) {
	b := fullBatch()
	facts := model.Batch{Source: "gh", Runs: b.Runs, Jobs: b.Jobs, Findings: b.Findings, Analyses: b.Analyses,
		PullRequests: b.PullRequests, Reviews: b.Reviews, Deployments: b.Deployments,
		DeploymentStatuses: b.DeploymentStatuses, Observations: b.Observations}
	// The second pass fills what only a later pass stores (the fixed finding's
	// first time seen closed); from then on the same facts change nothing.
	ctx, d := setUp(t, b, facts)
	if err := d.SettleFactsVersions(ctx); err != nil {
		t.Fatal(err)
	}
	// total_changes counts the rows the writer's one connection has changed; on
	// Postgres a written row gets a new xmin, so the sum of the fact tables' xmin
	// moves with any row written.
	query := `SELECT total_changes()`
	if d.Postgres() {
		var parts []string
		for _, table := range []string{"runs", "jobs", "findings", "analyses", "pull_requests", "reviews", "deployments", "deployment_statuses", "observations"} {
			parts = append(parts, "(SELECT coalesce(sum(xmin::text::bigint), 0) FROM "+table+")")
		}
		query = "SELECT " + strings.Join(parts, " + ")
	}
	changes := func() (n int64) {
		t.Helper()
		if err := d.writer.QueryRow(query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := changes()
	apply(t, d, facts)
	if v := versionsOf(t, d, ""); v["acme/payments"].Version != 2 || v["acme/ledger"].Version != 2 {
		t.Errorf("versions after the same facts again: %d and %d, want 2 and 2", v["acme/payments"].Version, v["acme/ledger"].Version)
	}
	if n := changes() - before; n != 0 {
		t.Errorf("storing the same facts again changed %d rows, want 0", n)
	}
	var conclusion string
	queryRow(t, d, `SELECT conclusion FROM runs WHERE forge_id = 9001`, &conclusion)
	if conclusion != "success" {
		t.Errorf("stored run's conclusion = %q, want it as it was, %q", conclusion, "success")
	}

	pr := b.PullRequests[0]
	pr.Title = "renamed"
	apply(t, d, model.Batch{Source: "gh", Runs: b.Runs, PullRequests: append([]model.PullRequest{pr}, b.PullRequests[1:]...)})
	var title string
	queryRow(t, d, `SELECT title FROM pull_requests WHERE number = 12`, &title)
	if title != "renamed" {
		t.Errorf("title after the change = %q, want %q", title, "renamed")
	}
	if v := versionsOf(t, d, ""); v["acme/payments"].Version != 3 || v["acme/ledger"].Version != 2 {
		t.Errorf("versions after one PR changed: %d and %d, want 3 and 2", v["acme/payments"].Version, v["acme/ledger"].Version)
	}
}
