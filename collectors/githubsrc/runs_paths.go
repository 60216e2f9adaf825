package githubsrc

import (
	"encoding/json"

	"github.com/google/go-github/v60/github"
)

// runsWithPaths is a page of workflow runs that also keeps each workflow's file
// path (go-github v60's WorkflowRun has no `path`), which definitions need.
type runsWithPaths struct {
	github.WorkflowRuns
	paths map[int64]string // workflow id → path, filled as pages are read
}

func (p *runsWithPaths) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &p.WorkflowRuns); err != nil {
		return err
	}
	var extra struct {
		Runs []struct {
			WorkflowID int64  `json:"workflow_id"`
			Path       string `json:"path"`
		} `json:"workflow_runs"`
	}
	if err := json.Unmarshal(b, &extra); err != nil {
		return err
	}
	for _, r := range extra.Runs {
		if r.Path != "" {
			p.paths[r.WorkflowID] = r.Path
		}
	}
	return nil
}
