package db

import (
	"encoding/json"
	"fmt"

	"github.com/paved-dev/paved/model"
)

// bumpFactsVersions moves the facts version of every repo whose facts the batch
// writes, in the batch's transaction: a rescore reuses a repo's stored scoring
// index only while its facts version is the one the index was built at. A repo
// record alone does not move it (a rescore checks the repo's own fields against
// the index), so re-listing an organisation's repos costs no rescore its indexes.
func (a *applier) bumpFactsVersions(b model.Batch) error {
	ids := map[int64]bool{}
	mark := func(source string, forgeID int64) {
		if id, ok := a.repoIDs[repoKey{a.sourceOf(source), forgeID}]; ok {
			ids[id] = true
		}
	}
	for _, r := range b.Runs {
		mark(r.Source, r.RepoForgeID)
	}
	for _, j := range b.Jobs { // a sample's jobs rewrite its group's scan categories
		mark(j.Source, j.RepoForgeID)
	}
	for _, f := range b.Findings {
		mark(f.Source, f.RepoForgeID)
	}
	for _, an := range b.Analyses {
		mark(an.Source, an.RepoForgeID)
	}
	for _, p := range b.PullRequests {
		mark(p.Source, p.RepoForgeID)
	}
	for _, r := range b.Reviews {
		mark(r.Source, r.RepoForgeID)
	}
	for _, d := range b.Deployments {
		mark(d.Source, d.RepoForgeID)
	}
	for _, s := range b.DeploymentStatuses {
		mark(s.Source, s.RepoForgeID)
	}
	for _, o := range b.Observations {
		mark(o.Source, o.RepoForgeID)
	}
	if len(ids) == 0 {
		return nil
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	arg, err := json.Marshal(list)
	if err != nil {
		return fmt.Errorf("facts versions: %w", err)
	}
	if _, err := a.tx.ExecContext(a.ctx, `UPDATE repos SET facts_version = facts_version + 1 WHERE id IN (SELECT value FROM json_each(?))`, string(arg)); err != nil {
		return fmt.Errorf("facts versions: %w", err)
	}
	return nil
}
