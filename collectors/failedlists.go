package collectors

import (
	"errors"
	"sync"
)

// failedLists are the lists that failed in the pass, per repo; "" stands for
// the whole repo (timed out, or not reached). Their history is left for the
// next pass, so that a failure is met once per pass, not once per round.
// Workers read it while failures are added.
type failedLists struct {
	mu    *sync.Mutex
	lists map[string]map[string]bool
}

func newFailedLists() failedLists {
	return failedLists{mu: &sync.Mutex{}, lists: map[string]map[string]bool{}}
}

func (f failedLists) add(repo string, fl RepoFailure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lists[repo] == nil {
		f.lists[repo] = map[string]bool{}
	}
	resource := fl.Resource
	if errors.Is(fl.Err, ErrTimedOut) {
		resource = ""
	}
	f.lists[repo][resource] = true
}

// has reports whether repo's resource ("": the repo as a whole) failed.
func (f failedLists) has(repo, resource string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists[repo][resource]
}

// without is steps less the lists that failed for repo in this pass.
func (f failedLists) without(repo string, steps []Step) []Step {
	if f.has(repo, "") {
		return nil
	}
	var out []Step
	for _, st := range steps {
		if !f.has(repo, st.Resource) {
			out = append(out, st)
		}
	}
	return out
}
