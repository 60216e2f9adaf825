package testkit

import (
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
)

// RepoTimes notes when each repo of a pass was done, counted from when it
// was made; its Progress is the pass's RunOptions.Progress. A test with a
// hung repo bounds the pass by when the healthy repos were done, measured in
// the same pass, not by a figure that depends on the machine.
type RepoTimes struct {
	start time.Time
	mu    sync.Mutex
	done  map[string]time.Duration
}

// NewRepoTimes starts the clock.
func NewRepoTimes() *RepoTimes {
	return &RepoTimes{start: time.Now(), done: map[string]time.Duration{}}
}

// Progress notes ev's repo as done now.
func (r *RepoTimes) Progress(ev collectors.Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done[ev.Repo] = time.Since(r.start)
}

// Of is when repo was done, and whether it was.
func (r *RepoTimes) Of(repo string) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.done[repo]
	return d, ok
}

// LastExcept is when the last repo other than repo was done.
func (r *RepoTimes) LastExcept(repo string) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	var last time.Duration
	for name, d := range r.done {
		if name != repo {
			last = max(last, d)
		}
	}
	return last
}

// CheckHungRepo checks the times of a pass that took wall, in which repo hung
// until its repo_timeout cut it: it was done no sooner than timeout, and the
// pass ended within timeout + 10% + the time the healthy repos took.
func (r *RepoTimes) CheckHungRepo(tb testing.TB, repo string, timeout, wall time.Duration) {
	tb.Helper()
	at, ok := r.Of(repo)
	if !ok || at < timeout {
		tb.Errorf("the hung repo %s was done after %s (reported %v), before its repo_timeout of %s", repo, at, ok, timeout)
	}
	healthy := r.LastExcept(repo)
	bound := timeout*11/10 + healthy
	tb.Logf("pass took %s: hung repo cut at %s, healthy repos done at %s, bound %s", wall, at, healthy, bound)
	if wall >= bound {
		tb.Errorf("the pass took %s, more than repo_timeout %s + 10%% + the healthy repos' %s", wall, timeout, healthy)
	}
}

// DeadlineFor is a deadline that no healthy repo reaches on this machine as
// loaded as it is now: twice the time a healthy pass took (measured just
// before), in whole seconds, at least 2s.
func DeadlineFor(healthyPass time.Duration) time.Duration {
	return max(2*time.Second, (2 * healthyPass).Round(time.Second))
}
