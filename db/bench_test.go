package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// Benchmark shape: pages of 100 records as a collector hands them over, mostly runs
// with their jobs and some PRs, each page for one repo and carrying its cursor.
const (
	benchRepos        = 50
	benchBatches      = 1000
	benchRunsPerBatch = 80
	benchJobsPerBatch = 15
	benchPRsPerBatch  = 5
	benchRounds       = 5
)

// BenchmarkIngest measures Apply against a raw baseline: plain prepared INSERTs of
// the same rows, in transactions of the same size, into index-free tables of the
// same columns, with no upsert and no repo lookup. Each round fills a fresh database
// of each kind, alternating between them every few batches so that other load on the
// machine falls on both alike; the medians over rounds are reported.
func BenchmarkIngest(b *testing.B) {
	repos, batches := benchData()
	records := benchRecords(batches)
	var applyRates, rawRates, ratios, cpuRatios []float64
	round := func() (apply, raw benchTimes) {
		d := openBench(b, testkit.Database(b), repos)
		defer d.Close()
		rs := openRaw(b)
		defer rs.close()
		t := alternate(b, batches, 1, benchApply(b, d), rs.insert)
		return t[0], t[1]
	}
	for b.Loop() {
		round() // warms caches and the heap; not counted
		for range benchRounds {
			apply, raw := round()
			a, w := float64(records)/apply.wall.Seconds(), float64(records)/raw.wall.Seconds()
			applyRates, rawRates, ratios = append(applyRates, a), append(rawRates, w), append(ratios, a/w)
			cpuRatios = append(cpuRatios, raw.cpu.Seconds()/apply.cpu.Seconds())
		}
	}
	apply, raw, ratio := testkit.Median(applyRates), testkit.Median(rawRates), testkit.Median(ratios)
	b.ReportMetric(apply, "apply_records/s")
	b.ReportMetric(raw, "raw_records/s")
	b.ReportMetric(ratio, "ingest_ratio")
	// The same ratio from process CPU time, which other work on a shared machine
	// disturbs less than wall time; it leaves out time spent waiting on the disk.
	b.ReportMetric(testkit.Median(cpuRatios), "ingest_ratio_cpu")
	b.ReportMetric(0, "ns/op") // one op is the whole set of rounds; its time says nothing
	b.Logf("%d records per round in %d batches; median apply %.0f/s, raw %.0f/s, ratio %.2f, cpu ratio %.2f (apply %v, raw %v)",
		records, len(batches), apply, raw, ratio, testkit.Median(cpuRatios), rounded(applyRates), rounded(rawRates))
}

// BenchmarkIngestStores measures issue 15's acceptance: the same pages stored
// through Apply into a fresh SQLite file and a fresh Postgres database in the same
// round, alternating between them every few batches; postgres_over_sqlite is the
// median over rounds of Postgres's time over SQLite's (the goal: at most 2). One
// page at a time: what one page costs each store.
func BenchmarkIngestStores(b *testing.B) { ingestStores(b, 1) }

// BenchmarkIngestWorkersStores is BenchmarkIngestStores with the pages handed
// over as a collection hands them: by benchWorkers repos at once (a source's
// default concurrency), each repo's pages in order. SQLite stores them in turn
// on its one writer; Postgres side by side (db.postgresWriters).
func BenchmarkIngestWorkersStores(b *testing.B) { ingestStores(b, benchWorkers) }

// benchWorkers is a source's default concurrency (collectors.Collector).
const benchWorkers = 4

func ingestStores(b *testing.B, workers int) {
	testkit.RequirePostgres(b)
	repos, batches := benchData()
	records := benchRecords(batches)
	var sqliteSecs, postgresSecs, ratios []float64
	round := func() (sqlite, postgres benchTimes) {
		stores := testkit.BothStores(b)
		s := openBench(b, stores[0].Database, repos)
		defer s.Close()
		p := openBench(b, stores[1].Database, repos)
		defer p.Close()
		t := alternate(b, batches, workers, benchApply(b, s), benchApply(b, p))
		return t[0], t[1]
	}
	for b.Loop() {
		round() // warms caches and the heap; not counted
		for range benchRounds {
			s, p := round()
			sqliteSecs = append(sqliteSecs, s.wall.Seconds())
			postgresSecs = append(postgresSecs, p.wall.Seconds())
			ratios = append(ratios, p.wall.Seconds()/s.wall.Seconds())
		}
	}
	// Reported as each store's median time and the median of the rounds'
	// ratios, which pairs each round's two stores under the same load.
	testkit.ReportStores(b, "ingest_s", map[string]float64{
		testkit.SQLite: testkit.Median(sqliteSecs), testkit.Postgres: testkit.Median(postgresSecs)})
	b.ReportMetric(testkit.Median(ratios), "ingest_round_postgres/sqlite")
	b.ReportMetric(0, "ns/op") // one op is the whole set of rounds; its time says nothing
	b.Logf("%d records per round in %d batches by %d workers; median sqlite %.0f/s, postgres %.0f/s, postgres/sqlite time %.2f per round (%.2f)",
		records, len(batches), workers, float64(records)/testkit.Median(sqliteSecs), float64(records)/testkit.Median(postgresSecs),
		testkit.Median(ratios), ratios)
}

func benchRecords(batches []model.Batch) int {
	var n int
	for _, bt := range batches {
		n += bt.Len()
	}
	return n
}

// openBench opens a fresh store at database holding repos.
func openBench(b *testing.B, database string, repos []model.Repo) *db.DB {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, database)
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Apply(ctx, model.Batch{Source: "gh", Repos: repos}); err != nil {
		_ = d.Close()
		b.Fatal(err)
	}
	return d
}

// benchApply stores a page through Apply, under a cancellable context as
// collectors pass.
func benchApply(b *testing.B, d *db.DB) func(model.Batch) error {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	return func(bt model.Batch) error { return d.Apply(ctx, bt) }
}

// benchChunk is how many batches run on one side before switching to the other.
const benchChunk = 25

type benchTimes struct{ wall, cpu time.Duration }

// alternate stores every batch once on each side, benchChunk batches at a time
// on one side and then on the next, and returns the time each side took. The
// batches of a chunk are of different repos (benchData); workers store them,
// that many at once.
func alternate(b *testing.B, batches []model.Batch, workers int, sides ...func(model.Batch) error) []benchTimes {
	b.Helper()
	t := make([]benchTimes, len(sides))
	for i := 0; i < len(batches); i += benchChunk {
		chunk := batches[i:min(i+benchChunk, len(batches))]
		for s, store := range sides {
			start, cpu := time.Now(), processCPU()
			if err := storeChunk(chunk, workers, store); err != nil {
				b.Fatal(err)
			}
			t[s].wall += time.Since(start)
			t[s].cpu += processCPU() - cpu
		}
	}
	return t
}

func storeChunk(chunk []model.Batch, workers int, store func(model.Batch) error) error {
	var g errgroup.Group
	g.SetLimit(workers)
	for _, bt := range chunk {
		g.Go(func() error { return store(bt) })
	}
	return g.Wait()
}

const rawSchema = `
CREATE TABLE runs (repo_id INTEGER, forge_id INTEGER, name TEXT, head_branch TEXT, head_sha TEXT, event TEXT,
    status TEXT, conclusion TEXT, attempt INTEGER, created_at INTEGER, started_at INTEGER, updated_at INTEGER,
    completed_at INTEGER, pr_numbers TEXT, scan_categories TEXT, jobs_fetched INTEGER);
CREATE TABLE jobs (repo_id INTEGER, forge_id INTEGER, run_forge_id INTEGER, name TEXT, steps TEXT, report_types TEXT,
    status TEXT, conclusion TEXT, started_at INTEGER, completed_at INTEGER, scan_categories TEXT);
CREATE TABLE pull_requests (repo_id INTEGER, number INTEGER, forge_id INTEGER, title TEXT, author TEXT,
    author_is_bot INTEGER, state TEXT, draft INTEGER, base_branch TEXT, head_sha TEXT, created_at INTEGER,
    updated_at INTEGER, ready_at INTEGER, merged_at INTEGER, closed_at INTEGER);`

// postgresTypes turns rawSchema's columns into the types the store's Postgres
// schema gives them: times that may carry milliseconds, 64-bit integers.
var postgresTypes = strings.NewReplacer("_at INTEGER", "_at DOUBLE PRECISION", "INTEGER", "BIGINT")

type rawStore struct {
	db                    *sql.DB
	insRun, insJob, insPR *sql.Stmt
}

func openRaw(b *testing.B) *rawStore {
	b.Helper()
	ctx := context.Background()
	database := testkit.Database(b)
	conn, err := db.OpenRaw(database)
	if err != nil {
		b.Fatal(err)
	}
	conn.SetMaxOpenConns(1)
	schema := rawSchema
	if db.IsPostgres(database) {
		schema = postgresTypes.Replace(rawSchema)
	}
	if _, err := conn.ExecContext(ctx, schema); err != nil {
		b.Fatal(err)
	}
	prepare := func(q string) *sql.Stmt {
		s, err := conn.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	return &rawStore{
		db:     conn,
		insRun: prepare(`INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		insJob: prepare(`INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		insPR:  prepare(`INSERT INTO pull_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
	}
}

func (s *rawStore) close() { _ = s.db.Close() }

// insert is the baseline: what storing a page costs with nothing but INSERTs.
func (s *rawStore) insert(bt model.Batch) error {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	runs, jobs, prs := tx.StmtContext(ctx, s.insRun), tx.StmtContext(ctx, s.insJob), tx.StmtContext(ctx, s.insPR)
	for _, r := range bt.Runs {
		if _, err := runs.ExecContext(ctx, r.RepoForgeID, r.ForgeID, r.Name, r.HeadBranch, r.HeadSHA, r.Event,
			r.Status, r.Conclusion, r.Attempt, db.UnixOrNil(r.CreatedAt), db.UnixOrNil(r.StartedAt), db.UnixOrNil(r.UpdatedAt),
			db.UnixOrNil(r.CompletedAt), db.JoinInts(r.PullRequestNumbers), strings.Join(r.ScanCategories, ","), db.BoolInt(r.JobsFetched)); err != nil {
			return err
		}
	}
	for _, j := range bt.Jobs {
		if _, err := jobs.ExecContext(ctx, j.RepoForgeID, j.ForgeID, j.RunForgeID, j.Name, strings.Join(j.Steps, "\n"),
			strings.Join(j.ReportTypes, ","), j.Status, j.Conclusion, db.UnixOrNil(j.StartedAt), db.UnixOrNil(j.CompletedAt),
			strings.Join(j.ScanCategories, ",")); err != nil {
			return err
		}
	}
	for _, p := range bt.PullRequests {
		if _, err := prs.ExecContext(ctx, p.RepoForgeID, p.Number, p.ForgeID, p.Title, p.Author, db.BoolInt(p.AuthorIsBot),
			p.State, db.BoolInt(p.Draft), p.BaseBranch, p.HeadSHA, db.UnixOrNil(p.CreatedAt), db.UnixOrNil(p.UpdatedAt),
			db.UnixOrNil(p.ReadyAt), db.UnixOrNil(p.MergedAt), db.UnixOrNil(p.ClosedAt)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// benchData builds deterministic, forge-like pages.
func benchData() ([]model.Repo, []model.Batch) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sha := func() string { return fmt.Sprintf("%016x%016x%08x", rng.Uint64(), rng.Uint64(), rng.Uint32()) }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }

	repos := make([]model.Repo, benchRepos)
	for i := range repos {
		repos[i] = model.Repo{Source: "gh", ForgeID: int64(1000 + i), FullName: fmt.Sprintf("acme/service-%03d", i),
			DefaultBranch: "main", CreatedAt: base.AddDate(-1, 0, 0), UpdatedAt: base}
	}
	batches := make([]model.Batch, benchBatches)
	var runID, jobID int64 = 5_000_000_000, 9_000_000_000
	prNumber := make([]int, benchRepos)
	clock, prClock := make([]time.Time, benchRepos), make([]time.Time, benchRepos)
	for i := range clock {
		clock[i], prClock[i] = base, base
	}
	for i := range batches {
		repoIdx := i % benchRepos
		repo := repos[repoIdx]
		bt := model.Batch{Source: "gh"}
		for range benchRunsPerBatch {
			runID++
			// Forges page runs newest first, so each repo's runs arrive in
			// descending creation order, a few minutes to hours apart.
			clock[repoIdx] = clock[repoIdx].Add(-time.Duration(1+rng.IntN(4*3600)) * time.Second)
			created := clock[repoIdx]
			run := model.PipelineRun{Source: "gh", RepoForgeID: repo.ForgeID, ForgeID: runID,
				Name: pick("CI", "Build and test", "CodeQL", "Release"), HeadBranch: pick("main", "main", "feature/login", "renovate/deps"),
				HeadSHA: sha(), Event: pick("push", "pull_request", "schedule"), Status: "completed",
				Conclusion: pick("success", "success", "success", "failure", "cancelled"), Attempt: 1 + rng.IntN(2),
				CreatedAt: created, StartedAt: created.Add(10 * time.Second), UpdatedAt: created.Add(9 * time.Minute),
				CompletedAt: created.Add(9 * time.Minute), JobsFetched: true}
			if run.Event == "pull_request" {
				run.PullRequestNumbers = []int{1 + rng.IntN(500)}
			}
			if run.Name == "CodeQL" {
				run.ScanCategories = []string{"sast"}
			}
			bt.Runs = append(bt.Runs, run)
		}
		for k := range benchJobsPerBatch {
			jobID++
			run := bt.Runs[k]
			bt.Jobs = append(bt.Jobs, model.Job{Source: "gh", RepoForgeID: repo.ForgeID, RunForgeID: run.ForgeID, ForgeID: jobID,
				Name: pick("build", "test", "lint", "codeql"), Steps: []string{"Set up job", "Checkout", "Run make test", "Post Checkout"},
				Status: "completed", Conclusion: run.Conclusion, StartedAt: run.StartedAt, CompletedAt: run.CompletedAt})
		}
		for range benchPRsPerBatch {
			n := repoIdx
			prNumber[n]++
			prClock[repoIdx] = prClock[repoIdx].Add(-time.Duration(1+rng.IntN(24*3600)) * time.Second)
			created := prClock[repoIdx]
			bt.PullRequests = append(bt.PullRequests, model.PullRequest{Source: "gh", RepoForgeID: repo.ForgeID,
				ForgeID: int64(i*100 + prNumber[n]), Number: prNumber[n], Title: "Fix flaky login redirect when session expires",
				Author: pick("ana", "bo", "renovate[bot]"), State: pick("merged", "merged", "open", "closed"), BaseBranch: "main",
				HeadSHA: sha(), CreatedAt: created, UpdatedAt: created.Add(5 * time.Hour), MergedAt: created.Add(5 * time.Hour)})
		}
		bt.Cursors = []model.Cursor{{Source: "gh", Repo: repo.FullName, Resource: model.ResourceRuns,
			Watermark: base, LastSuccess: base, Items: int64(i)}}
		batches[i] = bt
	}
	return repos, batches
}

func rounded(xs []float64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x)
	}
	return out
}
