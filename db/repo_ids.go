package db

import (
	"fmt"
	"sync"

	"github.com/paved-dev/paved/model"
)

const repoIDSQL = `SELECT id FROM repos WHERE source = ? AND forge_id = ?`

// committedRepoIDs are the ids of repos that committed batches stored or
// found. No statement deletes a repo, so a repo's id, once committed, is its id
// for good, in every process sharing the database.
type committedRepoIDs struct {
	mu  sync.Mutex
	ids map[repoKey]int64
}

func (c *committedRepoIDs) get(k repoKey) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[k]
	return id, ok
}

// add remembers the ids a batch used, once it has committed.
func (c *committedRepoIDs) add(ids map[repoKey]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = make(map[repoKey]int64, len(ids))
	}
	for k, id := range ids {
		c.ids[k] = id
	}
}

// resolveRepos finds the stored id of every repo the batch's records refer
// to that the batch does not store itself: remembered from an earlier batch,
// or else looked up, all in one round trip. The records' statements then need
// no answer from the store before they are sent, and a page of a known repo
// costs Postgres one round trip in all. A repo not stored stays unknown, and
// the first record of it fails the batch (repoID).
func (a *applier) resolveRepos(b model.Batch) error {
	asked := make(map[repoKey]bool, len(b.Repos)+1)
	for _, r := range b.Repos {
		asked[repoKey{a.sourceOf(r.Source), r.ForgeID}] = true
	}
	var err error
	referred, lookedUp := false, false
	need := func(source string, forgeID int64) {
		referred = true
		k := repoKey{a.sourceOf(source), forgeID}
		if _, ok := a.repoIDs[k]; ok || asked[k] || err != nil {
			return
		}
		if id, ok := a.committed.get(k); ok {
			a.remember(k, id)
			return
		}
		asked[k] = true
		lookedUp = true
		err = a.w.do(op{stmt: a.st.repoID, args: []any{k.source, k.forgeID}, row: a.rememberID(k),
			fail: func(err error) error { return fmt.Errorf("look up repo %s/%d: %w", k.source, k.forgeID, err) },
		})
	}
	for _, t := range b.Teams {
		for _, id := range t.RepoForgeIDs {
			need(t.Source, id)
		}
	}
	reposOf(runRows, b.Runs, need)
	reposOf(jobRows, b.Jobs, need)
	reposOf(findingRows, b.Findings, need)
	reposOf(analysisRows, b.Analyses, need)
	reposOf(pullRequestRows, b.PullRequests, need)
	reposOf(reviewRows, b.Reviews, need)
	reposOf(deploymentRows, b.Deployments, need)
	reposOf(deploymentStatusRows, b.DeploymentStatuses, need)
	for _, o := range b.Observations {
		need(o.Source, o.RepoForgeID)
	}
	// The ids of the batch's own repos arrive when their upserts are sent,
	// which must be before any record of them is built.
	if err != nil {
		return err
	}
	if lookedUp || referred && len(b.Repos) > 0 {
		return a.w.flush()
	}
	return nil
}

// rememberID reads the stored id of the repo k from a statement's row.
func (a *applier) rememberID(k repoKey) func(scan func(...any) error) error {
	return func(scan func(...any) error) error {
		var id int64
		if err := scan(&id); err != nil {
			return err
		}
		a.remember(k, id)
		return nil
	}
}

func reposOf[T any](kind repoRows[T], recs []T, need func(source string, forgeID int64)) {
	for i := range recs {
		need(kind.repo(&recs[i]))
	}
}
