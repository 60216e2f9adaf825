package rescore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/benchdb"
	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// BenchmarkRescoreIncremental times, on a copy of the large organisation, an
// incremental rescore after a pass that changed 1% of the repos (a new default-
// branch run each, and a production deployment of weeks ago that a later status
// turns into a failure), against a full rescore of the same facts at
// the same instant, with the organisation's own teams and with 2,000 teams spread
// over its repos. Goal: incremental ≤ 15% of full.
func BenchmarkRescoreIncremental(b *testing.B) {
	requireLarge(b)
	ctx := context.Background()
	d, err := db.Open(ctx, benchdb.Copy(b), db.WithNow(func() time.Time { return benchdb.Now }))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	org := benchdb.Org()
	sets := []struct {
		name  string
		teams []scoring.TeamSpec
	}{{"org_teams", benchdb.Teams(org)}, {"2000_teams", benchdb.SpreadTeams(org, 2000)}}
	b.ResetTimer()
	for range b.N {
		for s, set := range sets {
			opts := rescore.Options{Teams: set.teams, Config: scoring.DefaultConfig(), AsOf: benchdb.Now.Add(time.Duration(s) * time.Hour), Full: true}
			if _, err := rescore.Run(ctx, d, opts); err != nil {
				b.Fatal(err)
			}
			opts.AsOf = opts.AsOf.Add(30 * time.Minute)
			if err := d.Apply(ctx, onePercentPass(b, d.Reader(), opts.AsOf.Add(-10*time.Minute), s)); err != nil {
				b.Fatal(err)
			}
			opts.Full = false
			t0 := time.Now()
			inc, err := rescore.Run(ctx, d, opts)
			if err != nil {
				b.Fatal(err)
			}
			tInc := time.Since(t0).Seconds()
			opts.Full = true
			t0 = time.Now()
			if _, err := rescore.Run(ctx, d, opts); err != nil {
				b.Fatal(err)
			}
			tFull := time.Since(t0).Seconds()
			b.ReportMetric(tInc, "incremental_s_"+set.name)
			b.ReportMetric(tFull, "full_s_"+set.name)
			b.ReportMetric(tInc/tFull, "incremental/full_"+set.name)
			b.ReportMetric(float64(inc.Scorecards)/float64(inc.Scorecards+inc.Kept), "recomputed_share_"+set.name)
		}
	}
}

// onePercentPass is what a collection pass that changed 1% of the repos stores: a
// new default-branch run per repo at at, and a later failure status for a
// production deployment 30 to 60 days old. Archived repos and forks count
// nowhere, so the changed repos are among the others. round keeps forge ids apart
// between passes.
func onePercentPass(b *testing.B, r *sql.DB, at time.Time, round int) model.Batch {
	b.Helper()
	var repos int
	if err := r.QueryRow(`SELECT count(*) FROM repos`).Scan(&repos); err != nil {
		b.Fatal(err)
	}
	rows, err := r.Query(`SELECT forge_id, default_branch FROM repos WHERE archived = 0 AND fork = 0 ORDER BY forge_id LIMIT ?`, max(1, repos/100))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	batch := model.Batch{Source: "gh"}
	for i := 0; rows.Next(); i++ {
		var id int64
		var branch string
		if err := rows.Scan(&id, &branch); err != nil {
			b.Fatal(err)
		}
		batch.Runs = append(batch.Runs, model.PipelineRun{Source: "gh", RepoForgeID: id, ForgeID: int64(9_000_000_000 + round*1000 + i),
			Name: "CI", HeadBranch: branch, HeadSHA: fmt.Sprintf("bench%d-%d", round, i), Event: "push", Status: "completed",
			Conclusion: "success", Attempt: 1, CreatedAt: at, StartedAt: at, UpdatedAt: at.Add(5 * time.Minute), CompletedAt: at.Add(5 * time.Minute)})
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	var dep model.Deployment
	var created float64 // unix seconds, with milliseconds when the forge gave them
	err = r.QueryRow(`SELECT p.forge_id, d.forge_id, d.environment, d.environment_tier, d.ref, d.sha, d.created_at
FROM deployments d JOIN repos p ON p.id = d.repo_id
WHERE p.archived = 0 AND p.fork = 0 AND d.status = 'success' AND d.environment = 'production' AND d.created_at BETWEEN ? AND ?
ORDER BY p.forge_id, d.forge_id LIMIT 1`, at.AddDate(0, 0, -60).Unix(), at.AddDate(0, 0, -30).Unix()).
		Scan(&dep.RepoForgeID, &dep.ForgeID, &dep.Environment, &dep.EnvironmentTier, &dep.Ref, &dep.SHA, &created)
	if err != nil {
		b.Fatalf("a production deployment 30 to 60 days old: %v", err)
	}
	dep.Source, dep.CreatedAt, dep.Status, dep.StatusAt = "gh", time.UnixMilli(int64(math.Round(created*1000))), "failure", at
	batch.Deployments = []model.Deployment{dep}
	batch.DeploymentStatuses = []model.DeploymentStatus{{Source: "gh", RepoForgeID: dep.RepoForgeID,
		DeploymentForgeID: dep.ForgeID, ForgeID: int64(9_000_000_000 + round), State: "failure", CreatedAt: at}}
	return batch
}
