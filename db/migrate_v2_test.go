package db

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// A database written before migration 00003 (times in whole unix seconds, no
// v2 columns) reads back the same after it, and a closed finding stored then
// keeps its close time on later passes that give none.
func TestMigration3KeepsRowsStoredBefore(t *testing.T) {
	created, closed := at(40).Unix(), at(20).Unix()
	d := migratedUp(t, func(d *DB) {
		downTo(t, d, 2)
		for _, q := range []string{
			`INSERT INTO sources (name, kind) VALUES ('gl', 'gitlab')`,
			`INSERT INTO repos (id, source, forge_id, full_name) VALUES (1, 'gl', 7, 'acme/api')`,
			`INSERT INTO runs (repo_id, forge_id, name, status, created_at, started_at, completed_at) VALUES (1, 11, 'ci', 'completed', ?1, ?1 + 60, ?1 + 600)`,
			`INSERT INTO pull_requests (repo_id, number, forge_id, created_at) VALUES (1, 3, 21, ?1)`,
			`INSERT INTO findings (repo_id, kind, forge_id, severity, outcome, created_at, resolved_at) VALUES (1, 'gitlab_vulnerability', '9', 'high', 'fixed', ?1, ?2)`,
		} {
			if _, err := d.writer.Exec(q, created, closed); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	})
	if v, err := d.SchemaVersion(context.Background()); err != nil || v < 3 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	r := repoFacts(t, d, "acme/api")
	run := r.Runs[0]
	if !run.CreatedAt.Equal(time.Unix(created, 0)) || !run.StartedAt.Equal(time.Unix(created+60, 0)) ||
		!run.CompletedAt.Equal(time.Unix(created+600, 0)) || run.Duration != 0 || run.Name != "ci" {
		t.Errorf("run = %+v", run)
	}
	if pr := r.PRs[0]; pr.ReadyTimes != nil || !pr.CreatedAt.Equal(time.Unix(created, 0)) {
		t.Errorf("pr = %+v", pr)
	}
	if f := r.Findings[0]; !f.ResolvedAt.Equal(time.Unix(closed, 0)) {
		t.Errorf("finding = %+v", f)
	}
	// A pass that sees it still fixed, with no close time, keeps the stored one.
	apply(t, d, model.Batch{Findings: []model.Finding{{Source: "gl", RepoForgeID: 7, Kind: "gitlab_vulnerability", ForgeID: "9",
		Severity: "high", Outcome: model.OutcomeFixed, CreatedAt: time.Unix(created, 0), SeenAt: testNow}}})
	if f := repoFacts(t, d, "acme/api").Findings[0]; !f.ResolvedAt.Equal(time.Unix(closed, 0)) {
		t.Errorf("after a pass: resolved at %v, want %v", f.ResolvedAt, time.Unix(closed, 0))
	}
}
