package jobs

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// openQueue opens and migrates the queue of a fresh database (a SQLite file, or
// a Postgres database when the suites run on Postgres), and returns it and the
// database's name.
func openQueue(t *testing.T) (*Queue, string) {
	t.Helper()
	database := testkit.Database(t)
	return openQueueAt(t, database), database
}

// openQueueAt opens and migrates the queue of database, closed when the test ends.
func openQueueAt(t *testing.T, database string) *Queue {
	t.Helper()
	q, err := Open(context.Background(), database, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Close() })
	if _, err := q.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return q
}

// start runs w on q as replica id until the test ends.
func start(t *testing.T, q *Queue, id string, w Work) *Runner {
	t.Helper()
	return startLive(t, q, id, Liveness{}, w)
}

// startLive is start with live's beats and takeovers.
func startLive(t *testing.T, q *Queue, id string, live Liveness, w Work) *Runner {
	t.Helper()
	var logs testkit.LogBuffer
	r, err := q.Start(context.Background(), w, Options{
		Replica: id, Logger: slog.New(slog.NewTextHandler(&logs, nil)), SoftStop: time.Second, Liveness: live,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop: %v\nRiver's log:\n%s", err, logs.String())
		}
	})
	return r
}

// waitFor polls cond under a generous bound: River's own timers drive the jobs.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// passes counts the passes of each source, and how many ran at once at most.
type passes struct {
	mu           sync.Mutex
	runs         map[string]int
	running, max int
}

func newPasses() *passes { return &passes{runs: map[string]int{}} }

// begin records a pass of source starting; end its end.
func (p *passes) begin(source string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runs[source]++
	p.running++
	p.max = max(p.max, p.running)
}

func (p *passes) end() { p.mu.Lock(); p.running--; p.mu.Unlock() }

func (p *passes) of(source string) int { p.mu.Lock(); defer p.mu.Unlock(); return p.runs[source] }

func (p *passes) maxAtOnce() int { p.mu.Lock(); defer p.mu.Unlock(); return p.max }

// list lists q's jobs, failing the test on error.
func list(t *testing.T, q *Queue, limit int) []Job {
	t.Helper()
	jobs, err := q.List(context.Background(), limit)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}
