package githubsrc

import (
	"github.com/google/go-github/v60/github"
)

// runsWithPaths is a page of workflow runs that also keeps each run's
// workflow file path (go-github v60's WorkflowRun has no `path`), which
// definitions need; one decoding reads both.
type runsWithPaths struct {
	Runs []struct {
		github.WorkflowRun
		Path string `json:"path"`
	} `json:"workflow_runs"`
}

// list returns the page's runs and records each workflow's path in paths
// (workflow id → path).
func (p *runsWithPaths) list(paths map[int64]string) []*github.WorkflowRun {
	out := make([]*github.WorkflowRun, len(p.Runs))
	for i := range p.Runs {
		run := &p.Runs[i]
		out[i] = &run.WorkflowRun
		if run.Path != "" {
			paths[run.GetWorkflowID()] = run.Path
		}
	}
	return out
}
